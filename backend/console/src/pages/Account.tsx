import { createSignal, type JSX, Show } from 'solid-js';
import type { ConsoleMe, TotpSetup } from '../../../../shared/console';
import { problemOf } from '../api.core';
import { Field, FormMessage } from '../components/Field';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { ACCOUNT, useConsole } from '../state';

function ChangePassword(): JSX.Element {
  const state = useConsole();
  const [current, setCurrent] = createSignal('');
  const [next, setNext] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [done, setDone] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setDone(false);
    try {
      await state.api.send('POST', ACCOUNT.password, { current: current(), next: next() });
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setErrors(formErrors(problemOf(err), ['current', 'next']));
    }
  };
  return (
    <form class="card form" onSubmit={submit} novalidate>
      <h2>Password</h2>
      <Field label="Current password" name="current" type="password" autocomplete="current-password" required value={current()} onInput={(e) => setCurrent(e.currentTarget.value)} error={errors().fields.current} />
      <Field label="New password" name="next" type="password" autocomplete="new-password" hint="At least 10 characters." required value={next()} onInput={(e) => setNext(e.currentTarget.value)} error={errors().fields.next} />
      <FormMessage message={errors().form} />
      <div class="actions">
        <button type="submit" class="primary">
          Change the password
        </button>
        <Show when={done()}>
          <span role="status" class="saved">
            Changed; your other sessions are signed out.
          </span>
        </Show>
      </div>
    </form>
  );
}

function SecondFactor(): JSX.Element {
  const state = useConsole();
  const [setup, setSetup] = createSignal<TotpSetup | null>(null);
  const [code, setCode] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const enabled = () => state.me()?.user.totpEnabled ?? false;
  const refreshMe = async () => state.setMe(await state.api.get<ConsoleMe>(ACCOUNT.me));
  const start = async () => {
    setErrors(NO_ERRORS);
    try {
      setSetup(await state.api.send<TotpSetup>('POST', ACCOUNT.totp));
    } catch (err) {
      setErrors(formErrors(problemOf(err), []));
    }
  };
  const confirm = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    try {
      await state.api.send('POST', ACCOUNT.totpConfirm, { code: code().trim() });
      setSetup(null);
      setCode('');
      await refreshMe();
    } catch (err) {
      setErrors(formErrors(problemOf(err), ['code']));
    }
  };
  const disable = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    try {
      await state.api.send('POST', ACCOUNT.totpDisable, { password: password() });
      setPassword('');
      await refreshMe();
    } catch (err) {
      setErrors(formErrors(problemOf(err), ['password']));
    }
  };
  return (
    <section class="card form" aria-labelledby="totp-title">
      <h2 id="totp-title">Second factor</h2>
      <Show
        when={enabled()}
        fallback={
          <Show
            when={setup()}
            fallback={
              <>
                <p class="muted">With a second factor, signing in asks for the six-digit code of an authenticator app as well as your password.</p>
                <FormMessage message={errors().form} />
                <div class="actions">
                  <button type="button" class="primary" onClick={start}>
                    Set up a second factor
                  </button>
                </div>
              </>
            }
          >
            {(s) => (
              <form onSubmit={confirm} novalidate class="form">
                <p>In your authenticator app, add an account with this key (or open the link on the device that has the app):</p>
                <p>
                  <span class="muted small">Key</span>
                  <code class="secret">{s().secret}</code>
                </p>
                <p>
                  <span class="muted small">Link</span>
                  <code class="secret">{s().uri}</code>
                </p>
                <Field label="The code the app shows" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required value={code()} onInput={(e) => setCode(e.currentTarget.value)} error={errors().fields.code} />
                <FormMessage message={errors().form} />
                <div class="actions">
                  <button type="submit" class="primary">
                    Turn it on
                  </button>
                  <button type="button" class="link" onClick={() => setSetup(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            )}
          </Show>
        }
      >
        <form onSubmit={disable} novalidate class="form">
          <p>
            <span class="tag">On</span> Signing in asks for your authenticator app's code.
          </p>
          <Field label="Password, to turn it off" name="password" type="password" autocomplete="current-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} error={errors().fields.password} />
          <FormMessage message={errors().form} />
          <button type="submit" class="danger">
            Turn the second factor off
          </button>
        </form>
      </Show>
    </section>
  );
}

/** My account: who I am, my password, my second factor. */
export default function Account(): JSX.Element {
  const state = useConsole();
  return (
    <section class="page-section narrow">
      <h1>My account</h1>
      <p class="lead">
        {state.me()?.user.name} · {state.me()?.user.email}
      </p>
      <ChangePassword />
      <SecondFactor />
    </section>
  );
}
