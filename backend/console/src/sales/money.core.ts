/**
 * Money and the small texts of the sales pages: amounts kept as integer minor units (or the API's
 * decimal strings) shown with their currency, never turned into floats on the way; lists typed
 * as text ("Audio > Headphones; TV") read back into the API's arrays.
 */
import { currencyDigits } from '../../../../shared/catalog';
import { decimalAmount } from '../../../src/modules/commission/commission.core';

/** 34900 USD → "349.00 USD"; a negative amount keeps its sign ("-12.50 EUR"). */
export function money(minor: number, currency: string): string {
  // A no-break space: an amount is never split from its currency at a table's edge.
  return `${decimalAmount(minor, currency)}\u00a0${currency}`;
}

/** A minor amount as a number of major units for a chart: 34950 USD → 349.5 (exact for every amount a report holds). */
export function majorUnits(minor: number, currency: string): number {
  return minor / 10 ** (currencyDigits(currency) ?? 2);
}

/** A rate 0..1 as a percentage with one decimal, "—" when undefined. */
export function percent(rate: number | null | undefined): string {
  // A no-break space: a figure and its sign are read whole, never split over two lines.
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '—' : `${(rate * 100).toFixed(1)}\u00a0%`;
}

/** Basis points as a percentage: 500 → "5", 250 → "2.5", 1 → "0.01". */
export function basisPointsText(bp: number): string {
  return String(Number((bp / 100).toFixed(2)));
}

/** A percentage typed by a person as basis points: "5" → 500, "2.5" → 250; null for what is not one (at most two decimals). */
export function basisPointsOf(text: string): number | null {
  const m = /^\s*(\d{1,5})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
}

/** "a, b ,c" → ["a", "b", "c"]; empty parts left out. */
export function listOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Category paths typed as "Audio > Headphones; TV" → [["Audio", "Headphones"], ["TV"]]. */
export function pathsOf(text: string): string[][] {
  return text
    .split(';')
    .map((p) =>
      p
        .split('>')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .filter((p) => p.length > 0);
}

/** The other way: [["Audio", "Headphones"], ["TV"]] → "Audio > Headphones; TV". */
export function pathsText(paths: readonly (readonly string[])[]): string {
  return paths.map((p) => p.join(' > ')).join('; ');
}

/** Bytes as a person reads them: 2048 → "2 KB". */
export function bytesText(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
