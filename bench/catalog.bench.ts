/**
 * The catalogue at scale: a 100,000-product import through CatalogService in batches of
 * 10,000 (each read as the JSON route reads it, then upserted in one transaction), on Postgres
 * and on PGlite; then the resolution of detected products: the index built from the database,
 * and the p50/p99 of a lookup, through the service (index and the product's row) and over the
 * index alone. Detected products mix every kind of evidence: a page's URL with tracking
 * parameters, a SKU in another case, a GTIN as an EAN-13 or UPC-A, an MPN with the brand, a name
 * with its words reordered, and products the catalogue does not have.
 *
 *   npm run bench -- catalog [--products 100000] [--batch 10000] [--lookups 5000] [--db both|postgres|pglite]
 *
 * Targets: import_100k_s ≤ 60 (Postgres), resolve_p50_ms ≤ 5.
 */
import { parseArgs } from 'node:util';
import type { CatalogProductInput } from '../shared/catalog';
import { createApp } from '../backend/src/app';
import { openDb, type OpenDb } from '../backend/src/db/open';
import { defaultDeps } from '../backend/src/deps';
import { productsFromJson } from '../backend/src/modules/catalog/feed.core';
import { type DetectedProduct, indexCatalog, resolve } from '../backend/src/modules/catalog/resolve.core';
import { quantile, table, withBenchDatabase } from './lib';

interface Figures {
  database: string;
  products: number;
  import_s: number;
  batch_p50_s: number;
  index_build_s: number;
  resolve_p50_ms: number;
  resolve_p99_ms: number;
  index_p50_ms: number;
  resolved_pct: number;
}

/** A small deterministic generator (mulberry32), so every run imports the same catalogue. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BRANDS = ['Sony', 'Bose', 'Sennheiser', 'Apple', 'Samsung', 'JBL', 'Philips', 'Panasonic', 'LG', 'Anker', 'Logitech', 'Garmin', 'Canon', 'Nikon', 'Dyson', 'Bosch'];
const KINDS = ['Headphones', 'Earbuds', 'Speaker', 'Soundbar', 'Camera', 'Lens', 'Watch', 'Charger', 'Cable', 'Mouse', 'Keyboard', 'Vacuum', 'Drill', 'Kettle', 'Toaster', 'Monitor'];
const WORDS = ['Wireless', 'Pro', 'Max', 'Mini', 'Noise', 'Cancelling', 'Portable', 'Compact', 'Ultra', 'Studio', 'Sport', 'Travel', 'Smart', 'Classic', 'Black', 'White', 'Silver', 'Blue'];

/** A GTIN-13 with its check digit, from a 12-digit body. */
function ean13(body: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + ((10 - (sum % 10)) % 10);
}

function catalogue(n: number): CatalogProductInput[] {
  const random = seeded(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const brand = pick(BRANDS);
    const kind = pick(KINDS);
    const words = [pick(WORDS), pick(WORDS)].filter((w, j, all) => all.indexOf(w) === j);
    const model = `${brand.slice(0, 2).toUpperCase()}-${(1000 + i).toString(36).toUpperCase()}`;
    const price = 500 + Math.floor(random() * 200_000);
    return {
      sku: `SKU-${String(i).padStart(6, '0')}`,
      // A third are UPC-A products (a leading 0), the rest EAN-13.
      gtin: ean13(`${i % 3 === 0 ? '0' : '4'}${String(10_000_000_000 + i * 7).slice(-11)}`),
      mpn: `${model}/${i % 7}`,
      name: `${brand} ${words.join(' ')} ${kind} ${model}`,
      brand,
      category: ['Electronics', kind],
      currency: 'USD',
      price,
      salePrice: i % 5 === 0 ? Math.floor(price * 0.8) : null,
      availability: i % 11 === 0 ? 'out_of_stock' : 'in_stock',
      stock: i % 11 === 0 ? 0 : Math.floor(random() * 50),
      url: `https://shop.example/p/${brand.toLowerCase()}-${kind.toLowerCase()}-${i}`,
      image: `https://shop.example/img/${i}.jpg`,
      attributes: { colour: pick(WORDS) },
      related: { accessories: [`SKU-${String((i + 1) % n).padStart(6, '0')}`], alternatives: [], bundles: [] },
    };
  });
}

/** Detected products as pages report them, mixing the kinds of evidence, some of products the catalogue lacks. */
function detections(products: readonly CatalogProductInput[], count: number): DetectedProduct[] {
  const random = seeded(7);
  return Array.from({ length: count }, (_, i) => {
    const p = products[Math.floor(random() * products.length)]!;
    const elsewhere = `https://shop.example/landing/${i}`;
    switch (i % 6) {
      case 0:
        return { url: `${p.url.replace('https://', 'https://www.')}?utm_source=mail&gclid=abc#reviews`, name: p.name };
      case 1:
        return { url: elsewhere, name: 'x', sku: p.sku.toLowerCase() };
      case 2:
        return { url: elsewhere, name: 'x', gtin: p.gtin!.startsWith('0') ? p.gtin!.slice(1) : p.gtin! };
      case 3:
        return { url: elsewhere, name: 'x', mpn: p.mpn!, brand: p.brand! };
      case 4:
        return { url: elsewhere, name: p.name.split(' ').reverse().join(' '), brand: p.brand! };
      default:
        return { url: elsewhere, name: `Unknown gadget ${i}` };
    }
  });
}

