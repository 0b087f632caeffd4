import { and, asc, desc, eq, getTableColumns, gt, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  AccreditationList,
  AssociateInvited,
  AssociateView,
  CreateAssociate,
  Device,
  EnterpriseAdmissionList,
  Invitation,
  MyAdmission,
  MyAdmissionList,
  PasswordSet,
  Presence,
  SignedIn,
  TestAccreditation,
  UpdateAssociate,
} from '../../../../shared/associates';
import { instantOf } from '../../../../shared/time';
import {
  accreditations,
  admissionInvitations,
  associateAdmissions,
  associateConnections,
  associateLinks,
  associates,
  associateStandings,
  associateTokens,
  earnedAccreditations,
  enterprises,
  questionBanks,
} from '../../db/schema';
import type { Db, Tx } from '../../db/open';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { AdmissionRefused, Conflict, InvalidInput, NotFound, Unauthorized } from '../../errors';
import { describeError } from '../../log';
import { hashPassword, hashSecret, verifyPassword } from '../../secrets';
import { acceptRefusal, type AdmissionAnswer, answerAdmission } from './admission.core';
import { deviceLabel, LINK_PREFIX, type LinkPurpose, lastUseStale, linkUrl } from './credentials.core';
import { claimAssociateLink, usableLink } from './links';
import { passwordProblem } from './password.core';

type AssociateRow = typeof associates.$inferSelect;
type AccreditationRow = typeof accreditations.$inferSelect & { enterpriseName: string };

/** The links that set a password (not registration's e-mail verification). */
const PASSWORD_PURPOSES: LinkPurpose[] = ['invitation', 'reset'];

/** A connection not seen for this long no longer makes its associate "connected". */
export const CONNECTION_FRESH_MS = 60_000;

export type PresenceListener = (associateId: string, presence: Presence) => void;
export type InvitationListener = (associateId: string, enterprise: { id: string; name: string }) => void;

/** What one offer answer did: set an employee away, or paused an independent for the offering enterprise only. */
export interface AnswerRecorded {
  setAway: boolean;
  pausedFor: { id: string; name: string } | null;
}

/** Sign-in tokens that stopped working (signed out, removed, password set, account deactivated), by hash. */
export type TokensRevokedListener = (tokenHashes: string[]) => void;

/** A live sign-in token: whose it is, its hash (what sockets opened with it remember) and when it expires. */
export interface AssociateSession {
  associateId: string;
  tokenHash: string;
  expiresAt: number;
}

/** How long a token's lookup is cached: a revocation notice from another instance normally comes at once; a lost one is covered after this. */
const TOKEN_CACHE_MS = 10_000;

/**
 * Associates: accounts and sign-in, employment and marketplace admission (an invitation the
 * associate answers), accreditations (each enterprise's own), the settings routing reads
 * (languages, schedule, capacity, contact), presence and live connections, and the counters
 * offers keep per enterprise (answers, misses, a pause) and last engagement.
 */
export class AssociatesService {
  /** Token hash → associate id, the token's expiry and how long the hit may be used; a hit needs no query. */
  private readonly tokenCache = new Map<string, { associateId: string; expiresAt: number; until: number }>();
  private readonly presenceListeners: PresenceListener[] = [];
  private readonly invitationListeners: InvitationListener[] = [];
  private readonly revokedListeners: TokensRevokedListener[] = [];
  /** Password reset mails being prepared after the answer went out. */
  private readonly background = new Set<Promise<void>>();
  /** A hash to verify against when the e-mail is unknown, so both failures take as long. */
  private decoy: Promise<string> | undefined;

  constructor(private readonly deps: AppDeps) {}

