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

/** How far ahead of the server a shopper's clock may run before its times are pulled back. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The time an event counts at: its own, normalised to UTC, but never in the server's future. */
export function eventTime(clientAt: string, now: Date): string {
  const t = Date.parse(clientAt);
  return new Date(Math.min(t, now.getTime() + MAX_CLOCK_SKEW_MS)).toISOString();
}

/**
 * Splits one enterprise's new events (any order) into sessions: an event joins the
 * latest session unless it comes more than `gapMs` after that session's last event.
 * Late events from an offline queue fold into the latest session rather than
 * reopening an old one.
 */
export function planSessions<E extends AggregatedEvent>(
  latest: StoredSession | null,
  events: readonly E[],
  gapMs: number,
  newId: () => string,
): SessionWrite<E>[] {
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const writes: SessionWrite<E>[] = [];
  let current: SessionWrite<E> | null = latest ? { ...latest, isNew: false, events: [] } : null;
  for (const e of sorted) {
    if (!current || Date.parse(e.at) - Date.parse(current.lastEventAt) > gapMs) {
      if (current && current.events.length > 0) writes.push(current);
      current = { id: newId(), isNew: true, startedAt: e.at, lastEventAt: e.at, aggregate: emptyAggregate(), events: [] };
    }
    current.events.push(e);
    if (e.at > current.lastEventAt) current.lastEventAt = e.at;
    if (e.at < current.startedAt) current.startedAt = e.at;
  }
  if (current && current.events.length > 0) writes.push(current);
  for (const w of writes) w.aggregate = foldEvents(w.aggregate, w.events);
  return writes;
}
