import { bigint, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { CatalogAvailability, RelatedProducts } from '../../../../shared/catalog';
import { timestamp } from '../time';
import { enterprises } from './tenancy';

/**
 * An enterprise's products, one row per SKU (see shared/catalog.ts CatalogProduct). Money in
 * integer minor units of `currency`. The GTIN is kept as its GTIN-14 and the product's page
 * also as its canonical form (resolve.core.ts canonicalUrl), for the lookups resolution makes.
 */
export const catalogProducts = pgTable(
  'catalog_products',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    /** GTIN-14: a UPC-A and its EAN-13 are one. */
    gtin: text('gtin'),
    mpn: text('mpn'),
    name: text('name').notNull(),
    description: text('description'),
    brand: text('brand'),
    /** Broadest first. */
    category: text('category').array().notNull(),
    currency: text('currency').notNull(),
    price: bigint('price', { mode: 'number' }).notNull(),
    salePrice: bigint('sale_price', { mode: 'number' }),
    saleStartsAt: timestamp('sale_starts_at', { withTimezone: true }),
    saleEndsAt: timestamp('sale_ends_at', { withTimezone: true }),
    availability: text('availability').$type<CatalogAvailability>().notNull(),
    stock: bigint('stock', { mode: 'number' }),
    url: text('url').notNull(),
    /** `url` as resolve.core.ts canonicalUrl gives it: what a page's address is compared with. */
    canonicalUrl: text('canonical_url'),
    otherUrls: text('other_urls').array().notNull(),
    image: text('image'),
    itemGroupId: text('item_group_id'),
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull(),
    related: jsonb('related').$type<RelatedProducts>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enterpriseId, t.sku] }),
    index('catalog_products_gtin_idx').on(t.enterpriseId, t.gtin),
    index('catalog_products_mpn_idx').on(t.enterpriseId, t.mpn),
    index('catalog_products_canonical_url_idx').on(t.enterpriseId, t.canonicalUrl),
  ],
);

/**
 * The catalogue's version per enterprise: raised in the transaction of every change, so an
 * instance holding a resolution index sees, by one read, whether it must rebuild it.
 */
export const catalogVersions = pgTable('catalog_versions', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id, { onDelete: 'cascade' }),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
