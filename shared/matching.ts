import { z } from 'zod';
import { Channel } from './associates';
import { Currency, Decimal } from './page';
import { CustomerFactsInput, Segment, UnreadableVersion } from './rules';
import { SessionAggregate } from './session';
import { nonBlank, text } from './text';

/**
 * Matching: which associates could serve an opportunity, in what order, and how they are
 * offered it. An enterprise keeps several rule sets; the one of highest priority whose
 * `when` holds for the opportunity is used (the built-in DEFAULT_RULE_SET when none does).
 */

/** How the offers module offers an opportunity to the ranked associates. */
export const OfferPolicy = z
  .object({
    /** `sequential`: best first, one at a time; `broadcast`: the top `size` at once; `waves`: `size`, then `size` more every `waveEverySeconds`. */
    mode: z.enum(['sequential', 'broadcast', 'waves']).default('waves'),
    /** k: associates per broadcast or wave. */
    size: z.number().int().min(1).max(50).default(5),
    /** Between waves, timed from when the opportunity opened. */
    waveEverySeconds: z.number().int().min(1).max(600).default(15),
    /** How long an associate has to answer one offer. */
    offerSeconds: z.number().int().min(5).max(600).default(15),
    /** When nobody has taken it after this long, the opportunity ends unserved. */
    giveUpSeconds: z.number().int().min(5).max(3600).default(90),
    /** `may`: the associate chooses; `must`: assigned, the associate must acknowledge or it is a miss. */
    priority: z.enum(['may', 'must']).default('may'),
    /** Misses in a row that set an associate away. */
    missesBeforeAway: z.number().int().min(1).max(100).default(3),
    /** How long the shopper's own associate (served them before) has the offer alone first; 0 skips it. */
    ownAssociateSeconds: z.number().int().min(0).max(600).default(10),
  })
  .strict()
  .superRefine((p, ctx) => {
    // A policy whose first offer or first turn outlasts the whole opportunity never offers anyone in time.
    if (p.offerSeconds > p.giveUpSeconds) ctx.addIssue({ code: 'custom', path: ['offerSeconds'], message: `must not exceed giveUpSeconds (${p.giveUpSeconds})` });
    if (p.ownAssociateSeconds >= p.giveUpSeconds)
      ctx.addIssue({ code: 'custom', path: ['ownAssociateSeconds'], message: `must be less than giveUpSeconds (${p.giveUpSeconds})` });
    if (p.mode === 'waves' && p.waveEverySeconds >= p.giveUpSeconds)
      ctx.addIssue({ code: 'custom', path: ['waveEverySeconds'], message: `must be less than giveUpSeconds (${p.giveUpSeconds}), or the second wave never goes out` });
  })
  .meta({ description: '`offerSeconds` at most `giveUpSeconds`; `ownAssociateSeconds` below `giveUpSeconds`; in `waves` mode, `waveEverySeconds` below `giveUpSeconds`.' });
export type OfferPolicy = z.infer<typeof OfferPolicy>;

/** The default policy: waves of 5 every 15 s, 15 s per offer, given up after 90 s, own associate first for 10 s. */
export const DEFAULT_OFFER_POLICY: OfferPolicy = OfferPolicy.parse({});

const label = () => nonBlank(200);

/** Conditions on the opportunity that choose a rule set; every one given must hold (none given: always). */
export const RuleSetWhen = z
  .object({
    /** The opportunity's category starts with this path (case-insensitive), e.g. ["TV"]. */
    category: z.array(label()).min(1).max(12).optional(),
    /** The session was on one of these domains. */
    sites: z.array(label()).min(1).max(50).optional(),
    /** The customer's tier is one of these. */
    customerTiers: z.array(label()).min(1).max(50).optional(),
    /** The opportunity scored at least this. */
    minScore: z.number().min(-1_000_000).max(1_000_000).optional(),
  })
  .strict();
export type RuleSetWhen = z.infer<typeof RuleSetWhen>;

const weight = z.number().min(0, 'a weight must be at least 0').max(1000);

/** Prior for a smoothed rate: (successes + strength·rate) / (tries + strength). */
const prior = (strength: number, rate: number) => ({
  /** a: how many tries the prior weighs as. */
  priorStrength: z.number().min(0).max(10_000).default(strength),
  /** p: the rate assumed before any try. */
  priorRate: z.number().min(0).max(1).default(rate),
});

