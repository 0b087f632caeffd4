import { For, Show } from '#imports';
import type { EngagementView } from '../../../shared/realtime';
import { formatCountdown, secondsLeft } from './board.core';
import { formatMoney } from './offer-text.core';

const STATUS: Record<string, { title: string; detail: string }> = {
  invited: { title: 'Invited', detail: 'The shopper sees your invitation. Waiting for their answer.' },
  accepted: { title: 'Accepted', detail: 'The shopper said yes: you are engaged with them.' },
  declined: { title: 'Declined', detail: 'The shopper said no, thanks. You are free for the next one.' },
  expired: { title: 'Expired', detail: 'The shopper did not answer in time.' },
};

/** The engagements this associate won, newest first, with their state. */
export function EngagementList(props: { engagements: readonly EngagementView[]; now: number }) {
  return (
    <Show when={props.engagements.length > 0}>
      <section class="panel-section">
        <h2>Your shoppers</h2>
        <ul class="engagements">
          <For each={props.engagements}>
            {(e) => {
              const status = () => STATUS[e.status] ?? { title: e.status, detail: '' };
              const left = () => (e.expiresAt ? secondsLeft(Date.parse(e.expiresAt), props.now) : null);
              return (
                <li class="engagement" data-testid="engagement" data-engagement-id={e.id} data-status={e.status}>
                  <div class="engagement-top">
                    <span class={`status status-${e.status}`}>{status().title}</span>
                    <Show when={e.status === 'invited' && left() !== null}>
                      <span class="countdown small">{formatCountdown(left()!)}</span>
                    </Show>
                  </div>
                  <Show when={e.shopper.product}>
                    {(p) => (
                      <p class="engagement-product">
                        <strong>{p().name}</strong>
                        <Show when={formatMoney(p().price, p().currency)}>{(price) => <span class="muted"> · {price()}</span>}</Show>
                      </p>
                    )}
                  </Show>
                  <p class="muted small">{status().detail}</p>
                </li>
              );
            }}
          </For>
        </ul>
      </section>
    </Show>
  );
}
