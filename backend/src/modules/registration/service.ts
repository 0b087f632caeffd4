import { and, asc, desc, eq, ilike, isNull, max, ne, or, type SQL } from 'drizzle-orm';
import { OFFICE_HOURS } from '../../../../shared/associates';
import type {
  ApplicationDecision,
  ApplicationDetail,
  ApplicationPage,
  DocumentUpload,
  JoinRulesInput,
  JoinSettings,
  MyApplication,
  Registration,
} from '../../../../shared/registration';
import { DEFAULT_REAPPLY_AFTER_DAYS, MAX_DOCUMENT_BYTES } from '../../../../shared/registration';
import { encodeCursor, type PagePosition, keysetPage, pastPosition } from '../../db/keyset';
import type { Db, Tx } from '../../db/open';
import { applicationDocuments, applicationEvents, applications, associateLinks, associates, joinSettings } from '../../db/schema';
import type { AcceptabilityRules, ApplicationStatus, RuleOutcome } from '../../db/schema/registration';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { ApplicationRefused, Conflict, DocumentRefused, InvalidInput, NotFound } from '../../errors';
import { describeError } from '../../log';
import { hashPassword, hashSecret } from '../../secrets';
import { claimAssociateLink, usableLink } from '../associates/links';
import { passwordProblem } from '../associates/password.core';
import { sniffContentType } from '../practices/content.core';
import type { ApplicationVetting, CheckChange, CheckListener, CheckState } from './ports';
import { DEFAULT_RULES, evaluateRules, missingDocuments, verdictOf } from './rules.core';
import { checkMove, checkProgress, decisionRefusal, isFinal, mailSubject, mayWithdraw, nextStep, reapplyFrom, reapplyStanding, utcMinute } from './status.core';

type ApplicationRow = typeof applications.$inferSelect;
type Actor = (typeof applicationEvents.$inferInsert)['actor'];

/** Where the verification link opens (the registration site's page; the token in the fragment, never sent to a server). */
export const VERIFY_PAGE = '/join/verify';

/** The registration site's page where the applicant signs in and sees where their application stands (named in every mail). */
export const STATUS_PAGE = '/join/status';

/** What registering answers, whether or not the address had an account: nothing tells which. */
export const REGISTERED_MESSAGE = 'Thank you. We sent a message to this address: open its link to confirm it and go on with your application.';

/** The key of the marketplace's one row of join settings. */
const SETTINGS_KEY = 'marketplace';

/** One event to write: who, what, and what the applicant is told (null: nothing). */
interface EventNote {
  actor: Actor;
  actorUserId?: string | null;
  kind: string;
  message: string | null;
}

/**
 * Registration of independent associates: the applicant's account and application made in
 * one transaction, the e-mail confirmed by a one-time link, the operator's rules of
 * acceptability applied at once, the documents, the check (through vetting), the operator's
 * decisions, and the applicant told of every move (an event, and a mail).
 */