/**
 * Where an accreditation comes from, kept apart: `grant`, the enterprise's own grant to its
 * staff or an independent it admitted; `enterprise_test`, a pass of one of the enterprise's own
 * tests; `marketplace_test`, a pass of a marketplace test (seen by every enterprise).
 */
export const ACCREDITATION_SOURCES = ['grant', 'enterprise_test', 'marketplace_test'] as const;
export const AccreditationSource = z.enum(ACCREDITATION_SOURCES);
export type AccreditationSource = z.infer<typeof AccreditationSource>;

/** The sources a rule set trusts: at least one, each once. */
export const AccreditationSources = z
  .array(AccreditationSource)
  .min(1, 'trust at least one source')
  .max(3)
  .refine((list) => new Set(list).size === list.length, 'name each source once')
  .meta({ description: 'Which accreditations count: `grant` (the enterprise\'s grants), `enterprise_test` (its own tests), `marketplace_test` (marketplace tests).' });

/** The channels an opportunity needs: at least one, each once. */
export const ChannelNeeds = z
  .array(Channel)
  .min(1, 'need at least one channel')
  .max(3)
  .refine((list) => new Set(list).size === list.length, 'name each channel once')
  .meta({ description: 'The kinds of engagement the opportunity needs: `chat`, `voice`, `cobrowse`.' });

/**
 * The rule catalogue; each scores a candidate 0..1. A rule with `filter` also drops the
 * candidates it does not pass (they are kept in the stored ranking with `filteredBy`).
 */
export const MatchingRule = z.discriminatedUnion('rule', [
  /**
   * Part: the best level of a valid accreditation covering the opportunity's category, / 5,
   * among the `sources` this rule set trusts. `filter` drops those below the segment's minLevel.
   */
  z
    .object({
      rule: z.literal('accreditation'),
      weight,
      mode: z.enum(['filter', 'score']).default('filter'),
      sources: AccreditationSources.default([...ACCREDITATION_SOURCES]),
    })
    .strict(),
  /** Part 1 when available, connected, within schedule and with free capacity, else 0. */
  z.object({ rule: z.literal('available_now'), weight, filter: z.boolean().default(true) }).strict(),
  /** Part 1 when the associate speaks the language of the shopper's locale (1 for all when the locale is unknown). */
  z.object({ rule: z.literal('language'), weight, filter: z.boolean().default(false) }).strict(),
  /**
   * Part 1 when the associate takes every channel in `needs` (their contact preference
   * `channels`), else 0; `filter` drops those lacking one. The offer names the needs.
   */
  z.object({ rule: z.literal('channels'), weight, needs: ChannelNeeds, filter: z.boolean().default(true) }).strict(),
  /** Sales / outcomes in the opportunity's top category, smoothed by a prior. */
  z.object({ rule: z.literal('conversion_rate'), weight, ...prior(10, 0.2) }).strict(),
  /** 1 if the associate served this customer (or shopper) before with a sale, 0.6 without one, else 0. */
  z.object({ rule: z.literal('affinity'), weight }).strict(),
  /** 1 - active engagements / capacity. */
  z.object({ rule: z.literal('load'), weight }).strict(),
  /** Time since the associate's last engagement, / capSeconds, at most 1; never engaged counts as 1. */
  z.object({ rule: z.literal('longest_idle'), weight, capSeconds: z.number().int().min(1).max(7 * 24 * 3600).default(3600) }).strict(),
  /** 1 for the preferred kind of associate (the enterprise's own staff or the marketplace's), else 0. */
  z.object({ rule: z.literal('employment_fit'), weight, prefer: z.enum(['own', 'marketplace']).default('own') }).strict(),
  /** Offers answered / offers received, smoothed by a prior. */
  z.object({ rule: z.literal('response_rate'), weight, ...prior(5, 0.8) }).strict(),
  /** 1 / (1 + offers missed in a row): who lets offers lapse goes after who answers. */
  z.object({ rule: z.literal('recent_misses'), weight }).strict(),
]);
export type MatchingRule = z.infer<typeof MatchingRule>;
export type RuleName = MatchingRule['rule'];
export const RULE_NAMES = MatchingRule.options.map((o) => o.shape.rule.value) as RuleName[];

