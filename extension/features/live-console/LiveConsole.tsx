import { createSignal, onCleanup, Show } from '#imports';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Brand } from '../pages/Brand';
import { ConsentBar } from './ConsentBar';
import { ChatPanel } from './ChatPanel';
import { linkText } from './console.core';
import { LiveView, type ReplayFactory } from './LiveView';
import type { ConsoleEngagement } from './engagement';
import { useConsoleState } from './use-console';
import { VoicePanel } from './VoicePanel';

/** The associate's live console for one engagement: the shopper's tab on the left, chat and voice on the right. */
export function LiveConsole(props: { session: ConsoleEngagement; createReplay: ReplayFactory }) {
  const state = useConsoleState(props.session);
  const [remoteAudio, setRemoteAudio] = createSignal<MediaStream | null>(props.session.remoteAudio());
  onCleanup(props.session.subscribe(() => setRemoteAudio(props.session.remoteAudio())));
  // Read after state(): the credentials arrive with the session's first change.
  const remoteName = () => (state(), props.session.credentials()?.remoteName || 'The shopper');
  const end = createAction('Could not end the engagement', () => props.session.end());
  const closed = () => state().link === 'closed';

  return (
    <div class="live-console" data-testid="live-console">
      <header class="live-top">
        <Brand size={28} />
        <div class="live-who">
          <h1>{remoteName()}</h1>
          <span class="live-state" data-testid="live-state" data-state={state().link} data-reason={state().closedReason ?? ''} role="status">
            <span class="status-dot" classList={{ on: state().link === 'open', lost: state().link === 'lost' }} />
            {props.session.failure() ?? linkText(state().link, state().closedReason)}
          </span>
        </div>
        <ConsentBar session={props.session} state={state()} askable={['voice']} />
        <button class="danger" data-testid="end" disabled={closed() || end.busy()} onClick={() => void end.run()}>
          End
        </button>
      </header>
      <Alert message={end.error()} />
      <main class="live-main">
        <LiveView session={props.session} state={state()} createReplay={props.createReplay} />
        <aside class="live-side">
          <VoicePanel session={props.session} state={state()} remoteAudio={remoteAudio()} remoteName={remoteName()} />
          <ChatPanel session={props.session} state={state()} remoteName={remoteName()} />
          <Show when={state().invalid > 0}>
            <p class="small muted" data-testid="invalid-count">
              {state().invalid} malformed message{state().invalid === 1 ? '' : 's'} from the shopper’s side ignored.
            </p>
          </Show>
        </aside>
      </main>
    </div>
  );
}
