/** Symbols and their ISO codes; longer symbols first so "US$" wins over "$". */
const SYMBOLS: [string, string][] = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['C$', 'CAD'],
  ['A$', 'AUD'],
  ['AU$', 'AUD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['R$', 'BRL'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['$', 'USD'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₴', 'UAH'],
  ['zł', 'PLN'],
  ['Kč', 'CZK'],
];
const ISO_CODES =
  /\b(EUR|USD|GBP|CHF|JPY|CNY|INR|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|RON|BGN|TRY|RUB|UAH|BRL|MXN|ZAR|HKD|SGD|KRW|PKR|AED|SAR|ILS|TWD|THB|MYR|IDR|PHP|VND)\b/;

/** ISO code of the currency a price text shows: "1.249,00 €" → "EUR", "CHF 12" → "CHF". */
export function currencyFromText(text: string): string | null {
  const iso = ISO_CODES.exec(text);
  if (iso) return iso[1]!;
  for (const [symbol, code] of SYMBOLS) if (text.includes(symbol)) return code;
  return null;
}

/** The ISO code for a currency as written in structured data: "eur" → "EUR", "€" → "EUR". */
export function normalizeCurrency(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^[A-Za-z]{3}$/.test(text)) return text.toUpperCase();
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
export function parsePrice(text: string): { amount: string; currency: string | null } | null {
  const amount = parseAmount(text);
  return amount ? { amount, currency: currencyFromText(text) } : null;
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
