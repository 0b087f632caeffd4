import { describe, expect, it } from 'vitest';
import { PAGES } from './routes';
import { homeOf, mayChange, mayOpen, type NavEntry, visibleNav } from './nav.core';

const entries: NavEntry[] = PAGES.filter((p) => p.nav).map((p) => ({ ...p.nav!, href: p.path }));
const labels = (viewer: Parameters<typeof visibleNav>[1]) => visibleNav(entries, viewer).map((g) => [g.group, g.entries.map((e) => e.label)]);

describe('the navigation', () => {
  it('shows an owner every enterprise page, grouped, and no marketplace', () => {
    const nav = labels({ role: 'owner', operator: false });
    expect(nav.map(([g]) => g)).toEqual(['', 'Sales', 'Settings']);
    expect(nav[2]).toEqual(['Settings', ['Users', 'API keys', 'Customer source', 'Telephony', 'Live settings', 'Audit log']]);
  });

  it('hides from an analyst what their role cannot read (keys, users, the customer source, telephony, audit)', () => {
    const settings = labels({ role: 'analyst', operator: false }).find(([g]) => g === 'Settings');
    expect(settings).toEqual(['Settings', ['Live settings']]);
  });

  it('shows the customer source and telephony (they hold secrets) to admins, not to sales leads', () => {
    expect(labels({ role: 'admin', operator: false }).find(([g]) => g === 'Settings')).toEqual(['Settings', ['Users', 'API keys', 'Customer source', 'Telephony', 'Live settings', 'Audit log']]);
    expect(labels({ role: 'sales_lead', operator: false }).find(([g]) => g === 'Settings')).toEqual(['Settings', ['Live settings']]);
  });

  it('shows the marketplace to an operator only, and nothing of an enterprise without one chosen', () => {
    expect(labels({ role: null, operator: true })).toEqual([['Marketplace', ['Enterprises', 'Independents', 'Tests', 'Applications', 'Joining rules', 'Audit']]]);
    expect(labels({ role: null, operator: false })).toEqual([]);
  });

  it('offers the directory of independents to sales leads and up, not to analysts', () => {
    const main = (role: 'owner' | 'sales_lead' | 'analyst') => labels({ role, operator: false }).find(([g]) => g === '')![1];
    expect(main('owner')).toContain('Find independents');
    expect(main('sales_lead')).toContain('Find independents');
    expect(main('analyst')).not.toContain('Find independents');
  });

  it('answers as the backend’s roles do', () => {
    expect(mayOpen({ api: '/api-keys' }, { role: 'admin', operator: false })).toBe(true);
    expect(mayChange({ role: 'admin', operator: false }, 'POST', '/api-keys')).toBe(false);
    expect(mayChange({ role: 'owner', operator: false }, 'POST', '/api-keys')).toBe(true);
    expect(mayChange({ role: 'sales_lead', operator: false }, 'POST', '/associates')).toBe(true);
    expect(mayChange({ role: 'analyst', operator: false }, 'PUT', '/live/settings')).toBe(false);
    // The enterprise's tests: an analyst reads them (Sales → Tests shown), a sales lead writes them.
    expect(mayOpen({ api: '/question-banks' }, { role: 'analyst', operator: false })).toBe(true);
    expect(mayChange({ role: 'analyst', operator: false }, 'POST', '/question-banks')).toBe(false);
    expect(mayChange({ role: 'sales_lead', operator: false }, 'POST', '/question-banks')).toBe(true);
  });
  it('opens the marketplace for an operator acting in no enterprise, the sessions for everyone else', () => {
    expect(homeOf({ role: null, operator: true })).toBe('/marketplace/enterprises');
    expect(homeOf({ role: 'admin', operator: true })).toBe('/sessions');
    expect(homeOf({ role: 'owner', operator: false })).toBe('/sessions');
  });
});
