import { describe, expect, it } from 'vitest';
import { findSite } from '../../../shared/sites';
import { sitePatterns } from './patterns';

describe('sitePatterns', () => {
  it.each([
    { domains: ['shop.example'], patterns: ['*://*.shop.example/*'] },
    { domains: ['localhost:4101', 'localhost:4102'], patterns: ['*://localhost/*'] },
    { domains: ['shop.example:8443'], patterns: ['*://shop.example/*'] },
    { domains: ['127.0.0.1'], patterns: ['*://127.0.0.1/*'] },
    { domains: ['B.example', 'a.example'], patterns: ['*://*.a.example/*', '*://*.b.example/*'] },
    { domains: [], patterns: [] },
  ])('$domains → $patterns', ({ domains, patterns }) => {
    expect(sitePatterns(domains.map((domain) => ({ domain })))).toEqual(patterns);
  });

  it('is wider than findSite, which makes the exact host:port decision', () => {
    const sites = [{ domain: 'localhost:4101' }];
    expect(sitePatterns(sites)).toEqual(['*://localhost/*']);
    expect(findSite(sites, 'http://localhost:4101/p/1')).toBeDefined();
    expect(findSite(sites, 'http://localhost:4102/p/1')).toBeUndefined();
  });
});
