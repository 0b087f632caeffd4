import { and, desc, eq, inArray, isNull, lte, type SQL } from 'drizzle-orm';
import { type EngagementDetail, INVITATION_SECONDS } from '../../../../shared/offers';
import { type EngagementView, REALTIME_VERSION, type ServerMessage, type ShopperServerMessage } from '../../../../shared/realtime';
import type { Segment } from '../../../../shared/rules';
import type { SessionAggregate } from '../../../../shared/session';
import type { OutcomeRequest, OutcomeView } from '../../../../shared/matching';
import type { Tx } from '../../db/open';
import { associates, channelUsages, engagements, enterprises, opportunities, outcomes, sessions, shoppers } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { Conflict, EngagementClosed, EngagementNotLive, NotFound } from '../../errors';
import { describeError } from '../../log';
import { engagementView, productOf } from '../offers/views.core';
import type { AssociateRecords, Publisher } from '../offers/ports';
import { type EngagementEvent, endReasonOf, type Refusal, type Transition, transition } from './engagement.core';
import { channelUsage } from './live.core';

export type EngagementRecord = typeof engagements.$inferSelect;
/** Who asks for an engagement: only its associate, its shopper or its enterprise may see it. */
export type Party = { associateId: string } | { shopperId: string } | { enterpriseId: string };
/** One of the two people in an engagement. */
export type Side = { associateId: string } | { shopperId: string };

/** What an applied event did, for the work after the commit. */
export interface Changed {
  ok: true;
  engagement: EngagementRecord;
  transition: Extract<Transition, { ok: true }>;
}

/**
 * The engagement between the winning associate and the shopper: invited by the claim,
 * answered by the shopper, expired by the ticker. Each change is pushed to both sides;
 * one that frees the associate's capacity is told to the associates module
 * (`engagementEnded`), which announces the room to whoever drains waiting opportunities.
 */
export class EngagementsService {
  private readonly endedListeners: ((engagementId: string) => unknown)[] = [];

  constructor(
    private readonly deps: AppDeps,
    private readonly ports: { realtime: Publisher; associates: Pick<AssociateRecords, 'engagementEnded'> },
    private readonly invitationSeconds = INVITATION_SECONDS,
  ) {}

  /**
   * Records what an engagement came to, once: by its associate or by its enterprise's key.
   * The conversion-rate rule counts it from the next ranking on.
   */
  async recordOutcome(engagementId: string, actor: { associateId: string } | { enterpriseId: string }, body: OutcomeRequest): Promise<OutcomeView> {
    const [engagement] = await this.deps.db
      .select({ associateId: engagements.associateId, enterpriseId: engagements.enterpriseId, status: engagements.status })
      .from(engagements)
      .where(eq(engagements.id, engagementId));
    const mine = engagement && ('associateId' in actor ? engagement.associateId === actor.associateId : engagement.enterpriseId === actor.enterpriseId);
    if (!engagement || !mine) throw new NotFound('The engagement');
    if (engagement.status === 'invited' || engagement.status === 'declined' || engagement.status === 'expired') {
      throw new Conflict(`The engagement is ${engagement.status}: an outcome is recorded once the shopper has accepted it.`);
    }
    const recordedAt = this.deps.clock();
    const [row] = await this.deps.db
      .insert(outcomes)
      .values({
        engagementId,
        sale: body.sale,
        amount: body.amount ?? null,
        currency: body.currency ?? null,
        recordedBy: 'associateId' in actor ? 'associate' : 'enterprise',
        recordedAt,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Conflict('An outcome was already recorded for this engagement.');
    return { engagementId, sale: row.sale, amount: row.amount, currency: row.currency, recordedBy: row.recordedBy, recordedAt: row.recordedAt.toISOString() };
  }

  /** Inside the winning claim's transaction: the engagement, invited until the invitation times out. */
  async invite(
    tx: Tx,
    opportunity: Pick<typeof opportunities.$inferSelect, 'id' | 'enterpriseId' | 'shopperId' | 'sessionId' | 'customerExternalId' | 'segment'>,
    associateId: string,
    now: Date,
  ): Promise<EngagementRecord> {
    const [row] = await tx
      .insert(engagements)
      .values({
        id: this.deps.ids.id(),
        opportunityId: opportunity.id,
        enterpriseId: opportunity.enterpriseId,
        associateId,
        shopperId: opportunity.shopperId,
        sessionId: opportunity.sessionId,
        customerExternalId: opportunity.customerExternalId,
        category: (opportunity.segment as Segment).category,
        status: 'invited',
        invitedAt: now,
        expiresAt: new Date(now.getTime() + this.invitationSeconds * 1000),
      })
      .returning();
    return row!;
  }

  /** The shopper's yes or no. */
  async answer(shopperId: string, engagementId: string, accept: boolean): Promise<EngagementDetail> {
    const now = this.deps.clock();
    const changed = await this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(engagements)
        .where(and(eq(engagements.id, engagementId), eq(engagements.shopperId, shopperId)))
        .for('update');
      if (!row) throw new NotFound('The engagement');
      const result = await this.apply(tx, row, { type: 'answer', accept }, now);
      if (!result.ok) throw closed(result.reason);
      return result;
    });
    await this.announce([changed]);
    return this.get({ shopperId }, engagementId);
  }