export const RuleSet = z
  .object({
    name: label().max(100),
    /** Higher wins when several rule sets' `when` hold; unique within the document. */
    priority: z.number().int().min(-1_000_000).max(1_000_000),
    when: RuleSetWhen.optional(),
    /** Who may be offered: the enterprise's employees, independents it admitted, or both. */
    candidates: z.enum(['own', 'marketplace', 'both']).default('both'),
    rules: z.array(MatchingRule).min(1).max(20),
    offer: OfferPolicy.default(DEFAULT_OFFER_POLICY),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Map<string, number>();
    set.rules.forEach((r, i) => {
      const first = seen.get(r.rule);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['rules', i, 'rule'], message: `"${r.rule}" is already rules[${first}]; use each rule once` });
      else seen.set(r.rule, i);
    });
  });
export type RuleSet = z.infer<typeof RuleSet>;

/** An enterprise's matching rule sets: the body of PUT /api/v1/rules/matching. */
export const MatchingDocument = z
  .object({ ruleSets: z.array(RuleSet).min(1).max(50) })
  .strict()
  .superRefine((doc, ctx) => {
    const names = new Map<string, number>();
    const priorities = new Map<number, number>();
    doc.ruleSets.forEach((s, i) => {
      const sameName = names.get(s.name.toLowerCase());
      if (sameName !== undefined) ctx.addIssue({ code: 'custom', path: ['ruleSets', i, 'name'], message: `"${s.name}" is already the name of ruleSets[${sameName}]` });
      else names.set(s.name.toLowerCase(), i);
      // Equal priorities would leave the choice between two rule sets to their order: say which wins.
      const samePriority = priorities.get(s.priority);
      if (samePriority !== undefined)
        ctx.addIssue({ code: 'custom', path: ['ruleSets', i, 'priority'], message: `${s.priority} is already the priority of ruleSets[${samePriority}]; priorities must differ` });
      else priorities.set(s.priority, i);
    });
  });
export type MatchingDocument = z.infer<typeof MatchingDocument>;

/** A stored version of the matching document. */
export const MatchingRulesVersion = z.object({ version: z.number().int(), document: MatchingDocument, createdAt: z.string() });
export type MatchingRulesVersion = z.infer<typeof MatchingRulesVersion>;
export const MatchingRulesHistory = z.object({ versions: z.array(MatchingRulesVersion), unreadable: z.array(UnreadableVersion) });
export type MatchingRulesHistory = z.infer<typeof MatchingRulesHistory>;

/** Used when the enterprise has no rule set, or none whose `when` holds. */
export const DEFAULT_RULE_SET: RuleSet = RuleSet.parse({
  name: 'default',
  priority: -1_000_000,
  candidates: 'both',
  rules: [
    { rule: 'accreditation', weight: 2, mode: 'filter' },
    { rule: 'available_now', weight: 0, filter: true },
    { rule: 'language', weight: 1 },
    { rule: 'conversion_rate', weight: 2 },
    { rule: 'affinity', weight: 2 },
    { rule: 'load', weight: 1 },
    { rule: 'longest_idle', weight: 1 },
    { rule: 'response_rate', weight: 1 },
  ],
});

/** One rule's contribution to a candidate's score. */
export const RulePart = z.object({
  part: z.number(),
  weight: z.number(),
  /** For `accreditation`: where the level counted came from (absent when none counted). */
  source: AccreditationSource.optional(),
  /** For `channels`: the channels the rule set needs (offers name them from here). */
  needs: z.array(Channel).optional(),
  /** For `channels`: those of `needs` the associate does not take (absent when none). */
  lacks: z.array(Channel).optional(),
});

/**
 * One associate in a ranking. score = Σ weight·part / Σ weight (0..1; 0 when every weight is 0).
 * `filteredBy` names the filter rules the associate did not pass; such an associate is never offered.
 */
export const RankedCandidate = z.object({
  associateId: z.string(),
  score: z.number(),
  parts: z.record(z.string(), RulePart),
  filteredBy: z.array(z.string()).optional(),
});
export type RankedCandidate = z.infer<typeof RankedCandidate>;

export const RuleSetChoice = z.object({
  /** The rule set's name; "default" for the built-in one. */
  name: z.string(),
  /** Version of the matching document it came from; 0 for the built-in default. */
  version: z.number().int(),
  ruleSet: RuleSet,
});

