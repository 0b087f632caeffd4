import { A } from '@solidjs/router';
import { createSignal, type JSX, Match, Switch } from 'solid-js';
import type { SessionList } from '../../../../shared/api';
import type { SessionSummary } from '../../../../shared/session';
import { type Column, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { duration, useRead, when } from '../data';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** The cart's value as the session last saw it. */
export function cartOf(s: SessionSummary): string {
  const cart = s.aggregate.cart;
  if (!cart.items.length) return '—';
  return `${cart.items.length} item${cart.items.length === 1 ? '' : 's'}, ${cart.value}${cart.currency ? ` ${cart.currency}` : ''}`;
}

/** Sessions: the enterprise's shoppers' sessions, most recent first, a page at a time (the server's cursor). */
export default function Sessions(): JSX.Element {
  const state = useConsole();
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const page = useRead((at: { cursor: string | null }) => state.api.get<SessionList>('/sessions', { limit: PAGE_SIZE, before: at.cursor }), () => ({ cursor: currentCursor(pager()) }));
  const columns: Column<SessionSummary>[] = [
    { header: 'Started', accessorKey: 'startedAt', cell: (c) => <A href={`/sessions/${c.row.original.id}`}>{when(c.getValue<string>())}</A> },
    { header: 'Last event', accessorKey: 'lastEventAt', cell: (c) => when(c.getValue<string>()) },
    { header: 'Pages', id: 'pages', cell: (c) => c.row.original.aggregate.pageViews },
    { header: 'Products seen', id: 'products', cell: (c) => c.row.original.aggregate.products.length },
    { header: 'Searches', id: 'searches', cell: (c) => c.row.original.aggregate.searches.length },
    { header: 'Cart', id: 'cart', cell: (c) => cartOf(c.row.original) },
    { header: 'Time on pages', id: 'dwell', cell: (c) => duration(c.row.original.aggregate.dwellMs) },
  ];
  return (
    <section class="page-section">
      <h1>Sessions</h1>
      <p class="lead">What shoppers who opted in did on the enterprise’s sites, most recent first.</p>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the sessions" />
        </Match>
        <Match when={page.data.latest?.sessions.length === 0 && pageNumber(pager()) === 1}>
          <Empty title="No sessions yet">Sessions appear here as shoppers with the extension browse the enterprise’s sites.</Empty>
        </Match>
        <Match when={page.data.latest}>
          {(list) => (
            <ServerTable
              caption="Sessions"
              columns={columns}
              rows={list().sessions}
              rowKey={(s) => s.id}
              pager={{
                label: `Page ${pageNumber(pager())}`,
                hasPrevious: pageNumber(pager()) > 1,
                hasNext: !!list().nextBefore,
                previous: () => setPager(previousPage),
                next: () => setPager((p) => nextPage(p, list().nextBefore)),
              }}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
