import { browser, Show } from '#imports';
import { useStored } from '../../lib/stored';
import { agentItem, boardItem } from '../agent-session/agent-state';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { OpenPanelButton } from './OpenPanelButton';
import { PresenceSwitch } from './PresenceSwitch';

/** The popup in agent mode (where the toolbar button shows it, e.g. Firefox): presence and the way to the offers. */
export function AgentPopup() {
  const agent = useStored(agentItem);
  const board = useStored(boardItem);
  const open = () => board()?.offers.filter((o) => o.phase === 'open').length ?? 0;
  const signIn = createAction('Could not open the settings', () => browser.runtime.openOptionsPage());
  return (
    <Show
      when={agent()}
      fallback={
        <>
          <div>
            <h2>Agent mode: signed out</h2>
            <p class="muted">Sign in to get offers to help shoppers. Nothing is observed in this browser meanwhile.</p>
          </div>
          <div class="actions">
            <button class="primary" onClick={() => void signIn.run()}>
              Sign in
            </button>
          </div>
          <Alert message={signIn.error()} />
        </>
      }
    >
      {(a) => (
        <>
          <div>
            <h2>{a().associate.displayName}</h2>
            <p class="muted">
              Agent mode: {open() === 0 ? 'no offer waiting.' : `${open()} offer${open() === 1 ? '' : 's'} waiting.`} Nothing is
              observed in this browser.
            </p>
          </div>
          <PresenceSwitch />
          <div class="actions">
            <OpenPanelButton primary />
          </div>
        </>
      )}
    </Show>
  );
}
