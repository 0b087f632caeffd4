/**
 * Dispatch latency through the real backend process on Postgres: associates connected by
 * WebSocket, many shoppers sending events over HTTP, some of whose events cross the
 * opportunity threshold. Measured: from the POST of the crossing batch to the first `offer`
 * for that shopper arriving on an associate's socket.
 *
 * Each shopper sends a batch every `--every` seconds (the extension sends one a second after
 * events; a browsing shopper makes a page view or a heartbeat every 10 to 15 s).
 *
 *   npm run bench -- dispatch [--associates 200] [--shoppers 1000] [--crossing 200] [--seconds 60] [--every 10]
 */
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { ShopperEvent } from '../shared/events';
import { REALTIME_PATH } from '../shared/realtime';
import { createApp } from '../backend/src/app';
import { openDb } from '../backend/src/db/open';
import { defaultDeps } from '../backend/src/deps';
import { spawnBackend } from '../e2e/support/processes';
import { quantile, table, withBenchDatabase } from './lib';

interface Opts {
  associates: number;
  shoppers: number;
  crossing: number;
  seconds: number;
  /** Between one shopper's batches. */
  everyMs: number;
}

const SHOP = 'dispatch.example';
const CATEGORY = ['Audio', 'Speakers'];

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      associates: { type: 'string', default: '200' },
      shoppers: { type: 'string', default: '1000' },
      crossing: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      every: { type: 'string', default: '10' },
    },
  });
  const opts: Opts = {
    associates: Number(values.associates),
    shoppers: Number(values.shoppers),
    crossing: Number(values.crossing),
    seconds: Number(values.seconds),
    everyMs: Number(values.every) * 1_000,
  };
  if (opts.crossing > opts.shoppers) throw new Error('--crossing is at most --shoppers');

  await withBenchDatabase(async (databaseUrl) => {
    const seeded = await seed(databaseUrl, opts);
    const backend = await spawnBackend({ DATABASE_URL: databaseUrl });
    try {
      const figures = await measure(backend.url, databaseUrl, seeded, opts);
      table([{ database: 'postgres', ...figures }]);
      console.log(JSON.stringify({ bench: 'dispatch', database: 'postgres', ...figures }));
    } catch (err) {
      console.error(backend.output().split('\n').slice(-40).join('\n'));
      throw err;
    } finally {
      await backend.stop();
    }
  });
}

interface Seeded {
  key: string;
  shopperTokens: string[];
}

/**
 * The enterprise, its site and key, and the shoppers, written in process (registering 1,000
 * shoppers over HTTP from one address would meet its rate limit, which is not what is measured).
 */
async function seed(databaseUrl: string, opts: Opts): Promise<Seeded> {
  const database = await openDb({ databaseUrl });
  try {
    const app = createApp(defaultDeps(database.db, database.kind, { log: () => {} }));
    const enterprise = await app.tenancy.createEnterprise('Dispatch Bench Retail');
    await app.tenancy.addSite(enterprise.id, { name: 'Dispatch Bench Shop', domain: SHOP });
    const { key } = await app.tenancy.createApiKey(enterprise.id, 'bench');
    const shopperTokens: string[] = [];
    for (let i = 0; i < opts.shoppers; i++) shopperTokens.push((await app.sessions.createShopper('en-GB')).token);
    return { key, shopperTokens };
  } finally {
    await database.close();
  }
}

/** The rules, through the API: an expensive product opens an opportunity; every accredited, available associate is a candidate. */
async function configure(base: string, key: string): Promise<void> {
  await call(base, 'PUT', '/api/v1/rules/opportunity', key, {
    threshold: 100,
    cooldownMinutes: 60,
    conditions: [{ id: 'expensive', description: 'Looked at a product of 1,000 EUR or more', when: { type: 'product_price', min: '1000.00', currency: 'EUR' }, points: 100 }],
    segment: { categoryFrom: 'top_product', minLevel: 2 },
  });
  await call(base, 'PUT', '/api/v1/rules/matching', key, {
    ruleSets: [
      {
        name: 'bench',
        priority: 1,
        candidates: 'both',
        rules: [
          { rule: 'accreditation', weight: 2, mode: 'filter' },
          { rule: 'available_now', weight: 0, filter: true },
          { rule: 'language', weight: 1 },
          { rule: 'conversion_rate', weight: 1 },
          { rule: 'load', weight: 1 },
          { rule: 'longest_idle', weight: 1 },
          { rule: 'response_rate', weight: 1 },
        ],
        // An offer nobody answers in time is a miss: misses must not set the bench's associates away.
        offer: { mode: 'broadcast', size: 5, offerSeconds: 15, giveUpSeconds: 90, missesBeforeAway: 100, ownAssociateSeconds: 0 },
      },
    ],
  });
}

