import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  type DryRunRequest,
  type DryRunResult,
  MatchingDocument,
  type MatchingRulesHistory,
  type MatchingRulesVersion,
  type RankedCandidate,
  type RankingHistory,
  type RankingOffer,
  type RankingView,
  type RuleSet,
} from '../../../../shared/matching';
import type { OpportunityRulesVersion, Segment } from '../../../../shared/rules';
import { diffMatchingRules, type RulesDiffView } from '../../../../shared/rules-diff';
import type { SessionAggregate } from '../../../../shared/session';
import { rowsOf } from '../../db/records';
import { RuleDocuments, type StoredVersion } from '../../db/rule-documents';
import { associates, offers, opportunities, rankings } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { NotFound } from '../../errors';
import { describeError } from '../../log';
import type { CustomerView } from '../opportunities/detect.core';
import { diffVersions, restoreVersion, versionView } from '../opportunities/rule-versions';
import { type CustomerLookup, CUSTOMER_DEADLINE_MS, customerIdOf } from '../opportunities/service';
import { primaryLanguage, readCandidates, type ScheduleCheck } from './candidates';
import { chooseRuleSet, rank, type RankingTarget } from './rank.core';

/** The opportunity as the offers module hands it over for ranking. */
export interface RankInput {
  id: string;
  enterpriseId: string;
  sessionId: string;
  shopperId: string;
  segment: Segment;
  customerExternalId: string | null;
  score: number;
}

export interface RankResult {
  /** The stored ranking's id. */
  rankingId: string;
  /** The chosen rule set; its `offer` is the policy to offer by. */
  ruleSet: RuleSet;
  /** Version of the matching document it came from; 0 for the built-in default. */
  rulesVersion: number;
  /** Who may be offered, best first, each with every rule's part. */
  ranking: RankedCandidate[];
  /** Who a filter (or `exclude`) dropped, with `filteredBy`. */
  filtered: RankedCandidate[];
}

/** What matching asks of opportunity detection for a dry run: the score and segment the live rules give a session. */
export interface Assessor {
  assess(enterpriseId: string, input: { aggregate: SessionAggregate; customer: CustomerView | null; returning: boolean }): Promise<{ score: number; segment: Segment; rules: OpportunityRulesVersion | null }>;
}

export interface MatchingPorts {
  withinSchedule: ScheduleCheck;
  customers: CustomerLookup | null;
  opportunities: Assessor;
}

/** Why an associate was left out although the rules would have kept them (e.g. the winner who went silent). */
export const EXCLUDED = 'excluded';

/**
 * Matching rule sets (versioned per enterprise), ranking of the candidates for an
 * opportunity with every part stored, and the dry run (the outcomes that feed conversion rates are the engagements module's).
 */
export class MatchingService {
  readonly rules: RuleDocuments<typeof MatchingDocument>;

  constructor(
    private readonly deps: AppDeps,
    private readonly ports: MatchingPorts,
  ) {
    this.rules = new RuleDocuments(deps.db, 'matching', MatchingDocument, deps.clock);
  }

  async liveRules(enterpriseId: string): Promise<MatchingRulesVersion> {
    const live = await this.rules.live(enterpriseId);
    // Until a document is written, ranking uses the built-in DEFAULT_RULE_SET.
    if (!live) throw new NotFound('The live matching rule document');
    return versionView(live);
  }

  async replaceRules(enterpriseId: string, document: MatchingDocument): Promise<MatchingRulesVersion> {
    return versionView(await this.rules.replace(enterpriseId, document));
  }

  async rulesHistory(enterpriseId: string): Promise<MatchingRulesHistory> {
    const { versions, unreadable } = await this.rules.history(enterpriseId);
    return { versions: versions.map(versionView), unreadable };
  }

  /** Makes an old version live again, written as the next version. */
  async restoreRules(enterpriseId: string, version: number): Promise<MatchingRulesVersion> {
    return restoreVersion(this.rules, enterpriseId, version, 'the matching rule sets');
  }

  async rulesDiff(enterpriseId: string, versions: { from: number; to: number }): Promise<RulesDiffView> {
    return diffVersions(this.rules, enterpriseId, versions, 'the matching rule sets', diffMatchingRules);
  }

