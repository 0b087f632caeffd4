import { A } from '@solidjs/router';
import { createSignal, For, type JSX, Match, Switch } from 'solid-js';
import type { ApplicationPage, ApplicationSummary } from '../../../../shared/registration';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { day, useRead, when } from '../data';
import { categoryText, checkTone, checkWords, DEFAULT_FILTER, emptyQueueText, QUEUE_FILTERS, type QueueFilter, queueQuery, STATUS_CLASS, STATUS_LABELS, waitingFor } from '../marketplace/vetting.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** The check's words in the queue, tinted when the report came back `consider`. */
export function CheckTag(props: { check: ApplicationSummary['check'] }): JSX.Element {
  const tone = () => checkTone(props.check);
  return <span class={`check-state ${tone()}`}>{checkWords(props.check, day)}</span>;
}

/** The vetting queue: applications to the marketplace, those waiting on the operator first, filtered, searched and paged by the server. */
export default function MarketplaceApplications(): JSX.Element {
  const state = useConsole();
  const [filter, setFilter] = createSignal<QueueFilter>(DEFAULT_FILTER);
  const [q, setQ] = createSignal('');
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const page = useRead(
    (at: ReturnType<typeof queueQuery>) => state.api.get<ApplicationPage>('/marketplace/applications', at),
    () => queueQuery(filter(), q(), PAGE_SIZE, currentCursor(pager())),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = (text: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      setQ(text);
      setPager(FIRST_PAGE);
    }, 250);
  };
  const now = Date.now();
  const columns: Column<ApplicationSummary>[] = [
    {
      header: 'Applicant and e-mail',
      id: 'name',
      cell: (c) => (
        <div class="stacked">
          <A href={`/marketplace/applications/${c.row.original.id}`} class="strong">
            {c.row.original.displayName}
          </A>
          <span class="small">
            {c.row.original.givenName} {c.row.original.familyName}
          </span>
          <span class="muted small">{c.row.original.email}</span>
          {c.row.original.previousApplicationId ? <span class="muted small">Applied again (an earlier application ended)</span> : null}
        </div>
      ),
    },
    { header: 'Country', accessorKey: 'country' },
    {
      header: 'Categories',
      id: 'categories',
      cell: (c) => (
        <span class="chips">
          <For each={c.row.original.categories.slice(0, 3)}>{(path) => <span class="chip">{categoryText(path)}</span>}</For>
          {c.row.original.categories.length > 3 ? <span class="muted small">+{c.row.original.categories.length - 3}</span> : null}
        </span>
      ),
    },
    { header: 'Status', id: 'status', cell: (c) => <span class={`tag ${STATUS_CLASS[c.row.original.status]}`}>{STATUS_LABELS[c.row.original.status]}</span> },
    { header: 'Check', id: 'check', cell: (c) => <CheckTag check={c.row.original.check} /> },
    {
      header: 'Waiting',
      id: 'since',
      cell: (c) => (
        <span class="nowrap" title={when(c.row.original.updatedAt)}>
          {waitingFor(c.row.original.updatedAt, now)}
        </span>
      ),
    },
  ];
  const filters = (
    <div class="filters">
      <label>
        Status
        <select
          name="status"
          value={filter()}
          onChange={(e) => {
            setFilter(e.currentTarget.value as QueueFilter);
            setPager(FIRST_PAGE);
          }}
        >
          <For each={QUEUE_FILTERS}>{([value, label]) => <option value={value}>{label}</option>}</For>
        </select>
      </label>
      <label>
        Search
        <input type="search" name="q" placeholder="Name or e-mail" value={q()} onInput={(e) => search(e.currentTarget.value)} />
      </label>
    </div>
  );
  return (
    <section class="page-section wide">
      <h1>Applications</h1>
      <p class="lead">People applying to sell on the marketplace as independent associates. Those waiting longest come first; open one to see its answers, the joining rules it met, its background check and its history, and decide.</p>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the applications" />
        </Match>
        <Match when={page.data.latest}>
          {(l) => (
            <>
              <div class="queue-table"><ServerTable caption="Applications" columns={columns} rows={l().applications} rowKey={(a) => a.id} filters={filters} pager={cursorPager(pager, setPager, l().next)} /></div>
              {l().applications.length === 0 && pageNumber(pager()) === 1 ? (
                <Empty title="No applications here">{emptyQueueText(filter(), q())}</Empty>
              ) : null}
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
