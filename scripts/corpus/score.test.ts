import { describe, expect, it } from 'vitest';
import { sameDecimal, scoreAttribute, scoreKinds } from './score';

describe('the corpus metric', () => {
  it.each([
    ['price', '1299.0', ['1299'], { tp: 1, fp: 0, fn: 0 }],
    ['price', '12', ['12.50'], { tp: 0, fp: 1, fn: 1 }],
    ['brand', ' acme ', ['ACME'], { tp: 1, fp: 0, fn: 0 }],
    ['sku', null, ['X1'], { tp: 0, fp: 0, fn: 1 }],
    ['sku', 'X1', [], { tp: 0, fp: 1, fn: 0 }],
    ['sku', null, undefined, { tp: 0, fp: 0, fn: 0 }],
    ['currency', 'CAD', ['$'], { tp: 1, fp: 0, fn: 0 }],
  ] as const)('%s %s vs %j', (attribute, predicted, accepted, counts) => {
    expect(scoreAttribute(attribute, predicted, accepted as readonly string[] | undefined)).toEqual(counts);
  });

  it('compares decimals, not floats', () => {
    expect(sameDecimal('87.10', '87.1')).toBe(true);
    expect(sameDecimal('0.5', '.50')).toBe(true);
    expect(sameDecimal('23.450', '23450')).toBe(false);
  });

  it('scores page kinds and search terms, wildcard searches included', () => {
    const d = (kind: 'product' | 'search' | 'listing', terms?: string) => ({ kind, product: null, search: terms ? { terms } : null, cart: null, order: null });
    const score = scoreKinds([
      { id: 'a', kind: 'product', detection: d('product') },
      { id: 'b', kind: 'search', searchTerms: 'red  shoes', detection: d('search', 'red shoes') },
      { id: 'c', kind: 'search', searchTerms: '* (wildcard)', detection: d('listing') },
      { id: 'd', kind: 'listing', detection: d('product') },
    ]);
    expect(score).toMatchObject({ productRight: 3, pages: 4, searchRecovered: 2, searchPages: 2 });
  });
});