async function measure(database: string, db: OpenDb, products: CatalogProductInput[], batch: number, lookups: number): Promise<Figures> {
  const app = createApp(defaultDeps(db.db, db.kind, { log: () => {} }));
  const enterprise = await app.tenancy.createEnterprise(`Bench ${database}`);
  const batches: number[] = [];
  const started = performance.now();
  for (let i = 0; i < products.length; i += batch) {
    const t = performance.now();
    const read = productsFromJson(products.slice(i, i + batch));
    if (!read.ok || read.refused.length) throw new Error(`the generated batch was refused: ${read.ok ? JSON.stringify(read.refused.slice(0, 3)) : read.message}`);
    const report = await app.catalog.upsert(enterprise.id, read);
    if (report.written !== read.products.length) throw new Error('not every product was written');
    batches.push((performance.now() - t) / 1000);
  }
  const importS = (performance.now() - started) / 1000;
  process.stderr.write(`${database}: imported ${products.length} in ${importS.toFixed(1)} s\n`);

  const detected = detections(products, lookups);
  const t = performance.now();
  await app.catalog.resolveProduct(enterprise.id, detected[0]!); // builds the index
  const buildS = (performance.now() - t) / 1000;
  const times: number[] = [];
  let resolved = 0;
  for (const d of detected) {
    const s = performance.now();
    const { resolution } = await app.catalog.resolveProduct(enterprise.id, d);
    times.push(performance.now() - s);
    if (resolution.how !== 'none' && resolution.how !== 'ambiguous') resolved++;
  }
  times.sort((a, b) => a - b);
  // The index alone, as the pure core has it (what each lookup costs before the product's row is read).
  const index = indexCatalog(products.map((p) => ({ sku: p.sku, gtin: p.gtin, mpn: p.mpn, name: p.name, brand: p.brand, url: p.url })));
  const indexTimes = detected.map((d) => {
    const s = performance.now();
    resolve(index, d);
    return performance.now() - s;
  });
  indexTimes.sort((a, b) => a - b);
  return {
    database,
    products: products.length,
    import_s: round(importS),
    batch_p50_s: round(quantile([...batches].sort((a, b) => a - b), 0.5)),
    index_build_s: round(buildS),
    resolve_p50_ms: round(quantile(times, 0.5), 3),
    resolve_p99_ms: round(quantile(times, 0.99), 3),
    index_p50_ms: round(quantile(indexTimes, 0.5), 4),
    resolved_pct: round((resolved / detected.length) * 100, 1),
  };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { products: { type: 'string', default: '100000' }, batch: { type: 'string', default: '10000' }, lookups: { type: 'string', default: '5000' }, db: { type: 'string', default: 'both' } },
  });
  if (!['both', 'postgres', 'pglite'].includes(values.db)) throw new Error('--db is one of both, postgres, pglite');
  const products = catalogue(Number(values.products));
  const batch = Number(values.batch);
  const lookups = Number(values.lookups);
  const rows: Figures[] = [];
  if (values.db !== 'pglite') {
    rows.push(
      await withBenchDatabase(async (databaseUrl) => {
        const db = await openDb({ databaseUrl, poolSize: 4 });
        try {
          return await measure('postgres', db, products, batch, lookups);
        } finally {
          await db.close();
        }
      }),
    );
  }
  if (values.db !== 'postgres') {
    const db = await openDb();
    try {
      rows.push(await measure('pglite', db, products, batch, lookups));
    } finally {
      await db.close();
    }
  }
  table(rows.map((r) => ({ ...r, resolve_p50_ms: r.resolve_p50_ms.toFixed(3), resolve_p99_ms: r.resolve_p99_ms.toFixed(3), index_p50_ms: r.index_p50_ms.toFixed(4) })));
  // Five of six detections name a catalogue product (the sixth is none of its products): about 83% should resolve.
  const pg = rows.find((r) => r.database === 'postgres');
  const lite = rows.find((r) => r.database === 'pglite');
  const main = pg ?? lite!;
  console.log(
    JSON.stringify({
      bench: 'catalog',
      products: products.length,
      batch,
      lookups,
      import_100k_s: main.import_s,
      ...(lite && pg ? { pglite_import_100k_s: lite.import_s } : {}),
      index_build_s: main.index_build_s,
      resolve_p50_ms: main.resolve_p50_ms,
      resolve_p99_ms: main.resolve_p99_ms,
      index_p50_ms: main.index_p50_ms,
      resolved_pct: main.resolved_pct,
      database: main.database,
    }),
  );
}
