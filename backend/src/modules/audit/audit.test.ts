import { describe, expect, it } from 'vitest';
import { AuditPage } from '../../../../shared/console';
import { auditEntries } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { consoleCall, testConsoles } from '../../testing/consoles';
import { DB_KINDS } from '../../testing/databases';
import { seedAssociate } from '../../testing/offers';
import { REDACTED } from './audit.core';

const consoles = testConsoles();

async function log(h: ApiHarness, key: string, query = ''): Promise<AuditPage> {
  const res = await call(h.app, 'GET', `/api/v1/audit${query}`, key);
  expect(res.status, await res.clone().text()).toBe(200);
  return AuditPage.parse(await res.json());
}

async function ok(res: Response | Promise<Response>, status = 200) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r.json().catch(() => null) as Promise<Record<string, unknown> | null>;
}

const RULES = { threshold: 1, conditions: [{ id: 'dwell', when: { type: 'dwell', seconds: 20 }, points: 1 }] };

describe.each(DB_KINDS)('the audit log on %s', (kind) => {
  const api = useApi(kind, { consoles: consoles.credentials });

  it('records a key’s change with its label, the route’s pattern, the path, before and after; newest first', async () => {
    const h = api();
    const key = h.seed.voltKey;
    await ok(call(h.app, 'PUT', '/api/v1/rules/opportunity', key, RULES));
    h.clock.advance(1_000);
    await ok(call(h.app, 'PUT', '/api/v1/rules/opportunity', key, { ...RULES, threshold: 0.5 }));
    await ok(call(h.app, 'GET', '/api/v1/rules/opportunity', key));
    const { entries, next } = await log(h, key);
    expect(next).toBeNull();
    expect(entries).toHaveLength(2);
    const [second, first] = entries;
    expect(second).toMatchObject({
      enterpriseId: h.seed.volt.id,
      actor: { kind: 'key', label: 'crm' },
      method: 'PUT',
      action: 'PUT /api/v1/rules/opportunity',
      path: '/api/v1/rules/opportunity',
      status: 200,
      subject: 'opportunity rules v2',
      before: { version: 1, document: { threshold: 1 } },
      after: { version: 2, document: { threshold: 0.5 } },
    });
    expect(first).toMatchObject({ subject: 'opportunity rules v1', before: null, after: { version: 1 } });
    expect(Date.parse(second!.at)).toBeGreaterThan(Date.parse(first!.at));
  });

  it('records identity secrets made and retired, and the customer source set and removed, never their secrets', async () => {
    const h = api();
    const key = h.seed.voltKey;
    const made = (await ok(call(h.app, 'POST', `/api/v1/sites/${h.seed.voltSite.id}/identity-secrets`, key), 201))!;
    await ok(call(h.app, 'DELETE', `/api/v1/sites/${h.seed.voltSite.id}/identity-secrets/${made.id}`, key), 204);
    const source = (await ok(call(h.app, 'PUT', '/api/v1/customer-source', key, { lookupUrl: 'https://crm.volt.example/profile', ttlSeconds: 60 })))!;
    await ok(call(h.app, 'PUT', '/api/v1/customer-source', key, { lookupUrl: 'https://crm.volt.example/profile', ttlSeconds: 120 }));
    await ok(call(h.app, 'DELETE', '/api/v1/customer-source', key), 204);
    const { entries } = await log(h, key);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(made.secret as string);
    expect(text).not.toContain(source.secret as string);
    expect(entries.map((e) => e.subject)).toEqual(['customer source removed', 'customer source', 'customer source', 'identity secret of site volt.example retired', 'identity secret of site volt.example']);
    expect(entries[0]).toMatchObject({ before: { ttlSeconds: 120 }, after: null });
    expect(entries[1]).toMatchObject({ before: { ttlSeconds: 60 }, after: { ttlSeconds: 120, signingRenewed: false } });
    expect(entries[2]).toMatchObject({ before: null, after: { lookupUrl: 'https://crm.volt.example/profile', signingRenewed: true } });
    expect(entries[3]).toMatchObject({ before: { id: made.id }, after: null });
    expect(entries[4]).toMatchObject({ before: null, after: { id: made.id, siteId: h.seed.voltSite.id } });
  });

  it('keeps refusals, reads (a preview posted too), shoppers and other enterprises out', async () => {
    const h = api();
    await ok(call(h.app, 'PUT', '/api/v1/rules/opportunity', h.seed.voltKey, { threshold: 'x' }), 400);
    await ok(call(h.app, 'POST', '/api/v1/rules/opportunity/preview', h.seed.voltKey, RULES));
    await ok(call(h.app, 'PUT', '/api/v1/rules/opportunity', h.seed.summitKey, RULES));
    await ok(call(h.app, 'GET', '/api/v1/live/settings', h.seed.voltKey));
    await h.post({ events: [] });
    expect((await log(h, h.seed.voltKey)).entries).toEqual([]);
    expect((await log(h, h.seed.summitKey)).entries).toHaveLength(1);
    expect(await h.db.db.select().from(auditEntries)).toHaveLength(1);
  });

  it('records API keys made, rotated and revoked, never a key; a body’s secrets are redacted', async () => {
    const h = api();
    const made = (await ok(call(h.app, 'POST', '/api/v1/api-keys', h.seed.voltKey, { label: 'warehouse' }), 201))!;
    const rotated = (await ok(call(h.app, 'POST', `/api/v1/api-keys/${made.id}/rotate`, h.seed.voltKey), 201))!;
    await ok(call(h.app, 'DELETE', `/api/v1/api-keys/${rotated.id}`, h.seed.voltKey), 204);
    await ok(call(h.app, 'PUT', '/api/v1/order-sources/shopify', h.seed.voltKey, { secret: 'a shopify app secret' }));
    const { entries } = await log(h, h.seed.voltKey);
    const text = JSON.stringify(entries);
    for (const key of [made.key, rotated.key] as string[]) expect(text).not.toContain(key);
    expect(text).not.toContain('a shopify app secret');
    expect(entries.map((e) => e.action)).toEqual(['PUT /api/v1/order-sources/shopify', 'DELETE /api/v1/api-keys/:id', 'POST /api/v1/api-keys/:id/rotate', 'POST /api/v1/api-keys']);
    expect(entries[0]!.after).toEqual({ secret: REDACTED });
    expect(entries[1]).toMatchObject({ subject: 'API key "warehouse" revoked', before: { id: rotated.id, label: 'warehouse' }, after: null, status: 204 });
    expect(entries[2]).toMatchObject({ before: { id: made.id }, after: { id: rotated.id, replaces: { id: made.id } } });
    expect(entries[3]).toMatchObject({ subject: 'API key "warehouse"', before: null, after: { id: made.id, label: 'warehouse' } });
  });

  it('records settings, the plan and an associate’s accreditations and deactivation with before and after', async () => {
    const h = api();
    const key = h.seed.voltKey;
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id });
    await ok(call(h.app, 'PUT', '/api/v1/live/settings', key, { transcriptRetentionDays: 30 }));
    await ok(call(h.app, 'PUT', '/api/v1/attribution-settings', key, { windowDays: 14, model: 'last_touch' }));
    await ok(call(h.app, 'PUT', '/api/v1/rules/matching', key, { ruleSets: [{ name: 'any', priority: 1, rules: [{ rule: 'load', weight: 1 }] }] }));
    await ok(call(h.app, 'PUT', '/api/v1/commission/plan', key, { currency: 'USD', rules: [{ id: 'all', pay: { kind: 'rate', basisPoints: 500 } }] }));
    await ok(call(h.app, 'PUT', `/api/v1/associates/${associate.id}/accreditations`, key, { accreditations: [{ category: ['Audio'], level: 3 }] }));
    await ok(call(h.app, 'POST', `/api/v1/associates/${associate.id}/deactivate`, key));
    await ok(call(h.app, 'POST', `/api/v1/associates/${associate.id}/reactivate`, key));
    const byAction = new Map((await log(h, key)).entries.map((e) => [e.action, e]));
    expect(byAction.get('PUT /api/v1/live/settings')).toMatchObject({ subject: 'live settings', before: { transcriptRetentionDays: expect.any(Number) }, after: { transcriptRetentionDays: 30 } });
    expect(byAction.get('PUT /api/v1/attribution-settings')).toMatchObject({ before: { updatedAt: null }, after: { windowDays: 14 } });
    expect(byAction.get('PUT /api/v1/rules/matching')).toMatchObject({ subject: 'matching rules v1', before: null });
    expect(byAction.get('PUT /api/v1/commission/plan')).toMatchObject({ subject: 'commission plan v1', before: null, after: { currency: 'USD' } });
    expect(byAction.get('PUT /api/v1/associates/:id/accreditations')).toMatchObject({ before: { accreditations: [] }, after: { accreditations: [{ category: ['Audio'], level: 3 }] } });
    expect(byAction.get('POST /api/v1/associates/:id/deactivate')).toMatchObject({ before: { status: 'active' }, after: { status: 'inactive' }, path: `/api/v1/associates/${associate.id}/deactivate` });
    expect(byAction.get('POST /api/v1/associates/:id/reactivate')).toMatchObject({ before: { status: 'inactive' }, after: { status: 'active' } });
  });

  it('filters by actor, text and time, and pages by cursor newest first without losing or repeating an entry', async () => {
    const h = api();
    const admin = consoles.member(h.seed.volt.id, 'admin');
    for (let days = 1; days <= 5; days++) {
      await ok(call(h.app, 'PUT', '/api/v1/live/settings', h.seed.voltKey, { transcriptRetentionDays: days }));
      h.clock.advance(60_000);
    }
    await ok(consoleCall(h.app, 'PUT', '/api/v1/attribution-settings', admin, { windowDays: 7, model: 'last_touch' }, h.seed.volt.id));
    const all = await log(h, h.seed.voltKey);
    expect(all.entries).toHaveLength(6);
    expect(all.entries[0]!.actor).toEqual({ kind: 'user', userId: admin.userId, email: '', role: 'admin', supportAccessId: null });
    expect((await log(h, h.seed.voltKey, '?actor=user')).entries).toHaveLength(1);
    expect((await log(h, h.seed.voltKey, '?actor=key')).entries).toHaveLength(5);
    expect((await log(h, h.seed.voltKey, '?q=ATTRIBUTION')).entries).toHaveLength(1);
    const second = all.entries[4]!.at;
    expect((await log(h, h.seed.voltKey, `?from=${second}&to=${all.entries[1]!.at}`)).entries).toHaveLength(3);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: AuditPage = await log(h, h.seed.voltKey, `?limit=4${cursor ? `&before=${cursor}` : ''}`);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.next;
    }
    expect(seen).toEqual(all.entries.map((e) => e.id));
    await ok(call(h.app, 'GET', '/api/v1/audit?before=bm90LWEtY3Vyc29y', h.seed.voltKey), 400);
    await ok(call(h.app, 'GET', `/api/v1/audit?enterpriseId=${h.seed.summit.id}`, h.seed.voltKey), 400);
  });

  it('is read by owners and admins in the console, not by a sales lead or an analyst', async () => {
    const h = api();
    for (const role of ['owner', 'admin'] as const) await ok(consoleCall(h.app, 'GET', '/api/v1/audit', consoles.member(h.seed.volt.id, role), undefined, h.seed.volt.id));
    for (const role of ['sales_lead', 'analyst'] as const) {
      const res = await consoleCall(h.app, 'GET', '/api/v1/audit', consoles.member(h.seed.volt.id, role), undefined, h.seed.volt.id);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('role_forbids');
    }
  });

  it('never fails the request when the entry cannot be written: the error is logged', async () => {
    const h = api();
    const app = h.app;
    // Break the log's writes: the insert into audit_entries fails (a column the table lacks).
    await h.db.db.execute('alter table audit_entries add column must_fill text not null default \'x\'');
    await h.db.db.execute('alter table audit_entries alter column must_fill drop default');
    await ok(call(app, 'PUT', '/api/v1/live/settings', h.seed.voltKey, { transcriptRetentionDays: 9 }));
    expect((await ok(call(app, 'GET', '/api/v1/live/settings', h.seed.voltKey)))!.transcriptRetentionDays).toBe(9);
    expect(h.logged.some((l) => l.message === 'audit entry not written')).toBe(true);
    await h.db.db.execute('alter table audit_entries drop column must_fill');
  });

  it('summarises a body too large to keep', async () => {
    const h = api();
    const products = Array.from({ length: 120 }, (_, i) => ({ sku: `SKU-${i}`, name: `A rather long product name number ${i} `.repeat(3), currency: 'USD', price: 1000 + i, availability: 'in_stock', url: `https://catalog.example/p/${i}` }));
    await ok(call(h.app, 'PUT', '/api/v1/catalog/products', h.seed.voltKey, { products }));
    const [entry] = (await log(h, h.seed.voltKey)).entries;
    expect(entry!.after).toMatchObject({ summarised: true, fields: ['products'] });
  });
});
