import { A } from '@solidjs/router';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AssociateList } from '../../../../shared/associates';
import type { EnterpriseEngagement, EnterpriseEngagementList } from '../../../../shared/engagement-history';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { type EngagementFilters, engagementQuery, filtered, NO_ENGAGEMENT_FILTERS, outcomeShort, STATUS_LABEL } from '../live/engagements.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** Engagements: every engagement of the enterprise, newest invitation first, narrowed by associate, status, outcome and days; each opens its timeline. */
export default function Engagements(): JSX.Element {
  const state = useConsole();
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [filters, setFilters] = createSignal<EngagementFilters>(NO_ENGAGEMENT_FILTERS);
  const page = useRead(
    (q: { cursor: string | null; f: EngagementFilters }) => state.api.get<EnterpriseEngagementList>('/enterprise/engagements', engagementQuery(q.f, PAGE_SIZE, q.cursor)),
    () => ({ cursor: currentCursor(pager()), f: filters() }),
  );
  const associates = useRead(() => state.api.get<AssociateList>('/associates').catch(() => ({ associates: [] }) as unknown as AssociateList));
  const set = (key: keyof EngagementFilters, value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPager(FIRST_PAGE);
  };

  const columns: Column<EnterpriseEngagement>[] = [
    { header: 'Invited', accessorKey: 'invitedAt', cell: (c) => <A class="nowrap" href={`/engagements/${c.row.original.id}`}>{when(c.getValue<string>())}</A> },
    { header: 'Associate', id: 'associate', cell: (c) => <span class="nowrap">{c.row.original.associate.displayName}</span> },
    {
      header: 'Status',
      accessorKey: 'status',
      cell: (c) => {
        const s = c.row.original.status;
        return <span class={`tag ${s === 'declined' || s === 'expired' ? 'warn' : s === 'invited' ? 'invited' : ''}`}>{STATUS_LABEL[s]}</span>;
      },
    },
    { header: 'Category', id: 'category', cell: (c) => c.row.original.category.join(' › ') || '—' },
    { header: 'Outcome', id: 'outcome', cell: (c) => outcomeShort(c.row.original.outcome) },
    { header: 'Ended', accessorKey: 'endedAt', cell: (c) => <span class="nowrap">{when(c.getValue<string | null>())}</span> },
  ];

  const filterBar = (
    <form class="filters" aria-label="Filter the engagements" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>Associate</span>
        <select value={filters().associate} onChange={(e) => set('associate', e.currentTarget.value)}>
          <option value="">Everyone</option>
          <For each={associates.data.latest?.associates ?? []}>{(a) => <option value={a.id}>{a.displayName}</option>}</For>
        </select>
      </label>
      <label>
        <span>Status</span>
        <select value={filters().status} onChange={(e) => set('status', e.currentTarget.value)}>
          <option value="">Any</option>
          <For each={Object.entries(STATUS_LABEL)}>{([value, label]) => <option value={value}>{label}</option>}</For>
        </select>
      </label>
      <label>
        <span>Outcome</span>
        <select value={filters().outcome} onChange={(e) => set('outcome', e.currentTarget.value)}>
          <option value="">Any</option>
          <option value="sale">Sale</option>
          <option value="no_sale">No sale</option>
          <option value="none">Not recorded</option>
        </select>
      </label>
      <label>
        <span>Invited from</span>
        <input type="date" value={filters().from} onChange={(e) => set('from', e.currentTarget.value)} />
      </label>
      <label>
        <span>Invited to</span>
        <input type="date" value={filters().to} onChange={(e) => set('to', e.currentTarget.value)} />
      </label>
      <button type="button" class="small-button" disabled={!filtered(filters())} onClick={() => (setFilters(NO_ENGAGEMENT_FILTERS), setPager(FIRST_PAGE))}>
        Clear filters
      </button>
    </form>
  );

  return (
    <section class="page-section wide">
      <h1>Engagements</h1>
      <p class="lead">Every engagement of the enterprise’s associates, newest invitation first. Open one for its timeline: the offer, the channels, the transcript, the outcome and the orders credited.</p>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the engagements" />
        </Match>
        <Match when={page.data.latest?.engagements.length === 0 && pageNumber(pager()) === 1 && !filtered(filters())}>
          <Empty title="No engagements yet">An engagement begins when an associate takes an opportunity and invites the shopper.</Empty>
        </Match>
        <Match when={page.data.latest}>
          {(list) => (
            <>
              <ServerTable caption="Engagements" columns={columns} rows={list().engagements} rowKey={(e) => e.id} filters={filterBar} pager={cursorPager(pager, setPager, list().nextBefore)} />
              <Show when={list().engagements.length === 0}>
                <Empty title="No engagement matches">Change or clear the filters.</Empty>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
