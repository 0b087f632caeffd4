import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, type JSX, Show } from 'solid-js';
import { problemOf } from '../api.core';
import { Field, FormMessage, focusFieldAtFault } from '../components/Field';
import { SoloPage } from '../components/Layout';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { useConsole } from '../state';

/** Where to go after signing in: a path of the console only, never another site. */
function safeNext(next: string | string[] | undefined): string {
  const path = Array.isArray(next) ? next[0] : next;
  return path && /^\/[\w\-/]*$/.test(path) && !path.startsWith('//') && !path.startsWith('/sign-in') ? path : '/';
}

export default function SignIn(): JSX.Element {
  const state = useConsole();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [code, setCode] = createSignal('');
  const [needsCode, setNeedsCode] = createSignal(false);
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = createSignal(false);
  let codeInput: HTMLInputElement | undefined;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await state.signIn({ email: email().trim(), password: password(), ...(needsCode() ? { totp: code().trim() } : {}) });
      navigate(safeNext(params.next), { replace: true });
    } catch (err) {
      const problem = problemOf(err);
      if (problem.code === 'second_factor_required' && !needsCode()) {
        setNeedsCode(true);
        queueMicrotask(() => codeInput?.focus());
      } else {
        const errors = formErrors(problem, ['email', 'password', 'totp']);
        setErrors(errors);
        focusFieldAtFault(errors, ['email', 'password', 'totp']);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <SoloPage title={needsCode() ? 'Enter your code' : 'Sign in'}>
        <form onSubmit={submit} novalidate class="form">
          <Show
            when={needsCode()}
            fallback={
              <>
                <Field label="E-mail" name="email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} error={errors().fields.email} />
                <Field label="Password" name="password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} error={errors().fields.password} />
              </>
            }
          >
            <p class="muted">Your account asks for a second factor: the six-digit code your authenticator app shows for Floorwalker.</p>
            <Field
              ref={codeInput}
              label="Six-digit code"
              name="totp"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9]{6}"
              maxlength="6"
              required
              value={code()}
              onInput={(e) => setCode(e.currentTarget.value)}
              error={errors().fields.totp}
            />
          </Show>
          <FormMessage message={errors().form} />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? 'Signing in…' : needsCode() ? 'Verify and sign in' : 'Sign in'}
            </button>
            <Show when={needsCode()} fallback={<A href="/forgot-password">Forgot your password?</A>}>
              <button
                type="button"
                class="link"
                onClick={() => {
                  setNeedsCode(false);
                  setCode('');
                  setErrors(NO_ERRORS);
                }}
              >
                Use another account
              </button>
            </Show>
          </div>
        </form>
    </SoloPage>
  );
}
