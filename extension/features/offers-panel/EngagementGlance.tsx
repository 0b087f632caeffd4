import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from '#imports';
import type { EngagementView } from '../../../shared/realtime';
import { practicesChangedItem } from '../live-console/console-context';
import { focusLiveConsole } from '../live-console/open-console';
import { PageLink, PanelState } from '../live-console/PanelState';
import { bothLoads, createSalesDesk, type Load, type SalesApi } from '../live-console/sales';
import { type ConsoleContext, engagementGlance, shopOf, shopperTitle } from '../live-console/sales.core';
import { useDesk } from '../live-console/SalesPanel';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';

/** How often the card reads the engagement again while it is in sight. */
export const GLANCE_REFRESH_MS = 20_000;

/** Whether the panel's page is in sight (the browser's tab or side panel shown), as a signal. */
export function usePageVisible(): () => boolean {
  const [visible, setVisible] = createSignal(document.visibilityState !== 'hidden');
  const follow = () => setVisible(document.visibilityState !== 'hidden');
  document.addEventListener('visibilitychange', follow);
  onCleanup(() => document.removeEventListener('visibilitychange', follow));
  return visible;
}

/**
 * "In this engagement": the accepted engagements' shoppers at a glance, at the top of the Offers
 * tab (one card each, newest first). Keyed by id, so a board update does not read them again.
 */
export function EngagementGlances(props: {
  engagements: readonly EngagementView[];
  contexts: Record<string, ConsoleContext> | undefined;
  api: SalesApi | null;
  visible: () => boolean;
  locale?: string;
}) {
  const ids = () => props.engagements.filter((e) => e.status === 'accepted').map((e) => e.id);
  return (
    <Show when={props.api}>
      {(api) => (
        <For each={ids()}>
          {(id) => (
            <EngagementGlance
              engagement={props.engagements.find((e) => e.id === id)!}
              context={props.contexts?.[id] ?? null}
              api={api()}
              visible={props.visible}
              locale={props.locale}
            />
          )}
        </For>
      )}
    </Show>
  );
}

/**
 * One accepted engagement in the side panel: the shopper and the shop, the product in view
 * (price, list price during a sale, stock, rating), the first alternative and accessory in
 * stock, the top-ranked technique, and "Open the console". Read with the console's own desk
 * (GET …/sales-info and …/practices) when shown, the practices again on the realtime
 * `practices` message, both every GLANCE_REFRESH_MS while `visible()` (and at once when it comes
 * back into sight after longer).
 */
export function EngagementGlance(props: { engagement: EngagementView; context: ConsoleContext | null; api: SalesApi; visible: () => boolean; locale?: string; everyMs?: number }) {
  const id = props.engagement.id;
  // Read through the props, so a new token (signed in again) is used by the next read.
  const desk = createSalesDesk({
    engagementId: id,
    api: { salesInfo: (e) => props.api.salesInfo(e), practices: (e) => props.api.practices(e), usage: (e, u) => props.api.usage(e, u) },
  });
  const version = useDesk(desk);
  const every = props.everyMs ?? GLANCE_REFRESH_MS;
  let readAt = Date.now();
  const refresh = () => {
    readAt = Date.now();
    void desk.refreshSales();
    void desk.refreshPractices();
  };
  const retry = () => {
    readAt = Date.now();
    if (desk.sales().status === 'error') void desk.refreshSales();
    if (desk.practices().status === 'error') void desk.refreshPractices();
  };

  onMount(() => void desk.start());
  const timer = setInterval(() => {
    if (props.visible()) refresh();
  }, every);
  onCleanup(() => {
    clearInterval(timer);
    desk.dispose();
  });
  // Back in sight after a while: what it shows may be old.
  createEffect(on(props.visible, (visible) => visible && Date.now() - readAt >= every && refresh(), { defer: true }));
  const unwatch = practicesChangedItem.watch((changed) => {
    if (changed?.engagementId === id) void desk.refreshPractices();
  });
  onCleanup(unwatch);

  const load = () => (version(), bothLoads(desk.sales(), desk.practices()));
  // A read over what is shown is not announced every 20 s: only the first "Loading…" and failures.
  const shown = (): Load<unknown> => {
    const l = load();
    return l.status === 'loading' && l.data ? { status: 'ready', data: l.data, error: null } : l;
  };
  const glance = () => engagementGlance(load().data?.first ?? null, load().data?.second ?? null, props.locale);
  const shopper = () => shopperTitle(null, load().data?.first.customer);
  const shop = () => shopOf(props.context) ?? props.engagement.shopper.site;
  const open = createAction('Could not open the console', () => focusLiveConsole(id));

  return (
    <section class="glance" aria-label="In this engagement" aria-busy={load().status === 'loading'} data-testid="glance" data-engagement-id={id} data-state={load().status}>
      <PanelState title="In this engagement" load={shown()} retry={retry} testId="glance" />
      <p class="glance-who">
        <strong data-testid="glance-shopper">{shopper()}</strong>
        <Show when={shop()}>
          {(s) => (
            <span class="muted" data-testid="glance-shop">
              {' '}
              at {s()}
            </span>
          )}
        </Show>
      </p>
      <Show when={load().data}>
        <Show
          when={glance().product}
          fallback={
            <p class="muted small" data-testid="glance-empty">
              No product in view yet: the shopper has not looked at one in this session.
            </p>
          }
        >
          {(p) => (
            <div class="glance-product" data-testid="glance-product">
              <PageLink url={p().url}>
                <strong>{p().name}</strong>
              </PageLink>
              <p>
                <Show when={p().price}>
                  {(price) => (
                    <strong class="price" data-testid="glance-price">
                      {price()}
                    </strong>
                  )}
                </Show>
                <Show when={p().was}>{(was) => <span class="muted small" data-testid="glance-was"> {was()}</span>}</Show>
              </p>
              <p class="small">
                <Show when={p().stock}>
                  {(stock) => (
                    <span data-testid="glance-stock" classList={{ warn: !p().inStock }}>
                      {stock()}
                    </span>
                  )}
                </Show>
                <Show when={p().rating}>
                  {(rating) => (
                    <>
                      <Show when={p().stock}>{' · '}</Show>
                      <span class="muted" data-testid="glance-rating">
                        <span aria-hidden="true">★ </span>
                        <span class="sr-only">Rated </span>
                        {rating()}
                      </span>
                    </>
                  )}
                </Show>
              </p>
            </div>
          )}
        </Show>
        <Show when={glance().alternative || glance().accessory || glance().technique}>
          <dl class="summary glance-more">
            <For
              each={[
                { term: 'Alternative', item: glance().alternative, testId: 'glance-alternative' },
                { term: 'Accessory', item: glance().accessory, testId: 'glance-accessory' },
              ]}
            >
              {(row) => (
                <Show when={row.item}>
                  {(item) => (
                    <>
                      <dt>{row.term}</dt>
                      <dd data-testid={row.testId}>
                        <PageLink url={item().url}>{item().name}</PageLink>
                        <span class="muted"> · {item().price}</span>
                      </dd>
                    </>
                  )}
                </Show>
              )}
            </For>
            <Show when={glance().technique}>
              {(title) => (
                <>
                  <dt>Technique</dt>
                  <dd data-testid="glance-technique">{title()}</dd>
                </>
              )}
            </Show>
          </dl>
        </Show>
      </Show>
      <div class="actions">
        <button class="primary" data-testid="glance-open" disabled={open.busy()} onClick={() => void open.run()}>
          Open the console
        </button>
      </div>
      <Alert message={open.error()} testId="glance-open-error" />
    </section>
  );
}
