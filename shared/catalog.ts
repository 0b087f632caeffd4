import { z } from 'zod';
import { Currency } from './page';
import { nonBlank, text } from './text';

/** Most products one batch may carry (JSON call, CSV upload or feed); a larger batch is refused whole. */
export const MAX_CATALOG_BATCH = 10_000;

/** How a shop says whether a product can be bought: the four values of a Google Merchant feed. */
export const CatalogAvailability = z.enum(['in_stock', 'out_of_stock', 'preorder', 'backorder']);
export type CatalogAvailability = z.infer<typeof CatalogAvailability>;

/**
 * ISO 4217 currencies whose minor unit is not 2 digits. Intl's own figures follow CLDR, which
 * gives HUF and IDR 0 digits (their cash practice) where ISO and payment systems count 2.
 */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'].map((c) => [c, 0])),
  ...Object.fromEntries(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};
/** Codes that are no money a shop prices in: precious metals, fund units, test and "no currency" codes. */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);
let known: ReadonlySet<string> | null = null;

/**
 * Digits of a currency's minor unit (USD 2, JPY 0, KWD 3), or null for a code that is no
 * currency a price can be in. `349.00 USD` is 34900 minor units, `1500 JPY` is 1500.
 */
export function currencyDigits(currency: string): number | null {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  if (!known.has(currency) || NOT_MONEY.has(currency)) return null;
  return MINOR_UNIT_DIGITS[currency] ?? 2;
}

/** A decimal amount in minor units of `currency`: "349.5" USD → 34950, "1500.00" JPY → 1500. */
export function minorUnits(amount: string, currency: string): { ok: true; minor: number } | { ok: false; code: string; message: string } {
  const digits = currencyDigits(currency);
  if (digits === null) return { ok: false, code: 'unknown_currency', message: `${currency} is not a currency prices can be in` };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) return { ok: false, code: 'invalid_price', message: `"${amount}" is not an amount: digits with a dot for decimals, e.g. 349.00` };
  const fraction = m[2] ?? '';
  if (/[^0]/.test(fraction.slice(digits))) return { ok: false, code: 'invalid_price', message: `${currency} has ${digits} decimal${digits === 1 ? '' : 's'}; "${amount}" has more` };
  const minor = BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt(fraction.slice(0, digits).padEnd(digits, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, code: 'invalid_price', message: `"${amount}" is too large` };
  return { ok: true, minor: Number(minor) };
}

