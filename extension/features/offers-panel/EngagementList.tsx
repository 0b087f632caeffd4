import { For, Show } from '#imports';
import { focusLiveConsole } from '../live-console/open-console';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import type { EngagementView } from '../../../shared/realtime';
import { formatCountdown, secondsLeft } from './board.core';
import { formatMoney } from './offer-text.core';

const STATUS: Record<string, { title: string; detail: string }> = {
  invited: { title: 'Invited', detail: 'The shopper sees your invitation. Waiting for their answer.' },
  accepted: { title: 'Accepted', detail: 'The shopper said yes: you are engaged with them.' },
  declined: { title: 'Declined', detail: 'The shopper said no, thanks. You are free for the next one.' },
  expired: { title: 'Expired', detail: 'The shopper did not answer in time.' },
  ended: { title: 'Ended', detail: 'The engagement is over.' },
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
                  <Show when={e.status === 'accepted'}>
                    <OpenConsole engagementId={e.id} />
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </section>
    </Show>
  );
}

/** Brings the live console of an accepted engagement to the front, or opens it in a tab. */
function OpenConsole(props: { engagementId: string }) {
  const open = createAction('Could not open the live console', () => focusLiveConsole(props.engagementId));
  return (
    <div class="actions" style={{ "margin-top": "8px" }}>
      <button class="primary" data-testid="open-live" disabled={open.busy()} onClick={() => void open.run()}>
        Open live console
      </button>
      <Alert message={open.error()} />
    </div>
  );
}
