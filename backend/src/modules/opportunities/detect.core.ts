import type { Condition, OpportunityRules, Reason, Segment } from '../../../../shared/rules';
import type { SessionAggregate } from '../../../../shared/session';
import { toUnits } from '../sessions/money.core';

/** What the rules may look at, beyond the session itself. */
export interface CustomerView {
  tier?: string | null;
  lifetimeValue?: string | null;
  currency?: string | null;
  tags: readonly string[];
}

export interface DetectionInput {
  aggregate: SessionAggregate;
  /** The enterprise's facts on the shopper as its customer; null when unknown or not looked up in time. */
  customer: CustomerView | null;
  /** The shopper had an earlier session with this enterprise. */
  returning: boolean;
}

export interface Detection {
  score: number;
  /** Each condition that held, in the rules' order. */
  reasons: Reason[];
  /** The score reached the threshold (cool-down is the service's business: it needs history). */
  opens: boolean;
  segment: Segment;
}

/** Most dwell marks a site lists: more would only be noise in the extension's timers. */
export const MAX_DWELL_MARKS = 20;

/**
 * The dwell thresholds (seconds) any condition of the rules looks at, at any depth, ascending
 * and distinct: the extension reports active time as it crosses each (see ParticipatingSite).
 */
export function dwellMarks(rules: OpportunityRules): number[] {
  const marks = new Set<number>();
  const visit = (c: Condition): void => {
    if (c.type === 'dwell') marks.add(c.seconds);
    else if (c.type === 'all' || c.type === 'any') c.of.forEach(visit);
    else if (c.type === 'not') visit(c.of);
  };
  for (const c of rules.conditions) visit(c.when);
  return [...marks].sort((a, b) => a - b).slice(0, MAX_DWELL_MARKS);
}

/** Whether any condition looks at the customer: if none does, no lookup is worth its wait. */
export function usesCustomer(rules: OpportunityRules): boolean {
  const looks = (c: Condition): boolean => {
    if (c.type === 'customer_tier' || c.type === 'lifetime_value' || c.type === 'customer_tag') return true;
    if (c.type === 'all' || c.type === 'any') return c.of.some(looks);
    return c.type === 'not' && looks(c.of);
  };
  return rules.conditions.some((c) => looks(c.when));
}

/** Scores a session against an enterprise's opportunity rules at `now`. */
export function evaluate(rules: OpportunityRules, input: DetectionInput, now: Date): Detection {
  const ctx: Context = { input, now, timezone: rules.timezone };
  const reasons: Reason[] = [];
  let score = 0;
  for (const c of rules.conditions) {
    if (!holds(c.when, ctx)) continue;
    reasons.push({ conditionId: c.id, points: c.points, ...(c.description ? { description: c.description } : {}) });
    score += c.points;
  }
  // Points are decimals people write (0.1 + 0.2): round away float noise before comparing with the threshold.
  score = Math.round(score * 1e6) / 1e6;
  return { score, reasons, opens: score >= rules.threshold, segment: segmentOf(rules, input.aggregate) };
}

interface Context {
  input: DetectionInput;
  now: Date;
  timezone: string;
}

