import { Match, Switch } from '#imports';
import { sendMessage } from '../../lib/messaging';
import { useStored } from '../../lib/stored';
import { agentItem } from '../agent-sign-in/agent-state';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Admissions } from './Admissions';
import { DeviceList } from './DeviceList';
import { NotifySwitch } from './NotifySwitch';
import { OpenPanelButton } from './OpenPanelButton';
import { PasswordChange } from './PasswordChange';
import { PhoneForCalls } from './PhoneForCalls';
import { PresenceSwitch } from './PresenceSwitch';
import { ScheduleExceptions } from './ScheduleExceptions';
import { SignInForm } from './SignInForm';

/** Agent mode on the settings page: sign in at the server under "Advanced", then presence, notifications, days off and one-off hours, password, devices, sign out. */
export function AgentSettings() {
  const agent = useStored(agentItem);
  const signOut = createAction('Could not sign out', async () => {
    await sendMessage({ type: 'agent:sign-out' });
  });
  const state = () => (agent() === undefined ? 'loading' : agent() ? 'signed-in' : 'signed-out');

  return (
    <>
      <section class="card" data-testid="agent-status" data-state={state()}>
        <h2>Agent mode</h2>
        <Switch>
          <Match when={agent() === undefined}>
            <p class="muted">Loading…</p>
          </Match>
          <Match when={agent()}>
            {(a) => (
              <>
                <p>
                  Signed in as <strong data-testid="agent-name">{a().associate.displayName}</strong>{' '}
                  <span class="muted">({a().associate.email})</span>.
                </p>
                <div class="stack">
                  <PresenceSwitch />
                  <NotifySwitch />
                </div>
                <Admissions />
                <div class="actions">
                  <OpenPanelButton />
                  <button data-testid="agent-sign-out" disabled={signOut.busy()} onClick={() => void signOut.run()}>
                    Sign out
                  </button>
                </div>
                <Alert message={signOut.error()} />
              </>
            )}
          </Match>
          <Match when={agent() === null}>
            <SignInForm />
          </Match>
        </Switch>
      </section>
      <Switch>
        <Match when={agent()}>
          <section class="card account" data-testid="agent-contact">
            <h2>How shoppers reach you</h2>
            <PhoneForCalls />
          </section>
          <section class="card" data-testid="agent-schedule">
            <h2>Your working days</h2>
            <ScheduleExceptions />
          </section>
          <section class="card account" data-testid="agent-account">
            <h2>Your password and devices</h2>
            <PasswordChange />
            <DeviceList />
          </section>
        </Match>
      </Switch>
    </>
  );
}
