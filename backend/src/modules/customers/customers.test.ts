import type { IncomingMessage, ServerResponse } from 'node:http';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { CustomerProfile, CustomerSource } from '../../../../shared/customers';
import { OpportunityList } from '../../../../shared/rules';
import type { App } from '../../app';
import { customerProfiles, customerSources } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { createOutbound, type Resolve } from '../../outbound/client';
import { createSealer, newSecretsKey, parseSecretsKey } from '../../sealing';
import { type ApiHarness, call as callApp, useApi } from '../../testing/api';
import { type Handler, localServer } from '../../testing/local-server';
import { DB_KINDS } from '../../testing/databases';
import { ev, T0, VOLT } from '../../testing/fixtures';
import { identityToken, makeIdentitySecret } from '../../testing/identity';
import { hmacSha256 } from '../../hmac';
import { segmentEnrichment, type SegmentConfig } from './segment';
import { verifySignature, type Verdict } from './signature.core';

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/**
 * The local servers these tests stand up as lookups and providers listen on 127.0.0.1: allowed,
 * as OUTBOUND_ALLOW_HOSTS would. No name resolves: nothing leaves loopback, not even a DNS query.
 */
const loopbackAllowed = createOutbound({ allowHosts: ['127.0.0.1'], resolve: async () => [] });

