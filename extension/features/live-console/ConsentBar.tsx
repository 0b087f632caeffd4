import { For, Show } from '#imports';
import type { ConsentScope } from '../../../shared/live';
import { cannotAsk, consentAnswer, type ConsoleState } from './console.core';
import type { ConsoleEngagement } from './engagement';

const SCOPES: { scope: ConsentScope; label: string }[] = [
  { scope: 'view', label: 'See the tab' },
  { scope: 'guide', label: 'Guide' },
  { scope: 'voice', label: 'Voice' },
];
const STATE_TEXT = { on: 'allowed', asking: 'asked…', off: 'not allowed' } as const;

/** What the shopper allows now (off, asked, allowed) and their last answer: the same state every control follows. */
export function ConsentBar(props: { state: ConsoleState }) {
  return (
    <ul class="consents" aria-label="What the shopper allows">
      <For each={SCOPES}>
        {(s) => {
          const c = () => props.state.consents[s.scope];
          const said = () => consentAnswer(props.state, s.scope);
          return (
            <li class="consent" classList={{ granted: c().state === 'on', asking: c().state === 'asking' }} data-testid={`consent-${s.scope}`} data-granted={String(c().state === 'on')} data-state={c().state}>
              <span class="consent-dot" aria-hidden="true" />
              <span class="consent-label">
                {s.label}: <strong>{STATE_TEXT[c().state]}</strong>
              </span>
              <Show when={said()}>
                {(text) => (
                  <span class="consent-answer small" data-testid={`answer-${s.scope}`}>
                    {text()}
                  </span>
                )}
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
  );
}

/** Asks the shopper for one consent; disabled, with the reason as its tooltip and in words beside it, when it cannot. */
export function AskButton(props: { engagement: ConsoleEngagement; state: ConsoleState; scope: ConsentScope; label: string; primary?: boolean }) {
  const why = () => cannotAsk(props.state, props.scope);
  const asking = () => props.state.consents[props.scope].state === 'asking';
  return (
    <button
      class={props.primary ? 'primary' : 'small-button'}
      data-testid={`ask-${props.scope}`}
      disabled={why() !== null}
      title={why() ?? undefined}
      onClick={() => props.engagement.ask(props.scope)}
    >
      {asking() ? 'Asked, waiting for the shopper…' : props.label}
    </button>
  );
}