  /**
   * A new associate without a password, and the one-time invitation they set it with: an
   * employee of `employerId`, or with null an independent, approved by the marketplace at once
   * and in no enterprise's pool until they accept an invitation (the demo seed's; no route makes
   * one). Conflict on a taken e-mail.
   */
  async invite(employerId: string | null, input: CreateAssociate, options: { mail?: boolean } = {}): Promise<AssociateInvited> {
    const now = this.deps.clock();
    const id = this.deps.ids.id();
    let link: IssuedLink;
    try {
      link = await this.deps.db.transaction(async (tx) => {
        await tx.insert(associates).values({
          id,
          email: input.email,
          passwordHash: null,
          displayName: input.displayName,
          employerId,
          languages: input.languages,
          timezone: input.timezone,
          schedule: input.schedule,
          capacity: input.capacity,
          contact: input.contact,
          presence: 'away',
          presenceChangedAt: now,
          // An independent made here (the demo seed's) was never an applicant: approved from the start.
          approvedAt: employerId ? null : now,
          createdAt: now,
        });
        return this.issueLink(tx, id, 'invitation');
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new Conflict(`An associate with the e-mail ${input.email} exists already.`);
      throw err;
    }
    const invitation = options.mail === false ? { ...link, expiresAt: link.expiresAt.toISOString(), mailed: false } : await this.sendInvitation(input.email, link);
    return { associate: await this.view(id, employerId ?? undefined), invitation };
  }

  /**
   * A new invitation for an associate who has not set a password yet; the previous link stops
   * working. Only their employer, or for an independent the one enterprise admitting them (a
   * second enterprise must not get a link to set someone else's password).
   */
  async reinvite(enterpriseId: string, associateId: string): Promise<AssociateInvited> {
    const [row] = await this.deps.db.select().from(associates).where(eq(associates.id, associateId));
    if (!row || !(await this.worksFor(associateId, enterpriseId))) throw new NotFound('The associate');
    if (!row.active) throw new Conflict('The associate is deactivated; reactivate them first.');
    if (row.passwordHash) throw new Conflict('The associate has set a password already; they can reset it themselves if they lost it.');
    if (!row.employerId) {
      const admitting = await this.deps.db.select({ id: associateAdmissions.enterpriseId }).from(associateAdmissions).where(eq(associateAdmissions.associateId, associateId));
      if (admitting.length > 1) throw new Conflict('Several enterprises admit this independent associate; they can ask for a link themselves (password reset).');
    }
    const link = await this.deps.db.transaction(async (tx) => {
      await tx.delete(associateLinks).where(and(eq(associateLinks.associateId, associateId), eq(associateLinks.purpose, 'invitation'), isNull(associateLinks.usedAt)));
      return this.issueLink(tx, associateId, 'invitation');
    });
    return { associate: await this.view(associateId, enterpriseId), invitation: await this.sendInvitation(row.email, link) };
  }

  /**
   * Sets the associate's password with a one-time link (invitation or reset). The link is used
   * by one conditional UPDATE, so of two concurrent uses one wins; every sign-in token of the
   * associate is revoked (a reset is often "someone else may know my password").
   */
  async setPassword(token: string, password: string): Promise<PasswordSet> {
    const tokenHash = hashSecret(token);
    const [found] = await this.deps.db
      .select({ associateId: associateLinks.associateId, expiresAt: associateLinks.expiresAt, usedAt: associateLinks.usedAt, email: associates.email, active: associates.active })
      .from(associateLinks)
      .innerJoin(associates, eq(associates.id, associateLinks.associateId))
      // A verification link (registration's) confirms an address; it never sets a password.
      .where(and(eq(associateLinks.tokenHash, tokenHash), inArray(associateLinks.purpose, PASSWORD_PURPOSES)));
    const now = this.deps.clock();
    const link = usableLink(found, (l) => l.active, now);
    const problem = passwordProblem(password, link.email);
    if (problem) throw new InvalidInput(['password'], problem);
    const passwordHash = await hashPassword(password, this.deps.limits.passwordCost);
    const revoked = await this.deps.db.transaction(async (tx) => {
      await claimAssociateLink(tx, tokenHash, now);
      await tx.update(associates).set({ passwordHash }).where(eq(associates.id, link.associateId));
      // The other links of the associate are of no use now.
      await tx.delete(associateLinks).where(and(eq(associateLinks.associateId, link.associateId), isNull(associateLinks.usedAt), inArray(associateLinks.purpose, PASSWORD_PURPOSES)));
      return this.revokeWhere(tx, eq(associateTokens.associateId, link.associateId));
    });
    this.revoked(revoked);
    return { email: link.email };
  }

  /**
   * Mails a password reset link if an active associate has this address. Returns at once
   * and does the work after: the answer and its timing are the same for a known and an
   * unknown address.
   */
  requestReset(email: string): void {
    const work = this.sendReset(email)
      .catch((err) => this.deps.log('password reset mail failed', describeError(err)))
      .finally(() => this.background.delete(work));
    this.background.add(work);
  }

  /** Resolves once the reset mails asked for so far are sent (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  /** Changes the password with the current one; every other device is signed out. */
  async changePassword(associateId: string, currentTokenHash: string, currentPassword: string, newPassword: string): Promise<void> {
    const [row] = await this.deps.db.select({ email: associates.email, passwordHash: associates.passwordHash }).from(associates).where(eq(associates.id, associateId));
    if (!row) throw new NotFound('The associate');
    if (!(await verifyPassword(currentPassword, row.passwordHash ?? (await this.decoyHash())))) throw new InvalidInput(['currentPassword'], 'The current password is wrong.');
    const problem = passwordProblem(newPassword, row.email);
    if (problem) throw new InvalidInput(['newPassword'], problem);
    const passwordHash = await hashPassword(newPassword, this.deps.limits.passwordCost);
    const revoked = await this.deps.db.transaction(async (tx) => {
      await tx.update(associates).set({ passwordHash }).where(eq(associates.id, associateId));
      return this.revokeWhere(tx, and(eq(associateTokens.associateId, associateId), ne(associateTokens.tokenHash, currentTokenHash)));
    });
    this.revoked(revoked);
  }

  /** The associate's signed-in devices (live tokens), newest first; `current` marks the caller's. */
  async devices(associateId: string, currentTokenHash: string): Promise<Device[]> {
    const rows = await this.deps.db
      .select()
      .from(associateTokens)
      .where(and(eq(associateTokens.associateId, associateId), gt(associateTokens.expiresAt, this.deps.clock())))
      .orderBy(desc(associateTokens.createdAt), associateTokens.id);
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      expiresAt: r.expiresAt.toISOString(),
      current: r.tokenHash === currentTokenHash,
    }));
  }

  /** Signs one of the associate's devices out; NotFound for an id that is not theirs. */
  async removeDevice(associateId: string, deviceId: string): Promise<void> {
    const revoked = await this.revokeWhere(this.deps.db, and(eq(associateTokens.associateId, associateId), eq(associateTokens.id, deviceId)));
    if (revoked.length === 0) throw new NotFound('The device');
    this.revoked(revoked);
  }

  /** Signs the associate out on every device, this one included. */
  async signOutEverywhere(associateId: string): Promise<void> {
    this.revoked(await this.revokeWhere(this.deps.db, eq(associateTokens.associateId, associateId)));
  }

  /**
   * The enterprise takes an associate off: its employee's account becomes inactive (every
   * token revoked, no sign-in, no offers); for an independent, only its own admission (no more
   * of its offers; their account and other admissions are untouched). NotFound otherwise.
   */
  async deactivate(enterpriseId: string, associateId: string): Promise<AssociateView> {
    return this.setActive(enterpriseId, associateId, false);
  }

  /** Undoes `deactivate` (the tokens it revoked stay revoked: the associate signs in again). */
  async reactivate(enterpriseId: string, associateId: string): Promise<AssociateView> {
    return this.setActive(enterpriseId, associateId, true);
  }

  /** Calls `listener` with the hashes of tokens revoked on this instance. */
  onTokensRevoked(listener: TokensRevokedListener): void {
    this.revokedListeners.push(listener);
  }

  /** Tokens revoked on another instance: forgotten here at once. */
  forgetTokens(tokenHashes: readonly string[]): void {
    for (const hash of tokenHashes) this.tokenCache.delete(hash);
  }

  /** The enterprise's associates: its employees and the independents it admitted, by name. */
  async associatesOf(enterpriseId: string): Promise<AssociateView[]> {
    const rows = await this.deps.db
      .select()
      .from(associates)
      .where(
        or(
          eq(associates.employerId, enterpriseId),
          inArray(
            associates.id,
            this.deps.db.select({ id: associateAdmissions.associateId }).from(associateAdmissions).where(eq(associateAdmissions.enterpriseId, enterpriseId)),
          ),
        ),
      )
      .orderBy(associates.displayName, associates.id);
    return this.views(rows, enterpriseId);
  }

  /**
   * Invites the address to the enterprise's pool. Whatever the address (unknown, another's
   * employee, an independent) the invitation is recorded and nothing is told: only an
   * independent with it sees the invitation and may accept. Inviting again changes nothing,
   * so a declined invitation does not come back to pester the associate.
   */
  async inviteToPool(enterpriseId: string, email: string, options: { requiredBankId?: string } = {}): Promise<void> {
    const requiredBankId = await this.requirableBank(enterpriseId, options.requiredBankId);
    await this.recordInvitation(enterpriseId, email, null, requiredBankId);
  }

  /**
   * Invites an approved independent chosen in the enterprise's directory, by id: the
   * invitation is kept under their address, which the enterprise is not shown until they
   * accept. NotFound unless the id is an active, approved independent.
   */
  async inviteIndependent(enterpriseId: string, associateId: string, options: { requiredBankId?: string } = {}): Promise<{ associateId: string }> {
    const requiredBankId = await this.requirableBank(enterpriseId, options.requiredBankId);
    const [row] = await this.deps.db
      .select({ email: associates.email })
      .from(associates)
      .where(and(eq(associates.id, associateId), isNull(associates.employerId), eq(associates.active, true), isNotNull(associates.approvedAt)));
    if (!row) throw new NotFound('The independent associate');
    await this.recordInvitation(enterpriseId, row.email, associateId, requiredBankId);
    return { associateId };
  }

  /** The bank an invitation may require: one of the enterprise's own published banks; 400 naming `requiredBankId` otherwise. */
  private async requirableBank(enterpriseId: string, bankId: string | undefined): Promise<string | null> {
    if (bankId === undefined) return null;
    const [bank] = await this.deps.db
      .select({ published: questionBanks.published })
      .from(questionBanks)
      .where(and(eq(questionBanks.id, bankId), eq(questionBanks.enterpriseId, enterpriseId)));
    if (!bank) throw new InvalidInput(['requiredBankId'], 'Require one of your own tests: this is not a question bank of yours.');
    if (!bank.published) throw new InvalidInput(['requiredBankId'], 'Publish the test first: an invited associate cannot take an unpublished one.');
    return bankId;
  }

  private async recordInvitation(enterpriseId: string, email: string, associateId: string | null, requiredBankId: string | null): Promise<void> {
    const [created] = await this.deps.db
      .insert(admissionInvitations)
      .values({ enterpriseId, email, associateId, requiredBankId, status: 'invited', invitedAt: this.deps.clock() })
      .onConflictDoNothing()
      .returning({ email: admissionInvitations.email });
    if (!created) return;
    // Only an approved independent is told; an applicant sees the invitation once they look, and may accept once approved.
    const [invitee] = await this.deps.db
      .select({ id: associates.id, enterpriseName: enterprises.name })
      .from(associates)
      .innerJoin(enterprises, eq(enterprises.id, enterpriseId))
      .where(and(eq(associates.email, email), isNull(associates.employerId), eq(associates.active, true), isNotNull(associates.approvedAt)));
    if (!invitee) return;
    for (const listener of this.invitationListeners) {
      try {
        listener(invitee.id, { id: enterpriseId, name: invitee.enterpriseName });
      } catch (err) {
        this.deps.log('invitation listener failed', { error: err instanceof Error ? err.name : 'unknown' });
      }
    }
  }

  /** Calls `listener` when an independent associate is invited by an enterprise. */
  onInvited(listener: InvitationListener): void {
    this.invitationListeners.push(listener);
  }

  /**
   * The enterprise's invitations, newest first: the address it typed and the answer, nothing
   * else of the associate; invited from the directory, the associate's id and name, and their
   * address only once they accepted. A required test says whether the invitee holds a valid pass
   * of it: only they can have taken it, and only because this enterprise invited them.
   */
  async invitationsOf(enterpriseId: string): Promise<EnterpriseAdmissionList> {
    // The independent holding the invited address (an invitation by id is kept under it too), whose pass of the required test is shown.
    const invitee = alias(associates, 'invitee');
    const rows = await this.deps.db
      .select({
        invitation: admissionInvitations,
        displayName: associates.displayName,
        bank: { id: questionBanks.id, title: questionBanks.title, category: questionBanks.category, level: questionBanks.level },
        passedAt: earnedAccreditations.earnedAt,
      })
      .from(admissionInvitations)
      .leftJoin(associates, eq(associates.id, admissionInvitations.associateId))
      .leftJoin(questionBanks, eq(questionBanks.id, admissionInvitations.requiredBankId))
      .leftJoin(invitee, and(eq(invitee.email, admissionInvitations.email), isNull(invitee.employerId)))
      .leftJoin(
        earnedAccreditations,
        and(eq(earnedAccreditations.associateId, invitee.id), eq(earnedAccreditations.bankId, admissionInvitations.requiredBankId), gt(earnedAccreditations.expiresAt, this.deps.clock())),
      )
      .where(eq(admissionInvitations.enterpriseId, enterpriseId))
      .orderBy(desc(admissionInvitations.invitedAt), admissionInvitations.email);
    return {
      admissions: rows.map(({ invitation: r, displayName, bank, passedAt }) => ({
        email: r.associateId && r.status !== 'accepted' ? null : r.email,
        associate: r.associateId ? { id: r.associateId, displayName: displayName ?? '' } : null,
        requiredTest: bank?.id
          ? { bankId: bank.id, title: bank.title, category: bank.category, level: bank.level, passed: passedAt !== null, passedAt: passedAt?.toISOString() ?? null }
          : null,
        status: r.status,
        invitedAt: r.invitedAt.toISOString(),
        answeredAt: r.answeredAt?.toISOString() ?? null,
      })),
    };
  }

  /** The invitations an independent associate received, newest first; none for an employee. */
  async admissionsOf(associateId: string): Promise<MyAdmissionList> {
    return { admissions: await this.myAdmissions(associateId) };
  }

  /** The associate accepts, declines or withdraws from (leaves) an enterprise's invitation; only an accepted one puts them in its pool. */
  async answerInvitation(associateId: string, enterpriseId: string, answer: AdmissionAnswer): Promise<MyAdmission> {
    const [invitation] = await this.myAdmissions(associateId, enterpriseId);
    if (!invitation) throw new NotFound('The invitation');
    const next = answerAdmission(invitation.status, answer);
    if (!next.ok) throw new Conflict(next.message);
    if (next.status === 'accepted' && invitation.status !== 'accepted') {
      const [me] = await this.deps.db.select({ approvedAt: associates.approvedAt }).from(associates).where(eq(associates.id, associateId));
      const refusal = acceptRefusal({ approved: !!me?.approvedAt, requiredTest: invitation.requiredTest });
      if (refusal) throw new AdmissionRefused(refusal.code, refusal.message);
    }
    if (next.status !== invitation.status) {
      const [me] = await this.deps.db.select({ email: associates.email }).from(associates).where(eq(associates.id, associateId));
      const now = this.deps.clock();
      await this.deps.db.transaction(async (tx) => {
        await tx
          .update(admissionInvitations)
          .set({ status: next.status, answeredAt: now })
          .where(and(eq(admissionInvitations.enterpriseId, enterpriseId), eq(admissionInvitations.email, me!.email)));
        if (next.status === 'accepted') await tx.insert(associateAdmissions).values({ associateId, enterpriseId, admittedAt: now }).onConflictDoNothing();
        else await tx.delete(associateAdmissions).where(and(eq(associateAdmissions.associateId, associateId), eq(associateAdmissions.enterpriseId, enterpriseId)));
      });
    }
    const [answered] = await this.myAdmissions(associateId, enterpriseId);
    return answered!;
  }

  private async myAdmissions(associateId: string, enterpriseId?: string): Promise<MyAdmission[]> {
    const now = this.deps.clock();
    const rows = await this.deps.db
      .select({
        invitation: admissionInvitations,
        enterpriseName: enterprises.name,
        pausedAt: associateStandings.pausedAt,
        bank: { id: questionBanks.id, title: questionBanks.title, category: questionBanks.category, level: questionBanks.level },
        passedUntil: earnedAccreditations.expiresAt,
      })
      .from(admissionInvitations)
      .innerJoin(associates, and(eq(associates.email, admissionInvitations.email), isNull(associates.employerId)))
      .innerJoin(enterprises, eq(enterprises.id, admissionInvitations.enterpriseId))
      .leftJoin(associateStandings, and(eq(associateStandings.associateId, associates.id), eq(associateStandings.enterpriseId, admissionInvitations.enterpriseId)))
      .leftJoin(questionBanks, eq(questionBanks.id, admissionInvitations.requiredBankId))
      .leftJoin(
        earnedAccreditations,
        and(eq(earnedAccreditations.associateId, associates.id), eq(earnedAccreditations.bankId, admissionInvitations.requiredBankId), gt(earnedAccreditations.expiresAt, now)),
      )
      .where(and(eq(associates.id, associateId), enterpriseId ? eq(admissionInvitations.enterpriseId, enterpriseId) : undefined))
      .orderBy(desc(admissionInvitations.invitedAt), enterprises.name);
    return rows.map(({ invitation: i, enterpriseName, pausedAt, bank, passedUntil }) => ({
      enterpriseId: i.enterpriseId,
      enterpriseName,
      status: i.status,
      invitedAt: i.invitedAt.toISOString(),
      answeredAt: i.answeredAt?.toISOString() ?? null,
      paused: i.status === 'accepted' && pausedAt !== null,
      requiredTest: bank?.id ? { bankId: bank.id, title: bank.title, category: bank.category, level: bank.level, passed: passedUntil !== null } : null,
    }));
  }

  /** Whether the associate works for the enterprise: employed by it, or admitted by it. */
  async worksFor(associateId: string, enterpriseId: string): Promise<boolean> {
    const [row] = await this.deps.db
      .select({ id: associates.id })
      .from(associates)
      .leftJoin(associateAdmissions, and(eq(associateAdmissions.associateId, associates.id), eq(associateAdmissions.enterpriseId, enterpriseId)))
      .where(and(eq(associates.id, associateId), or(eq(associates.employerId, enterpriseId), eq(associateAdmissions.enterpriseId, enterpriseId))));
    return !!row;
  }

  /** Replaces the accreditations the enterprise granted the associate (another's grants stay); NotFound unless the associate works for it. */
  async setAccreditations(enterpriseId: string, associateId: string, input: AccreditationList): Promise<AssociateView> {
    if (!(await this.worksFor(associateId, enterpriseId))) throw new NotFound('The associate');
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      await tx.delete(accreditations).where(and(eq(accreditations.associateId, associateId), eq(accreditations.enterpriseId, enterpriseId)));
      if (input.accreditations.length > 0)
        await tx.insert(accreditations).values(
          input.accreditations.map((a) => ({
            id: this.deps.ids.id(),
            associateId,
            enterpriseId,
            category: a.category,
            level: a.level,
            expiresAt: a.expiresAt ? new Date(instantOf(a.expiresAt)) : null,
            createdAt: now,
          })),
        );
    });
    return this.view(associateId, enterpriseId);
  }

  /** A sign-in token for the right e-mail and password; Unauthorized (one message for both failures) otherwise. */
  async signIn(email: string, password: string, device: { name?: string; userAgent?: string } = {}): Promise<SignedIn> {
    const [row] = await this.deps.db.select().from(associates).where(eq(associates.email, email));
    // Verify even for an unknown address (or one without a password yet), so the answer's timing does not tell which addresses exist.
    const ok = await verifyPassword(password, row?.passwordHash ?? (await this.decoyHash()));
    if (!row?.passwordHash || !ok || !row.active) throw new Unauthorized('The e-mail address or the password is wrong.');
    const token = this.deps.ids.secret('fwa');
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + this.deps.limits.associateTokenTtlMs);
    await this.deps.db.insert(associateTokens).values({
      tokenHash: hashSecret(token),
      id: this.deps.ids.id(),
      associateId: row.id,
      label: deviceLabel(device.name, device.userAgent),
      createdAt: now,
      lastUsedAt: now,
      expiresAt,
    });
    // Old tokens of this associate that expired are of no use to anyone.
    await this.deps.db.delete(associateTokens).where(and(eq(associateTokens.associateId, row.id), lt(associateTokens.expiresAt, now)));
    return { token, expiresAt: expiresAt.toISOString(), associate: await this.view(row.id) };
  }

  /** The associate with this e-mail address, if any. */
  async byEmail(email: string): Promise<AssociateView | undefined> {
    const [row] = await this.deps.db.select({ id: associates.id }).from(associates).where(eq(associates.email, email.trim().toLowerCase()));
    return row ? this.view(row.id) : undefined;
  }

  /** Sets a new password and signs the associate out everywhere (an operator's reset; the demo seed uses it). */
  async resetPassword(associateId: string, password: string): Promise<void> {
    const [row] = await this.deps.db.select({ email: associates.email }).from(associates).where(eq(associates.id, associateId));
    if (!row) throw new NotFound('The associate');
    const problem = passwordProblem(password, row.email);
    if (problem) throw new InvalidInput(['password'], problem);
    const passwordHash = await hashPassword(password, this.deps.limits.passwordCost);
    const revoked = await this.deps.db.transaction(async (tx) => {
      await tx.update(associates).set({ passwordHash }).where(eq(associates.id, associateId));
      return this.revokeWhere(tx, eq(associateTokens.associateId, associateId));
    });
    this.revoked(revoked);
  }

  /** Revokes the token (signing out one device). */
  async signOut(token: string): Promise<void> {
    this.revoked(await this.revokeWhere(this.deps.db, eq(associateTokens.tokenHash, hashSecret(token))));
  }

  /** The associate a live (unexpired, unrevoked) token belongs to. */
  async associateForToken(token: string): Promise<string | undefined> {
    return (await this.sessionFor(token))?.associateId;
  }

  /** The live token's associate, hash and expiry (a socket closes at the expiry, or when the hash is revoked). */
  async sessionFor(token: string): Promise<AssociateSession | undefined> {
    const tokenHash = hashSecret(token);
    const now = this.deps.clock().getTime();
    const hit = this.tokenCache.get(tokenHash);
    if (hit && hit.until > now && hit.expiresAt > now) return { associateId: hit.associateId, tokenHash, expiresAt: hit.expiresAt };
    this.tokenCache.delete(tokenHash);
    const [row] = await this.deps.db
      .select({ associateId: associateTokens.associateId, expiresAt: associateTokens.expiresAt, lastUsedAt: associateTokens.lastUsedAt, active: associates.active })
      .from(associateTokens)
      .innerJoin(associates, eq(associates.id, associateTokens.associateId))
      .where(and(eq(associateTokens.tokenHash, tokenHash), gt(associateTokens.expiresAt, new Date(now))));
    if (!row?.active) return undefined;
    if (lastUseStale(row.lastUsedAt?.getTime() ?? null, now))
      await this.deps.db.update(associateTokens).set({ lastUsedAt: new Date(now) }).where(eq(associateTokens.tokenHash, tokenHash));
    if (this.tokenCache.size >= 10_000) this.tokenCache.clear();
    const expiresAt = row.expiresAt.getTime();
    this.tokenCache.set(tokenHash, { associateId: row.associateId, expiresAt, until: now + TOKEN_CACHE_MS });
    return { associateId: row.associateId, tokenHash, expiresAt };
  }

  async me(associateId: string): Promise<AssociateView> {
    return this.view(associateId);
  }

  /** The associate's own settings and presence. Setting `available` clears the misses, and the pauses, every enterprise counted. */
  async update(associateId: string, input: UpdateAssociate): Promise<AssociateView> {
    const [current] = await this.deps.db.select().from(associates).where(eq(associates.id, associateId));
    if (!current) throw new NotFound('The associate');
    const { presence, ...settings } = input;
    const changes: Partial<AssociateRow> = { ...settings };
    if (presence) Object.assign(changes, this.presenceChange(presence, null));
    if (Object.keys(changes).length > 0) await this.deps.db.update(associates).set(changes).where(eq(associates.id, associateId));
    const resumed = presence === 'available' ? await this.clearMisses(associateId) : false;
    if (presence && (presence !== current.presence || resumed)) this.announce(associateId, presence);
    // More capacity or a wider schedule can make someone available too.
    else if (settings.capacity !== undefined || settings.schedule !== undefined) this.announce(associateId, presence ?? current.presence);
    return this.view(associateId);
  }

  /** Sets the presence on the associate's behalf (realtime's `presence` message). */
  async setPresence(associateId: string, presence: Presence): Promise<void> {
    await this.update(associateId, { presence });
  }

  /** Away because of what happened (e.g. "declined_offer" when declining and going away). */
  async setAway(associateId: string, reason = 'declined_offer'): Promise<void> {
    await this.deps.db.update(associates).set(this.presenceChange('away', reason)).where(eq(associates.id, associateId));
    this.announce(associateId, 'away');
  }

  /**
   * Counts an answer to one of the enterprise's offers, for that enterprise only (its response
   * rate, its misses in a row). After `missesBeforeAway` misses in a row an available employee
   * is set away (reason "missed_offers": they have one enterprise), while an independent is only
   * paused for this enterprise: another enterprise's offers cannot set them away for everyone.
   */
  async recordOfferAnswer(
    associateId: string,
    enterpriseId: string,
    answer: 'accepted' | 'declined' | 'missed',
    policy: { missesBeforeAway: number },
  ): Promise<AnswerRecorded> {
    const missed = answer === 'missed';
    const s = associateStandings;
    const [row] = await this.deps.db
      .insert(s)
      .values({ associateId, enterpriseId, offersReceived: 1, offersAnswered: missed ? 0 : 1, missesInRow: missed ? 1 : 0 })
      .onConflictDoUpdate({
        target: [s.associateId, s.enterpriseId],
        set: {
          offersReceived: sql`${s.offersReceived} + 1`,
          offersAnswered: missed ? s.offersAnswered : sql`${s.offersAnswered} + 1`,
          missesInRow: missed ? sql`${s.missesInRow} + 1` : 0,
        },
      })
      .returning({ misses: s.missesInRow });
    const nothing = { setAway: false, pausedFor: null };
    if (!row || !missed || row.misses < policy.missesBeforeAway) return nothing;
    const [who] = await this.deps.db
      .select({ employerId: associates.employerId, presence: associates.presence, enterpriseName: enterprises.name })
      .from(associates)
      .innerJoin(enterprises, eq(enterprises.id, enterpriseId))
      .where(eq(associates.id, associateId));
    if (!who || who.presence !== 'available') return nothing;
    if (who.employerId === enterpriseId) {
      // Conditional, so two instances counting the same streak set it away once.
      const [changed] = await this.deps.db
        .update(associates)
        .set(this.presenceChange('away', 'missed_offers'))
        .where(and(eq(associates.id, associateId), eq(associates.presence, 'available')))
        .returning({ id: associates.id });
      if (changed) this.announce(associateId, 'away');
      return { setAway: !!changed, pausedFor: null };
    }
    const [paused] = await this.deps.db
      .update(s)
      .set({ pausedAt: this.deps.clock() })
      .where(and(eq(s.associateId, associateId), eq(s.enterpriseId, enterpriseId), isNull(s.pausedAt)))
      .returning({ at: s.pausedAt });
    return { setAway: false, pausedFor: paused ? { id: enterpriseId, name: who.enterpriseName } : null };
  }

  async engagementStarted(associateId: string): Promise<void> {
    await this.deps.db.update(associates).set({ lastEngagementAt: this.deps.clock() }).where(eq(associates.id, associateId));
  }

  /** The associate is free again: idle time counts from now, and waiting opportunities may use them. */
  async engagementEnded(associateId: string): Promise<void> {
    const [row] = await this.deps.db
      .update(associates)
      .set({ lastEngagementAt: this.deps.clock() })
      .where(eq(associates.id, associateId))
      .returning({ presence: associates.presence });
    if (row?.presence === 'available') this.announce(associateId, 'available');
  }

  /** The associate's hours changed (a schedule exception set or removed): waiting opportunities may use them now. */
  async scheduleChanged(associateId: string): Promise<void> {
    try {
      const [row] = await this.deps.db.select({ presence: associates.presence }).from(associates).where(eq(associates.id, associateId));
      if (row) this.announce(associateId, row.presence);
    } catch (err) {
      this.deps.log('schedule change notice failed', describeError(err));
    }
  }

  /** Calls `listener` when an associate becomes available (or gets room: more capacity, a wider schedule) or goes away. */
  onPresenceChange(listener: PresenceListener): void {
    this.presenceListeners.push(listener);
  }

  async connectionOpened(associateId: string, connectionId: string, instanceId: string): Promise<void> {
    const now = this.deps.clock();
    await this.deps.db.insert(associateConnections).values({ id: connectionId, associateId, instanceId, connectedAt: now, lastSeenAt: now }).onConflictDoNothing();
    const [row] = await this.deps.db.select({ presence: associates.presence }).from(associates).where(eq(associates.id, associateId));
    // Connecting while available is becoming reachable: waiting opportunities may use them now.
    if (row?.presence === 'available') this.announce(associateId, 'available');
  }

  async connectionSeen(connectionIds: string[]): Promise<void> {
    if (connectionIds.length === 0) return;
    await this.deps.db.update(associateConnections).set({ lastSeenAt: this.deps.clock() }).where(inArray(associateConnections.id, connectionIds));
  }

  async connectionClosed(connectionId: string): Promise<void> {
    await this.deps.db.delete(associateConnections).where(eq(associateConnections.id, connectionId));
  }

  /** Forgets connections not seen for `olderThanMs` (an instance that died without closing them). */
  async purgeStaleConnections(olderThanMs: number): Promise<number> {
    const cutoff = new Date(this.deps.clock().getTime() - olderThanMs);
    const gone = await this.deps.db.delete(associateConnections).where(lt(associateConnections.lastSeenAt, cutoff)).returning({ id: associateConnections.id });
    return gone.length;
  }

  private presenceChange(presence: Presence, reason: string | null): Partial<AssociateRow> {
    return { presence, presenceReason: reason, presenceChangedAt: this.deps.clock() };
  }

  /** Clears every enterprise's misses in a row and pause of the associate; true when a pause ended. */
  private async clearMisses(associateId: string): Promise<boolean> {
    const s = associateStandings;
    const [pausedBefore] = await this.deps.db
      .select({ id: s.enterpriseId })
      .from(s)
      .where(and(eq(s.associateId, associateId), isNotNull(s.pausedAt)))
      .limit(1);
    await this.deps.db.update(s).set({ missesInRow: 0, pausedAt: null }).where(eq(s.associateId, associateId));
    return !!pausedBefore;
  }

  private announce(associateId: string, presence: Presence): void {
    for (const listener of this.presenceListeners) {
      try {
        listener(associateId, presence);
      } catch (err) {
        this.deps.log('presence listener failed', { associateId, error: err instanceof Error ? err.name : 'unknown' });
      }
    }
  }

  private decoyHash(): Promise<string> {
    return (this.decoy ??= hashPassword('not anybody’s password', this.deps.limits.passwordCost));
  }

  private async issueLink(tx: Tx, associateId: string, purpose: LinkPurpose): Promise<IssuedLink> {
    const token = this.deps.ids.secret(LINK_PREFIX[purpose]);
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + (purpose === 'invitation' ? this.deps.limits.invitationTtlMs : this.deps.limits.resetTtlMs));
    await tx.insert(associateLinks).values({ tokenHash: hashSecret(token), associateId, purpose, createdAt: now, expiresAt });
    return { token, link: linkUrl(this.deps.publicUrl(), purpose, token), expiresAt };
  }

  /** Mails the invitation; a mail that fails is logged and the enterprise still has the link to pass on. */
  private async sendInvitation(email: string, issued: IssuedLink): Promise<Invitation> {
    const mailed = await this.mail(email, 'Set your Floorwalker password', [
      'You have been invited to help shoppers as a Floorwalker associate.',
      '',
      'Choose your password here (the link works once, for 7 days):',
      issued.link,
      '',
      'Nobody else sees or sets your password. If you did not expect this, ignore this message.',
    ], issued.link);
    return { link: issued.link, token: issued.token, expiresAt: issued.expiresAt.toISOString(), mailed };
  }

  private async sendReset(email: string): Promise<void> {
    const [row] = await this.deps.db.select({ id: associates.id, active: associates.active }).from(associates).where(eq(associates.email, email));
    if (!row?.active) return;
    const issued = await this.deps.db.transaction(async (tx) => {
      // Only the newest reset link works.
      await tx.delete(associateLinks).where(and(eq(associateLinks.associateId, row.id), eq(associateLinks.purpose, 'reset'), isNull(associateLinks.usedAt)));
      return this.issueLink(tx, row.id, 'reset');
    });
    await this.mail(email, 'Reset your Floorwalker password', [
      'Someone asked to reset the password of your Floorwalker associate account.',
      '',
      'Choose a new password here (the link works once, for 30 minutes):',
      issued.link,
      '',
      'Setting it signs you out on every device. If you did not ask for this, ignore this message: your password stays as it is.',
    ], issued.link);
  }

  private async mail(to: string, subject: string, lines: string[], link: string): Promise<boolean> {
    try {
      await this.deps.mailer.send({ to, subject, text: `${lines.join('\n')}\n`, link });
      return this.deps.mailer.sends;
    } catch (err) {
      this.deps.log('mail failed', { subject, ...describeError(err) });
      return false;
    }
  }

  /** Deletes the matching tokens and returns their hashes (the caller then tells `revoked`, after its transaction commits). */
  private async revokeWhere(db: Tx | Db, where: ReturnType<typeof and>): Promise<string[]> {
    const gone = await db.delete(associateTokens).where(where).returning({ hash: associateTokens.tokenHash });
    return gone.map((g) => g.hash);
  }

  /** Forgets revoked tokens here and tells the listeners (realtime closes their sockets, here and on the other instances). */
  private revoked(tokenHashes: string[]): void {
    if (tokenHashes.length === 0) return;
    this.forgetTokens(tokenHashes);
    for (const listener of this.revokedListeners) {
      try {
        listener(tokenHashes);
      } catch (err) {
        this.deps.log('revocation listener failed', describeError(err));
      }
    }
  }

  private async setActive(enterpriseId: string, associateId: string, active: boolean): Promise<AssociateView> {
    const [row] = await this.deps.db.select({ employerId: associates.employerId }).from(associates).where(eq(associates.id, associateId));
    if (row?.employerId === enterpriseId) {
      const revoked = await this.deps.db.transaction(async (tx) => {
        await tx.update(associates).set(active ? { active } : { active, ...this.presenceChange('away', 'deactivated') }).where(eq(associates.id, associateId));
        if (active) return [];
        await tx.delete(associateLinks).where(and(eq(associateLinks.associateId, associateId), isNull(associateLinks.usedAt)));
        return this.revokeWhere(tx, eq(associateTokens.associateId, associateId));
      });
      this.revoked(revoked);
      if (!active) this.announce(associateId, 'away');
    } else {
      const changed = row
        ? await this.deps.db
            .update(associateAdmissions)
            .set({ active })
            .where(and(eq(associateAdmissions.associateId, associateId), eq(associateAdmissions.enterpriseId, enterpriseId)))
            .returning({ id: associateAdmissions.associateId })
        : [];
      if (changed.length === 0 || row?.employerId) throw new NotFound('The associate');
      // Back in an enterprise's pool: its waiting opportunities may use them.
      if (active) this.announce(associateId, (await this.me(associateId)).presence);
    }
    return this.view(associateId, enterpriseId);
  }

  /** The associate as `viewer` (an enterprise) sees them, whose own admission may be inactive; as themselves without one. */
  private async view(associateId: string, viewer?: string): Promise<AssociateView> {
    const [row] = await this.deps.db.select().from(associates).where(eq(associates.id, associateId));
    if (!row) throw new NotFound('The associate');
    const [shown] = await this.views([row], viewer);
    return shown!;
  }

  private async views(rows: AssociateRow[], viewer?: string): Promise<AssociateView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const now = this.deps.clock();
    const closedAdmissions = viewer
      ? await this.deps.db
          .select({ associateId: associateAdmissions.associateId })
          .from(associateAdmissions)
          .where(and(eq(associateAdmissions.enterpriseId, viewer), inArray(associateAdmissions.associateId, ids), eq(associateAdmissions.active, false)))
      : [];
    const closed = new Set(closedAdmissions.map((a) => a.associateId));
    const [accreditationRows, testRows, connected] = await Promise.all([
      this.deps.db
        .select({ ...getTableColumns(accreditations), enterpriseName: enterprises.name })
        .from(accreditations)
        .innerJoin(enterprises, eq(enterprises.id, accreditations.enterpriseId))
        .where(and(inArray(accreditations.associateId, ids), viewer ? eq(accreditations.enterpriseId, viewer) : undefined))
        .orderBy(accreditations.category, accreditations.level, enterprises.name),
      this.testAccreditationsOf(ids, viewer),
      this.deps.db
        .selectDistinct({ associateId: associateConnections.associateId })
        .from(associateConnections)
        .where(and(inArray(associateConnections.associateId, ids), gt(associateConnections.lastSeenAt, new Date(now.getTime() - CONNECTION_FRESH_MS)))),
    ]);
    const online = new Set(connected.map((c) => c.associateId));
    const granted = byAssociate(accreditationRows);
    const tests = byAssociate(testRows);
    return rows.map((r) =>
      toView(
        // The phone in the contact preferences is the associate's own: an enterprise never sees it.
        viewer ? { ...r, contact: withoutPhone(r.contact) } : r,
        { granted: granted.get(r.id) ?? [], tests: (tests.get(r.id) ?? []).map(({ associateId: _, ...t }) => t) },
        online.has(r.id),
        closed.has(r.id),
      ),
    );
  }

  /**
   * The valid accreditations the associates earned by tests, as `viewer` may see them: the
   * marketplace's tests and the viewer's own, never another enterprise's (without a viewer, the
   * associate's own view: all). By category, the highest level first.
   */
  private async testAccreditationsOf(ids: string[], viewer?: string): Promise<(TestAccreditation & { associateId: string })[]> {
    const e = earnedAccreditations;
    const rows = await this.deps.db
      .select({ associateId: e.associateId, bankId: e.bankId, title: questionBanks.title, enterpriseId: e.enterpriseId, category: e.category, level: e.level, earnedAt: e.earnedAt, expiresAt: e.expiresAt })
      .from(e)
      .innerJoin(questionBanks, eq(questionBanks.id, e.bankId))
      .where(and(inArray(e.associateId, ids), gt(e.expiresAt, this.deps.clock()), viewer ? or(isNull(e.enterpriseId), eq(e.enterpriseId, viewer)) : undefined))
      .orderBy(e.category, desc(e.level), asc(e.bankId));
    return rows.map((r) => ({
      associateId: r.associateId,
      bankId: r.bankId,
      title: r.title,
      category: r.category,
      level: r.level,
      source: r.enterpriseId ? 'enterprise_test' : 'marketplace_test',
      earnedAt: r.earnedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
    }));
  }
}

