import { Dialog } from '@kobalte/core/dialog';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AuditEntry, AuditPage, MarketplaceEnterpriseList } from '../../../../shared/console';
import { DialogFrame } from '../components/Confirm';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { actorText, type AuditFilters, auditQuery, changedKeys, jsonText, NO_AUDIT_FILTERS } from '../marketplace/marketplace.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** One entry's before and after, opened on demand in a dialog (Kobalte: focus kept inside, Escape closes). */
function Change(props: { entry: AuditEntry }): JSX.Element {
  const keys = () => changedKeys(props.entry.before, props.entry.after);
  return (
    <Show when={props.entry.before !== null || props.entry.after !== null} fallback={<span class="muted">—</span>}>
      <Dialog>
        <Dialog.Trigger class="link">{keys().length ? `Changed: ${keys().slice(0, 3).join(', ')}${keys().length > 3 ? '…' : ''}` : 'Before and after'}</Dialog.Trigger>
        <DialogFrame title={props.entry.subject ?? props.entry.action} description={`${actorText(props.entry.actor)}, ${when(props.entry.at)}: ${props.entry.action} (${props.entry.status}).${keys().length ? ` Changed: ${keys().join(', ')}.` : ''}`} wide>
          <div class="split audit-change">
            <div>
              <p class="muted small">Before</p>
              <pre class="pre" tabindex="0" aria-label="Before">{jsonText(props.entry.before)}</pre>
            </div>
            <div>
              <p class="muted small">After</p>
              <pre class="pre" tabindex="0" aria-label="After">{jsonText(props.entry.after)}</pre>
            </div>
          </div>
          <div class="actions">
            <Dialog.CloseButton class="secondary" aria-label="Close">
              Close
            </Dialog.CloseButton>
          </div>
        </DialogFrame>
      </Dialog>
    </Show>
  );
}

/** The marketplace's audit log: every change by anyone in any enterprise and by the operators, filtered and paged by the server, newest first. */
export default function MarketplaceAudit(): JSX.Element {
  const state = useConsole();
  const [filters, setFilters] = createSignal<AuditFilters>(NO_AUDIT_FILTERS);
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const page = useRead((q: ReturnType<typeof auditQuery>) => state.api.get<AuditPage>('/marketplace/audit', q), () => auditQuery(filters(), PAGE_SIZE, currentCursor(pager())));
  const enterprises = useRead(() => state.api.get<MarketplaceEnterpriseList>('/marketplace/enterprises', { sort: 'name' }).catch(() => ({ enterprises: [] })));
  const names = () => Object.fromEntries((enterprises.data.latest?.enterprises ?? []).map((e) => [e.id, e.name]));
  const enterpriseName = (id: string | null) => (id ? (names()[id] ?? id.slice(0, 8)) : 'marketplace');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const change = (patch: Partial<AuditFilters>, wait = 0) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      setFilters((f) => ({ ...f, ...patch }));
      setPager(FIRST_PAGE);
    }, wait);
  };
  const columns: Column<AuditEntry>[] = [
    { header: 'When', accessorKey: 'at', cell: (c) => when(c.getValue<string>()) },
    { header: 'Who', id: 'actor', cell: (c) => actorText(c.row.original.actor) },
    { header: 'Enterprise', id: 'enterprise', cell: (c) => <span classList={{ muted: !c.row.original.enterpriseId }}>{enterpriseName(c.row.original.enterpriseId)}</span> },
    {
      header: 'What',
      id: 'what',
      cell: (c) => (
        <div class="stacked">
          <span class="strong">{c.row.original.subject ?? c.row.original.action}</span>
          <span class="muted small url">
            {c.row.original.subject ? `${c.row.original.action} · ` : ''}
            {c.row.original.status}
          </span>
        </div>
      ),
    },
    { header: 'Change', id: 'change', cell: (c) => <Change entry={c.row.original} /> },
  ];
  const filterFields = (
    <div class="filters">
      <label>
        Search
        <input type="search" name="q" placeholder="What, or the path" onInput={(e) => change({ q: e.currentTarget.value }, 300)} />
      </label>
      <label>
        Who
        <select name="actor" onChange={(e) => change({ actor: e.currentTarget.value as AuditFilters['actor'] })}>
          <option value="">Anyone</option>
          <option value="operator">Operators</option>
          <option value="user">Console users</option>
          <option value="key">API keys</option>
        </select>
      </label>
      <label>
        Enterprise
        <select name="enterpriseId" onChange={(e) => change({ enterpriseId: e.currentTarget.value })}>
          <option value="">All</option>
          <For each={enterprises.data.latest?.enterprises ?? []}>{(e) => <option value={e.id}>{e.name}</option>}</For>
        </select>
      </label>
      <label>
        From
        <input type="date" name="from" onChange={(e) => change({ from: e.currentTarget.value })} />
      </label>
      <label>
        To
        <input type="date" name="to" onChange={(e) => change({ to: e.currentTarget.value })} />
      </label>
    </div>
  );
  const filtered = () => JSON.stringify(filters()) !== JSON.stringify(NO_AUDIT_FILTERS);
  return (
    <section class="page-section wide">
      <h1>Audit</h1>
      <p class="lead">Every change made in the marketplace, newest first: by whom (an operator, a console user, an API key), where, and what it was before and after.</p>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the audit log" />
        </Match>
        <Match when={page.data.latest?.entries.length === 0 && pageNumber(pager()) === 1 && !filtered()}>
          <Empty title="Nothing recorded yet">Changes appear here as they are made.</Empty>
        </Match>
        <Match when={page.data.latest}>
          {(l) => (
            <>
              <ServerTable caption="Audit log" columns={columns} rows={l().entries} rowKey={(e) => e.id} filters={filterFields} pager={cursorPager(pager, setPager, l().next)} />
              {l().entries.length === 0 ? <p class="muted">No entry matches these filters.</p> : null}
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
