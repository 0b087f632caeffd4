import { createSignal, Show } from '#imports';
import { errorMessage } from '../../lib/log';
import { sendMessage } from '../../lib/messaging';
import { observingItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

/** The popup's on/off switch: off stops observing at once (already queued events are still sent). */
export function ObservationSwitch() {
  const observing = useStored(observingItem);
  const [error, setError] = createSignal<string | null>(null);

  async function toggle(on: boolean) {
    setError(null);
    try {
      await sendMessage({ type: 'observe:set', on });
    } catch (e) {
      setError(`Could not switch observing ${on ? 'on' : 'off'}: ${errorMessage(e)}`);
    }
  }

  return (
    <>
      <label class="row">
        <input
          type="checkbox"
          data-testid="observe-toggle"
          checked={observing() ?? true}
          disabled={observing() === undefined}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        <span>{observing() === false ? 'Observing is off' : 'Observing participating shops'}</span>
      </label>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </>
  );
}
