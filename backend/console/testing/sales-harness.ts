/**
 * A real backend to look at the console's Sales pages: the app on PGlite in a temporary folder,
 * Voltaire Retail seeded through the API with its key (catalogue, materials, a commission plan,
 * orders attributed to engagements, their ledger, a refund) and the console's built files.
 *
 * Console sign-in belongs to another module: here a gateway in front of the app stands for it.
 * A request with the harness's session cookie and the enterprise header is checked as the
 * console seam checks one (CSRF on a change, the role's rules from roles.core.ts), then sent on
 * with the enterprise's key. None of this is in production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { CONSOLE_COOKIE, CSRF_HEADER, type ConsoleMe, ENTERPRISE_HEADER, type Role } from '../../../shared/console';
import { createApp } from '../../src/app';
import { openDb } from '../../src/db/open';
import { associates } from '../../src/db/schema';
import { defaultDeps, defaultLimits } from '../../src/deps';
import { roleAllows } from '../../src/http/roles.core';
import { CONSOLE_DIST } from '../../src/modules/console-app/routes';
import { SETTLE_BATCH_MS } from '../../src/modules/orders/follow';
import { manualClock } from '../../src/testing/clock';
import { seedTwoEnterprises } from '../../src/testing/fixtures';
import { seedEngagements } from '../../src/testing/orders';

export const SESSION = 'sales-harness-console-session';
const CSRF = 'sales-harness-csrf-token-0123456789';
const USER_ID = '7d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const DAY = 86_400_000;

export interface SalesHarness {
  url: string;
  setRole(role: Role): void;
  close(): Promise<void>;
}

const PRODUCTS = [
  ['WH-1000XM5', 'Sony WH-1000XM5 wireless headphones', 'Sony', ['Audio', 'Headphones'], 34_900, 29_900, 'in_stock', 14],
  ['QC-ULTRA', 'Bose QuietComfort Ultra headphones', 'Bose', ['Audio', 'Headphones'], 44_900, null, 'in_stock', 6],
  ['AIRPODS-MAX', 'Apple AirPods Max', 'Apple', ['Audio', 'Headphones'], 57_900, null, 'out_of_stock', 0],
  ['SONOS-ERA100', 'Sonos Era 100 speaker', 'Sonos', ['Audio', 'Speakers'], 24_900, null, 'in_stock', 22],
  ['LG-C3-55', 'LG OLED evo C3 55"', 'LG', ['TV', 'OLED'], 149_900, 129_900, 'in_stock', 4],
  ['SAMSUNG-S90C-65', 'Samsung S90C 65" OLED', 'Samsung', ['TV', 'OLED'], 199_900, null, 'backorder', null],
  ['HDMI-21-2M', 'HDMI 2.1 cable, 2 m', 'Belkin', ['TV', 'Accessories'], 2_990, null, 'in_stock', 120],
  ['CASE-XM5', 'Travel case for WH-1000XM5', 'Sony', ['Audio', 'Accessories'], 3_900, null, 'preorder', null],
] as const;

export async function startSalesHarness(): Promise<SalesHarness> {
  const folder = mkdtempSync(join(tmpdir(), 'fw-sales-screens-'));
  const database = await openDb({ pgliteDir: folder });
  // The app's clock is today's, so the console's "last 30 days" holds the seeded orders.
  const clock = manualClock(new Date(Math.floor(Date.now() / DAY) * DAY + 10 * 3_600_000).toISOString());
  const app = createApp(defaultDeps(database.db, database.kind, { clock: clock.now, consoleDist: CONSOLE_DIST, limits: { ...defaultLimits, passwordCost: 10 }, log: () => {} }));
  const seed = await seedTwoEnterprises(app);
  const key = seed.voltKey;
  const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await app.http.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': type }, ...(body === undefined ? {} : { body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : ((await res.json()) as Record<string, any>);
  };
  const now = clock.now().getTime();

  // The catalogue.
  await call('PUT', '/api/v1/catalog/products', {
    products: PRODUCTS.map(([sku, name, brand, category, price, salePrice, availability, stock]) => ({
      sku,
      name,
      brand,
      category: [...category],
      currency: 'EUR',
      price,
      salePrice,
      availability,
      stock,
      url: `https://volt.example/p/${sku.toLowerCase()}`,
      description: `${name}: as sold in Voltaire's shops.`,
      attributes: category[0] === 'Audio' ? { colour: 'Black', connection: 'Bluetooth 5.3' } : { size: '55"', panel: 'OLED' },
      related: sku === 'WH-1000XM5' ? { accessories: ['CASE-XM5'], alternatives: ['QC-ULTRA', 'AIRPODS-MAX'], bundles: [] } : undefined,
    })),
  });

  // Materials: a technique, a link, a document with its file.
  await call('POST', '/api/v1/materials', { kind: 'technique', title: 'Noise cancelling: the quiet demo', markdown: '1. Ask where they listen: commute, office, flights.\n2. Offer to switch ANC on and off while they talk.\n3. Name the battery life **30 h** only after.', tags: { categories: [['Audio', 'Headphones']], rules: ['asked'], channels: ['chat', 'voice'], languages: ['en'] } });
  await call('POST', '/api/v1/materials', { kind: 'link', title: 'OLED burn-in: what the warranty covers', url: 'https://volt.example/help/oled-warranty', tags: { categories: [['TV', 'OLED']], rules: [], channels: [], languages: ['en', 'fr'] } });
  const doc = await call('POST', '/api/v1/materials', { kind: 'document', title: 'Headphones comparison sheet', fileName: 'headphones-comparison.pdf', tags: { categories: [['Audio']], rules: [], channels: ['chat'], languages: [] } });
  await call('PUT', `/api/v1/materials/${doc!.id}/file`, new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'application/pdf');
  await call('PATCH', `/api/v1/materials/${(await call('GET', '/api/v1/materials'))!.materials[0].id}`, { markdown: '1. Ask where they listen: commute, office, flights.\n2. Offer to switch ANC on and off while they talk.\n3. Name the battery life **30 h** only after.\n4. Offer the travel case.' });

  // The plan, then engagements over the last three weeks and their orders.
  await call('PUT', '/api/v1/commission/plan', {
    currency: 'EUR',
    holdDays: 14,
    rules: [
      { id: 'oled', when: { categoryPrefix: 'TV > OLED' }, pay: { kind: 'rate', basisPoints: 300, tiers: { mode: 'whole', steps: [{ fromMinor: 500_000, basisPoints: 400 }] } } },
      { id: 'gold-customers', when: { customerTiers: ['gold'] }, pay: { kind: 'rate', basisPoints: 800 } },
      { id: 'accessories', when: { categoryPrefix: 'Audio > Accessories' }, pay: { kind: 'fixed', amountMinor: 200, per: 'line' } },
      { id: 'everything-else', when: {}, pay: { kind: 'rate', basisPoints: 500 } },
    ],
  });
  const engagements = await seedEngagements(database.db, { enterpriseId: seed.volt.id, count: 14, associateCount: 3, now: clock.now(), answeredAt: (i) => new Date(now - (20 - i * 1.4) * DAY) });
  const people = ['Ana Ortiz', 'Ben Carter', 'Chloé Martin'];
  const ids = [...new Set(engagements.map((e) => e.associateId))];
  for (const [i, id] of ids.entries()) await database.db.update(associates).set({ displayName: people[i]!, email: `${people[i]!.split(' ')[0]!.toLowerCase()}@voltaire.example` }).where(eq(associates.id, id));
  const baskets = [
    [['WH-1000XM5', ['Audio', 'Headphones'], '299.00'], ['CASE-XM5', ['Audio', 'Accessories'], '39.00']],
    [['LG-C3-55', ['TV', 'OLED'], '1299.00'], ['HDMI-21-2M', ['TV', 'Accessories'], '29.90']],
    [['SONOS-ERA100', ['Audio', 'Speakers'], '249.00']],
    [['QC-ULTRA', ['Audio', 'Headphones'], '449.00']],
  ] as const;
  const orderIds: string[] = [];
  for (const [i, e] of engagements.entries()) {
    if (i % 5 === 4) continue; // some engagements did not buy
    const lines = baskets[i % baskets.length]!.map(([sku, category, net], n) => ({ id: `L${n + 1}`, sku, category: [...category], quantity: 1, net }));
    const placed = await call('POST', '/api/v1/orders', { id: `VOLT-${1040 + i}`, number: `#${1040 + i}`, placedAt: new Date(e.answeredAt.getTime() + 40 * 60_000).toISOString(), currency: 'EUR', engagementId: e.id, lines });
    orderIds.push(placed!.id);
  }
  await call('POST', '/api/v1/orders', { id: 'VOLT-1100', number: '#1100', placedAt: new Date(now - 2 * DAY).toISOString(), currency: 'EUR', lines: [{ id: 'L1', sku: 'HDMI-21-2M', category: ['TV', 'Accessories'], quantity: 2, net: '59.80' }] });
  const runJobs = async () => {
    await app.jobs.runDue();
    clock.advance(SETTLE_BATCH_MS + 1_000);
    await app.jobs.runDue();
  };
  await runJobs();
  await call('POST', `/api/v1/orders/${orderIds[2]}/refunds`, { id: 'RF-1', scope: { kind: 'whole_order' } });
  await runJobs();

  let role: Role = 'owner';
  const me = (): ConsoleMe => ({
    user: { id: USER_ID, email: 'olivia@voltaire.example', name: 'Olivia Brandt', operator: false, totpEnabled: true },
    memberships: [{ enterpriseId: seed.volt.id, enterpriseName: 'Voltaire Retail', role, suspended: false }],
    supportAccesses: [],
    csrfToken: CSRF,
  });
  const refuse = (status: number, code: string, message: string) => new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });
  /** The console seam, as auth.ts checks it, in front of the app. */
  const gateway = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const signedIn = (req.headers.get('cookie') ?? '').split(/;\s*/).includes(`${CONSOLE_COOKIE}=${SESSION}`);
    if (url.pathname === '/api/v1/console/me') return signedIn ? Response.json(me()) : refuse(401, 'unauthorized', 'Sign in to the console.');
    if (!url.pathname.startsWith('/api/v1/') || !signedIn) return app.http.fetch(req);
    if (!['GET', 'HEAD'].includes(req.method) && req.headers.get(CSRF_HEADER) !== CSRF) return refuse(403, 'csrf_failed', 'A change from the console needs the session’s CSRF token.');
    if (req.headers.get(ENTERPRISE_HEADER) !== seed.volt.id) return refuse(403, 'not_a_member', 'You are not a member of this enterprise.');
    if (!roleAllows(role, req.method, url.pathname)) return refuse(403, 'role_forbids', `Your role (${role.replace('_', ' ')}) does not allow this.`);
    const headers = new Headers(req.headers);
    headers.delete('cookie');
    headers.set('authorization', `Bearer ${key}`);
    const body = ['GET', 'HEAD'].includes(req.method) ? undefined : await req.arrayBuffer();
    return app.http.fetch(new Request(req.url, { method: req.method, headers, ...(body ? { body } : {}) }));
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: gateway, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setRole: (r) => {
      role = r;
    },
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
