import { createSignal, Show } from '#imports';
import { errorMessage } from '../../lib/log';
import { sendMessage } from '../../lib/messaging';
import { backendUrlItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { agentLinkItem } from '../agent-sign-in/agent-state';
import { joinUrl } from '../agent-sign-in/join-link';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Field } from './Field';

type SignInState = { state: 'idle' | 'signing-in' | 'error'; text: string };

/**
 * The associate's sign-in (settings page, popup, side panel): why they were signed out when
 * the extension did it, e-mail and password, and "Forgot password?", which asks the server for
 * a reset link and says the same whether or not the address is an associate's. A person who
 * is not an associate yet is sent to the backend's registration site (/join/).
 */
export function SignInForm() {
  const link = useStored(agentLinkItem);
  const backendUrl = useStored(backendUrlItem);
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [status, setStatus] = createSignal<SignInState>({ state: 'idle', text: '' });
  const [forgot, setForgot] = createSignal(false);
  const [resetSent, setResetSent] = createSignal<string | null>(null);
  const askReset = createAction(null, async () => {
    setResetSent((await sendMessage({ type: 'agent:reset-request', email: email() })).message);
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

  function openForgot() {
    setForgot(true);
    setResetSent(null);
    queueMicrotask(() => document.getElementById('agent-reset-email')?.focus());
  }

  return (
    <div class="sign-in-block" data-testid="agent-sign-in-form" data-state={status().state}>
      <Show when={link()?.notice}>
        <p class="notice warn" role="status" data-testid="agent-notice">
          {link()?.notice}
        </p>
      </Show>
      <Show
        when={forgot()}
        fallback={
          <form class="sign-in" onSubmit={(e) => void signIn(e)} novalidate>
            <p class="muted">
              Sign in with the account your shop gave you. Server: <span data-testid="agent-server">{backendUrl()}</span> (change it in
              the settings, under Advanced).
            </p>
            <Field label="Email" type="email" autocomplete="username" testId="agent-email" value={email()} onInput={setEmail} />
            <Field label="Password" type="password" autocomplete="current-password" testId="agent-password" value={password()} onInput={setPassword} />
            <div class="actions">
              <button class="primary" type="submit" data-testid="agent-sign-in" disabled={status().state === 'signing-in'}>
                {status().state === 'signing-in' ? 'Signing in…' : 'Sign in'}
              </button>
              <button type="button" class="link" data-testid="agent-forgot" onClick={openForgot}>
                Forgot password?
              </button>
            </div>
            <Show when={status().state === 'error'}>
              <p class="alert" role="alert" data-testid="agent-error">
                {status().text}
              </p>
            </Show>
            <Show when={joinUrl(backendUrl())}>
              {(href) => (
                <p class="muted small" data-testid="agent-join">
                  Not an associate yet?{' '}
                  <a href={href()} target="_blank" rel="noopener">
                    Apply to join the marketplace
                  </a>
                </p>
              )}
            </Show>
          </form>
        }
      >
        <form
          class="sign-in"
          data-testid="agent-reset-form"
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            void askReset.run();
          }}
        >
          <h3>Choose a new password</h3>
          <p class="muted">Enter the e-mail address you sign in with. We send a link to choose a new password; it works once, for 30 minutes.</p>
          <Field label="Email" type="email" autocomplete="username" testId="agent-reset-email" value={email()} onInput={setEmail} />
          <div class="actions">
            <button class="primary" type="submit" data-testid="agent-reset-send" disabled={askReset.busy()}>
              {askReset.busy() ? 'Sending…' : 'Send me a link'}
            </button>
            <button type="button" class="link" data-testid="agent-reset-back" onClick={() => setForgot(false)}>
              Back to sign in
            </button>
          </div>
          <Show when={resetSent()}>
            <p class="notice" role="status" data-testid="agent-reset-sent">
              {resetSent()}
            </p>
          </Show>
          <Alert message={askReset.error()} testId="agent-reset-error" />
        </form>
      </Show>
    </div>
  );
}
