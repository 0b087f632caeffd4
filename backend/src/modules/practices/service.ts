import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { type MaterialUse, type MaterialUseRecorded, type PracticesEvaluation, type PracticesView, type RankedMaterial } from '../../../../shared/sales';
import { REALTIME_VERSION } from '../../../../shared/realtime';
import type { Tx } from '../../db/open';
import { rowsOf } from '../../db/records';
import {
  channelUsages,
  engagements,
  materialLinkKeys,
  materialUsages,
  opportunities,
  practiceOutcomes,
  practiceRankings,
  practiceTallies,
  shoppers,
  type LoggedItem,
  type UsageAction,
} from '../../db/schema';
import type { AppDeps } from '../../deps';
import { LinkUnusable, MaterialUnusable, NotFound } from '../../errors';
import { describeError } from '../../log';
import type { JobsService } from '../jobs/service';
import type { MaterialContent, MaterialsService } from './materials';
import { estimatePolicyValue, holdoutLift } from './offline.core';
import { hash32, seededRandom } from './random.core';
import { inHoldout, type Outcome, outcomeChanges, rankPractices, type Situation, situationKey, situationLevels, type Tallies, type Tally } from './ranking.core';
import { candidatesFor, situationOf, type StoredSituation } from './situation.core';

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a shopper's link to a material works. */
export const SHARED_LINK_TTL_S = 60 * 60;
const WINDOW_JOB = 'practices.window';
/** Associates with the best outcomes, and the uses shown of theirs. */
const TOP_ASSOCIATES = 3;
const TOP_USES = 5;

/** What the practices module needs from the rest of the app (wired in app.ts). */
export interface PracticesPorts {
  /** Pushes to an associate's consoles. */
  publish(associateId: string, engagementId: string): Promise<void>;
  /** The verified customer's tier (what is known now, no call). */
  tierOf(enterpriseId: string, externalId: string | null): Promise<string | null>;
  /** The enterprise's attribution window in days (30 by default): an engagement's outcome is `no_sale` once it passes without one. */
  attributionWindowDays(enterpriseId: string): Promise<number>;
}

type RankingRow = typeof practiceRankings.$inferSelect;
type EngagementRow = typeof engagements.$inferSelect;

/**
 * The materials and techniques ranked for an engagement's situation (Thompson sampling over
 * their outcomes, a holdout seeing the enterprise's own order), every ranking logged with each
 * item's probability of being first; the usage log; the outcomes that reward the decisions;
 * and the offline evaluation of the logs.
 */
