import type { SessionAggregate } from '../../../../shared/session';
import { type AggregatedEvent, emptyAggregate, foldEvents } from './aggregate.core';

/** A shopper's most recent session with one enterprise, as stored. */
export interface StoredSession {
  id: string;
  startedAt: string;
  lastEventAt: string;
  aggregate: SessionAggregate;
}

/** What to write for one session after a batch: a new row or an update of the stored one. */
export interface SessionWrite<E extends AggregatedEvent = AggregatedEvent> extends StoredSession {
  isNew: boolean;
  events: E[];
}

export interface SessionPlan<E extends AggregatedEvent> {
  writes: SessionWrite<E>[];
  /** Events that would put an amount of their session out of range (see foldEvents). */
  outOfRange: E[];
}

/**
 * Splits one enterprise's new events (any order) into sessions. An event joins the latest
 * session unless it comes more than `gapMs` after that session's last event, or more than
 * `gapMs` before its start: late events from an offline queue fold into the visit they
 * belong to, and an event from an earlier visit makes a session of its own rather than
 * stretching the live one back.
 */
export function planSessions<E extends AggregatedEvent>(
  latest: StoredSession | null,
  events: readonly E[],
  gapMs: number,
  newId: () => string,
): SessionPlan<E> {
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const writes: SessionWrite<E>[] = [];
  let current: SessionWrite<E> | null = null;
  let later = sorted;
  if (latest) {
    const live: SessionWrite<E> = { ...latest, isNew: false, events: [] };
    // Walk back from the live session's start while events keep within the gap of it.
    let first = sorted.findIndex((e) => e.at >= latest.startedAt);
    if (first === -1) first = sorted.length;
    let joined = first;
    while (joined > 0 && Date.parse(live.startedAt) - Date.parse(sorted[joined - 1]!.at) <= gapMs) {
      joined -= 1;
      live.startedAt = sorted[joined]!.at;
    }
    later = sorted.slice(first);
    for (const e of sorted.slice(0, joined)) current = extend(current, e, gapMs, newId, writes);
    if (current) writes.push(current);
    live.events.push(...sorted.slice(joined, first));
    current = live;
  }
  for (const e of later) current = extend(current, e, gapMs, newId, writes);
  if (current && current.events.length > 0) writes.push(current);

  const outOfRange: E[] = [];
  for (const w of writes) {
    const folded = foldEvents(w.aggregate, w.events);
    w.aggregate = folded.aggregate;
    outOfRange.push(...folded.outOfRange);
  }
  return { writes, outOfRange };
}

/** Adds an event to the current session, or closes it and opens a new one past the gap. */
function extend<E extends AggregatedEvent>(
  current: SessionWrite<E> | null,
  e: E,
  gapMs: number,
  newId: () => string,
  writes: SessionWrite<E>[],
): SessionWrite<E> {
  if (!current || Date.parse(e.at) - Date.parse(current.lastEventAt) > gapMs) {
    if (current && current.events.length > 0) writes.push(current);
    current = { id: newId(), isNew: true, startedAt: e.at, lastEventAt: e.at, aggregate: emptyAggregate(), events: [] };
  }
  current.events.push(e);
  if (e.at > current.lastEventAt) current.lastEventAt = e.at;
  if (e.at < current.startedAt) current.startedAt = e.at;
  return current;
}
