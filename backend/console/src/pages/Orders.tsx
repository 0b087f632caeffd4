import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AssociateList } from '../../../../shared/associates';
import type { OrderDetail, OrderList, OrderSummary } from '../../../../shared/orders';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { money } from '../sales/money.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

const MATCH: Record<string, string> = {
  stamped_engagement: 'the engagement stamped in the order',
  verified_customer: 'the verified customer',
  reporting_shopper: 'the shopper’s confirmation page',
};
const RULE: Record<string, string> = { last_touch: 'last touch', even: 'even split', time_decay: 'time decay' };
const UNATTRIBUTED: Record<string, string> = {
  no_identity: 'the order names no engagement, customer or reporting shopper',
  no_engagement: 'no engagement counted',
};

interface ReceiptShare {
  engagementId: string;
  associateId: string;
  weight: number;
  amount: number;
}
interface ReceiptView {
  rule?: string;
  windowDays?: number;
  match?: string;
  shares?: ReceiptShare[];
  passedOver?: { engagementId: string; why: string }[];
}

/** One order: its lines, the attribution's receipt, the credits after refunds and the refunds. */
function OrderPanel(props: { id: string; names: Record<string, string>; onClose: () => void }): JSX.Element {
  const state = useConsole();
  const order = useRead((id: string) => state.api.get<OrderDetail>(`/orders/${id}`), () => props.id);
  const receipt = () => (order.data.latest?.receipt ?? null) as ReceiptView | null;
  const who = (id: string) => props.names[id] ?? id;
  return (
    <section class="card detail" aria-labelledby="order-title">
      <Switch>
        <Match when={order.problem()}>{(p) => <ErrorState problem={p()} retry={() => order.refetch()} />}</Match>
        <Match when={!order.data.latest || order.data.latest.id !== props.id}>
          <Loading what="the order" />
        </Match>
        <Match when={order.data.latest}>
          {(o) => (
            <>
              <div class="page-head">
                <h2 id="order-title" tabindex="-1">
                  Order {o().number ?? o().orderId}
                </h2>
                <button type="button" class="small-button" onClick={() => props.onClose()}>
                  Close
                </button>
              </div>
              <dl class="kv">
                <dt>Shop’s id</dt>
                <dd>{o().orderId}</dd>
                <dt>Placed</dt>
                <dd>{when(o().placedAt)}</dd>
                <dt>Source</dt>
                <dd>{o().source}</dd>
                <dt>Net</dt>
                <dd>
                  {o().net} {o().currency}
                </dd>
                <dt>Credited now</dt>
                <dd>
                  {o().credited} {o().currency}
                </dd>
                <dt>Customer</dt>
                <dd>{o().customerId ?? '—'}</dd>
              </dl>
              <h3>Lines</h3>
              <div class="table-scroll server-table">
                <table>
                  <caption class="sr-only">The order’s lines</caption>
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">SKU</th>
                      <th scope="col">Category</th>
                      <th scope="col">Quantity</th>
                      <th scope="col">Net</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={o().lines}>
                      {(l) => (
                        <tr>
                          <td>{l.id}</td>
                          <td>{l.sku}</td>
                          <td>{l.category.join(' › ') || '—'}</td>
                          <td class="num">{l.quantity}</td>
                          <td class="num">
                            {l.net} {o().currency}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <h3>Attribution receipt</h3>
              <Show when={receipt()} fallback={<p>Not attributed: {UNATTRIBUTED[o().unattributedReason ?? ''] ?? o().unattributedReason ?? 'no reason given'}.</p>}>
                {(r) => (
                  <>
                    <p>
                      Found by {MATCH[r().match ?? ''] ?? r().match}; {RULE[r().rule ?? ''] ?? r().rule} over a {r().windowDays}-day window.
                    </p>
                    <ul>
                      <For each={r().shares ?? []}>
                        {(s) => (
                          <li>
                            {who(s.associateId)}: weight {s.weight}, {money(s.amount, o().currency)} (engagement <code>{s.engagementId.slice(0, 8)}</code>)
                          </li>
                        )}
                      </For>
                      <For each={r().passedOver ?? []}>
                        {(p) => (
                          <li class="muted">
                            Engagement <code>{p.engagementId.slice(0, 8)}</code> passed over: {p.why.replace(/_/g, ' ')}
                          </li>
                        )}
                      </For>
                    </ul>
                  </>
                )}
              </Show>
              <h3>Credits</h3>
              <Show when={o().credits.length > 0} fallback={<p class="muted">No credits.</p>}>
                <ul>
                  <For each={o().credits}>
                    {(c) => (
                      <li>
                        Line {c.lineId} → {who(c.associateId)}: {c.amount} {o().currency}
                        {c.refunded !== '0' && !/^0(\.0+)?$/.test(c.refunded) ? `, ${c.refunded} refunded` : ''}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <h3>Refunds</h3>
              <Show when={o().refunds.length > 0} fallback={<p class="muted">No refunds.</p>}>
                <ul>
                  <For each={o().refunds}>
                    {(f) => (
                      <li>
                        {f.id}, {when(f.refundedAt)}:{' '}
                        {f.scope.kind === 'whole_order'
                          ? 'the whole order'
                          : f.scope.kind === 'amount'
                            ? `${f.scope.amount} ${o().currency}`
                            : f.scope.lines.map((l) => `line ${l.lineId} ${l.amount} ${o().currency}`).join(', ')}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** Orders: the enterprise's orders, latest placed first, a page at a time; one order's lines, receipt, credits and refunds. */
export default function Orders(): JSX.Element {
  const state = useConsole();
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [status, setStatus] = createSignal('');
  const [open, setOpen] = createSignal<string | null>(null);
  const page = useRead((q: { cursor: string | null; status: string }) => state.api.get<OrderList>('/orders', { limit: PAGE_SIZE, before: q.cursor, status: q.status }), () => ({ cursor: currentCursor(pager()), status: status() }));
  const associates = useRead(() => state.api.get<AssociateList>('/associates').catch(() => ({ associates: [] }) as unknown as AssociateList));
  const names = createMemo(() => Object.fromEntries((associates.data.latest?.associates ?? []).map((a) => [a.id, a.displayName])));
  const columns: Column<OrderSummary>[] = [
    {
      header: 'Order',
      id: 'order',
      cell: (c) => (
        <button type="button" class="link" aria-expanded={open() === c.row.original.id} onClick={() => setOpen(c.row.original.id)}>
          {c.row.original.number ?? c.row.original.orderId}
        </button>
      ),
    },
    { header: 'Placed', accessorKey: 'placedAt', cell: (c) => when(c.getValue<string>()) },
    { header: 'Source', accessorKey: 'source' },
    { header: 'Net', id: 'net', cell: (c) => `${c.row.original.net} ${c.row.original.currency}` },
    { header: 'Credited', id: 'credited', cell: (c) => `${c.row.original.credited} ${c.row.original.currency}` },
    {
      header: 'Attribution',
      accessorKey: 'status',
      cell: (c) => <span class={`tag ${c.row.original.status === 'attributed' ? '' : 'warn'}`}>{c.row.original.status === 'attributed' ? 'Attributed' : 'Unattributed'}</span>,
    },
  ];
  return (
    <section class="page-section">
      <h1>Orders</h1>
      <p class="lead">The enterprise’s orders as its shop sent them, latest placed first, with what is credited to the associates’ engagements after refunds.</p>
      <Show when={open()}>{(id) => <OrderPanel id={id()} names={names()} onClose={() => setOpen(null)} />}</Show>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the orders" />
        </Match>
        <Match when={page.data.latest?.orders.length === 0 && pageNumber(pager()) === 1 && !status()}>
          <Empty title="No orders yet">Orders arrive from the shop: the order API, or Shopify’s and Segment’s webhooks (see Settings).</Empty>
        </Match>
        <Match when={page.data.latest}>
          {(list) => (
            <ServerTable
              caption="Orders"
              columns={columns}
              rows={list().orders}
              rowKey={(o) => o.id}
              filters={
                <label class="filters">
                  <span>Attribution</span>
                  <select
                    value={status()}
                    onChange={(e) => {
                      setStatus(e.currentTarget.value);
                      setPager(FIRST_PAGE);
                    }}
                  >
                    <option value="">All orders</option>
                    <option value="attributed">Attributed</option>
                    <option value="unattributed">Unattributed</option>
                  </select>
                </label>
              }
              pager={cursorPager(pager, setPager, list().nextBefore)}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
