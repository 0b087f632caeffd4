import { describe, expect, it } from 'vitest';
import type { ShopperEvent } from '../../../shared/events';
import { SEARCH_REPEAT_MS, createSearchDedupe } from './search-dedupe';

const search = (id: string, terms: string, url = 'https://shop.example/search'): ShopperEvent => ({ id, at: new Date(0).toISOString(), url, pageId: 'page_0001', type: 'search', terms });

describe('createSearchDedupe', () => {
  it('keeps a search once: the same terms on the same site moments later are a repeat', () => {
    const keep = createSearchDedupe();
    expect(keep(search('a', 'Trail Tent'), 0)).toBe(true);
    expect(keep(search('b', ' trail   tent '), 2_000)).toBe(false);
  });

  it('keeps other terms, other sites, and the same terms searched again later', () => {
    const keep = createSearchDedupe();
    expect(keep(search('a', 'tent'), 0)).toBe(true);
    expect(keep(search('b', 'stove'), 1_000)).toBe(true);
    expect(keep(search('c', 'tent', 'https://other.example/find?q=tent'), 1_000)).toBe(true);
    expect(keep(search('d', 'tent'), SEARCH_REPEAT_MS + 1)).toBe(true);
  });

  it('lets the same event through again (a retry; the queue drops it by id) and never touches other events', () => {
    const keep = createSearchDedupe();
    expect(keep(search('a', 'tent'), 0)).toBe(true);
    expect(keep(search('a', 'tent'), 500)).toBe(true);
    const view: ShopperEvent = { id: 'v', at: new Date(0).toISOString(), url: 'https://shop.example/', type: 'page_view', kind: 'other' };
    expect(keep(view, 600)).toBe(true);
    expect(keep(view, 700)).toBe(true);
  });
});
