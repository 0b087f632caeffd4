import { describe, expect, it } from 'vitest';
import { allowedUrl, isAllowedUrl } from './allowed-url.core';

const DOMAINS = ['shop.example', 'localhost:4101', '127.0.0.1:4102'];

describe('isAllowedUrl', () => {
  it.each([
    ['the exact host', 'https://shop.example/p/1', true],
    ['http as well as https', 'http://shop.example/', true],
    ['a subdomain', 'https://www.shop.example/cart', true],
    ['a deeper subdomain', 'https://a.b.shop.example/', true],
    ['the host in capitals', 'https://SHOP.Example/x', true],
    ['the default port written out', 'https://shop.example:443/x', true],
    ['a domain with a port, exactly', 'http://localhost:4101/product/2', true],
    ['an IP with its port', 'http://127.0.0.1:4102/', true],
    ['a query and a fragment', 'https://shop.example/s?q=a#top', true],
    ['another port of a domain without one', 'https://shop.example:8443/', false],
    ['another port of a domain with one', 'http://localhost:4102/', false],
    ['no port where the domain names one', 'http://localhost/', false],
    ['a subdomain of a domain with a port', 'http://a.localhost:4101/', false],
    ['a look-alike suffix', 'https://evilshop.example/', false],
    ['the domain inside another host', 'https://shop.example.evil.example/', false],
    ['a parent domain', 'https://example/', false],
    ['another site', 'https://evil.example/', false],
    ['credentials before the host', 'https://shop.example@evil.example/', false],
    ['credentials on an allowed host', 'https://user:pw@shop.example/', false],
    ['javascript:', 'javascript:alert(1)//shop.example', false],
    ['data:', 'data:text/html,<p>shop.example</p>', false],
    ['ftp', 'ftp://shop.example/', false],
    ['a relative URL', '/p/1', false],
    ['not a URL', 'shop example', false],
    ['empty', '', false],
  ])('%s: %s → %s', (_, url, expected) => {
    expect(isAllowedUrl(url, DOMAINS)).toBe(expected);
  });

  it.each([
    ['no allowed domains', []],
    ['only blank domains', ['', '  ']],
  ])('refuses everything with %s', (_, domains) => {
    expect(isAllowedUrl('https://shop.example/', domains)).toBe(false);
  });

  it('tolerates how a domain is written (case, spaces, a trailing dot)', () => {
    expect(isAllowedUrl('https://www.shop.example/', [' Shop.Example. '])).toBe(true);
  });

  it('returns the parsed URL to navigate to', () => {
    expect(allowedUrl('https://www.shop.example/p?id=1', DOMAINS)?.href).toBe('https://www.shop.example/p?id=1');
    expect(allowedUrl('https://evil.example/', DOMAINS)).toBeNull();
  });
});
