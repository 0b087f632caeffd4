import { For, Show } from '#imports';
import { linkUrl } from '../../../shared/page';
import type { OfferSession } from '../../../shared/realtime';
import { formatDuration, formatMoney, type ReadableReason, visitorText } from './offer-text.core';

const money = (amount: string | null | undefined, currency: string | null | undefined) => formatMoney(amount, currency);

/** An offer's reasons, strongest first, each with a bar of its part (the offer card and the console). */
export function ReasonList(props: { reasons: readonly ReadableReason[] }) {
  return (
    <ul class="reasons" data-testid="offer-reasons">
      <For each={props.reasons}>
        {(r) => (
          <li>
            <span>{r.text}</span>
            <span class="bar" aria-hidden="true">
              <span style={{ width: `${Math.round(r.part * 100)}%` }} />
            </span>
          </li>
        )}
      </For>
    </ul>
  );
}

/** What the shopper did in the browsing session the offer summed up: products, searches, cart, customer. */
export function SessionSummary(props: { session: OfferSession }) {
  return (
    <dl class="summary" data-testid="offer-session">
      <Show when={props.session.products.length > 0}>
        <dt>Looked at</dt>
        <dd>
          <ul class="products">
            <For each={props.session.products}>
              {(p) => (
                <li>
                  <Show when={linkUrl(p.url)} fallback={<span>{p.name}</span>}>
                    {(href) => (
                      <a href={href()} target="_blank" rel="noopener">
                        {p.name}
                      </a>
                    )}
                  </Show>
                  <span class="muted">
                    {money(p.price, p.currency) ?? ''}
                    {p.dwellMs ? ` · ${formatDuration(p.dwellMs)}` : ''}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </dd>
      </Show>
      <Show when={props.session.searches.length > 0}>
        <dt>Searched</dt>
        <dd class="chips">
          <For each={props.session.searches}>{(s) => <span class="chip">{s}</span>}</For>
        </dd>
      </Show>
      <dt>Cart</dt>
      <dd>
        {props.session.cart.lines === 0
          ? 'Empty'
          : `${props.session.cart.lines} item${props.session.cart.lines === 1 ? '' : 's'}, ${money(props.session.cart.value, props.session.cart.currency) ?? props.session.cart.value}`}
      </dd>
      <dt>Customer</dt>
      <dd data-testid="offer-customer">
        <Show when={props.session.customer} fallback={visitorText(props.session)}>
          {(c) => (
            <>
              {[
                c().tier ? `${c().tier} tier` : null,
                c().lifetimeValue ? `${money(c().lifetimeValue!.value, c().lifetimeValue!.currency)} lifetime` : null,
                props.session.returning ? 'returning' : null,
              ]
                .filter(Boolean)
                .join(' · ') || 'Known customer'}
              <Show when={(c().tags ?? []).length > 0}>
                <span class="chips">
                  <For each={c().tags}>{(t) => <span class="chip">{t}</span>}</For>
                </span>
              </Show>
              <Show when={c().notes}>
                <span class="muted notes">{c().notes}</span>
              </Show>
            </>
          )}
        </Show>
      </dd>
    </dl>
  );
}
