/** Exact decimal arithmetic on the wire's decimal strings ("12.50"), in units of 1/10,000. */
const SCALE = 10_000n;

export function toUnits(decimal: string): bigint {
  const [whole = '0', frac = ''] = decimal.split('.');
  return BigInt(whole) * SCALE + BigInt((frac + '0000').slice(0, 4));
}

/** Formats with at least two decimals: 12.5 → "12.50", 0.125 → "0.125". */
export function fromUnits(units: bigint): string {
  const whole = units / SCALE;
  let frac = (units % SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${whole}.${frac}`;
}

export function lineTotal(unitPrice: string, quantity: number): bigint {
  return toUnits(unitPrice) * BigInt(quantity);
}
