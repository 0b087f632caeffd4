import { eq } from 'drizzle-orm';
import { beforeEach, expect } from 'vitest';
import type { Channel } from '../../../shared/associates';
import { EventBatchAccepted } from '../../../shared/events';
import type { MatchingRule, OfferPolicy } from '../../../shared/matching';
import { OfferList } from '../../../shared/offers';
import type { ServerMessage } from '../../../shared/realtime';
import type { App } from '../app';
import type { Db, DbKind } from '../db/open';
import { associateConnections, associates, associateTokens, opportunities } from '../db/schema';
import type { SchedulePeriod } from '../db/schema/associates';
import { hashSecret, newSecret } from '../secrets';
import { type ApiHarness, call, useApi } from './api';
import { browse } from './fixtures';

/** Every day, all day, in UTC: scheduled whatever the test clock says. */
export const ALWAYS: SchedulePeriod[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '00:00', to: '23:59' }));

let serial = 0;

export interface SeededAssociate {
  id: string;
  token: string;
  displayName: string;
}

/**
 * An associate written straight to the tables (as the associates module would): employed by
 * `employerId`, available, connected now, taking chat only (unless `channels` says), with a sign-in token. `idleSeconds` sets how long
 * ago their last engagement was, which orders them under the `longest_idle` rule.
 */
export async function seedAssociate(
  db: Db,
  now: Date,
  opts: { employerId: string | null; displayName?: string; capacity?: number; idleSeconds?: number; presence?: 'available' | 'away'; connected?: boolean; channels?: Channel[] },
): Promise<SeededAssociate> {
  serial += 1;
  const id = crypto.randomUUID();
  const displayName = opts.displayName ?? `Associate ${serial}`;
  await db.insert(associates).values({
    id,
    email: `associate-${serial}-${id.slice(0, 8)}@example.com`,
    passwordHash: 'not-a-real-hash',
    displayName,
    employerId: opts.employerId,
    languages: ['en'],
    timezone: 'UTC',
    schedule: ALWAYS,
    capacity: opts.capacity ?? 3,
    contact: { notify: true, sound: false, channels: opts.channels ?? ['chat'] },
    presence: opts.presence ?? 'available',
    presenceChangedAt: now,
    lastEngagementAt: opts.idleSeconds === undefined ? null : new Date(now.getTime() - opts.idleSeconds * 1000),
    // An independent seeded here is one the marketplace approved (enterprises may admit them).
    approvedAt: opts.employerId ? null : now,
    createdAt: now,
  });
  const token = newSecret('fwa');
  await db.insert(associateTokens).values({ tokenHash: hashSecret(token), associateId: id, createdAt: now, expiresAt: new Date(now.getTime() + 12 * 3600_000) });
  if (opts.connected ?? true) await connect(db, id, now);
  return { id, token, displayName };
}

/** A live realtime connection row for the associate (seen now). */
export async function connect(db: Db, associateId: string, now: Date): Promise<void> {
  await db.insert(associateConnections).values({ id: crypto.randomUUID(), associateId, instanceId: 'test', connectedAt: now, lastSeenAt: now });
}

/**
 * Replaces the enterprise's matching rules with one rule set ranking by longest idle (so
 * `idleSeconds` decides the order), only those available now, offered by `policy`.
 */
