import { eq } from 'drizzle-orm';
import { applications, associates } from '../db/schema';
import type { Db } from '../db/open';
import type { CheckChange, CheckListener } from '../modules/registration/ports';
import { hmacSha256 } from '../hmac';
import type { BackgroundCheckProvider } from '../modules/vetting/provider';
import { checkrSignatureMatches } from '../modules/vetting/signature.core';
import { seedAssociate } from './offers';

/**
 * An applicant as registration leaves them when the check is to start: an independent
 * associate (their account) and their application in `checking`, written directly.
 */
export async function seedApplication(db: Db, now: Date, opts: { givenName?: string; familyName?: string; country?: string } = {}): Promise<{ applicationId: string; associateId: string; email: string; givenName: string; familyName: string }> {
  const associate = await seedAssociate(db, now, { employerId: null, connected: false, presence: 'away' });
  const [row] = await db.select({ email: associates.email }).from(associates).where(eq(associates.id, associate.id));
  const applicationId = crypto.randomUUID();
  const givenName = opts.givenName ?? 'Ada';
  const familyName = opts.familyName ?? `Lovelace-${applicationId.slice(0, 6)}`;
  await db.insert(applications).values({
    id: applicationId,
    associateId: associate.id,
    status: 'checking',
    givenName,
    familyName,
    country: opts.country ?? 'US',
    birthDate: '1990-12-10',
    categories: [['Electronics', 'Audio']],
    experience: 'Five years selling hi-fi.',
    weeklyHours: 20,
    consentedAt: now,
    consentVersion: 'fcra-2026-01',
    emailVerifiedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  return { applicationId, associateId: associate.id, email: row!.email, givenName, familyName };
}

/** A CheckListener that remembers what it was told, in order (registration's stand-in). */
export function recordingListener(): CheckListener & { told: { applicationId: string; change: CheckChange }[]; kinds(applicationId: string): string[] } {
  const told: { applicationId: string; change: CheckChange }[] = [];
  return {
    told,
    async checkChanged(applicationId, change) {
      told.push({ applicationId, change });
    },
    kinds: (applicationId) => told.filter((t) => t.applicationId === applicationId).map((t) => ('result' in t.change ? `${t.change.kind}:${t.change.result}` : t.change.kind)),
  };
}

/** The report the stub provider knows (24 hex digits, as Checkr's ids), and its candidate. */
export const STUB_REPORT_ID = 'abcdefabcdefabcdefabcdef';
export const STUB_CANDIDATE_ID = 'cafecafecafecafecafecafe';

/**
 * A provider in memory, for tests that need one without a server (the property test): every
 * candidate is STUB_CANDIDATE_ID, the one report it knows is STUB_REPORT_ID (complete, consider),
 * and webhooks are signed as Checkr signs them with `apiKey`.
 */
export function stubCheckProvider(apiKey: string): BackgroundCheckProvider {
  let invitations = 0;
  let actions = 0;
  return {
    name: 'checkr',
    createCandidate: async () => ({ id: STUB_CANDIDATE_ID }),
    createInvitation: async () => ({ id: `1nv1${String(++invitations).padStart(20, '0')}`, status: 'pending' }),
    report: async (id) => (id === STUB_REPORT_ID ? { id, candidateId: STUB_CANDIDATE_ID, status: 'complete', result: 'consider' } : null),
    startAdverseAction: async () => ({ id: `adad${String(++actions).padStart(20, '0')}`, status: 'pending' }),
    adverseActions: async () => [],
    signatureMatches: (raw, header) => checkrSignatureMatches(hmacSha256, apiKey, raw, header),
  };
}
