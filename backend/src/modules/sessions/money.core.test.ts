import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../shared/page';
import { fitsDecimal, fromUnits, lineTotal, toUnits } from './money.core';

describe('money', () => {
  it.each([
    ['12', '12.00'],
    ['12.5', '12.50'],
    ['0.125', '0.125'],
    ['1249.9999', '1249.9999'],
    ['0', '0.00'],
  ])('%s round-trips as %s', (input, out) => expect(fromUnits(toUnits(input))).toBe(out));

  it('multiplies without float error', () => {
    expect(fromUnits(lineTotal('0.10', 3))).toBe('0.30');
    expect(fromUnits(lineTotal('19.99', 7))).toBe('139.93');
  });

  it.each([
    ['0.00', true],
    ['999999999999.9999', true],
    ['1000000000000.00', false],
    ['10000000000000199.00', false],
  ])('an amount of %s fits a Decimal: %s, as the schema says', (amount, fits) => {
    expect(fitsDecimal(toUnits(amount))).toBe(fits);
    expect(Decimal.safeParse(fromUnits(toUnits(amount))).success).toBe(fits);
  });
});
