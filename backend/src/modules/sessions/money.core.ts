import { DECIMAL_PLACES, DECIMAL_WHOLE_DIGITS } from '../../../../shared/page';

/** Exact decimal arithmetic on the wire's decimal strings ("12.50"), in units of 1/10,000. */
const SCALE = 10n ** BigInt(DECIMAL_PLACES);

/** The largest amount a Decimal can say (999999999999.9999), in units. */
const MAX_UNITS = 10n ** BigInt(DECIMAL_WHOLE_DIGITS) * SCALE - 1n;

export function toUnits(decimal: string): bigint {
  const [whole = '0', frac = ''] = decimal.split('.');
  return BigInt(whole) * SCALE + BigInt((frac + '0'.repeat(DECIMAL_PLACES)).slice(0, DECIMAL_PLACES));
}

/** Formats with at least two decimals: 12.5 → "12.50", 0.125 → "0.125". */
export function fromUnits(units: bigint): string {
  const whole = units / SCALE;
  let frac = (units % SCALE).toString().padStart(DECIMAL_PLACES, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${whole}.${frac}`;
}

export function lineTotal(unitPrice: string, quantity: number): bigint {
  return toUnits(unitPrice) * BigInt(quantity);
}

/** Whether an amount fits the API's Decimal (at most 12 digits before the dot). */
export function fitsDecimal(units: bigint): boolean {
  return units >= 0n && units <= MAX_UNITS;
}
