import { createSignal, Match, Show, Switch } from '#imports';
import { errorMessage } from '../../lib/log';
import { sendMessage } from '../../lib/messaging';
import { backendUrlItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { agentItem, agentLinkItem } from '../agent-session/agent-state';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Admissions } from './Admissions';
import { NotifySwitch } from './NotifySwitch';
import { OpenPanelButton } from './OpenPanelButton';
import { PresenceSwitch } from './PresenceSwitch';

type SignInState = { state: 'idle' | 'signing-in' | 'error'; text: string };

/** Agent mode on the settings page: sign in at the server under "Advanced", then presence, notifications, sign out. */
export function AgentSettings() {
  const agent = useStored(agentItem);
  const link = useStored(agentLinkItem);
  const backendUrl = useStored(backendUrlItem);
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [status, setStatus] = createSignal<SignInState>({ state: 'idle', text: '' });
  const signOut = createAction('Could not sign out', async () => {
    await sendMessage({ type: 'agent:sign-out' });
  });

  async function signIn(event: SubmitEvent) {
    event.preventDefault();
    if (!email().trim() || !password()) {
      setStatus({ state: 'error', text: 'Enter your email address and password.' });
      return;
    }
    setStatus({ state: 'signing-in', text: 'Signing in…' });
    try {
      await sendMessage({ type: 'agent:sign-in', email: email(), password: password() });
      setPassword('');
      setStatus({ state: 'idle', text: '' });
    } catch (e) {
      setStatus({ state: 'error', text: errorMessage(e) });
    }
  }

  const state = () => (agent() === undefined ? 'loading' : agent() ? 'signed-in' : status().state === 'idle' ? 'signed-out' : status().state);

  return (
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
          <Show when={link()?.notice}>
            <p class="notice warn" data-testid="agent-notice">
              {link()?.notice}
            </p>
          </Show>
          <form class="sign-in" onSubmit={(e) => void signIn(e)} novalidate>
            <p class="muted">
              Sign in with the account your shop gave you. Server: <span data-testid="agent-server">{backendUrl()}</span> (change it
              under Advanced).
            </p>
            <label>
              Email
              <input
                type="email"
                autocomplete="username"
                data-testid="agent-email"
                value={email()}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </label>
            <label>
              Password
              <input
                type="password"
                autocomplete="current-password"
                data-testid="agent-password"
                value={password()}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
            <div class="actions">
              <button class="primary" type="submit" data-testid="agent-sign-in" disabled={status().state === 'signing-in'}>
                {status().state === 'signing-in' ? 'Signing in…' : 'Sign in'}
              </button>
            </div>
            <Show when={status().state === 'error'}>
              <p class="alert" role="alert" data-testid="agent-error">
                {status().text}
              </p>
            </Show>
          </form>
        </Match>
      </Switch>
    </section>
  );
}