/**
 * Associates through the API: invited by the enterprise and accredited. They set their password
 * and sign in through the associates service in process: over HTTP from one address, 200 sign-ins would meet
 * its rate limit (50 at once, then 1 a second), which is not what is measured.
 */
async function associates(base: string, databaseUrl: string, key: string, count: number): Promise<string[]> {
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '00:00', to: '23:59' }));
  const password = 'bench-password-0123';
  const emails: string[] = [];
  const invitations: string[] = [];
  await pool(count, 4, async (i) => {
    const email = `associate-${i}@dispatch.example`;
    const { associate: created, invitation } = (await call(base, 'POST', '/api/v1/associates', key, {
      email,
      displayName: `Associate ${i}`,
      languages: ['en'],
      timezone: 'UTC',
      schedule: everyDay,
      capacity: 20,
    })) as { associate: { id: string }; invitation: { token: string } };
    invitations[i] = invitation.token;
    await call(base, 'PUT', `/api/v1/associates/${created.id}/accreditations`, key, { accreditations: [{ category: CATEGORY, level: 4 }] });
    emails[i] = email;
  });
  const database = await openDb({ databaseUrl, poolSize: 2 });
  try {
    const app = createApp(defaultDeps(database.db, database.kind, { log: () => {} }));
    const tokens: string[] = [];
    await pool(count, 4, async (i) => {
      // Each associate uses their invitation's link, as the set-password page would.
      await app.associates.setPassword(invitations[i]!, password);
      tokens[i] = (await app.associates.signIn(emails[i]!, password)).token;
    });
    return tokens;
  } finally {
    await database.close();
  }
}

interface Sample {
  shopper: number;
  sentAt: number;
  offeredAt?: number;
}

async function measure(base: string, databaseUrl: string, seeded: Seeded, opts: Opts) {
  await configure(base, seeded.key);
  const tokens = await associates(base, databaseUrl, seeded.key, opts.associates);

  // The associates connect, authenticate and say they are available. The first to get an offer
  // accepts it, as on a live floor: the others' offers are withdrawn as taken (an associate who
  // declined everything would send each opportunity round all 200, which no floor does).
  const byUrl = new Map<string, Sample>();
  const sockets = await Promise.all(
    tokens.map(async (token) => {
      const ws = new WebSocket(base.replace(/^http/, 'ws') + REALTIME_PATH);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const ready = new Promise<void>((resolve) => {
        ws.on('message', (data) => {
          const m = JSON.parse(String(data)) as { type: string; offer?: { id: string; session: { products: { url: string }[] } } };
          if (m.type === 'ready') resolve();
          else if (m.type === 'ping') ws.send('{"v":1,"type":"pong"}');
          else if (m.type === 'offer' && m.offer) {
            const now = performance.now();
            for (const p of m.offer.session.products) {
              const sample = byUrl.get(p.url);
              if (sample && sample.offeredAt === undefined) {
                sample.offeredAt = now;
                ws.send(JSON.stringify({ v: 1, type: 'accept', offerId: m.offer.id }));
              }
            }
          }
        });
      });
      // A socket that fails shows as offers that never arrive; it must not end the process.
      ws.on('error', (err) => console.error(`associate socket: ${err.message}`));
      ws.send(JSON.stringify({ v: 1, type: 'auth', token }));
      await ready;
      ws.send('{"v":1,"type":"presence","presence":"available"}');
      return ws;
    }),
  );
  try {
    await waitFor(async () => {
      const list = (await call(base, 'GET', '/api/v1/associates', seeded.key)) as { associates: { presence: string; connected: boolean }[] };
      return list.associates.filter((a) => a.presence === 'available' && a.connected).length >= opts.associates;
    }, 'every associate available and connected');

    // Each shopper browses: a batch of a few cheap-product events every `everyMs`. The crossing
    // shoppers, spread over the run, send one batch with an expensive product at their moment.
    const crossingAt = new Map<number, number>();
    const step = Math.floor(opts.shoppers / opts.crossing);
    const spanMs = opts.seconds * 1_000 - opts.everyMs - 2_000;
    for (let c = 0; c < opts.crossing; c++) crossingAt.set(c * step, opts.everyMs + (spanMs * c) / opts.crossing);
    const samples: Sample[] = [];
    const t0 = performance.now();
    let sentBatches = 0;
    let stopped = false;
    let failure: unknown;
    const browsing = Array.from({ length: opts.shoppers }, async (_, s) => {
      let round = 0;
      // Shoppers start spread over one interval, so batches do not all land at once.
      await sleep((s / opts.shoppers) * opts.everyMs);
      while (!stopped) {
        const due = crossingAt.get(s);
        const elapsed = performance.now() - t0;
        if (due !== undefined && elapsed >= due) {
          crossingAt.delete(s);
          const url = `https://${SHOP}/p/flagship-${s}`;
          const sample: Sample = { shopper: s, sentAt: performance.now() };
          byUrl.set(url, sample);
          samples.push(sample);
          await send(base, seeded.shopperTokens[s]!, expensive(s, url));
        } else {
          await send(base, seeded.shopperTokens[s]!, browse(s, round++));
        }
        sentBatches++;
        // The crossing batch goes out at its moment, not at the shopper's next turn.
        const next = crossingAt.get(s);
        const wait = next === undefined ? opts.everyMs : Math.min(opts.everyMs, Math.max(0, next - (performance.now() - t0)));
        await sleep(wait);
      }
    }).map((shopper) =>
      shopper.catch((err) => {
        failure ??= err;
        stopped = true;
      }),
    );
    for (let waited = 0; waited < opts.seconds * 1_000 && !stopped; waited += 250) await sleep(250);
    stopped = true;
    await Promise.all(browsing);
    if (failure) throw failure;
    // The last crossings get their time to arrive.
    await waitFor(async () => samples.every((s) => s.offeredAt !== undefined), 'an offer for every crossing', 10_000).catch(() => {});

    const latencies = samples.filter((s) => s.offeredAt !== undefined).map((s) => s.offeredAt! - s.sentAt).sort((a, b) => a - b);
    const missing = samples.length - latencies.length;
    if (missing > 0) console.error(`${missing} of ${samples.length} crossings got no offer within 10 s after the run`);
    const seconds = (performance.now() - t0) / 1000;
    return {
      associates: opts.associates,
      shoppers: opts.shoppers,
      every_s: opts.everyMs / 1_000,
      crossings: samples.length,
      offered: latencies.length,
      batches_per_s: Math.round(sentBatches / seconds),
      p50_ms: round1(quantile(latencies, 0.5)),
      p99_ms: round1(quantile(latencies, 0.99)),
      max_ms: round1(latencies.at(-1) ?? NaN),
      // The machine's load during the run: the figures only mean something next to it.
      load_1m: round1(loadavg()[0]!),
    };
  } finally {
    for (const ws of sockets) ws.close();
  }
}