/** Rows by the associate they are of, in their order. */
function byAssociate<T extends { associateId: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(row.associateId, [...(grouped.get(row.associateId) ?? []), row]);
  return grouped;
}

interface IssuedLink {
  token: string;
  link: string;
  expiresAt: Date;
}

/** Contact preferences as others see them: without the associate's phone. */
function withoutPhone(contact: AssociateRow['contact']): AssociateRow['contact'] {
  const { phone: _, ...rest } = contact;
  return rest;
}

function toView(row: AssociateRow, shown: { granted: AccreditationRow[]; tests: TestAccreditation[] }, connected: boolean, admissionClosed: boolean): AssociateView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    employment: row.employerId ? 'employed' : 'independent',
    employerId: row.employerId,
    languages: row.languages,
    timezone: row.timezone,
    schedule: row.schedule,
    capacity: row.capacity,
    contact: row.contact,
    presence: row.presence,
    connected,
    presenceReason: row.presenceReason,
    presenceChangedAt: row.presenceChangedAt.toISOString(),
    accreditations: shown.granted.map((a) => ({
      category: a.category,
      level: a.level,
      expiresAt: a.expiresAt?.toISOString() ?? null,
      enterpriseId: a.enterpriseId,
      enterpriseName: a.enterpriseName,
    })),
    testAccreditations: shown.tests,
    status: !row.active || admissionClosed ? 'inactive' : row.passwordHash ? 'active' : 'invited',
    createdAt: row.createdAt.toISOString(),
  };
}
