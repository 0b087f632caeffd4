/**
 * Money as the shops handle it: decimal strings ("1249.00") in the data, integer
 * cents for arithmetic, and the shop's local format on the page. No floats anywhere,
 * so a cart total is exactly what a test computes from the catalog.
 */

export type CurrencyCode = 'USD' | 'EUR';

/** How a shop writes amounts: "$1,249.00" (en-US) or "1.249,00 €" (de-DE). */
export type MoneyStyle = 'en-US' | 'de-DE';

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

export function toCents(decimal: string): number {
  const m = DECIMAL.exec(decimal);
  if (!m) throw new Error(`not a decimal amount: ${decimal}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new Error(`not an amount in cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Formats by hand rather than with Intl: Intl's de-DE output puts a no-break space
 * before "€", and tests and site adapters want the exact, documented text.
 */
export function formatMoney(decimal: string, currency: CurrencyCode, style: MoneyStyle): string {
  const [units = '0', fraction = '00'] = fromCents(toCents(decimal)).split('.');
  const symbol = currency === 'USD' ? '$' : '€';
  if (style === 'de-DE') return `${groupThousands(units, '.')},${fraction} ${symbol}`;
  return `${symbol}${groupThousands(units, ',')}.${fraction}`;
}
