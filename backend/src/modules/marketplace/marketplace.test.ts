import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AuditPage, MarketplaceAssociatePage, MarketplaceEnterprise, MarketplaceEnterpriseList, SiteView, SiteViewList } from '../../../../shared/console';
import { SitesResponse } from '../../../../shared/sites';
import { associates } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { consoleCall, type TestSession, testConsoles } from '../../testing/consoles';
import { DB_KINDS } from '../../testing/databases';
import { browse } from '../../testing/fixtures';
import { seedAssociate } from '../../testing/offers';

const consoles = testConsoles();

async function as(res: Response | Promise<Response>, status = 200): Promise<unknown> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r.status === 204 ? null : r.json();
}

const errorCode = async (res: Response | Promise<Response>) => ((await (await res).json()) as { error: { code: string } }).error.code;

describe.each(DB_KINDS)('the marketplace on %s', (kind) => {
  const api = useApi(kind, { consoles: consoles.credentials });
  const op = (h: ApiHarness, session: TestSession, method: string, path: string, body?: unknown) => consoleCall(h.app, method, `/api/v1/marketplace${path}`, session, body);

  it('lists the enterprises with their figures side by side, sorted, and makes a new one', async () => {
    const h = api();
    const operator = consoles.operator();
    expect((await h.post({ events: browse().slice(0, 2) })).status).toBe(202);
    await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id });
    const made = MarketplaceEnterprise.parse(await as(op(h, operator, 'POST', '/enterprises', { name: 'Cedar Home' }), 201));
    expect(made).toMatchObject({ name: 'Cedar Home', slug: 'cedar-home', suspendedAt: null, feeBasisPoints: null, figures: { sites: 0, associates: 0, sessions7d: 0, revenue7d: {} } });
    const { enterprises } = MarketplaceEnterpriseList.parse(await as(op(h, operator, 'GET', '/enterprises?sort=sessions7d')));
    expect(enterprises.map((e) => e.name)).toEqual(['Voltaire Retail', 'Cedar Home', 'Summit Outdoor Co.']);
    expect(enterprises[0]!.figures).toMatchObject({ sites: 1, associates: 1, sessions7d: 1 });
    const byName = MarketplaceEnterpriseList.parse(await as(op(h, operator, 'GET', '/enterprises')));
    expect(byName.enterprises.map((e) => e.name)).toEqual(['Cedar Home', 'Summit Outdoor Co.', 'Voltaire Retail']);
    expect(await errorCode(op(h, operator, 'POST', '/enterprises', { name: 'Cedar  home' }))).toBe('conflict');
    expect(await errorCode(op(h, operator, 'GET', '/enterprises?sort=nonsense'))).toBe('invalid_query');
  });

  it('suspends an enterprise: its sites leave the list, its keys and console users are refused; resuming restores them', async () => {
    const h = api();
    consoles.suspendedBy(h.app);
    const operator = consoles.operator();
    const owner = consoles.member(h.seed.volt.id, 'owner');
    const domains = async () => SitesResponse.parse(await as(call(h.app, 'GET', '/api/v1/sites', null))).sites.map((s) => s.domain).sort();
    expect(await domains()).toEqual(['localhost:4102', 'volt.example']);

    const suspended = MarketplaceEnterprise.parse(await as(op(h, operator, 'POST', `/enterprises/${h.seed.volt.id}/suspend`)));
    expect(suspended.suspendedAt).toBe(h.clock.now().toISOString());
    expect(await domains()).toEqual(['localhost:4102']);
    const refused = await call(h.app, 'GET', '/api/v1/sessions', h.seed.voltKey);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('enterprise_suspended');
    expect(await errorCode(consoleCall(h.app, 'GET', '/api/v1/sessions', owner, undefined, h.seed.volt.id))).toBe('enterprise_suspended');
    // The shop's events are refused too: the extension stops there.
    expect((await h.post({ events: browse().slice(0, 1) })).status).toBe(403);
    // The other enterprise goes on.
    await as(call(h.app, 'GET', '/api/v1/sessions', h.seed.summitKey));
    // Suspending again keeps the first time.
    h.clock.advance(60_000);
    expect(MarketplaceEnterprise.parse(await as(op(h, operator, 'POST', `/enterprises/${h.seed.volt.id}/suspend`))).suspendedAt).toBe(suspended.suspendedAt);

    expect(MarketplaceEnterprise.parse(await as(op(h, operator, 'POST', `/enterprises/${h.seed.volt.id}/resume`))).suspendedAt).toBeNull();
    expect(await domains()).toEqual(['localhost:4102', 'volt.example']);
    await as(call(h.app, 'GET', '/api/v1/sessions', h.seed.voltKey));
    await as(consoleCall(h.app, 'GET', '/api/v1/sessions', owner, undefined, h.seed.volt.id));
    expect(await h.app.tenancy.isSuspended(h.seed.volt.id)).toBe(false);
    expect(await errorCode(op(h, operator, 'POST', `/enterprises/${crypto.randomUUID()}/suspend`))).toBe('not_found');

    // The operator's log holds both, with the operator as actor; the enterprise sees them too.
    const log = AuditPage.parse(await as(op(h, operator, 'GET', `/audit?actor=operator&enterpriseId=${h.seed.volt.id}`)));
    expect(log.entries.map((e) => e.action)).toEqual(['POST /api/v1/marketplace/enterprises/:id/resume', 'POST /api/v1/marketplace/enterprises/:id/suspend', 'POST /api/v1/marketplace/enterprises/:id/suspend']);
    expect(log.entries[0]).toMatchObject({ actor: { kind: 'operator', userId: operator.userId }, enterpriseId: h.seed.volt.id, before: { suspendedAt: suspended.suspendedAt }, after: { suspendedAt: null } });
    expect(AuditPage.parse(await as(call(h.app, 'GET', '/api/v1/audit?actor=operator', h.seed.voltKey))).entries).toHaveLength(3);
  });

  it('edits an enterprise’s sites: adapter checked with field paths, domain unique, the extension’s list at once', async () => {
    const h = api();
    const operator = consoles.operator();
    const site = SiteView.parse(await as(op(h, operator, 'POST', `/enterprises/${h.seed.volt.id}/sites`, { name: 'Volt Outlet', domain: 'Outlet.Volt.example', adapter: { mask: ['.account-number'] } }), 201));
    expect(site).toMatchObject({ enterpriseId: h.seed.volt.id, domain: 'outlet.volt.example', adapter: { mask: ['.account-number'] }, active: true });
    const bad = (await (await op(h, operator, 'PATCH', `/sites/${site.id}`, { adapter: { mask: [''] } })).json()) as { error: { code: string; issues: { path: unknown[] }[] } };
    expect(bad.error.code).toBe('invalid_body');
    expect(bad.error.issues[0]!.path).toEqual(['adapter', 'mask', 0]);
    expect(await errorCode(op(h, operator, 'PATCH', `/sites/${site.id}`, { domain: 'volt.example' }))).toBe('conflict');
    const listed = async () => SitesResponse.parse(await as(call(h.app, 'GET', '/api/v1/sites', null))).sites.map((s) => s.domain);
    expect(await listed()).toContain('outlet.volt.example');
    expect(SiteView.parse(await as(op(h, operator, 'PATCH', `/sites/${site.id}`, { active: false, name: 'Outlet' }))).name).toBe('Outlet');
    expect(await listed()).not.toContain('outlet.volt.example');
    expect(SiteViewList.parse(await as(op(h, operator, 'GET', `/enterprises/${h.seed.volt.id}/sites`))).sites.map((s) => s.domain).sort()).toEqual(['outlet.volt.example', 'volt.example']);
    await as(op(h, operator, 'DELETE', `/sites/${site.id}`), 204);
    expect(await errorCode(op(h, operator, 'DELETE', `/sites/${site.id}`))).toBe('not_found');
    // A site with recorded events stays: deactivate it instead.
    expect((await h.post({ events: browse().slice(0, 1) })).status).toBe(202);
    expect(await errorCode(op(h, operator, 'DELETE', `/sites/${h.seed.voltSite.id}`))).toBe('conflict');
  });

  it('lets the enterprise add and edit its own sites, not another’s', async () => {
    const h = api();
    const site = SiteView.parse(await as(call(h.app, 'POST', '/api/v1/enterprise/sites', h.seed.voltKey, { name: 'Volt Pro', domain: 'pro.volt.example' }), 201));
    expect(SiteView.parse(await as(call(h.app, 'PATCH', `/api/v1/enterprise/sites/${site.id}`, h.seed.voltKey, { adapter: { product: { name: { selector: 'h1' } } } }))).adapter).toEqual({ product: { name: { selector: 'h1' } } });
    expect((await call(h.app, 'PATCH', `/api/v1/enterprise/sites/${site.id}`, h.seed.summitKey, { name: 'Mine' })).status).toBe(404);
    const analyst = consoles.member(h.seed.volt.id, 'analyst');
    expect(await errorCode(consoleCall(h.app, 'PATCH', `/api/v1/enterprise/sites/${site.id}`, analyst, { name: 'x' }, h.seed.volt.id))).toBe('role_forbids');
    const admin = consoles.member(h.seed.volt.id, 'admin');
    await as(consoleCall(h.app, 'PATCH', `/api/v1/enterprise/sites/${site.id}`, admin, { name: 'Volt Professional' }, h.seed.volt.id));
    const log = AuditPage.parse(await as(call(h.app, 'GET', '/api/v1/audit?q=pro.volt', h.seed.voltKey)));
    expect(log.entries.map((e) => e.subject)).toEqual(['site pro.volt.example', 'site pro.volt.example', 'site pro.volt.example']);
    expect(log.entries[0]).toMatchObject({ actor: { kind: 'user', role: 'admin' }, before: { name: 'Volt Pro' }, after: { name: 'Volt Professional' } });
  });

  it('sets the marketplace fee through the commission plan', async () => {
    const h = api();
    const operator = consoles.operator();
    expect(await as(op(h, operator, 'GET', `/enterprises/${h.seed.volt.id}/fee`))).toEqual({ basisPoints: 0 });
    await as(call(h.app, 'PUT', '/api/v1/commission/plan', h.seed.voltKey, { currency: 'USD', rules: [{ id: 'all', pay: { kind: 'rate', basisPoints: 500 } }] }));
    expect(await as(op(h, operator, 'PUT', `/enterprises/${h.seed.volt.id}/fee`, { basisPoints: 1_500 }))).toEqual({ basisPoints: 1_500 });
    expect(await as(call(h.app, 'GET', '/api/v1/commission/plan', h.seed.voltKey))).toMatchObject({ feeBasisPoints: 1_500 });
    expect(await errorCode(op(h, operator, 'PUT', `/enterprises/${h.seed.volt.id}/fee`, { basisPoints: 10_001 }))).toBe('invalid_body');
    const [listed] = MarketplaceEnterpriseList.parse(await as(op(h, operator, 'GET', '/enterprises?sort=name'))).enterprises.filter((e) => e.id === h.seed.volt.id);
    expect(listed!.feeBasisPoints).toBe(1_500);
  });

  it('finds approved independent associates by name or e-mail, with their admissions, a page at a time', async () => {
    const h = api();
    const operator = consoles.operator();
    const seeded = [];
    for (const name of ['Ada', 'Bea', 'Cy']) seeded.push(await seedAssociate(h.db.db, h.clock.now(), { employerId: null, displayName: `${name} Indie` }));
    await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, displayName: 'Employed Eve' });
    // An applicant's account (made by registration, not approved): the vetting queue's, not the directory's, even searched by name.
    const applying = await seedAssociate(h.db.db, h.clock.now(), { employerId: null, displayName: 'Abe Applying' });
    await h.db.db.update(associates).set({ approvedAt: null }).where(eq(associates.id, applying.id));
    const all = MarketplaceAssociatePage.parse(await as(op(h, operator, 'GET', '/associates')));
    expect(all.associates.map((a) => a.displayName).sort()).toEqual(['Ada Indie', 'Bea Indie', 'Cy Indie']);
    expect(MarketplaceAssociatePage.parse(await as(op(h, operator, 'GET', '/associates?q=abe'))).associates).toEqual([]);
    // Approved, they are listed.
    await h.db.db.update(associates).set({ approvedAt: h.clock.now() }).where(eq(associates.id, applying.id));
    expect(MarketplaceAssociatePage.parse(await as(op(h, operator, 'GET', '/associates?q=abe'))).associates.map((a) => a.id)).toEqual([applying.id]);
    await h.db.db.update(associates).set({ approvedAt: null }).where(eq(associates.id, applying.id));
    const ada = all.associates.find((a) => a.displayName === 'Ada Indie')!;
    await as(call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: ada.email }), 202);
    await as(call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/accept`, seeded[0]!.token));
    const found = MarketplaceAssociatePage.parse(await as(op(h, operator, 'GET', '/associates?q=ada')));
    expect(found.associates).toHaveLength(1);
    expect(found.associates[0]!.admissions).toEqual([{ enterpriseId: h.seed.volt.id, enterpriseName: 'Voltaire Retail', status: 'accepted', active: true }]);
    const first = MarketplaceAssociatePage.parse(await as(op(h, operator, 'GET', '/associates?limit=2')));
    const second = MarketplaceAssociatePage.parse(await as(op(h, operator, 'GET', `/associates?limit=2&after=${first.next}`)));
    expect([...first.associates, ...second.associates].map((a) => a.id)).toEqual(all.associates.map((a) => a.id));
    expect(second.next).toBeNull();
    expect(await errorCode(op(h, operator, 'GET', '/associates?after=AAAA'))).toBe('invalid_query');
  });

  it('answers only an operator', async () => {
    const h = api();
    const owner = consoles.member(h.seed.volt.id, 'owner');
    expect(await errorCode(consoleCall(h.app, 'GET', '/api/v1/marketplace/enterprises', owner))).toBe('operator_only');
    expect((await call(h.app, 'GET', '/api/v1/marketplace/enterprises', h.seed.voltKey)).status).toBe(401);
    const operator = consoles.operator();
    const noCsrf = await h.app.http.request('/api/v1/marketplace/enterprises', { method: 'POST', headers: { cookie: `fw_console=${operator.token}`, 'content-type': 'application/json' }, body: '{"name":"X"}' });
    expect(await errorCode(noCsrf)).toBe('csrf_failed');
  });
});
