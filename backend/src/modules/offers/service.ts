import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { MessageLeft, OfferAccepted, OfferDeclined } from '../../../../shared/offers';
import { type OfferUpdateStatus, type OfferView, REALTIME_VERSION, type ServerMessage } from '../../../../shared/realtime';
import type { OpenedOpportunity } from '../../../../shared/rules';
import { SESSION_GAP_MS } from '../../../../shared/session';
import {
  associateConnections,
  associates,
  engagements,
  offers,
  opportunities,
  shopperMessages,
} from '../../db/schema';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { EngagementClosed, MessageNotWanted, NotFound, OfferUnavailable } from '../../errors';
import { describeError } from '../../log';
import type { EngagementsService } from '../engagements/service';
import type { Tx } from '../../db/open';
import * as machine from './machine.core';
import type { OfferMachineState, Refusal, Step } from './machine.core';
import { readOfferViews } from './offer-views';
import type { OfferPorts } from './ports';
import {
  busy,
  CONNECTED_WITHIN_MS,
  checkCapacity,
  firstInLine,
  freeCapacity,
  lockOpportunity,
  mayBeOffered,
  messageWanted,
  offerOf,
  openedOf,
  type OpportunityRecord,
  worksFor,
} from './queries';
import { reasonsOf } from './views.core';

/** An opportunity the in-process listener has not started within this long is started by the ticker (a crash in between). */
const OPEN_GRACE_MS = 2_000;
/** How long the ticker waits before trying again to start an opportunity whose ranking failed. */
const RETRY_OPEN_MS = 5_000;
/** Rows one tick takes at most, per kind. */
const TICK_BATCH = 50;

/** What a transaction did that the parties must hear of once it committed. */
interface Effects {
  offered: string[];
  updates: { associateId: string; offerId: string; status: OfferUpdateStatus; reason: string | null; engagementId?: string }[];
  misses: { associateId: string; enterpriseId: string; missesBeforeAway: number }[];
  engaged: { associateId: string; engagementId: string } | null;
  gaveUp: { shopperId: string; opportunityId: string; enterpriseId: string; reason: string }[];
}

/**
 * Offers of opportunities to associates: the offer machine (machine.core) driven by the
 * opening of an opportunity, the ticker, the associates' answers, capacity freeing up and
 * winners leaving. Every step runs in one transaction holding the opportunity's row lock, so
 * backend instances never step one opportunity at the same time; what the parties are told
 * goes out after the commit.
 */
export class OffersService {
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Cancels of the reconnection grace timers under way. */
  private readonly graceTimers = new Set<() => void>();

  constructor(
    private readonly deps: AppDeps,
    private readonly ports: OfferPorts,
    private readonly engagements: EngagementsService,
  ) {}

  /** For OpportunitiesService.onOpened: starts offering in the background. */
  readonly opened = (opportunity: OpenedOpportunity): void => {
    this.background(this.open(opportunity.id, opportunity));
  };

  /**
   * For AssociatesService.onPresenceChange: someone available (or with room again: an
   * engagement ended, which `engagementEnded` announces) may take a waiting opportunity.
   */
  readonly presenceChanged = (associateId: string, presence: 'available' | 'away'): void => {
    if (presence === 'available') this.background(this.drainFor(associateId));
  };

  /** For Realtime.onDisconnect: the associate's last socket on this instance closed. */
  readonly disconnected = (associateId: string): void => {
    const grace = this.deps.limits.reconnectGraceMs;
    if (grace <= 0) return this.background(this.associateLeft(associateId));
    // A reconnection within the grace period keeps the engagement: associateLeft then finds the new connection.
    const cancel = this.deps.timers.after(grace, () => {
      this.graceTimers.delete(cancel);
      this.background(this.associateLeft(associateId));
    });
    this.graceTimers.add(cancel);
  };

  /**
   * Forgets the reconnection grace timers: on shutdown this instance's sockets close for the
   * clients to reconnect elsewhere, which is no reason to give their engagements away.
   */
  stop(): void {
    for (const cancel of this.graceTimers) cancel();
    this.graceTimers.clear();
  }

