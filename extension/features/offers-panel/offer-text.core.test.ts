import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatMoney,
  formatScore,
  mainProduct,
  needsText,
  offerNotification,
  readableReasons,
  reasonText,
  type ReasonPart,
  visitorText,
} from './offer-text.core';

const audio = { category: ['Audio', 'Headphones'] };
const r = (rule: string, part: number, weight = 1): ReasonPart => ({ rule, part, weight });

describe('reasonText: each rule’s part in words', () => {
  it.each<[ReasonPart, { category?: string[] }, string]>([
    [r('accreditation', 0.8), audio, 'Accredited in Audio, level 4'],
    [r('accreditation', 1), {}, 'Accredited, level 5'],
    [r('accreditation', 0), audio, 'Not accredited in Audio'],
    [{ ...r('accreditation', 0.8), source: 'marketplace_test' }, audio, 'Accredited in Audio, level 4 (a marketplace test)'],
    [{ ...r('accreditation', 0.6), source: 'enterprise_test' }, audio, 'Accredited in Audio, level 3 (the shop’s own test)'],
    [{ ...r('accreditation', 1), source: 'grant' }, {}, 'Accredited, level 5 (granted by the shop)'],
    [r('available_now', 1), {}, 'Available now'],
    [r('available_now', 0), {}, 'Not available now'],
    [r('language', 1), {}, 'Speaks the shopper’s language'],
    [r('language', 0), {}, 'Does not speak the shopper’s language'],
    [{ ...r('channels', 1), needs: ['voice'] }, {}, 'Takes voice calls'],
    [{ ...r('channels', 1), needs: ['chat', 'voice', 'cobrowse'] }, {}, 'Takes chat, voice calls and co-browsing'],
    [{ ...r('channels', 0), needs: ['voice', 'cobrowse'], lacks: ['cobrowse'] }, {}, 'Does not take co-browsing'],
    [r('channels', 1), {}, 'Takes the channels needed'],
    [r('channels', 0), {}, 'Does not take every channel needed'],
    [r('conversion_rate', 0.34), audio, 'Converts 34% of shoppers in Audio'],
    [r('affinity', 1), {}, 'Served this shopper before, with a sale'],
    [r('affinity', 0.6), {}, 'Served this shopper before'],
    [r('affinity', 0), {}, 'New to this shopper'],
    [r('load', 1), {}, 'No engagement under way'],
    [r('load', 2 / 3), {}, '67% of capacity free'],
    [r('load', 0), {}, 'At full capacity'],
    [r('longest_idle', 1), {}, 'Longest without a shopper'],
    [r('longest_idle', 0.6), {}, 'A while without a shopper'],
    [r('longest_idle', 0.1), {}, 'Helped a shopper recently'],
    [r('employment_fit', 1), {}, 'The kind of associate the shop prefers'],
    [r('employment_fit', 0), {}, 'Not the kind the shop prefers'],
    [r('response_rate', 0.9), {}, 'Answers 90% of offers'],
    [r('recent_misses', 1), {}, 'No missed offers lately'],
    [r('recent_misses', 1 / 3), {}, '2 missed offer(s) in a row'],
    [r('a_new_rule', 0.5), {}, 'A new rule: 50%'],
  ])('%j → %s', (reason, context, text) => {
    expect(reasonText(reason, context)).toBe(text);
  });
});

describe('readableReasons', () => {
  it('orders by what each added to the score, with its share of the best possible score', () => {
    const reasons = readableReasons([r('load', 1, 1), r('accreditation', 0.8, 2), r('available_now', 1, 0), r('language', 0, 1)], audio);
    expect(reasons.map((x) => [x.rule, x.contribution, x.share])).toEqual([
      ['accreditation', 1.6, 0.4],
      ['load', 1, 0.25],
      ['available_now', 0, 0],
      ['language', 0, 0],
    ]);
    expect(reasons[0]!.text).toBe('Accredited in Audio, level 4');
  });

  it('has no share when every weight is 0', () => {
    expect(readableReasons([r('available_now', 1, 0)]).map((x) => x.share)).toEqual([0]);
  });
});

describe('formatting', () => {
  it.each([
    ['399.99', 'USD', '$399.99'],
    ['1299', 'EUR', '€1,299.00'],
    ['12.5', null, '12.5'],
    ['12.5', 'US', '12.5 US'],
    [null, 'USD', null],
  ])('formatMoney(%j, %j) = %j', (amount, currency, text) => {
    expect(formatMoney(amount, currency, 'en-US')).toBe(text);
  });

  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [180_000, '3 min'],
    [3_900_000, '1 h 5 min'],
    [7_200_000, '2 h'],
  ])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [0.82, '82%'],
    [1, '100%'],
    [0, '0%'],
    [3.5, '3.50'],
  ])('formatScore(%d) = %s', (score, text) => expect(formatScore(score)).toBe(text));
});

describe('the notification of a new offer', () => {
  const products = [
    { name: 'Cable', price: '9.99', currency: 'USD', dwellMs: 5_000 },
    { name: 'Sony WH-1000XM5', price: '399.99', currency: 'USD', dwellMs: 180_000 },
  ];

  it('names the product looked at longest', () => {
    expect(mainProduct(products)?.name).toBe('Sony WH-1000XM5');
    expect(mainProduct([])).toBeNull();
  });

  it.each([
    ['may', { title: 'New offer: Sony WH-1000XM5', message: '$399.99 · looked at it for 3 min · match 82%' }],
    ['must', { title: 'Assigned to you: Sony WH-1000XM5', message: '$399.99 · looked at it for 3 min · match 82%' }],
  ] as const)('%s', (priority, text) => {
    expect(offerNotification({ priority, score: 0.82, session: { products } }, 'en-US')).toEqual(text);
  });

  it('leads with the channels the opportunity expects, when it needs any', () => {
    expect(offerNotification({ priority: 'may', score: 0.82, needs: ['voice'], session: { products } }, 'en-US').message).toBe(
      'Expects a voice call · $399.99 · looked at it for 3 min · match 82%',
    );
    expect(offerNotification({ priority: 'may', score: 0.82, needs: [], session: { products } }, 'en-US').message).toBe('$399.99 · looked at it for 3 min · match 82%');
  });

  it.each([
    [['voice'], 'Expects a voice call'],
    [['chat', 'cobrowse'], 'Expects chat and co-browsing'],
    [['chat', 'voice', 'cobrowse'], 'Expects chat, a voice call and co-browsing'],
    [[], null],
    [undefined, null],
  ] as const)('needsText(%j) → %s', (needs, text) => {
    expect(needsText(needs)).toBe(text);
  });

  it('says so when no product was seen', () => {
    expect(offerNotification({ priority: 'may', score: 0.5, session: { products: [] } }, 'en-US')).toEqual({
      title: 'New offer: A shopper who may need help',
      message: 'match 50%',
    });
  });
});

describe('visitorText: the shopper without a profile', () => {
  it.each([
    [{ customerClaim: null, returning: false }, 'New visitor'],
    [{ customerClaim: null, returning: true }, 'Returning visitor'],
    [{ customerClaim: 'VR-C-1042', returning: false }, 'Says they are customer VR-C-1042 (not verified)'],
    [{ customerClaim: 'VR-C-1042', returning: true }, 'Says they are customer VR-C-1042 (not verified) · returning'],
  ])('%j → %s', (session, text) => {
    expect(visitorText(session)).toBe(text);
  });
});
