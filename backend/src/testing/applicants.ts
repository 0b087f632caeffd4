import { desc, eq } from 'drizzle-orm';
import { CHECKS_DISCLOSURE, Registration } from '../../../shared/registration';
import type { App } from '../app';
import type { Db } from '../db/open';
import { applications, associateLinks, associates, backgroundChecks } from '../db/schema';
import { hashSecret } from '../secrets';

/** How far an applicant got: their check's state, or before it. */
export type ApplicantStage =
  | 'unverified'
  | 'checking'
  | 'invited'
  | { report: 'pending' | 'suspended' | 'dispute' }
  | { complete: 'clear' | 'consider' }
  | { adverse: { dueAt: Date } };

export interface Applicant {
  email: string;
  password: string;
  displayName: string;
  givenName: string;
  familyName: string;
  country: string;
  languages: string[];
  categories: string[][];
  experience: string;
  birthDate?: string;
  timezone?: string;
  /** Uploaded after the address is confirmed (the joining rules may require them): a small PDF each. */
  documents?: { kind: 'identity' | 'address' | 'tax' | 'resume'; fileName: string }[];
}

/** The password the registration tests' applicants choose. */
export const APPLICANT_PASSWORD = 'a password only I know';

/** The application form as Léa, an applicant every joining rule takes, sends it; `over` changes or adds fields (to refuse them, too). */
export const applicationForm = (over: Record<string, unknown> = {}) => ({
  email: 'lea@applicant.example',
  password: APPLICANT_PASSWORD,
  displayName: 'Léa M.',
  givenName: 'Léa',
  familyName: 'Martin',
  country: 'fr',
  timezone: 'Europe/Paris',
  languages: ['fr', 'en'],
  birthDate: '1990-05-17',
  categories: [['Electronics', 'Audio']],
  experience: 'Five years selling headphones and speakers in a shop in Lyon.',
  weeklyHours: 20,
  consent: { authorized: true, version: CHECKS_DISCLOSURE.version },
  ...over,
});

/** A PDF as small as a reader opens (its bytes say PDF, which the upload checks). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * An applicant moved to `stage` the way the service moves them: registered through
 * registration, their address confirmed by a link of our own (the mailed one is not read here),
 * the joining rules applied, then the check's changes told to registration as vetting tells them,
 * with the check's row written as vetting would have written it from the provider's webhooks
 * (no provider runs here). For screenshots and end-to-end tests; nothing here is production code.
 */
export async function seedApplicant(app: App, db: Db, now: () => Date, who: Applicant, stage: ApplicantStage): Promise<{ applicationId: string; associateId: string }> {
  await app.registration.register(
    Registration.parse({
      email: who.email,
      password: who.password,
      displayName: who.displayName,
      givenName: who.givenName,
      familyName: who.familyName,
      country: who.country,
      timezone: who.timezone ?? 'Europe/Paris',
      languages: who.languages,
      birthDate: who.birthDate ?? '1991-04-12',
      categories: who.categories,
      experience: who.experience,
      weeklyHours: 24,
      consent: { authorized: true, version: CHECKS_DISCLOSURE.version },
    }),
  );
  await app.registration.idle();
  // The newest of the person's applications: a re-application is seeded like a first one.
  const [row] = await db.select({ associateId: associates.id, applicationId: applications.id }).from(associates).innerJoin(applications, eq(applications.associateId, associates.id)).where(eq(associates.email, who.email)).orderBy(desc(applications.createdAt)).limit(1);
  if (!row) throw new Error(`${who.email} did not register`);
  const ids = { applicationId: row.applicationId, associateId: row.associateId };
  if (stage === 'unverified') return ids;

  const token = `fwv_seeded${crypto.randomUUID().replace(/-/g, '')}`;
  await db.insert(associateLinks).values({ tokenHash: hashSecret(token), associateId: row.associateId, purpose: 'verification', createdAt: now(), expiresAt: new Date(now().getTime() + 86_400_000) });
  await app.registration.verify(token);
  for (const doc of who.documents ?? []) await app.registration.upload(row.associateId, { kind: doc.kind, fileName: doc.fileName, contentType: 'application/pdf', content: PDF.toString('base64') });
  await app.registration.idle();
  if (stage === 'checking') return ids;

  const tag = row.applicationId.replace(/-/g, '').slice(0, 24);
  await db.insert(backgroundChecks).values({
    id: crypto.randomUUID(),
    applicationId: row.applicationId,
    provider: 'checkr',
    package: 'tasker_standard',
    candidateId: `c${tag.slice(1)}`,
    invitationId: `i${tag.slice(1)}`,
    invitationStatus: 'pending',
    createdAt: now(),
    updatedAt: now(),
  });
  await app.registration.checkChanged(row.applicationId, { kind: 'invited' });
  if (stage === 'invited') return ids;

  const set = (patch: Partial<typeof backgroundChecks.$inferInsert>) => db.update(backgroundChecks).set({ ...patch, updatedAt: now() }).where(eq(backgroundChecks.applicationId, row.applicationId));
  await set({ invitationStatus: 'completed', reportId: `r${tag.slice(1)}`, reportStatus: 'pending' });
  if ('report' in stage) {
    if (stage.report !== 'pending') await set({ reportStatus: stage.report });
    if (stage.report === 'suspended') await app.registration.checkChanged(row.applicationId, { kind: 'suspended' });
    if (stage.report === 'dispute') await app.registration.checkChanged(row.applicationId, { kind: 'disputed' });
    return ids;
  }
  const result = 'complete' in stage ? stage.complete : 'consider';
  await set({ reportStatus: 'complete', reportResult: result, completedAt: now() });
  await app.registration.checkChanged(row.applicationId, { kind: 'completed', result });
  if ('adverse' in stage) {
    await set({ adjudication: 'pre_adverse_action', adverseActionId: `a${tag.slice(1)}`, preAdverseAt: now(), postAdverseDueAt: stage.adverse.dueAt });
    await app.registration.checkChanged(row.applicationId, { kind: 'adverse_started', dueAt: stage.adverse.dueAt });
  }
  await app.registration.idle();
  return ids;
}
