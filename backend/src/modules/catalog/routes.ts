import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { DetectedProductBody, Sku } from '../../../../shared/catalog';
import type { AssociateEnv, Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson, readText } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import { type BatchRead, productsFromCsv, productsFromJson, productsFromMerchantFeed } from './feed.core';
import type { SalesService } from './sales';
import { CatalogListQuery, ImportQuery, RateQuery } from './queries';
import type { CatalogService } from './service';

/** Largest batch body, JSON or CSV: 10,000 products of a few hundred bytes each fit many times over. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
/** Media types a CSV import or a Merchant feed may come as. */
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];
const FEED_TYPES = [...CSV_TYPES, 'text/tab-separated-values'];

/**
 * The enterprise's catalogue (API key): batches by JSON, CSV or Merchant feed, the list, one
 * product, its removal, the CSV export, resolution of a detected product and the resolution rate.
 */
export function catalogRoutes(catalog: CatalogService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .put('/products', enterprise, async (c) => {
      const body = parseBody(z.object({ products: z.unknown() }).strict(), await readJson(c, MAX_IMPORT_BYTES), 'The batch');
      return c.json(await catalog.upsert(c.var.enterpriseId, accepted(productsFromJson(body.products))));
    })
    .post('/imports', enterprise, async (c) => {
      const query = parseQuery(ImportQuery, c.req.query());
      const text = await readText(c, MAX_IMPORT_BYTES, query.format === 'merchant' ? FEED_TYPES : CSV_TYPES);
      const read = query.format === 'merchant' ? productsFromMerchantFeed(text, { quotedFields: query.quotedFields === 'true' }) : productsFromCsv(text);
      return c.json(await catalog.upsert(c.var.enterpriseId, accepted(read)));
    })
    .get('/products', enterprise, async (c) => {
      const query = parseQuery(CatalogListQuery, c.req.query());
      return c.json(await catalog.list(c.var.enterpriseId, { q: query.q, after: query.cursor, limit: query.limit }));
    })
    .get('/products.csv', enterprise, (c) => {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', 'attachment; filename="catalog.csv"');
      const enterpriseId = c.var.enterpriseId;
      return stream(c, async (out) => {
        for await (const part of catalog.csv(enterpriseId)) await out.write(part);
      });
    })
    .get('/products/:sku', enterprise, async (c) => c.json(await catalog.get(c.var.enterpriseId, skuParam(c.req.param('sku')))))
    .delete('/products/:sku', enterprise, async (c) => {
      await catalog.remove(c.var.enterpriseId, skuParam(c.req.param('sku')));
      return c.body(null, 204);
    })
    .post('/resolve', enterprise, async (c) => {
      const body = parseBody(DetectedProductBody, await readJson(c, 16_000), 'The detected product');
      return c.json(await catalog.resolve(c.var.enterpriseId, body));
    })
    .get('/resolution-rate', enterprise, async (c) => c.json(await catalog.resolutionRate(c.var.enterpriseId, parseQuery(RateQuery, c.req.query()).days)));
}

/** GET /api/v1/engagements/:id/sales-info: the engagement's associate only. */
export function salesInfoRoutes(sales: SalesService, auth: Pick<Auth, 'associate'>) {
  return new Hono<AssociateEnv>().get('/:id/sales-info', auth.associate, async (c) =>
    c.json(await sales.salesInfo(c.var.associateId, uuidParam(c.req.param('id'), 'The engagement'))),
  );
}

/** A batch that is a table or a list at all, else refused whole: 413 past the size, 400 for the rest. */
function accepted(read: BatchRead) {
  if (read.ok) return read;
  if (read.code === 'too_many_products') throw fail.tooLarge(read.message);
  throw fail.invalidBody([{ path: [], message: `${read.code}: ${read.message}` }], 'The batch');
}

/** The SKU of the path, or 400. */
function skuParam(raw: string): string {
  const parsed = Sku.safeParse(raw);
  if (!parsed.success) throw fail.invalidPath([{ path: ['sku'], message: parsed.error.issues[0]?.message ?? 'not a SKU' }], 'The SKU');
  return parsed.data;
}
