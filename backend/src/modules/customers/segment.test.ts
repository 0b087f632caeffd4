import { describe, expect, it } from 'vitest';
import { readConfig } from '../../config';
import { factsFromTraits, segmentConfigFrom } from './segment';

const mapping = { traits: { tier: 'tier', lifetimeValue: 'ltv', tags: 'tags' }, currency: 'EUR' };
const ENTERPRISE = '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f';

describe('Segment traits as customer facts', () => {
  it.each<[string, Record<string, unknown>, Partial<ReturnType<typeof factsFromTraits>>]>([
    ['every trait', { tier: 'Gold', ltv: '1250.40', tags: ['vip', 'golf'] }, { tier: 'Gold', lifetimeValue: '1250.40', currency: 'EUR', tags: ['vip', 'golf'] }],
    ['a numeric lifetime value, to the cent', { ltv: 5120.456 }, { lifetimeValue: '5120.46', currency: 'EUR' }],
    ['a negative lifetime value: unknown', { ltv: -3 }, { lifetimeValue: null, currency: null }],
    ['a lifetime value past what a Decimal holds: unknown', { ltv: 1e15 }, { lifetimeValue: null, currency: null }],
    ['a lifetime value in words: unknown', { ltv: 'a lot' }, { lifetimeValue: null }],
    ['comma-separated tags, once each', { tags: 'outdoor, Outdoor ,churn-risk,' }, { tags: ['outdoor', 'churn-risk'] }],
    ['tags that are not text are left out', { tags: ['vip', 3, null, { a: 1 }, '\u0000x'] }, { tags: ['vip', '3'] }],
    ['a numeric tier', { tier: 2 }, { tier: '2' }],
    ['an empty or overlong tier: unknown', { tier: ' ' }, { tier: null }],
    ['no trait at all', {}, { tier: null, lifetimeValue: null, currency: null, tags: [], notes: null }],
  ])('%s', (_name, traits, expected) => expect(factsFromTraits(traits, mapping)).toMatchObject(expected));
});

describe('Segment configured by the environment', () => {
  it('is off when nothing is set', () => {
    expect(segmentConfigFrom(readConfig({}))).toBeNull();
  });

  it('takes a space, a token and the enterprises, with defaults for the rest', () => {
    expect(segmentConfigFrom(readConfig({ SEGMENT_SPACE_ID: 'spa_1', SEGMENT_ACCESS_TOKEN: 'tok', SEGMENT_ENTERPRISE_IDS: ` ${ENTERPRISE} ,` }))).toEqual({
      baseUrl: 'https://profiles.segment.com',
      spaceId: 'spa_1',
      accessToken: 'tok',
      enterpriseIds: [ENTERPRISE],
      idType: 'user_id',
      traits: { tier: 'tier', lifetimeValue: 'lifetime_value', tags: 'tags' },
      currency: 'USD',
      ttlSeconds: 3600,
    });
  });

  it('takes the EU endpoint, another id type and trait names', () => {
    const config = readConfig({
      SEGMENT_SPACE_ID: 'spa_1',
      SEGMENT_ACCESS_TOKEN: 'tok',
      SEGMENT_ENTERPRISE_IDS: ENTERPRISE,
      SEGMENT_PROFILES_URL: 'https://eu1.profiles.segment.com',
      SEGMENT_ID_TYPE: 'email',
      SEGMENT_TRAIT_TIER: 'loyalty_tier',
      SEGMENT_CURRENCY: 'EUR',
      SEGMENT_TTL_SECONDS: '600',
    });
    expect(segmentConfigFrom(config)).toMatchObject({ baseUrl: 'https://eu1.profiles.segment.com', idType: 'email', traits: { tier: 'loyalty_tier' }, currency: 'EUR', ttlSeconds: 600 });
  });

  it.each([
    ['a space without its token and enterprises', { SEGMENT_SPACE_ID: 'spa_1' }, /SEGMENT_ACCESS_TOKEN=undefined: needed with SEGMENT_SPACE_ID[\s\S]*SEGMENT_ENTERPRISE_IDS=/],
    ['enterprises that are not ids', { SEGMENT_SPACE_ID: 'spa_1', SEGMENT_ACCESS_TOKEN: 'tok', SEGMENT_ENTERPRISE_IDS: 'volt' }, /SEGMENT_ENTERPRISE_IDS.0="volt": a list of enterprise ids/],
    ['a currency that is not a code', { SEGMENT_CURRENCY: 'dollars' }, /SEGMENT_CURRENCY="dollars"/],
  ])('refuses %s, naming it', (_name, env, message) => {
    expect(() => readConfig(env)).toThrowError(message);
  });
});
