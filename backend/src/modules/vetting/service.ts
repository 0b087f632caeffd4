import { and, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { applications, associates, backgroundChecks, checkEvents, joinSettings } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { BadSignature, Conflict, InvalidInput, NotFound, ProviderUnavailable } from '../../errors';
import { describeError } from '../../log';
import type { ApplicationVetting, CheckChange, CheckListener, CheckState } from '../registration/ports';
import { adverseRefusal, adverseStarted, dueStep, engageRefusal, HANDLED_EVENTS, type Observation, observe, type Step, type StoredCheck } from './check.core';
import { type BackgroundCheckProvider, ProviderFailure } from './provider';
import { type CheckrEvent, parseCheckrEvent } from './webhook.core';

/** The package asked for when the operator has not named one (join_settings.rules.checkPackage). */
export const DEFAULT_CHECK_PACKAGE = 'tasker_standard';
/** The marketplace's join settings row. */
const SETTINGS_KEY = 'marketplace';

/** What a webhook delivery came to. */
export interface WebhookOutcome {
  /** `taken`: it was applied (even if it changed nothing); `duplicate`: its id was seen before; `ignored`: not about a check of ours, or a type not acted on. */
  result: 'taken' | 'duplicate' | 'ignored';
  type: string;
}

type CheckRow = typeof backgroundChecks.$inferSelect;

/**
 * The background and credit check of applications with the provider (Checkr), and the
 * operator's adverse-action path. Only ids, states, the result, the adjudication and dates are
 * kept (table background_checks); the report's contents and the candidate's data never are.
 * Registration is told of each change through its CheckListener, after the change is stored.
 */
export class VettingService implements ApplicationVetting {
  private listener: CheckListener | null;
  private readonly provider: BackgroundCheckProvider | null;

  constructor(
    private readonly deps: AppDeps,
    listener: CheckListener | null = null,
  ) {
    this.provider = deps.checkProvider ?? null;
    this.listener = listener;
  }

  /** Who is told of check changes (the registration module); app.ts connects it. */
  setCheckListener(listener: CheckListener | null): void {
    this.listener = listener;
  }

  /** Whether checks can start at all (a provider is configured); without one, applications wait in `checking`. */
  get configured(): boolean {
    return this.provider !== null;
  }

  async start(applicationId: string): Promise<void> {
    const provider = this.provider;
    if (!provider) {
      // Nothing to call: the application stays in `checking` until a provider is configured and the sweep starts it.
      this.deps.log('vetting: no check provider is configured; the application waits for its check', { applicationId });
      return;
    }
    const existing = await this.checkOf(applicationId);
    if (existing?.invitationId) return;
    const [applicant] = await this.deps.db
      .select({ givenName: applications.givenName, familyName: applications.familyName, country: applications.country, email: associates.email })
      .from(applications)
      .innerJoin(associates, eq(associates.id, applications.associateId))
      .where(eq(applications.id, applicationId));
    if (!applicant) throw new NotFound('The application');
    const signal = AbortSignal.any([]);
    const now = () => this.deps.clock();
    let check = existing;
    if (!check) {
      const candidate = await this.calling(() => provider.createCandidate({ email: applicant.email, firstName: applicant.givenName, lastName: applicant.familyName }, signal));
      const at = now();
      const [inserted] = await this.deps.db
        .insert(backgroundChecks)
        .values({ id: this.deps.ids.id(), applicationId, provider: provider.name, package: await this.packageName(), candidateId: candidate.id, createdAt: at, updatedAt: at })
        .onConflictDoNothing()
        .returning();
      // Started at the same time elsewhere: that one stands (its candidate is the one followed).
      check = inserted ?? (await this.checkOf(applicationId))!;
      if (!inserted && check.invitationId) return;
    }
    // Again after a failure: the package the operator names now (they may have corrected it), for the same candidate.
    const packageName = existing ? await this.packageName() : check.package;
    const invitation = await this.calling(() => provider.createInvitation({ candidateId: check.candidateId, package: packageName, country: applicant.country }, signal));
    const [updated] = await this.deps.db
      .update(backgroundChecks)
      .set({ package: packageName, invitationId: invitation.id, invitationStatus: 'pending', updatedAt: now() })
      .where(and(eq(backgroundChecks.id, check.id), isNull(backgroundChecks.invitationId)))
      .returning({ id: backgroundChecks.id });
    if (updated) await this.tell(applicationId, [{ kind: 'invited' }]);
  }

  async state(applicationId: string): Promise<CheckState | null> {
    const row = await this.checkOf(applicationId);
    return row ? stateOf(row) : null;
  }

  async engage(applicationId: string, _operatorUserId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(backgroundChecks).where(eq(backgroundChecks.applicationId, applicationId)).for('update');
      if (!row) throw new Conflict('The application has no check.');
      const refusal = engageRefusal(row);
      if (refusal) throw new Conflict(refusal);
      if (row.adjudication === 'engaged') return;
      await tx.update(backgroundChecks).set({ adjudication: 'engaged', updatedAt: this.deps.clock() }).where(eq(backgroundChecks.id, row.id));
    });
  }

  /**
   * The operator starts the adverse-action path on a complete `consider` report: the provider
   * sends the pre-adverse notice now and the post-adverse one when the waiting period ends.
   * Refused (Conflict) on any other check; the provider failing changes nothing (502).
   */
  async startAdverseAction(applicationId: string): Promise<CheckState> {
    const provider = this.provider;
    const row = await this.checkOf(applicationId);
    if (!row) {
      if (!(await this.applicationExists(applicationId))) throw new NotFound('The application');
      throw new Conflict('The application has no check.');
    }
    const refusal = adverseRefusal(row);
    if (refusal) throw new Conflict(refusal);
    if (!provider || !row.reportId) throw new ProviderUnavailable('No background-check provider is configured.');
    const now = this.deps.clock();
    const { waiting } = this;
    const action = await this.calling(() => provider.startAdverseAction(row.reportId!, new Date(now.getTime() + waiting), AbortSignal.any([])));
    const step = adverseStarted(now, waiting, action.id);
    const stored = await this.deps.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(backgroundChecks).where(eq(backgroundChecks.id, row.id)).for('update');
      if (!locked) return null;
      // The provider's own `report.pre_adverse_action` webhook may come before this answer: it started the same wait and told registration.
      if (locked.adjudication === 'pre_adverse_action' && locked.postAdverseDueAt && !locked.postAdverseAt) {
        const [after] = await tx.update(backgroundChecks).set({ adverseActionId: action.id, updatedAt: now }).where(eq(backgroundChecks.id, row.id)).returning();
        return { row: after!, told: true };
      }
      // Another webhook (a dispute) moved it meanwhile: what it says stands.
      if (adverseRefusal(locked)) return null;
      const [after] = await tx.update(backgroundChecks).set({ ...step.patch, updatedAt: now }).where(eq(backgroundChecks.id, row.id)).returning();
      return { row: after!, told: false };
    });
    if (!stored) throw new Conflict('The check changed meanwhile; look again.');
    if (!stored.told) await this.tell(applicationId, step.changes);
    return stateOf(stored.row);
  }

  /**
   * A webhook delivery: its signature is checked against the raw body first (401 and nothing
   * read otherwise), its event id is remembered (a replay changes nothing), and the report it
   * names is read at the provider, so the order deliveries come in does not matter.
   */
  async receive(raw: Uint8Array, signature: string | undefined): Promise<WebhookOutcome> {
    const provider = this.provider;
    if (!provider || !provider.signatureMatches(raw, signature)) throw new BadSignature('The webhook is not signed with the check provider’s key.');
    const parsed = parseCheckrEvent(Buffer.from(raw).toString('utf8'));
    if (!parsed.ok) throw new InvalidInput([], parsed.problem);
    const { event } = parsed;
    if (await this.seen(event.id)) return { result: 'duplicate', type: event.type };
    if (!HANDLED_EVENTS.has(event.type)) return this.ignored(event, 'a type vetting does not act on');
    const found = await this.observation(provider, event);
    if (!found) return this.ignored(event, 'not about a check of ours');
    const now = this.deps.clock();
    const applied = await this.deps.db.transaction(async (tx) => {
      const [first] = await tx.insert(checkEvents).values({ id: event.id, type: event.type, receivedAt: now }).onConflictDoNothing().returning({ id: checkEvents.id });
      if (!first) return null;
      const [row] = await tx.select().from(backgroundChecks).where(eq(backgroundChecks.id, found.checkId)).for('update');
      if (!row) return { applicationId: '', step: { patch: {}, changes: [] } satisfies Step };
      const step = observe(row, found.observation, now, this.waiting);
      if (Object.keys(step.patch).length > 0) await tx.update(backgroundChecks).set({ ...step.patch, updatedAt: now }).where(eq(backgroundChecks.id, row.id));
      return { applicationId: row.applicationId, step };
    });
    if (!applied) return { result: 'duplicate', type: event.type };
    await this.tell(applied.applicationId, applied.step.changes);
    return { result: 'taken', type: event.type };
  }

  /**
   * Checks whose waiting period passed without a final word: asks the provider whether the
   * adverse action completed (its post-adverse notice went out) and, if so, records it and tells
   * registration. Returns how many became final.
   */
  async sweepDue(): Promise<number> {
    const provider = this.provider;
    if (!provider) return 0;
    const now = this.deps.clock();
    const due = await this.deps.db
      .select()
      .from(backgroundChecks)
      .where(and(eq(backgroundChecks.adjudication, 'pre_adverse_action'), isNull(backgroundChecks.postAdverseAt), isNotNull(backgroundChecks.reportId), lte(backgroundChecks.postAdverseDueAt, now)))
      .limit(100);
    let finals = 0;
    for (const check of due) {
      let status: string | null = null;
      try {
        const actions = await provider.adverseActions(check.reportId!, AbortSignal.any([]));
        status = (check.adverseActionId ? actions.find((a) => a.id === check.adverseActionId) : actions.at(-1))?.status ?? null;
      } catch (err) {
        this.deps.log('vetting: the adverse actions could not be read', { checkId: check.id, ...describeError(err) });
        continue;
      }
      const step = await this.deps.db.transaction(async (tx) => {
        const [row] = await tx.select().from(backgroundChecks).where(eq(backgroundChecks.id, check.id)).for('update');
        if (!row) return null;
        const next = dueStep(row, now, status);
        if (next.changes.length === 0) return null;
        await tx.update(backgroundChecks).set({ ...next.patch, updatedAt: now }).where(eq(backgroundChecks.id, row.id));
        return next;
      });
      if (step) {
        finals += 1;
        await this.tell(check.applicationId, step.changes);
      }
    }
    return finals;
  }

  /** Applications waiting in `checking` without a check (no provider then, or the provider failing): started now. Returns how many. */
  async startWaiting(): Promise<number> {
    if (!this.provider) return 0;
    const waiting = await this.deps.db
      .select({ id: applications.id })
      .from(applications)
      .leftJoin(backgroundChecks, eq(backgroundChecks.applicationId, applications.id))
      .where(and(eq(applications.status, 'checking'), sql`(${backgroundChecks.id} is null or ${backgroundChecks.invitationId} is null)`))
      .limit(50);
    let started = 0;
    for (const { id } of waiting) {
      try {
        await this.start(id);
        started += 1;
      } catch (err) {
        this.deps.log('vetting: a waiting check could not start', { applicationId: id, ...describeError(err) });
      }
    }
    return started;
  }

  private get waiting(): number {
    return this.deps.limits.adverseWaitingMs;
  }

  private async checkOf(applicationId: string): Promise<CheckRow | undefined> {
    const [row] = await this.deps.db.select().from(backgroundChecks).where(eq(backgroundChecks.applicationId, applicationId));
    return row;
  }

  private async applicationExists(applicationId: string): Promise<boolean> {
    const [row] = await this.deps.db.select({ id: applications.id }).from(applications).where(eq(applications.id, applicationId));
    return Boolean(row);
  }

  private async packageName(): Promise<string> {
    const [row] = await this.deps.db.select({ rules: joinSettings.rules }).from(joinSettings).where(eq(joinSettings.key, SETTINGS_KEY));
    const name = row?.rules.checkPackage?.trim();
    return name ? name : DEFAULT_CHECK_PACKAGE;
  }

  private async seen(eventId: string): Promise<boolean> {
    const [row] = await this.deps.db.select({ id: checkEvents.id }).from(checkEvents).where(eq(checkEvents.id, eventId));
    return Boolean(row);
  }

  /** An event not acted on: remembered (its replay is a duplicate) and logged, answered 200 so the provider does not retry. */
  private async ignored(event: CheckrEvent, why: string): Promise<WebhookOutcome> {
    await this.deps.db.insert(checkEvents).values({ id: event.id, type: event.type, receivedAt: this.deps.clock() }).onConflictDoNothing();
    this.deps.log('vetting: a webhook was ignored', { eventId: event.id, type: event.type, why });
    return { result: 'ignored', type: event.type };
  }

  /** The check an event is about and what it says, the report read at the provider; null when it is about no check of ours. */
  private async observation(provider: BackgroundCheckProvider, event: CheckrEvent): Promise<{ checkId: string; observation: Observation } | null> {
    if (event.type.startsWith('invitation.')) {
      if (event.type !== 'invitation.completed' && event.type !== 'invitation.expired') return null;
      const check = (await this.checkBy('invitationId', event.objectId)) ?? (event.candidateId ? await this.checkBy('candidateId', event.candidateId) : undefined);
      return check ? { checkId: check.id, observation: { kind: 'invitation', type: event.type, reportId: event.reportId } } : null;
    }
    const known = await this.checkBy('reportId', event.objectId);
    // Unknown reports are not read at the provider when the event names a candidate that is not ours either.
    if (!known && event.candidateId && !(await this.checkBy('candidateId', event.candidateId))) return null;
    let report;
    try {
      report = await provider.report(event.objectId, AbortSignal.any([]));
    } catch (err) {
      // The provider retries a delivery that is not acknowledged: nothing was recorded, so the retry is applied.
      throw new ProviderUnavailable(`The report could not be read at the provider: ${err instanceof ProviderFailure ? err.reason : 'failure'}.`);
    }
    if (!report) return null;
    const check = known ?? (report.candidateId ? await this.checkBy('candidateId', report.candidateId) : undefined);
    return check ? { checkId: check.id, observation: { kind: 'report', type: event.type, report } } : null;
  }

  private async checkBy(column: 'invitationId' | 'candidateId' | 'reportId', value: string): Promise<CheckRow | undefined> {
    const [row] = await this.deps.db.select().from(backgroundChecks).where(eq(backgroundChecks[column], value)).limit(1);
    return row;
  }

  /** Calls the provider; its failure becomes a 502 that changed nothing. */
  private async calling<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ProviderFailure) {
        this.deps.log('vetting: the check provider failed', { reason: err.reason, status: err.status });
        throw new ProviderUnavailable(`The background-check provider failed: ${err.reason}.`);
      }
      throw err;
    }
  }

  /** Tells registration, in order; a listener's failure is logged (the check stands as stored). */
  private async tell(applicationId: string, changes: readonly CheckChange[]): Promise<void> {
    if (!applicationId) return;
    for (const change of changes) {
      if (!this.listener) {
        this.deps.log('vetting: no check listener is connected; a change was not told', { applicationId, change: change.kind });
        continue;
      }
      try {
        await this.listener.checkChanged(applicationId, change);
      } catch (err) {
        this.deps.log('vetting: the check listener failed', { applicationId, change: change.kind, ...describeError(err) });
      }
    }
  }
}

/** Only what the decision needs. */
export function stateOf(row: CheckRow): CheckState {
  return {
    provider: row.provider,
    package: row.package,
    invitationStatus: row.invitationStatus,
    reportStatus: row.reportStatus,
    reportResult: row.reportResult === 'clear' || row.reportResult === 'consider' ? row.reportResult : null,
    adjudication: row.adjudication === 'engaged' || row.adjudication === 'pre_adverse_action' || row.adjudication === 'post_adverse_action' ? row.adjudication : null,
    preAdverseAt: row.preAdverseAt,
    postAdverseDueAt: row.postAdverseDueAt,
    postAdverseAt: row.postAdverseAt,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
  };
}