describe.each(DB_KINDS)('customers on %s', (kind) => {
  const api = useApi(kind, { outbound: loopbackAllowed });
  let h: ApiHarness;
  const servers: { close(): Promise<void> }[] = [];
  const apps: App[] = [];
  beforeEach(() => {
    h = api();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.customers.idle();
    for (const s of servers.splice(0)) await s.close();
  });

  const call = (key: string, method: string, path: string, body?: unknown) =>
    h.app.http.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const serve = async (handler: Handler) => {
    const s = await localServer(handler);
    servers.push(s);
    return s;
  };
  const appWith = (over: Partial<AppDeps>) => {
    const app = h.appWith(over);
    apps.push(app);
    return app;
  };
  const errorOf = async (res: Response) => ApiError.parse(await res.json()).error;
  const profileFor = (enterpriseId: string, externalId: string | null, deadlineMs = 1_000, app = h.app) => app.customers.profileFor(enterpriseId, externalId, { deadlineMs });

  describe('pushed profiles', () => {
    const gold = { tier: 'gold', lifetimeValue: { value: '12000.50', currency: 'EUR' }, tags: ['vip', 'golf'], notes: 'Prefers a call in the afternoon.' };

    it('are stored whole and read back', async () => {
      const put = await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1042', gold);
      expect(put.status).toBe(200);
      const stored = CustomerProfile.parse(await put.json());
      expect(stored).toEqual({ externalId: 'C-1042', ...gold, updatedAt: '2026-03-02T10:00:00.000Z' });
      const got = await call(h.seed.voltKey, 'GET', '/api/v1/customers/C-1042');
      expect([got.status, await got.json()]).toEqual([200, stored]);
      expect(await profileFor(h.seed.volt.id, 'C-1042')).toEqual({ tier: 'gold', lifetimeValue: '12000.50', currency: 'EUR', tags: ['vip', 'golf'], notes: gold.notes });
    });

    it('are replaced by a PUT: what the new one leaves out is no longer known', async () => {
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1042', gold);
      h.clock.advance(60_000);
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1042', { tier: 'silver' });
      const got = CustomerProfile.parse(await (await call(h.seed.voltKey, 'GET', '/api/v1/customers/C-1042')).json());
      expect(got).toEqual({ externalId: 'C-1042', tier: 'silver', lifetimeValue: null, tags: [], notes: null, updatedAt: '2026-03-02T10:01:00.000Z' });
    });

    it.each([
      ['an e-mail address', 'ada.lovelace+shop@example.com'],
      ['an account number with a prefix', 'crm:0042-7'],
      ['200 characters', 'x'.repeat(200)],
    ])('take %s as the id', async (_name, id) => {
      expect((await call(h.seed.voltKey, 'PUT', `/api/v1/customers/${encodeURIComponent(id)}`, { tier: 'gold' })).status).toBe(200);
      expect(CustomerProfile.parse(await (await call(h.seed.voltKey, 'GET', `/api/v1/customers/${encodeURIComponent(id)}`)).json()).externalId).toBe(id);
    });

    it.each([
      ['a space', 'a%20b'],
      ['a slash', 'a%2Fb'],
      ['a NUL', 'a%00b'],
      ['201 characters', 'x'.repeat(201)],
      ['non-ASCII letters', 'J%C3%BCrgen'],
    ])('refuse an id with %s: 400 invalid_path, naming the characters allowed', async (_name, id) => {
      for (const method of ['PUT', 'GET', 'DELETE']) {
        const res = await call(h.seed.voltKey, method, `/api/v1/customers/${id}`, method === 'PUT' ? { tier: 'gold' } : undefined);
        expect(res.status).toBe(400);
        const error = await errorOf(res);
        expect(error.code).toBe('invalid_path');
        expect(error.issues).toEqual([{ path: ['externalId'], message: '1 to 200 letters, digits or any of . _ ~ : @ + -' }]);
      }
      expect(await rows()).toBe(0);
    });

    it.each<[string, unknown, (string | number)[]]>([
      ['an unknown field', { tier: 'gold', segment: 'x' }, []],
      ['a lifetime value that is not a decimal', { lifetimeValue: { value: '12,000', currency: 'EUR' } }, ['lifetimeValue', 'value']],
      ['a lifetime value without its currency', { lifetimeValue: { value: '12.00' } }, ['lifetimeValue', 'currency']],
      ['an empty tier', { tier: '  ' }, ['tier']],
      ['a NUL in the notes', { notes: 'a\u0000b' }, ['notes']],
      ['51 tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, ['tags']],
    ])('refuse a body with %s, naming the field, storing nothing', async (_name, body, path) => {
      const res = await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1', body);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('invalid_body');
      expect(error.issues?.[0]?.path).toEqual(path);
      expect(await rows()).toBe(0);
    });

    it('are forgotten on DELETE, with what was cached of the customer', async () => {
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1', gold);
      expect((await call(h.seed.voltKey, 'DELETE', '/api/v1/customers/C-1')).status).toBe(204);
      expect((await call(h.seed.voltKey, 'GET', '/api/v1/customers/C-1')).status).toBe(404);
      expect((await call(h.seed.voltKey, 'DELETE', '/api/v1/customers/C-1')).status).toBe(404);
      expect(await profileFor(h.seed.volt.id, 'C-1')).toBeNull();
    });

    it('need the enterprise API key', async () => {
      expect((await h.app.http.request('/api/v1/customers/C-1')).status).toBe(401);
      expect((await call(h.token, 'PUT', '/api/v1/customers/C-1', gold)).status).toBe(401);
      expect(await rows()).toBe(0);
    });

    it('are each enterprise’s own: another enterprise can neither read, change nor forget them', async () => {
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1', gold);
      expect((await call(h.seed.summitKey, 'GET', '/api/v1/customers/C-1')).status).toBe(404);
      expect((await call(h.seed.summitKey, 'DELETE', '/api/v1/customers/C-1')).status).toBe(404);
      expect(await profileFor(h.seed.summit.id, 'C-1')).toBeNull();
      // The same id at Summit is another customer.
      await call(h.seed.summitKey, 'PUT', '/api/v1/customers/C-1', { tier: 'bronze' });
      expect(CustomerProfile.parse(await (await call(h.seed.voltKey, 'GET', '/api/v1/customers/C-1')).json()).tier).toBe('gold');
      expect((await profileFor(h.seed.summit.id, 'C-1'))?.tier).toBe('bronze');
      expect((await profileFor(h.seed.volt.id, 'C-1'))?.tier).toBe('gold');
    });
  });

  describe('the lookup source', () => {
    it('shows its signing secret once, keeps it on a change, and rotates it when asked', async () => {
      const created = await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: 'https://crm.volt.example/lookup' });
      expect(created.status).toBe(200);
      const first = CustomerSource.parse(await created.json());
      expect(first).toEqual({ lookupUrl: 'https://crm.volt.example/lookup', ttlSeconds: 300, timeoutMs: 300, updatedAt: '2026-03-02T10:00:00.000Z', secret: expect.stringMatching(/^fwh_[A-Za-z0-9_-]{43}$/) });

      const read = await call(h.seed.voltKey, 'GET', '/api/v1/customer-source');
      expect(await read.json()).toEqual({ lookupUrl: 'https://crm.volt.example/lookup', ttlSeconds: 300, timeoutMs: 300, updatedAt: '2026-03-02T10:00:00.000Z' });

      const changed = CustomerSource.parse(await (await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: 'https://crm.volt.example/v2', ttlSeconds: 60, timeoutMs: 2000 })).json());
      expect(changed).toMatchObject({ lookupUrl: 'https://crm.volt.example/v2', ttlSeconds: 60, timeoutMs: 2000 });
      expect(changed).not.toHaveProperty('secret');

      const rotated = CustomerSource.parse(await (await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: 'https://crm.volt.example/v2', rotateSecret: true })).json());
      expect(rotated.secret).toMatch(/^fwh_/);
      expect(rotated.secret).not.toBe(first.secret);
      // Summit has none of it.
      expect((await call(h.seed.summitKey, 'GET', '/api/v1/customer-source')).status).toBe(404);
    });

    it.each<[string, unknown, (string | number)[]]>([
      ['a URL that is not http(s)', { lookupUrl: 'ftp://crm.volt.example/lookup' }, ['lookupUrl']],
      ['a URL with a password in it', { lookupUrl: 'https://user:pw@crm.volt.example/lookup' }, ['lookupUrl']],
      ['a URL with a fragment', { lookupUrl: 'https://crm.volt.example/lookup#x' }, ['lookupUrl']],
      ['a timeout past 2 seconds', { lookupUrl: 'https://crm.volt.example/lookup', timeoutMs: 2001 }, ['timeoutMs']],
      ['a TTL of 0', { lookupUrl: 'https://crm.volt.example/lookup', ttlSeconds: 0 }, ['ttlSeconds']],
      ['no URL', { ttlSeconds: 60 }, ['lookupUrl']],
    ])('refuses %s', async (_name, body, path) => {
      const res = await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).issues?.[0]?.path).toEqual(path);
      expect((await call(h.seed.voltKey, 'GET', '/api/v1/customer-source')).status).toBe(404);
    });

    it.each([
      ['http to a public name', 'http://crm.volt.example/lookup', 'the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)'],
      ['loopback (other than the 127.0.0.1 these tests allow)', 'https://127.0.0.2:8443/lookup', '127.0.0.2 is not a public address (loopback)'],
      ['localhost', 'https://localhost/lookup', 'localhost is this machine, not a public host'],
      ['a private network address', 'https://10.0.0.7/crm', '10.0.0.7 is not a public address (private)'],
      ['CGNAT space', 'https://100.64.1.1/crm', '100.64.1.1 is not a public address (carrierGradeNat)'],
      ['cloud metadata', 'https://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address (linkLocal)'],
      ['cloud metadata over http', 'http://169.254.169.254/latest/meta-data/', 'the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)'],
      ['cloud metadata as a decimal number', 'https://2852039166/', '169.254.169.254 is not a public address (linkLocal)'],
      ['cloud metadata as IPv4-mapped IPv6', 'https://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe] is not a public address (ipv4Mapped of linkLocal)'],
      ['a unique local IPv6 address', 'https://[fd00::1]/', '[fd00::1] is not a public address (uniqueLocal)'],
    ])('refuses a URL the backend will not call (%s): 400 url_not_allowed naming why, nothing stored', async (_name, lookupUrl, reason) => {
      const res = await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toEqual({ code: 'url_not_allowed', message: `The backend does not call this URL: ${reason}.`, issues: [{ path: ['lookupUrl'], message: reason }] });
      expect((await call(h.seed.voltKey, 'GET', '/api/v1/customer-source')).status).toBe(404);
    });

    it('keeps an existing lookup as it was when a new URL is refused', async () => {
      await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: 'https://crm.volt.example/lookup' });
      expect((await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: 'https://192.168.1.1/lookup', rotateSecret: true })).status).toBe(400);
      expect(CustomerSource.parse(await (await call(h.seed.voltKey, 'GET', '/api/v1/customer-source')).json()).lookupUrl).toBe('https://crm.volt.example/lookup');
    });

    it('stores its signing secret sealed, never as it is', async () => {
      const source = CustomerSource.parse(await (await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: 'https://crm.volt.example/lookup' })).json());
      const [row] = await h.db.db.select().from(customerSources);
      expect(row!.secret).toMatch(/^v1\.[0-9a-f]{8}\./);
      expect(row!.secret).not.toContain(source.secret!.slice(4));
    });

    it('is removed by DELETE, and nothing is looked up after', async () => {
      const lookup = await serve((_req, res) => json(res, 200, { tier: 'gold' }));
      await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: `${lookup.url}/lookup` });
      expect((await call(h.seed.voltKey, 'DELETE', '/api/v1/customer-source')).status).toBe(204);
      expect((await call(h.seed.voltKey, 'DELETE', '/api/v1/customer-source')).status).toBe(404);
      expect(await profileFor(h.seed.volt.id, 'C-1')).toBeNull();
      expect(lookup.requests).toHaveLength(0);
    });
  });

  describe('profileFor with the enterprise’s lookup', () => {
    /** A lookup server that checks each request's signature as an enterprise would, and answers with `answer`. */
    async function lookupServer(answer: Handler = (_req, res) => json(res, 200, { tier: 'silver', tags: ['newsletter'], lifetimeValue: { value: '830.00', currency: 'EUR' } }), app = h.app) {
      const verdicts: Verdict[] = [];
      let secret = '';
      const server = await serve((req, res) => {
        const verdict = verifySignature(
          hmacSha256,
          secret,
          { method: req.method!, pathAndQuery: req.url!, timestamp: req.headers['x-floorwalker-timestamp'] as string | undefined, signature: req.headers['x-floorwalker-signature'] as string | undefined },
          Math.floor(h.clock.now().getTime() / 1000),
        );
        verdicts.push(verdict);
        if (!verdict.ok) return json(res, 401, { error: verdict.reason });
        answer(req, res);
      });
      const put = async (by: App, body: object) => {
        const res = await callApp(by, 'PUT', '/api/v1/customer-source', h.seed.voltKey, { lookupUrl: `${server.url}/crm/lookup?store=paris`, ttlSeconds: 300, timeoutMs: 1000, ...body });
        secret = CustomerSource.parse(await res.json()).secret!;
      };
      await put(app, {});
      /** Rotates the secret (as `by`); the server checks with the new one from then on. */
      const rotate = (by: App) => put(by, { rotateSecret: true });
      return { ...server, verdicts, secret, rotate };
    }
    const asked = (server: { requests: IncomingMessage[] }) => server.requests.map((r) => new URL(r.url!, 'http://x').searchParams.get('customerId'));

    it('calls the lookup signed, and merges its answer under the pushed profile', async () => {
      const lookup = await lookupServer();
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/ada%40example.com', { tier: 'gold', tags: ['VIP'] });
      expect(await profileFor(h.seed.volt.id, 'ada@example.com')).toEqual({ tier: 'gold', lifetimeValue: '830.00', currency: 'EUR', tags: ['VIP', 'newsletter'], notes: null });
      expect(lookup.verdicts).toEqual([{ ok: true }]);
      expect(lookup.requests[0]!.url).toBe('/crm/lookup?store=paris&customerId=ada%40example.com');
      expect(lookup.requests[0]!.method).toBe('GET');
    });

    it('answers from the cache within the TTL, and asks again after it', async () => {
      const lookup = await lookupServer();
      expect((await profileFor(h.seed.volt.id, 'C-7'))?.tier).toBe('silver');
      await h.app.customers.idle(); // the answer is cached in the background
      h.clock.advance(299_000);
      expect((await profileFor(h.seed.volt.id, 'C-7'))?.tier).toBe('silver');
      expect(asked(lookup)).toEqual(['C-7']);
      h.clock.advance(1_000);
      expect((await profileFor(h.seed.volt.id, 'C-7'))?.tier).toBe('silver');
      expect(asked(lookup)).toEqual(['C-7', 'C-7']);
      expect(lookup.verdicts.every((v) => v.ok)).toBe(true);
    });

    it('caches a customer the lookup does not know (404), so it is not asked on every event', async () => {
      const lookup = await lookupServer((_req, res) => json(res, 404, { error: 'unknown customer' }));
      expect(await profileFor(h.seed.volt.id, 'C-404')).toBeNull();
      await h.app.customers.idle();
      expect(await profileFor(h.seed.volt.id, 'C-404')).toBeNull();
      expect(asked(lookup)).toEqual(['C-404']);
    });

    it('asks once for concurrent needs of one customer', async () => {
      const lookup = await lookupServer((_req, res) => setTimeout(() => json(res, 200, { tier: 'gold' }), 50));
      const answers = await Promise.all([1, 2, 3].map(() => profileFor(h.seed.volt.id, 'C-9')));
      expect(answers.map((a) => a?.tier)).toEqual(['gold', 'gold', 'gold']);
      expect(asked(lookup)).toEqual(['C-9']);
    });

    it('carries on without a slow lookup: null within the deadline, logged without the secret', async () => {
      const lookup = await lookupServer((_req, res) => setTimeout(() => json(res, 200, { tier: 'gold' }), 5_000));
      const started = performance.now();
      expect(await profileFor(h.seed.volt.id, 'C-1', 200)).toBeNull();
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(150);
      expect(took).toBeLessThan(200 + 300);
      await h.app.customers.idle();
      expect(failures()).toEqual([expect.objectContaining({ source: 'lookup', reason: 'no answer in time', host: new URL(lookup.url).host })]);
      expect(JSON.stringify(h.logged)).not.toContain(lookup.secret);
      expect(JSON.stringify(h.logged)).not.toContain('C-1');
    });

    it('still gives the pushed profile when the lookup is slow', async () => {
      await lookupServer((_req, res) => setTimeout(() => json(res, 200, { tier: 'silver', notes: 'late' }), 5_000));
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1', { tier: 'gold' });
      expect(await profileFor(h.seed.volt.id, 'C-1', 200)).toEqual({ tier: 'gold', lifetimeValue: null, currency: null, tags: [], notes: null });
    });

    it.each<[string, Handler, string]>([
      ['a 500', (_req, res) => json(res, 500, { error: 'boom' }), 'the lookup answered 500'],
      ['a body that is not JSON', (_req, res) => json(res, 200, '{"tier": "gold"'), 'the answer is not JSON'],
      ['JSON that is not a profile', (_req, res) => json(res, 200, { tier: 42 }), 'the lookup\'s answer is not a profile (tier: Invalid input: expected string, received number)'],
      ['a redirect', (_req, res) => (res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }), res.end()), 'the lookup answered 302'],
      ['an answer past 64 KB', (_req, res) => json(res, 200, { tier: 'gold', notes: 'x'.repeat(70_000) }), 'the answer is larger than 65536 bytes'],
    ])('carries on without a lookup that gives %s: null, logged', async (_name, answer, reason) => {
      await lookupServer(answer);
      expect(await profileFor(h.seed.volt.id, 'C-1')).toBeNull();
      await h.app.customers.idle();
      expect(failures()).toEqual([expect.objectContaining({ source: 'lookup', reason })]);
      expect(await rows()).toBe(0); // a failure is not cached as an answer
    });

    it('refuses an answer with fields a profile does not have, logging their names and never their values', async () => {
      await lookupServer((_req, res) => json(res, 200, { tier: 'gold', notes: 'ok', internal_role: 'db-admin', aws_secret: 'AKIAIOSFODNN7EXAMPLE' }));
      expect(await profileFor(h.seed.volt.id, 'C-1')).toBeNull();
      await h.app.customers.idle();
      expect(failures()).toEqual([expect.objectContaining({ source: 'lookup', reason: 'the lookup\'s answer has fields a profile does not ("internal_role", "aws_secret")' })]);
      expect(JSON.stringify(h.logged)).not.toContain('db-admin');
      expect(JSON.stringify(h.logged)).not.toContain('AKIA');
      expect(await rows()).toBe(0);
    });

    it('refuses an unknown field inside the lifetime value too', async () => {
      await lookupServer((_req, res) => json(res, 200, { lifetimeValue: { value: '1.00', currency: 'EUR', margin: '0.4' } }));
      expect(await profileFor(h.seed.volt.id, 'C-1')).toBeNull();
      await h.app.customers.idle();
      expect(failures()).toEqual([expect.objectContaining({ reason: 'the lookup\'s answer has fields a profile does not ("margin")' })]);
    });

    it('refuses, when it connects, a lookup name that now resolves to the metadata address', async () => {
      const asked: string[] = [];
      const rebinding: Resolve = async (name) => (asked.push(name), [{ address: '169.254.169.254', family: 4 }]);
      const app = appWith({ outbound: createOutbound({ resolve: rebinding }) });
      // The name passes when it is set: names are checked when the backend connects, every time.
      expect((await callApp(app, 'PUT', '/api/v1/customer-source', h.seed.voltKey, { lookupUrl: 'https://crm.rebind.example/lookup' })).status).toBe(200);
      expect(await profileFor(h.seed.volt.id, 'C-1', 1_000, app)).toBeNull();
      await app.customers.idle();
      expect(asked).toEqual(['crm.rebind.example']);
      expect(failures()).toEqual([
        expect.objectContaining({ source: 'lookup', host: 'crm.rebind.example', reason: 'refused: crm.rebind.example resolves to 169.254.169.254, not a public address (linkLocal)' }),
      ]);
    });

    it('keeps a failing lookup paused when its URL changes: a new URL gets no call until the pause ends', async () => {
      const failing = await lookupServer((_req, res) => json(res, 500, {}));
      expect(await profileFor(h.seed.volt.id, 'C-1')).toBeNull();
      const other = await serve((_req, res) => json(res, 200, { tier: 'gold' }));
      expect((await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: `${other.url}/lookup` })).status).toBe(200);
      expect(await profileFor(h.seed.volt.id, 'C-2')).toBeNull();
      expect([failing.requests.length, other.requests.length]).toEqual([1, 0]);
      h.clock.advance(10_000);
      expect((await profileFor(h.seed.volt.id, 'C-2'))?.tier).toBe('gold');
      expect(other.requests).toHaveLength(1);
    });

    it('leaves a failing lookup alone for a while, then asks again', async () => {
      let status = 500;
      const lookup = await lookupServer((_req, res) => json(res, status, { tier: 'gold' }));
      expect(await profileFor(h.seed.volt.id, 'C-1')).toBeNull();
      expect(await profileFor(h.seed.volt.id, 'C-2')).toBeNull();
      expect(asked(lookup)).toEqual(['C-1']);
      status = 200;
      h.clock.advance(10_000);
      expect((await profileFor(h.seed.volt.id, 'C-2'))?.tier).toBe('gold');
      expect(asked(lookup)).toEqual(['C-1', 'C-2']);
    });

    it('uses a stale answer when asking again fails', async () => {
      let status = 200;
      await lookupServer((_req, res) => json(res, status, { tier: 'gold' }));
      expect((await profileFor(h.seed.volt.id, 'C-1'))?.tier).toBe('gold');
      await h.app.customers.idle();
      status = 503;
      h.clock.advance(301_000);
      expect((await profileFor(h.seed.volt.id, 'C-1'))?.tier).toBe('gold');
      expect(failures()).toHaveLength(1);
    });

    it('forgets what the lookup said when its settings change', async () => {
      const lookup = await lookupServer();
      await profileFor(h.seed.volt.id, 'C-1');
      await h.app.customers.idle();
      await call(h.seed.voltKey, 'PUT', '/api/v1/customer-source', { lookupUrl: `${lookup.url}/crm/lookup?store=paris`, ttlSeconds: 600 });
      await profileFor(h.seed.volt.id, 'C-1');
      expect(asked(lookup)).toEqual(['C-1', 'C-1']);
    });

    it('asks nothing without a customer id, or with one no customer can have', async () => {
      const lookup = await lookupServer();
      expect(await profileFor(h.seed.volt.id, null)).toBeNull();
      expect(await profileFor(h.seed.volt.id, 'not an id')).toBeNull();
      expect(lookup.requests).toHaveLength(0);
    });

    it('signs with a secret stored in clear before secrets were sealed, and seals it as it reads it', async () => {
      const lookup = await lookupServer();
      await h.db.db.update(customerSources).set({ secret: lookup.secret });
      expect((await profileFor(h.seed.volt.id, 'C-1'))?.tier).toBe('silver');
      await h.app.customers.idle();
      const [row] = await h.db.db.select().from(customerSources);
      expect(row!.secret).toMatch(/^v1\./);
      h.clock.advance(300_000);
      expect((await profileFor(h.seed.volt.id, 'C-1'))?.tier).toBe('silver');
      expect(lookup.verdicts).toEqual([{ ok: true }, { ok: true }]);
    });

    it('opens a secret sealed under the previous key after a rotation of SECRETS_KEY, and re-seals it under the new one', async () => {
      const [older, newer] = [parseSecretsKey(newSecretsKey()), parseSecretsKey(newSecretsKey())];
      const before = appWith({ sealer: createSealer(older) });
      const lookup = await lookupServer(undefined, before);
      const after = appWith({ sealer: createSealer(newer, [older]) });
      expect((await profileFor(h.seed.volt.id, 'C-1', 1_000, after))?.tier).toBe('silver');
      await after.customers.idle();
      const [row] = await h.db.db.select().from(customerSources);
      expect(createSealer(newer).isCurrent(row!.secret)).toBe(true);
      expect(createSealer(newer).open(row!.secret)).toBe(lookup.secret);
      expect(lookup.verdicts).toEqual([{ ok: true }]);
    });

    it('fails the lookup, logging once what to do, when SECRETS_KEY does not open its secret; a rotated secret works again', async () => {
      const lookup = await lookupServer(undefined, appWith({ sealer: createSealer(parseSecretsKey(newSecretsKey())) }));
      const other = appWith({ sealer: createSealer(parseSecretsKey(newSecretsKey())) });
      expect(await profileFor(h.seed.volt.id, 'C-1', 1_000, other)).toBeNull();
      h.clock.advance(10_000);
      expect(await profileFor(h.seed.volt.id, 'C-2', 1_000, other)).toBeNull();
      const told = h.logged.filter((l) => l.message === "SECRETS_KEY does not open the lookup's secret; set it again with rotateSecret");
      expect(told).toEqual([{ message: told[0]!.message, fields: expect.objectContaining({ enterpriseId: h.seed.volt.id }) }]);
      expect(lookup.requests).toHaveLength(0);
      // Never a 5xx: the source reads as it is, and rotating its secret mends it.
      expect((await callApp(other, 'GET', '/api/v1/customer-source', h.seed.voltKey)).status).toBe(200);
      await lookup.rotate(other);
      h.clock.advance(10_000);
      expect((await profileFor(h.seed.volt.id, 'C-3', 1_000, other))?.tier).toBe('silver');
      expect(lookup.verdicts).toEqual([{ ok: true }]);
    });

    it('never asks one enterprise’s lookup about another’s customers', async () => {
      const lookup = await lookupServer();
      expect(await profileFor(h.seed.summit.id, 'C-1')).toBeNull();
      expect(lookup.requests).toHaveLength(0);
    });
  });

  describe('profileFor with Segment’s Profile API as the enrichment', () => {
    const TOKEN = 'sgp_test_token_0123456789';
    /** A server speaking the Profile API for one space, with one known user. */
    async function segment() {
      return serve((req, res) => {
        const url = new URL(req.url!, 'http://x');
        if (req.headers.authorization !== `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`) return json(res, 401, { error: { code: 'unauthorized' } });
        const match = /^\/v1\/spaces\/spa_volt\/collections\/users\/profiles\/([^/]+)\/traits$/.exec(url.pathname);
        if (!match) return json(res, 404, { error: { code: 'not_found', message: 'no such route' } });
        const id = decodeURIComponent(match[1]!);
        if (id !== 'user_id:C-1') return json(res, 404, { error: { code: 'not_found', message: 'profile not found' } });
        const all: Record<string, unknown> = { loyalty_tier: 'Platinum', ltv: 5120.5, segments: 'outdoor, churn-risk', first_name: 'Ada' };
        const include = url.searchParams.get('include')?.split(',') ?? Object.keys(all);
        json(res, 200, { traits: Object.fromEntries(Object.entries(all).filter(([k]) => include.includes(k))), cursor: { url: url.pathname, has_more: false, next: '' } });
      });
    }
    const config = (baseUrl: string, over: Partial<SegmentConfig> = {}): SegmentConfig => ({
      baseUrl,
      spaceId: 'spa_volt',
      accessToken: TOKEN,
      enterpriseIds: [h.seed.volt.id],
      idType: 'user_id',
      traits: { tier: 'loyalty_tier', lifetimeValue: 'ltv', tags: 'segments' },
      currency: 'USD',
      ttlSeconds: 3600,
      ...over,
    });

    it('reads the traits it was told about as facts, under what the enterprise says itself', async () => {
      const server = await segment();
      const app = appWith({ customerEnrichment: segmentEnrichment(config(server.url), loopbackAllowed) });
      expect(await profileFor(h.seed.volt.id, 'C-1', 1_000, app)).toEqual({ tier: 'Platinum', lifetimeValue: '5120.50', currency: 'USD', tags: ['outdoor', 'churn-risk'], notes: null });
      expect(new URL(server.requests[0]!.url!, 'http://x').searchParams.get('include')).toBe('loyalty_tier,ltv,segments');
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/C-1', { tier: 'gold', tags: ['VIP'] });
      expect(await profileFor(h.seed.volt.id, 'C-1', 1_000, app)).toMatchObject({ tier: 'gold', lifetimeValue: '5120.50', tags: ['VIP', 'outdoor', 'churn-risk'] });
      expect(server.requests).toHaveLength(1); // cached for its TTL
    });

    it('knows nothing of a profile it does not have (404), and caches that', async () => {
      const server = await segment();
      const app = appWith({ customerEnrichment: segmentEnrichment(config(server.url), loopbackAllowed) });
      expect(await profileFor(h.seed.volt.id, 'C-2', 1_000, app)).toBeNull();
      await app.customers.idle();
      expect(await profileFor(h.seed.volt.id, 'C-2', 1_000, app)).toBeNull();
      expect(server.requests).toHaveLength(1);
    });

    it('asks nothing about the customers of an enterprise it was not configured for', async () => {
      const server = await segment();
      const app = appWith({ customerEnrichment: segmentEnrichment(config(server.url), loopbackAllowed) });
      expect(await profileFor(h.seed.summit.id, 'C-1', 1_000, app)).toBeNull();
      expect(server.requests).toHaveLength(0);
    });

    it('carries on without it when it refuses the token, and logs that without the token', async () => {
      const server = await segment();
      const app = appWith({ customerEnrichment: segmentEnrichment(config(server.url, { accessToken: 'sgp_wrong_token_0000000' }), loopbackAllowed) });
      expect(await profileFor(h.seed.volt.id, 'C-1', 1_000, app)).toBeNull();
      await app.customers.idle();
      expect(failures()).toEqual([expect.objectContaining({ source: 'enrichment', provider: 'segment', reason: 'segment answered 401' })]);
      expect(JSON.stringify(h.logged)).not.toContain('sgp_');
    });
  });

  describe('through the app', () => {
    it('opens an opportunity for a customer the enterprise pushed as gold, from the id a page view carried with its signed token', async () => {
      const rules = { threshold: 4, conditions: [{ id: 'gold', when: { type: 'customer_tier', tiers: ['Gold'] }, points: 4 }] };
      expect((await call(h.seed.voltKey, 'PUT', '/api/v1/rules/opportunity', rules)).status).toBe(200);
      await call(h.seed.voltKey, 'PUT', '/api/v1/customers/VR-C-1042', { tier: 'gold' });
      const { secret } = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
      const view = async (id: string) =>
        ev(T0, { type: 'page_view', url: `${VOLT}/p/x`, kind: 'product', customerId: id, customerToken: await identityToken(secret, id, { now: h.clock.now() }) });
      // Another customer first: not gold, nothing opens.
      expect((await h.post({ events: [await view('VR-C-7')] })).status).toBe(202);
      await h.app.opportunities.idle();
      expect(OpportunityList.parse(await (await call(h.seed.voltKey, 'GET', '/api/v1/opportunities')).json()).opportunities).toEqual([]);
      h.clock.advance(1_000);
      expect((await h.post({ events: [await view('VR-C-1042')] })).status).toBe(202);
      await h.app.opportunities.idle();
      const opened = OpportunityList.parse(await (await call(h.seed.voltKey, 'GET', '/api/v1/opportunities')).json()).opportunities;
      expect(opened.map((o) => o.customerExternalId)).toEqual(['VR-C-1042']);
    });
  });

  function failures() {
    return h.logged.filter((l) => l.message === 'customer source failed').map((l) => l.fields);
  }

  async function rows(): Promise<number> {
    const [row] = await h.db.db.select({ n: count() }).from(customerProfiles).where(eq(customerProfiles.enterpriseId, h.seed.volt.id));
    return row!.n;
  }
});
