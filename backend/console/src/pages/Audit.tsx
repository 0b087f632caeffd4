import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AuditEntry, AuditPage } from '../../../../shared/console';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { type ActorKind, actorLine, type AuditFilters, auditQuery, entryTitle, NO_FILTERS } from '../settings/audit.core';
import { jsonDiff, pathLabel, shortValue } from '../settings/json-diff.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** One entry's before and after, field by field. */
function EntryDiff(props: { entry: AuditEntry }): JSX.Element {
  const changes = () => jsonDiff(props.entry.before, props.entry.after);
  return (
    <div class="audit-detail">
      <dl class="kv">
        <dt>Route</dt>
        <dd>
          <code>{props.entry.action}</code>
        </dd>
        <dt>Path</dt>
        <dd>
          <code>{props.entry.path}</code>
        </dd>
        <dt>Answered</dt>
        <dd>{props.entry.status}</dd>
      </dl>
      <Show when={changes().length > 0} fallback={<p class="muted">No before or after recorded for this change.</p>}>
        <table class="diff">
          <caption class="sr-only">What changed</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            <For each={changes()}>
              {(c) => (
                <tr class={c.kind}>
                  <th scope="row">
                    <code>{pathLabel(c.path)}</code>
                  </th>
                  <td class="before">{c.kind === 'added' ? <span class="muted">(none)</span> : <code>{shortValue(c.from, 300)}</code>}</td>
                  <td class="after">{c.kind === 'removed' ? <span class="muted">(removed)</span> : <code>{shortValue(c.to, 300)}</code>}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}

/** Settings → Audit log: every change made to the enterprise, who made it, before and after; searched and paged by the server. */
export default function Audit(): JSX.Element {
  const state = useConsole();
  const [draft, setDraft] = createSignal<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = createSignal<Record<string, string>>({});
  const [fault, setFault] = createSignal<{ field: 'from' | 'to'; message: string } | null>(null);
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [open, setOpen] = createSignal<Set<string>>(new Set());
  const page = useRead(
    (q: { cursor: string | null; filters: Record<string, string> }) => state.api.get<AuditPage>('/audit', { ...q.filters, limit: PAGE_SIZE, before: q.cursor }),
    () => ({ cursor: currentCursor(pager()), filters: filters() }),
  );
  const patch = (p: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...p }));
  const search = (e: SubmitEvent) => {
    e.preventDefault();
    const r = auditQuery(draft());
    if (!r.ok) {
      setFault({ field: r.field, message: r.message });
      document.querySelector<HTMLInputElement>(`input[name="${r.field}"]`)?.focus();
      return;
    }
    setFault(null);
    setFilters(r.query);
    setPager(FIRST_PAGE);
    setOpen(new Set<string>());
  };
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const filtered = () => Object.keys(filters()).length > 0;

  const columns: Column<AuditEntry>[] = [
    { header: 'When', accessorKey: 'at', cell: (c) => <span class="nowrap">{when(c.getValue<string>())}</span> },
    { header: 'Who', id: 'actor', cell: (c) => actorLine(c.row.original.actor) },
    {
      header: 'What',
      id: 'what',
      cell: (c) => (
        <div class="audit-what">
          <button type="button" class="link" aria-expanded={open().has(c.row.original.id)} onClick={() => toggle(c.row.original.id)}>
            <span aria-hidden="true" class="disclosure">
              {open().has(c.row.original.id) ? '▾' : '▸'}
            </span>
            {entryTitle(c.row.original)}
          </button>
          <Show when={c.row.original.subject}>
            <span class="muted small"> {c.row.original.action}</span>
          </Show>
          <Show when={open().has(c.row.original.id)}>
            <EntryDiff entry={c.row.original} />
          </Show>
        </div>
      ),
    },
  ];

  const dateField = (name: 'from' | 'to', label: string) => (
    <label classList={{ invalid: fault()?.field === name }}>
      <span>{label}</span>
      <input
        type="date"
        name={name}
        value={draft()[name]}
        aria-invalid={fault()?.field === name ? 'true' : undefined}
        aria-describedby={fault()?.field === name ? `audit-${name}-error` : undefined}
        onInput={(e) => patch({ [name]: e.currentTarget.value })}
      />
      <Show when={fault()?.field === name}>
        <span id={`audit-${name}-error`} class="field-error">
          {fault()?.message}
        </span>
      </Show>
    </label>
  );

  return (
    <section class="page-section wide">
      <h1>Audit log</h1>
      <p class="lead">Every change made to this enterprise through the console or the API: who made it, when, and what it was before and after. Secrets are never recorded. Open an entry to see its changes.</p>
      <form class="filters" onSubmit={search} role="search" aria-label="Search the audit log" novalidate>
        <label>
          <span>Who</span>
          <select value={draft().actor} onChange={(e) => patch({ actor: e.currentTarget.value as ActorKind })}>
            <option value="">Anyone</option>
            <option value="user">Console users</option>
            <option value="key">API keys</option>
            <option value="operator">Marketplace operators</option>
          </select>
        </label>
        <label>
          <span>Subject, route or path</span>
          <input type="search" name="q" maxlength="200" placeholder="e.g. site, /api/v1/associates" value={draft().q} onInput={(e) => patch({ q: e.currentTarget.value })} />
        </label>
        {dateField('from', 'From (day)')}
        {dateField('to', 'To (day, included)')}
        <button type="submit" class="primary">
          Search
        </button>
        <Show when={filtered()}>
          <button
            type="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFault(null);
              setFilters({});
              setPager(FIRST_PAGE);
            }}
          >
            Clear
          </button>
        </Show>
      </form>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the audit log" />
        </Match>
        <Match when={page.data.latest?.entries.length === 0 && pageNumber(pager()) === 1}>
          <Empty title={filtered() ? 'No entries match' : 'No changes yet'}>{filtered() ? 'Try other words or a wider range of days.' : 'Changes appear here as soon as someone makes one.'}</Empty>
        </Match>
        <Match when={page.data.latest}>{(p) => <ServerTable caption="Audit log" columns={columns} rows={p().entries} rowKey={(e) => e.id} pager={cursorPager(pager, setPager, p().next)} />}</Match>
      </Switch>
    </section>
  );
}
