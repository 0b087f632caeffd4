import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { SessionDetail } from '../../../../shared/api';
import { EventBatchAccepted, type ShopperEvent } from '../../../../shared/events';
import { EnterpriseSiteList } from '../../../../shared/identity';
import { OpportunityList } from '../../../../shared/rules';
import type { App } from '../../app';
import { siteIdentitySecrets } from '../../db/schema';
import { createSealer } from '../../sealing';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { ev, T0, VOLT } from '../../testing/fixtures';
import { identityToken, makeIdentitySecret } from '../../testing/identity';
import { IDENTITY_SECRETS_CACHE_MS } from './service';

const GOLD = 'VR-C-1042';

describe.each(DB_KINDS)('verified customer identity on %s', (kind) => {
  // One sealing key for every app over the test's database, as instances of one deployment share SECRETS_KEY.
  const api = useApi(kind, { sealer: createSealer(randomBytes(32)) });
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });
  const call = (key: string | null, method: string, path: string, app: App = h.app) =>
    app.http.request(path, { method, headers: key ? { authorization: `Bearer ${key}` } : {} });
  const sitesOf = async (key: string) => EnterpriseSiteList.parse(await (await call(key, 'GET', '/api/v1/enterprise/sites')).json()).sites;
  const secretsPath = (siteId: string) => `/api/v1/sites/${siteId}/identity-secrets`;
  const now = () => h.clock.now();
  const view = (customerId: string, customerToken?: string): ShopperEvent =>
    ev(now().toISOString(), { type: 'page_view', url: `${VOLT}/p/x`, kind: 'product', customerId, ...(customerToken ? { customerToken } : {}) });
  /** Posts the events and answers the session's aggregate and its stored events, newest last. */
  const send = async (events: ShopperEvent[], app: App = h.app) => {
    const res = await app.http.request('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({ events }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    });
    expect(res.status).toBe(202);
    const { sessionIds } = EventBatchAccepted.parse(await res.json());
    // A replay stores nothing and names no session: the last one is still the shopper's.
    session = sessionIds[0] ?? session;
    return SessionDetail.parse(await (await call(h.seed.voltKey, 'GET', `/api/v1/sessions/${session}`)).json());
  };
  let session: string | undefined;
  const verifiedOf = (detail: SessionDetail) => detail.events.map((e) => e.data.customerVerified);

  it('routes a shopper who only claims a gold customer’s id as nobody in particular, and as that customer once the shop’s token proves it', async () => {
    const rules = { threshold: 4, conditions: [{ id: 'gold', when: { type: 'customer_tier', tiers: ['Gold'] }, points: 4 }] };
    expect((await h.app.http.request('/api/v1/rules/opportunity', { method: 'PUT', body: JSON.stringify(rules), headers: { authorization: `Bearer ${h.seed.voltKey}`, 'content-type': 'application/json' } })).status).toBe(200);
    await h.app.customers.push(h.seed.volt.id, GOLD, { tier: 'gold', notes: 'Prefers morning deliveries' });
    const opened = async () => OpportunityList.parse(await (await call(h.seed.voltKey, 'GET', '/api/v1/opportunities')).json()).opportunities;

    // The page says "I am the gold customer", with nothing to prove it.
    let detail = await send([view(GOLD)]);
    await h.app.opportunities.idle();
    expect(detail.aggregate).toMatchObject({ customerId: null, customerClaim: GOLD });
    expect(await opened()).toEqual([]);

    const { secret } = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    h.clock.advance(1_000);
    detail = await send([view(GOLD, await identityToken(secret, GOLD, { now: now() }))]);
    await h.app.opportunities.idle();
    expect(detail.aggregate).toMatchObject({ customerId: GOLD, customerClaim: null });
    expect((await opened()).map((o) => o.customerExternalId)).toEqual([GOLD]);
  });

  it('takes every batch whatever its tokens, keeps a bad one’s id as a claim, counts what did not verify and logs it without the token', async () => {
    const { secret } = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    const at = { now: now() };
    const cases: [string, string | undefined, boolean, boolean][] = [
      ['a valid token', await identityToken(secret, GOLD, at), true, false],
      ['no token', undefined, false, false],
      ['a token of another secret', await identityToken('fwv_not_the_site_secret_at_all_000000000', GOLD, at), false, true],
      ['another customer’s token', await identityToken(secret, 'VR-C-7', at), false, true],
      ['an expired token', await identityToken(secret, GOLD, { now: new Date(now().getTime() - 7_200_000) }), false, true],
      ['a token good for a week', await identityToken(secret, GOLD, { ...at, ttlSeconds: 7 * 86_400, iat: false }), false, true],
      ['a token signed with HS384', await identityToken(secret, GOLD, { ...at, alg: 'HS384' }), false, true],
      ['a token that is no JWT', 'not.a.jwt', false, true],
    ];
    for (const [name, token, verified, counted] of cases) {
      const before = (await sitesOf(h.seed.voltKey))[0]!.identity.rejectedTokens;
      const detail = await send([view(GOLD, token)]);
      expect({ name, verified: detail.events.at(-1)!.data.customerVerified }).toEqual({ name, verified });
      expect({ name, counted: (await sitesOf(h.seed.voltKey))[0]!.identity.rejectedTokens - before }).toEqual({ name, counted: counted ? 1 : 0 });
      h.clock.advance(1_000);
    }
    const [site] = await sitesOf(h.seed.voltKey);
    expect(site!.identity).toMatchObject({ rejectedTokens: 6, lastRejectedAt: expect.any(String) });
    const stored = JSON.stringify((await send([ev(now().toISOString(), { type: 'search', url: `${VOLT}/s`, terms: 'tv' })])).events);
    expect(stored).not.toContain('customerToken');
    expect(stored).not.toContain(cases[0]![1]!);
    expect(h.logged.filter((l) => l.message === 'identity tokens rejected').length).toBe(6);
    expect(JSON.stringify(h.logged)).not.toContain(cases[2]![1]!);
  });

  it('keeps a replayed batch’s rejected token counted once', async () => {
    const { secret } = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    const bad = view(GOLD, await identityToken(secret, 'VR-C-7', { now: now() }));
    await send([bad]);
    await send([bad]);
    expect((await sitesOf(h.seed.voltKey))[0]!.identity.rejectedTokens).toBe(1);
  });

  it('leaves an id a claim, uncounted, on a site with no identity secret', async () => {
    const detail = await send([view(GOLD, await identityToken('fwv_made_up_secret_000000000000000000000', GOLD, { now: now() }))]);
    expect(verifiedOf(detail)).toEqual([false]);
    expect(detail.aggregate.customerClaim).toBe(GOLD);
    expect((await sitesOf(h.seed.voltKey))[0]!.identity).toEqual({ secrets: [], rejectedTokens: 0, lastRejectedAt: null });
  });

  it('rotates: two secrets live at once, a third refused, a retired one verifies nothing, here at once and elsewhere within the cache time', async () => {
    const other = h.appWith({});
    const first = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    const signedFirst = await identityToken(first.secret, GOLD, { now: now() });
    expect(verifiedOf(await send([view(GOLD, signedFirst)], other))).toEqual([true]);

    h.clock.advance(1_000);
    const second = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    expect(second.secret).not.toBe(first.secret);
    const third = await call(h.seed.voltKey, 'POST', secretsPath(h.seed.voltSite.id));
    expect(third.status).toBe(409);
    expect((await third.json()).error.code).toBe('conflict');
    const listed = (await sitesOf(h.seed.voltKey))[0]!.identity.secrets;
    expect(listed).toEqual([
      { id: first.id, createdAt: first.createdAt },
      { id: second.id, createdAt: second.createdAt },
    ]);
    expect(JSON.stringify(await sitesOf(h.seed.voltKey))).not.toContain('fwv_');

    // Both verify during the rotation.
    const signedSecond = await identityToken(second.secret, GOLD, { now: now() });
    expect(verifiedOf(await send([view(GOLD, signedFirst), view(GOLD, signedSecond)]))).toEqual([true, true, true]);

    expect((await call(h.seed.voltKey, 'DELETE', `${secretsPath(h.seed.voltSite.id)}/${first.id}`)).status).toBe(204);
    expect((await call(h.seed.voltKey, 'DELETE', `${secretsPath(h.seed.voltSite.id)}/${first.id}`)).status).toBe(404);
    h.clock.advance(1_000);
    expect(verifiedOf(await send([view(GOLD, signedFirst)])).at(-1)).toBe(false);
    // The other instance read its keys 2 s ago by the app's clock: it holds the old ones until that clock
    // (not the wall's) has moved past the cache time, then reads them again.
    h.clock.advance(IDENTITY_SECRETS_CACHE_MS - 2_000);
    expect(verifiedOf(await send([view(GOLD, signedFirst)], other)).at(-1)).toBe(true);
    h.clock.advance(1);
    expect(verifiedOf(await send([view(GOLD, signedFirst)], other)).at(-1)).toBe(false);
    expect(verifiedOf(await send([view(GOLD, signedSecond)], other)).at(-1)).toBe(true);
    expect((await sitesOf(h.seed.voltKey))[0]!.identity.secrets.map((s) => s.id)).toEqual([second.id]);
    // Room again for the next rotation.
    expect((await call(h.seed.voltKey, 'POST', secretsPath(h.seed.voltSite.id))).status).toBe(201);
  });

  it('keeps secrets sealed in the database, shown only in the answer that made them', async () => {
    const made = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    expect(made.secret).toMatch(/^fwv_[A-Za-z0-9_-]{40,}$/);
    const [row] = await h.db.db.select().from(siteIdentitySecrets).where(eq(siteIdentitySecrets.id, made.id));
    expect(row!.secret).not.toContain(made.secret.slice(4));
    expect(row!.secret.startsWith('v1.')).toBe(true);
  });

  it('shows and changes only the enterprise’s own sites', async () => {
    expect((await sitesOf(h.seed.voltKey)).map((s) => s.id)).toEqual([h.seed.voltSite.id]);
    expect((await sitesOf(h.seed.summitKey)).map((s) => s.id)).toEqual([h.seed.summitSite.id]);
    const volts = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    const refusals: [string | null, string, string, number][] = [
      [h.seed.summitKey, 'POST', secretsPath(h.seed.voltSite.id), 404],
      [h.seed.summitKey, 'DELETE', `${secretsPath(h.seed.voltSite.id)}/${volts.id}`, 404],
      [h.seed.summitKey, 'DELETE', `${secretsPath(h.seed.summitSite.id)}/${volts.id}`, 404],
      [h.seed.voltKey, 'POST', secretsPath('not-a-site'), 404],
      [h.seed.voltKey, 'DELETE', `${secretsPath(h.seed.voltSite.id)}/not-a-secret`, 404],
      [null, 'POST', secretsPath(h.seed.voltSite.id), 401],
      [null, 'GET', '/api/v1/enterprise/sites', 401],
      [h.seed.voltKey, 'PUT', secretsPath(h.seed.voltSite.id), 405],
    ];
    for (const [key, method, path, status] of refusals) {
      const res = await call(key, method, path);
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
      expect((await res.json()).error.code).toEqual(expect.any(String));
    }
    expect((await sitesOf(h.seed.voltKey))[0]!.identity.secrets.map((s) => s.id)).toEqual([volts.id]);
    expect((await sitesOf(h.seed.summitKey))[0]!.identity.secrets).toEqual([]);
  });

  it('lists each site with its adapter, as the console edits it', async () => {
    const adapter = { product: { name: { selector: 'h1' } }, mask: ['.account-number'] };
    const patch = (body: unknown) =>
      h.app.http.request(`/api/v1/enterprise/sites/${h.seed.voltSite.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${h.seed.voltKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch({ adapter })).status).toBe(200);
    expect((await sitesOf(h.seed.voltKey))[0]!.adapter).toEqual(adapter);
    expect((await patch({ adapter: null })).status).toBe(200);
    expect((await sitesOf(h.seed.voltKey))[0]!.adapter).toBeNull();
  });
});