function holds(c: Condition, ctx: Context): boolean {
  const { aggregate: a, customer } = ctx.input;
  switch (c.type) {
    case 'dwell':
      return a.products.some((p) => p.dwellMs >= c.seconds * 1000);
    case 'product_price':
      return a.products.some((p) => p.price !== null && p.currency === c.currency && withinPrice(toUnits(p.price), c.min, c.max));
    case 'category':
      return a.products.some((p) => startsWith(p.category, c.path)) || a.categories.some((k) => startsWith(k.path, c.path));
    case 'repeat_views':
      return a.products.some((p) => p.views >= c.views);
    case 'cart_value':
      return a.cart.totals.some((t) => t.currency === c.currency && toUnits(t.value) >= toUnits(c.min));
    case 'search_terms': {
      const words = c.words.map(normalizeWords);
      return a.searches.some((s) => {
        const terms = normalizeWords(s.terms);
        return words.some((w) => w.length > 2 && terms.includes(w));
      });
    }
    case 'returning':
      return ctx.input.returning;
    case 'customer_tier':
      return !!customer?.tier && c.tiers.some((t) => sameLabel(t, customer.tier!));
    case 'lifetime_value':
      return !!customer?.lifetimeValue && customer.currency === c.currency && toUnits(customer.lifetimeValue) >= toUnits(c.min);
    case 'customer_tag':
      return !!customer && customer.tags.some((t) => sameLabel(t, c.tag));
    case 'time_of_day':
      return withinTimeOfDay(c, localTime(ctx.now, ctx.timezone));
    case 'site':
      return a.sites.some((site) => c.domains.some((d) => onDomain(site, d)));
    case 'all':
      return c.of.every((inner) => holds(inner, ctx));
    case 'any':
      return c.of.some((inner) => holds(inner, ctx));
    case 'not':
      return !holds(c.of, ctx);
  }
}

function withinPrice(units: bigint, min: string | undefined, max: string | undefined): boolean {
  return (min === undefined || units >= toUnits(min)) && (max === undefined || units <= toUnits(max));
}

function sameLabel(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** Whether `path` starts with `prefix`, label by label, ignoring case. */
export function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (!sameLabel(path[i]!, prefix[i]!)) return false;
  return true;
}

/** Lower-case words separated by single spaces and framed by spaces, so " tv " matches a whole word. */
function normalizeWords(s: string): string {
  return ` ${s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/** A site domain (may carry a port) is the rule's domain or one of its subdomains. */
function onDomain(site: string, domain: string): boolean {
  const s = site.toLowerCase();
  const d = domain.toLowerCase();
  return s === d || s.endsWith(`.${d}`);
}

interface LocalTime {
  /** ISO weekday, 1 = Monday. */
  day: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The weekday and minute of the day at `now` in `timezone`. */
export function localTime(now: Date, timezone: string): LocalTime {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, f);
  }
  let day = 1;
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(now)) {
    if (part.type === 'weekday') day = WEEKDAYS[part.value] ?? 1;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minutes: hour * 60 + minute };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * From `from` (included) to `to` (excluded). A period with `from` later than `to` wraps past
 * midnight and belongs to the day it starts on: Friday 22:00-02:00 holds early on Saturday.
 */
function withinTimeOfDay(c: Extract<Condition, { type: 'time_of_day' }>, t: LocalTime): boolean {
  const from = minutesOf(c.from);
  const to = minutesOf(c.to);
  const onDay = (day: number) => !c.days || c.days.includes(day);
  if (from < to) return t.minutes >= from && t.minutes < to && onDay(t.day);
  if (t.minutes >= from) return onDay(t.day);
  return t.minutes < to && onDay(t.day === 1 ? 7 : t.day - 1);
}

/**
 * The segment: a fixed category, or the category of the product the shopper spent longest on
 * (more views, then the more recent, on a tie); with no product, the category page seen most.
 */
export function segmentOf(rules: OpportunityRules, aggregate: SessionAggregate): Segment {
  const minLevel = rules.segment.minLevel;
  if (rules.segment.categoryFrom === 'fixed') return { category: rules.segment.category ?? [], minLevel };
  const top = topProduct(aggregate);
  if (top && top.category.length > 0) return { category: top.category, minLevel };
  let best: SessionAggregate['categories'][number] | undefined;
  for (const k of aggregate.categories) if (k.path.length > 0 && (!best || k.views > best.views)) best = k;
  return { category: best?.path ?? [], minLevel };
}

export function topProduct(aggregate: SessionAggregate): SessionAggregate['products'][number] | undefined {
  let top: SessionAggregate['products'][number] | undefined;
  for (const p of aggregate.products) {
    if (
      !top ||
      p.dwellMs > top.dwellMs ||
      (p.dwellMs === top.dwellMs && (p.views > top.views || (p.views === top.views && p.lastSeenAt > top.lastSeenAt)))
    )
      top = p;
  }
  return top;
}
