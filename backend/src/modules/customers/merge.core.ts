import type { CustomerLookupAnswer, CustomerProfileBody } from '../../../../shared/customers';
import type { CustomerFacts } from '../../db/schema/customers';

/** Where a customer's facts come from, the most trusted first: the enterprise's push, its lookup, the enrichment provider. */
export const PROFILE_SOURCES = ['push', 'lookup', 'enrichment'] as const;
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

/** Facts with nothing in them (a source that does not know the customer). */
export const NO_FACTS: CustomerFacts = { tier: null, lifetimeValue: null, currency: null, tags: [], notes: null };

/**
 * One customer's facts from every source that knows them: per field, the first source (in
 * PROFILE_SOURCES order) that has it wins; lifetime value and its currency travel together,
 * never one from each; tags are the union, the first spelling kept (tags compare without case).
 * Null when no source knows the customer.
 *
 *   merge({ push: { tier: 'gold', tags: ['vip'], … }, lookup: { tier: 'silver', tags: ['VIP', 'golf'], … } })
 *     → { tier: 'gold', tags: ['vip', 'golf'], … }
 */
export function mergeFacts(known: Partial<Record<ProfileSource, CustomerFacts | null>>): CustomerFacts | null {
  const present = PROFILE_SOURCES.map((s) => known[s]).filter((f): f is CustomerFacts => !!f);
  if (present.length === 0) return null;
  const first = <T>(pick: (f: CustomerFacts) => T | null) => present.map(pick).find((v) => v !== null) ?? null;
  const value = present.find((f) => f.lifetimeValue !== null && f.currency !== null);
  return {
    tier: first((f) => f.tier),
    lifetimeValue: value?.lifetimeValue ?? null,
    currency: value?.currency ?? null,
    tags: unionOfTags(present.map((f) => f.tags)),
    notes: first((f) => f.notes),
  };
}

function unionOfTags(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const tag of list) {
      const key = tag.toLowerCase();
      if (!seen.has(key)) seen.add(key), out.push(tag);
    }
  }
  return out;
}

/** A profile as the enterprise wrote it (pushed, or answered by its lookup) as facts; what it leaves out is unknown. */
export function factsOf(profile: CustomerProfileBody | CustomerLookupAnswer): CustomerFacts {
  return {
    tier: profile.tier ?? null,
    lifetimeValue: profile.lifetimeValue?.value ?? null,
    currency: profile.lifetimeValue?.currency ?? null,
    tags: unionOfTags([profile.tags ?? []]),
    notes: profile.notes ?? null,
  };
}
