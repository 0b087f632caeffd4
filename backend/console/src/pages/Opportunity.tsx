import { A, useParams } from '@solidjs/router';
import { createMemo, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AssociateList } from '../../../../shared/associates';
import type { RankingHistory, RankingOffer } from '../../../../shared/matching';
import type { OpportunityView } from '../../../../shared/rules';
import { type Column, ServerTable } from '../components/DataTable';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { Candidates } from '../matching/Candidates';
import { offerText } from '../matching/matching.core';
import { explainRanking, formatScore, offerStateText, offerStateTone, rankingTitle } from '../matching/ranking.core';
import { useConsole } from '../state';

/** The offers made from one ranking: who, in which wave, when, and how it ended. */
function Offers(props: { caption: string; offers: RankingOffer[] }): JSX.Element {
  const columns: Column<RankingOffer>[] = [
    { header: 'Associate', id: 'who', cell: (c) => <span class="strong">{c.row.original.associate.displayName}</span> },
    { header: 'Wave', accessorKey: 'wave', cell: (c) => <span class="num">{c.row.original.wave}</span> },
    { header: 'Offered', accessorKey: 'offeredAt', cell: (c) => when(c.getValue<string>()) },
    { header: 'Answered', accessorKey: 'answeredAt', cell: (c) => when(c.getValue<string | null>()) },
    { header: 'State', accessorKey: 'status', cell: (c) => <span class={`tag ${offerStateTone(c.row.original.status)}`}>{offerStateText(c.row.original)}</span> },
    { header: 'As', accessorKey: 'priority', cell: (c) => (c.row.original.priority === 'must' ? 'Assigned' : 'Offered') },
    { header: 'Match', accessorKey: 'score', cell: (c) => formatScore(c.row.original.score) },
  ];
  return (
    <Show when={props.offers.length > 0} fallback={<p class="muted">No offers were made from this ranking.</p>}>
      <ServerTable caption={props.caption} columns={columns} rows={props.offers} rowKey={(o) => o.id} />
    </Show>
  );
}

/** What the opportunity is: its state, score and the reasons it opened, its segment and session. */
function Facts(props: { opportunity: OpportunityView }): JSX.Element {
  const o = () => props.opportunity;
  return (
    <>
      <dl class="facts-grid">
        <div>
          <dt>Status</dt>
          <dd>
            <span class="tag">{o().status}</span>
          </dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>{when(o().openedAt)}</dd>
        </div>
        <div>
          <dt>Closed</dt>
          <dd>{o().closedAt ? `${when(o().closedAt)}${o().closeReason ? ` (${o().closeReason})` : ''}` : 'Still open'}</dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>
            {Number(o().score.toFixed(2))} points <span class="muted">(rules v{o().rulesVersion})</span>
          </dd>
        </div>
      </dl>
      <dl class="kv">
        <dt>Segment</dt>
        <dd>
          {o().segment.category.join(' › ') || 'Any category'}, level {o().segment.minLevel} or more
        </dd>
        <dt>Why it opened</dt>
        <dd>{o().reasons.map((r) => `${r.description ?? r.conditionId} (+${r.points})`).join('; ') || '—'}</dd>
        <dt>Session</dt>
        <dd>
          <A href={`/sessions/${o().sessionId}`}>The shopper’s session</A>
        </dd>
      </dl>
    </>
  );
}

/** One opportunity: what it is, then every ranking it had, in order, each with every candidate's parts and the offers made from it. */
export default function Opportunity(): JSX.Element {
  const state = useConsole();
  const params = useParams();
  const history = useRead((id: string) => state.api.get<RankingHistory>(`/opportunities/${encodeURIComponent(id)}/rankings`), () => params.id);
  const opportunity = useRead((id: string) => state.api.get<OpportunityView>(`/opportunities/${encodeURIComponent(id)}`), () => params.id);
  const associates = useRead(() => state.api.get<AssociateList>('/associates').catch(() => ({ associates: [] }) as AssociateList));
  const names = createMemo(() => Object.fromEntries((associates.data.latest?.associates ?? []).map((a) => [a.id, a.displayName])));
  return (
    <section class="page-section wide">
      <p>
        <A href="/opportunities">← Opportunities</A>
      </p>
      <h1>Opportunity {params.id?.slice(0, 8)}</h1>
      <Show when={opportunity.data.latest?.id === params.id ? opportunity.data.latest : undefined}>{(o) => <Facts opportunity={o()} />}</Show>
      <h2>Rankings</h2>
      <p class="lead">Every ranking the opportunity had, oldest first: the opening, then each new round (a wave drained, an offer reassigned), with the offers made from each.</p>
      <Switch>
        <Match when={history.problem()}>{(p) => <ErrorState problem={p()} retry={() => history.refetch()} />}</Match>
        <Match when={!history.data.latest || history.data.latest.opportunityId !== params.id}>
          <Loading what="the rankings" />
        </Match>
        <Match when={history.data.latest?.rankings.length === 0 && history.data.latest.unlinkedOffers.length === 0}>
          <Empty title="Not ranked yet">The opportunity has no ranking: nobody has been considered for it.</Empty>
        </Match>
        <Match when={history.data.latest}>
          {(h) => (
            <>
              <nav aria-label="Rankings" class="ranking-toc">
                <ol>
                  <For each={h().rankings}>
                    {(r, i) => (
                      <li>
                        <a href={`#ranking-${i() + 1}`}>
                          {when(r.createdAt)}: {r.ranking.length} ranked, {r.filtered.length} filtered, {r.offers.length} offer{r.offers.length === 1 ? '' : 's'}
                        </a>
                      </li>
                    )}
                  </For>
                </ol>
              </nav>
              <For each={h().rankings}>
                {(r, i) => (
                  <section class="card ranking" id={`ranking-${i() + 1}`} aria-labelledby={`ranking-${i() + 1}-title`}>
                    <h2 id={`ranking-${i() + 1}-title`}>{rankingTitle(i(), h().rankings.length, r.ruleSet)}</h2>
                    <dl class="kv">
                      <dt>Ranked</dt>
                      <dd>{when(r.createdAt)}</dd>
                      <dt>Offered</dt>
                      <dd>{offerText(r.ruleSet.ruleSet.offer)}</dd>
                    </dl>
                    <h3>Candidates</h3>
                    <Show when={r.ranking.length + r.filtered.length > 0} fallback={<p class="muted">No associate was a candidate.</p>}>
                      <Candidates caption={`Ranking ${i() + 1}: candidates and their parts`} rows={explainRanking(r, { names: names() })} />
                    </Show>
                    <h3>Offers made from it</h3>
                    <Offers caption={`Ranking ${i() + 1}: offers`} offers={r.offers} />
                  </section>
                )}
              </For>
              <Show when={h().unlinkedOffers.length > 0}>
                <section class="card ranking" aria-labelledby="unlinked-title">
                  <h2 id="unlinked-title">Offers from before rankings were linked</h2>
                  <Offers caption="Offers not linked to a ranking" offers={h().unlinkedOffers} />
                </section>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
