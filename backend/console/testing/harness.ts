/**
 * A real backend for looking at the console: the app on PGlite in a temporary folder, with real
 * console accounts (an owner with a second factor, an admin, a sales lead, an analyst, an operator)
 * and two seeded enterprises: Voltaire's sessions, associates, keys, catalogue, materials, commission
 * plan, engagements with their orders and ledger. Everything is written through the app (its API with
 * Voltaire's key, or its services), as an integration would. Nothing here is in production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { WebSocketServer } from 'ws';
import type { Role } from '../../../shared/console';
import { REALTIME_PATH } from '../../../shared/realtime';
import { type App, createApp } from '../../src/app';
import { type Db, openDb } from '../../src/db/open';
import { associates } from '../../src/db/schema';
import { defaultDeps, defaultLimits } from '../../src/deps';
import { CONSOLE_DIST } from '../../src/modules/console-app/routes';
import { SETTLE_BATCH_MS } from '../../src/modules/orders/follow';
import { manualClock } from '../../src/testing/clock';
import { browse, ev, eventId, seedTwoEnterprises, T0, VOLT } from '../../src/testing/fixtures';
import { seedEngagements } from '../../src/testing/orders';

const DAY = 86_400_000;
const PASSWORD = 'a long enough secret';

export type AccountName = 'owner' | 'admin' | 'salesLead' | 'analyst' | 'operator';
export interface Account {
  email: string;
  password: string;
  name: string;
  /** The enterprise role in Voltaire (none for the operator). */
  role: Role | null;
}

/** The console's people. Olivia, Voltaire's owner, also an analyst at Summit, signs in with a second factor. */
export const ACCOUNTS: Record<AccountName, Account> = {
  owner: { email: 'olivia@voltaire.example', password: PASSWORD, name: 'Olivia Brandt', role: 'owner' },
  admin: { email: 'adam@voltaire.example', password: PASSWORD, name: 'Adam Fischer', role: 'admin' },
  salesLead: { email: 'sara@voltaire.example', password: PASSWORD, name: 'Sara Lindqvist', role: 'sales_lead' },
  analyst: { email: 'anika@voltaire.example', password: PASSWORD, name: 'Anika Rao', role: 'analyst' },
  operator: { email: 'oscar@floorwalker.example', password: PASSWORD, name: 'Oscar Nwosu', role: null },
};

