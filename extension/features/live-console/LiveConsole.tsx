import { createSignal, For, onCleanup, Show } from '#imports';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Brand } from '../pages/Brand';
import { ConsentBar } from './ConsentBar';
import { ChatPanel } from './ChatPanel';
import { linkText, summary, summaryLines } from './console.core';
import { LiveView, type ReplayFactory } from './LiveView';
import type { ConsoleEngagement } from './engagement';
import { useConsoleState } from './use-console';
import { VoicePanel } from './VoicePanel';

/** The associate's live console for one engagement: the shopper's tab on the left, chat and voice on the right. */
export function LiveConsole(props: { engagement: ConsoleEngagement; createReplay: ReplayFactory }) {
  const state = useConsoleState(props.engagement);
  const [remoteAudio, setRemoteAudio] = createSignal<MediaStream | null>(props.engagement.remoteAudio());
  onCleanup(props.engagement.subscribe(() => setRemoteAudio(props.engagement.remoteAudio())));
  // Read after state(): the credentials arrive with the engagement's first change.
  const remoteName = () => (state(), props.engagement.credentials()?.remoteName || 'The shopper');
  const end = createAction('Could not end the engagement', () => props.engagement.end());
  const [confirming, setConfirming] = createSignal(false);
  const closed = () => state().link === 'closed';
  // Every channel stopped when the link closed: the summary no longer depends on the time.
  const ended = () => (closed() ? summaryLines(summary(state(), Date.now())) : null);

  return (
    <div class="live-console" data-testid="live-console" data-state={state().link}>
      <header class="live-top">
        <Brand size={28} />
        <div class="live-who">
          <h1>{remoteName()}</h1>
          <span class="live-state" data-testid="live-state" data-state={state().link} data-reason={state().closedReason ?? ''} role="status">
            <span class="status-dot" classList={{ on: state().link === 'open', lost: state().link === 'lost' }} />
            {props.engagement.failure() ?? linkText(state().link, state().closedReason)}
          </span>
        </div>
        <ConsentBar state={state()} />
        <Show
          when={confirming() && !closed()}
          fallback={
            <Show when={!closed()}>
              <button class="danger" data-testid="end" disabled={end.busy()} onClick={() => setConfirming(true)}>
                End
              </button>
            </Show>
          }
        >
          <div class="end-confirm" role="group" aria-label="End this engagement?">
            <span data-testid="end-question">End this engagement?</span>
            <button
              class="danger"
              data-testid="end-confirm"
              disabled={end.busy()}
              onClick={() => {
                setConfirming(false);
                void end.run();
              }}
            >
              End it
            </button>
            <button data-testid="end-cancel" onClick={() => setConfirming(false)}>
              Keep going
            </button>
          </div>
        </Show>
      </header>
      <Alert message={end.error()} />
      <Show when={ended()}>
        {(lines) => (
          <section class="live-ended" data-testid="summary" aria-label="What this engagement used">
            <strong>Engagement ended</strong>
            <dl>
              <For each={lines()}>
                {(line) => (
                  <div data-testid="summary-line">
                    <dt>{line.label}</dt>
                    <dd>{line.value}</dd>
                  </div>
                )}
              </For>
            </dl>
          </section>
        )}
      </Show>
      <main class="live-main">
        <LiveView engagement={props.engagement} state={state()} createReplay={props.createReplay} />
        <aside class="live-side">
          <VoicePanel engagement={props.engagement} state={state()} remoteAudio={remoteAudio()} remoteName={remoteName()} />
          <ChatPanel engagement={props.engagement} state={state()} remoteName={remoteName()} />
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
