import { Show } from '#imports';
import { sendMessage } from '../../lib/messaging';
import { useStored } from '../../lib/stored';
import { agentItem } from '../agent-sign-in/agent-state';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { presenceReasonText } from './presence-reason';

/**
 * Available / away, as the server has it: a change is shown once the server took it, and a
 * change the server made (away after missed offers) shows with its reason.
 */
export function PresenceSwitch() {
  const agent = useStored(agentItem);
  const presence = () => agent()?.associate.presence;
  const toggle = createAction('Could not change your availability', async (available: boolean) => {
    await sendMessage({ type: 'agent:presence', presence: available ? 'available' : 'away' });
  });
  const reason = () => presenceReasonText(agent()?.associate.presenceReason);

  return (
    <div class="presence">
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="presence-toggle"
          checked={presence() === 'available'}
          disabled={!presence() || toggle.busy()}
          onChange={(e) => {
            const input = e.currentTarget;
            const on = input.checked;
            // The server's presence decides what the switch shows; a failed change must not leave it flipped.
            input.checked = presence() === 'available';
            void toggle.run(on);
          }}
        />
        <span data-testid="presence" data-presence={presence() ?? 'unknown'}>
          {presence() === 'available' ? 'Available: shoppers who need help are offered to you' : 'Away: you get no offers'}
        </span>
      </label>
      <Show when={presence() === 'away' && reason()}>
        <p class="notice warn small" data-testid="presence-reason">
          {reason()}
        </p>
      </Show>
      <Alert message={toggle.error()} />
    </div>
  );
}