  /**
   * Either side ends the live engagement (`peer_lost`: the other side vanished). Frees the
   * associate, closes the channels still open, tells both sides and the `onEnded` listeners.
   */
  async end(side: Side, engagementId: string, reason: 'done' | 'peer_lost'): Promise<EngagementDetail> {
    const now = this.deps.clock();
    const event: EngagementEvent = { type: 'end', reason: endReasonOf('shopperId' in side ? 'shopper' : 'associate', reason) };
    const changed = await this.deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(engagements).where(and(eq(engagements.id, engagementId), partyIs(side))).for('update');
      if (!row) throw new NotFound('The engagement');
      const result = await this.apply(tx, row, event, now);
      if (!result.ok) throw closed(result.reason);
      return result;
    });
    await this.announce([changed]);
    return this.get(side, engagementId);
  }

  /** Calls `listener` after an engagement ended (on this instance), e.g. to close its signalling sockets; one that returns a promise is awaited (its failure logged). */
  onEnded(listener: (engagementId: string) => unknown): void {
    this.endedListeners.push(listener);
  }

  /** Expires invitations past their time; returns how many. Run by the ticker of every instance. */
  async expireDue(limit = 50): Promise<number> {
    const now = this.deps.clock();
    const changed = await this.deps.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(engagements)
        .where(and(eq(engagements.status, 'invited'), lte(engagements.expiresAt, now)))
        .orderBy(engagements.expiresAt)
        .limit(limit)
        .for('update', { skipLocked: true });
      const done: Changed[] = [];
      for (const row of due) {
        const result = await this.apply(tx, row, { type: 'expire' }, now);
        if (result.ok) done.push(result);
      }
      return done;
    });
    await this.announce(changed);
    return changed.length;
  }

  /**
   * Applies an event to an engagement row locked in `tx`, and what it means for the
   * opportunity (served, or closed); a reassignment is the offers module's to do.
   */
  async apply(tx: Tx, row: EngagementRecord, event: EngagementEvent, now: Date): Promise<Changed | { ok: false; reason: Refusal }> {
    const t = transition({ status: row.status, expiresAt: row.expiresAt.getTime() }, event, now.getTime());
    if (!t.ok) return t;
    const endReason =
      event.type === 'expire' ? 'invitation_expired' : event.type === 'associate_left' ? 'associate_left' : event.type === 'end' ? event.reason : null;
    const [updated] = await tx
      .update(engagements)
      .set({
        status: t.status,
        ...(event.type === 'answer' ? { answeredAt: now } : {}),
        ...(t.freesCapacity ? { endedAt: now } : {}),
        endReason,
      })
      .where(eq(engagements.id, row.id))
      .returning();
    // What was still in use when it ended stops now.
    if (t.status === 'ended') await tx.update(channelUsages).set({ stoppedAt: now }).where(and(eq(channelUsages.engagementId, row.id), isNull(channelUsages.stoppedAt)));
    const after = t.opportunity;
    if (after.kind === 'served') {
      await tx.update(opportunities).set({ closedAt: now }).where(eq(opportunities.id, row.opportunityId));
    } else if (after.kind === 'closed') {
      await tx
        .update(opportunities)
        .set({ status: 'cancelled', closedAt: now, closeReason: after.reason, dueAt: null })
        .where(and(eq(opportunities.id, row.opportunityId), eq(opportunities.status, 'engaged')));
    }
    return { ok: true, engagement: updated!, transition: t };
  }

  /** After the commit: both sides are told, and the associates module hears of a freed associate. */
  async announce(changes: readonly Changed[]): Promise<void> {
    if (changes.length === 0) return;
    await this.publishState(changes.map((c) => c.engagement.id));
    for (const { engagement, transition: t } of changes) {
      if (t.freesCapacity) await this.ports.associates.engagementEnded(engagement.associateId).catch((err) => this.failed('engagementEnded', err));
      if (t.status === 'ended') {
        for (const listener of this.endedListeners) {
          try {
            await listener(engagement.id);
          } catch (err) {
            this.failed('onEnded listener', err);
          }
        }
      }
    }
  }

  /** Pushes engagements as they are now: to the associate the engagement, to the shopper the invitation or how it ended. */
  async publishState(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const r of await this.read(inArray(engagements.id, [...ids]))) {
      await this.ports.realtime.publish({ associateId: r.engagement.associateId }, { v: REALTIME_VERSION, type: 'engagement', engagement: r.view });
      const toShopper: ShopperServerMessage =
        r.engagement.status === 'invited'
          ? invitation(r)
          : { v: REALTIME_VERSION, type: 'invitation-update', engagementId: r.engagement.id, status: r.engagement.status };
      await this.ports.realtime.publish({ shopperId: r.engagement.shopperId }, toShopper);
    }
  }

  /** One engagement, for its associate, its shopper or its enterprise; NotFound for anyone else. */
  async get(party: Party, id: string): Promise<EngagementDetail> {
    const [r] = await this.read(and(eq(engagements.id, id), partyIs(party)));
    if (!r) throw new NotFound('The engagement');
    const uses = await this.deps.db.select().from(channelUsages).where(eq(channelUsages.engagementId, id));
    return {
      ...r.view,
      associate: { id: r.engagement.associateId, displayName: r.displayName },
      enterprise: { id: r.engagement.enterpriseId, name: r.enterpriseName },
      shopperId: r.engagement.shopperId,
      endedAt: r.engagement.endedAt?.toISOString() ?? null,
      endReason: r.engagement.endReason,
      channels: channelUsage(
        uses.map((u) => ({ method: u.method, startedAt: u.startedAt.getTime(), stoppedAt: u.stoppedAt?.getTime() ?? null })),
        this.deps.clock().getTime(),
      ),
    };
  }

  /** The associate's engagements, most recent first. */
  async listFor(associateId: string, limit = 50): Promise<EngagementView[]> {
    return (await this.read(eq(engagements.associateId, associateId), limit)).map((r) => r.view);
  }

  /** What a (re)connecting party must see: a shopper's open invitations, an associate's invited engagements. */
  async pendingFor(recipient: { associateId: string } | { shopperId: string }): Promise<ServerMessage[]> {
    const now = this.deps.clock().getTime();
    const rows = await this.read(and(eq(engagements.status, 'invited'), partyIs(recipient)));
    const open = rows.filter((r) => r.engagement.expiresAt.getTime() > now);
    return 'shopperId' in recipient
      ? open.map(invitation)
      : open.map((r) => ({ v: REALTIME_VERSION, type: 'engagement', engagement: r.view }) as const);
  }

  private async read(where: SQL | undefined, limit = 100) {
    const rows = await this.deps.db
      .select({
        engagement: engagements,
        aggregate: sessions.aggregate,
        segment: opportunities.segment,
        locale: shoppers.locale,
        displayName: associates.displayName,
        enterpriseName: enterprises.name,
      })
      .from(engagements)
      .innerJoin(opportunities, eq(opportunities.id, engagements.opportunityId))
      .innerJoin(sessions, eq(sessions.id, engagements.sessionId))
      .innerJoin(shoppers, eq(shoppers.id, engagements.shopperId))
      .innerJoin(associates, eq(associates.id, engagements.associateId))
      .innerJoin(enterprises, eq(enterprises.id, engagements.enterpriseId))
      .where(where)
      .orderBy(desc(engagements.invitedAt), desc(engagements.id))
      .limit(limit);
    return rows.map((r) => ({
      ...r,
      view: engagementView(r.engagement, r.aggregate as SessionAggregate, r.segment as Segment, r.locale),
    }));
  }

  private failed(what: string, err: unknown): void {
    this.deps.log(`engagements: ${what} failed`, describeError(err));
  }
}