export class PracticesService {
  private signingKey: Promise<Uint8Array> | null = null;
  /** Work started after an engagement ended, not awaited by its caller (see `idle`). */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly deps: AppDeps,
    private readonly materials: MaterialsService,
    private readonly jobs: JobsService,
    private readonly ports: PracticesPorts,
  ) {
    jobs.handle(WINDOW_JOB, async (payload) => {
      const { engagementId } = payload as { engagementId: string };
      await this.windowClosed(engagementId);
    });
  }

  /** GET /api/v1/engagements/:id/practices, for the engagement's associate. */
  async view(associateId: string, engagementId: string): Promise<PracticesView> {
    const engagement = await this.engagementOf(associateId, engagementId);
    const { ranking, stored } = await this.rankFor(engagement);
    const live = await this.materials.live(engagement.enterpriseId);
    const byId = new Map(live.map((m) => [m.row.id, m]));
    const tallies = await this.talliesFor(stored, ranking.items.map((i) => i.itemId));
    const keys = situationLevels(stored).map(situationKey);
    const ranked: RankedMaterial[] = [];
    for (const item of ranking.items) {
      const m = byId.get(item.itemId);
      if (!m) continue;
      ranked.push(this.rankedView(m, item.probability, engagementId, posteriorCounts(item.itemId, keys, tallies)));
    }
    const shownIds = new Set(ranked.map((r) => r.id));
    const otherTechniques = live.filter((m) => m.row.kind === 'technique' && m.current && !shownIds.has(m.row.id)).map((m) => this.rankedView(m, 0, engagementId, { sales: 0, outcomes: 0 }));
    return {
      engagementId,
      rankingId: ranking.id,
      situation: stored,
      holdout: ranking.holdout,
      materials: ranked.filter((r) => r.kind !== 'technique'),
      techniques: [...ranked.filter((r) => r.kind === 'technique'), ...otherTechniques],
      usedByTopAssociates: await this.usedByTopAssociates(engagement.enterpriseId, ranking.situationKey),
    };
  }

  /** POST /api/v1/engagements/:id/usage: one use by the engagement's associate; a `sent` document or link gets the shopper's signed card. */
  async recordUse(associateId: string, engagementId: string, use: MaterialUse): Promise<MaterialUseRecorded> {
    const engagement = await this.engagementOf(associateId, engagementId);
    const row = UUID.test(use.materialId) ? await this.materials.rowOf(engagement.enterpriseId, use.materialId) : null;
    if (!row) throw new NotFound('The material');
    if (row.archivedAt) throw new MaterialUnusable('The material is archived.');
    if (row.currentVersion === 0) throw new MaterialUnusable('The document has no file yet.');
    if (use.action === 'sent' && row.kind === 'technique') throw new MaterialUnusable('A technique is not sent to the shopper; mark it, copy it or send its text in the chat.');
    let rankingId: string | null = null;
    if (use.rankingId !== undefined) {
      const [r] = await this.deps.db
        .select({ id: practiceRankings.id })
        .from(practiceRankings)
        .where(and(eq(practiceRankings.engagementId, engagementId), sql`${practiceRankings.id}::text = ${use.rankingId}`));
      if (!r) throw new NotFound('The ranking');
      rankingId = r.id;
    } else {
      rankingId = (await this.latestRanking(engagementId))?.id ?? null;
    }
    await this.deps.db.insert(materialUsages).values({
      id: this.deps.ids.id(),
      engagementId,
      materialId: row.id,
      version: row.currentVersion,
      action: use.action,
      rankingId,
      at: this.deps.clock(),
    });
    if (use.action !== 'sent') return { recorded: true, card: null };
    const token = await this.signShared(engagementId, row.id, row.currentVersion);
    return { recorded: true, card: { materialId: row.id, title: row.title, kind: row.kind as 'document' | 'link', url: `${this.deps.publicUrl()}/api/v1/materials/shared/${token}` } };
  }

  /** The shopper opens a material sent in the chat: recorded, then the document's bytes or the link to go to. */
  async openShared(token: string): Promise<{ content: MaterialContent } | { redirect: string }> {
    let claims: { eng: string; mat: string; ver: number };
    try {
      const { payload } = await jwtVerify(token, await this.key(), { algorithms: ['HS256'], audience: 'floorwalker:material', currentDate: this.deps.clock() });
      claims = payload as unknown as typeof claims;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new LinkUnusable('expired', 'The link has expired; ask the associate to send the material again.');
      throw new LinkUnusable('invalid', 'The link is not valid.');
    }
    if (typeof claims.eng !== 'string' || typeof claims.mat !== 'string' || typeof claims.ver !== 'number') throw new LinkUnusable('invalid', 'The link is not valid.');
    const [e] = await this.deps.db.select({ enterpriseId: engagements.enterpriseId }).from(engagements).where(eq(engagements.id, claims.eng));
    const row = e ? await this.materials.rowOf(e.enterpriseId, claims.mat) : null;
    // An archived material is withdrawn: its links stop working.
    if (!e || !row || row.archivedAt) throw new NotFound('The material');
    await this.deps.db.insert(materialUsages).values({
      id: this.deps.ids.id(),
      engagementId: claims.eng,
      materialId: row.id,
      version: claims.ver,
      action: 'opened_by_shopper',
      rankingId: (await this.latestRanking(claims.eng))?.id ?? null,
      at: this.deps.clock(),
    });
    if (row.kind === 'document') return { content: await this.materials.content(e.enterpriseId, row.id, claims.ver) };
    const [v] = await this.deps.db.execute(sql`select url from material_versions where material_id = ${row.id} and version = ${claims.ver}`).then((r) => rowsOf<{ url: string | null }>(r));
    if (!v?.url) throw new NotFound('The material');
    return { redirect: v.url };
  }

  /**
   * An engagement's outcome (orders call it when an order is attributed: `sale`; fully refunded:
   * `no_sale`; the window closing without one: `no_sale`). The decision in force when the
   * associate last used a material (else the latest) is rewarded: its first item, in its
   * situation and every broader one. A revision moves the tallies from the old outcome to the new.
   */
  async outcomeOf(engagementId: string, outcome: Outcome): Promise<void> {
    const now = this.deps.clock();
    const changed = await this.deps.db.transaction(async (tx) => {
      const [e] = await tx.select().from(engagements).where(eq(engagements.id, engagementId)).for('update');
      if (!e) throw new NotFound('The engagement');
      const [prior] = await tx.select().from(practiceOutcomes).where(eq(practiceOutcomes.engagementId, engagementId));
      if (prior) {
        if (prior.outcome === outcome) return null;
        await tx.update(practiceOutcomes).set({ outcome, updatedAt: now }).where(eq(practiceOutcomes.engagementId, engagementId));
        if (!prior.situation || !prior.itemId) return null;
        return applyTallies(tx, outcomeChanges(prior.situation, prior.itemId, prior.outcome, outcome), e.enterpriseId);
      }
      const decision = await this.decisionOf(tx, engagementId);
      const first = decision?.items[0];
      await tx.insert(practiceOutcomes).values({
        engagementId,
        enterpriseId: e.enterpriseId,
        associateId: e.associateId,
        outcome,
        rankingId: decision?.id ?? null,
        situationKey: decision?.situationKey ?? null,
        situation: decision?.situation ?? null,
        itemId: first?.itemId ?? null,
        holdout: decision?.holdout ?? null,
        probability: first?.probability ?? null,
        updatedAt: now,
      });
      if (!decision || !first) return null;
      return applyTallies(tx, outcomeChanges(decision.situation, first.itemId, null, outcome), e.enterpriseId);
    });
    if (changed) await this.rankingsChanged(changed.enterpriseId, changed.key);
  }

  /** The `onEnded` listener: schedules the window's job in the background (`idle` waits for it). */
  ended = (engagementId: string): void => {
    const work = this.engagementEnded(engagementId).catch((err) => this.deps.log('practices: scheduling the window failed', { engagementId, ...describeError(err) }));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  };

  /** Resolves once the background work started so far has ended. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** When an engagement ends: its outcome is `no_sale` once the attribution window passes without a sale (a durable job). */
  async engagementEnded(engagementId: string): Promise<void> {
    const [e] = await this.deps.db.select({ enterpriseId: engagements.enterpriseId, endedAt: engagements.endedAt, invitedAt: engagements.invitedAt }).from(engagements).where(eq(engagements.id, engagementId));
    if (!e) return;
    const days = await this.ports.attributionWindowDays(e.enterpriseId);
    const from = e.endedAt ?? this.deps.clock();
    await this.jobs.enqueue({ kind: WINDOW_JOB, key: `${WINDOW_JOB}:${engagementId}`, runAt: new Date(from.getTime() + days * DAY_MS), payload: { engagementId } });
  }

  /** The window closed: no sale unless one came. */
  async windowClosed(engagementId: string): Promise<void> {
    const [prior] = await this.deps.db.select({ outcome: practiceOutcomes.outcome }).from(practiceOutcomes).where(eq(practiceOutcomes.engagementId, engagementId));
    if (prior) return;
    const [e] = await this.deps.db.select({ id: engagements.id }).from(engagements).where(eq(engagements.id, engagementId));
    if (!e) return;
    await this.outcomeOf(engagementId, 'no_sale');
  }

  /** GET /api/v1/practices/evaluation: IPS and SNIPS of the learning ranking from the logs, and its lift over the holdout. */
  async evaluation(enterpriseId: string): Promise<PracticesEvaluation> {
    const rows = await this.deps.db
      .select({ outcome: practiceOutcomes.outcome, itemId: practiceOutcomes.itemId, holdout: practiceOutcomes.holdout, rankingId: practiceOutcomes.rankingId, items: practiceRankings.items })
      .from(practiceOutcomes)
      .innerJoin(practiceRankings, eq(practiceRankings.id, practiceOutcomes.rankingId))
      .where(and(eq(practiceOutcomes.enterpriseId, enterpriseId), isNotNull(practiceOutcomes.itemId)));
    const decisions = rows.flatMap((r) => {
      const item = r.items.find((i) => i.itemId === r.itemId);
      if (!item) return [];
      const logged = r.holdout ? 1 : item.probability;
      const target = item.target ?? item.probability;
      return logged > 0 ? [{ loggedProbability: logged, targetProbability: Math.min(1, Math.max(0, target)), reward: r.outcome === 'sale' ? 1 : 0 }] : [];
    });
    const value = estimatePolicyValue(decisions, seededRandom(7));
    const treated = rows.filter((r) => !r.holdout).map((r) => (r.outcome === 'sale' ? 1 : 0));
    const holdout = rows.filter((r) => r.holdout).map((r) => (r.outcome === 'sale' ? 1 : 0));
    const lift = holdoutLift(treated, holdout, seededRandom(11));
    const finite = (e: { value: number; low: number; high: number }) => ({ value: num(e.value), low: num(e.low), high: num(e.high) });
    return {
      decisions: value.decisions,
      ips: finite(value.ips),
      snips: finite(value.snips),
      effectiveSampleSize: value.effectiveSampleSize,
      lift: { ...finite(lift), treated: treated.length, holdout: holdout.length },
    };
  }

  // ---- ranking ------------------------------------------------------------------------------

  /**
   * The engagement's ranking now: the one logged when nothing it was made from changed (the
   * same items and tallies), or the same order as the logged one (kept, its basis brought up to
   * date), else a new one, logged, with `shown` recorded for its items.
   */
  private async rankFor(engagement: EngagementRow): Promise<{ ranking: RankingRow; stored: StoredSituation; fresh: boolean }> {
    const facts = await this.factsOf(engagement);
    const stored = situationOf(facts);
    const live = await this.materials.live(engagement.enterpriseId);
    const items = candidatesFor(
      live.filter((m) => m.current).map((m) => ({ id: m.row.id, tags: m.row.tags })),
      stored,
      facts.language,
    );
    const tallies = await this.talliesFor(stored, items);
    const key = situationKey(stored);
    const basis = createHash('sha256')
      .update(JSON.stringify([key, items, live.map((m) => [m.row.id, m.row.currentVersion]), [...tallies].map(([k, v]) => [k, [...v]])]))
      .digest('hex');
    const latest = await this.latestRanking(engagement.id);
    if (latest && latest.basis === basis) return { ranking: latest, stored, fresh: false };
    const seed = hash32(`${engagement.id}|${basis}|${this.deps.clock().toISOString()}`);
    const holdout = inHoldout(engagement.id);
    const ranked = rankPractices({ engagementId: engagement.id, situation: stored, items, tallies }, seededRandom(seed));
    // The holdout's decisions also carry the learning policy's probabilities, so the logs can evaluate it on them too.
    const shadow = holdout ? rankPractices({ engagementId: engagement.id, situation: stored, items, tallies }, seededRandom(seed ^ 0x5bd1e995), { holdoutFraction: 0 }) : null;
    const target = new Map(shadow?.ranked.map((r) => [r.itemId, r.firstProbability]) ?? []);
    const logged: LoggedItem[] = ranked.ranked.map((r) => ({ itemId: r.itemId, probability: r.firstProbability, ...(shadow ? { target: target.get(r.itemId) ?? 0 } : {}) }));
    if (latest && latest.situationKey === key && sameOrder(latest.items, logged)) {
      await this.deps.db.update(practiceRankings).set({ basis }).where(eq(practiceRankings.id, latest.id));
      return { ranking: { ...latest, basis }, stored, fresh: false };
    }
    const now = this.deps.clock();
    const ranking = await this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(practiceRankings)
        .values({ id: this.deps.ids.id(), engagementId: engagement.id, enterpriseId: engagement.enterpriseId, situationKey: key, situation: stored, holdout: ranked.policy === 'holdout', items: logged, basis, seed: seed | 0, shownAt: now })
        .returning();
      const versions = new Map(live.map((m) => [m.row.id, m.row.currentVersion]));
      if (logged.length > 0) {
        await tx.insert(materialUsages).values(
          logged.map((i) => ({ id: this.deps.ids.id(), engagementId: engagement.id, materialId: i.itemId, version: versions.get(i.itemId) ?? 1, action: 'shown' as UsageAction, rankingId: row!.id, at: now })),
        );
      }
      return row!;
    });
    return { ranking, stored, fresh: true };
  }

  /**
   * After an outcome moved the tallies of a situation: the open consoles in that situation (its
   * exact key; every situation shares the broad levels, and would otherwise all be re-ranked on
   * every outcome) are ranked again, and those whose order changed are told at once.
   */
  private async rankingsChanged(enterpriseId: string, key: string): Promise<void> {
    try {
      const open = await this.deps.db
        .select()
        .from(engagements)
        .where(and(eq(engagements.enterpriseId, enterpriseId), eq(engagements.status, 'accepted')));
      for (const e of open) {
        const latest = await this.latestRanking(e.id);
        if (!latest || latest.situationKey !== key) continue;
        const { fresh } = await this.rankFor(e);
        if (fresh) await this.ports.publish(e.associateId, e.id);
      }
    } catch (err) {
      this.deps.log('practices: pushing changed rankings failed', describeError(err));
    }
  }

  private async factsOf(e: EngagementRow) {
    const [o] = await this.deps.db
      .select({ reasons: opportunities.reasons, origin: opportunities.origin, locale: shoppers.locale })
      .from(opportunities)
      .innerJoin(shoppers, eq(shoppers.id, e.shopperId))
      .where(eq(opportunities.id, e.opportunityId));
    const uses = await this.deps.db.select().from(channelUsages).where(eq(channelUsages.engagementId, e.id));
    const tier = await this.ports.tierOf(e.enterpriseId, e.customerExternalId).catch(() => null);
    return {
      category: e.category,
      origin: o?.origin ?? 'detected',
      reasons: (Array.isArray(o?.reasons) ? o.reasons : []) as { conditionId?: unknown; points?: unknown }[],
      channels: uses.map((u) => ({ method: u.method, startedAt: u.startedAt.getTime(), open: u.stoppedAt === null })),
      tier,
      language: o?.locale ? o.locale.split(/[-_]/)[0]!.toLowerCase() : null,
    };
  }

  private async talliesFor(situation: Situation, items: readonly string[]): Promise<Tallies> {
    const keys = situationLevels(situation).map(situationKey);
    const tallies = new Map<string, Map<string, Tally>>();
    if (items.length === 0) return tallies;
    const rows = await this.deps.db
      .select()
      .from(practiceTallies)
      .where(and(inArray(practiceTallies.situationKey, keys), inArray(practiceTallies.itemId, [...items])));
    rows.sort((a, b) => a.situationKey.localeCompare(b.situationKey) || a.itemId.localeCompare(b.itemId));
    for (const r of rows) {
      let m = tallies.get(r.situationKey);
      if (!m) tallies.set(r.situationKey, (m = new Map()));
      m.set(r.itemId, { successes: r.sales, failures: r.outcomes - r.sales });
    }
    return tallies;
  }

  /** The decision rewarded: the ranking in force at the associate's last use of a material, else the latest. */
  private async decisionOf(tx: Tx, engagementId: string): Promise<RankingRow | null> {
    const [lastUse] = await tx
      .select({ rankingId: materialUsages.rankingId })
      .from(materialUsages)
      .where(and(eq(materialUsages.engagementId, engagementId), ne(materialUsages.action, 'shown'), isNotNull(materialUsages.rankingId)))
      .orderBy(desc(materialUsages.at), desc(materialUsages.id))
      .limit(1);
    if (lastUse?.rankingId) {
      const [r] = await tx.select().from(practiceRankings).where(eq(practiceRankings.id, lastUse.rankingId));
      if (r) return r;
    }
    const [latest] = await tx.select().from(practiceRankings).where(eq(practiceRankings.engagementId, engagementId)).orderBy(desc(practiceRankings.shownAt), desc(practiceRankings.id)).limit(1);
    return latest ?? null;
  }

  private async latestRanking(engagementId: string): Promise<RankingRow | null> {
    const [row] = await this.deps.db.select().from(practiceRankings).where(eq(practiceRankings.engagementId, engagementId)).orderBy(desc(practiceRankings.shownAt), desc(practiceRankings.id)).limit(1);
    return row ?? null;
  }

  /** What the associates with the best outcomes in this situation used most (not counting what was merely shown). */
  private async usedByTopAssociates(enterpriseId: string, key: string): Promise<PracticesView['usedByTopAssociates']> {
    const best = rowsOf<{ associate_id: string }>(
      await this.deps.db.execute(sql`
        select associate_id from practice_outcomes
        where enterprise_id = ${enterpriseId} and situation_key = ${key}
        group by associate_id
        having count(*) filter (where outcome = 'sale') > 0
        order by (count(*) filter (where outcome = 'sale'))::float / count(*) desc, count(*) filter (where outcome = 'sale') desc, associate_id
        limit ${TOP_ASSOCIATES}`),
    ).map((r) => r.associate_id);
    if (best.length === 0) return [];
    const used = rowsOf<{ material_id: string; title: string; uses: number }>(
      await this.deps.db.execute(sql`
        select u.material_id, m.title, count(*)::int as uses
        from material_usages u
        join practice_outcomes o on o.engagement_id = u.engagement_id
        join materials m on m.id = u.material_id
        where o.enterprise_id = ${enterpriseId} and o.situation_key = ${key} and u.action <> 'shown' and m.archived_at is null
          and o.associate_id in (${sql.join(best.map((id) => sql`${id}::uuid`), sql`, `)})
        group by u.material_id, m.title
        order by uses desc, m.title, u.material_id
        limit ${TOP_USES}`),
    );
    return used.map((u) => ({ materialId: u.material_id, title: u.title, uses: Number(u.uses) }));
  }

  private rankedView(m: Awaited<ReturnType<MaterialsService['live']>>[number], probability: number, engagementId: string, counts: { sales: number; outcomes: number }): RankedMaterial {
    const url = m.row.kind === 'document' ? `/api/v1/materials/${m.row.id}/content` : m.row.kind === 'link' ? (m.current?.url ?? null) : null;
    return {
      id: m.row.id,
      kind: m.row.kind,
      title: m.row.title,
      version: Math.max(1, m.row.currentVersion),
      markdown: m.row.kind === 'technique' ? (m.current?.markdown ?? null) : null,
      url,
      contentType: m.current?.contentType ?? null,
      probability: Math.min(1, Math.max(0, probability)),
      sales: counts.sales,
      outcomes: counts.outcomes,
    };
  }

  private async engagementOf(associateId: string, engagementId: string): Promise<EngagementRow> {
    const [e] = await this.deps.db.select().from(engagements).where(and(eq(engagements.id, engagementId), eq(engagements.associateId, associateId)));
    if (!e) throw new NotFound('The engagement');
    return e;
  }

  private async signShared(engagementId: string, materialId: string, version: number): Promise<string> {
    const now = Math.floor(this.deps.clock().getTime() / 1000);
    return new SignJWT({ eng: engagementId, mat: materialId, ver: version })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('floorwalker:material')
      .setIssuedAt(now)
      .setExpirationTime(now + SHARED_LINK_TTL_S)
      .sign(await this.key());
  }

  /** The signing key of shopper links: one for every instance, kept sealed in the database; made anew if it cannot be read (links out then stop working). */
  private key(): Promise<Uint8Array> {
    this.signingKey ??= (async () => {
      const fresh = randomBytes(32).toString('base64');
      await this.deps.db.insert(materialLinkKeys).values({ id: 1, sealedKey: this.deps.sealer.seal(fresh), createdAt: this.deps.clock() }).onConflictDoNothing();
      const [row] = await this.deps.db.select().from(materialLinkKeys).where(eq(materialLinkKeys.id, 1));
      try {
        return Buffer.from(this.deps.sealer.open(row!.sealedKey), 'base64');
      } catch {
        await this.deps.db.update(materialLinkKeys).set({ sealedKey: this.deps.sealer.seal(fresh), createdAt: this.deps.clock() }).where(eq(materialLinkKeys.id, 1));
        return Buffer.from(fresh, 'base64');
      }
    })().catch((err) => {
      this.signingKey = null;
      throw err;
    });
    return this.signingKey;
  }
}

