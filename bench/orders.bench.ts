/**
 * Orders taken with their attribution, per second, on Postgres and on PGlite: each order read for
 * a replay, the enterprise's settings and the candidates of its matches read, the core run, and
 * order, lines, receipt and credits written in one transaction (OrdersService.take, as the order
 * API and the webhooks call it). The enterprise has accepted engagements seeded so that most
 * orders find candidates: half stamped with an engagement, a third by a verified customer with
 * several engagements, the rest anonymous. Postgres takes them from `--concurrency` senders at
 * once (webhooks arrive side by side); PGlite has one connection.
 *
 *   npm run bench -- orders [--orders 5000] [--pglite-orders 2000] [--concurrency 8] [--engagements 2000]
 */
import { parseArgs } from 'node:util';
import { createApp } from '../backend/src/app';
import { openDb } from '../backend/src/db/open';
import { defaultDeps } from '../backend/src/deps';
import type { IncomingOrder } from '../backend/src/modules/orders/sources.core';
import { seedEngagements } from '../backend/src/testing/orders';
import { quantile, table, withBenchDatabase } from './lib';

const DAY = 86_400_000;

interface Figures {
  database: string;
  orders: number;
  concurrency: number;
  orders_per_s: number;
  p50_ms: number;
  p99_ms: number;
  attributed: number;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '5000' },
      'pglite-orders': { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '8' },
      engagements: { type: 'string', default: '2000' },
    },
  });
  const engagements = Number(values.engagements);
  const postgres = await withBenchDatabase((url) => measure(url, Number(values.orders), Number(values.concurrency), engagements));
  const pglite = await measure(undefined, Number(values['pglite-orders']), 1, engagements);
  table([postgres, pglite] as unknown as Record<string, string | number>[]);
  console.log('');
  console.log(
    JSON.stringify({
      bench: 'orders',
      postgres_orders_per_s: postgres.orders_per_s,
      pglite_orders_per_s: pglite.orders_per_s,
      p99_ms: postgres.p99_ms,
      pglite_p99_ms: pglite.p99_ms,
    }),
  );
}

async function measure(databaseUrl: string | undefined, count: number, concurrency: number, engagementCount: number): Promise<Figures> {
  const database = await openDb(databaseUrl ? { databaseUrl, poolSize: concurrency + 2 } : {});
  try {
    const app = createApp(defaultDeps(database.db, database.kind, { log: () => {} }));
    const enterprise = await app.tenancy.createEnterprise('Bench Retail');
    const now = Date.now();
    const seeded = await seedEngagements(database.db, {
      enterpriseId: enterprise.id,
      count: engagementCount,
      associateCount: 50,
      now: new Date(now),
      answeredAt: (i) => new Date(now - (1 + (i % 25)) * DAY),
      customerId: (i) => `C-${i % Math.max(1, Math.floor(engagementCount / 4))}`,
    });
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const orders: IncomingOrder[] = Array.from({ length: count }, (_, i) => {
      const how = rnd();
      const e = seeded[Math.floor(rnd() * seeded.length)]!;
      return {
        source: 'api',
        externalId: `B-${i}`,
        number: `#${i}`,
        placedAt: now - Math.floor(rnd() * 3_600_000),
        currency: 'EUR',
        customerId: how >= 0.5 && how < 0.85 ? e.customerId : null,
        engagementId: how < 0.5 ? e.id : null,
        lines: Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, l) => ({ id: `L${l}`, sku: `SKU-${l}`, category: ['Audio'], quantity: 1, net: 1_000 + Math.floor(rnd() * 50_000) })),
      };
    });
    // A few to warm the connections and the plans, not counted.
    for (let i = 0; i < 20; i++) await app.orders.take(enterprise.id, { ...orders[i]!, externalId: `warm-${i}` });

    const latencies: number[] = [];
    let attributed = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < orders.length) {
          const order = orders[next++]!;
          const t = performance.now();
          const taken = await app.orders.take(enterprise.id, order);
          latencies.push(performance.now() - t);
          if (taken.kind === 'taken' && taken.value.status === 'attributed') attributed += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      database: database.kind,
      orders: count,
      concurrency,
      orders_per_s: Math.round(count / seconds),
      p50_ms: Number(quantile(latencies, 0.5).toFixed(2)),
      p99_ms: Number(quantile(latencies, 0.99).toFixed(2)),
      attributed,
    };
  } finally {
    await database.close();
  }
}
