import type { PageKind } from '../../shared/page';
import type { Detection } from '../../extension/features/detection/types';

/**
 * The product-extraction metric of the corpus (corpus/product-pages/README.md),
 * page-kind accuracy and search-term recovery. Pure: pages come in already read and detected.
 */

/** Ground truth of one product page: every field a list of accepted values. */
export interface ProductTruth {
  url: string;
  price?: string[];
  currency?: string[];
  sku?: string[];
  gtin?: string[];
  mpn?: string[];
  brand?: string[];
  availability?: string[];
}

const SCORED_ATTRIBUTES = ['price', 'sku', 'availability', 'brand', 'gtin', 'mpn', 'currency'] as const;
export type ScoredAttribute = (typeof SCORED_ATTRIBUTES)[number];

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Decimal equality without floats: "1299.0" = "1299", "87.10" = "87.1". */
export function sameDecimal(a: string, b: string): boolean {
  const norm = (s: string) => {
    const m = /^\s*0*(\d*)(?:\.(\d*?)0*)?\s*$/.exec(s);
    return m ? `${m[1] || '0'}.${m[2] ?? ''}` : null;
  };
  const x = norm(a);
  return x !== null && x === norm(b);
}

/** What a currency symbol of the ground truth may stand for. */
const SYMBOL_CODES: Record<string, string[]> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'MXN', 'CLP', 'COP', 'ARS', 'TWD', 'HKD', 'SGD'],
  '€': ['EUR'],
  '£': ['GBP'],
  '¥': ['JPY', 'CNY'],
  '￥': ['JPY', 'CNY'],
  '₹': ['INR'],
  'R$': ['BRL'],
  kr: ['SEK', 'NOK', 'DKK', 'ISK'],
  'kr.': ['DKK', 'ISK'],
  zł: ['PLN'],
  Kč: ['CZK'],
  Ft: ['HUF'],
  lei: ['RON'],
  '₽': ['RUB'],
  руб: ['RUB'],
  'руб.': ['RUB'],
  '₺': ['TRY'],
  TL: ['TRY'],
  '₩': ['KRW'],
  '₪': ['ILS'],
  'NT$': ['TWD'],
  'US$': ['USD'],
  Rs: ['PKR', 'INR', 'LKR', 'NPR'],
  'Rs.': ['PKR', 'INR', 'LKR', 'NPR'],
  'ر.س': ['SAR'],
  'د.إ': ['AED'],
  kn: ['HRK'],
  тг: ['KZT'],
  'тг.': ['KZT'],
  '₸': ['KZT'],
};

function currencyMatches(predicted: string, accepted: string): boolean {
  const a = accepted.trim();
  if (/^[A-Za-z]{3}$/.test(a)) return a.toUpperCase() === predicted;
  return (SYMBOL_CODES[a] ?? SYMBOL_CODES[a.toLowerCase()] ?? []).includes(predicted);
}

/** Whether a predicted value equals an accepted one, by the attribute's rule. */
function matches(attribute: ScoredAttribute, predicted: string, accepted: string): boolean {
  switch (attribute) {
    case 'price':
      return sameDecimal(predicted, accepted);
    case 'brand':
      return predicted.trim().toLowerCase() === accepted.trim().toLowerCase();
    case 'currency':
      return currencyMatches(predicted, accepted);
    default:
      return predicted.trim() === accepted.trim();
  }
}

/**
 * One attribute on one page: a prediction equal to an accepted value is a TP; a wrong one a
 * FP (and a FN where a value was expected); no prediction where one was expected a FN.
 */
export function scoreAttribute(attribute: ScoredAttribute, predicted: string | null | undefined, accepted: readonly string[] | undefined): Counts {
  const expected = (accepted ?? []).filter((v) => v.trim() !== '');
  const has = predicted !== null && predicted !== undefined && predicted.trim() !== '';
  if (!has) return { tp: 0, fp: 0, fn: expected.length > 0 ? 1 : 0 };
  if (expected.some((a) => matches(attribute, predicted, a))) return { tp: 1, fp: 0, fn: 0 };
  return { tp: 0, fp: 1, fn: expected.length > 0 ? 1 : 0 };
}

