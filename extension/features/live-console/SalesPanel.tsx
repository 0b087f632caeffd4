import { createSignal, For, onCleanup, Show } from '#imports';
import type { Accessor } from 'solid-js';
import type { ProductCard, ProductFacts, SalesInfo } from '../../../shared/sales';
import { linkUrl } from '../../../shared/page';
import type { ChatCard } from '../live-link/chat-log.core';
import { customerLine, pricesSeenLines, priceText, productCard, productInViewCard, resolutionText, stockText, trailLines } from './sales.core';
import type { SalesDesk } from './sales';
import { PageLink, PanelState } from './PanelState';
import { TextButton, type TextSender } from './PhonePanel';
import { textable } from './phone.core';

/** The desk's state as a Solid signal that follows every change. */
export function useDesk(desk: SalesDesk): Accessor<number> {
  const [version, setVersion] = createSignal(0);
  onCleanup(desk.subscribe(() => setVersion((v) => v + 1)));
  return version;
}

export interface CardSender {
  /** Sends the card into the chat; false when it cannot go now (the engagement ended). */
  send(card: ChatCard): boolean;
  /** Why nothing can be sent now (null: it can). */
  disabled(): string | null;
}

/**
 * The sales information for the engagement (GET …/sales-info): the product in view with the
 * catalogue's facts, prices and stock, the prices the shopper saw, external information,
 * alternatives and accessories in stock, the customer, the trail. Each product goes into the chat
 * as a card with "Send to chat". Loading, failure (in words, with "Try again") and nothing-yet
 * each say so.
 */
export function SalesPanel(props: { desk: SalesDesk; cards: CardSender; now: () => number; texts?: TextSender }) {
  const version = useDesk(props.desk);
  const load = () => (version(), props.desk.sales());
  const info = () => load().data;

  return (
    <section class="live-card live-sales" aria-label="Sales" data-testid="sales" data-state={load().status}>
      <PanelState title="Sales" load={load()} retry={() => void props.desk.refreshSales()} testId="sales">
        <button class="small-button" data-testid="sales-refresh" disabled={load().status === 'loading'} onClick={() => void props.desk.refreshSales()}>
          Refresh
        </button>
      </PanelState>
      <Show when={info()}>{(i) => <SalesBody info={i()} cards={props.cards} now={props.now} texts={props.texts} />}</Show>
    </section>
  );
}

