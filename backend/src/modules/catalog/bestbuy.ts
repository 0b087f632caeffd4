import { type CatalogProduct, gtin14 } from '../../../../shared/catalog';
import type { ExternalProductInfo } from '../../../../shared/sales';
import { isStorableText } from '../../../../shared/text';
import type { Config } from '../../config';
import type { Outbound } from '../../outbound/client';
import { getJson, SourceFailure } from '../customers/fetch-json';
import type { ProductInfoProvider } from './product-info';

/**
 * Best Buy's Products API as a source of external product information
 * (https://bestbuyapis.github.io/api-documentation/#products-api):
 *
 *   GET {baseUrl}/v1/products(upc=<12 digits>)?apiKey=…&format=json&show=sku,name,upc,customerReviewAverage,customerReviewCount,details.name,details.value,url
 *   GET {baseUrl}/v1/products(sku=<Best Buy SKU>)?…
 *
 * answers `{ "total": n, "products": [{ "sku", "name", "upc", "customerReviewAverage",
 * "customerReviewCount", "details": [{ "name", "value" }], "url" }], … }`; a product it does not
 * sell is no product (total 0). 403 for a key it refuses, 429 past the key's quota.
 *
 * A product is asked about by its UPC (its GTIN when it is a UPC-A: a GTIN-14 with two leading
 * zeros), else by the Best Buy SKU the enterprise records in its attribute `bestbuy_sku`; a
 * product with neither is not asked about. The key travels in the query, as the API wants: no
 * URL is ever logged.
 */
export interface BestBuyConfig {
  /** `https://api.bestbuy.com`. */
  baseUrl: string;
  apiKey: string;
  ttlSeconds: number;
}

/** What the API is asked to show of a product: exactly what is read. */
const SHOW = 'sku,name,upc,customerReviewAverage,customerReviewCount,details.name,details.value,url';
/** Specifications kept at most. */
const MAX_SPECIFICATIONS = 50;

/** The Best Buy settings of the environment (README: configuration), or null when no key is set. */
export function bestBuyConfigFrom(config: Config): BestBuyConfig | null {
  if (!config.BESTBUY_API_KEY) return null;
  return { baseUrl: config.BESTBUY_API_URL ?? 'https://api.bestbuy.com', apiKey: config.BESTBUY_API_KEY, ttlSeconds: config.BESTBUY_TTL_SECONDS ?? 86_400 };
}

/** The query naming the product for the API, or null when it cannot be asked about. */
export function bestBuyQuery(product: Pick<CatalogProduct, 'gtin' | 'attributes'>): string | null {
  const gtin = product.gtin ? gtin14(product.gtin) : null;
  if (gtin?.startsWith('00')) return `upc=${gtin.slice(2)}`;
  const sku = Object.hasOwn(product.attributes, 'bestbuy_sku') ? product.attributes.bestbuy_sku!.trim() : '';
  return /^\d{1,12}$/.test(sku) ? `sku=${sku}` : null;
}

/** Best Buy's Products API, called through `outbound` (the guard every outbound call goes through). */
export function bestBuyProductInfo(config: BestBuyConfig, outbound: Outbound): ProductInfoProvider {
  const base = config.baseUrl.replace(/\/+$/, '');
  return {
    name: 'bestbuy',
    ttlSeconds: config.ttlSeconds,
    keyOf: (product) => {
      const query = bestBuyQuery(product);
      return query && `bestbuy:${query}`;
    },
    async lookup(product, signal) {
      const query = bestBuyQuery(product);
      if (!query) return null;
      const url = new URL(`${base}/v1/products(${query})`);
      url.searchParams.set('apiKey', config.apiKey);
      url.searchParams.set('format', 'json');
      url.searchParams.set('show', SHOW);
      const { status, body } = await getJson(outbound, url, {}, signal);
      if (status === 403) throw new SourceFailure('bestbuy answered 403 (the key was refused)');
      if (status === 429) throw new SourceFailure('bestbuy answered 429 (over the key’s quota)');
      if (status !== 200) throw new SourceFailure(`bestbuy answered ${status}`);
      const products = (body as { products?: unknown } | null)?.products;
      if (!Array.isArray(products)) throw new SourceFailure('bestbuy answered without products');
      const found = products[0];
      return found && typeof found === 'object' ? infoOf(found as Record<string, unknown>) : null;
    },
  };
}

/** A product of the API's answer as external information: what is missing or of another shape is unknown, never an error. */
export function infoOf(p: Record<string, unknown>): ExternalProductInfo {
  const rating = typeof p.customerReviewAverage === 'number' && p.customerReviewAverage >= 0 && p.customerReviewAverage <= 5 ? p.customerReviewAverage : null;
  const count = typeof p.customerReviewCount === 'number' && Number.isInteger(p.customerReviewCount) && p.customerReviewCount >= 0 ? p.customerReviewCount : null;
  const specifications = (Array.isArray(p.details) ? p.details : []).flatMap((d: unknown) => {
    const { name, value } = (d ?? {}) as { name?: unknown; value?: unknown };
    const text = (v: unknown) => (typeof v === 'string' && v.trim() && v.length <= 500 && isStorableText(v) ? v.trim() : null);
    const n = text(name);
    const v = text(typeof value === 'number' ? String(value) : value);
    return n && v ? [{ name: n, value: v }] : [];
  });
  const url = typeof p.url === 'string' && /^https?:\/\//i.test(p.url) && p.url.length <= 2048 ? p.url : null;
  return { provider: 'bestbuy', rating, reviewCount: count, specifications: specifications.slice(0, MAX_SPECIFICATIONS), url };
}
