import { A } from '@solidjs/router';
import { createSignal, type JSX, Show } from 'solid-js';
import { problemOf } from '../api.core';
import { Field, FormMessage } from '../components/Field';
import { SoloPage } from '../components/Layout';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { ACCOUNT, useConsole } from '../state';

export default function ForgotPassword(): JSX.Element {
  const state = useConsole();
  const [email, setEmail] = createSignal('');
  const [sent, setSent] = createSignal<string | null>(null);
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await state.api.send('POST', ACCOUNT.resetRequest, { email: email().trim() });
      setSent(email().trim());
    } catch (err) {
      setErrors(formErrors(problemOf(err), ['email']));
    } finally {
      setBusy(false);
    }
  };
  return (
    <SoloPage title="Forgot your password?">
        <Show
          when={sent()}
          fallback={
            <form onSubmit={submit} novalidate class="form">
              <p class="muted">Type the address you sign in with: we mail it a link to choose a new password. The link works for 30 minutes, once.</p>
              <Field label="E-mail" name="email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} error={errors().fields.email} />
              <FormMessage message={errors().form} />
              <div class="actions">
                <button type="submit" class="primary" disabled={busy()}>
                  {busy() ? 'Sending…' : 'Send the link'}
                </button>
                <A href="/sign-in">Back to sign-in</A>
              </div>
            </form>
          }
        >
          {(address) => (
            <div role="status">
              <p>
                If an account signs in with <strong>{address()}</strong>, a link is on its way there. Open it within 30 minutes.
              </p>
              <A href="/sign-in">Back to sign-in</A>
            </div>
          )}
        </Show>
    </SoloPage>
  );
}
