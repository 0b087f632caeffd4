import { For, Show } from '#imports';
import type { ConsentScope } from '../../../shared/live';
import { answerText, type ConsoleState, lastAsk, waitingFor } from './console.core';
import type { ConsoleEngagement } from './engagement';

const SCOPES: { scope: ConsentScope; label: string; ask: string }[] = [
  { scope: 'view', label: 'See the tab', ask: 'Ask to see the tab' },
  { scope: 'guide', label: 'Guide', ask: 'Ask to guide' },
  { scope: 'voice', label: 'Voice', ask: 'Ask for a call' },
];

/** What the shopper allows now, each with its own "Ask" and the shopper's last answer. */
export function ConsentBar(props: { session: ConsoleEngagement; state: ConsoleState; askable: readonly ConsentScope[] }) {
  return (
    <ul class="consents" aria-label="What the shopper allows">
      <For each={SCOPES}>
        {(s) => {
          const granted = () => props.state.consents[s.scope];
          const last = () => lastAsk(props.state, s.scope);
          return (
            <li class="consent" classList={{ granted: granted() }} data-testid={`consent-${s.scope}`} data-granted={String(granted())}>
              <span class="consent-dot" aria-hidden="true" />
              <span class="consent-label">
                {s.label}: <strong>{granted() ? 'allowed' : 'not allowed'}</strong>
              </span>
              <Show when={!granted() && props.askable.includes(s.scope)}>
                <AskButton session={props.session} state={props.state} scope={s.scope} label={s.ask} />
              </Show>
              <Show when={!granted() && last() && last()!.answer !== 'yes' && last()!.answer !== 'waiting'}>
                <span class="consent-answer small" data-testid={`answer-${s.scope}`}>
                  {answerText(last()!.answer)}
                </span>
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
  );
}

/** Asks the shopper for one consent (disabled while a request waits, or when not connected). */
export function AskButton(props: { session: ConsoleEngagement; state: ConsoleState; scope: ConsentScope; label: string; primary?: boolean }) {
  const waiting = () => waitingFor(props.state, props.scope);
  return (
    <button
      class={props.primary ? 'primary' : 'small-button'}
      data-testid={`ask-${props.scope}`}
      disabled={waiting() || props.state.link !== 'open'}
      onClick={() => props.session.ask(props.scope)}
    >
      {waiting() ? 'Asked, waiting for the shopper…' : props.label}
    </button>
  );
}
