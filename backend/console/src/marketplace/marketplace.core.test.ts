import { describe, expect, it } from 'vitest';
import type { MarketplaceEnterprise, SupportAccess } from '../../../../shared/console';
import type { Problem } from '../api.core';
import {
  actorText,
  adapterOf,
  adapterText,
  auditQuery,
  changedKeys,
  checkNewEnterprise,
  creationBodies,
  engagementRate,
  feeBody,
  feeText,
  NO_AUDIT_FILTERS,
  lengthText,
  openAccessIn,
  remainingSteps,
  revenueLines,
  sortingOf,
  sortOf,
  standingOf,
  stepErrors,
  totalsOf,
} from './marketplace.core';

const figures = { sites: 1, associates: 2, sessions7d: 10, opportunities7d: 4, engagements7d: 1, revenue7d: {} };
const enterprise = (over: Partial<MarketplaceEnterprise> = {}): MarketplaceEnterprise => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Voltaire',
  slug: 'voltaire',
  createdAt: '2026-01-01T00:00:00.000Z',
  suspendedAt: null,
  feeBasisPoints: null,
  figures,
  ...over,
});
const problem = (over: Partial<Problem>): Problem => ({ status: 400, code: 'invalid_body', message: 'The site is not valid', fields: {}, ...over });

describe('the enterprises side by side', () => {
  it('turns the server sort into the table sort and back: name A to Z, figures largest first; unknown columns sort by name', () => {
    expect(sortingOf('name')).toEqual([{ id: 'name', desc: false }]);
    expect(sortingOf('sessions7d')).toEqual([{ id: 'sessions7d', desc: true }]);
    expect(sortOf([{ id: 'engagements7d', desc: true }])).toBe('engagements7d');
    expect(sortOf([{ id: 'fee', desc: true }])).toBe('name');
    expect(sortOf([])).toBe('name');
  });
  it('reads an enterprise as suspended, quiet (no session in 7 days) or active', () => {
    expect(standingOf(enterprise({ suspendedAt: '2026-02-01T00:00:00.000Z' }))).toBe('suspended');
    expect(standingOf(enterprise({ figures: { ...figures, sessions7d: 0 } }))).toBe('quiet');
    expect(standingOf(enterprise())).toBe('active');
  });
  it('shows revenue per currency largest first, the fee as a percentage or the default, the engagement rate', () => {
    expect(revenueLines({ USD: 1_000, EUR: 34_950, GBP: 0 })).toEqual(['349.50\u00a0EUR', '10.00\u00a0USD']);
    expect(revenueLines({})).toEqual([]);
    expect(feeText(250)).toBe('2.5 %');
    expect(feeText(null)).toBe('Default (0 %)');
    expect(engagementRate(figures)).toBe(0.25);
    expect(engagementRate({ ...figures, opportunities7d: 0 })).toBeNull();
  });
  it('adds up the marketplace', () => {
    expect(totalsOf([enterprise(), enterprise({ suspendedAt: '2026-02-01T00:00:00.000Z' })])).toEqual({ enterprises: 2, suspended: 1, sessions7d: 20, opportunities7d: 8, engagements7d: 2 });
  });
});

describe('creating an enterprise with its first site and owner', () => {
  const form = { name: ' Nordlicht ', siteName: '', domain: ' Nordlicht.example ', ownerEmail: 'nina@nordlicht.example', ownerName: 'Nina' };
  it('builds the three bodies, the site named after its domain when no name is given', () => {
    expect(creationBodies(form)).toEqual({
      enterprise: { name: 'Nordlicht' },
      site: { name: 'Nordlicht.example', domain: 'Nordlicht.example' },
      owner: { email: 'nina@nordlicht.example', name: 'Nina' },
    });
  });
  it('checks every field with the shared contracts before anything is sent', () => {
    expect(checkNewEnterprise(form)).toEqual({ form: null, fields: {} });
    const bad = checkNewEnterprise({ ...form, name: ' ', domain: 'not a domain', ownerEmail: 'nina' });
    expect(Object.keys(bad.fields).sort()).toEqual(['domain', 'name', 'ownerEmail']);
    expect(bad.fields.domain).toContain('host name');
  });
  it("puts a step's refusal on the form's field: the site's name and domain, the owner's e-mail, a taken domain on the domain", () => {
    expect(stepErrors('site', problem({ fields: { name: 'too long' } })).fields).toEqual({ siteName: 'too long' });
    expect(stepErrors('owner', problem({ fields: { email: 'not an e-mail' } })).fields).toEqual({ ownerEmail: 'not an e-mail' });
    expect(stepErrors('site', problem({ status: 409, code: 'conflict', message: 'The domain a.example belongs to another site.' }))).toEqual({ form: null, fields: { domain: 'The domain a.example belongs to another site.' } });
    expect(stepErrors('enterprise', problem({ status: 0, code: 'network', message: 'unreachable' }))).toEqual({ form: 'unreachable', fields: {} });
  });
  it('starts a second try where the first stopped', () => {
    expect(remainingSteps([])).toEqual(['enterprise', 'site', 'owner']);
    expect(remainingSteps(['enterprise'])).toEqual(['site', 'owner']);
    expect(remainingSteps(['enterprise', 'site', 'owner'])).toEqual([]);
  });
});