export interface AttributeScore extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

function f1Of({ tp, fp, fn }: Counts): AttributeScore {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

export interface PageMiss {
  id: string;
  attribute: ScoredAttribute;
  predicted: string | null;
  accepted: string[];
}

export interface ProductScore {
  attributes: Record<ScoredAttribute, AttributeScore>;
  /** Every wrong or missing value, to look at. */
  misses: PageMiss[];
}

/** Scores detections of the product pages against their ground truth; counts summed over pages. */
export function scoreProducts(pages: readonly { id: string; truth: ProductTruth; detection: Detection }[]): ProductScore {
  const totals = Object.fromEntries(SCORED_ATTRIBUTES.map((a) => [a, { tp: 0, fp: 0, fn: 0 }])) as Record<ScoredAttribute, Counts>;
  const misses: PageMiss[] = [];
  for (const { id, truth, detection } of pages) {
    const product = detection.product;
    for (const attribute of SCORED_ATTRIBUTES) {
      const predicted = product?.[attribute] ?? null;
      const counts = scoreAttribute(attribute, predicted, truth[attribute]);
      totals[attribute].tp += counts.tp;
      totals[attribute].fp += counts.fp;
      totals[attribute].fn += counts.fn;
      if (counts.tp === 0 && (counts.fp > 0 || counts.fn > 0)) misses.push({ id, attribute, predicted, accepted: truth[attribute] ?? [] });
    }
  }
  const attributes = Object.fromEntries(SCORED_ATTRIBUTES.map((a) => [a, f1Of(totals[a])])) as Record<ScoredAttribute, AttributeScore>;
  return { attributes, misses };
}

/** A page's expected kind, and for search pages the typed terms ("*" = browse, no terms). */
export interface KindTruth {
  id: string;
  kind: PageKind | 'home';
  searchTerms?: string;
  detection: Detection;
}

export interface KindScore {
  /** Product vs not-product: right calls over all pages. */
  productAccuracy: number;
  productRight: number;
  pages: number;
  searchRecovered: number;
  searchPages: number;
  wrongKind: { id: string; expected: string; got: PageKind }[];
  wrongTerms: { id: string; expected: string; got: string | null }[];
}

/** Whether a labelled search-term string means "no typed terms" (a wildcard or browse search). */
function isWildcard(terms: string): boolean {
  return terms.trim().startsWith('*');
}

/**
 * Product vs not-product accuracy over every page, and exact search-term recovery on search
 * pages (terms compared after trimming and collapsing spaces; a wildcard search is recovered
 * when the page is not taken for a product and no made-up terms are reported).
 */
export function scoreKinds(pages: readonly KindTruth[]): KindScore {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  let productRight = 0;
  let searchRecovered = 0;
  let searchPages = 0;
  const wrongKind: KindScore['wrongKind'] = [];
  const wrongTerms: KindScore['wrongTerms'] = [];
  for (const { id, kind, searchTerms, detection } of pages) {
    const right = (kind === 'product') === (detection.kind === 'product');
    if (right) productRight++;
    else wrongKind.push({ id, expected: kind, got: detection.kind });
    if (kind !== 'search' || searchTerms === undefined) continue;
    searchPages++;
    const got = detection.search?.terms ?? null;
    const ok = isWildcard(searchTerms)
      ? detection.kind !== 'product' && (got === null || isWildcard(got))
      : detection.kind === 'search' && got !== null && norm(got) === norm(searchTerms);
    if (ok) searchRecovered++;
    else wrongTerms.push({ id, expected: searchTerms, got });
  }
  return { productAccuracy: pages.length === 0 ? 0 : productRight / pages.length, productRight, pages: pages.length, searchRecovered, searchPages, wrongKind, wrongTerms };
}