export class RegistrationService implements CheckListener {
  /** Mails being sent after the answer went out (registration's, whose timing must not tell a taken address). */
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly deps: AppDeps,
    private vetting: ApplicationVetting,
  ) {}

  /** Connects another vetting in place of the one given at construction (tests connect a fake of their own). */
  connect(vetting: ApplicationVetting): void {
    this.vetting = vetting;
  }

  /**
   * Makes the applicant's account (no employer, not approved, away, the password they chose)
   * and their application (`unverified`) in one transaction, and mails the verification link.
   * A taken address makes nothing but a mail to its owner: a new application when theirs ended
   * and they may apply again (see `reapply`), else a note saying why not. Either way the caller
   * is told the same, and the mail goes after the answer.
   */
  async register(input: Registration): Promise<void> {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new InvalidInput(['password'], problem);
    // Hashed whether or not the address is taken: both answers take as long.
    const passwordHash = await hashPassword(input.password, this.deps.limits.passwordCost);
    const [account] = await this.deps.db.select({ id: associates.id, active: associates.active }).from(associates).where(eq(associates.email, input.email));
    if (account) return this.reapply(account, input);
    const now = this.deps.clock();
    const associateId = this.deps.ids.id();
    let token: string | null = null;
    try {
      token = await this.deps.db.transaction(async (tx) => {
        await tx.insert(associates).values({
          id: associateId,
          email: input.email,
          passwordHash,
          displayName: input.displayName,
          employerId: null,
          languages: input.languages,
          timezone: input.timezone,
          schedule: OFFICE_HOURS,
          capacity: 3,
          contact: { notify: true, sound: false, channels: ['chat', 'voice', 'cobrowse'] },
          presence: 'away',
          presenceChangedAt: now,
          approvedAt: null,
          createdAt: now,
        });
        await this.open(tx, associateId, input, { previousApplicationId: null, pendingAccount: null, createdAt: now });
        return this.issueLink(tx, associateId);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const email = input.email;
    this.later(token ? () => this.sendVerification(email, token) : () => this.sendTakenNote(email));
  }

  /**
   * Applying again with the address of an account: a new application, linked to the person's
   * last one, when that one ended and the waiting period (after a rejection) is over. The form's
   * name, languages and time zone wait on the application until the address is confirmed; the
   * password never changes this way (whoever opens a link they did not ask for must not hand
   * their account to whoever typed it): the person signs in with theirs, or resets it. Otherwise
   * nothing is made and the owner is mailed why: an account without an application (an
   * enterprise's employee, an independent from before registration), one open or approved, or
   * the date from which they may apply again.
   */
  private async reapply(account: { id: string; active: boolean }, input: Registration): Promise<void> {
    const email = input.email;
    const latest = await this.latestOf(account.id);
    if (!latest || !account.active) return this.later(() => this.sendTakenNote(email));
    const now = this.deps.clock();
    const standing = reapplyStanding(latest, (await this.rules()).reapplyAfterDays, now);
    if (standing.kind === 'standing') return this.later(() => this.sendStandingNote(email));
    if (standing.kind === 'wait') return this.later(() => this.sendWaitNote(email, standing.from));
    const replaced = standing.kind === 'unconfirmed' ? latest : null;
    let token: string | null = null;
    try {
      token = await this.deps.db.transaction(async (tx) => {
        // An unconfirmed re-application gives way to this one, and so do the links mailed for it.
        if (replaced) await tx.delete(applications).where(and(eq(applications.id, replaced.id), eq(applications.status, 'unverified'), isNull(applications.emailVerifiedAt)));
        await tx.delete(associateLinks).where(and(eq(associateLinks.associateId, account.id), eq(associateLinks.purpose, 'verification'), isNull(associateLinks.usedAt)));
        await this.open(tx, account.id, input, {
          previousApplicationId: replaced ? replaced.previousApplicationId : latest.id,
          pendingAccount: { displayName: input.displayName, languages: input.languages, timezone: input.timezone },
          // After the last one, even within the same millisecond: the newest application is the person's current one.
          createdAt: new Date(Math.max(now.getTime(), latest.createdAt.getTime() + 1)),
        });
        return this.issueLink(tx, account.id);
      });
    } catch (err) {
      // Another application of the person was made meanwhile (the one-standing index): theirs stands.
      if (!isUniqueViolation(err)) throw err;
    }
    this.later(token ? () => this.sendVerification(email, token, 'again') : () => this.sendStandingNote(email));
  }

  /** Writes a new application (`unverified`) of the account with its first event. */
  private async open(tx: Tx, associateId: string, input: Registration, more: Pick<ApplicationRow, 'previousApplicationId' | 'pendingAccount' | 'createdAt'>): Promise<void> {
    const applicationId = this.deps.ids.id();
    await tx.insert(applications).values({
      id: applicationId,
      associateId,
      status: 'unverified',
      givenName: input.givenName,
      familyName: input.familyName,
      country: input.country,
      birthDate: input.birthDate,
      categories: input.categories,
      experience: input.experience,
      weeklyHours: input.weeklyHours,
      consentedAt: more.createdAt,
      consentVersion: input.consent.version,
      ruleOutcomes: [],
      previousApplicationId: more.previousApplicationId,
      pendingAccount: more.pendingAccount,
      createdAt: more.createdAt,
      updatedAt: more.createdAt,
    });
    await this.event(tx, applicationId, 'unverified', {
      actor: 'applicant',
      kind: more.previousApplicationId ? 'reapplied' : 'registered',
      message: more.previousApplicationId
        ? 'We received your new application. Confirm your e-mail address with the link we sent you; until then your account stays as it was.'
        : 'We received your application. Confirm your e-mail address with the link we sent you.',
    });
  }

  /** A new verification link for an applicant who has not confirmed their address (the previous one stops working). */
  async resendVerification(associateId: string): Promise<MyApplication> {
    const app = await this.applicationOf(associateId);
    if (app.emailVerifiedAt) throw new Conflict('Your e-mail address is confirmed already.');
    const [who] = await this.deps.db.select({ email: associates.email }).from(associates).where(eq(associates.id, associateId));
    const token = await this.deps.db.transaction(async (tx) => {
      await tx.delete(associateLinks).where(and(eq(associateLinks.associateId, associateId), eq(associateLinks.purpose, 'verification'), isNull(associateLinks.usedAt)));
      return this.issueLink(tx, associateId);
    });
    await this.sendVerification(who!.email, token);
    return this.mine(associateId);
  }

  /**
   * Confirms the address with the mailed link (once), then applies the operator's rules:
   * declined at once for a rule the applicant cannot change, waiting for the documents still
   * missing, or on to the check.
   */
  async verify(token: string): Promise<MyApplication> {
    const tokenHash = hashSecret(token);
    const [found] = await this.deps.db
      .select({ associateId: associateLinks.associateId, expiresAt: associateLinks.expiresAt, usedAt: associateLinks.usedAt, active: associates.active })
      .from(associateLinks)
      .innerJoin(associates, eq(associates.id, associateLinks.associateId))
      .where(and(eq(associateLinks.tokenHash, tokenHash), eq(associateLinks.purpose, 'verification')));
    const now = this.deps.clock();
    const link = usableLink(found, (l) => l.active, now);
    const app = await this.applicationOf(link.associateId);
    await this.deps.db.transaction(async (tx) => {
      await claimAssociateLink(tx, tokenHash, now);
      // A re-application's account answers take effect now that the address's owner confirmed them.
      if (app.pendingAccount) {
        const { displayName, languages, timezone } = app.pendingAccount;
        await tx.update(associates).set({ displayName, languages, timezone }).where(eq(associates.id, app.associateId));
      }
      await tx.update(applications).set({ emailVerifiedAt: now, updatedAt: now, pendingAccount: null }).where(and(eq(applications.id, app.id), isNull(applications.emailVerifiedAt)));
      await this.event(tx, app.id, app.status, { actor: 'applicant', kind: 'email_verified', message: 'Your e-mail address is confirmed.' });
    });
    const told = ['Your e-mail address is confirmed.'];
    await this.evaluate(app.id, told);
    return this.mine(link.associateId);
  }

  /** The applicant's own application, in their words. */
  async mine(associateId: string): Promise<MyApplication> {
    const app = await this.applicationOf(associateId);
    const [rules, documents, events, check] = await Promise.all([
      this.rules(),
      this.documentsOf(app.id),
      this.deps.db
        .select()
        .from(applicationEvents)
        .where(eq(applicationEvents.applicationId, app.id))
        .orderBy(asc(applicationEvents.at), asc(applicationEvents.id)),
      this.vetting.state(app.id),
    ]);
    const missing = missingDocuments(rules.requiredDocuments, documents.map((d) => d.kind));
    const { step, next } = nextStep(app.status, app.emailVerifiedAt !== null, missing);
    return {
      id: app.id,
      status: app.status,
      step,
      next,
      emailVerified: app.emailVerifiedAt !== null,
      ruleOutcomes: app.ruleOutcomes,
      documents: { required: isFinal(app.status) ? [] : rules.requiredDocuments, uploaded: documents.map(documentView) },
      check: checkProgress(check),
      decisionReason: app.decisionReason,
      reapplyFrom: reapplyFrom(app, rules.reapplyAfterDays)?.toISOString() ?? null,
      events: events.flatMap((e) => (e.message === null ? [] : [{ at: e.at.toISOString(), kind: e.kind, status: e.status, message: e.message }])),
      createdAt: app.createdAt.toISOString(),
      updatedAt: app.updatedAt.toISOString(),
    };
  }

  /**
   * Keeps one document of a kind the rules require (a second of the same kind replaces the
   * first); its bytes must be what it says (PDF, PNG, JPEG) and at most 5 MB. Once the last
   * required one is in, an application waiting for it goes on (the rules are applied again).
   */
  async upload(associateId: string, input: DocumentUpload): Promise<MyApplication> {
    const app = await this.applicationOf(associateId);
    if (app.status !== 'unverified' && app.status !== 'more_info') throw new Conflict(`Documents are taken while the application waits for them; this one is ${app.status.replace('_', ' ')}.`);
    const rules = await this.rules();
    if (!rules.requiredDocuments.includes(input.kind)) throw new InvalidInput(['kind'], `We do not ask for this kind of document; we ask for: ${rules.requiredDocuments.join(', ') || 'none'}.`);
    const content = Buffer.from(input.content, 'base64');
    if (content.byteLength === 0) throw new InvalidInput(['content'], 'The document is empty.');
    if (content.byteLength > MAX_DOCUMENT_BYTES) throw new DocumentRefused('too_large', `The document is ${content.byteLength} bytes; at most ${MAX_DOCUMENT_BYTES} are taken.`);
    const sniffed = sniffContentType(content);
    if (sniffed !== input.contentType) throw new DocumentRefused('unsupported', `The document is not the ${input.contentType} it says it is: send a PDF, a PNG or a JPEG.`);
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      await tx.delete(applicationDocuments).where(and(eq(applicationDocuments.applicationId, app.id), eq(applicationDocuments.kind, input.kind)));
      await tx.insert(applicationDocuments).values({
        id: this.deps.ids.id(),
        applicationId: app.id,
        kind: input.kind,
        fileName: input.fileName,
        contentType: sniffed,
        size: content.byteLength,
        content,
        uploadedAt: now,
      });
      await tx.update(applications).set({ updatedAt: now }).where(eq(applications.id, app.id));
      await this.event(tx, app.id, app.status, { actor: 'applicant', kind: 'document_uploaded', message: `We received your document “${input.fileName}”.` });
    });
    if (app.status === 'unverified' && app.emailVerifiedAt) await this.evaluate(app.id, []);
    return this.mine(associateId);
  }

  /** The applicant answers the operator's question: back to review. */
  async reply(associateId: string, message: string): Promise<MyApplication> {
    const app = await this.applicationOf(associateId);
    if (app.status !== 'more_info') throw new Conflict('We have not asked you anything to answer.');
    await this.move(app, 'review', { actor: 'applicant', kind: 'replied', message });
    await this.tell(app.associateId, 'replied', ['We received your answer and are reviewing your application again.']);
    return this.mine(associateId);
  }

  /** The applicant withdraws; their documents and birth date are deleted at once. */
  async withdraw(associateId: string): Promise<MyApplication> {
    const app = await this.applicationOf(associateId);
    if (!mayWithdraw(app.status)) throw new Conflict(`The application is ${app.status} already.`);
    const message = 'You withdrew your application. Your documents are deleted.';
    await this.move(app, 'withdrawn', { actor: 'applicant', kind: 'withdrawn', message });
    await this.tell(app.associateId, 'withdrawn', [message]);
    return this.mine(associateId);
  }

  // The operator's side.

  /** The vetting queue: oldest change first (those waiting longest), by status and a part of a name or the e-mail. */
  async queue(query: { status?: ApplicationStatus; q?: string; limit: number; after?: PagePosition }): Promise<ApplicationPage> {
    const where: SQL[] = [];
    if (query.status) where.push(eq(applications.status, query.status));
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(or(ilike(associates.displayName, like), ilike(associates.email, like), ilike(applications.givenName, like), ilike(applications.familyName, like))!);
    }
    if (query.after) where.push(pastPosition('asc', applications.updatedAt, applications.id, { key: query.after.lastEventAt, id: query.after.id }));
    const rows = await this.deps.db
      .select({ app: applications, email: associates.email, displayName: associates.displayName })
      .from(applications)
      .innerJoin(associates, eq(associates.id, applications.associateId))
      .where(and(...where))
      .orderBy(asc(applications.updatedAt), asc(applications.id))
      .limit(query.limit + 1);
    const { shown, next } = keysetPage(rows, query.limit, (last) => encodeCursor({ lastEventAt: last.app.updatedAt, id: last.app.id }));
    // A page is at most 200 rows, each check one read by its unique key: the queue says where each check stands.
    const checks = await Promise.all(shown.map((r) => this.vetting.state(r.app.id)));
    return { applications: shown.map((r, i) => summaryOf(r.app, r.email, r.displayName, checks[i] ?? null)), next };
  }

  /** Everything the review needs; NotFound for an unknown id. */
  async detail(id: string): Promise<ApplicationDetail> {
    const [row] = await this.deps.db
      .select({ app: applications, email: associates.email, displayName: associates.displayName, timezone: associates.timezone, languages: associates.languages })
      .from(applications)
      .innerJoin(associates, eq(associates.id, applications.associateId))
      .where(eq(applications.id, id));
    if (!row) throw new NotFound('The application');
    const { app } = row;
    const [documents, events, check, rules, others] = await Promise.all([
      this.documentsOf(id),
      this.deps.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id)).orderBy(asc(applicationEvents.at), asc(applicationEvents.id)),
      this.vetting.state(id),
      this.rules(),
      this.deps.db
        .select({ id: applications.id, status: applications.status, createdAt: applications.createdAt, updatedAt: applications.updatedAt, decisionReason: applications.decisionReason })
        .from(applications)
        .where(and(eq(applications.associateId, app.associateId), ne(applications.id, id)))
        .orderBy(desc(applications.createdAt), desc(applications.id)),
    ]);
    return {
      ...summaryOf(app, row.email, row.displayName, check),
      timezone: row.timezone,
      languages: row.languages,
      birthDate: app.birthDate,
      experience: app.experience,
      weeklyHours: app.weeklyHours,
      consent: { version: app.consentVersion, at: app.consentedAt.toISOString() },
      emailVerifiedAt: app.emailVerifiedAt?.toISOString() ?? null,
      ruleOutcomes: app.ruleOutcomes,
      decision: { reason: app.decisionReason, at: app.decidedAt?.toISOString() ?? null, by: app.decidedBy },
      documents: documents.map(documentView),
      requiredDocuments: rules.requiredDocuments,
      events: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, actorUserId: e.actorUserId, kind: e.kind, status: e.status, message: e.message })),
      otherApplications: others.map((o) => ({ ...o, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString() })),
    };
  }

  /** One document's bytes, for the operator to read; NotFound when the application has no such document (or it was deleted with the decision). */
  async document(id: string, documentId: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const [doc] = await this.deps.db
      .select({ fileName: applicationDocuments.fileName, contentType: applicationDocuments.contentType, content: applicationDocuments.content })
      .from(applicationDocuments)
      .where(and(eq(applicationDocuments.id, documentId), eq(applicationDocuments.applicationId, id)));
    if (!doc) throw new NotFound('The document');
    return { ...doc, content: Buffer.from(doc.content) };
  }

  /**
   * The operator's decision, with the reason the applicant is told. Approving takes a
   * complete check (the operator engages the applicant through vetting) and makes the
   * associate approved; rejecting a `consider` report is the adverse-action path's, not this;
   * asking for more waits for the applicant's answer. A final decision deletes the documents
   * and the birth date.
   */
  async decide(id: string, operatorId: string, input: ApplicationDecision): Promise<ApplicationDetail> {
    const [app] = await this.deps.db.select().from(applications).where(eq(applications.id, id));
    if (!app) throw new NotFound('The application');
    const check = await this.vetting.state(id);
    const refusal = decisionRefusal(input.decision, app.status, check);
    if (refusal) throw new ApplicationRefused(refusal.code, refusal.message);
    const now = this.deps.clock();
    const by = { actor: 'operator' as const, actorUserId: operatorId };
    if (input.decision === 'approve') {
      if (check?.adjudication !== 'engaged') await this.vetting.engage(id, operatorId);
      const message = `Your application is approved: welcome to the marketplace. ${input.reason}`;
      await this.move(app, 'approved', { ...by, kind: 'approved', message }, { decisionReason: input.reason, decidedAt: now, decidedBy: operatorId }, async (tx) => {
        await tx.update(associates).set({ approvedAt: now }).where(eq(associates.id, app.associateId));
      });
      await this.tell(app.associateId, 'approved', [message, '', 'Enterprises of the marketplace may now invite you; sign in to see their invitations and take the accreditation tests of the categories you sell.']);
    } else if (input.decision === 'reject') {
      const message = `We cannot accept your application. ${input.reason}`;
      await this.move(app, 'rejected', { ...by, kind: 'rejected', message }, { decisionReason: input.reason, decidedAt: now, decidedBy: operatorId });
      await this.tell(app.associateId, 'rejected', [message]);
    } else {
      const message = input.reason;
      await this.move(app, 'more_info', { ...by, kind: 'more_info_requested', message }, { decisionReason: input.reason, decidedAt: now, decidedBy: operatorId });
      await this.tell(app.associateId, 'more_info_requested', ['We need more from you to go on with your application:', '', message, '', 'Sign in and answer it on your application’s page.']);
    }
    return this.detail(id);
  }

  /** The operator's rules of acceptability, and when they were set (the defaults when never). */
  async joinSettings(): Promise<JoinSettings> {
    const [row] = await this.deps.db.select().from(joinSettings).where(eq(joinSettings.key, SETTINGS_KEY));
    return row ? { rules: { ...DEFAULT_RULES, ...row.rules }, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy } : { rules: DEFAULT_RULES, updatedAt: null, updatedBy: null };
  }

  /**
   * Replaces the rules; applications already decided are not evaluated again (waiting ones are,
   * at their next upload). A new waiting period counts for every rejection, past ones too.
   */
  async setJoinSettings(given: JoinRulesInput, operatorId: string): Promise<JoinSettings> {
    const rules = { ...given, reapplyAfterDays: given.reapplyAfterDays ?? DEFAULT_REAPPLY_AFTER_DAYS };
    const now = this.deps.clock();
    await this.deps.db
      .insert(joinSettings)
      .values({ key: SETTINGS_KEY, rules, updatedAt: now, updatedBy: operatorId })
      .onConflictDoUpdate({ target: joinSettings.key, set: { rules, updatedAt: now, updatedBy: operatorId } });
    return this.joinSettings();
  }

  // The check's side.

  /**
   * What vetting needs to create the candidate and the invitation at the provider: the legal
   * names, the address, the birth date (while the application is undecided), the country and
   * the package the operator's rules name. NotFound for an unknown application.
   */
  async candidate(applicationId: string): Promise<{ email: string; givenName: string; familyName: string; birthDate: string | null; country: string; checkPackage: string }> {
    const [row] = await this.deps.db
      .select({ email: associates.email, givenName: applications.givenName, familyName: applications.familyName, birthDate: applications.birthDate, country: applications.country })
      .from(applications)
      .innerJoin(associates, eq(associates.id, applications.associateId))
      .where(eq(applications.id, applicationId));
    if (!row) throw new NotFound('The application');
    return { ...row, checkPackage: (await this.rules()).checkPackage };
  }

  /** What vetting tells of the check: the application moves (or not) and the applicant is told. An unknown application is logged and left. */
  async checkChanged(applicationId: string, change: CheckChange): Promise<void> {
    const [app] = await this.deps.db.select().from(applications).where(eq(applications.id, applicationId));
    if (!app) {
      this.deps.log('check change for an unknown application', { applicationId, change: change.kind });
      return;
    }
    const move = checkMove(app.status, change);
    const note = { actor: 'check' as const, kind: move.kind, message: move.message };
    if (move.to === 'rejected') {
      const now = this.deps.clock();
      await this.move(app, 'rejected', note, { decisionReason: move.message, decidedAt: now, decidedBy: null });
    } else if (move.to) await this.move(app, move.to, note);
    else
      await this.deps.db.transaction(async (tx) => {
        await tx.update(applications).set({ updatedAt: this.deps.clock() }).where(eq(applications.id, app.id));
        await this.event(tx, app.id, app.status, note);
      });
    if (move.mail) await this.tell(app.associateId, move.kind, [move.message]);
  }

  /** Resolves once the mails started after an answer are sent (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  // Inside.

  /** Applies the rules to an application that waits for them (`unverified`, address confirmed) and moves it; `told` is said first in the one mail. */
  private async evaluate(applicationId: string, told: string[]): Promise<void> {
    const [app] = await this.deps.db.select().from(applications).where(eq(applications.id, applicationId));
    if (!app || app.status !== 'unverified' || !app.emailVerifiedAt) {
      if (app && told.length) await this.tell(app.associateId, 'email_verified', told);
      return;
    }
    const rules = await this.rules();
    const uploaded = (await this.documentsOf(app.id)).map((d) => d.kind);
    const outcomes = evaluateRules({ country: app.country, birthDate: app.birthDate, languages: await this.languagesOf(app.associateId), categories: app.categories, uploaded }, rules, this.deps.clock().toISOString().slice(0, 10));
    const verdict = verdictOf(outcomes, rules.requiredDocuments, uploaded);
    if (verdict.kind === 'declined') {
      const reason = verdict.reasons.join(' ');
      const message = `We cannot take your application: ${reason}`;
      await this.move(app, 'declined', { actor: 'rules', kind: 'declined', message }, { ruleOutcomes: outcomes, decisionReason: reason, decidedAt: this.deps.clock(), decidedBy: null });
      await this.tell(app.associateId, 'declined', [...told, '', message]);
    } else if (verdict.kind === 'documents_missing') {
      await this.deps.db.update(applications).set({ ruleOutcomes: outcomes }).where(eq(applications.id, app.id));
      if (told.length) await this.tell(app.associateId, 'email_verified', [...told, '', nextStep('unverified', true, verdict.missing).next]);
    } else {
      const message = 'Your application meets our rules: your background check starts now. The check provider (Checkr) will e-mail you an invitation to fill in its form.';
      await this.move(app, 'checking', { actor: 'rules', kind: 'check_started', message }, { ruleOutcomes: outcomes });
      await this.tell(app.associateId, 'check_started', [...told, '', message]);
      try {
        await this.vetting.start(app.id);
      } catch (err) {
        // The application stays `checking`; the operator sees the failure in its events.
        this.deps.log('check not started', { applicationId: app.id, ...describeError(err) });
        await this.event(this.deps.db, app.id, 'checking', { actor: 'service', kind: 'check_start_failed', message: null });
      }
    }
  }

  /**
   * Moves the application from the status it was read at to `to`, with its event, in one
   * transaction: Conflict when it moved meanwhile. A final status deletes the documents and
   * clears the birth date (only what the decision needs is kept).
   */
  private async move(app: ApplicationRow, to: ApplicationStatus, note: EventNote, set: Partial<ApplicationRow> = {}, more?: (tx: Tx) => Promise<void>): Promise<void> {
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      const [moved] = await tx
        .update(applications)
        .set({ ...set, status: to, updatedAt: now, ...(isFinal(to) ? { birthDate: null } : {}) })
        .where(and(eq(applications.id, app.id), eq(applications.status, app.status)))
        .returning({ id: applications.id });
      if (!moved) throw new Conflict('The application changed meanwhile; read it again.');
      if (isFinal(to)) await tx.delete(applicationDocuments).where(eq(applicationDocuments.applicationId, app.id));
      await this.event(tx, app.id, to, note);
      await more?.(tx);
    });
  }

  /**
   * Writes an event after the application's others: the clock may read the same instant for
   * two moves (within a millisecond), so an event is dated at least a millisecond after the
   * last, and the events' order is their times'.
   */
  private async event(db: Tx | Db, applicationId: string, status: ApplicationStatus, note: EventNote): Promise<void> {
    const [last] = await db.select({ at: max(applicationEvents.at) }).from(applicationEvents).where(eq(applicationEvents.applicationId, applicationId));
    const now = this.deps.clock().getTime();
    await db.insert(applicationEvents).values({
      id: this.deps.ids.id(),
      applicationId,
      at: new Date(last?.at ? Math.max(now, last.at.getTime() + 1) : now),
      actor: note.actor,
      actorUserId: note.actorUserId ?? null,
      kind: note.kind,
      status,
      message: note.message,
    });
  }

  /** The person's current application: their newest (an ended one stays, for the history). */
  private async applicationOf(associateId: string): Promise<ApplicationRow> {
    const app = await this.latestOf(associateId);
    if (!app) throw new NotFound('Your application');
    return app;
  }

  private async latestOf(associateId: string): Promise<ApplicationRow | undefined> {
    const [app] = await this.deps.db.select().from(applications).where(eq(applications.associateId, associateId)).orderBy(desc(applications.createdAt), desc(applications.id)).limit(1);
    return app;
  }

  private async rules(): Promise<Required<AcceptabilityRules>> {
    return (await this.joinSettings()).rules;
  }

  private async languagesOf(associateId: string): Promise<string[]> {
    const [row] = await this.deps.db.select({ languages: associates.languages }).from(associates).where(eq(associates.id, associateId));
    return row?.languages ?? [];
  }

  private documentsOf(applicationId: string) {
    return this.deps.db
      .select({ id: applicationDocuments.id, kind: applicationDocuments.kind, fileName: applicationDocuments.fileName, contentType: applicationDocuments.contentType, size: applicationDocuments.size, uploadedAt: applicationDocuments.uploadedAt })
      .from(applicationDocuments)
      .where(eq(applicationDocuments.applicationId, applicationId))
      .orderBy(asc(applicationDocuments.kind));
  }

  private async issueLink(tx: Tx, associateId: string): Promise<string> {
    const token = this.deps.ids.secret('fwv');
    const now = this.deps.clock();
    await tx.insert(associateLinks).values({ tokenHash: hashSecret(token), associateId, purpose: 'verification', createdAt: now, expiresAt: new Date(now.getTime() + this.deps.limits.invitationTtlMs) });
    return token;
  }

  private linkOf(token: string): string {
    return `${this.deps.publicUrl()}${VERIFY_PAGE}#token=${encodeURIComponent(token)}`;
  }

  private async sendVerification(email: string, token: string, again?: 'again'): Promise<void> {
    const link = this.linkOf(token);
    await this.mail(email, 'Confirm your e-mail address for Floorwalker', [
      again
        ? 'Thank you for applying again to work as an independent associate on the Floorwalker marketplace. This is a new application: your previous one stays as it ended.'
        : 'Thank you for applying to work as an independent associate on the Floorwalker marketplace.',
      '',
      'Confirm your e-mail address here (the link works once, for 7 days):',
      link,
      '',
      ...(again ? ['The name, languages and time zone you gave replace your account’s once you confirm. Your password stays the one you had: sign in with it (forgot it? “Forgot password?” in the extension’s agent mode sends a link to set a new one).', ''] : []),
      'If you did not apply, ignore this message: nothing goes on without it.',
    ], link);
  }

  /** To the owner of an address whose application is open or approved: a second one is not needed. */
  private async sendStandingNote(email: string): Promise<void> {
    await this.mail(email, 'Your Floorwalker application', [
      'Someone (perhaps you) tried to apply to the Floorwalker marketplace with this e-mail address. You already have an application with us, still open or approved: a second one is not needed.',
      '',
      `Sign in with your password (or ask for a new one) to see where it stands: ${this.deps.publicUrl()}${STATUS_PAGE}`,
      'If it was not you, ignore this message: nothing changed.',
    ]);
  }

  /** To the owner of an address whose application was rejected, within the operator's waiting period. */
  private async sendWaitNote(email: string, from: Date): Promise<void> {
    await this.mail(email, 'Your Floorwalker application', [
      'Someone (perhaps you) tried to apply to the Floorwalker marketplace with this e-mail address. We could not accept your last application, and a new one is taken only after a waiting period.',
      '',
      `You can apply again from ${utcMinute(from)}.`,
      '',
      'If it was not you, ignore this message: nothing changed.',
    ]);
  }

  private async sendTakenNote(email: string): Promise<void> {
    await this.mail(email, 'Your Floorwalker account', [
      'Someone (perhaps you) tried to apply to the Floorwalker marketplace with this e-mail address, which already has an account.',
      '',
      'If it was you, sign in with your password (or ask for a new one) to see where your application stands.',
      'If it was not you, ignore this message: nothing changed.',
    ]);
  }

  /** Mails the applicant what they are told; a failed mail is logged (the status page says the same). */
  private async tell(associateId: string, kind: string, lines: string[]): Promise<void> {
    const [who] = await this.deps.db.select({ email: associates.email, displayName: associates.displayName }).from(associates).where(eq(associates.id, associateId));
    if (!who) return;
    await this.mail(who.email, mailSubject(kind), [`Hello ${who.displayName},`, '', ...lines, '', `Where your application stands: ${this.deps.publicUrl()}${STATUS_PAGE}`]);
  }

  private async mail(to: string, subject: string, lines: string[], link?: string): Promise<void> {
    try {
      await this.deps.mailer.send({ to, subject, text: `${lines.join('\n')}\n`, ...(link ? { link } : {}) });
    } catch (err) {
      this.deps.log('mail failed', { subject, ...describeError(err) });
    }
  }

  private later(work: () => Promise<void>): void {
    const running = work()
      .catch((err) => this.deps.log('registration mail failed', describeError(err)))
      .finally(() => this.background.delete(running));
    this.background.add(running);
  }
}