  /**
   * Ranks the associates for an opportunity under the enterprise's live rule set that fits
   * it, and stores the ranking with every candidate's parts. `exclude` leaves associates out
   * (recorded as filtered by "excluded"), e.g. a winner who went silent.
   */
  async rankFor(opportunity: RankInput, options: { exclude?: readonly string[] } = {}): Promise<RankResult> {
    const now = this.deps.clock();
    const context = await this.sessionContext(opportunity.sessionId);
    const live = await this.rules.cached(opportunity.enterpriseId);
    const customer = needsTier(live) ? await this.customer(opportunity.enterpriseId, opportunity.customerExternalId) : null;
    const target: RankingTarget = {
      segment: opportunity.segment,
      score: opportunity.score,
      sites: context?.sites ?? [],
      customerTier: customer?.tier ?? null,
      language: context?.locale ? primaryLanguage(context.locale) : null,
    };
    const chosen = await this.rankTarget(opportunity.enterpriseId, target, live, now, {
      customerExternalId: opportunity.customerExternalId,
      shopperId: opportunity.shopperId,
    });
    const excluded = new Set(options.exclude ?? []);
    const ranking = chosen.ranking.filter((c) => !excluded.has(c.associateId));
    const filtered = [...chosen.ranking.filter((c) => excluded.has(c.associateId)).map((c) => ({ ...c, filteredBy: [EXCLUDED] })), ...chosen.filtered];
    const rankingId = this.deps.ids.id();
    await this.deps.db.insert(rankings).values({
      id: rankingId,
      opportunityId: opportunity.id,
      ruleSetName: chosen.ruleSet.name,
      rulesVersion: chosen.rulesVersion,
      candidates: { ruleSet: chosen.ruleSet, ranking, filtered },
      createdAt: now,
    });
    return { rankingId, ruleSet: chosen.ruleSet, rulesVersion: chosen.rulesVersion, ranking, filtered };
  }

  /** The latest stored ranking of one of the enterprise's opportunities. */
  async rankingOf(enterpriseId: string, opportunityId: string): Promise<RankingView> {
    const [row] = await this.deps.db
      .select({ ranking: rankings })
      .from(rankings)
      .innerJoin(opportunities, eq(opportunities.id, rankings.opportunityId))
      .where(and(eq(rankings.opportunityId, opportunityId), eq(opportunities.enterpriseId, enterpriseId)))
      .orderBy(desc(rankings.seq))
      .limit(1);
    if (!row) throw new NotFound((await this.isTheirs(enterpriseId, opportunityId)) ? 'A ranking of this opportunity' : 'The opportunity');
    const { id: _id, offers: _offers, ...view } = storedRanking(row.ranking, []);
    return { opportunityId, ...view };
  }

  /**
   * Every ranking of one of the enterprise's opportunities, oldest first (the opening, then each
   * drain and reassignment), each with the offers made from it.
   */
  async rankingsOf(enterpriseId: string, opportunityId: string): Promise<RankingHistory> {
    if (!(await this.isTheirs(enterpriseId, opportunityId))) throw new NotFound('The opportunity');
    const rows = await this.deps.db.select().from(rankings).where(eq(rankings.opportunityId, opportunityId)).orderBy(asc(rankings.seq)).limit(1_000);
    const made = await this.deps.db
      .select({ offer: offers, displayName: associates.displayName })
      .from(offers)
      .innerJoin(associates, eq(associates.id, offers.associateId))
      .where(eq(offers.opportunityId, opportunityId))
      .orderBy(asc(offers.offeredAt), asc(offers.wave), asc(offers.id));
    const byRanking = new Map<string | null, RankingOffer[]>();
    for (const { offer, displayName } of made) {
      const list = byRanking.get(offer.rankingId) ?? [];
      list.push({
        id: offer.id,
        associate: { id: offer.associateId, displayName },
        wave: offer.wave,
        priority: offer.priority,
        status: offer.status,
        score: offer.score,
        offeredAt: offer.offeredAt.toISOString(),
        expiresAt: offer.expiresAt.toISOString(),
        answeredAt: offer.answeredAt?.toISOString() ?? null,
        endReason: offer.endReason,
      });
      byRanking.set(offer.rankingId, list);
    }
    return { opportunityId, rankings: rows.map((r) => storedRanking(r, byRanking.get(r.id) ?? [])), unlinkedOffers: byRanking.get(null) ?? [] };
  }

  private async isTheirs(enterpriseId: string, opportunityId: string): Promise<boolean> {
    const [exists] = await this.deps.db
      .select({ id: opportunities.id })
      .from(opportunities)
      .where(and(eq(opportunities.id, opportunityId), eq(opportunities.enterpriseId, enterpriseId)));
    return exists !== undefined;
  }

