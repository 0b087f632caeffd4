import { describe, expect, it } from 'vitest';
import { currencyDigits, decimalAmount, gtin14, isGtin, minorUnits } from './catalog';

describe('currencies’ minor units', () => {
  it.each<[string, number | null]>([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['TND', 3],
    ['HUF', 2], // ISO 4217, where Intl (CLDR) says 0
    ['IDR', 2],
    ['XAU', null],
    ['XXX', null],
    ['XYZ', null],
    ['usd', null],
  ])('%s: %s', (currency, digits) => expect(currencyDigits(currency)).toBe(digits));
});

describe('GTINs', () => {
  it.each<[string, string | null]>([
    ['96385074', '00000096385074'], // EAN-8
    ['036000291452', '00036000291452'], // UPC-A
    ['0036000291452', '00036000291452'], // the same as EAN-13
    ['4006381333931', '04006381333931'], // EAN-13
    ['10012345678902', '10012345678902'], // GTIN-14
    ['4006381 333931', '04006381333931'],
    ['400-6381-333931', '04006381333931'],
    ['4006381333932', null], // wrong check digit
    ['12345678901', null], // 11 digits
    ['400638133393A', null],
    ['', null],
    ['00000000', null],
  ])('%j → %s', (text, gtin) => expect(gtin14(text)).toBe(gtin));

  it('finds every single wrong digit of a GTIN-13', () => {
    const good = '4006381333931';
    for (let i = 0; i < good.length; i++)
      for (let d = 0; d <= 9; d++) {
        const changed = good.slice(0, i) + d + good.slice(i + 1);
        expect(isGtin(changed)).toBe(changed === good);
      }
  });
});

describe('amounts in minor units of their currency', () => {
  it.each<[string, string, number | string]>([
    ['349.00', 'USD', 34900],
    ['349.5', 'USD', 34950],
    ['349', 'USD', 34900],
    ['0.01', 'EUR', 1],
    ['1500', 'JPY', 1500],
    ['1500.00', 'JPY', 1500],
    ['1500.50', 'JPY', 'invalid_price'],
    ['12.345', 'KWD', 12345],
    ['12.345', 'USD', 'invalid_price'],
    ['12.3400', 'USD', 1234],
    ['1499.50', 'HUF', 149950],
    ['1,299.00', 'USD', 'invalid_price'],
    ['349,00', 'EUR', 'invalid_price'],
    ['-5.00', 'USD', 'invalid_price'],
    ['1e3', 'USD', 'invalid_price'],
    ['10', 'XYZ', 'unknown_currency'],
    ['90071992547409.92', 'USD', 'invalid_price'],
  ])('%s %s → %s', (amount, currency, expected) => {
    const read = minorUnits(amount, currency);
    expect(read.ok ? read.minor : read.code).toBe(expected);
  });

  it.each<[number, string, string]>([
    [34950, 'USD', '349.50'],
    [5, 'USD', '0.05'],
    [1500, 'JPY', '1500'],
    [12345, 'KWD', '12.345'],
  ])('%d %s is written %s', (minor, currency, text) => expect(decimalAmount(minor, currency)).toBe(text));
});