function SalesBody(props: { info: SalesInfo; cards: CardSender; now: () => number; texts?: TextSender }) {
  const view = () => props.info.productInView;
  const nothing = () => !view() && props.info.alternatives.length === 0 && props.info.accessories.length === 0 && !props.info.customer && props.info.trail.length === 0;
  return (
    <>
      <Show when={nothing()}>
        <p class="muted small" data-testid="sales-empty">
          Nothing to show yet: the shopper has not looked at a product in this session.
        </p>
      </Show>
      <Show when={view()}>
        {(v) => (
          <div class="in-view" data-testid="sales-in-view">
            <h3>In view</h3>
            <Show when={v().product} fallback={<ProductLine name={v().name} url={v().url} />}>
              {(p) => <ProductFactsView product={p()} />}
            </Show>
            <Show when={resolutionText(v().resolution)}>
              {(why) => (
                <p class="small muted" data-testid="sales-resolution">
                  {why()}
                </p>
              )}
            </Show>
            <Show when={v().pricesSeen.length > 0}>
              <div class="prices-seen" data-testid="sales-prices-seen">
                <span class="muted small">Prices seen this session</span>
                <ul>
                  <For each={pricesSeenLines(v().pricesSeen, props.now(), v().product?.currency ?? null)}>
                    {(line) => (
                      <li>
                        <strong>{line.price}</strong> <span class="muted small">{line.ago}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            </Show>
            <Show when={v().external}>
              {(x) => (
                <div class="external" data-testid="sales-external">
                  <span class="muted small">
                    From {x().provider}
                    <Show when={x().rating !== null}>
                      {' · '}
                      <strong>{x().rating!.toFixed(1)} / 5</strong>
                      <Show when={x().reviewCount !== null}> ({x().reviewCount} reviews)</Show>
                    </Show>
                  </span>
                  <Show when={x().specifications.length > 0}>
                    <dl class="specs">
                      <For each={x().specifications.slice(0, 8)}>
                        {(s) => (
                          <>
                            <dt>{s.name}</dt>
                            <dd>{s.value}</dd>
                          </>
                        )}
                      </For>
                    </dl>
                  </Show>
                  <Show when={linkUrl(x().url)}>
                    <p class="small">
                      <PageLink url={x().url}>More at {x().provider}</PageLink>
                    </p>
                  </Show>
                </div>
              )}
            </Show>
            <div class="material-actions">
              <SendButton card={productInViewCard(v())} cards={props.cards} name={v().product?.name ?? v().name} testId="send-in-view" />
              <TextButton texts={props.texts} item={textable({ kind: 'product', card: productInViewCard(v()) })} name={v().product?.name ?? v().name} testId="text-in-view" />
            </div>
          </div>
        )}
      </Show>
      <ProductList title="Alternatives in stock" products={props.info.alternatives} cards={props.cards} texts={props.texts} testId="sales-alternatives" />
      <ProductList title="Accessories in stock" products={props.info.accessories} cards={props.cards} texts={props.texts} testId="sales-accessories" />
      <Show when={props.info.customer}>
        {(c) => (
          <div class="sales-customer" data-testid="sales-customer">
            <h3>Customer {c().externalId}</h3>
            <p class="small">{customerLine(c())} · verified</p>
            <Show when={c().tags.length > 0}>
              <p class="chips">
                <For each={c().tags}>{(t) => <span class="chip">{t}</span>}</For>
              </p>
            </Show>
            <Show when={c().notes}>
              <p class="small muted notes">{c().notes}</p>
            </Show>
          </div>
        )}
      </Show>
      <Show when={props.info.trail.length > 0}>
        <div class="trail" data-testid="sales-trail">
          <h3>Trail</h3>
          <ol>
            <For each={trailLines(props.info.trail, props.now())}>
              {(line) => (
                <li data-kind={line.kind}>
                  <span class="muted">{line.verb} </span>
                  <PageLink url={line.url}>{line.label}</PageLink>
                  <Show when={line.times > 1}>
                    <span class="muted"> ×{line.times}</span>
                  </Show>
                  <span class="muted small trail-ago"> {line.ago}</span>
                </li>
              )}
            </For>
          </ol>
        </div>
      </Show>
    </>
  );
}

function ProductLine(props: { name: string; url: string }) {
  return (
    <p>
      <PageLink url={props.url}>
        <strong>{props.name}</strong>
      </PageLink>
    </p>
  );
}

function ProductFactsView(props: { product: ProductFacts }) {
  const price = () => priceText(props.product);
  const facts = () => Object.entries(props.product.attributes).slice(0, 6);
  return (
    <div class="product-facts" data-testid="sales-product">
      <Show when={linkUrl(props.product.imageUrl)}>{(src) => <img class="product-image" src={src()} alt="" loading="lazy" referrerpolicy="no-referrer" />}</Show>
      <div>
        <ProductLine name={props.product.name} url={props.product.url ?? ''} />
        <p class="small muted">{[props.product.brand, props.product.category.join(' › ')].filter(Boolean).join(' · ')}</p>
        <p>
          <strong class="price" data-testid="sales-price">
            {price().price}
          </strong>
          <Show when={price().was}>{(was) => <span class="muted small was"> {was()}</span>}</Show>
        </p>
        <p class="small" data-testid="sales-stock" classList={{ warn: props.product.availability !== 'in_stock' }}>
          {stockText(props.product.availability, props.product.stock)} · SKU {props.product.sku}
        </p>
        <Show when={facts().length > 0}>
          <dl class="specs">
            <For each={facts()}>
              {([name, value]) => (
                <>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </>
              )}
            </For>
          </dl>
        </Show>
      </div>
    </div>
  );
}

function ProductList(props: { title: string; products: ProductFacts[]; cards: CardSender; texts?: TextSender; testId: string }) {
  return (
    <Show when={props.products.length > 0}>
      <div class="product-list" data-testid={props.testId}>
        <h3>{props.title}</h3>
        <ul>
          <For each={props.products}>
            {(p) => (
              <li data-testid="sales-item">
                <div class="item-text">
                  <PageLink url={p.url}>{p.name}</PageLink>
                  <span class="muted small">
                    {priceText(p).price} · {stockText(p.availability, p.stock)}
                  </span>
                </div>
                <div class="material-actions">
                  <SendButton card={productCard(p)} cards={props.cards} name={p.name} testId="send-item" />
                  <TextButton texts={props.texts} item={textable({ kind: 'product', card: productCard(p) })} name={p.name} testId="text-item" />
                </div>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}

/** "Send to chat" for one product: shows "Sent" a moment after; disabled (with why) when it cannot go. */
function SendButton(props: { card: ProductCard | null; cards: CardSender; name: string; testId: string }) {
  const [sent, setSent] = createSignal(false);
  const why = () => (props.card ? props.cards.disabled() : 'This product has no web page to send.');
  return (
    <button
      class="small-button"
      data-testid={props.testId}
      aria-label={`Send ${props.name} to the chat`}
      disabled={why() !== null}
      title={why() ?? undefined}
      onClick={() => {
        if (props.card && props.cards.send({ kind: 'product', card: props.card })) setSent(true);
      }}
    >
      {sent() ? 'Sent ✓ · send again' : 'Send to chat'}
    </button>
  );
}
