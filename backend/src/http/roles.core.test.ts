import { describe, expect, it } from 'vitest';
import { atLeast, roleAllows } from './roles.core';

describe('what each console role may do', () => {
  it('lets an analyst read reports and sessions and change nothing', () => {
    expect(roleAllows('analyst', 'GET', '/api/v1/reports')).toBe(true);
    expect(roleAllows('analyst', 'GET', '/api/v1/sessions/abc')).toBe(true);
    for (const [m, p] of [['PUT', '/api/v1/rules/opportunity'], ['POST', '/api/v1/associates'], ['DELETE', '/api/v1/materials/x'], ['PUT', '/api/v1/live/settings'], ['POST', '/api/v1/api-keys']] as const) {
      expect(roleAllows('analyst', m, p)).toBe(false);
    }
  });

  it('keeps the settings that hold secrets or an integration from the analyst and the sales lead, for reading too', () => {
    for (const path of ['/api/v1/customer-source', '/api/v1/reports/exports', '/api/v1/order-sources/shopify', '/api/v1/telephony/settings']) {
      for (const role of ['analyst', 'sales_lead'] as const) expect(roleAllows(role, 'GET', path), `${role} GET ${path}`).toBe(false);
      expect(roleAllows('admin', 'GET', path), path).toBe(true);
      expect(roleAllows('admin', 'PUT', path), path).toBe(true);
    }
    // Not the customers' area by its look: the source is a setting, the profiles are the sales lead's to read.
    expect(roleAllows('sales_lead', 'GET', '/api/v1/customers/C-1')).toBe(true);
    // The reports stay the analyst's to read; their export settings do not.
    expect(roleAllows('analyst', 'GET', '/api/v1/reports')).toBe(true);
    expect(roleAllows('analyst', 'GET', '/api/v1/reports/exports')).toBe(false);
  });

  it('lets an analyst preview draft rules and dry-run a ranking (they write nothing), not restore an old version', () => {
    expect(roleAllows('analyst', 'POST', '/api/v1/rules/opportunity/preview')).toBe(true);
    expect(roleAllows('analyst', 'POST', '/api/v1/matching/dry-run')).toBe(true);
    expect(roleAllows('analyst', 'GET', '/api/v1/rules/matching/diff')).toBe(true);
    expect(roleAllows('analyst', 'POST', '/api/v1/rules/opportunity/versions/3/restore')).toBe(false);
    expect(roleAllows('analyst', 'POST', '/api/v1/rules/matching/versions/3/restore')).toBe(false);
    expect(roleAllows('sales_lead', 'POST', '/api/v1/rules/matching/versions/3/restore')).toBe(true);
    // Only POST reads: another method on those paths is a change.
    expect(roleAllows('analyst', 'PUT', '/api/v1/rules/opportunity/preview')).toBe(false);
  });

  it('keeps the directory of the marketplace’s independents for who admits associates: a sales lead and up, not an analyst', () => {
    expect(roleAllows('analyst', 'GET', '/api/v1/independents')).toBe(false);
    expect(roleAllows('sales_lead', 'GET', '/api/v1/independents')).toBe(true);
    expect(roleAllows('owner', 'GET', '/api/v1/independents?language=fr')).toBe(true);
  });

  it('lets a sales lead change associates, rules and materials, not configuration', () => {
    expect(roleAllows('sales_lead', 'PUT', '/api/v1/rules/matching')).toBe(true);
    expect(roleAllows('sales_lead', 'POST', '/api/v1/matching/dry-run')).toBe(true);
    expect(roleAllows('sales_lead', 'POST', '/api/v1/associates/x/deactivate')).toBe(true);
    expect(roleAllows('sales_lead', 'PATCH', '/api/v1/materials/x')).toBe(true);
    expect(roleAllows('sales_lead', 'PUT', '/api/v1/live/settings')).toBe(false);
    expect(roleAllows('sales_lead', 'PUT', '/api/v1/commission/plan')).toBe(false);
    expect(roleAllows('sales_lead', 'GET', '/api/v1/api-keys')).toBe(false);
  });

  it('lets an admin configure but leaves users and keys to the owner', () => {
    expect(roleAllows('admin', 'PUT', '/api/v1/commission/plan')).toBe(true);
    expect(roleAllows('admin', 'POST', '/api/v1/sites/s/identity-secrets')).toBe(true);
    expect(roleAllows('admin', 'GET', '/api/v1/api-keys')).toBe(true);
    expect(roleAllows('admin', 'POST', '/api/v1/api-keys')).toBe(false);
    expect(roleAllows('admin', 'PATCH', '/api/v1/enterprise/users/u')).toBe(false);
    expect(roleAllows('owner', 'POST', '/api/v1/api-keys/k/rotate')).toBe(true);
    expect(roleAllows('owner', 'DELETE', '/api/v1/enterprise/users/u')).toBe(true);
  });

  it('does not take a look-alike prefix for an area', () => {
    // `/api-keysx` is not the keys' area: it falls to the default (changes need an admin).
    expect(roleAllows('admin', 'POST', '/api/v1/api-keysx')).toBe(true);
    expect(roleAllows('sales_lead', 'POST', '/api/v1/associatesx')).toBe(false);
  });

  it('orders the roles', () => {
    expect(atLeast('owner', 'admin')).toBe(true);
    expect(atLeast('analyst', 'sales_lead')).toBe(false);
  });
});