export interface Harness {
  url: string;
  app: App;
  db: Db;
  clock: ReturnType<typeof manualClock>;
  enterprises: { volt: string; summit: string };
  sites: { volt: string; summit: string };
  keys: { volt: string; summit: string };
  /** The owner's current second-factor code (the owner signs in with one). */
  ownerCode(): string;
  /** A call to the API with Voltaire's key (or `key`); throws on an answer that is not 2xx. */
  call(method: string, path: string, body?: unknown, options?: { type?: string; key?: string }): Promise<any>;
  /** Cuts the realtime sockets and refuses new ones until `resume` (the Live page's "reconnecting"). */
  realtime: { pause(): Promise<void>; resume(): Promise<void> };
  /** Runs the due jobs, then again after the order follower's batch. */
  runJobs(): Promise<void>;
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

export async function startHarness(): Promise<Harness> {
  const folder = mkdtempSync(join(tmpdir(), 'fw-console-screens-'));
  const database = await openDb({ pgliteDir: folder });
  // Today's clock (at 10:00 UTC), so the console's "last day" and "last 30 days" hold what is seeded.
  const clock = manualClock(new Date(Math.floor(Date.now() / DAY) * DAY + 10 * 3_600_000).toISOString());
  const now = clock.now().getTime();
  const app = createApp(defaultDeps(database.db, database.kind, { clock: clock.now, consoleDist: CONSOLE_DIST, limits: { ...defaultLimits, passwordCost: 10 }, log: () => {} }));
  const seed = await seedTwoEnterprises(app);
  const call: Harness['call'] = async (method, path, body, options = {}) => {
    const type = options.type ?? 'application/json';
    const res = await app.http.request(path, {
      method,
      headers: { authorization: `Bearer ${options.key ?? seed.voltKey}`, 'content-type': type },
      ...(body === undefined ? {} : { body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const runJobs = async () => {
    await app.jobs.runDue();
    clock.advance(SETTLE_BATCH_MS + 1_000);
    await app.jobs.runDue();
  };

  // The people who sign in.
  for (const account of Object.values(ACCOUNTS)) {
    await app.console.ensureUser({
      email: account.email,
      name: account.name,
      password: account.password,
      ...(account.role ? { enterpriseId: seed.volt.id, role: account.role } : { operator: true }),
    });
  }
  const oliviaId = await app.console.ensureUser({ email: ACCOUNTS.owner.email, name: ACCOUNTS.owner.name, password: PASSWORD, enterpriseId: seed.summit.id, role: 'analyst' });
  const setup = await app.console.totpSetup(oliviaId);
  const totp = OTPAuth.URI.parse(setup.uri) as OTPAuth.TOTP;
  const ownerCode = () => totp.generate({ timestamp: clock.now().getTime() });
  await app.console.totpEnable(oliviaId, ownerCode());
  // A code works once: the sign-in's is the next step's.
  clock.advance(30_000);

  // Sessions: five shoppers browsing Voltaire this morning, a few minutes each, twenty or so apart.
  const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) - Date.parse(T0) + now - 3 * 3_600_000 + minutes * 60_000).toISOString();
  for (let i = 0; i < 5; i++) {
    const shopper = (await (await app.http.request('/api/v1/shoppers', { method: 'POST' })).json()) as { token: string };
    const base = i * 23;
    const events = browse().map((e) => ({ ...e, id: eventId(), at: shift(e.at, base) }));
    for (let m = 1; m <= 2 + i; m++) events.push({ ...ev(shift('2026-03-02T10:00:30.000Z', base + m), { type: 'page_view', url: `${VOLT}/c/audio?page=${m}`, kind: 'listing', title: 'Audio' }) });
    await call('POST', '/api/v1/events', { events }, { key: shopper.token });
  }
  await call('POST', '/api/v1/api-keys', { label: 'Shop order webhook' });

  // Sales: the catalogue, materials, a commission plan, engagements over three weeks and their orders.
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
  await call('POST', '/api/v1/materials', { kind: 'technique', title: 'Noise cancelling: the quiet demo', markdown: '1. Ask where they listen: commute, office, flights.\n2. Offer to switch ANC on and off while they talk.\n3. Name the battery life **30 h** only after.', tags: { categories: [['Audio', 'Headphones']], rules: ['asked'], channels: ['chat', 'voice'], languages: ['en'] } });
  await call('POST', '/api/v1/materials', { kind: 'link', title: 'OLED burn-in: what the warranty covers', url: 'https://volt.example/help/oled-warranty', tags: { categories: [['TV', 'OLED']], rules: [], channels: [], languages: ['en', 'fr'] } });
  const doc = await call('POST', '/api/v1/materials', { kind: 'document', title: 'Headphones comparison sheet', fileName: 'headphones-comparison.pdf', tags: { categories: [['Audio']], rules: [], channels: ['chat'], languages: [] } });
  await call('PUT', `/api/v1/materials/${doc.id}/file`, new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), { type: 'application/pdf' });
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
  await call('PUT', `/api/v1/associates/${ids[0]}/accreditations`, { accreditations: [{ category: ['Audio', 'Headphones'], level: 4 }, { category: ['TV'], level: 2 }] });
  await call('POST', '/api/v1/associates', { email: 'dan@voltaire.example', displayName: 'Dan Okafor' });
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
    orderIds.push(placed.id);
  }
  await call('POST', '/api/v1/orders', { id: 'VOLT-1100', number: '#1100', placedAt: new Date(now - 2 * DAY).toISOString(), currency: 'EUR', lines: [{ id: 'L1', sku: 'HDMI-21-2M', category: ['TV', 'Accessories'], quantity: 2, net: '59.80' }] });
  await runJobs();
  await call('POST', `/api/v1/orders/${orderIds[2]}/refunds`, { id: 'RF-1', scope: { kind: 'whole_order' } });
  await runJobs();

  // The realtime socket, as the backend's server hands it the upgrades: the Live page's console socket.
  await app.realtime.start();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.http.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  // While paused, sockets are accepted and closed at once ("try again later"), as a restarting backend would.
  let paused = false;
  const refusing = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (paused) refusing.handleUpgrade(req, socket, head, (ws) => ws.close(1013, 'the backend is restarting'));
    else if (new URL(req.url ?? '/', 'http://localhost').pathname === REALTIME_PATH) app.sockets.upgrade(req, socket, head);
    else socket.destroy();
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db: database.db,
    clock,
    enterprises: { volt: seed.volt.id, summit: seed.summit.id },
    sites: { volt: seed.voltSite.id, summit: seed.summitSite.id },
    keys: { volt: seed.voltKey, summit: seed.summitKey },
    ownerCode,
    call,
    realtime: {
      pause: async () => {
        paused = true;
        await app.realtime.stop();
      },
      resume: async () => {
        paused = false;
        await app.realtime.start();
      },
    },
    runJobs,
    close: async () => {
      app.floor.stop();
      await app.floor.idle();
      await app.realtime.stop();
      await app.sockets.close();
      refusing.close();
      await new Promise<void>((r) => server.close(() => r()));
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
