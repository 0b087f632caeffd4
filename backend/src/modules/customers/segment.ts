import { Decimal } from '../../../../shared/page';
import { isStorableText } from '../../../../shared/text';
import type { Config } from '../../config';
import type { Outbound } from '../../outbound/client';
import type { CustomerFacts } from '../../db/schema/customers';
import type { CustomerEnrichment } from './enrichment';
import { getJson, SourceFailure } from './fetch-json';

/**
 * Segment's Profile API as an enrichment source:
 *
 *   GET {baseUrl}/v1/spaces/{spaceId}/collections/users/profiles/{idType}:{id}/traits?include=…
 *   Authorization: Basic base64("{accessToken}:")
 *
 * answers `{ "traits": { … }, "cursor": { … } }`, or 404 for a profile it does not have
 * (https://segment.com/docs/unify/profile-api/). Only the traits named here are asked for
 * (`include`: the API returns 10 traits by default) and mapped to the customer's facts.
 */
export interface SegmentConfig {
  /** `https://profiles.segment.com`, or `https://eu1.profiles.segment.com` for an EU workspace. */
  baseUrl: string;
  spaceId: string;
  accessToken: string;
  /** The enterprises whose customers the space holds; no other enterprise's customer is ever asked for. */
  enterpriseIds: readonly string[];
  /** The kind of Segment external id the site's customer id is: `user_id` (default) or `email`. */
  idType: string;
  /** Segment trait names for each fact. */
  traits: { tier: string; lifetimeValue: string; tags: string };
  /** The currency lifetime values are kept in (Segment traits carry none). */
  currency: string;
  ttlSeconds: number;
}

/** The Segment settings of the environment (README: Customer information), or null when Segment is not configured. */
export function segmentConfigFrom(config: Config): SegmentConfig | null {
  if (!config.SEGMENT_SPACE_ID || !config.SEGMENT_ACCESS_TOKEN || !config.SEGMENT_ENTERPRISE_IDS) return null;
  return {
    baseUrl: config.SEGMENT_PROFILES_URL ?? 'https://profiles.segment.com',
    spaceId: config.SEGMENT_SPACE_ID,
    accessToken: config.SEGMENT_ACCESS_TOKEN,
    enterpriseIds: config.SEGMENT_ENTERPRISE_IDS,
    idType: config.SEGMENT_ID_TYPE ?? 'user_id',
    traits: {
      tier: config.SEGMENT_TRAIT_TIER ?? 'tier',
      lifetimeValue: config.SEGMENT_TRAIT_LIFETIME_VALUE ?? 'lifetime_value',
      tags: config.SEGMENT_TRAIT_TAGS ?? 'tags',
    },
    currency: config.SEGMENT_CURRENCY ?? 'USD',
    ttlSeconds: config.SEGMENT_TTL_SECONDS ?? 3_600,
  };
}

/** Segment's Profile API, called through `outbound` (the guard every outbound call goes through). */
export function segmentEnrichment(config: SegmentConfig, outbound: Outbound): CustomerEnrichment {
  const authorization = `Basic ${Buffer.from(`${config.accessToken}:`).toString('base64')}`;
  const served = new Set(config.enterpriseIds);
  const base = config.baseUrl.replace(/\/+$/, '');
  return {
    name: 'segment',
    ttlSeconds: config.ttlSeconds,
    serves: (enterpriseId) => served.has(enterpriseId),
    async lookup(enterpriseId, externalId, signal) {
      if (!served.has(enterpriseId)) return null;
      const profile = `${encodeURIComponent(config.idType)}:${encodeURIComponent(externalId)}`;
      const url = new URL(`${base}/v1/spaces/${encodeURIComponent(config.spaceId)}/collections/users/profiles/${profile}/traits`);
      url.searchParams.set('include', [config.traits.tier, config.traits.lifetimeValue, config.traits.tags].join(','));
      const { status, body } = await getJson(outbound, url, { authorization }, signal);
      if (status === 404) return null;
      if (status !== 200) throw new SourceFailure(`segment answered ${status}`);
      const traits = (body as { traits?: unknown } | null)?.traits;
      if (!traits || typeof traits !== 'object' || Array.isArray(traits)) throw new SourceFailure('segment answered without traits');
      return factsFromTraits(traits as Record<string, unknown>, config);
    },
  };
}

/** Segment traits as facts: whatever is missing or of another shape is unknown, never an error. */
export function factsFromTraits(traits: Record<string, unknown>, config: Pick<SegmentConfig, 'traits' | 'currency'>): CustomerFacts {
  const value = decimalOf(traits[config.traits.lifetimeValue]);
  return {
    tier: labelOf(traits[config.traits.tier]),
    lifetimeValue: value,
    currency: value === null ? null : config.currency,
    tags: tagsOf(traits[config.traits.tags]),
    notes: null,
  };
}

function labelOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length >= 1 && s.length <= 100 && isStorableText(s) ? s : null;
}

/** A number or a decimal string as a Decimal ("1234.50"); null when it is neither or does not fit. */
function decimalOf(v: unknown): string | null {
  const s = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v.toFixed(2) : typeof v === 'string' ? v.trim() : null;
  return s !== null && Decimal.safeParse(s).success ? s : null;
}

/** A list trait, or a comma-separated one. */
function tagsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [];
  const out: string[] = [];
  for (const item of list) {
    const tag = labelOf(item);
    if (tag && !out.some((t) => t.toLowerCase() === tag.toLowerCase()) && out.length < 50) out.push(tag);
  }
  return out;
}
