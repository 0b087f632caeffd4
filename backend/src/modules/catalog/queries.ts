import { z } from 'zod';
import { cursorParam } from '../../db/keyset';

/* The catalogue routes' query parameters, as the routes parse them and the OpenAPI document shows them. */

export const CatalogListQuery = z.object({
  q: z.string().max(200).describe('Text the SKU, name, brand or MPN holds (case aside), or the GTIN.').optional(),
  cursor: z
    .string()
    .transform(cursorParam(decodeSkuCursor))
    .describe('The `nextCursor` of the previous page.')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Products per page.'),
});

export const ImportQuery = z.object({
  format: z.enum(['csv', 'merchant']).default('csv').describe('`csv`: the project’s CSV (the export’s columns); `merchant`: a Google Merchant feed, TSV or CSV.'),
  quotedFields: z.enum(['true', 'false']).default('true').describe('A Merchant feed only: whether quotes enclose fields (the data source’s “quoted fields” setting).'),
});

export const RateQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30).describe('The period, in days up to now.') });

/** The list's cursor: the page's last SKU, opaque to the caller. */
export function encodeSkuCursor(sku: string): string {
  return Buffer.from(sku, 'utf8').toString('base64url');
}

export function decodeSkuCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) return null;
  const sku = Buffer.from(cursor, 'base64url').toString('utf8');
  return sku.length > 0 && encodeSkuCursor(sku) === cursor ? sku : null;
}