type Read = Awaited<ReturnType<EngagementsService['read']>>[number];

function invitation(r: Read): ShopperServerMessage {
  return {
    v: REALTIME_VERSION,
    type: 'invitation',
    engagementId: r.engagement.id,
    associate: { displayName: r.displayName },
    enterprise: { id: r.engagement.enterpriseId, name: r.enterpriseName },
    product: productOf(r.aggregate as SessionAggregate, r.segment as Segment),
    expiresAt: r.engagement.expiresAt.toISOString(),
  };
}

/** The condition naming a party's engagements. */
export function partyIs(party: Party): SQL {
  if ('associateId' in party) return eq(engagements.associateId, party.associateId);
  if ('shopperId' in party) return eq(engagements.shopperId, party.shopperId);
  return eq(engagements.enterpriseId, party.enterpriseId);
}

function closed(reason: Refusal): EngagementClosed | EngagementNotLive {
  if (reason === 'not_live') return new EngagementNotLive('not_live', 'The engagement is not live: the shopper has not accepted it, or it was declined or expired.');
  if (reason === 'ended') return new EngagementNotLive('ended', 'The engagement has ended already.');
  return reason === 'expired'
    ? new EngagementClosed('expired', 'The invitation expired before the answer.')
    : new EngagementClosed('answered', 'The invitation was answered already.');
}