export async function putOfferPolicy(app: App, key: string, policy: Partial<OfferPolicy>, rules?: MatchingRule[]): Promise<void> {
  const body = {
    ruleSets: [
      {
        name: 'test',
        priority: 1,
        rules: rules ?? [
          { rule: 'available_now', weight: 0, filter: true },
          { rule: 'longest_idle', weight: 1, capSeconds: 3600 },
          { rule: 'affinity', weight: 1 },
        ],
        offer: { ownAssociateSeconds: 0, ...policy },
      },
    ],
  };
  const res = await app.http.request('/api/v1/rules/matching', {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/**
 * A shopper's session at Voltaire (real events through the API) and an opportunity on it,
 * written as the opportunities module writes one; then offering starts (unless `start` is false).
 */
export async function openOpportunity(
  h: ApiHarness,
  opts: { shopperToken?: string; start?: boolean; customerExternalId?: string; origin?: 'detected' | 'asked' } = {},
): Promise<{ opportunityId: string; shopperId: string; sessionId: string }> {
  const res = await h.post({ events: browse() }, opts.shopperToken ?? h.token);
  expect(res.status).toBe(202);
  const [sessionId] = EventBatchAccepted.parse(await res.json()).sessionIds;
  const [session] = await h.db.db.query.sessions.findMany({ where: (s, { eq }) => eq(s.id, sessionId!) });
  const opportunityId = crypto.randomUUID();
  const now = h.clock.now();
  await h.db.db.insert(opportunities).values({
    id: opportunityId,
    enterpriseId: session!.enterpriseId,
    sessionId: sessionId!,
    shopperId: session!.shopperId,
    status: 'offering',
    score: 12,
    reasons: [{ conditionId: 'long-dwell', points: 12 }],
    rulesVersion: 1,
    segment: { category: ['Audio', 'Headphones'], minLevel: 1 },
    customerExternalId: opts.customerExternalId ?? null,
    openedAt: now,
    dueAt: now,
    offerState: null,
    origin: opts.origin ?? 'detected',
  });
  if (opts.start ?? true) await h.app.offers.open(opportunityId);
  return { opportunityId, shopperId: session!.shopperId, sessionId: sessionId! };
}

const waiters = new WeakMap<App, Map<string, () => void>>();

/**
 * Connects the party as a realtime client would (in process) and resolves once what was
 * pending for it has been sent; the array then fills with every message it is sent
 * (parsed, `ready` and pings left out).
 */
export async function listen(app: App, recipient: { associateId: string } | { shopperId: string }): Promise<ServerMessage[]> {
  let waiting = waiters.get(app);
  if (!waiting) {
    const registered = new Map<string, () => void>();
    waiters.set(app, (waiting = registered));
    // Runs after the app's own providers: when it does, theirs are done.
    app.realtime.onConnect(async (r) => {
      registered.get(keyOf(r))?.();
      return [];
    });
  }
  const got: ServerMessage[] = [];
  const settled = new Promise<void>((resolve) => waiting.set(keyOf(recipient), resolve));
  app.realtime.join(recipient, {
    send: (text) => {
      const message = JSON.parse(text) as ServerMessage;
      if (message.type !== 'ready' && message.type !== 'ping') got.push(message);
    },
    close: () => {},
  });
  await settled;
  await new Promise((resolve) => setImmediate(resolve));
  return got;
}

const keyOf = (r: { associateId: string } | { shopperId: string }) => ('associateId' in r ? `a:${r.associateId}` : `s:${r.shopperId}`);

/** A request with a bearer credential and, when given, a JSON body. */
/** Voltaire's associate offered an opportunity on the harness shopper's session (broadcast), for tests of the routes. */
export async function seedOffered(h: ApiHarness): Promise<{ associate: SeededAssociate; opportunityId: string; offerId: string }> {
  const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, idleSeconds: 600 });
  await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 5, offerSeconds: 600, giveUpSeconds: 900 });
  const { opportunityId } = await openOpportunity(h);
  const list = (await (await call(h.app, 'GET', '/api/v1/offers', associate.token)).json()) as { offers: { id: string }[] };
  expect(list.offers).toHaveLength(1);
  return { associate, opportunityId, offerId: list.offers[0]!.id };
}

/**
 * Within a describe block: the API harness of `useApi` and, before each test, `size` associates
 * of Voltaire, available and connected, best ranked first (longest idle): the setup of the offers tests.
 */
export function useOffersApi(kind: DbKind, size: number) {
  const api = useApi(kind);
  let current: { h: ApiHarness; team: SeededAssociate[] };
  beforeEach(async () => {
    const h = api();
    const team: SeededAssociate[] = [];
    for (let i = 0; i < size; i++) team.push(await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, displayName: `Ana ${i}`, idleSeconds: 3600 - i * 600 }));
    current = { h, team };
  });
  // The helpers below, bound to the current test's harness.
  return Object.assign(() => current, {
    offersOf: (associate: SeededAssociate) => offersOf(current.h, associate),
    tick: (seconds: number) => tickOffers(current.h, seconds),
    opportunity: (id: string) => opportunityRow(current.h, id),
  });
}

/** The associate's offers, as GET /api/v1/offers lists them. */
export async function offersOf(h: ApiHarness, associate: SeededAssociate): Promise<OfferList['offers']> {
  return OfferList.parse(await (await call(h.app, 'GET', '/api/v1/offers', associate.token)).json()).offers;
}

/** Moves the clock `seconds` on and runs the offers ticker once, to the end of what it started. */
export async function tickOffers(h: ApiHarness, seconds: number): Promise<void> {
  h.clock.advance(seconds * 1000);
  await h.app.offers.tick();
  await h.app.offers.idle();
}

/** The opportunity's row. */
export async function opportunityRow(h: ApiHarness, id: string) {
  return (await h.db.db.select().from(opportunities).where(eq(opportunities.id, id)))[0]!;
}