/** A decimal amount from minor units of `currency`: 34950 USD → "349.50", 1500 JPY → "1500". */
export function decimalAmount(minor: number, currency: string): string {
  const digits = currencyDigits(currency) ?? 2;
  const text = String(minor).padStart(digits + 1, '0');
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

/**
 * A GTIN (EAN-8, UPC-A, EAN-13/ISBN-13, GTIN-14) with a right check digit: a code of that length
 * that merely happens to be digits fails it nine times in ten. All zeros is no GTIN.
 * e.g. isGtin("4006381333931") → true, isGtin("4006381333932") → false
 */
export function isGtin(digits: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  // From the rightmost digit but the check digit, weights alternate 3, 1, 3, ...
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/**
 * A GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14) as its GTIN-14, the one form all of them share:
 * "4006381333931" → "04006381333931". Spaces and hyphens a page puts between digit groups are
 * left out. Null for what is not a GTIN with a right check digit.
 */
export function gtin14(value: string): string | null {
  const digits = value.trim().replace(/[\s-]/g, '');
  return isGtin(digits) ? digits.padStart(14, '0') : null;
}

const refusal = (code: string, message: string) => ({ code: 'custom' as const, message, params: { code } });

/** A GTIN as the shop gives it: 8, 12, 13 or 14 digits, the last one the check digit. */
export const Gtin = z.string().superRefine((value, ctx) => {
  if (!/^(\d{8}|\d{12,14})$/.test(value) || /^0+$/.test(value)) ctx.addIssue(refusal('invalid_gtin', 'a GTIN is 8, 12, 13 or 14 digits, not all zeros'));
  else if (!isGtin(value)) ctx.addIssue(refusal('invalid_gtin', 'the GTIN’s last digit is not its check digit'));
});

/** A link an associate or a shopper may follow: http or https only. */
export const CatalogUrl = text(z.url({ protocol: /^https?$/, error: 'an http or https URL' })).max(2048);

/** An amount of money in its currency's minor unit (cents for USD, yen for JPY), never a float. */
export const MinorAmount = z.int('an integer number of minor units, e.g. 34900 for 349.00 USD').min(0);

/** A time as epoch ms, from 1970 to the end of year 9999 (what ISO 8601 writes with four digits). */
export const EpochMs = z.int().min(0).max(253_402_300_799_999);

/** A SKU: the shop's own id of the product, unique within its catalogue. */
export const Sku = nonBlank(200);

/** Other products by SKU: what goes with this one, what could replace it, the bundles it is part of. */
export const RelatedProducts = z
  .object({
    accessories: z.array(Sku).max(100).default([]),
    alternatives: z.array(Sku).max(100).default([]),
    bundles: z.array(Sku).max(100).default([]),
  })
  .strict();
export type RelatedProducts = z.infer<typeof RelatedProducts>;

/**
 * One product of an enterprise's catalogue, as a batch upsert carries it (and CSV or feed rows
 * become). What it leaves out is null (lists and attributes empty) once read.
 */
export const CatalogProduct = z
  .object({
    sku: Sku,
    gtin: Gtin.nullish().default(null),
    mpn: nonBlank(200).nullish().default(null),
    name: nonBlank(500),
    description: nonBlank(10_000).nullish().default(null),
    brand: nonBlank(200).nullish().default(null),
    /** Category path from the broadest to the narrowest, e.g. ["Audio", "Headphones"]. */
    category: z.array(nonBlank(200)).max(12).default([]),
    currency: Currency,
    /** The list price, in minor units of `currency`. */
    price: MinorAmount,
    /** The price while on sale, in minor units; at most the list price. */
    salePrice: MinorAmount.nullish().default(null),
    /** When the sale price starts and ends to apply (epoch ms); absent: from always, until always. */
    saleStartsAt: EpochMs.nullish().default(null),
    saleEndsAt: EpochMs.nullish().default(null),
    availability: CatalogAvailability,
    /** Units in stock, when the shop counts them. */
    stock: z.int().min(0).nullish().default(null),
    /** The product's page. */
    url: CatalogUrl,
    /** Other pages that show it (a mobile site, a variant's own address). */
    otherUrls: z.array(CatalogUrl).max(20).default([]),
    image: CatalogUrl.nullish().default(null),
    /** Variants of one product share their group id (Merchant's item_group_id). */
    itemGroupId: nonBlank(200).nullish().default(null),
    /** Facts by name: colour, size, material... */
    attributes: z.record(nonBlank(100), nonBlank(1000)).default({}),
    related: RelatedProducts.default({ accessories: [], alternatives: [], bundles: [] }),
  })
  // A field the schema does not know is refused, not dropped: "salesPrice" would otherwise lose the sale without a word.
  .strict()
  .superRefine((p, ctx) => {
    if (/^[A-Z]{3}$/.test(p.currency) && currencyDigits(p.currency) === null) ctx.addIssue({ ...refusal('unknown_currency', `${p.currency} is not a currency prices can be in`), path: ['currency'] });
    if (p.salePrice != null && p.salePrice > p.price) ctx.addIssue({ ...refusal('sale_above_price', 'the sale price is above the list price'), path: ['salePrice'] });
    if (p.saleStartsAt != null && p.saleEndsAt != null && p.saleEndsAt <= p.saleStartsAt) ctx.addIssue({ ...refusal('sale_ends_before_start', 'the sale ends before it starts'), path: ['saleEndsAt'] });
    if (Object.keys(p.attributes).length > 100) ctx.addIssue({ ...refusal('too_many', 'at most 100 attributes'), path: ['attributes'] });
  });
export type CatalogProduct = z.infer<typeof CatalogProduct>;
/** A product as a caller may send it, defaults left out. */
export type CatalogProductInput = z.input<typeof CatalogProduct>;

/** One problem of a refused row: where (its row, its field as the input named it) and why. */
export const RefusedRow = z.object({
  /** JSON: the item's position in the batch, from 1. CSV and feeds: the record's row, the header being row 1. */
  row: z.int(),
  /** The field as the input names it: "salePrice" in JSON, "sale_price" in a feed; "" for the row as a whole. */
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type RefusedRow = z.infer<typeof RefusedRow>;

// ---- The catalogue's API (backend/src/modules/catalog/routes.ts) ----------------------------

/** PUT /api/v1/catalog/products: a batch of products, upserted by SKU. */
export const CatalogProductBatch = z.object({ products: z.array(CatalogProduct).min(1).max(MAX_CATALOG_BATCH) }).strict();
export type CatalogProductBatch = z.infer<typeof CatalogProductBatch>;

/**
 * What a batch did: the rows read, the products written (all of the batch's valid rows, in one
 * transaction, or none), every problem of the refused rows (never written) and the columns no
 * field was read from.
 */
export const CatalogImportReport = z.object({
  rows: z.int().nonnegative(),
  written: z.int().nonnegative(),
  refused: z.array(RefusedRow),
  /** Rows refused (each may have several problems in `refused`). */
  refusedRows: z.int().nonnegative(),
  ignoredColumns: z.array(z.string()),
  /** The catalogue's version after the batch. */
  version: z.int().nonnegative(),
});
export type CatalogImportReport = z.infer<typeof CatalogImportReport>;

/** GET /api/v1/catalog/products: a page of the catalogue, by SKU. */
export const CatalogProductList = z.object({
  products: z.array(CatalogProduct),
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: z.string().nullable(),
});
export type CatalogProductList = z.infer<typeof CatalogProductList>;

/** POST /api/v1/catalog/resolve: a product as detection reports it (shared/page.ts Product, its identifying fields). */
export const DetectedProductBody = z
  .object({
    url: text().max(2048),
    name: text().max(500),
    sku: text().max(200).nullish(),
    gtin: text().max(50).nullish(),
    mpn: text().max(200).nullish(),
    brand: text().max(200).nullish(),
    /** The price detection read, a decimal string, and its currency: checked against the catalogue's. */
    price: text().max(40).nullish(),
    currency: text().max(3).nullish(),
  })
  .strict();
export type DetectedProductBody = z.infer<typeof DetectedProductBody>;

/** How a detected product resolved, with the catalogue's product when one was found. */
export const CatalogResolution = z.object({
  /** The evidence that decided, or `ambiguous` (`by` says which evidence named several), or `none`. */
  how: z.enum(['url', 'sku', 'gtin', 'mpn', 'name', 'ambiguous', 'none']),
  by: z.enum(['url', 'sku', 'gtin', 'mpn', 'name']).nullable(),
  /** 1 for an identifier, the name similarity for a name. */
  score: z.number().nullable(),
  product: CatalogProduct.nullable(),
  /** For `ambiguous`: the products it could be (at most 10). */
  candidates: z.array(z.object({ sku: z.string(), name: z.string() })),
  /** The detected price against the catalogue's at this time: the price paid, the list price during a sale, another, or nothing to compare. */
  priceCheck: z.enum(['pays', 'list_price', 'other', 'unknown']).nullable(),
});
export type CatalogResolution = z.infer<typeof CatalogResolution>;

/** GET /api/v1/catalog/resolution-rate: how the products shoppers viewed in a period resolve to the catalogue today. */
export const ResolutionRate = z.object({
  days: z.int().positive(),
  since: z.string(),
  /** Product views counted (the most recent, at most `limit` of them). */
  views: z.int().nonnegative(),
  resolved: z.int().nonnegative(),
  /** resolved / views; null without views. */
  rate: z.number().min(0).max(1).nullable(),
  byKind: z.record(z.enum(['url', 'sku', 'gtin', 'mpn', 'name', 'ambiguous', 'none']), z.int().nonnegative()),
  /** More views than were counted happened in the period. */
  truncated: z.boolean(),
});
export type ResolutionRate = z.infer<typeof ResolutionRate>;
