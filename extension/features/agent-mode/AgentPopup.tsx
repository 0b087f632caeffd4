import { Show } from '#imports';
import { useStored } from '../../lib/stored';
import { agentItem, boardItem } from '../agent-sign-in/agent-state';
import { OpenPanelButton } from './OpenPanelButton';
import { PresenceSwitch } from './PresenceSwitch';
import { SignInForm } from './SignInForm';

/** The popup in agent mode (where the toolbar button shows it, e.g. Firefox): the sign-in, then presence and the way to the offers. */
export function AgentPopup() {
  const agent = useStored(agentItem);
  const board = useStored(boardItem);
  const open = () => board()?.offers.filter((o) => o.phase === 'open').length ?? 0;
  return (
    <Show
      when={agent()}
      fallback={
        <div data-testid="agent-popup-signed-out">
          <h2>Agent mode: signed out</h2>
          <SignInForm />
        </div>
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
