import { A, useParams } from '@solidjs/router';
import { createMemo, createSignal, For, type JSX, Match, onCleanup, Show, Switch } from 'solid-js';
import type { AssociateList } from '../../../../shared/associates';
import type { EngagementTimeline } from '../../../../shared/engagement-history';
import type { LiveSettings, Transcript } from '../../../../shared/live';
import type { CallView } from '../../../../shared/telephony';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { callStatus, countsText, DIRECTION_HINT, DIRECTION_LABEL, legRow, legsInOrder, phoneSummary, talkText } from '../live/calls.core';
import { entryText, groupTimeline, minorText, outcomeText, PHASE_LABEL, STATUS_LABEL, transcriptKeeping } from '../live/engagements.core';
import { CHANNEL_LABEL, elapsed } from '../live/live.core';
import { useConsole } from '../state';

/** The chat transcript while it is kept; after the retention period, when it was deleted. */
function TranscriptPart(props: { id: string; endedAt: string | null; count: number }): JSX.Element {
  const state = useConsole();
  const settings = useRead(() => state.api.get<LiveSettings>('/live/settings').catch(() => null));
  const keeping = () => {
    const s = settings.data.latest;
    return s ? transcriptKeeping({ endedAt: props.endedAt }, s.transcriptRetentionDays, Date.now()) : null;
  };
  const past = () => keeping()?.kind === 'past';
  const transcript = useRead((id: string) => state.api.get<Transcript>(`/engagements/${encodeURIComponent(id)}/transcript`), () => (settings.data.loading || past() ? false : props.id));
  return (
    <section class="card detail" aria-labelledby="transcript-title">
      <h2 id="transcript-title">Transcript</h2>
      <Switch>
        <Match when={settings.data.loading}>
          <Loading what="the transcript" />
        </Match>
        <Match when={keeping()?.kind === 'past' && keeping()}>
          {(k) => (
            <p class="notice">
              Past retention: the enterprise keeps chat transcripts {settings.data.latest?.transcriptRetentionDays} days after an engagement ends, so this one was deleted on{' '}
              {when((k() as { since: Date }).since.toISOString())}. The timeline, outcome and orders stay.
            </p>
          )}
        </Match>
        <Match when={transcript.problem()}>{(p) => <ErrorState problem={p()} retry={() => transcript.refetch()} />}</Match>
        <Match when={!transcript.data.latest}>
          <Loading what="the transcript" />
        </Match>
        <Match when={transcript.data.latest?.messages.length === 0}>
          <Empty title="No chat messages">Nobody wrote in the chat of this engagement{props.count > 0 ? '' : ' (or it has not been sent yet)'}.</Empty>
        </Match>
        <Match when={transcript.data.latest}>
          {(t) => (
            <>
              <Show when={keeping()?.kind === 'kept' && keeping()}>
                {(k) => <p class="muted">Kept until {when((k() as { until: Date }).until.toISOString())}, then deleted (the live settings’ retention).</p>}
              </Show>
              <ol class="transcript" aria-label="Chat messages, oldest first">
                <For each={t().messages}>
                  {(m) => (
                    <li class={m.from}>
                      <span class="strong">{m.from === 'associate' ? 'Associate' : 'Shopper'}</span> <span class="muted">{when(m.sentAt)}</span>
                      <div class="message-text">{m.text}</div>
                    </li>
                  )}
                </For>
              </ol>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** One call: which way, how it stands or ended, when, its talk time, and its legs side by side. */
function CallPart(props: { call: CallView; n: number; now: number }): JSX.Element {
  const status = () => callStatus(props.call);
  const title = () => `call-${props.call.callId}`;
  return (
    <li class="call" aria-labelledby={title()}>
      <h3 id={title()} class="call-head">
        <span>
          Call {props.n}: {DIRECTION_LABEL[props.call.direction]}
        </span>
        <span class={`tag call-state ${status().tone}`}>{status().text}</span>
      </h3>
      <p class="muted small">
        {DIRECTION_HINT[props.call.direction]}; the associate by {props.call.associateVia === 'sip' ? 'SIP (a contact-centre phone)' : 'phone'}.
      </p>
      <dl class="kv">
        <dt>Started</dt>
        <dd>{when(props.call.startedAt)}</dd>
        <dt>Both on the line</dt>
        <dd>{props.call.connectedAt ? when(props.call.connectedAt) : 'never'}</dd>
        <dt>Ended</dt>
        <dd>{props.call.endedAt ? when(props.call.endedAt) : 'not yet'}</dd>
        <dt>Talk time</dt>
        <dd>{talkText(props.call, props.now)}</dd>
      </dl>
      <div class="table-scroll server-table" tabindex="0" role="region" aria-label={`Legs of call ${props.n}`}>
        <table>
          <caption class="sr-only">Legs of call {props.n}</caption>
          <thead>
            <tr>
              <th scope="col">Leg</th>
              <th scope="col">Status</th>
              <th scope="col">Rang</th>
              <th scope="col">Answered</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            <For each={legsInOrder(props.call.legs)}>
              {(leg) => {
                const row = () => legRow(leg, props.call, props.now);
                return (
                  <tr>
                    <th scope="row">{row().who}</th>
                    <td>{row().status}</td>
                    <td>{row().rang}</td>
                    <td>{row().answeredAt ? when(row().answeredAt) : '—'}</td>
                    <td>{row().duration}</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </li>
  );
}

/** The engagement's phone calls (oldest first) and how many texts went to the shopper's phone; shown when there was either. */
function PhonePart(props: { calls: CallView[]; textCount: number }): JSX.Element {
  // A call under way ages between reads.
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 1_000);
  onCleanup(() => clearInterval(tick));
  return (
    <section class="card detail" aria-labelledby="phone-title">
      <h2 id="phone-title">Phone calls</h2>
      <p class="muted">{phoneSummary(props.calls, props.textCount)}. Numbers are never shown: the shopper’s is kept only while the engagement lasts.</p>
      <Show when={props.calls.length > 0}>
        <ol class="calls">
          <For each={props.calls}>{(call, i) => <CallPart call={call} n={i() + 1} now={now()} />}</For>
        </ol>
      </Show>
    </section>
  );
}

/** One engagement: who, what came of it, its timeline in phases, the channels used, its phone calls and texts, the transcript and the orders credited. */
export default function Engagement(): JSX.Element {
  const state = useConsole();
  const params = useParams();
  const timeline = useRead((id: string) => state.api.get<EngagementTimeline>(`/engagements/${encodeURIComponent(id)}/timeline`), () => params.id);
  const associates = useRead(() => state.api.get<AssociateList>('/associates').catch(() => ({ associates: [] }) as unknown as AssociateList));
  const names = createMemo(() => {
    const all: Record<string, string> = Object.fromEntries((associates.data.latest?.associates ?? []).map((a) => [a.id, a.displayName]));
    const e = timeline.data.error ? undefined : timeline.data.latest?.engagement;
    if (e) all[e.associate.id] = e.associate.displayName;
    return all;
  });
  return (
    <section class="page-section wide">
      <p>
        <A href="/engagements">← Engagements</A>
      </p>
      <Switch>
        <Match when={timeline.problem()}>{(p) => <ErrorState problem={p()} retry={() => timeline.refetch()} />}</Match>
        <Match when={!timeline.data.latest}>
          <Loading what="the engagement" />
        </Match>
        <Match when={timeline.data.latest}>
          {(t) => {
            const e = () => t().engagement;
            return (
              <>
                <h1>
                  Engagement with {e().associate.displayName}, {when(e().invitedAt)}
                </h1>
                <dl class="facts-grid">
                  <div>
                    <dt>Status</dt>
                    <dd>{STATUS_LABEL[e().status]}</dd>
                  </div>
                  <div>
                    <dt>Outcome</dt>
                    <dd>{outcomeText(e().outcome)}</dd>
                  </div>
                  <div>
                    <dt>Category</dt>
                    <dd>{e().category.join(' › ') || '—'}</dd>
                  </div>
                  <div>
                    <dt>Orders credited</dt>
                    <dd>{t().orders.length}</dd>
                  </div>
                  <Show when={t().calls.length > 0 || t().textCount > 0}>
                    <div>
                      <dt>Phone</dt>
                      <dd>{countsText(t().calls.length, t().textCount)}</dd>
                    </div>
                  </Show>
                </dl>
                <p>
                  <A href={`/sessions/${e().sessionId}`}>The shopper’s session</A>
                  <Show when={e().customerExternalId}>{(c) => <span class="muted"> · customer {c()}</span>}</Show>
                </p>

                <div class="split">
                  <section class="card" aria-labelledby="timeline-title">
                    <h2 id="timeline-title">Timeline</h2>
                    <Show when={t().timeline.length > 0} fallback={<Empty title="Nothing recorded yet" />}>
                      <For each={groupTimeline(t().timeline)}>
                        {(g) => (
                          <div class="timeline-phase">
                            <h3>{PHASE_LABEL[g.phase]}</h3>
                            <ol class="timeline">
                              <For each={g.entries}>
                                {(entry) => (
                                  <li>
                                    <time dateTime={entry.at}>{when(entry.at)}</time>
                                    {entryText(entry, names())}
                                  </li>
                                )}
                              </For>
                            </ol>
                          </div>
                        )}
                      </For>
                    </Show>
                  </section>
                  <div>
                    <section class="card" aria-labelledby="channels-title">
                      <h2 id="channels-title">Channels</h2>
                      <Show when={t().channels.length > 0} fallback={<p class="muted">No channel was opened.</p>}>
                        <ul class="plain-list live-list">
                          <For each={t().channels}>
                            {(c) => (
                              <li>
                                <span class="strong">{CHANNEL_LABEL[c.method] ?? c.method}</span>{' '}
                                <span class="muted">
                                  {c.method === 'phone' ? 'on the line from' : 'opened'} {when(c.startedAt)}, {c.stoppedAt ? `${c.method === 'phone' ? 'until' : 'closed'} ${when(c.stoppedAt)} (${elapsed(c.durationMs ?? 0)})` : c.method === 'phone' ? 'still on the line' : 'still open'}
                                </span>
                              </li>
                            )}
                          </For>
                        </ul>
                      </Show>
                    </section>
                    <section class="card" aria-labelledby="orders-title">
                      <h2 id="orders-title">Order attribution</h2>
                      <Show when={t().orders.length > 0} fallback={<p class="muted">No order is credited to this engagement.</p>}>
                        <ul class="plain-list live-list">
                          <For each={t().orders}>
                            {(o) => (
                              <li>
                                <span class="strong">Order {o.number ?? o.externalId}</span> <span class="muted">placed {when(o.placedAt)}</span>
                                <div>
                                  Credited {minorText(o.creditedMinor, o.currency)}
                                  {o.refundedMinor > 0 ? `, of which ${minorText(o.refundedMinor, o.currency)} refunded` : ''}
                                </div>
                              </li>
                            )}
                          </For>
                        </ul>
                      </Show>
                    </section>
                  </div>
                </div>
                <Show when={t().calls.length > 0 || t().textCount > 0}>
                  <PhonePart calls={t().calls} textCount={t().textCount} />
                </Show>
                <TranscriptPart id={e().id} endedAt={e().endedAt} count={t().transcriptCount} />
              </>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}
