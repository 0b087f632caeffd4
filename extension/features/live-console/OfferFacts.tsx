import { Show } from '#imports';
import { formatScore, readableReasons } from '../offers-panel/offer-text.core';
import { ReasonList, SessionSummary } from '../offers-panel/SessionSummary';
import type { ConsoleContext } from './sales.core';

/**
 * What the offer card showed when the associate accepted it (the session's products, searches,
 * cart, customer, the match and its reasons), kept in view for the engagement.
 */
export function OfferFacts(props: { context: ConsoleContext | null }) {
  return (
    <section class="live-card live-offer" aria-label="The offer you accepted" data-testid="offer-facts">
      <h2>When you accepted</h2>
      <Show
        when={props.context?.offer}
        fallback={
          <p class="muted small" data-testid="offer-facts-missing">
            The offer’s details are not kept in this browser (it was accepted elsewhere, or the browser was restarted).
          </p>
        }
      >
        {(offer) => (
          <>
            <p class="small">
              Match <strong data-testid="offer-score">{formatScore(offer().score)}</strong>
              <Show when={offer().signals.length > 0}>
                <span class="muted"> · {offer().signals.map((s) => s.description ?? s.conditionId).join(' · ')}</span>
              </Show>
            </p>
            <ReasonList reasons={readableReasons(offer().reasons, { category: offer().segment?.category ?? null })} />
            <SessionSummary session={offer().session} />
          </>
        )}
      </Show>
    </section>
  );
}