  /** Starts offering an opportunity (once; a second call finds it started). */
  async open(id: string, known?: OpenedOpportunity): Promise<void> {
    const opened = known ?? (await this.openedOf(id));
    if (!opened) return;
    const ranking = await this.rank(opened);
    const effects = await this.deps.db.transaction(async (tx) => {
      const row = await lockOpportunity(tx, id);
      if (!row || row.status !== 'offering' || row.offerState !== null) return null;
      const now = this.deps.clock();
      const unavailable = await busy(tx, ranking.candidates.map((c) => c.associateId), now);
      const step = machine.open({ openedAt: row.openedAt.getTime(), policy: ranking.policy, candidates: ranking.candidates }, now.getTime(), unavailable);
      return this.applyStep(tx, row, step, now);
    });
    await this.afterCommit(effects);
  }

  /** One round of the ticker: opportunities left unstarted, due offer machines, lapsed invitations. */
  async tick(): Promise<void> {
    await this.openForgotten();
    while ((await this.advanceDue()) === TICK_BATCH) {
      // a full batch: there may be more due right now
    }
    while ((await this.engagements.expireDue(TICK_BATCH)) === TICK_BATCH) {
      // likewise
    }
  }

  /**
   * An associate claims an offer. One transaction: the opportunity moves out of `offering`
   * by a conditional UPDATE (only one transaction can do that, on any instance), the offer
   * goes pending → accepted, the associate's capacity is checked under their row lock, and
   * the engagement is created; the others' offers are withdrawn as taken.
   */
  async accept(associateId: string, offerId: string): Promise<OfferAccepted> {
    const { effects, policy, enterpriseId } = await this.claim(associateId, offerId);
    await this.afterCommit(effects);
    await this.ports.associates.recordOfferAnswer(associateId, enterpriseId, 'accepted', policy).catch((err) => this.failed('recordOfferAnswer', err));
    const engagementId = effects.engaged!.engagementId;
    const engagement = await this.engagements.get({ associateId }, engagementId);
    const { associate: _a, enterprise: _e, shopperId: _s, ...view } = engagement;
    return { offerId, engagement: view };
  }

  /** The claim's transaction; a colleague's win is refused after counting the attempt as an answer (a quick loser is no non-responder). */
  private async claim(associateId: string, offerId: string) {
    try {
      return await this.claimOnce(associateId, offerId);
    } catch (err) {
      if (err instanceof OfferUnavailable && err.reason === 'taken') {
        const of = await this.policyOfOffer(offerId);
        if (of) await this.ports.associates.recordOfferAnswer(associateId, of.enterpriseId, 'accepted', of.policy).catch((e) => this.failed('recordOfferAnswer', e));
      }
      throw err;
    }
  }

  private async claimOnce(associateId: string, offerId: string) {
    return this.deps.db.transaction(async (tx) => {
      const now = this.deps.clock();
      const offer = await offerOf(tx, associateId, offerId);
      const [row] = await tx
        .update(opportunities)
        .set({ status: 'engaged' })
        .where(and(eq(opportunities.id, offer.opportunityId), eq(opportunities.status, 'offering'), isNotNull(opportunities.offerState)))
        .returning();
      if (!row) throw await this.closedOffer(tx, offer);
      const state = row.offerState as OfferMachineState;
      const answer = machine.accept(state, associateId, now.getTime());
      if (!answer.ok) throw refused(answer.reason);
      const [won] = await tx
        .update(offers)
        .set({ status: 'accepted', answeredAt: now })
        .where(and(eq(offers.id, offerId), eq(offers.status, 'pending'), gt(offers.expiresAt, now)))
        .returning({ id: offers.id });
      if (!won) throw refused('expired');
      await checkCapacity(tx, associateId);
      const effects = await this.applyStep(tx, row, answer, now);
      // The winner's other clients (and the panel) hear it like the others hear "taken".
      effects.updates.unshift({ associateId, offerId, status: 'accepted', reason: null, engagementId: effects.engaged!.engagementId });
      return { effects, policy: state.policy, enterpriseId: row.enterpriseId };
    });
  }