function summaryOf(app: ApplicationRow, email: string, displayName: string, check: CheckState | null) {
  return {
    id: app.id,
    associateId: app.associateId,
    previousApplicationId: app.previousApplicationId,
    email,
    displayName,
    givenName: app.givenName,
    familyName: app.familyName,
    country: app.country,
    categories: app.categories,
    status: app.status,
    check: check && checkView(check),
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}

function documentView(d: { id: string; kind: ApplicationDetail['documents'][number]['kind']; fileName: string; contentType: string; size: number; uploadedAt: Date }) {
  return { id: d.id, kind: d.kind, fileName: d.fileName, contentType: d.contentType as ApplicationDetail['documents'][number]['contentType'], size: d.size, uploadedAt: d.uploadedAt.toISOString() };
}

function checkView(c: CheckState): NonNullable<ApplicationDetail['check']> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    provider: c.provider,
    package: c.package,
    invitationStatus: c.invitationStatus,
    reportStatus: c.reportStatus,
    reportResult: c.reportResult,
    adjudication: c.adjudication,
    preAdverseAt: iso(c.preAdverseAt),
    postAdverseDueAt: iso(c.postAdverseDueAt),
    postAdverseAt: iso(c.postAdverseAt),
    createdAt: c.createdAt.toISOString(),
    completedAt: iso(c.completedAt),
  };
}
