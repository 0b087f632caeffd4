import { A } from '@solidjs/router';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { MessageList, MessageView } from '../../../../shared/offers';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { MESSAGE_STATUS_LABEL, messageQuery, takenText } from '../live/engagements.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** Messages: what shoppers left when nobody could take them, newest first, with who took each and where it stands. */
export default function Messages(): JSX.Element {
  const state = useConsole();
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [status, setStatus] = createSignal('');
  const page = useRead(
    (q: { cursor: string | null; status: string }) => state.api.get<MessageList>('/messages', messageQuery(q.status, PAGE_SIZE, q.cursor)),
    () => ({ cursor: currentCursor(pager()), status: status() }),
  );
  const columns: Column<MessageView>[] = [
    {
      header: 'Left',
      accessorKey: 'createdAt',
      cell: (c) => (
        <>
          <span class="nowrap">{when(c.getValue<string>())}</span>
          <div>
            <A class="nowrap" href={`/sessions/${c.row.original.sessionId}`}>
              The session
            </A>
          </div>
        </>
      ),
    },
    { header: 'Message', accessorKey: 'message', cell: (c) => <div class="message-text">{c.getValue<string>()}</div> },
    { header: 'Contact', accessorKey: 'contact', cell: (c) => c.getValue<string | null>() ?? <span class="muted">None given</span> },
    {
      header: 'State',
      accessorKey: 'status',
      cell: (c) => {
        const s = c.row.original.status;
        return <span class={`tag ${s === 'open' ? 'warn' : s === 'taken' ? 'invited' : ''}`}>{MESSAGE_STATUS_LABEL[s]}</span>;
      },
    },
    {
      header: 'Taken by',
      id: 'takenBy',
      cell: (c) => {
        const m = c.row.original;
        return (
          <>
            <span class="nowrap">{takenText(m)}</span>
            <Show when={m.doneAt ?? m.takenAt}>
              {(at) => (
                <div class="muted">
                  {m.doneAt ? 'done' : 'taken'} {when(at())}
                </div>
              )}
            </Show>
          </>
        );
      },
    },
  ];
  const filterBar = (
    <form class="filters" aria-label="Filter the messages" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>State</span>
        <select
          value={status()}
          onChange={(e) => {
            setStatus(e.currentTarget.value);
            setPager(FIRST_PAGE);
          }}
        >
          <option value="">All messages</option>
          <For each={Object.entries(MESSAGE_STATUS_LABEL)}>{([value, label]) => <option value={value}>{label}</option>}</For>
        </select>
      </label>
    </form>
  );
  return (
    <section class="page-section wide">
      <h1>Messages</h1>
      <p class="lead">What shoppers left when no associate could take them, newest first. Associates take them in the extension, answer the shopper and mark them done.</p>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the messages" />
        </Match>
        <Match when={page.data.latest?.messages.length === 0 && pageNumber(pager()) === 1 && !status()}>
          <Empty title="No messages yet">When nobody can take a shopper’s request, the shopper may leave a message: it appears here.</Empty>
        </Match>
        <Match when={page.data.latest}>
          {(list) => (
            <>
              <ServerTable caption="Messages" columns={columns} rows={list().messages} rowKey={(m) => m.id} filters={filterBar} pager={cursorPager(pager, setPager, list().nextBefore)} />
              <Show when={list().messages.length === 0}>
                <Empty title={`No ${MESSAGE_STATUS_LABEL[status() as keyof typeof MESSAGE_STATUS_LABEL]?.toLowerCase() ?? ''} messages`}>Choose another state.</Empty>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
