/**
 * The in-process limiter's memory after a million distinct addresses (bounded, then after the
 * idle buckets are evicted) and the cost of one check in memory and on Postgres (the table
 * all instances share). Prints a table, then one JSON line of figures.
 */
import { openDb } from '../backend/src/db/open';
import { MemoryBuckets, TableBuckets } from '../backend/src/http/limiter';
import { table, withBenchDatabase } from './lib';

const budget = { capacity: 300, perSecond: 2 };

export async function run(args: string[]): Promise<void> {
  const addresses = Number(args[0] ?? 1_000_000);
  let now = Date.now();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const memory = new MemoryBuckets(() => now);
  let started = performance.now();
  for (let i = 0; i < addresses; i++) await memory.take(`request:address:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 1, budget);
  const memoryUs = ((performance.now() - started) * 1000) / addresses;
  gc?.();
  const heldMb = (process.memoryUsage().heapUsed - before) / 1e6;
  const held = memory.size;
  // An hour later every bucket is full again: the next takes evict them.
  now += 3_600_000;
  for (let i = 0; i < held; i++) await memory.take('busy', 1, { capacity: 1e12, perSecond: 1 });
  gc?.();
  const afterMb = (process.memoryUsage().heapUsed - before) / 1e6;

  const checks = 2_000;
  const postgresUs = await withBenchDatabase(async (url) => {
    const db = await openDb({ databaseUrl: url });
    try {
      const store = new TableBuckets(db.db, () => Date.now());
      started = performance.now();
      for (let i = 0; i < checks; i++) await store.take(`request:address:${i % 500}`, 1, budget);
      return ((performance.now() - started) * 1000) / checks;
    } finally {
      await db.close();
    }
  });
  const figures = { addresses, bucketsHeld: held, heldMb: Number(heldMb.toFixed(1)), afterEvictionBuckets: memory.size, afterEvictionMb: Number(afterMb.toFixed(1)), memoryCheckUs: Number(memoryUs.toFixed(2)), postgresCheckUs: Number(postgresUs.toFixed(0)) };
  table([
    { what: `memory after ${addresses} addresses`, buckets: held, MB: figures.heldMb },
    { what: 'memory after eviction', buckets: memory.size, MB: figures.afterEvictionMb },
    { what: 'one check, memory (µs)', buckets: '', MB: figures.memoryCheckUs },
    { what: 'one check, Postgres (µs)', buckets: '', MB: figures.postgresCheckUs },
  ]);
  console.log(JSON.stringify(figures));
}