  /** The offer policy of an offer's opportunity, and whose opportunity it is. */
  private async policyOfOffer(offerId: string): Promise<{ policy: { missesBeforeAway: number }; enterpriseId: string } | null> {
    const [row] = await this.deps.db
      .select({ state: opportunities.offerState, enterpriseId: opportunities.enterpriseId })
      .from(offers)
      .innerJoin(opportunities, eq(opportunities.id, offers.opportunityId))
      .where(eq(offers.id, offerId));
    const policy = (row?.state as OfferMachineState | null)?.policy;
    return row && policy ? { policy, enterpriseId: row.enterpriseId } : null;
  }

  /** An associate declines an offer (and goes away, if they say so); the machine offers the next at once where the mode says so. */
  async decline(associateId: string, offerId: string, goAway = false): Promise<OfferDeclined> {
    const { effects, policy, enterpriseId } = await this.deps.db.transaction(async (tx) => {
      const now = this.deps.clock();
      const offer = await offerOf(tx, associateId, offerId);
      const row = await lockOpportunity(tx, offer.opportunityId);
      if (!row || row.status !== 'offering' || row.offerState === null) throw await this.closedOffer(tx, offer);
      const state = row.offerState as OfferMachineState;
      const unavailable = await busy(tx, machine.eligible(state).map((c) => c.associateId), now);
      const answer = machine.decline(state, associateId, now.getTime(), unavailable);
      if (!answer.ok) throw refused(answer.reason);
      const [declined] = await tx
        .update(offers)
        .set({ status: 'declined', answeredAt: now })
        .where(and(eq(offers.id, offerId), eq(offers.status, 'pending')))
        .returning({ id: offers.id });
      if (!declined) throw refused('answered');
      return { effects: await this.applyStep(tx, row, answer, now), policy: state.policy, enterpriseId: row.enterpriseId };
    });
    await this.afterCommit(effects);
    await this.ports.associates.recordOfferAnswer(associateId, enterpriseId, 'declined', policy).catch((err) => this.failed('recordOfferAnswer', err));
    if (goAway) {
      await this.ports.associates.setAway(associateId);
      await this.ports.realtime.publish({ associateId }, { v: REALTIME_VERSION, type: 'presence', presence: 'away', reason: 'declined_offer' });
    }
    const [me] = await this.deps.db.select({ presence: associates.presence }).from(associates).where(eq(associates.id, associateId));
    return { offerId, status: 'declined', presence: me?.presence ?? 'away' };
  }