/** A few events of ordinary browsing: cheap products, never near the threshold. */
function browse(shopper: number, round: number): ShopperEvent[] {
  const at = new Date().toISOString();
  const url = `https://${SHOP}/p/item-${(shopper * 7 + round) % 300}`;
  const id = (n: number) => `d${shopper.toString(36)}r${round.toString(36)}n${n}xxxxxx`;
  return [
    { id: id(0), at, url, type: 'page_view', kind: 'product', title: `Item ${round}` },
    { id: id(1), at, url, type: 'product_view', product: { name: `Item ${round}`, price: '39.90', currency: 'EUR', sku: `SKU-${round % 300}`, category: CATEGORY, url } },
    { id: id(2), at, url, type: 'heartbeat', activeMs: 2_000, productKey: `sku:SKU-${round % 300}` },
  ];
}

/** The crossing batch: the shopper's own flagship product (its URL names the shopper in the offer). */
function expensive(shopper: number, url: string): ShopperEvent[] {
  const at = new Date().toISOString();
  const id = (n: number) => `x${shopper.toString(36)}n${n}xxxxxxxx`;
  return [
    { id: id(0), at, url, type: 'page_view', kind: 'product', title: 'Flagship speaker' },
    { id: id(1), at, url, type: 'product_view', product: { name: `Flagship ${shopper}`, price: '1499.00', currency: 'EUR', sku: `FLAG-${shopper}`, category: CATEGORY, url } },
  ];
}

const agent = new Agent({ keepAlive: true, maxSockets: 128 });

/**
 * POSTs a batch; once more on a connection reset (a kept-alive socket the server closed just
 * as it was reused), which is safe: the backend stores an event id once.
 */
async function send(base: string, token: string, events: ShopperEvent[]): Promise<void> {
  const body = JSON.stringify({ events });
  try {
    await post(base, token, body);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
    await post(base, token, body);
  }
}

function post(base: string, token: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/v1/events`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => (res.statusCode === 202 ? resolve() : reject(new Error(`events answered ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function call(base: string, method: string, path: string, key: string | null, body?: unknown): Promise<unknown> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

async function pool(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await job(next++);
  }));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;