describe('the fee and the adapter', () => {
  it('reads the fee as a percentage with at most two decimals, up to 100 %', () => {
    expect(feeBody('2.5')).toEqual({ body: { basisPoints: 250 } });
    expect(feeBody('0')).toEqual({ body: { basisPoints: 0 } });
    expect(feeBody('100 %')).toEqual({ body: { basisPoints: 10_000 } });
    expect(feeBody('100.01')).toEqual({ error: 'at most 100 %' });
    expect('error' in feeBody('2.555')).toBe(true);
    expect('error' in feeBody('-1')).toBe(true);
    expect('error' in feeBody('')).toBe(true);
  });
  it('reads an adapter as a JSON object, empty for none, and shows it back', () => {
    expect(adapterOf('  ')).toEqual({ adapter: null });
    expect(adapterOf('{"product":{"name":{"selector":"h1"}}}')).toEqual({ adapter: { product: { name: { selector: 'h1' } } } });
    expect((adapterOf('[1]') as { error: string }).error).toContain('an object');
    expect((adapterOf('{product') as { error: string }).error).toMatch(/^not JSON/);
    expect(adapterText(null)).toBe('');
    expect(adapterText({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

describe('support access', () => {
  const access = (over: Partial<SupportAccess>): SupportAccess => ({
    id: '00000000-0000-4000-8000-00000000000a',
    enterpriseId: 'e1',
    enterpriseName: 'Voltaire',
    operatorId: 'o',
    operatorEmail: 'oscar@floorwalker.example',
    reason: 'a ticket',
    startedAt: '2026-03-01T11:00:00.000Z',
    endsAt: '2026-03-01T12:42:00.000Z',
    endedAt: null,
    ...over,
  });
  it('says how long it was opened for, in the server’s times', () => {
    expect(lengthText(access({ endsAt: '2026-03-01T11:30:00.000Z' }))).toBe('30 min');
    expect(lengthText(access({ endsAt: '2026-03-01T13:00:00.000Z' }))).toBe('2 h');
    expect(lengthText(access({ endsAt: '2026-03-01T12:30:00.000Z' }))).toBe('1 h 30 min');
  });
  it("finds the operator's open access in an enterprise, the longest-running first", () => {
    const list = [access({ id: 'a' }), access({ id: 'b', endsAt: '2026-03-01T13:00:00.000Z' }), access({ id: 'c', enterpriseId: 'e2' }), access({ id: 'd', endedAt: '2026-03-01T11:10:00.000Z', endsAt: '2026-03-01T14:00:00.000Z' })];
    expect(openAccessIn(list, 'e1')?.id).toBe('b');
    expect(openAccessIn(list, 'e3')).toBeUndefined();
  });
});

describe('the audit log', () => {
  it('asks for whole days in UTC, the last day included, and leaves empty filters out', () => {
    expect(auditQuery(NO_AUDIT_FILTERS, 25, null)).toEqual({ limit: 25 });
    expect(auditQuery({ actor: 'operator', q: ' site ', from: '2026-03-01', to: '2026-03-02', enterpriseId: 'e1' }, 25, 'cur')).toEqual({
      limit: 25,
      actor: 'operator',
      q: 'site',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-03T00:00:00.000Z',
      enterpriseId: 'e1',
      before: 'cur',
    });
    expect(auditQuery({ ...NO_AUDIT_FILTERS, from: '2026-3-1' }, 10, null)).toEqual({ limit: 10 });
  });
  it('names who acted', () => {
    expect(actorText({ kind: 'operator', userId: 'u', email: 'oscar@x.example' })).toBe('oscar@x.example (operator)');
    expect(actorText({ kind: 'key', keyId: 'k', label: 'Webhook' })).toBe('API key “Webhook”');
    expect(actorText({ kind: 'user', userId: 'u', email: 'o@x.example', role: 'sales_lead', supportAccessId: null })).toBe('o@x.example (sales lead)');
    expect(actorText({ kind: 'user', userId: 'u', email: 'o@x.example', role: 'admin', supportAccessId: 's' })).toBe('o@x.example (support access)');
  });
  it('lists the fields a change touched', () => {
    expect(changedKeys({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 }, d: null })).toEqual(['b', 'd']);
    expect(changedKeys(null, { name: 'x', id: 'y' })).toEqual(['id', 'name']);
    expect(changedKeys(null, null)).toEqual([]);
  });
});
