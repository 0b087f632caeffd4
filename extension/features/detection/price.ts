/** Symbols and their ISO codes; longer symbols first so "US$" wins over "$". Letter symbols match as whole words. */
const SYMBOLS: [string, string][] = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['C$', 'CAD'],
  ['AU$', 'AUD'],
  ['A$', 'AUD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['NT$', 'TWD'],
  ['R$', 'BRL'],
  ['S/', 'PEN'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['руб', 'RUB'],
  ['₺', 'TRY'],
  ['TL', 'TRY'],
  ['₴', 'UAH'],
  ['грн', 'UAH'],
  ['₸', 'KZT'],
  ['тг', 'KZT'],
  ['₪', 'ILS'],
  ['₫', 'VND'],
  ['₱', 'PHP'],
  ['฿', 'THB'],
  ['zł', 'PLN'],
  ['Kč', 'CZK'],
  ['Ft', 'HUF'],
  ['kn', 'HRK'],
  ['Kn', 'HRK'],
  ['KN', 'HRK'],
  ['lei', 'RON'],
  ['Lei', 'RON'],
  ['LEI', 'RON'],
  ['лв', 'BGN'],
  ['ر.س', 'SAR'],
  ['د.إ', 'AED'],
  ['Fr.', 'CHF'],
];
const ISO_CODES =
  /(?<![A-Za-z])(EUR|USD|GBP|CHF|JPY|CNY|RMB|INR|CAD|AUD|NZD|SEK|NOK|DKK|ISK|PLN|CZK|HUF|RON|BGN|HRK|TRY|RUB|UAH|BYN|KZT|BRL|MXN|CLP|COP|ARS|PEN|ZAR|HKD|SGD|KRW|PKR|AED|SAR|ILS|TWD|THB|MYR|IDR|PHP|VND)(?![A-Za-z])/;

/** Where a page sells: its country (from the domain or the language) and language, to read "$", "kr", "¥". */
export interface CurrencyHints {
  country?: string | null;
  language?: string | null;
}

/** Symbols that several currencies share, by the country the page sells in. */
const AMBIGUOUS: Record<string, { byCountry: Record<string, string>; fallback: string }> = {
  $: {
    byCountry: { ca: 'CAD', au: 'AUD', nz: 'NZD', mx: 'MXN', cl: 'CLP', co: 'COP', ar: 'ARS', sg: 'SGD', hk: 'HKD', tw: 'TWD', uy: 'UYU' },
    fallback: 'USD',
  },
  kr: { byCountry: { se: 'SEK', no: 'NOK', dk: 'DKK', is: 'ISK' }, fallback: 'SEK' },
  '¥': { byCountry: { cn: 'CNY' }, fallback: 'JPY' },
  '￥': { byCountry: { cn: 'CNY' }, fallback: 'JPY' },
  Rs: { byCountry: { pk: 'PKR', lk: 'LKR', np: 'NPR' }, fallback: 'INR' },
  元: { byCountry: { tw: 'TWD', hk: 'HKD' }, fallback: 'CNY' },
};
/** Country of a language with no region, for the symbols above. */
const LANGUAGE_COUNTRY: Record<string, string> = { sv: 'se', nb: 'no', nn: 'no', no: 'no', da: 'dk', is: 'is', zh: 'cn', ja: 'jp', ur: 'pk', si: 'lk' };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const symbolPattern = (symbol: string) =>
  new RegExp(/^[\p{L}.]+$/u.test(symbol) ? `(?<!\\p{L})${escape(symbol)}(?!\\p{L})` : escape(symbol), 'u');
const SYMBOL_PATTERNS: [RegExp, string][] = SYMBOLS.map(([symbol, code]) => [symbolPattern(symbol), code]);
const AMBIGUOUS_PATTERNS: [RegExp, string][] = Object.keys(AMBIGUOUS).map((symbol) => [symbolPattern(symbol), symbol]);

/**
 * ISO code of the currency a price text shows: "1.249,00 €" → "EUR", "CHF 12" → "CHF";
 * "$", "kr", "¥", "Rs" by the page's country: "$ 24.990" on a .cl shop → "CLP".
 */
export function currencyFromText(text: string, hints: CurrencyHints = {}): string | null {
  const iso = ISO_CODES.exec(text);
  if (iso) return iso[1] === 'RMB' ? 'CNY' : iso[1]!;
  for (const [pattern, code] of SYMBOL_PATTERNS) if (pattern.test(text)) return code;
  for (const [pattern, symbol] of AMBIGUOUS_PATTERNS) {
    if (!pattern.test(text)) continue;
    const { byCountry, fallback } = AMBIGUOUS[symbol]!;
    const country = hints.country ?? (hints.language ? LANGUAGE_COUNTRY[hints.language] : undefined);
    return (country && byCountry[country]) || (hints.language && byCountry[LANGUAGE_COUNTRY[hints.language] ?? '']) || fallback;
  }
  return null;
}

const GENERIC_TLDS = /^(com|net|org|shop|store|info|biz|eu|io|co|online)$/;

/** The country and language a page sells in: the domain's country code, else the `<html lang>` or og:locale region. */
export function pageCurrencyHints(doc: Document, url: URL): CurrencyHints {
  const locale = (doc.documentElement?.getAttribute('lang') || doc.querySelector('meta[property="og:locale" i]')?.getAttribute('content') || '').toLowerCase();
  const [language = null, region = null] = locale.split(/[-_]/);
  const labels = url.hostname.toLowerCase().split('.');
  const tld = labels[labels.length - 1] ?? '';
  const country = tld.length === 2 && !GENERIC_TLDS.test(tld) ? (tld === 'uk' ? 'gb' : tld) : region && /^[a-z]{2}$/.test(region) ? region : null;
  return { country, language };
}

/** The ISO code for a currency as written in structured data: "eur" → "EUR", "€" → "EUR". */
export function normalizeCurrency(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  // RUR: the rouble's code before 1998, still written by some Russian shops.
  if (/^[A-Za-z]{3}$/.test(text)) return text.toUpperCase() === 'RUR' ? 'RUB' : text.toUpperCase();
  return currencyFromText(text);
}

// Grouped thousands ("1.249,00", "1,299", "1 299", "1'299.50"), or plain ("349.00", "12,5").
const GROUPED = /[1-9]\d{0,2}(?:[.,'’\u00a0\u202f ]\d{3})+(?!\d)(?:[.,]\d{1,2}(?!\d))?/;
const PLAIN = /\d+(?:[.,]\d{1,4})?(?!\d)/;
const DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;

/**
 * The amount of a price as shown, as a decimal string with a dot.
 * e.g. "1.249,00 €" → "1249.00", "$349.00" → "349.00", "£1,299" → "1299".
 * A single separator followed by exactly three digits is read as thousands.
 */
export function parseAmount(text: string): string | null {
  const grouped = GROUPED.exec(text);
  const plain = PLAIN.exec(text);
  if (grouped && (!plain || grouped.index <= plain.index)) {
    const decimals = /[.,](\d{1,2})$/.exec(grouped[0]);
    const integer = (decimals ? grouped[0].slice(0, decimals.index) : grouped[0]).replace(/\D/g, '');
    return toDecimal(integer, decimals?.[1] ?? '');
  }
  if (!plain) return null;
  const [integer = '', decimals = ''] = plain[0].split(/[.,]/);
  return toDecimal(integer.replace(/^0+(?=\d)/, ''), decimals);
}

/** Price and currency of a price text: "1.249,00 €" → { amount: "1249.00", currency: "EUR" }. */
export function parsePrice(text: string, hints: CurrencyHints = {}): { amount: string; currency: string | null } | null {
  const amount = parseAmount(text);
  return amount ? { amount, currency: currencyFromText(text, hints) } : null;
}

/**
 * A machine-readable amount (JSON-LD, meta content): a number or a dotted decimal;
 * anything else is read as shown text.
 */
export function normalizeAmount(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? toDecimal(...splitNumber(value)) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const dotted = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (dotted) return toDecimal(dotted[1]!.replace(/^0+(?=\d)/, ''), dotted[2] ?? '');
  return parseAmount(text);
}

function splitNumber(value: number): [string, string] {
  const [integer = '0', decimals = ''] = value.toFixed(4).replace(/\.?0+$/, '').split('.');
  return [integer, decimals];
}

function toDecimal(integer: string, decimals: string): string | null {
  const value = decimals ? `${integer}.${decimals.slice(0, 4)}` : integer;
  return DECIMAL.test(value) ? value : null;
}

/** One spelling per amount, for comparing: "997.00" → "997", "071.910" → "71.91". */
export function canonicalAmount(amount: string): string {
  const [integer = '0', decimals = ''] = amount.split('.');
  const whole = integer.replace(/^0+(?=\d)/, '');
  const fraction = decimals.replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}
