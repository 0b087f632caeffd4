import { A, useParams } from '@solidjs/router';
import { For, type JSX, Match, Show, Switch } from 'solid-js';
import type { SessionDetail } from '../../../../shared/api';
import { TimeChart } from '../components/Chart';
import { type Column, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { duration, useRead, when } from '../data';
import { eventsPerMinute } from '../session.core';
import { useConsole } from '../state';
import { cartOf } from './Sessions';

type StoredEvent = SessionDetail['events'][number];

/** One session: what it adds up to, its events over time, and every event. */
export default function Session(): JSX.Element {
  const state = useConsole();
  const params = useParams();
  const session = useRead((id: string) => state.api.get<SessionDetail>(`/sessions/${encodeURIComponent(id)}`), () => params.id);
  const columns: Column<StoredEvent>[] = [
    { header: 'At', accessorKey: 'at', cell: (c) => when(c.getValue<string>()) },
    { header: 'Event', accessorKey: 'type' },
    { header: 'Page', accessorKey: 'url', cell: (c) => <span class="url">{c.getValue<string>()}</span> },
  ];
  return (
    <section class="page-section">
      <p>
        <A href="/sessions">← Sessions</A>
      </p>
      <Switch>
        <Match when={session.problem()}>{(p) => <ErrorState problem={p()} retry={() => session.refetch()} />}</Match>
        <Match when={!session.data.latest}>
          <Loading what="the session" />
        </Match>
        <Match when={session.data.latest}>
          {(s) => {
            const perMinute = () => eventsPerMinute(s().events.map((e) => e.at));
            return (
              <>
                <h1>Session of {when(s().startedAt)}</h1>
                <dl class="facts-grid">
                  <div>
                    <dt>Last event</dt>
                    <dd>{when(s().lastEventAt)}</dd>
                  </div>
                  <div>
                    <dt>Pages</dt>
                    <dd>{s().aggregate.pageViews}</dd>
                  </div>
                  <div>
                    <dt>Time on pages</dt>
                    <dd>{duration(s().aggregate.dwellMs)}</dd>
                  </div>
                  <div>
                    <dt>Cart</dt>
                    <dd>{cartOf(s())}</dd>
                  </div>
                </dl>
                <Show when={perMinute().x.length > 1}>
                  <TimeChart label="Events per minute" summary={`${s().events.length} events over ${perMinute().x.length} minutes`} x={perMinute().x} series={[{ label: 'Events', values: perMinute().counts }]} height={160} />
                </Show>
                <h2>Products seen</h2>
                <Show when={s().aggregate.products.length} fallback={<Empty title="No products seen" />}>
                  <ul class="plain-list">
                    <For each={s().aggregate.products}>
                      {(p) => (
                        <li>
                          <span class="strong">{p.name}</span>{' '}
                          <span class="muted small">
                            {p.price ? `${p.price} ${p.currency ?? ''} · ` : ''}
                            {p.views} view{p.views === 1 ? '' : 's'}, {Math.round(p.dwellMs / 1000)} s
                          </span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <h2>Events</h2>
                <ServerTable caption="Events of the session" columns={columns} rows={s().events} rowKey={(e) => e.id} />
              </>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}
