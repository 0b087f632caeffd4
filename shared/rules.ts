import { z } from 'zod';
import { Currency, Decimal } from './page';
import { nonBlank, text } from './text';

/**
 * Opportunity rules: when a session is worth an associate's time. Each condition that holds
 * adds its points; at `threshold` or more an opportunity opens, unless the same shopper had
 * one from this enterprise within `cooldownMinutes`. The segment says what it takes to serve it.
 */

/** Deepest nesting of all / any / not: a condition at the top is depth 1. */
export const MAX_CONDITION_DEPTH = 4;

const label = () => nonBlank(200);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time "HH:MM" from 00:00 to 23:59');
/** ISO weekday: 1 = Monday … 7 = Sunday. */
const Weekday = z.number().int().min(1).max(7);

/**
 * An IANA time zone the runtime knows, e.g. "Europe/Paris": a name of the tz database
 * (a canonical one or an alias such as "Asia/Kolkata", any case) or "UTC". The document
 * states the names' shape as a pattern and the rest in words: the set differs a little from
 * one runtime's tz data to the next, so an enum would refuse names the server takes.
 */
export const TimeZone = text()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/, 'an IANA time zone, e.g. "Europe/Paris"')
  .refine(isTimeZone, 'an IANA time zone, e.g. "Europe/Paris"')
  .meta({ description: 'An IANA time zone name the server’s tz database knows (canonical or an alias, e.g. "Europe/Paris", "Asia/Kolkata"), or "UTC".' });

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Conditions over the session, one shape per `type`. Product conditions hold when some product the shopper saw meets them.
const Dwell = z.object({ type: z.literal('dwell'), seconds: z.number().int().min(1).max(86_400) }).strict();
const ProductPrice = z
  .object({ type: z.literal('product_price'), min: Decimal.optional(), max: Decimal.optional(), currency: Currency })
  .strict()
  .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'give min, max or both', path: ['min'] });
const Category = z.object({ type: z.literal('category'), path: z.array(label()).min(1).max(12) }).strict();
const RepeatViews = z.object({ type: z.literal('repeat_views'), views: z.number().int().min(2).max(10_000) }).strict();
const CartValue = z.object({ type: z.literal('cart_value'), min: Decimal, currency: Currency }).strict();
const SearchTerms = z.object({ type: z.literal('search_terms'), words: z.array(label()).min(1).max(100) }).strict();
const Returning = z.object({ type: z.literal('returning') }).strict();
const CustomerTier = z.object({ type: z.literal('customer_tier'), tiers: z.array(label()).min(1).max(50) }).strict();
const LifetimeValue = z.object({ type: z.literal('lifetime_value'), min: Decimal, currency: Currency }).strict();
const CustomerTag = z.object({ type: z.literal('customer_tag'), tag: label() }).strict();
const TimeOfDay = z
  .object({ type: z.literal('time_of_day'), from: Time, to: Time, days: z.array(Weekday).min(1).max(7).optional() })
  .strict()
  .refine((c) => c.from !== c.to, { message: 'from and to must differ (a period that wraps past midnight has from later than to)', path: ['to'] });
const Site = z.object({ type: z.literal('site'), domains: z.array(label()).min(1).max(50) }).strict();

export type Condition =
  | z.infer<typeof Dwell>
  | z.infer<typeof ProductPrice>
  | z.infer<typeof Category>
  | z.infer<typeof RepeatViews>
  | z.infer<typeof CartValue>
  | z.infer<typeof SearchTerms>
  | z.infer<typeof Returning>
  | z.infer<typeof CustomerTier>
  | z.infer<typeof LifetimeValue>
  | z.infer<typeof CustomerTag>
  | z.infer<typeof TimeOfDay>
  | z.infer<typeof Site>
  | { type: 'all'; of: Condition[] }
  | { type: 'any'; of: Condition[] }
  | { type: 'not'; of: Condition };

const All = z
  .object({
    type: z.literal('all'),
    get of() {
      return z.array(Condition).min(1).max(20);
    },
  })
  .strict();
const Any = z
  .object({
    type: z.literal('any'),
    get of() {
      return z.array(Condition).min(1).max(20);
    },
  })
  .strict();
const Not = z
  .object({
    type: z.literal('not'),
    get of() {
      return Condition;
    },
  })
  .strict();

export const Condition: z.ZodType<Condition> = z.discriminatedUnion('type', [
  Dwell,
  ProductPrice,
  Category,
  RepeatViews,
  CartValue,
  SearchTerms,
  Returning,
  CustomerTier,
  LifetimeValue,
  CustomerTag,
  TimeOfDay,
  Site,
  All,
  Any,
  Not,
]);
export type ConditionType = Condition['type'];

export const RuleCondition = z
  .object({
    /** Names the condition in an opportunity's reasons, e.g. "long-dwell". */
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-", at most 64'),
    description: text().max(500).optional(),
    when: Condition,
    /** Added to the score when the condition holds; may be negative. */
    points: z.number().min(-1000).max(1000),
  })
  .strict();
export type RuleCondition = z.infer<typeof RuleCondition>;

