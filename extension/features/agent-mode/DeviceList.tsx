import { createSignal, For, onMount, Show } from '#imports';
import type { Device } from '../../../shared/associates';
import { sendMessage } from '../../lib/messaging';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Signed-in devices" in the agent settings: each with its name, when it signed in and was
 * last used, this one marked; sign one out, or every one (this one too, which confirms first).
 */
export function DeviceList() {
  const [devices, setDevices] = createSignal<Device[] | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const load = createAction('The devices could not be listed', async () => {
    setDevices((await sendMessage({ type: 'agent:devices' })).devices);
  });
  const signOutOne = createAction('The device could not be signed out', async (deviceId: string) => {
    setDevices((await sendMessage({ type: 'agent:device-sign-out', deviceId })).devices);
  });
  const signOutAll = createAction('Could not sign out everywhere', async () => {
    await sendMessage({ type: 'agent:sign-out-everywhere' });
  });
  onMount(() => void load.run());

  return (
    <section class="credentials devices" data-testid="devices">
      <h3>Signed-in devices</h3>
      <Show when={devices()} fallback={<p class="muted">{load.busy() ? 'Loading…' : ''}</p>}>
        {(list) => (
          <ul class="device-list">
            <For each={list()}>
              {(d) => (
                <li data-testid="device" data-current={d.current ? 'yes' : 'no'}>
                  <div>
                    <strong data-testid="device-label">{d.label ?? 'A browser'}</strong>
                    <Show when={d.current}>
                      {' '}
                      <span class="badge" data-testid="device-current">
                        This device
                      </span>
                    </Show>
                    <div class="muted small">
                      Signed in on {when(d.createdAt)} · {d.lastUsedAt ? `last used ${when(d.lastUsedAt)}` : 'not used since'}
                    </div>
                  </div>
                  <button data-testid="device-sign-out" disabled={signOutOne.busy()} onClick={() => void signOutOne.run(d.id)}>
                    Sign out
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <Show
        when={confirming()}
        fallback={
          <div class="actions">
            <button class="danger" data-testid="sign-out-everywhere" onClick={() => setConfirming(true)}>
              Sign out everywhere
            </button>
          </div>
        }
      >
        <div class="confirm" data-testid="sign-out-everywhere-confirm">
          <p>Sign out on every device, this one included? You will need your password to sign in again.</p>
          <div class="actions">
            <button class="danger" data-testid="sign-out-everywhere-yes" disabled={signOutAll.busy()} onClick={() => void signOutAll.run()}>
              Sign out everywhere
            </button>
            <button onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </div>
      </Show>
      <Alert message={load.error() ?? signOutOne.error() ?? signOutAll.error()} />
    </section>
  );
}
