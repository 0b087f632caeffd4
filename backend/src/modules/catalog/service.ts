import { and, asc, eq, getTableColumns, gt, gte, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { type CatalogImportReport, type CatalogProduct, type CatalogProductList, type CatalogResolution, gtin14, type ResolutionRate } from '../../../../shared/catalog';
import type { Product } from '../../../../shared/page';
import { recordset, rowsOf } from '../../db/records';
import { keysetPage } from '../../db/keyset';
import { catalogProducts, catalogVersions, events, sessions } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { NotFound } from '../../errors';
import { describeError } from '../../log';
import { type CatalogBatch, catalogCsv } from './feed.core';
import { encodeSkuCursor } from './queries';
import { canonicalUrl, type CatalogIndex, checkDetectedPrice, type DetectedProduct, indexCatalog, resolve, type Resolution } from './resolve.core';

/** Rows written by one statement: the batch travels as one JSON parameter per chunk. */
const UPSERT_CHUNK = 2_000;
/** How long an instance uses its resolution index before it reads the catalogue's version again. */
export const VERSION_CHECK_MS = 5_000;
/** Products read a page at a time to build an index or write the CSV. */
const READ_PAGE = 5_000;
/** Product views the resolution rate counts at most (the most recent of the period). */
export const MAX_RATE_VIEWS = 100_000;

type ProductRow = typeof catalogProducts.$inferSelect;
/** What the index holds of a product: what resolution compares. */
type Indexed = Pick<ProductRow, 'sku' | 'gtin' | 'mpn' | 'name' | 'brand' | 'url' | 'otherUrls'>;

interface Held {
  version: number;
  index: CatalogIndex<Indexed>;
  /** When the version was last read (app clock, ms). */
  checkedAt: number;
}

const productRows = recordset(catalogProducts);
/** An upsert's assignments: every column but the key from the row proposed (`excluded`). */
const REPLACE_ALL = sql.raw(
  Object.values(getTableColumns(catalogProducts))
    .filter((c) => c.name !== 'enterprise_id' && c.name !== 'sku')
    .map((c) => `"${c.name}" = excluded."${c.name}"`)
    .join(', '),
);
const INDEXED = {
  sku: catalogProducts.sku,
  gtin: catalogProducts.gtin,
  mpn: catalogProducts.mpn,
  name: catalogProducts.name,
  brand: catalogProducts.brand,
  url: catalogProducts.url,
  otherUrls: catalogProducts.otherUrls,
};

/**
 * An enterprise's catalogue: batches upserted by SKU (each batch's valid products in one
 * transaction, all or none), listed, read, removed and exported; products detected on pages
 * resolved to it over an index per enterprise held in memory. Every change raises the
 * enterprise's catalogue version in its transaction; an instance reads the version at most
 * every VERSION_CHECK_MS (app clock) and rebuilds its index when it moved (the instance that
 * wrote, at its next lookup), answering with the previous index while it rebuilds: instances
 * agree within that time and a rebuild. A product removed meanwhile does not resolve.
 */
export class CatalogService {
  private readonly held = new Map<string, Held>();
  /** Index builds under way, one per enterprise, shared by the lookups that wait for it. */
  private readonly building = new Map<string, Promise<Held>>();

  constructor(
    private readonly deps: AppDeps,
    private readonly versionCheckMs = VERSION_CHECK_MS,
  ) {}

  /**
   * Writes a read batch's products (upserted by SKU) in one transaction: all or none. The
   * refused rows are reported, never written.
   */
  async upsert(enterpriseId: string, batch: CatalogBatch): Promise<CatalogImportReport> {
    const now = this.deps.clock();
    // By SKU: two batches of one enterprise lock their rows in the same order. The version row, locked first, queues them anyway.
    const wire = batch.products.map((p) => wireRow(enterpriseId, p, now)).sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    // Nothing to write: the catalogue, its version and the indexes stay as they are.
    const version = wire.length === 0 ? await this.versionOf(enterpriseId) : await this.deps.db.transaction(async (tx) => {
      const raised = await this.raiseVersion(tx, enterpriseId, now);
      for (let i = 0; i < wire.length; i += UPSERT_CHUNK) {
        await tx.execute(sql`
          insert into catalog_products (${productRows.names})
          select ${productRows.fields} from json_to_recordset(${productRows.json(wire.slice(i, i + UPSERT_CHUNK))}::json) as r(${productRows.definition})
          on conflict (enterprise_id, sku) do update set ${REPLACE_ALL}`);
      }
      return raised;
    });
    if (wire.length > 0) this.changed(enterpriseId);
    return {
      rows: batch.rows,
      written: wire.length,
      refused: batch.refused,
      refusedRows: new Set(batch.refused.map((r) => r.row)).size,
      ignoredColumns: batch.ignoredColumns,
      version,
    };
  }

  /** A page of the catalogue by SKU, those whose SKU, name, brand, MPN or GTIN hold `q` (case aside). */
  async list(enterpriseId: string, query: { q?: string; after?: string; limit: number }): Promise<CatalogProductList> {
    const where: (SQL | undefined)[] = [eq(catalogProducts.enterpriseId, enterpriseId)];
    if (query.after !== undefined) where.push(gt(catalogProducts.sku, query.after));
    const q = query.q?.trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const gtin = gtin14(q);
      where.push(
        or(
          ilike(catalogProducts.sku, like),
          ilike(catalogProducts.name, like),
          ilike(catalogProducts.brand, like),
          ilike(catalogProducts.mpn, like),
          gtin ? eq(catalogProducts.gtin, gtin) : undefined,
        ),
      );
    }
    const rows = await this.deps.db
      .select()
      .from(catalogProducts)
      .where(and(...where))
      .orderBy(asc(catalogProducts.sku))
      .limit(query.limit + 1);
    const { shown, next } = keysetPage(rows, query.limit, (last) => encodeSkuCursor(last.sku));
    return { products: shown.map(productOf), nextCursor: next };
  }

  /** One product, or NotFound. */
  async get(enterpriseId: string, sku: string): Promise<CatalogProduct> {
    const [row] = await this.deps.db
      .select()
      .from(catalogProducts)
      .where(and(eq(catalogProducts.enterpriseId, enterpriseId), eq(catalogProducts.sku, sku)));
    if (!row) throw new NotFound('The product');
    return productOf(row);
  }

  /** The products of these SKUs that exist, in the order asked. */
  async bySkus(enterpriseId: string, skus: readonly string[]): Promise<CatalogProduct[]> {
    if (skus.length === 0) return [];
    const rows = await this.deps.db
      .select()
      .from(catalogProducts)
      .where(and(eq(catalogProducts.enterpriseId, enterpriseId), inArray(catalogProducts.sku, [...new Set(skus)])));
    const bySku = new Map(rows.map((r) => [r.sku, productOf(r)]));
    return skus.flatMap((sku) => bySku.get(sku) ?? []);
  }

  /** Removes a product; NotFound when there is none of that SKU. */
  async remove(enterpriseId: string, sku: string): Promise<void> {
    const removed = await this.deps.db.transaction(async (tx) => {
      const gone = await tx
        .delete(catalogProducts)
        .where(and(eq(catalogProducts.enterpriseId, enterpriseId), eq(catalogProducts.sku, sku)))
        .returning({ sku: catalogProducts.sku });
      if (gone.length > 0) await this.raiseVersion(tx, enterpriseId, this.deps.clock());
      return gone.length > 0;
    });
    if (!removed) throw new NotFound('The product');
    this.changed(enterpriseId);
  }

  /** The catalogue as the project's CSV (what a CSV import reads back), a page of products at a time. */
  async *csv(enterpriseId: string): AsyncGenerator<string> {
    const keys = rowsOf<{ name: string }>(
      await this.deps.db.execute(sql`select distinct jsonb_object_keys(attributes) as name from catalog_products where enterprise_id = ${enterpriseId} order by 1`),
    );
    const attributeNames = keys.map((k) => String(k.name));
    let header = true;
    for await (const rows of this.pages(enterpriseId, (where) => this.deps.db.select().from(catalogProducts).where(where).orderBy(asc(catalogProducts.sku)).limit(READ_PAGE))) {
      if (header || rows.length > 0) yield catalogCsv(rows.map(productOf), { attributeNames, header });
      header = false;
    }
  }

  /** The catalogue product a detected one is, how it was found, and the detected price against the catalogue's. */
  async resolve(enterpriseId: string, detected: DetectedProduct & Partial<Pick<Product, 'price' | 'currency'>>): Promise<CatalogResolution> {
    const { resolution, product } = await this.resolveProduct(enterpriseId, detected);
    const at = this.deps.clock().getTime();
    return {
      how: resolution.how,
      by: resolution.how === 'ambiguous' ? resolution.by : resolution.how === 'none' ? null : resolution.how,
      score: resolution.how === 'ambiguous' || resolution.how === 'none' ? null : resolution.score,
      product,
      candidates: resolution.how === 'ambiguous' ? resolution.candidates.map((c) => ({ sku: c.sku, name: c.name })) : [],
      priceCheck: product ? checkDetectedPrice(product, { price: detected.price ?? null, currency: detected.currency ?? null }, at) : null,
    };
  }

  /** The resolution of a detected product, and the catalogue's product when it resolved to one. */
  async resolveProduct(enterpriseId: string, detected: DetectedProduct): Promise<{ resolution: Resolution<Indexed>; product: CatalogProduct | null }> {
    const { index } = await this.indexFor(enterpriseId);
    const resolution = resolve(index, detected);
    if (resolution.how === 'ambiguous' || resolution.how === 'none') return { resolution, product: null };
    // Removed since the index was built: as if it had not resolved.
    const [product] = await this.bySkus(enterpriseId, [resolution.item.sku]);
    return product ? { resolution, product } : { resolution: { how: 'none' }, product: null };
  }

  /**
   * How the products shoppers viewed on the enterprise's sites in the last `days` resolve to
   * the catalogue as it is now: resolved / all, by evidence. The most recent MAX_RATE_VIEWS
   * views of the period count.
   */
  async resolutionRate(enterpriseId: string, days: number): Promise<ResolutionRate> {
    const now = this.deps.clock();
    const since = new Date(now.getTime() - days * 86_400_000);
    const views = await this.deps.db
      .select({ url: events.url, data: events.data })
      .from(events)
      .innerJoin(sessions, eq(sessions.id, events.sessionId))
      .where(and(eq(sessions.enterpriseId, enterpriseId), gte(sessions.lastEventAt, since), eq(events.type, 'product_view'), gte(events.at, since)))
      .orderBy(sql`${events.at} desc`)
      .limit(MAX_RATE_VIEWS + 1);
    const counted = views.slice(0, MAX_RATE_VIEWS);
    const { index } = await this.indexFor(enterpriseId);
    const byKind: ResolutionRate['byKind'] = { url: 0, sku: 0, gtin: 0, mpn: 0, name: 0, ambiguous: 0, none: 0 };
    for (const view of counted) {
      const product = (view.data as { product?: DetectedProduct }).product;
      byKind[product ? resolve(index, product).how : 'none']++;
    }
    const resolved = counted.length - byKind.ambiguous - byKind.none;
    return {
      days,
      since: since.toISOString(),
      views: counted.length,
      resolved,
      rate: counted.length ? resolved / counted.length : null,
      byKind,
      truncated: views.length > MAX_RATE_VIEWS,
    };
  }

  /**
   * The enterprise's index. The one held answers while its version is recent enough; past that,
   * the version is read again and, when it moved, the index is rebuilt in the background while
   * the held one keeps answering (a rebuild of 100,000 products takes seconds). Only an instance
   * holding no index yet for the enterprise waits for its build.
   */
  private async indexFor(enterpriseId: string): Promise<Held> {
    const now = this.deps.clock().getTime();
    const held = this.held.get(enterpriseId);
    if (held && now - held.checkedAt < this.versionCheckMs) return held;
    if (held) {
      const version = await this.versionOf(enterpriseId);
      held.checkedAt = this.deps.clock().getTime();
      if (version !== held.version) this.refresh(enterpriseId);
      return held;
    }
    return this.rebuild(enterpriseId);
  }

  /** Builds the enterprise's index from the database, once at a time per enterprise. */
  private rebuild(enterpriseId: string): Promise<Held> {
    let build = this.building.get(enterpriseId);
    if (!build) {
      build = this.build(enterpriseId).finally(() => this.building.delete(enterpriseId));
      this.building.set(enterpriseId, build);
    }
    return build;
  }

  /** Index builds still running (tests and the benchmark wait for them). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.building.values()]);
  }

  private async build(enterpriseId: string): Promise<Held> {
    const checkedAt = this.deps.clock().getTime();
    // The version read before the products: a change between the two is seen at the next check.
    const version = await this.versionOf(enterpriseId);
    const items: Indexed[] = [];
    const read = (where: SQL | undefined) => this.deps.db.select(INDEXED).from(catalogProducts).where(where).orderBy(asc(catalogProducts.sku)).limit(READ_PAGE);
    for await (const rows of this.pages(enterpriseId, read)) items.push(...rows);
    const next: Held = { version, index: indexCatalog(items), checkedAt };
    this.held.set(enterpriseId, next);
    return next;
  }

  /** The enterprise's products a page at a time, by SKU, as `read` selects them under the condition it is given. */
  private async *pages<T extends { sku: string }>(enterpriseId: string, read: (where: SQL | undefined) => Promise<T[]>): AsyncGenerator<T[]> {
    let after: string | undefined;
    for (;;) {
      const rows = await read(and(eq(catalogProducts.enterpriseId, enterpriseId), after === undefined ? undefined : gt(catalogProducts.sku, after)));
      yield rows;
      if (rows.length < READ_PAGE) return;
      after = rows.at(-1)!.sku;
    }
  }

  private async versionOf(enterpriseId: string): Promise<number> {
    const [row] = await this.deps.db.select({ version: catalogVersions.version }).from(catalogVersions).where(eq(catalogVersions.enterpriseId, enterpriseId));
    return row?.version ?? 0;
  }

  private async raiseVersion(tx: Pick<AppDeps['db'], 'insert'>, enterpriseId: string, now: Date): Promise<number> {
    const [row] = await tx
      .insert(catalogVersions)
      .values({ enterpriseId, version: 1, updatedAt: now })
      .onConflictDoUpdate({ target: catalogVersions.enterpriseId, set: { version: sql`${catalogVersions.version} + 1`, updatedAt: now } })
      .returning({ version: catalogVersions.version });
    return row!.version;
  }

  /** This instance changed the catalogue: an index it holds is rebuilt now. */
  private changed(enterpriseId: string): void {
    if (this.held.has(enterpriseId)) this.refresh(enterpriseId);
  }

  /** Rebuilds an index in the background; the held one answers meanwhile. */
  private refresh(enterpriseId: string): void {
    void this.rebuild(enterpriseId).catch((err: unknown) => this.deps.log('catalog: index rebuild failed', { enterpriseId, ...describeError(err) }));
  }
}

