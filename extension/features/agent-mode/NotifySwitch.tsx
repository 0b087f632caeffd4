import { browser, createSignal, onCleanup, onMount } from '#imports';
import { sendMessage } from '../../lib/messaging';
import { useStored } from '../../lib/stored';
import { agentItem } from '../agent-sign-in/agent-state';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { notificationsAllowed } from './offer-notifications';

/**
 * A system notification for each new offer: the associate's contact preference, kept on the
 * server, and the browser's permission, asked for in this click (shoppers are never asked).
 */
export function NotifySwitch() {
  const agent = useStored(agentItem);
  const [allowed, setAllowed] = createSignal<boolean | undefined>(undefined);
  const refresh = () => void notificationsAllowed().then(setAllowed);
  onMount(() => {
    refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
  });
  onCleanup(() => {
    browser.permissions.onAdded.removeListener(refresh);
    browser.permissions.onRemoved.removeListener(refresh);
  });
  const wanted = () => agent()?.associate.contact?.notify !== false;
  const on = () => wanted() && allowed() === true;

  const toggle = createAction('Could not change notifications', async (next: boolean) => {
    if (next && !allowed()) {
      // Asked first, inside the click: the browser prompts only for a user action.
      const granted = await browser.permissions.request({ permissions: ['notifications'] });
      setAllowed(granted);
      if (!granted) throw new Error('Your browser did not allow Floorwalker to show notifications.');
    }
    await sendMessage({ type: 'agent:notify', on: next });
  });

  return (
    <div>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="agent-notify"
          data-allowed={allowed() === undefined ? 'unknown' : allowed() ? 'yes' : 'no'}
          checked={on()}
          disabled={!agent() || allowed() === undefined || toggle.busy()}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            e.currentTarget.checked = on();
            void toggle.run(next);
          }}
        />
        <span>Show a notification on my screen for each new offer, even when the side panel is closed</span>
      </label>
      <Alert message={toggle.error()} />
    </div>
  );
}
