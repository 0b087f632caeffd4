import { createMemo, createSignal, For, type JSX, Match, Switch } from 'solid-js';
import type { AssociateList } from '../../../../shared/associates';
import type { LedgerEntryView, LedgerPage, MonthPayableView, PayableList } from '../../../../shared/commission';
import { problemOf } from '../api.core';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Alert, Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { useFiles } from '../files';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { money } from '../sales/money.core';
import { useConsole } from '../state';

const PAGE_SIZE = 50;
const KINDS = ['commission', 'adjustment', 'reversal', 'fee'] as const;

/** Ledger: what is owed per associate and month (locked, pending) with each statement; the append-only entries, a page at a time. */
export default function Ledger(): JSX.Element {
  const state = useConsole();
  const files = useFiles();
  const [month, setMonth] = createSignal('');
  const [kind, setKind] = createSignal('');
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [downloadError, setDownloadError] = createSignal<string | null>(null);
  const monthOk = () => (/^\d{4}-(0[1-9]|1[0-2])$/.test(month()) ? month() : undefined);
  const payable = useRead((m: { month: string | undefined }) => state.api.get<PayableList>('/commission/payable', { month: m.month }), () => ({ month: monthOk() }));
  const entries = useRead(
    (q: { cursor: string | null; month: string | undefined; kind: string }) => state.api.get<LedgerPage>('/commission/ledger', { limit: PAGE_SIZE, after: q.cursor, month: q.month, kind: q.kind }),
    () => ({ cursor: currentCursor(pager()), month: monthOk(), kind: kind() }),
  );
  const associates = useRead(() => state.api.get<AssociateList>('/associates').catch(() => ({ associates: [] }) as unknown as AssociateList));
  const names = createMemo(() => Object.fromEntries((associates.data.latest?.associates ?? []).map((a) => [a.id, a.displayName])));
  const who = (id: string) => names()[id] ?? id.slice(0, 8);
  const statement = async (p: MonthPayableView) => {
    setDownloadError(null);
    try {
      await files.download(`/commission/statements/${p.associateId}/${p.month}`, `commission-${p.associateId}-${p.month}.csv`);
    } catch (err) {
      setDownloadError(problemOf(err).message);
    }
  };
  const payableColumns: Column<MonthPayableView>[] = [
    { header: 'Associate', id: 'associate', cell: (c) => <span class="strong">{who(c.row.original.associateId)}</span> },
    { header: 'Month', accessorKey: 'month' },
    { header: 'Locked (payable)', id: 'locked', cell: (c) => money(c.row.original.lockedMinor, c.row.original.currency) },
    { header: 'Pending (in hold)', id: 'pending', cell: (c) => money(c.row.original.pendingMinor, c.row.original.currency) },
    { header: 'Total', id: 'total', cell: (c) => <span class="strong">{money(c.row.original.totalMinor, c.row.original.currency)}</span> },
    {
      id: 'statement',
      header: () => <span class="sr-only">Statement</span>,
      cell: (c) => (
        <button type="button" class="small-button" onClick={() => statement(c.row.original)}>
          Statement CSV<span class="sr-only"> of {who(c.row.original.associateId)} for {c.row.original.month}</span>
        </button>
      ),
    },
  ];
  const entryColumns: Column<LedgerEntryView>[] = [
    { header: 'When', accessorKey: 'at', cell: (c) => when(c.getValue<string>()) },
    { header: 'Associate', id: 'associate', cell: (c) => who(c.row.original.associateId) },
    { header: 'Kind', accessorKey: 'kind', cell: (c) => <span class={`tag ${c.row.original.amountMinor < 0 ? 'warn' : ''}`}>{c.row.original.kind}</span> },
    { header: 'Cause', accessorKey: 'cause' },
    { header: 'Amount', id: 'amount', cell: (c) => <span class="num">{money(c.row.original.amountMinor, c.row.original.currency)}</span> },
    { header: 'SKU · rule', id: 'what', cell: (c) => [c.row.original.sku, c.row.original.ruleId].filter(Boolean).join(' · ') || '—' },
    { header: 'Locks', id: 'locks', cell: (c) => (c.row.original.locked ? 'Locked' : `Pending until ${when(c.row.original.locksAt)}`) },
  ];
  return (
    <section class="page-section wide">
      <h1>Ledger</h1>
      <p class="lead">The commission ledger: append-only entries settled from the attributed orders, and what is owed to each associate per month. No money moves here; pay from the statements.</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter the ledger">
        <label>
          Month
          <input type="month" value={month()} onInput={(e) => (setMonth(e.currentTarget.value), setPager(FIRST_PAGE))} />
        </label>
        <label>
          Kind of entry
          <select value={kind()} onChange={(e) => (setKind(e.currentTarget.value), setPager(FIRST_PAGE))}>
            <option value="">Every kind</option>
            <For each={KINDS}>{(k) => <option value={k}>{k}</option>}</For>
          </select>
        </label>
      </form>
      <h2>Payable per associate and month</h2>
      <Alert message={downloadError()} />
      <Switch>
        <Match when={payable.problem()}>{(p) => <ErrorState problem={p()} retry={() => payable.refetch()} />}</Match>
        <Match when={!payable.data.latest}>
          <Loading what="what is payable" />
        </Match>
        <Match when={payable.data.latest?.payable.length === 0}>
          <Empty title="Nothing owed">No commission {monthOk() ? `in ${monthOk()}` : 'yet'}: entries appear as attributed orders settle.</Empty>
        </Match>
        <Match when={payable.data.latest}>{(l) => <ServerTable caption="Payable per associate and month" columns={payableColumns} rows={l().payable} rowKey={(p) => `${p.associateId}/${p.month}/${p.currency}`} />}</Match>
      </Switch>
      <h2>Entries</h2>
      <Switch>
        <Match when={entries.problem()}>{(p) => <ErrorState problem={p()} retry={() => entries.refetch()} />}</Match>
        <Match when={!entries.data.latest}>
          <Loading what="the entries" />
        </Match>
        <Match when={entries.data.latest?.entries.length === 0 && pageNumber(pager()) === 1}>
          <Empty title="No entries">Nothing in the ledger{monthOk() || kind() ? ' for these filters' : ' yet'}.</Empty>
        </Match>
        <Match when={entries.data.latest}>
          {(page) => (
            <ServerTable
              caption="Ledger entries, in order of their time"
              columns={entryColumns}
              rows={page().entries}
              rowKey={(e) => e.id}
              pager={cursorPager(pager, setPager, page().next)}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
