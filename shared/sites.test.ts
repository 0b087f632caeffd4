import { describe, expect, it } from 'vitest';
import { SiteAdapter, SiteDomain, findSite } from './sites';

const sites = [
  { id: 'a', domain: 'example.com' },
  { id: 'b', domain: 'shop.example.com' },
  { id: 'c', domain: 'localhost:4101' },
];

describe('findSite', () => {
  it.each([
    ['https://example.com/p/1', 'a'],
    ['https://www.example.com/p/1', 'a'],
    ['https://shop.example.com/', 'b'],
    ['https://eu.shop.example.com/', 'b'],
    ['http://localhost:4101/cart', 'c'],
    ['http://localhost:4103/', undefined],
    ['http://localhost/', undefined],
    ['https://example.com.evil.test/', undefined],
    ['https://notexample.com/', undefined],
    ['https://example.com:8443/', undefined],
    ['file:///etc/passwd', undefined],
    ['chrome://settings', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, id) => expect(findSite(sites, url)?.id).toBe(id));
});

describe('SiteDomain', () => {
  it.each(['example.com', 'localhost:4101', 'Shop.Example.COM', 'xn--bcher-kva.example'])('accepts %s', (d) => expect(SiteDomain.safeParse(d).success).toBe(true));
  it.each(['https://example.com', 'example.com/path', '-bad.com', 'a..b', '', 'example.com:port'])('refuses %s', (d) => expect(SiteDomain.safeParse(d).success).toBe(false));
});

describe('SiteAdapter', () => {
  it('takes selectors and patterns', () => {
    expect(SiteAdapter.safeParse({ product: { name: { selector: '.pdp-title' } }, pageKinds: [{ kind: 'product', pattern: '^/p/' }] }).success).toBe(true);
  });
  it.each([
    ['a NUL in a selector', { product: { name: { selector: '.a\u0000' } } }],
    ['a lone surrogate in a page pattern', { pageKinds: [{ kind: 'product', pattern: '^/\ud800' }] }],
  ])('refuses %s, which could not be stored', (_name, adapter) => expect(SiteAdapter.safeParse(adapter).success).toBe(false));
  it.each([
    ['a selector', { customer: { selector: { selector: '[data-customer-id]', attr: 'data-customer-id' } } }],
    ['a data-layer path', { customer: { dataLayer: 'dataLayer.user.id' } }],
    ['both', { customer: { selector: { selector: '#account' }, dataLayer: 'shop_state.customer-id' } }],
  ])('takes where the customer id is: %s', (_name, adapter) => expect(SiteAdapter.safeParse(adapter).success).toBe(true));
  it.each(['', 'dataLayer..id', '.user', 'user.', 'window["x"]', 'a.b c'])('refuses the data-layer path %j', (path) =>
    expect(SiteAdapter.safeParse({ customer: { dataLayer: path } }).success).toBe(false),
  );
});
