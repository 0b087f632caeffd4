import { createSignal, For, type JSX, Match, Switch } from 'solid-js';
import type { MarketplaceAssociate, MarketplaceAssociatePage } from '../../../../shared/console';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead } from '../data';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

const ADMISSION: Record<MarketplaceAssociate['admissions'][number]['status'], string> = { invited: 'invited', accepted: 'accepted', declined: 'declined', withdrawn: 'withdrawn' };

/** Independents: the marketplace's directory of independent associates, searched and paged by the server. */
export default function MarketplaceIndependents(): JSX.Element {
  const state = useConsole();
  const [q, setQ] = createSignal('');
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const page = useRead(
    (at: { q: string; cursor: string | null }) => state.api.get<MarketplaceAssociatePage>('/marketplace/associates', { q: at.q, limit: PAGE_SIZE, after: at.cursor }),
    () => ({ q: q().trim(), cursor: currentCursor(pager()) }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = (text: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      setQ(text);
      setPager(FIRST_PAGE);
    }, 250);
  };
  const columns: Column<MarketplaceAssociate>[] = [
    { header: 'Name', accessorKey: 'displayName', cell: (c) => <span class="strong">{c.getValue<string>()}</span> },
    { header: 'E-mail', accessorKey: 'email' },
    { header: 'Account', id: 'active', cell: (c) => <span class={`tag ${c.row.original.active ? '' : 'inactive'}`}>{c.row.original.active ? 'Active' : 'Not active'}</span> },
    { header: 'Presence', accessorKey: 'presence', cell: (c) => (c.getValue<string>() === 'available' ? 'Available' : 'Away') },
    {
      header: 'Enterprises',
      id: 'admissions',
      cell: (c) => (
        <span class="chips">
          <For each={c.row.original.admissions} fallback={<span class="muted">none yet</span>}>
            {(a) => (
              <span class="chip">
                {a.enterpriseName} · {ADMISSION[a.status]}
                {a.status === 'accepted' && !a.active ? ' (paused)' : ''}
              </span>
            )}
          </For>
        </span>
      ),
    },
  ];
  const filters = (
    <div class="filters">
      <label>
        Search
        <input type="search" name="q" placeholder="Name or e-mail" value={q()} onInput={(e) => search(e.currentTarget.value)} />
      </label>
    </div>
  );
  return (
    <section class="page-section wide">
      <h1>Independents</h1>
      <p class="lead">Approved independent associates of the marketplace: who they are, and the enterprises that invited them and their answers. People still applying are in Applications.</p>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the independents" />
        </Match>
        <Match when={page.data.latest?.associates.length === 0 && pageNumber(pager()) === 1 && !q()}>
          <Empty title="No independents yet">Independent associates appear here once the marketplace approves their application (those still applying are in Applications).</Empty>
        </Match>
        <Match when={page.data.latest}>
          {(l) => (
            <>
              <ServerTable caption="Independent associates" columns={columns} rows={l().associates} rowKey={(a) => a.id} filters={filters} pager={cursorPager(pager, setPager, l().next)} />
              {l().associates.length === 0 ? <p class="muted">No independent matches “{q()}”.</p> : null}
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