  /** Ranks as for a real opportunity, for a stored session or a sample; nothing is stored. */
  async dryRun(enterpriseId: string, request: DryRunRequest): Promise<DryRunResult> {
    const now = this.deps.clock();
    let aggregate: SessionAggregate;
    let shopperId: string | null = null;
    let locale: string | null = null;
    let returning = false;
    let customer: CustomerView | null = null;
    let customerExternalId: string | null = null;
    if ('sessionId' in request) {
      const session = await this.session(enterpriseId, request.sessionId);
      ({ aggregate, shopperId, locale, returning } = session);
      customerExternalId = customerIdOf(aggregate);
      // A dry run is a question about rules, asked at will: it calls no customer source (what is pushed and cached only).
      customer = await this.customer(enterpriseId, customerExternalId, { cachedOnly: true });
    } else {
      aggregate = request.aggregate;
      locale = request.locale ?? null;
      customer = request.customer ?? null;
    }
    const assessed = await this.ports.opportunities.assess(enterpriseId, { aggregate, customer, returning });
    const segment = 'segment' in request && request.segment ? request.segment : assessed.segment;
    const score = 'score' in request && request.score !== undefined ? request.score : assessed.score;
    const target: RankingTarget = {
      segment,
      score,
      sites: aggregate.sites,
      customerTier: customer?.tier ?? null,
      language: locale ? primaryLanguage(locale) : null,
    };
    // A draft ranks as version 0: it was never stored.
    const rules = request.rules ? { version: 0, document: request.rules, createdAt: now } : await this.rules.cached(enterpriseId);
    const chosen = await this.rankTarget(enterpriseId, target, rules, now, { customerExternalId, shopperId });
    return {
      ruleSet: { name: chosen.ruleSet.name, version: chosen.rulesVersion, ruleSet: chosen.ruleSet },
      draft: request.rules !== undefined,
      ranking: chosen.ranking,
      filtered: chosen.filtered,
      segment,
      score,
    };
  }

  private async rankTarget(
    enterpriseId: string,
    target: RankingTarget,
    live: StoredVersion<MatchingDocument> | null,
    now: Date,
    who: { customerExternalId: string | null; shopperId: string | null },
  ) {
    const ruleSet = chooseRuleSet(live?.document ?? null, target);
    const rulesVersion = live && live.document.ruleSets.includes(ruleSet) ? live.version : 0;
    const candidates = await readCandidates(
      this.deps.db,
      { enterpriseId, topCategory: target.segment.category[0] ?? null, customerExternalId: who.customerExternalId, shopperId: who.shopperId, now },
      this.ports.withinSchedule,
    );
    const ranked = rank(target, candidates, ruleSet, now.getTime());
    return { ruleSet, rulesVersion, ranking: ranked.ranked(), filtered: ranked.filtered() };
  }

  private async sessionContext(sessionId: string): Promise<{ sites: string[]; locale: string | null } | null> {
    const rows = rowsOf<{ sites: unknown; locale: string | null }>(
      await this.deps.db.execute(sql`
        select s.aggregate -> 'sites' as sites, sh.locale from sessions s join shoppers sh on sh.id = s.shopper_id where s.id = ${sessionId}`),
    );
    const row = rows[0];
    if (!row) return null;
    const sites = typeof row.sites === 'string' ? JSON.parse(row.sites) : row.sites;
    return { sites: Array.isArray(sites) ? sites.map(String) : [], locale: row.locale };
  }

  private async session(enterpriseId: string, sessionId: string) {
    const rows = rowsOf<{ aggregate: unknown; shopperId: string; locale: string | null; returning: unknown }>(
      await this.deps.db.execute(sql`
        select s.aggregate, s.shopper_id as "shopperId", sh.locale,
          exists (select 1 from sessions p where p.shopper_id = s.shopper_id and p.enterprise_id = s.enterprise_id and p.started_at < s.started_at) as returning
        from sessions s join shoppers sh on sh.id = s.shopper_id
        where s.id = ${sessionId} and s.enterprise_id = ${enterpriseId}`),
    );
    const row = rows[0];
    if (!row) throw new NotFound('The session');
    return {
      aggregate: (typeof row.aggregate === 'string' ? JSON.parse(row.aggregate) : row.aggregate) as SessionAggregate,
      shopperId: row.shopperId,
      locale: row.locale,
      returning: row.returning === true || row.returning === 't',
    };
  }

  private async customer(enterpriseId: string, externalId: string | null, options: { cachedOnly?: boolean } = {}) {
    if (!this.ports.customers || !externalId) return null;
    try {
      return await this.ports.customers.profileFor(enterpriseId, externalId, { deadlineMs: CUSTOMER_DEADLINE_MS, ...options });
    } catch (err) {
      this.deps.log('customer lookup failed', { enterpriseId, ...describeError(err) });
      return null;
    }
  }
}

/** Only a rule set chosen by the customer's tier needs the customer looked up before ranking. */
function needsTier(live: StoredVersion<MatchingDocument> | null): boolean {
  return !!live?.document.ruleSets.some((s) => s.when?.customerTiers);
}

/** A stored ranking as the enterprise reads it. */
function storedRanking(row: typeof rankings.$inferSelect, made: RankingOffer[]) {
  const stored = row.candidates as { ruleSet: RuleSet; ranking: RankedCandidate[]; filtered: RankedCandidate[] };
  return {
    id: row.id,
    ruleSet: { name: row.ruleSetName, version: row.rulesVersion, ruleSet: stored.ruleSet },
    ranking: stored.ranking,
    filtered: stored.filtered,
    createdAt: row.createdAt.toISOString(),
    offers: made,
  };
}
