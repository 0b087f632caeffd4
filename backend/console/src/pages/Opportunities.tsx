import { A } from '@solidjs/router';
import { createSignal, type JSX, Match, Switch } from 'solid-js';
import type { OpportunityList, OpportunityView } from '../../../../shared/rules';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { closeText, listQuery, NO_FILTERS, type OpportunityFilters, reasonsText, STATUS_TEXT } from '../matching/opportunities.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** Opportunities: the enterprise's, most recently opened first, filtered and paged by the server; each opens its rankings. */
export default function Opportunities(): JSX.Element {
  const state = useConsole();
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [filters, setFilters] = createSignal<OpportunityFilters>(NO_FILTERS);
  // What is typed applies on "Search" (or Enter), so each key does not ask the server.
  const [typed, setTyped] = createSignal<OpportunityFilters>(NO_FILTERS);
  const page = useRead(
    (q: { cursor: string | null; f: OpportunityFilters }) => state.api.get<OpportunityList>('/opportunities', listQuery(q.f, PAGE_SIZE, q.cursor)),
    () => ({ cursor: currentCursor(pager()), f: filters() }),
  );
  const apply = (f: OpportunityFilters) => {
    setFilters(f);
    setPager(FIRST_PAGE);
  };
  const filtered = () => JSON.stringify(filters()) !== JSON.stringify(NO_FILTERS);
  const columns: Column<OpportunityView>[] = [
    { header: 'Opened', accessorKey: 'openedAt', cell: (c) => <A href={`/opportunities/${c.row.original.id}`}>{when(c.getValue<string>())}</A> },
    { header: 'Status', accessorKey: 'status', cell: (c) => <span class={`tag ${c.row.original.status === 'unserved' ? 'warn' : ''}`}>{STATUS_TEXT[c.row.original.status]}</span> },
    { header: 'Score', accessorKey: 'score', cell: (c) => <span class="num">{Number(c.row.original.score.toFixed(2))}</span> },
    { header: 'Why it opened', id: 'reasons', cell: (c) => reasonsText(c.row.original) },
    { header: 'Category', id: 'category', cell: (c) => `${c.row.original.segment.category.join(' › ') || '—'} (level ${c.row.original.segment.minLevel}+)` },
    { header: 'Closed', id: 'closed', cell: (c) => (c.row.original.closedAt ? `${when(c.row.original.closedAt)}${c.row.original.closeReason ? `, ${closeText(c.row.original)}` : ''}` : '—') },
  ];
  const set = (k: keyof OpportunityFilters) => (e: { currentTarget: { value: string } }) => setTyped((f) => ({ ...f, [k]: e.currentTarget.value }));
  const filterForm = (
    <form
      class="filters"
      role="search"
      aria-label="Filter the opportunities"
      onSubmit={(e) => {
        e.preventDefault();
        apply(typed());
      }}
    >
      <label>
        <span>Status</span>
        <select
          name="status"
          value={typed().status}
          onChange={(e) => {
            const next = { ...typed(), status: e.currentTarget.value as OpportunityFilters['status'] };
            setTyped(next);
            apply(next);
          }}
        >
          <option value="">Any status</option>
          <option value="offering">Offering</option>
          <option value="engaged">Engaged</option>
          <option value="unserved">Unserved</option>
          <option value="cancelled">Cancelled</option>
        </select>
      </label>
      <label>
        <span>Rule (condition id)</span>
        <input name="rule" value={typed().rule} onInput={set('rule')} placeholder="e.g. came-back" />
      </label>
      <label>
        <span>Site</span>
        <input name="site" value={typed().site} onInput={set('site')} placeholder="e.g. shop.example" />
      </label>
      <label>
        <span>Opened from</span>
        <input name="from" type="date" value={typed().from} onInput={set('from')} />
      </label>
      <label>
        <span>Opened to</span>
        <input name="to" type="date" value={typed().to} onInput={set('to')} />
      </label>
      <button type="submit" class="primary">
        Search
      </button>
      <button
        type="button"
        class="secondary"
        disabled={!filtered()}
        onClick={() => {
          setTyped(NO_FILTERS);
          apply(NO_FILTERS);
        }}
      >
        Clear
      </button>
    </form>
  );
  return (
    <section class="page-section wide">
      <h1>Opportunities</h1>
      <p class="lead">Shoppers the rules found worth an associate’s time, most recently opened first. Open one to see every ranking it had and the offers made from each.</p>
      {filterForm}
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the opportunities" />
        </Match>
        <Match when={page.data.latest?.opportunities.length === 0 && pageNumber(pager()) === 1}>
          <Empty title={filtered() ? 'No opportunity matches these filters' : 'No opportunities yet'}>
            {filtered() ? 'Clear the filters or widen the dates.' : 'Opportunities open as shoppers meet the opportunity rules on the enterprise’s sites.'}
          </Empty>
        </Match>
        <Match when={page.data.latest}>
          {(list) => <ServerTable caption="Opportunities" columns={columns} rows={list().opportunities} rowKey={(o) => o.id} pager={cursorPager(pager, setPager, list().nextBefore)} />}
        </Match>
      </Switch>
    </section>
  );
}