/** What it takes to serve an opportunity: its category, from the product the shopper spent longest on or fixed, and a minimum accreditation level. */
export const SegmentRule = z
  .object({
    categoryFrom: z.enum(['top_product', 'fixed']).default('top_product'),
    category: z.array(label()).min(1).max(12).optional(),
    minLevel: z.number().int().min(1).max(5).default(1),
  })
  .strict()
  .refine((s) => s.categoryFrom !== 'fixed' || s.category !== undefined, { message: 'is required when categoryFrom is "fixed"', path: ['category'] });
export type SegmentRule = z.infer<typeof SegmentRule>;

/** An opportunity's segment: the category path (empty when nothing says one) and the level needed. */
export const Segment = z.object({ category: z.array(label()).max(12), minLevel: z.number().int().min(1).max(5) }).strict();
export type Segment = z.infer<typeof Segment>;

/** Body of PUT /api/v1/rules/opportunity. */
export const OpportunityRules = z
  .object({
    /** Score at which an opportunity opens. */
    threshold: z.number().gt(0).max(1_000_000),
    /** No new opportunity for the same shopper at the same enterprise within this long of the last one. */
    cooldownMinutes: z.number().int().min(0).max(7 * 24 * 60).default(30),
    /** Zone of the time_of_day conditions. */
    timezone: TimeZone.default('UTC'),
    conditions: z.array(RuleCondition).min(1).max(100),
    segment: SegmentRule.default({ categoryFrom: 'top_product', minLevel: 1 }),
  })
  .strict()
  .superRefine((rules, ctx) => {
    const ids = new Map<string, number>();
    let reachable = 0;
    rules.conditions.forEach((c, i) => {
      const first = ids.get(c.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['conditions', i, 'id'], message: `"${c.id}" is already the id of conditions[${first}]` });
      else ids.set(c.id, i);
      checkDepth(c.when, ['conditions', i, 'when'], 1, ctx);
      reachable += Math.max(0, c.points);
    });
    // Rules that can never open anything are a mistake worth naming, not a silent no-op.
    if (reachable < rules.threshold)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `can never be reached: the conditions' positive points add up to ${reachable}` });
  });
export type OpportunityRules = z.infer<typeof OpportunityRules>;

function checkDepth(c: Condition, path: (string | number)[], depth: number, ctx: z.RefinementCtx): void {
  if (c.type !== 'all' && c.type !== 'any' && c.type !== 'not') return;
  if (depth >= MAX_CONDITION_DEPTH) {
    ctx.addIssue({ code: 'custom', path, message: `nests all/any/not deeper than ${MAX_CONDITION_DEPTH} levels` });
    return;
  }
  if (c.type === 'not') checkDepth(c.of, [...path, 'of'], depth + 1, ctx);
  else c.of.forEach((inner, i) => checkDepth(inner, [...path, 'of', i], depth + 1, ctx));
}

/** What the enterprise knows of the shopper as its customer (pushed or looked up), as the rules see it. */
export const CustomerFactsInput = z
  .object({
    tier: label().nullish(),
    lifetimeValue: Decimal.nullish(),
    currency: Currency.nullish(),
    tags: z.array(label()).max(100).default([]),
    notes: text().max(2000).nullish(),
  })
  .strict();
export type CustomerFactsInput = z.infer<typeof CustomerFactsInput>;

/** A stored version of a rule document. */
export const RulesVersion = <D extends z.ZodType>(document: D) =>
  z.object({ version: z.number().int(), document, createdAt: z.string() });
export const OpportunityRulesVersion = RulesVersion(OpportunityRules);
export type OpportunityRulesVersion = z.infer<typeof OpportunityRulesVersion>;
/**
 * A stored version today's checks refuse (written under an older schema: a time zone since
 * dropped, a limit since tightened): listed apart, with why, since it can be neither shown as
 * rules nor made live again.
 */
export const UnreadableVersion = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
});
export type UnreadableVersion = z.infer<typeof UnreadableVersion>;
export const OpportunityRulesHistory = z.object({ versions: z.array(OpportunityRulesVersion), unreadable: z.array(UnreadableVersion) });
export type OpportunityRulesHistory = z.infer<typeof OpportunityRulesHistory>;

/** One condition that held and what it added. */
export const Reason = z.object({ conditionId: z.string(), points: z.number(), /** The condition's description, as the rules said it when the opportunity opened. */ description: z.string().optional() });
export type Reason = z.infer<typeof Reason>;

export const OpportunityStatus = z.enum(['offering', 'engaged', 'unserved', 'cancelled']);

/** An opportunity as the enterprise's API shows it. */
export const OpportunityView = z.object({
  id: z.string(),
  sessionId: z.string(),
  shopperId: z.string(),
  status: OpportunityStatus,
  score: z.number(),
  reasons: z.array(Reason),
  rulesVersion: z.number().int(),
  segment: Segment,
  customerExternalId: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
});
export type OpportunityView = z.infer<typeof OpportunityView>;

export const OpportunityList = z.object({
  opportunities: z.array(OpportunityView),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type OpportunityList = z.infer<typeof OpportunityList>;

/**
 * What OpportunitiesService.onOpened listeners get when an opportunity opens (in process,
 * after the opportunity's row is committed). The offers module starts offering from it.
 */
export interface OpenedOpportunity {
  id: string;
  enterpriseId: string;
  sessionId: string;
  shopperId: string;
  segment: Segment;
  customerExternalId: string | null;
  score: number;
  reasons: Reason[];
  openedAt: Date;
}
