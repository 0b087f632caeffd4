import { For } from '#imports';
import { sendMessage } from '../../lib/messaging';
import { type ExtensionMode, modeItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';

const CHOICES: { mode: ExtensionMode; label: string; detail: string }[] = [
  { mode: 'shopper', label: 'A shopper', detail: 'Floorwalker observes participating shops, with your consent, so a sales associate can offer help.' },
  {
    mode: 'agent',
    label: 'A sales associate (agent mode)',
    detail: 'Sign in to get offers to help shoppers in the side panel. Nothing is observed in this browser meanwhile.',
  },
];

/** Shopper or agent mode: one extension, two sides. */
export function ModeChoice() {
  const mode = useStored(modeItem);
  const change = createAction('Could not switch the mode', async (next: ExtensionMode) => {
    await sendMessage({ type: 'mode:set', mode: next });
  });
  return (
    <fieldset class="modes" data-testid="mode" data-mode={mode() ?? 'loading'} disabled={mode() === undefined || change.busy()}>
      <legend>Who uses Floorwalker in this browser?</legend>
      <For each={CHOICES}>
        {(choice) => (
          <label class="mode" classList={{ chosen: mode() === choice.mode }}>
            <input
              type="radio"
              name="mode"
              value={choice.mode}
              data-testid={`mode-${choice.mode}`}
              checked={mode() === choice.mode}
              onChange={(e) => {
                // The stored mode decides what is checked; a failed switch must not leave it changed.
                e.currentTarget.checked = mode() === choice.mode;
                void change.run(choice.mode);
              }}
            />
            <span>
              <strong>{choice.label}</strong>
              <span class="muted small">{choice.detail}</span>
            </span>
          </label>
        )}
      </For>
      <Alert message={change.error()} />
    </fieldset>
  );
}
