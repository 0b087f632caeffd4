import { randomUUID } from 'node:crypto';
import type { SessionAggregate } from '../../../shared/session';
import type { Db } from '../db/open';
import { associates, engagements, opportunities, sessions, shoppers } from '../db/schema';

const EMPTY_AGGREGATE: SessionAggregate = {
  eventCount: 0,
  pageViews: 0,
  pagesByKind: {},
  products: [],
  categories: [],
  searches: [],
  dwellMs: 0,
  cart: { items: [], value: '0.00', currency: null, totals: [], updatedAt: null },
  sites: [],
  lastUrl: null,
  left: false,
} as unknown as SessionAggregate;

export interface SeededEngagement {
  id: string;
  associateId: string;
  shopperId: string;
  customerId: string | null;
  answeredAt: Date;
}

/** Chunks small enough for a statement's 65,535 parameters. */
async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 1_000): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Accepted engagements written straight to the tables (as the offers module would leave them),
 * each with its own shopper, session and opportunity, spread over `associateCount` associates of
 * the enterprise; `answeredAt(i)` and `customerId(i)` shape each one.
 */
export async function seedEngagements(
  db: Db,
  opts: { enterpriseId: string; count: number; associateCount?: number; now: Date; answeredAt?: (i: number) => Date; customerId?: (i: number) => string | null; shopperIds?: string[] },
): Promise<SeededEngagement[]> {
  const { enterpriseId, count, now } = opts;
  const associateIds = Array.from({ length: opts.associateCount ?? 5 }, () => randomUUID());
  await db.insert(associates).values(
    associateIds.map((id) => ({
      id,
      email: `${id}@associates.example`,
      passwordHash: 'not-a-real-hash',
      displayName: `Associate ${id.slice(0, 4)}`,
      employerId: enterpriseId,
      languages: ['en'],
      timezone: 'UTC',
      schedule: [],
      capacity: 3,
      contact: { notify: true, sound: false, channels: ['chat' as const] },
      presence: 'available' as const,
      presenceChangedAt: now,
      createdAt: now,
    })),
  );
  const seeded: (SeededEngagement & { sessionId: string; opportunityId: string })[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    associateId: associateIds[i % associateIds.length]!,
    shopperId: opts.shopperIds?.[i] ?? randomUUID(),
    customerId: opts.customerId?.(i) ?? null,
    answeredAt: opts.answeredAt?.(i) ?? now,
    sessionId: randomUUID(),
    opportunityId: randomUUID(),
  }));
  const known = new Set(opts.shopperIds ?? []);
  await insertChunked(
    seeded.filter((s) => !known.has(s.shopperId)),
    (chunk) => db.insert(shoppers).values(chunk.map((s) => ({ id: s.shopperId, tokenHash: `seeded-${s.shopperId}`, locale: null, createdAt: now }))),
  );
  await insertChunked(seeded, (chunk) =>
    db.insert(sessions).values(
      chunk.map((s) => ({ id: s.sessionId, shopperId: s.shopperId, enterpriseId, startedAt: s.answeredAt, lastEventAt: s.answeredAt, eventCount: 0, aggregate: EMPTY_AGGREGATE, updatedAt: s.answeredAt })),
    ),
  );
  await insertChunked(seeded, (chunk) =>
    db.insert(opportunities).values(
      chunk.map((s) => ({
        id: s.opportunityId,
        enterpriseId,
        sessionId: s.sessionId,
        shopperId: s.shopperId,
        status: 'engaged' as const,
        score: 10,
        reasons: [],
        rulesVersion: 1,
        segment: { category: ['Audio'], minLevel: 1 },
        customerExternalId: s.customerId,
        openedAt: s.answeredAt,
        dueAt: null,
        offerState: null,
      })),
    ),
  );
  await insertChunked(seeded, (chunk) =>
    db.insert(engagements).values(
      chunk.map((s) => ({
        id: s.id,
        opportunityId: s.opportunityId,
        enterpriseId,
        associateId: s.associateId,
        shopperId: s.shopperId,
        sessionId: s.sessionId,
        customerExternalId: s.customerId,
        category: ['Audio'],
        status: 'accepted' as const,
        invitedAt: s.answeredAt,
        expiresAt: new Date(s.answeredAt.getTime() + 120_000),
        answeredAt: s.answeredAt,
      })),
    ),
  );
  return seeded.map(({ id, associateId, shopperId, customerId, answeredAt }) => ({ id, associateId, shopperId, customerId, answeredAt }));
}
