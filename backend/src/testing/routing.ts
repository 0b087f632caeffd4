import { expect } from 'vitest';
import type { App } from '../app';
import type { Db } from '../db/open';
import { accreditations, associateAdmissions, associateConnections, associates, engagements, opportunities } from '../db/schema';
import type { SchedulePeriod } from '../db/schema/associates';

/*
 * Rows of routing's tables written directly, for tests of one module without the others'
 * services: associates as the associates module would keep them, engagements as offers
 * would create them.
 */

let n = 0;
const uuid = () => {
  n += 1;
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
};

/** Every day, all day. */
export const ALWAYS: SchedulePeriod[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '00:00', to: '23:59' }));

export interface AssociateSeed {
  id?: string;
  email?: string;
  passwordHash?: string;
  employerId: string | null;
  displayName?: string;
  languages?: string[];
  presence?: 'available' | 'away';
  capacity?: number;
  schedule?: SchedulePeriod[];
  timezone?: string;
  active?: boolean;
  lastEngagementAt?: Date | null;
  /** [category, level] pairs, granted by the employer and by each admitting enterprise. */
  accreditations?: [string[], number][];
  /** A live realtime connection seen at this time. */
  connectedAt?: Date;
  /** Enterprises admitting this (independent) associate. */
  admittedBy?: string[];
  /** For an independent: when the marketplace approved them (default: `now`); null: still applying. */
  approvedAt?: Date | null;
}

export async function insertAssociate(db: Db, seed: AssociateSeed, now: Date): Promise<string> {
  const id = seed.id ?? uuid();
  await db.insert(associates).values({
    id,
    email: seed.email ?? `${id}@associates.example`,
    passwordHash: seed.passwordHash ?? 'not-a-real-hash',
    displayName: seed.displayName ?? `Associate ${id.slice(-4)}`,
    employerId: seed.employerId,
    languages: seed.languages ?? ['en'],
    timezone: seed.timezone ?? 'UTC',
    schedule: seed.schedule ?? ALWAYS,
    capacity: seed.capacity ?? 3,
    contact: { notify: true, sound: false, channels: ['chat'] },
    presence: seed.presence ?? 'available',
    presenceChangedAt: now,
    lastEngagementAt: seed.lastEngagementAt ?? null,
    active: seed.active ?? true,
    approvedAt: seed.employerId ? null : seed.approvedAt === undefined ? now : seed.approvedAt,
    createdAt: now,
  });
  // Each enterprise the associate works for grants the same accreditations.
  for (const enterpriseId of [...(seed.employerId ? [seed.employerId] : []), ...(seed.admittedBy ?? [])])
    for (const [category, level] of seed.accreditations ?? []) {
      await db.insert(accreditations).values({ id: uuid(), associateId: id, enterpriseId, category, level, expiresAt: null, createdAt: now });
    }
  if (seed.connectedAt) {
    await db.insert(associateConnections).values({ id: uuid(), associateId: id, instanceId: 'test', connectedAt: seed.connectedAt, lastSeenAt: seed.connectedAt });
  }
  for (const enterpriseId of seed.admittedBy ?? []) await db.insert(associateAdmissions).values({ associateId: id, enterpriseId, admittedAt: now });
  return id;
}

/** An engagement as the offers module would create it for an opportunity. */
export async function insertEngagement(
  db: Db,
  e: { opportunityId: string; enterpriseId: string; associateId: string; shopperId: string; sessionId: string; category: string[]; status?: 'invited' | 'accepted' | 'declined' | 'expired'; customerExternalId?: string | null },
  now: Date,
): Promise<string> {
  const id = uuid();
  await db.insert(engagements).values({
    id,
    opportunityId: e.opportunityId,
    enterpriseId: e.enterpriseId,
    associateId: e.associateId,
    shopperId: e.shopperId,
    sessionId: e.sessionId,
    customerExternalId: e.customerExternalId ?? null,
    category: e.category,
    status: e.status ?? 'accepted',
    invitedAt: now,
    expiresAt: new Date(now.getTime() + 120_000),
    answeredAt: now,
  });
  return id;
}

/** An opportunity row as detection writes it (closed ones too, for past engagements). */
export async function insertOpportunity(
  db: Db,
  o: { enterpriseId: string; sessionId: string; shopperId: string; category: string[]; minLevel?: number; status?: 'offering' | 'engaged' | 'unserved'; customerExternalId?: string | null },
  now: Date,
): Promise<string> {
  const id = uuid();
  await db.insert(opportunities).values({
    id,
    enterpriseId: o.enterpriseId,
    sessionId: o.sessionId,
    shopperId: o.shopperId,
    status: o.status ?? 'engaged',
    score: 10,
    reasons: [],
    rulesVersion: 1,
    segment: { category: o.category, minLevel: o.minLevel ?? 1 },
    customerExternalId: o.customerExternalId ?? null,
    openedAt: now,
    dueAt: null,
    offerState: null,
  });
  return id;
}

/** PUT a rule document with the enterprise's key, expecting it taken. */
export async function putRules(app: App, key: string, kind: 'opportunity' | 'matching', document: unknown): Promise<{ version: number }> {
  const res = await app.http.request(`/api/v1/rules/${kind}`, {
    method: 'PUT',
    body: JSON.stringify(document),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { version: number };
}
