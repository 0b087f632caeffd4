import { describe, expect, it } from 'vitest';
import { bothLoads, type Load } from './sales';
import { engagementGlance } from './sales.core';
import { PRACTICES, product, SALES_INFO } from './testing/sales';

// The side panel's "In this engagement" card, in the console's words (pure).

describe('engagementGlance', () => {
  it('the product in view with its sale, stock and rating; the first alternative and accessory in stock; the top technique', () => {
    const g = engagementGlance(SALES_INFO, PRACTICES, 'en-GB');
    expect(g.product).toEqual({
      name: 'Trail Tent 2P',
      url: 'https://shop.example/p/tt-2p',
      price: '€349.00',
      was: 'was €399.00, 13% off',
      stock: 'In stock (12)',
      inStock: true,
      rating: '4.4 / 5 (182 reviews)',
    });
    expect(g.alternative).toEqual({ name: 'Dome 3', url: 'https://shop.example/p/dome-3', price: '€289.00' });
    expect(g.accessory?.name).toBe('Footprint for Trail Tent 2P');
    expect(g.technique).toBe('Ask about budget');
  });

  it('a page product not in the catalogue: the last price seen, no stock; nothing in stock to suggest', () => {
    const view = { ...SALES_INFO.productInView!, product: null, external: null, resolution: 'none' as const };
    const soldOut = product({ name: 'Sold out', availability: 'out_of_stock', stock: 0 });
    const g = engagementGlance({ ...SALES_INFO, productInView: view, alternatives: [soldOut], accessories: [product({ name: 'None left', stock: 0 })] }, { techniques: [] }, 'en-GB');
    expect(g.product).toMatchObject({ name: 'Trail Tent 2P', price: '€349.00', was: null, stock: null, rating: null });
    expect([g.alternative, g.accessory, g.technique]).toEqual([null, null, null]);
  });

  it('nothing read yet: nothing to say', () => {
    expect(engagementGlance(null, null)).toEqual({ product: null, alternative: null, accessory: null, technique: null });
  });
});

describe('bothLoads', () => {
  const ready = <T,>(data: T): Load<T> => ({ status: 'ready', data, error: null });
  const loading = <T,>(data: T | null = null): Load<T> => ({ status: 'loading', data, error: null });
  it('ready when both are, loading while either is, failed with both reasons', () => {
    expect(bothLoads(ready(1), ready('a'))).toEqual({ status: 'ready', data: { first: 1, second: 'a' }, error: null });
    expect(bothLoads(ready(1), loading<string>())).toEqual({ status: 'loading', data: { first: 1, second: null }, error: null });
    expect(bothLoads(loading<number>(), ready('a'))).toEqual({ status: 'loading', data: null, error: null });
    expect(bothLoads<number, string>({ status: 'error', data: null, error: 'A.' }, { status: 'error', data: 'a', error: 'B.' })).toEqual({ status: 'error', data: null, error: 'A. B.' });
    expect(bothLoads<number, string>(ready(1), { status: 'error', data: null, error: 'B.' }).data).toEqual({ first: 1, second: null });
  });
});