  /** The associate's pending offers, soonest expiry first. */
  async pendingOffers(associateId: string): Promise<OfferView[]> {
    const now = this.deps.clock();
    const rows = await this.deps.db
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.associateId, associateId), eq(offers.status, 'pending'), gt(offers.expiresAt, now)))
      .orderBy(asc(offers.expiresAt))
      .limit(100);
    return (await this.offerViews(rows.map((r) => r.id))).map((o) => o.view);
  }

  /**
   * Capacity freed or an associate became available: the opportunities still offering that
   * could use them get a fresh wave, oldest first, as many as the associate has room for.
   */
  async drainFor(associateId: string): Promise<void> {
    let free = await freeCapacity(this.deps.db, associateId);
    if (free <= 0) return;
    const waiting = await this.deps.db
      .select()
      .from(opportunities)
      .where(and(eq(opportunities.status, 'offering'), isNotNull(opportunities.offerState), worksFor(this.deps.db, associateId, opportunities.enterpriseId)))
      .orderBy(...firstInLine)
      .limit(20);
    for (const candidate of waiting) {
      if (free <= 0) break;
      if (!mayBeOffered(candidate.offerState as OfferMachineState, associateId)) continue;
      const ranking = await this.rank(openedOf(candidate));
      if (!ranking.candidates.some((c) => c.associateId === associateId)) continue;
      const effects = await this.deps.db.transaction(async (tx) => {
        const row = await lockOpportunity(tx, candidate.id);
        // Checked again under the lock: a drain that ran meanwhile (another event, another instance) may have offered it.
        if (!row || row.status !== 'offering' || row.offerState === null || !mayBeOffered(row.offerState as OfferMachineState, associateId)) return null;
        const now = this.deps.clock();
        const unavailable = await busy(tx, ranking.candidates.map((c) => c.associateId), now);
        const step = machine.drain(row.offerState as OfferMachineState, now.getTime(), ranking.candidates, unavailable);
        return this.applyStep(tx, row, step, now);
      });
      await this.afterCommit(effects);
      if (effects?.offered.length && (await this.offeredTo(effects.offered, associateId))) free -= 1;
    }
  }

  /** Realtime says the associate's last socket closed: unless connected elsewhere, their invited engagements are reassigned. */
  async associateLeft(associateId: string): Promise<void> {
    const since = new Date(this.deps.clock().getTime() - CONNECTED_WITHIN_MS);
    const [live] = await this.deps.db
      .select({ n: count() })
      .from(associateConnections)
      .where(and(eq(associateConnections.associateId, associateId), gt(associateConnections.lastSeenAt, since)));
    if ((live?.n ?? 0) > 0) return;
    const invited = await this.deps.db
      .select({ id: engagements.id })
      .from(engagements)
      .where(and(eq(engagements.associateId, associateId), eq(engagements.status, 'invited')));
    for (const e of invited) await this.reassign(e.id);
  }

  /** The winning associate withdraws before the shopper answered: the opportunity is offered again without them. */
  async withdrawEngagement(associateId: string, engagementId: string): Promise<void> {
    const [e] = await this.deps.db
      .select({ status: engagements.status })
      .from(engagements)
      .where(and(eq(engagements.id, engagementId), eq(engagements.associateId, associateId)));
    if (!e) throw new NotFound('The engagement');
    if (!(await this.reassign(engagementId))) throw new EngagementClosed('answered', 'The shopper answered already, or the invitation expired; it can no longer be withdrawn.');
  }

  /** What a (re)connecting party must see: pending offers and invited engagements; a shopper's invitation or the offer to leave a message. */
  async pendingFor(recipient: { associateId: string } | { shopperId: string }): Promise<ServerMessage[]> {
    const fromEngagements = await this.engagements.pendingFor(recipient);
    if ('associateId' in recipient) {
      const pending = await this.pendingOffers(recipient.associateId);
      return [...pending.map((offer) => ({ v: REALTIME_VERSION, type: 'offer', offer }) as const), ...fromEngagements];
    }
    const since = new Date(this.deps.clock().getTime() - SESSION_GAP_MS);
    const unserved = await this.deps.db
      .select({ id: opportunities.id, enterpriseId: opportunities.enterpriseId, reason: opportunities.closeReason })
      .from(opportunities)
      .leftJoin(shopperMessages, eq(shopperMessages.opportunityId, opportunities.id))
      .where(
        and(eq(opportunities.shopperId, recipient.shopperId), eq(opportunities.status, 'unserved'), gt(opportunities.closedAt, since), isNull(shopperMessages.id), messageWanted),
      )
      .limit(5);
    return [
      ...fromEngagements,
      ...unserved.map((o) => ({ v: REALTIME_VERSION, type: 'leave-message', opportunityId: o.id, enterpriseId: o.enterpriseId, reason: o.reason ?? 'nobody_accepted' }) as const),
    ];
  }

  /** The shopper's message when nobody could take the opportunity. */
  async leaveMessage(shopperId: string, opportunityId: string, body: { message: string; contact?: string }): Promise<MessageLeft> {
    const [o] = await this.deps.db
      .select({ status: opportunities.status, enterpriseId: opportunities.enterpriseId, wanted: sql<boolean>`${messageWanted}` })
      .from(opportunities)
      .where(and(eq(opportunities.id, opportunityId), eq(opportunities.shopperId, shopperId)));
    if (!o) throw new NotFound('The opportunity');
    if (o.status !== 'unserved') throw new MessageNotWanted('A message can be left only when nobody could take the opportunity.');
    if (!o.wanted) throw new MessageNotWanted('A message can be left only for help you asked for, or an invitation you saw.');
    const createdAt = this.deps.clock();
    try {
      const [row] = await this.deps.db
        .insert(shopperMessages)
        .values({ id: this.deps.ids.id(), opportunityId, enterpriseId: o.enterpriseId, message: body.message, contact: body.contact ?? null, createdAt })
        .returning({ id: shopperMessages.id });
      return { id: row!.id, opportunityId, createdAt: createdAt.toISOString() };
    } catch (err) {
      if (isUniqueViolation(err)) throw new MessageNotWanted('A message was left for this opportunity already.');
      throw err;
    }
  }

  /** Resolves once the background work started so far (openings, drains) is done; for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  // ---- steps ------------------------------------------------------------------------------

  /** Due offer machines, a batch at a time, each instance taking rows no other one holds. Returns how many it stepped. */
  private async advanceDue(): Promise<number> {
    const { effects, n } = await this.deps.db.transaction(async (tx) => {
      const now = this.deps.clock();
      const due = await tx
        .select()
        .from(opportunities)
        .where(and(eq(opportunities.status, 'offering'), isNotNull(opportunities.offerState), lte(opportunities.dueAt, now)))
        .orderBy(asc(opportunities.dueAt))
        .limit(TICK_BATCH)
        .for('update', { skipLocked: true });
      const ids = due.flatMap((row) => machine.eligible(row.offerState as OfferMachineState).map((c) => c.associateId));
      const unavailable = await busy(tx, [...new Set(ids)], now);
      const all = emptyEffects();
      for (const row of due) merge(all, await this.applyStep(tx, row, machine.tick(row.offerState as OfferMachineState, now.getTime(), unavailable), now));
      return { effects: all, n: due.length };
    });
    await this.afterCommit(effects);
    return n;
  }

  /** Opportunities the in-process listener never started (the process stopped in between). */
  private async openForgotten(): Promise<void> {
    const before = new Date(this.deps.clock().getTime() - OPEN_GRACE_MS);
    const rows = await this.deps.db
      .select({ id: opportunities.id })
      .from(opportunities)
      .where(and(eq(opportunities.status, 'offering'), isNull(opportunities.offerState), lte(opportunities.dueAt, before)))
      .limit(TICK_BATCH);
    for (const { id } of rows) {
      await this.open(id).catch(async (err) => {
        // Ranking failed: try again a little later rather than at every tick.
        this.failed('opening', err);
        await this.deps.db.update(opportunities).set({ dueAt: new Date(this.deps.clock().getTime() + RETRY_OPEN_MS) }).where(eq(opportunities.id, id));
      });
    }
  }

  /** Expires the engagement (the associate left) and offers the opportunity again; false when it was no longer invited. */
  private async reassign(engagementId: string): Promise<boolean> {
    const [target] = await this.deps.db
      .select({ opportunity: opportunities, associateId: engagements.associateId })
      .from(engagements)
      .innerJoin(opportunities, eq(opportunities.id, engagements.opportunityId))
      .where(eq(engagements.id, engagementId));
    if (!target) return false;
    const excluded = (target.opportunity.offerState as OfferMachineState | null)?.excluded ?? [];
    const ranking = await this.rank(openedOf(target.opportunity), [...excluded, target.associateId]);
    const done = await this.deps.db.transaction(async (tx) => {
      const now = this.deps.clock();
      const [e] = await tx.select().from(engagements).where(eq(engagements.id, engagementId)).for('update');
      if (!e) return null;
      const changed = await this.engagements.apply(tx, e, { type: 'associate_left' }, now);
      if (!changed.ok) return null;
      const row = await lockOpportunity(tx, e.opportunityId);
      if (!row || row.offerState === null) return { changed, effects: null };
      const unavailable = await busy(tx, ranking.candidates.map((c) => c.associateId), now);
      const step = machine.reassign(row.offerState as OfferMachineState, e.associateId, now.getTime(), ranking.candidates, unavailable);
      return { changed, effects: await this.applyStep(tx, row, step, now) };
    });
    if (!done) return false;
    await this.engagements.announce([done.changed]);
    await this.afterCommit(done.effects);
    return true;
  }

  /** Writes a machine step inside the transaction holding the opportunity's lock: offers, the engagement, the state and when it is next due. */
  private async applyStep(tx: Tx, row: OpportunityRecord, step: Step, now: Date): Promise<Effects> {
    const effects = emptyEffects();
    const newOffers: (typeof offers.$inferInsert)[] = [];
    for (const c of step.commands) {
      if (c.type === 'offer') {
        const id = this.deps.ids.id();
        newOffers.push({
          id,
          opportunityId: row.id,
          associateId: c.associateId,
          wave: c.wave,
          priority: c.priority,
          status: 'pending',
          score: c.score,
          reasons: reasonsOf(c.parts),
          rankingId: c.rankingId,
          offeredAt: new Date(c.offeredAt),
          expiresAt: new Date(c.expiresAt),
        });
        effects.offered.push(id);
      } else if (c.type === 'withdraw' || c.type === 'miss') {
        const status = c.type === 'miss' ? 'missed' : 'withdrawn';
        const [ended] = await tx
          .update(offers)
          .set({ status, endReason: c.type === 'withdraw' ? c.reason : null })
          .where(and(eq(offers.opportunityId, row.id), eq(offers.associateId, c.associateId), eq(offers.status, 'pending')))
          .returning({ id: offers.id });
        if (!ended) continue;
        if (c.type === 'miss') {
          effects.updates.push({ associateId: c.associateId, offerId: ended.id, status: 'missed', reason: null });
          effects.misses.push({ associateId: c.associateId, enterpriseId: row.enterpriseId, missesBeforeAway: c.missesBeforeAway });
        } else {
          const told = c.reason === 'taken' ? 'taken' : c.reason === 'expired' ? 'expired' : 'withdrawn';
          effects.updates.push({ associateId: c.associateId, offerId: ended.id, status: told, reason: c.reason === 'expired' ? 'nobody_accepted' : c.reason });
        }
      } else if (c.type === 'engage') {
        const engagement = await this.engagements.invite(tx, row, c.associateId, now);
        effects.engaged = { associateId: c.associateId, engagementId: engagement.id };
      } else if (await this.wantsMessage(tx, row)) {
        effects.gaveUp.push({ shopperId: row.shopperId, opportunityId: row.id, enterpriseId: row.enterpriseId, reason: c.reason });
      }
    }
    if (newOffers.length) await tx.insert(offers).values(newOffers);
    const status = step.state.status;
    await tx
      .update(opportunities)
      .set({
        status,
        offerState: step.state,
        dueAt: step.due === null ? null : new Date(step.due),
        ...(status === 'unserved' ? { closedAt: now, closeReason: step.state.closeReason } : {}),
      })
      .where(eq(opportunities.id, row.id));
    return effects;
  }

  /** Whether the shopper of a given-up opportunity is offered to leave a message (`messageWanted`); otherwise it ends silently. */
  private async wantsMessage(tx: Tx, row: OpportunityRecord): Promise<boolean> {
    if (row.origin === 'asked') return true;
    const [hit] = await tx.select({ id: opportunities.id }).from(opportunities).where(and(eq(opportunities.id, row.id), messageWanted));
    return hit !== undefined;
  }

  /** Tells the parties what a committed step did, and records misses with the associates module. */
  private async afterCommit(effects: Effects | null): Promise<void> {
    if (!effects) return;
    const { realtime, associates: records } = this.ports;
    for (const { associateId, view } of await this.offerViews(effects.offered)) {
      await realtime.publish({ associateId }, { v: REALTIME_VERSION, type: 'offer', offer: view });
    }
    for (const u of effects.updates) {
      await realtime.publish(
        { associateId: u.associateId },
        { v: REALTIME_VERSION, type: 'offer-update', offerId: u.offerId, status: u.status, reason: u.reason, ...(u.engagementId ? { engagementId: u.engagementId } : {}) },
      );
    }
    for (const m of effects.misses) {
      try {
        const { setAway, pausedFor } = await records.recordOfferAnswer(m.associateId, m.enterpriseId, 'missed', { missesBeforeAway: m.missesBeforeAway });
        if (setAway) await realtime.publish({ associateId: m.associateId }, { v: REALTIME_VERSION, type: 'presence', presence: 'away', reason: 'missed_offers' });
        // Still available for the others: the message says which enterprise paused them.
        if (pausedFor)
          await realtime.publish({ associateId: m.associateId }, { v: REALTIME_VERSION, type: 'presence', presence: 'available', reason: 'missed_offers', enterprise: pausedFor });
      } catch (err) {
        this.failed('recordOfferAnswer', err);
      }
    }
    if (effects.engaged) {
      await records.engagementStarted(effects.engaged.associateId).catch((err) => this.failed('engagementStarted', err));
      await this.engagements.publishState([effects.engaged.engagementId]);
    }
    for (const { shopperId, opportunityId, enterpriseId, reason } of effects.gaveUp) {
      await realtime.publish({ shopperId }, { v: REALTIME_VERSION, type: 'leave-message', opportunityId, enterpriseId, reason });
    }
  }

  private offerViews(ids: readonly string[]) {
    return readOfferViews(this.deps.db, ids, async (enterpriseId, externalId) => {
      try {
        return await this.ports.customer(enterpriseId, externalId);
      } catch (err) {
        // An offer goes out without the customer rather than not at all.
        this.failed('customer lookup', err);
        return null;
      }
    });
  }

  /** The ranking's best, as many as the machine keeps: nothing further down is ever offered. */
  private async rank(opportunity: OpenedOpportunity, exclude?: readonly string[]) {
    const { policy, candidates, rankingId } = await this.ports.rank(opportunity, exclude?.length ? { exclude } : undefined);
    // Each candidate names the ranking it came from, so an offer made later (a wave) still names it.
    return { policy, candidates: candidates.slice(0, machine.MAX_CANDIDATES).map((c) => ({ ...c, rankingId: rankingId ?? null })) };
  }

  private async openedOf(id: string): Promise<OpenedOpportunity | null> {
    const [row] = await this.deps.db.select().from(opportunities).where(eq(opportunities.id, id));
    return row ? openedOf(row) : null;
  }

  private async offeredTo(offerIds: readonly string[], associateId: string): Promise<boolean> {
    const [hit] = await this.deps.db
      .select({ n: count() })
      .from(offers)
      .where(and(inArray(offers.id, [...offerIds]), eq(offers.associateId, associateId)));
    return (hit?.n ?? 0) > 0;
  }

  /** Why an offer whose opportunity is no longer offering cannot be answered. */
  private async closedOffer(tx: Tx, offer: typeof offers.$inferSelect): Promise<Error> {
    const [o] = await tx.select({ status: opportunities.status }).from(opportunities).where(eq(opportunities.id, offer.opportunityId));
    if (offer.status === 'accepted' || offer.status === 'declined') return refused('answered');
    if (!o || o.status === 'unserved' || offer.status === 'missed') return refused('expired');
    return refused('taken');
  }

  private background(work: Promise<unknown>): void {
    const tracked = work.catch((err) => this.failed('background work', err)).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private failed(what: string, err: unknown): void {
    this.deps.log(`offers: ${what} failed`, describeError(err));
  }
}

function refused(reason: Refusal): Error {
  switch (reason) {
    case 'taken':
      return new OfferUnavailable('taken', 'A colleague accepted this offer first.');
    case 'expired':
      return new OfferUnavailable('expired', 'The offer expired before the answer.');
    case 'answered':
      return new OfferUnavailable('answered', 'The offer was answered already.');
    case 'not_offered':
      return new NotFound('The offer');
  }
}

function emptyEffects(): Effects {
  return { offered: [], updates: [], misses: [], engaged: null, gaveUp: [] };
}

function merge(into: Effects, more: Effects): void {
  into.offered.push(...more.offered);
  into.updates.push(...more.updates);
  into.misses.push(...more.misses);
  into.gaveUp.push(...more.gaveUp);
  // Only a claim engages, one opportunity at a time.
  into.engaged ??= more.engaged;
}