/** Applies tally changes in the transaction (one upsert per row); the exact situation's key, for the push. */
async function applyTallies(tx: Tx, changes: ReturnType<typeof outcomeChanges>, enterpriseId: string) {
  for (const c of changes) {
    await tx
      .insert(practiceTallies)
      .values({ situationKey: c.situationKey, itemId: c.itemId, sales: c.successes, outcomes: c.successes + c.failures })
      .onConflictDoUpdate({
        target: [practiceTallies.situationKey, practiceTallies.itemId],
        set: { sales: sql`${practiceTallies.sales} + ${c.successes}`, outcomes: sql`${practiceTallies.outcomes} + ${c.successes + c.failures}` },
      });
  }
  // The exact situation comes first among the levels.
  return changes.length > 0 ? { enterpriseId, key: changes[0]!.situationKey } : null;
}

/** An item's outcomes in the narrowest level of the situation that has some (the fall-back to broader situations). */
function posteriorCounts(itemId: string, keys: readonly string[], tallies: Tallies): { sales: number; outcomes: number } {
  for (const k of keys) {
    const t = tallies.get(k)?.get(itemId);
    if (t && t.successes + t.failures > 0) return { sales: Math.max(0, t.successes), outcomes: Math.max(0, t.successes + t.failures) };
  }
  return { sales: 0, outcomes: 0 };
}

function sameOrder(a: readonly LoggedItem[], b: readonly LoggedItem[]): boolean {
  return a.length === b.length && a.every((x, i) => x.itemId === b[i]!.itemId);
}

const num = (x: number) => (Number.isFinite(x) ? x : null);

