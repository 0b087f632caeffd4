import { describe, expect, it } from 'vitest';
import type { ParticipatingSite } from '../../../shared/sites';
import { materialCardLink, productCardLink } from './card-link.core';

const site = (domain: string, enterpriseId: string): ParticipatingSite => ({ id: domain, enterpriseId, domain, name: domain, adapter: null });
const RULES = { allowedDomains: ['shop.example', 'localhost:4101'], shopName: 'Voltaire' };
const WITH_SITES = { ...RULES, enterpriseId: 'ent-voltaire', sites: [site('shop.example', 'ent-voltaire'), site('localhost:4101', 'ent-voltaire'), site('other.example', 'ent-other')] };

describe('productCardLink: a product card opens only on the engagement’s enterprise’s sites', () => {
  it.each([
    ['a page of the shop', 'https://shop.example/p/trail-tent', 'https://shop.example/p/trail-tent'],
    ['a subdomain of the shop', 'https://www.shop.example/p/1?colour=red', 'https://www.shop.example/p/1?colour=red'],
    ['the shop on its port', 'http://localhost:4101/product/2', 'http://localhost:4101/product/2'],
  ])('%s: opens %s', (_, url, href) => {
    expect(productCardLink(url, RULES)).toEqual({ open: new URL(href), why: null });
    expect(productCardLink(url, WITH_SITES).open?.href).toBe(href);
  });

  it.each([
    ['another shop', 'https://other.example/p/1', 'other.example is not one of Voltaire’s sites, so this link cannot be opened from the chat.'],
    ['a look-alike', 'https://shop.example.evil.example/p/1', 'shop.example.evil.example is not one of Voltaire’s sites, so this link cannot be opened from the chat.'],
    ['another port', 'http://localhost:4102/p', 'localhost:4102 is not one of Voltaire’s sites, so this link cannot be opened from the chat.'],
    ['credentials before the host', 'https://shop.example@evil.example/', 'This link is not a web page, so it cannot be opened from the chat.'],
    ['javascript:', 'javascript:alert(1)//shop.example', 'This link is not a web page, so it cannot be opened from the chat.'],
    ['not an address', 'trail tent', 'This link is not a web page, so it cannot be opened from the chat.'],
  ])('%s: no link, and why', (_, url, why) => {
    expect(productCardLink(url, RULES)).toEqual({ open: null, why });
  });

  it('says “the shop” when it has no name', () => {
    expect(productCardLink('https://evil.example/', { allowedDomains: ['shop.example'] }).why).toBe('evil.example is not one of the shop’s sites, so this link cannot be opened from the chat.');
  });

  it('refuses everything before the enterprise’s sites are known', () => {
    expect(productCardLink('https://shop.example/p/1', { allowedDomains: [] }).open).toBeNull();
  });

  it('the site list has the last word: an allowed domain the list gives to another enterprise does not open', () => {
    const stale = { ...WITH_SITES, allowedDomains: [...RULES.allowedDomains, 'other.example'] };
    expect(productCardLink('https://other.example/p/1', stale).open).toBeNull();
    // A site the list does not know (yet) goes by the backend's list.
    expect(productCardLink('https://new.shop.example/p/1', stale).open?.host).toBe('new.shop.example');
  });
});

describe('materialCardLink: a material opens from the backend that serves it, or the enterprise’s sites', () => {
  const rules = { ...RULES, backendOrigin: 'https://api.floorwalker.example' };
  it.each([
    ['the backend’s signed link', 'https://api.floorwalker.example/m/abc?sig=1', true],
    ['a page of the shop', 'https://shop.example/guides/tents', true],
    ['the backend on another port', 'https://api.floorwalker.example:8443/m/abc', false],
    ['another site', 'https://evil.example/m/abc', false],
    ['data:', 'data:text/html,hi', false],
  ])('%s → %s', (_, url, opens) => {
    expect(materialCardLink(url, rules).open !== null).toBe(opens);
  });
});
