import { describe, expect, it } from 'vitest';
import { SiteDomain, findSite } from './sites';

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
