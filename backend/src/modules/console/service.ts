import { and, asc, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { ConsoleMe, EnterpriseUser, InviteUser, Membership, Role, SupportAccess, TotpSetup, UserInvited } from '../../../../shared/console';
import type { PasswordSet } from '../../../../shared/associates';
import type { Db, Tx } from '../../db/open';
import { consoleLinks, consoleMemberships, consoleSessions, consoleUsers, enterprises, supportAccesses } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { Conflict, Forbidden, InvalidInput, LinkUnusable, NotFound, SecondFactorRequired, Unauthorized } from '../../errors';
import type { ConsoleCredentials, ConsoleSessionGrant } from '../../console-credentials';
import { describeError } from '../../log';
import { hashPassword, hashSecret, verifyPassword } from '../../secrets';
import { LINK_MESSAGES, LINK_PREFIX, type LinkPurpose, lastUseStale, linkUrl } from '../associates/credentials.core';
import { usableLink } from '../associates/links';
import { passwordProblem } from '../associates/password.core';
import { accessOpen, freshStep, leavesNoOwner, SESSION_ABSOLUTE_MS, sessionLive, standingOf, totpStep } from './accounts.core';

/** Where a console user's one-time links open (pages the backend serves: console/pages.ts). */
export const CONSOLE_LINK_PAGE: Record<LinkPurpose, string> = { invitation: '/console/set-password', reset: '/console/reset-password' };

const WRONG = 'The e-mail address, the password or the code is wrong.';

/** What a sign-in gives: the session's token (the cookie) and the user as the console shows them. */
export interface ConsoleSignedIn {
  token: string;
  expiresAt: Date;
  me: ConsoleMe;
}

type UserRow = typeof consoleUsers.$inferSelect;

/**
 * Console accounts: users and their passwords (set through one-time links, like associates'),
 * sessions (the cookie, with a CSRF token), the second factor (TOTP), memberships of
 * enterprises with a role, and operators' support accesses. It answers the middlewares'
 * `ConsoleCredentials`: which session a cookie names, and a user's standing in an enterprise.
 */
export class ConsoleService implements ConsoleCredentials {
  /** Reset mails being prepared after the answer went out. */
  private readonly background = new Set<Promise<void>>();
  /** A hash to verify against when the e-mail is unknown, so both failures take as long. */
  private decoy: Promise<string> | undefined;

  constructor(private readonly deps: AppDeps) {}

  // ---- Sessions ----

  /**
   * A session for the right e-mail, password and (when the user turned it on) second factor.
   * Unauthorized with one message for every wrong answer; `SecondFactorRequired` when the
   * password is right and the code is missing.
   */
  async signIn(email: string, password: string, totp: string | undefined): Promise<ConsoleSignedIn> {
    const user = await this.userByEmail(this.deps.db, email);
    // Verify even for an unknown address, so the answer's timing does not tell which addresses exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash()));
    if (!user?.passwordHash || !ok || user.disabledAt) throw new Unauthorized(WRONG);
    if (user.totpEnabledAt) {
      if (!totp) throw new SecondFactorRequired('Enter the six-digit code from your authenticator app.');
      if (!(await this.acceptCode(user, totp))) throw new Unauthorized(WRONG);
    }
    const token = this.deps.ids.secret('fwc');
    const csrfToken = this.deps.ids.secret('csrf');
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
    await this.deps.db.insert(consoleSessions).values({ tokenHash: hashSecret(token), id: this.deps.ids.id(), userId: user.id, csrfToken, createdAt: now, lastUsedAt: now, expiresAt });
    // Sessions of this user that ended are of no use to anyone.
    await this.deps.db.delete(consoleSessions).where(and(eq(consoleSessions.userId, user.id), or(sql`${consoleSessions.expiresAt} <= ${now.toISOString()}`, sql`${consoleSessions.signedOutAt} is not null`)));
    return { token, expiresAt, me: await this.me(user.id, csrfToken) };
  }

  /** The live session a cookie's token names (ConsoleCredentials). */
  async session(token: string): Promise<ConsoleSessionGrant | undefined> {
    const tokenHash = hashSecret(token);
    const now = this.deps.clock().getTime();
    const [row] = await this.deps.db
      .select({ userId: consoleSessions.userId, csrfToken: consoleSessions.csrfToken, expiresAt: consoleSessions.expiresAt, lastUsedAt: consoleSessions.lastUsedAt, signedOutAt: consoleSessions.signedOutAt, operator: consoleUsers.operator, disabledAt: consoleUsers.disabledAt })
      .from(consoleSessions)
      .innerJoin(consoleUsers, eq(consoleUsers.id, consoleSessions.userId))
      .where(eq(consoleSessions.tokenHash, tokenHash));
    if (!row) return undefined;
    const facts = { expiresAt: row.expiresAt.getTime(), lastUsedAt: row.lastUsedAt.getTime(), signedOutAt: row.signedOutAt?.getTime() ?? null, userDisabled: row.disabledAt !== null };
    if (!sessionLive(facts, now)) return undefined;
    if (lastUseStale(facts.lastUsedAt, now)) await this.deps.db.update(consoleSessions).set({ lastUsedAt: new Date(now) }).where(eq(consoleSessions.tokenHash, tokenHash));
    return { userId: row.userId, csrfToken: row.csrfToken, operator: row.operator };
  }

  /** The user's role in the enterprise, or an operator's `admin` inside a support access open now (ConsoleCredentials). */
  async standing(userId: string, enterpriseId: string): Promise<{ role: Role; supportAccessId: string | null } | undefined> {
    // One round trip on every console request: the user, their membership and whether the enterprise is suspended.
    const [row] = await this.deps.db
      .select({ operator: consoleUsers.operator, role: consoleMemberships.role, suspendedAt: enterprises.suspendedAt })
      .from(consoleUsers)
      .leftJoin(consoleMemberships, and(eq(consoleMemberships.userId, consoleUsers.id), eq(consoleMemberships.enterpriseId, enterpriseId)))
      .leftJoin(enterprises, eq(enterprises.id, enterpriseId))
      .where(eq(consoleUsers.id, userId));
    if (!row) return undefined;
    const access = row.operator && !row.role ? await this.openAccess(userId, enterpriseId) : undefined;
    const standing = standingOf(row.role ?? undefined, row.operator, access);
    // A suspended enterprise's own people are refused; an operator inside a support access still helps.
    if (standing && !standing.supportAccessId && row.suspendedAt) throw new Forbidden('enterprise_suspended', 'This enterprise is suspended by the marketplace operator.');
    return standing;
  }

  /** A user's e-mail, for the audit log (undefined for an unknown user). */
  async emailOf(userId: string): Promise<string | undefined> {
    const [user] = await this.deps.db.select({ email: consoleUsers.email }).from(consoleUsers).where(eq(consoleUsers.id, userId));
    return user?.email;
  }

  /** Ends the session the token names. */
  async signOut(token: string): Promise<void> {
    await this.deps.db.update(consoleSessions).set({ signedOutAt: this.deps.clock() }).where(and(eq(consoleSessions.tokenHash, hashSecret(token)), isNull(consoleSessions.signedOutAt)));
  }

  /** The signed-in user, their enterprises and (an operator's) open support accesses, with the session's CSRF token. */
  async me(userId: string, csrfToken: string): Promise<ConsoleMe> {
    const [user] = await this.deps.db.select().from(consoleUsers).where(eq(consoleUsers.id, userId));
    if (!user) throw new NotFound('The user');
    const memberships = await this.deps.db
      .select({ enterpriseId: consoleMemberships.enterpriseId, enterpriseName: enterprises.name, role: consoleMemberships.role, suspendedAt: enterprises.suspendedAt })
      .from(consoleMemberships)
      .innerJoin(enterprises, eq(enterprises.id, consoleMemberships.enterpriseId))
      .where(eq(consoleMemberships.userId, userId))
      .orderBy(asc(enterprises.name));
    const now = this.deps.clock();
    const open = user.operator ? await this.accessRows(and(eq(supportAccesses.operatorId, userId), isNull(supportAccesses.endedAt), gt(supportAccesses.endsAt, now))) : [];
    return {
      user: { id: user.id, email: user.email, name: user.name, operator: user.operator, totpEnabled: user.totpEnabledAt !== null },
      memberships: memberships.map(({ suspendedAt, ...m }): Membership => ({ ...m, suspended: suspendedAt !== null })),
      supportAccesses: open,
      csrfToken,
    };
  }

  // ---- Passwords ----

  /** Changes the password with the current one; every other session of the user ends. */
  async changePassword(userId: string, sessionToken: string, current: string, next: string): Promise<void> {
    const [user] = await this.deps.db.select().from(consoleUsers).where(eq(consoleUsers.id, userId));
    if (!user) throw new NotFound('The user');
    if (!(await verifyPassword(current, user.passwordHash ?? (await this.decoyHash())))) throw new InvalidInput(['current'], 'The current password is wrong.');
    const problem = passwordProblem(next, user.email);
    if (problem) throw new InvalidInput(['next'], problem);
    const passwordHash = await hashPassword(next, this.deps.limits.passwordCost);
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      await tx.update(consoleUsers).set({ passwordHash }).where(eq(consoleUsers.id, userId));
      await tx
        .update(consoleSessions)
        .set({ signedOutAt: now })
        .where(and(eq(consoleSessions.userId, userId), isNull(consoleSessions.signedOutAt), ne(consoleSessions.tokenHash, hashSecret(sessionToken))));
    });
  }

  /** Sets the password with a one-time link (invitation or reset), once; every session of the user ends. */
  async setPassword(token: string, password: string): Promise<PasswordSet> {
    const tokenHash = hashSecret(token);
    const [found] = await this.deps.db
      .select({ userId: consoleLinks.userId, expiresAt: consoleLinks.expiresAt, usedAt: consoleLinks.usedAt, email: consoleUsers.email, disabledAt: consoleUsers.disabledAt })
      .from(consoleLinks)
      .innerJoin(consoleUsers, eq(consoleUsers.id, consoleLinks.userId))
      .where(eq(consoleLinks.tokenHash, tokenHash));
    const now = this.deps.clock();
    const link = usableLink(found, (l) => l.disabledAt === null, now);
    const problem = passwordProblem(password, link.email);
    if (problem) throw new InvalidInput(['password'], problem);
    const passwordHash = await hashPassword(password, this.deps.limits.passwordCost);
    await this.deps.db.transaction(async (tx) => {
      const [used] = await tx
        .update(consoleLinks)
        .set({ usedAt: now })
        .where(and(eq(consoleLinks.tokenHash, tokenHash), isNull(consoleLinks.usedAt), gt(consoleLinks.expiresAt, now)))
        .returning({ id: consoleLinks.userId });
      if (!used) throw new LinkUnusable('used', LINK_MESSAGES.used);
      await tx.update(consoleUsers).set({ passwordHash }).where(eq(consoleUsers.id, link.userId));
      await tx.delete(consoleLinks).where(and(eq(consoleLinks.userId, link.userId), isNull(consoleLinks.usedAt)));
      await tx.update(consoleSessions).set({ signedOutAt: now }).where(and(eq(consoleSessions.userId, link.userId), isNull(consoleSessions.signedOutAt)));
    });
    return { email: link.email };
  }

  /** Mails a reset link if a console user has this address; returns at once, so known and unknown addresses answer alike. */
  requestReset(email: string): void {
    const work = this.sendReset(email)
      .catch((err) => this.deps.log('console password reset mail failed', describeError(err)))
      .finally(() => this.background.delete(work));
    this.background.add(work);
  }

  /** Resolves once the mails asked for so far are sent (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  // ---- The second factor ----

  /** A new TOTP secret for the user to enrol (not in force until confirmed with a code); 409 when one is in force. */
  async totpSetup(userId: string): Promise<TotpSetup> {
    const user = await this.user(userId);
    if (user.totpEnabledAt) throw new Conflict('The second factor is on already; turn it off first to set up another.');
    const totp = new OTPAuth.TOTP({ issuer: 'Floorwalker', label: user.email, secret: new OTPAuth.Secret({ size: 20 }) });
    await this.deps.db.update(consoleUsers).set({ totpSecret: this.deps.sealer.seal(totp.secret.base32), totpLastStep: null }).where(eq(consoleUsers.id, userId));
    return { secret: totp.secret.base32, uri: totp.toString() };
  }

  /** Turns the second factor on with a code from the secret set up. */
  async totpEnable(userId: string, code: string): Promise<void> {
    const user = await this.user(userId);
    if (user.totpEnabledAt) throw new Conflict('The second factor is on already.');
    if (!user.totpSecret) throw new Conflict('Set up the second factor first (POST /api/v1/console/totp/setup).');
    if (!(await this.acceptCode(user, code))) throw new InvalidInput(['code'], 'The code is wrong or too old: enter the one your app shows now.');
    await this.deps.db.update(consoleUsers).set({ totpEnabledAt: this.deps.clock() }).where(eq(consoleUsers.id, userId));
  }

  /** Turns the second factor off, with the password. */
  async totpDisable(userId: string, password: string): Promise<void> {
    const user = await this.user(userId);
    if (!(await verifyPassword(password, user.passwordHash ?? (await this.decoyHash())))) throw new InvalidInput(['password'], 'The password is wrong.');
    await this.deps.db.update(consoleUsers).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(consoleUsers.id, userId));
  }

  // ---- An enterprise's users ----

  /** The enterprise's members, owners first, then by name. */
  async usersOf(enterpriseId: string): Promise<EnterpriseUser[]> {
    const rows = await this.deps.db
      .select({ id: consoleUsers.id, email: consoleUsers.email, name: consoleUsers.name, role: consoleMemberships.role, passwordHash: consoleUsers.passwordHash, totpEnabledAt: consoleUsers.totpEnabledAt, addedAt: consoleMemberships.addedAt })
      .from(consoleMemberships)
      .innerJoin(consoleUsers, eq(consoleUsers.id, consoleMemberships.userId))
      .where(eq(consoleMemberships.enterpriseId, enterpriseId))
      .orderBy(sql`case ${consoleMemberships.role} when 'owner' then 0 when 'admin' then 1 when 'sales_lead' then 2 else 3 end`, asc(consoleUsers.name), asc(consoleUsers.id));
    return rows.map(({ passwordHash, totpEnabledAt, addedAt, ...r }) => ({ ...r, active: passwordHash !== null, totpEnabled: totpEnabledAt !== null, addedAt: addedAt.toISOString() }));
  }

  /**
   * Adds a person to the enterprise with a role: a console user already gains the membership and
   * is told by mail; a new one is made, without a password, and mailed a link to set it (7 days).
   * 409 when they are a member already.
   */
  async invite(enterpriseId: string, input: InviteUser): Promise<UserInvited> {
    const [enterprise] = await this.deps.db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, enterpriseId));
    if (!enterprise) throw new NotFound('The enterprise');
    const now = this.deps.clock();
    let outcome: { userId: string; email: string; link: string | null };
    try {
      outcome = await this.deps.db.transaction(async (tx) => {
        let user = await this.userByEmail(tx, input.email);
        if (!user) {
          const id = this.deps.ids.id();
          await tx.insert(consoleUsers).values({ id, email: input.email, name: input.name, createdAt: now });
          user = (await this.userByEmail(tx, input.email))!;
        }
        await tx.insert(consoleMemberships).values({ userId: user.id, enterpriseId, role: input.role, addedAt: now });
        const link = user.passwordHash ? null : await this.issueLink(tx, user.id, 'invitation');
        return { userId: user.id, email: user.email, link };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new Conflict(`${input.email} is a member of this enterprise already.`);
      throw err;
    }
    const mailed = outcome.link
      ? await this.mail(outcome.email, `Join ${enterprise.name} on Floorwalker`, [
          `You have been invited to the Floorwalker console of ${enterprise.name}.`,
          '',
          'Choose your password here (the link works once, for 7 days):',
          outcome.link,
          '',
          'Nobody else sees or sets your password. If you did not expect this, ignore this message.',
        ], outcome.link)
      : await this.mail(outcome.email, `You were added to ${enterprise.name} on Floorwalker`, [
          `You now have access to ${enterprise.name} in the Floorwalker console, as ${input.role.replace('_', ' ')}.`,
          '',
          `Sign in as usual at ${this.deps.publicUrl()}/console/ and choose ${enterprise.name}.`,
        ]);
    const user = (await this.usersOf(enterpriseId)).find((u) => u.id === outcome.userId)!;
    return { user, mailed };
  }

  /**
   * The operator's invitation of an enterprise's first owner; refused (409) once the enterprise
   * has an owner who set a password (from then on, its owners manage its users).
   */
  async inviteOwner(enterpriseId: string, input: { email: string; name: string }): Promise<UserInvited> {
    const owners = (await this.usersOf(enterpriseId)).filter((u) => u.role === 'owner');
    if (owners.some((o) => o.active)) throw new Conflict('The enterprise has an owner already: its owners invite its users.');
    return this.invite(enterpriseId, { ...input, role: 'owner' });
  }

  /** Changes a member's role; 409 when it would leave the enterprise without an owner. */
  async changeRole(enterpriseId: string, userId: string, role: Role): Promise<EnterpriseUser> {
    await this.deps.db.transaction(async (tx) => {
      await this.guardOwners(tx, enterpriseId, userId, role);
      await tx.update(consoleMemberships).set({ role }).where(and(eq(consoleMemberships.enterpriseId, enterpriseId), eq(consoleMemberships.userId, userId)));
    });
    return (await this.usersOf(enterpriseId)).find((u) => u.id === userId)!;
  }

  /** Removes a member from the enterprise (their account stays); 409 for its last owner. */
  async removeMember(enterpriseId: string, userId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      await this.guardOwners(tx, enterpriseId, userId, null);
      await tx.delete(consoleMemberships).where(and(eq(consoleMemberships.enterpriseId, enterpriseId), eq(consoleMemberships.userId, userId)));
    });
  }

  // ---- Support access ----

  /** An operator opens a support access to an enterprise for `minutes` (at most 8 h), with a reason its owner sees. */
  async openSupportAccess(operatorId: string, enterpriseId: string, reason: string, minutes: number): Promise<SupportAccess> {
    const [enterprise] = await this.deps.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, enterpriseId));
    if (!enterprise) throw new NotFound('The enterprise');
    const now = this.deps.clock();
    const id = this.deps.ids.id();
    await this.deps.db.insert(supportAccesses).values({ id, operatorId, enterpriseId, reason, startedAt: now, endsAt: new Date(now.getTime() + minutes * 60_000) });
    return (await this.accessRows(eq(supportAccesses.id, id)))[0]!;
  }

  /**
   * Ends an open support access: any operator (a colleague may end one left open), or the
   * enterprise it is in (`enterpriseId`, by `userId` when a person; 404 for another's). An
   * access that ended already is answered as it is.
   */
  async endSupportAccess(accessId: string, by: { operatorId: string } | { enterpriseId: string; userId: string | null }): Promise<SupportAccess> {
    const whose = 'operatorId' in by ? undefined : eq(supportAccesses.enterpriseId, by.enterpriseId);
    const [found] = await this.deps.db.select().from(supportAccesses).where(and(eq(supportAccesses.id, accessId), whose));
    if (!found) throw new NotFound('The support access');
    const now = this.deps.clock();
    if (accessOpen({ endsAt: found.endsAt.getTime(), endedAt: found.endedAt?.getTime() ?? null }, now.getTime()))
      await this.deps.db
        .update(supportAccesses)
        .set({ endedAt: now, endedBy: 'operatorId' in by ? by.operatorId : by.userId })
        .where(and(eq(supportAccesses.id, accessId), isNull(supportAccesses.endedAt)));
    return (await this.accessRows(eq(supportAccesses.id, accessId)))[0]!;
  }

  /** The enterprise's support accesses, newest first (the last 100). */
  async supportAccessesOf(enterpriseId: string): Promise<SupportAccess[]> {
    return this.accessRows(eq(supportAccesses.enterpriseId, enterpriseId));
  }

  // ---- The demo's accounts ----

  /** A user with this password (made, or their password and name set again) and, when given, a membership: the demo seed's. */
  async ensureUser(input: { email: string; name: string; password: string; operator?: boolean; enterpriseId?: string; role?: Role }): Promise<string> {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new InvalidInput(['password'], problem);
    const passwordHash = await hashPassword(input.password, this.deps.limits.passwordCost);
    const now = this.deps.clock();
    const existing = await this.userByEmail(this.deps.db, input.email);
    const id = existing?.id ?? this.deps.ids.id();
    if (existing) await this.deps.db.update(consoleUsers).set({ passwordHash, name: input.name, operator: input.operator ?? existing.operator }).where(eq(consoleUsers.id, id));
    else await this.deps.db.insert(consoleUsers).values({ id, email: input.email.toLowerCase(), name: input.name, passwordHash, operator: input.operator ?? false, createdAt: now });
    if (input.enterpriseId)
      await this.deps.db
        .insert(consoleMemberships)
        .values({ userId: id, enterpriseId: input.enterpriseId, role: input.role ?? 'owner', addedAt: now })
        .onConflictDoUpdate({ target: [consoleMemberships.userId, consoleMemberships.enterpriseId], set: { role: input.role ?? 'owner' } });
    return id;
  }

  // ---- Inside ----

  private async user(userId: string): Promise<UserRow> {
    const [user] = await this.deps.db.select().from(consoleUsers).where(eq(consoleUsers.id, userId));
    if (!user) throw new NotFound('The user');
    return user;
  }

  private async userByEmail(db: Db | Tx, email: string): Promise<UserRow | undefined> {
    const [user] = await db.select().from(consoleUsers).where(sql`lower(${consoleUsers.email}) = ${email.trim().toLowerCase()}`);
    return user;
  }

  /** Whether the code is right now for the user's secret and not used before; records its step, so it is never accepted again. */
  private async acceptCode(user: UserRow, code: string): Promise<boolean> {
    if (!user.totpSecret) return false;
    const now = this.deps.clock().getTime();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(this.deps.sealer.open(user.totpSecret)) });
    const delta = totp.validate({ token: code, timestamp: now, window: 1 });
    if (delta === null) return false;
    const step = totpStep(now, delta);
    if (!freshStep(step, user.totpLastStep)) return false;
    // One conditional UPDATE: of two uses of one code at once, one wins.
    const [taken] = await this.deps.db
      .update(consoleUsers)
      .set({ totpLastStep: step })
      .where(and(eq(consoleUsers.id, user.id), or(isNull(consoleUsers.totpLastStep), sql`${consoleUsers.totpLastStep} < ${step}`)))
      .returning({ id: consoleUsers.id });
    return taken !== undefined;
  }

  /** Refuses (404) a user who is not a member, and (409) a change that would leave no owner; owners' rows are locked meanwhile. */
  private async guardOwners(tx: Tx, enterpriseId: string, userId: string, next: Role | null): Promise<void> {
    const members = await tx
      .select({ userId: consoleMemberships.userId, role: consoleMemberships.role })
      .from(consoleMemberships)
      .where(eq(consoleMemberships.enterpriseId, enterpriseId))
      .for('update');
    if (!members.some((m) => m.userId === userId)) throw new NotFound('The user');
    const owners = members.filter((m) => m.role === 'owner').map((m) => m.userId);
    if (leavesNoOwner(owners, userId, next)) throw new Conflict('The enterprise must keep an owner: make someone else owner first.');
  }

  private async openAccess(operatorId: string, enterpriseId: string): Promise<string | undefined> {
    const now = this.deps.clock();
    const [row] = await this.deps.db
      .select({ id: supportAccesses.id })
      .from(supportAccesses)
      .where(and(eq(supportAccesses.operatorId, operatorId), eq(supportAccesses.enterpriseId, enterpriseId), isNull(supportAccesses.endedAt), gt(supportAccesses.endsAt, now)))
      .orderBy(desc(supportAccesses.endsAt))
      .limit(1);
    return row?.id;
  }

  private async accessRows(where: ReturnType<typeof and>): Promise<SupportAccess[]> {
    const rows = await this.deps.db
      .select({ access: supportAccesses, enterpriseName: enterprises.name, operatorEmail: consoleUsers.email })
      .from(supportAccesses)
      .innerJoin(enterprises, eq(enterprises.id, supportAccesses.enterpriseId))
      .innerJoin(consoleUsers, eq(consoleUsers.id, supportAccesses.operatorId))
      .where(where)
      .orderBy(desc(supportAccesses.startedAt), desc(supportAccesses.id))
      .limit(100);
    return rows.map(({ access: a, enterpriseName, operatorEmail }) => ({
      id: a.id,
      enterpriseId: a.enterpriseId,
      enterpriseName,
      operatorId: a.operatorId,
      operatorEmail,
      reason: a.reason,
      startedAt: a.startedAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      endedAt: a.endedAt?.toISOString() ?? null,
    }));
  }

  private decoyHash(): Promise<string> {
    return (this.decoy ??= hashPassword('not anybody’s password', this.deps.limits.passwordCost));
  }

  private async issueLink(tx: Tx, userId: string, purpose: LinkPurpose): Promise<string> {
    const token = this.deps.ids.secret(LINK_PREFIX[purpose]);
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + (purpose === 'invitation' ? this.deps.limits.invitationTtlMs : this.deps.limits.resetTtlMs));
    await tx.insert(consoleLinks).values({ tokenHash: hashSecret(token), userId, purpose, createdAt: now, expiresAt });
    return linkUrl(this.deps.publicUrl(), purpose, token, CONSOLE_LINK_PAGE);
  }

  private async sendReset(email: string): Promise<void> {
    const user = await this.userByEmail(this.deps.db, email);
    if (!user || user.disabledAt) return;
    const link = await this.deps.db.transaction(async (tx) => {
      // Only the newest reset link works.
      await tx.delete(consoleLinks).where(and(eq(consoleLinks.userId, user.id), eq(consoleLinks.purpose, 'reset'), isNull(consoleLinks.usedAt)));
      return this.issueLink(tx, user.id, 'reset');
    });
    await this.mail(user.email, 'Reset your Floorwalker console password', [
      'Someone asked to reset the password of your Floorwalker console account.',
      '',
      'Choose a new password here (the link works once, for 30 minutes):',
      link,
      '',
      'Setting it signs you out everywhere. If you did not ask for this, ignore this message: your password stays as it is.',
    ], link);
  }

  private async mail(to: string, subject: string, lines: string[], link?: string): Promise<boolean> {
    try {
      await this.deps.mailer.send({ to, subject, text: `${lines.join('\n')}\n`, ...(link ? { link } : {}) });
      return this.deps.mailer.sends;
    } catch (err) {
      this.deps.log('mail failed', { subject, ...describeError(err) });
      return false;
    }
  }
}