/** GET /api/v1/opportunities/:id/ranking and the dry run's answer. */
export const RankingView = z.object({
  opportunityId: z.string().nullable(),
  ruleSet: RuleSetChoice,
  /** Those who may be offered, best first. */
  ranking: z.array(RankedCandidate),
  /** Those a filter rule dropped, with the rules in `filteredBy`. */
  filtered: z.array(RankedCandidate),
  createdAt: z.string(),
});
export type RankingView = z.infer<typeof RankingView>;

/** An offer as the enterprise sees it beside the ranking it was made from. */
export const RankingOffer = z.object({
  id: z.string(),
  associate: z.object({ id: z.string(), displayName: z.string() }),
  wave: z.number().int(),
  priority: z.enum(['may', 'must']),
  status: z.enum(['pending', 'accepted', 'declined', 'missed', 'withdrawn']),
  score: z.number(),
  offeredAt: z.string(),
  expiresAt: z.string(),
  answeredAt: z.string().nullable(),
  /** Why it ended when the associate did not end it (taken, expired, reassigned). */
  endReason: z.string().nullable(),
});
export type RankingOffer = z.infer<typeof RankingOffer>;

/** One of an opportunity's rankings, with the offers made from it. */
export const StoredRanking = RankingView.omit({ opportunityId: true }).extend({
  id: z.string(),
  offers: z.array(RankingOffer),
});
export type StoredRanking = z.infer<typeof StoredRanking>;

/** GET /api/v1/opportunities/:id/rankings: every ranking the opportunity had, oldest first. */
export const RankingHistory = z.object({
  opportunityId: z.string(),
  rankings: z.array(StoredRanking),
  /** Offers made before offers named their ranking (older data); none for new opportunities. */
  unlinkedOffers: z.array(RankingOffer),
});
export type RankingHistory = z.infer<typeof RankingHistory>;

/**
 * Body of POST /api/v1/matching/dry-run: a stored session, or a sample aggregate (and customer);
 * with `rules`, a draft of the matching document ranks instead of the live one (nothing is saved).
 */
export const DryRunRequest = z.union([
  z
    .object({
      sessionId: z.uuid(),
      /** A draft matching document, validated as PUT /api/v1/rules/matching validates it, used instead of the live one. */
      rules: MatchingDocument.optional(),
    })
    .strict(),
  z
    .object({
      aggregate: SessionAggregate,
      rules: MatchingDocument.optional(),
      customer: CustomerFactsInput.nullish(),
      /** The shopper's locale, for the language rule, e.g. "fr-FR". */
      locale: text().max(35).nullish(),
      /** The score to assume for the opportunity (rule sets' minScore); the opportunity rules' score when left out. */
      score: z.number().optional(),
      segment: Segment.optional(),
    })
    .strict(),
]);
export type DryRunRequest = z.infer<typeof DryRunRequest>;

export const DryRunResult = RankingView.omit({ opportunityId: true, createdAt: true }).extend({
  /** The ranking used the draft sent as `rules` (the rule set's `version` is then 0), not the live document. */
  draft: z.boolean(),
  /** The segment the ranking was made for. */
  segment: Segment,
  score: z.number(),
});
export type DryRunResult = z.infer<typeof DryRunResult>;

/** Body of POST /api/v1/engagements/:id/outcome. */
export const OutcomeRequest = z
  .object({
    sale: z.boolean(),
    amount: Decimal.optional(),
    currency: Currency.optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.amount !== undefined && o.currency === undefined) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'is required with an amount' });
    if (o.currency !== undefined && o.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required with a currency' });
    if (!o.sale && o.amount !== undefined && !/^0+(\.0+)?$/.test(o.amount))
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be 0 or left out when there was no sale' });
  })
  .meta({ description: '`amount` and `currency` come together or not at all; without a sale the amount is 0 or left out.' });
export type OutcomeRequest = z.infer<typeof OutcomeRequest>;

export const OutcomeView = z.object({
  engagementId: z.string(),
  sale: z.boolean(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  recordedBy: z.enum(['associate', 'enterprise']),
  recordedAt: z.string(),
});
export type OutcomeView = z.infer<typeof OutcomeView>;
