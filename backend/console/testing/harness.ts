/**
 * A real backend for looking at the console: the app on PGlite in a temporary folder, two seeded
 * enterprises with sessions, associates and keys, and the console's built files. The console's
 * account routes (sign-in, me) belong to another module; until it is merged, this harness answers
 * them itself with one test user, through the app's `consoles` seam. None of this is in production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ConsoleMe, Role } from '../../../shared/console';
import { createApp } from '../../src/app';
import { openDb } from '../../src/db/open';
import { defaultDeps, defaultLimits } from '../../src/deps';
import type { ConsoleCredentials } from '../../src/http/auth';
import { CONSOLE_DIST } from '../../src/modules/console-app/routes';
import { manualClock } from '../../src/testing/clock';
import { browse, ev, eventId, seedTwoEnterprises, VOLT } from '../../src/testing/fixtures';

export const HARNESS_USER = { email: 'olivia@voltaire.example', password: 'a long enough secret', totp: '123456' };
const SESSION = 'harness-console-session-token';
const CSRF = 'harness-csrf-token-0123456789';
const USER_ID = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';

export interface Harness {
  url: string;
  enterprises: { volt: string; summit: string };
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const folder = mkdtempSync(join(tmpdir(), 'fw-console-screens-'));
  const database = await openDb({ pgliteDir: folder });
  const clock = manualClock('2026-03-02T12:00:00.000Z');
  let roles: Record<string, Role> = {};
  // A third enterprise the user reaches through a support access (as an operator would): an admin's rights, shown as the access.
  const SUPPORT_ACCESS = '7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9';
  let supported = '';
  const consoles: ConsoleCredentials = {
    session: async (token) => (token === SESSION ? { userId: USER_ID, csrfToken: CSRF, operator: false } : undefined),
    standing: async (userId, enterpriseId) =>
      userId !== USER_ID ? undefined : roles[enterpriseId] ? { role: roles[enterpriseId]!, supportAccessId: null } : enterpriseId === supported ? { role: 'admin', supportAccessId: SUPPORT_ACCESS } : undefined,
  };
  const app = createApp(defaultDeps(database.db, database.kind, { clock: clock.now, consoles, consoleDist: CONSOLE_DIST, limits: { ...defaultLimits, passwordCost: 10 }, log: () => {} }));
  const seed = await seedTwoEnterprises(app);
  roles = { [seed.volt.id]: 'owner', [seed.summit.id]: 'analyst' };
  const northwind = await app.tenancy.createEnterprise('Northwind Home');
  supported = northwind.id;
  const call = async (method: string, path: string, auth: string, body?: unknown) => {
    const res = await app.http.request(path, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  // Sessions: five shoppers browsing Voltaire, a few minutes each, an hour or so apart.
  for (let i = 0; i < 5; i++) {
    const shopper = (await (await app.http.request('/api/v1/shoppers', { method: 'POST' })).json()) as { token: string };
    const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
    const base = i * 23;
    const events = browse().map((e) => ({ ...e, id: eventId(), at: shift(e.at, base) }));
    for (let m = 1; m <= 2 + i; m++) events.push({ ...ev(shift('2026-03-02T10:00:30.000Z', base + m), { type: 'page_view', url: `${VOLT}/c/audio?page=${m}`, kind: 'listing', title: 'Audio' }) });
    await call('POST', '/api/v1/events', shopper.token, { events });
  }
  // Associates: three employees, one with accreditations, one deactivated; an invited one.
  const people = [
    ['ana@voltaire.example', 'Ana Ortiz'],
    ['ben@voltaire.example', 'Ben Carter'],
    ['chloe@voltaire.example', 'Chloé Martin'],
  ];
  const ids: string[] = [];
  for (const [email, displayName] of people) ids.push(((await call('POST', '/api/v1/associates', seed.voltKey, { email, displayName })) as { associate: { id: string } }).associate.id);
  await call('PUT', `/api/v1/associates/${ids[0]}/accreditations`, seed.voltKey, { accreditations: [{ category: ['Audio', 'Headphones'], level: 4 }, { category: ['TV'], level: 2 }] });
  await call('POST', `/api/v1/associates/${ids[2]}/deactivate`, seed.voltKey);
  await call('POST', '/api/v1/api-keys', seed.voltKey, { label: 'Shop order webhook' });

  const me = (): ConsoleMe => ({
    user: { id: USER_ID, email: HARNESS_USER.email, name: 'Olivia Brandt', operator: false, totpEnabled: true },
    memberships: [
      { enterpriseId: seed.volt.id, enterpriseName: 'Voltaire Retail', role: 'owner', suspended: false },
      { enterpriseId: seed.summit.id, enterpriseName: 'Summit Outdoor Co.', role: 'analyst', suspended: false },
    ],
    supportAccesses: [
      {
        id: SUPPORT_ACCESS,
        enterpriseId: northwind.id,
        enterpriseName: northwind.name,
        operatorId: USER_ID,
        operatorEmail: HARNESS_USER.email,
        reason: 'Ticket 4711: the rules preview',
        startedAt: new Date(Date.now() - 15 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 45 * 60_000).toISOString(),
        endedAt: null,
      },
    ],
    csrfToken: CSRF,
  });
  const unauthorized = { error: { code: 'unauthorized', message: 'Sign in to the console.' } };
  // The account routes as the console expects them (shared/console.ts), for one user.
  const account = new Hono()
    .get('/me', (c) => (getCookie(c, 'fw_console') === SESSION ? c.json(me()) : c.json(unauthorized, 401)))
    .post('/sign-in', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { email?: string; password?: string; totp?: string };
      if (!body.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email))
        return c.json({ error: { code: 'invalid_body', message: 'The request body does not match the schema.', issues: [{ path: ['email'], message: 'Invalid email address' }] } }, 400);
      if (body.email !== HARNESS_USER.email || body.password !== HARNESS_USER.password) return c.json({ error: { code: 'unauthorized', message: 'The e-mail or the password is wrong.' } }, 401);
      if (!body.totp) return c.json({ error: { code: 'second_factor_required', message: 'Type the six-digit code of your authenticator app.' } }, 401);
      if (body.totp !== HARNESS_USER.totp) return c.json({ error: { code: 'invalid_body', message: 'The code is wrong.', issues: [{ path: ['totp'], message: 'This code is not the one your app shows now.' }] } }, 400);
      setCookie(c, 'fw_console', SESSION, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return c.json(me());
    })
    .post('/sign-out', (c) => {
      setCookie(c, 'fw_console', '', { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 0 });
      return c.body(null, 204);
    })
    .post('/password/reset-request', (c) => c.json({ ok: true }, 202))
    .post('/password', (c) => c.json({ error: { code: 'invalid_body', message: 'The request body does not match the schema.', issues: [{ path: ['current'], message: 'This is not your current password.' }] } }, 400))
    .post('/totp/setup', (c) => c.json({ secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Floorwalker:olivia@voltaire.example?secret=JBSWY3DPEHPK3PXP&issuer=Floorwalker' }));
  const fake = new Hono().route('/api/v1/console', account);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: (req) => (new URL(req.url).pathname.startsWith('/api/v1/console/') ? fake.fetch(req) : app.http.fetch(req)), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    enterprises: { volt: seed.volt.id, summit: seed.summit.id },
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
