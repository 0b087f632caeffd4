import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, type JSX, Show } from 'solid-js';
import type { SignedIn } from '../../../../shared/associates';
import { problemOf } from '../api.core';
import { Field, FormMessage, focusFieldAtFault } from '../components/Field';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { useJoin } from './session';
import { Shell } from './Shell';

/** /join/sign-in: the applicant signs in with the associate sign-in (the account registration made). */
export default function SignIn(): JSX.Element {
  const state = useJoin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const answer = await state.api.send<SignedIn>('POST', '/associates/sign-in', { email: email().trim(), password: password(), device: 'Registration site' });
      state.signedIn(answer);
      // Only the site's own pages: the status page unless it asked for the verify page's "new link".
      navigate(params.next === 'verify' ? '/verify' : '/status', { replace: true });
    } catch (err) {
      const errors = formErrors(problemOf(err), ['email', 'password']);
      setErrors(errors);
      focusFieldAtFault(errors, ['email', 'password']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Shell title="Sign in">
      <Show when={state.token()}>
        <p class="notice">
          You are signed in. <A href="/status">See your application</A>.
        </p>
      </Show>
      <form class="card form" onSubmit={submit} novalidate>
        <p class="muted">With the e-mail address and password you applied with.</p>
        <Field label="E-mail" name="email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} error={errors().fields.email} />
        <Field label="Password" name="password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} error={errors().fields.password} />
        <FormMessage message={errors().form} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? 'Signing in…' : 'Sign in'}
          </button>
          <span class="muted">
            Not applied yet? <A href="/">Apply to join</A>
          </span>
        </div>
      </form>
    </Shell>
  );
}