/** A product as the upsert's JSON carries it (GTIN-14, canonical URL, times as ISO text). */
function wireRow(enterpriseId: string, p: CatalogProduct, now: Date) {
  return {
    enterpriseId,
    sku: p.sku,
    gtin: p.gtin ? gtin14(p.gtin) : null,
    mpn: p.mpn,
    name: p.name,
    description: p.description,
    brand: p.brand,
    category: p.category,
    currency: p.currency,
    price: p.price,
    salePrice: p.salePrice,
    saleStartsAt: p.saleStartsAt == null ? null : new Date(p.saleStartsAt).toISOString(),
    saleEndsAt: p.saleEndsAt == null ? null : new Date(p.saleEndsAt).toISOString(),
    availability: p.availability,
    stock: p.stock,
    url: p.url,
    canonicalUrl: canonicalUrl(p.url),
    otherUrls: p.otherUrls,
    image: p.image,
    itemGroupId: p.itemGroupId,
    attributes: p.attributes,
    related: p.related,
    updatedAt: now.toISOString(),
  };
}

/** A stored product in the API's shape. */
export function productOf(row: ProductRow): CatalogProduct {
  return {
    sku: row.sku,
    gtin: row.gtin,
    mpn: row.mpn,
    name: row.name,
    description: row.description,
    brand: row.brand,
    category: row.category,
    currency: row.currency,
    price: row.price,
    salePrice: row.salePrice,
    saleStartsAt: row.saleStartsAt?.getTime() ?? null,
    saleEndsAt: row.saleEndsAt?.getTime() ?? null,
    availability: row.availability,
    stock: row.stock,
    url: row.url,
    otherUrls: row.otherUrls,
    image: row.image,
    itemGroupId: row.itemGroupId,
    attributes: row.attributes,
    related: row.related,
  };
}
