import { Show } from '#imports';
import { sendMessage } from '../../lib/messaging';
import type { OfferView } from '../../../shared/realtime';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { formatCountdown, isEnded, type LiveOffer, offerSecondsLeft } from './board.core';
import { formatDuration, formatMoney, formatScore, mainProduct, needsText, offerAnswerBlocked, readableReasons } from './offer-text.core';
import { ReasonList, SessionSummary } from './SessionSummary';

const PHASE_TEXT: Partial<Record<LiveOffer<OfferView>['phase'], string>> = {
  accepting: 'Accepting…',
  declining: 'Declining…',
};

/** One live offer: what the shopper did, the match and its reasons, the countdown, Accept / Decline. */
export function OfferCard(props: { live: LiveOffer<OfferView>; now: number }) {
  const offer = () => props.live.offer;
  const session = () => offer().session;
  const product = () => mainProduct(session().products);
  const left = () => offerSecondsLeft(props.live, props.now);
  const ended = () => isEnded(props.live.phase);
  /** Why Accept / Decline cannot be used now (null: they can). */
  const blocked = () => offerAnswerBlocked(props.live.phase);
  const assigned = () => offer().priority === 'must';
  const reasons = () => readableReasons(offer().reasons, { category: offer().segment?.category ?? null });
  const money = (amount: string | null | undefined, currency: string | null | undefined) => formatMoney(amount, currency);

  const accept = createAction(null, async () => {
    await sendMessage({ type: 'offer:accept', offerId: offer().id });
  });
  const decline = createAction(null, async (goAway: boolean) => {
    await sendMessage({ type: 'offer:decline', offerId: offer().id, goAway });
  });

  return (
    <article
      class="offer"
      classList={{ assigned: assigned(), ended: ended(), urgent: !ended() && left() <= 5 }}
      data-testid="offer"
      data-offer-id={offer().id}
      data-phase={props.live.phase}
      aria-label={`${assigned() ? 'Assigned' : 'Offer'}: ${product()?.name ?? 'a shopper'}`}
    >
      <header class="offer-top">
        <span class="badge" classList={{ must: assigned() }}>
          {assigned() ? 'Assigned to you' : 'Offer'}
        </span>
        <Show
          when={!ended()}
          fallback={
            <span class="ending" data-testid="offer-ending" role="status">
              {props.live.note}
            </span>
          }
        >
          <span class="countdown" data-testid="offer-countdown" aria-label={`${left()} seconds left`}>
            {formatCountdown(left())}
          </span>
        </Show>
      </header>

      <div class="offer-product">
        <h3>{product()?.name ?? 'A shopper who may need help'}</h3>
        <Show when={product()}>
          {(p) => (
            <p class="muted small">
              <Show when={money(p().price, p().currency)}>
                {(price) => <strong class="price">{price()}</strong>}
              </Show>
              <Show when={p().dwellMs}> · looked at it for {formatDuration(p().dwellMs ?? 0)}</Show>
              <Show when={(p().views ?? 0) > 1}> · {p().views} views</Show>
            </p>
          )}
        </Show>
        <Show when={!ended() && needsText(offer().needs)}>
          {(needs) => (
            <p class="small needs" data-testid="offer-needs">
              {needs()}
            </p>
          )}
        </Show>
        <Show when={offer().signals.length > 0 && !ended()}>
          <p class="small signals" data-testid="offer-signals">
            <span class="muted">Why now: </span>
            {offer()
              .signals.map((s) => s.description ?? s.conditionId)
              .join(' · ')}
          </p>
        </Show>
        <Show when={assigned() && !ended()}>
          <p class="small assigned-note">Assigned to you: accept within the time to acknowledge it.</p>
        </Show>
      </div>

      <Show when={!ended()}>
        <div class="actions offer-actions">
          <button class="primary" data-testid="offer-accept" disabled={blocked() !== null} title={blocked() ?? undefined} onClick={() => void accept.run()}>
            {props.live.phase === 'accepting' ? PHASE_TEXT.accepting : 'Accept'}
          </button>
          <button data-testid="offer-decline" disabled={blocked() !== null} title={blocked() ?? undefined} onClick={() => void decline.run(false)}>
            {props.live.phase === 'declining' ? PHASE_TEXT.declining : 'Decline'}
          </button>
        </div>
        <button class="link small" data-testid="offer-decline-away" disabled={blocked() !== null} title={blocked() ?? undefined} onClick={() => void decline.run(true)}>
          Decline and go away
        </button>
        <Show when={blocked()}>
          {(why) => (
            <p class="small muted" data-testid="offer-blocked" role="status">
              {why()}
            </p>
          )}
        </Show>
        <Show when={props.live.note}>
          <p class="alert small" role="alert">
            {props.live.note}
          </p>
        </Show>
        <Alert message={accept.error() ?? decline.error()} />
      </Show>

      <details class="offer-details" open={!ended()}>
        <summary>
          Match <strong data-testid="offer-score">{formatScore(offer().score)}</strong>
          <Show when={(offer().colleagues ?? 0) > 0}>
            <span class="muted"> · also offered to {offer().colleagues} colleague{offer().colleagues === 1 ? '' : 's'}</span>
          </Show>
        </summary>
        <ReasonList reasons={reasons()} />
        <SessionSummary session={session()} />
      </details>
    </article>
  );
}
