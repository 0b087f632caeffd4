import type { ShopperEvent } from '../../../../shared/events';
import { findSite } from '../../../../shared/sites';
import { instantOf } from '../../../../shared/time';
import type { RefusalReason, RefusedEvent } from '../../errors';
import type { AggregatedEvent } from './aggregate.core';
import { type SessionWrite, type StoredSession, planSessions } from './sessionize.core';

/**
 * Ingest's decisions, without I/O: which events of a batch are refused and why, which are
 * new, and which session each goes to. The service reads what these need, in one round
 * trip, and writes what they decide, in another.
 */

/** How far ahead of the server a shopper's clock may run before its times are pulled back. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A participating site, as ingest needs it. */
export interface SiteRef {
  id: string;
  domain: string;
  enterpriseId: string;
}

/** An event of the batch with where it belongs and the time it counts at. */
export interface LocatedEvent extends AggregatedEvent {
  /** Its index in the batch, to name it in a refusal. */
  index: number;
  siteId: string;
  enterpriseId: string;
}

export interface Refusal {
  reason: RefusalReason;
  events: RefusedEvent[];
}

export type Located = { ok: true; events: LocatedEvent[] } | { ok: false; refusal: Refusal };

/**
 * Before anything is read: refuses the batch when some events come from sites that do not
 * take part, or else when some are older than `maxAgeMs` (an offline queue holds days, not
 * months; 0001-01-01 and 1970 are clock or client faults). Times ahead of the server by
 * more than MAX_CLOCK_SKEW_MS are pulled back instead: the event happened, only the clock
 * is wrong, and it must not hold a session open into the future. A repeated id within the
 * batch counts once.
 */
export function locateEvents(batch: readonly ShopperEvent[], sites: readonly SiteRef[], now: Date, maxAgeMs: number): Located {
  const foreign: RefusedEvent[] = [];
  const old: RefusedEvent[] = [];
  const events: LocatedEvent[] = [];
  const seen = new Set<string>();
  const oldest = now.getTime() - maxAgeMs;
  for (const [index, event] of batch.entries()) {
    const site = findSite(sites, event.url);
    if (!site) {
      foreign.push({ index, message: `${event.url.slice(0, 200)} is not a participating site` });
      continue;
    }
    const t = instantOf(event.at);
    if (t < oldest) {
      old.push({ index, field: ['at'], message: `${event.at} is older than the ${days(maxAgeMs)} days the backend takes` });
      continue;
    }
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const at = new Date(Math.min(t, now.getTime() + MAX_CLOCK_SKEW_MS)).toISOString();
    events.push({ event, at, domain: site.domain, index, siteId: site.id, enterpriseId: site.enterpriseId });
  }
  if (foreign.length > 0) return { ok: false, refusal: { reason: 'not_participating', events: foreign } };
  if (old.length > 0) return { ok: false, refusal: { reason: 'too_old', events: old } };
  return { ok: true, events };
}

/** What the database holds for a batch: the events already stored, and the shopper's latest session per enterprise. */
export interface StoredState {
  /** Client event ids of the batch already stored for this shopper. */
  duplicates: ReadonlySet<string>;
  latest: ReadonlyMap<string, StoredSession>;
}

export interface IngestPlan {
  /** Per session touched: the enterprise, and the new or continued session with its new events. */
  sessions: { enterpriseId: string; write: SessionWrite<LocatedEvent> }[];
  accepted: number;
  duplicates: number;
}

export type Planned = { ok: true; plan: IngestPlan } | { ok: false; refusal: Refusal };

/**
 * With what is stored: leaves out events already stored, splits the rest per enterprise
 * into sessions (see planSessions), and refuses the batch when an event would put an
 * amount out of range.
 */
export function planIngest(batchSize: number, located: readonly LocatedEvent[], stored: StoredState, gapMs: number, newId: () => string): Planned {
  const byEnterprise = new Map<string, LocatedEvent[]>();
  let accepted = 0;
  for (const e of located) {
    if (stored.duplicates.has(e.event.id)) continue;
    accepted += 1;
    const group = byEnterprise.get(e.enterpriseId);
    if (group) group.push(e);
    else byEnterprise.set(e.enterpriseId, [e]);
  }
  const sessions: IngestPlan['sessions'] = [];
  const outOfRange: LocatedEvent[] = [];
  for (const [enterpriseId, events] of byEnterprise) {
    const plan = planSessions(stored.latest.get(enterpriseId) ?? null, events, gapMs, newId);
    for (const write of plan.writes) sessions.push({ enterpriseId, write });
    outOfRange.push(...plan.outOfRange);
  }
  if (outOfRange.length > 0) {
    const events = outOfRange
      .sort((a, b) => a.index - b.index)
      .map((e) => ({ index: e.index, message: 'this event would take the cart total past 999999999999.9999' }));
    return { ok: false, refusal: { reason: 'amount_out_of_range', events } };
  }
  return { ok: true, plan: { sessions, accepted, duplicates: batchSize - accepted } };
}

function days(ms: number): number {
  return Math.round((ms / 86_400_000) * 10) / 10;
}
