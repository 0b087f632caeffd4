import { A } from '@solidjs/router';
import { createMemo, createSignal, For, type JSX, Match, onCleanup, Show, Switch } from 'solid-js';
import type { LiveOverview } from '../../../../shared/floor';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { agedMs, channelsText, elapsed, type LinkState, PRESENCE_LABEL, presenceSummary, reasonText } from '../live/live.core';
import { useLiveLink } from '../live/socket';
import { useConsole } from '../state';

const LINK: Record<LinkState, { label: string; hint: string }> = {
  connecting: { label: 'Connecting…', hint: 'Opening the live link.' },
  live: { label: 'Live', hint: 'Changes appear as they happen.' },
  reconnecting: { label: 'Reconnecting…', hint: 'Link lost: figures refresh every 30 s until it is back.' },
  refused: { label: 'Not live', hint: 'The server refused the link: reload, or sign in again.' },
};

/** The link's state, said once to screen readers when it changes. */
function LinkIndicator(props: { link: LinkState }): JSX.Element {
  return (
    <p class="live-link" role="status" title={LINK[props.link].hint}>
      <span class={`live-dot ${props.link}`} aria-hidden="true" />
      <span class="strong">{LINK[props.link].label}</span>
      <Show when={props.link !== 'live'}>
        <span class="muted live-hint">{LINK[props.link].hint}</span>
      </Show>
    </p>
  );
}

/** Live: the enterprise's floor now (shoppers, open opportunities, associates, engagements), kept fresh by the console's realtime socket. */
export default function Live(): JSX.Element {
  const state = useConsole();
  const overview = useRead(() => state.api.get<LiveOverview>('/live/overview'));
  // The last overview read: kept on screen when a refresh fails (the resource's own value throws then).
  const shown = createMemo<LiveOverview | undefined>((prev) => (overview.data.error ? prev : (overview.data.latest ?? prev)));
  const link = useLiveLink(state.enterpriseId, () => overview.refetch() as Promise<unknown>);
  // Durations age between fetches.
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 1_000);
  onCleanup(() => clearInterval(tick));
  const aged = (forMs: number) => elapsed(agedMs(forMs, shown()?.at ?? '', now()));

  return (
    <section class="page-section wide">
      <div class="page-head">
        <h1>Live</h1>
        <LinkIndicator link={link()} />
      </div>
      <p class="lead">Who is on the enterprise’s sites now, the opportunities waiting for an associate, who can take them, and the engagements in progress.</p>
      <Switch>
        <Match when={!shown() && overview.problem()}>{(p) => <ErrorState problem={p()} retry={() => overview.refetch()} />}</Match>
        <Match when={!shown()}>
          <Loading what="the live overview" />
        </Match>
        <Match when={shown()}>
          {(o) => (
            <>
              <Show when={overview.problem()}>
                {(p) => (
                  <p class="notice warn-notice" role="alert">
                    The last refresh failed ({p().message}); the figures below are from {when(o().at)}.
                  </p>
                )}
              </Show>
              <dl class="facts-grid live-facts">
                <div>
                  <dt>Shoppers on the sites</dt>
                  <dd>
                    <span class="big-figure">{o().shoppers.total}</span>
                    <span class="muted figure-note">in the last {o().minutes} min</span>
                  </dd>
                </div>
                <div>
                  <dt>Open opportunities</dt>
                  <dd>
                    <span class="big-figure">{o().opportunities.length}</span>
                    <span class="muted figure-note">{o().opportunities.filter((x) => x.state === 'offered').length} offered now</span>
                  </dd>
                </div>
                <div>
                  <dt>Associates available</dt>
                  <dd>
                    <span class="big-figure">{o().associates.counts.available}</span>
                    <span class="muted figure-note">of {o().associates.list.length}</span>
                  </dd>
                </div>
                <div>
                  <dt>Engagements in progress</dt>
                  <dd>
                    <span class="big-figure">{o().engagements.length}</span>
                    <span class="muted figure-note">{o().engagements.filter((e) => e.stage === 'live').length} live</span>
                  </dd>
                </div>
              </dl>

              <div class="split">
                <section class="card" aria-labelledby="live-shoppers">
                  <h2 id="live-shoppers">Shoppers by site</h2>
                  <Show when={o().shoppers.bySite.length > 0} fallback={<Empty title="Nobody on the sites">Shoppers with the extension appear here within seconds of browsing a site.</Empty>}>
                    <ul class="plain-list figure-list">
                      <For each={o().shoppers.bySite}>
                        {(s) => (
                          <li>
                            <span class="url">{s.site}</span>
                            <span class="strong">{s.shoppers}</span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </section>
                <section class="card" aria-labelledby="live-opportunities">
                  <h2 id="live-opportunities">Open opportunities</h2>
                  <Show when={o().opportunities.length > 0} fallback={<Empty title="No opportunity open">Opportunities appear here while they are offered to associates.</Empty>}>
                    <ul class="plain-list live-list">
                      <For each={o().opportunities}>
                        {(x) => (
                          <li>
                            <span class={`tag ${x.state === 'offered' ? '' : 'warn'}`}>{x.state === 'offered' ? `Offered (${x.offers})` : 'Waiting'}</span>{' '}
                            <span class="strong">{x.category.join(' › ') || 'No category'}</span>
                            <span class="muted">
                              {' '}
                              · {x.origin === 'asked' ? 'asked for help' : `detected, score ${x.score}`}
                              {x.site ? ` · ${x.site}` : ''} · open {aged(x.forMs)}
                            </span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </section>
              </div>

              <section class="card" aria-labelledby="live-associates">
                <h2 id="live-associates">Associates</h2>
                <p class="muted">{presenceSummary(o().associates.counts)}</p>
                <Show when={o().associates.list.length > 0} fallback={<Empty title="No associates">Add associates (or admit independent ones) to take the enterprise’s opportunities.</Empty>}>
                  <ul class="plain-list live-list">
                    <For each={o().associates.list}>
                      {(a) => (
                        <li data-associate={a.id}>
                          <span class={`tag presence ${a.presence}`}>{PRESENCE_LABEL[a.presence]}</span> <span class="strong">{a.displayName}</span>
                          <span class="muted">
                            {reasonText(a.reason) ? ` · ${reasonText(a.reason)}` : ''} · {a.engagements} of {a.capacity} engagements · since {when(a.presenceSince)}
                          </span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>

              <section class="card" aria-labelledby="live-engagements">
                <h2 id="live-engagements">Engagements in progress</h2>
                <Show when={o().engagements.length > 0} fallback={<Empty title="No engagement in progress">An engagement appears here once an associate takes an opportunity.</Empty>}>
                  <div class="table-scroll server-table" tabindex="0" role="region" aria-label="Table of the engagements in progress">
                    <table>
                      <caption class="sr-only">Engagements in progress</caption>
                      <thead>
                        <tr>
                          <th scope="col">Associate</th>
                          <th scope="col">Stage</th>
                          <th scope="col">Channels</th>
                          <th scope="col">Site</th>
                          <th scope="col">Since</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={o().engagements}>
                          {(e) => (
                            <tr>
                              <td>
                                <A href={`/engagements/${e.id}`}>{e.associate.displayName}</A>
                              </td>
                              <td>
                                <span class={`tag ${e.stage === 'live' ? '' : 'invited'}`}>{e.stage === 'live' ? 'Live' : 'Invited'}</span>
                              </td>
                              <td>{channelsText(e.channels)}</td>
                              <td class="url">{e.site ?? '—'}</td>
                              <td>
                                {aged(e.forMs)} <span class="muted">({when(e.since)})</span>
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </section>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
