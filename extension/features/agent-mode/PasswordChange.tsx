import { createSignal, Show } from '#imports';
import { PASSWORD_RULES } from '../../../shared/associates';
import { sendMessage } from '../../lib/messaging';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Field } from './Field';

/** "Change password" in the agent settings: the current password and the new one (twice); the other devices are signed out. */
export function PasswordChange() {
  const [current, setCurrent] = createSignal('');
  const [fresh, setFresh] = createSignal('');
  const [again, setAgain] = createSignal('');
  const [done, setDone] = createSignal(false);
  const change = createAction(null, async () => {
    setDone(false);
    if (fresh() !== again()) throw new Error('The two new passwords differ. Type the same one twice.');
    await sendMessage({ type: 'agent:password', currentPassword: current(), newPassword: fresh() });
    setCurrent('');
    setFresh('');
    setAgain('');
    setDone(true);
  });
  return (
    <form
      class="sign-in credentials"
      data-testid="password-change"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        void change.run();
      }}
    >
      <h3>Change password</h3>
      <Field label="Current password" type="password" autocomplete="current-password" testId="password-current" value={current()} onInput={setCurrent} />
      <Field label="New password" type="password" autocomplete="new-password" testId="password-new" value={fresh()} onInput={setFresh} hint={PASSWORD_RULES} />
      <Field label="New password again" type="password" autocomplete="new-password" testId="password-again" value={again()} onInput={setAgain} />
      <p class="muted small">Changing it signs you out on your other devices; this one stays signed in.</p>
      <div class="actions">
        <button class="primary" type="submit" data-testid="password-change-submit" disabled={change.busy()}>
          {change.busy() ? 'Changing…' : 'Change password'}
        </button>
      </div>
      <Show when={done()}>
        <p class="notice" role="status" data-testid="password-changed">
          Your password is changed. Your other devices are signed out.
        </p>
      </Show>
      <Alert message={change.error()} testId="password-change-error" />
    </form>
  );
}
