import { sendMessage } from '../../lib/messaging';
import { observingItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';

/** The on/off switch: off stops observing at once (already queued events are still sent). */
export function ObservationSwitch() {
  const observing = useStored(observingItem);
  const toggle = createAction('Could not switch observing', async (on: boolean) => {
    await sendMessage({ type: 'observe:set', on });
  });

  return (
    <div>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="observe-toggle"
          checked={observing() ?? true}
          disabled={observing() === undefined || toggle.busy()}
          onChange={(e) => {
            const input = e.currentTarget;
            const on = input.checked;
            // The stored value decides what the switch shows; a failed change must not leave it flipped.
            input.checked = observing() ?? true;
            void toggle.run(on);
          }}
        />
        <span>{observing() === false ? 'Observing is off' : 'Observing participating shops'}</span>
      </label>
      <Alert message={toggle.error()} />
    </div>
  );
}
