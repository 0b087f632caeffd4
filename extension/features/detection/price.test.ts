import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../lib/testing/html-page';
import { canonicalAmount, currencyFromText, normalizeAmount, normalizeCurrency, pageCurrencyHints, parseAmount, parsePrice } from './price';

describe('parsePrice', () => {
  it.each([
    ['1.249,00 €', '1249.00', 'EUR'],
    ['$349.00', '349.00', 'USD'],
    ['£1,299', '1299', 'GBP'],
    ['EUR 12,50', '12.50', 'EUR'],
    ['CHF 1\'299.90', '1299.90', 'CHF'],
    ['1 299,00 €', '1299.00', 'EUR'],
    ['12.345.678,90 €', '12345678.90', 'EUR'],
    ['1,299.99', '1299.99', null],
    ['Now only 0,99 €', '0.99', 'EUR'],
    ['US$ 20', '20', 'USD'],
    ['¥3,000', '3000', 'JPY'],
    ['19,5', '19.5', null],
    ['Price: 349', '349', null],
  ])('%s → %s %s', (text, amount, currency) => {
    expect(parsePrice(text)).toEqual({ amount, currency });
  });

  it.each(['', 'Free', 'call us'])('%j has no price', (text) => {
    expect(parsePrice(text)).toBeNull();
  });

  it('takes the first price of several', () => {
    expect(parseAmount('$349.00 was $399.00')).toBe('349.00');
  });
});

describe('normalizeAmount (structured data)', () => {
  it.each([
    [349, '349'],
    [349.5, '349.5'],
    [0.1 + 0.2, '0.3'],
    ['349.00', '349.00'],
    ['1249.999', '1249.999'],
    ['1.249,00', '1249.00'],
    ['0012.50', '12.50'],
    [-1, null],
    ['n/a', null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(normalizeAmount(value)).toBe(expected);
  });
});

describe('currencyFromText', () => {
  it.each([
    ['€', 'EUR'],
    ['12 EUR', 'EUR'],
    ['A$ 10', 'AUD'],
    ['R$ 10', 'BRL'],
    ['10 zł', 'PLN'],
    ['12', null],
  ])('%s → %s', (text, code) => expect(currencyFromText(text)).toBe(code));
});

describe('normalizeCurrency (structured data)', () => {
  it.each([
    ['eur', 'EUR'],
    [' USD ', 'USD'],
    ['RUR', 'RUB'], // the rouble's code before 1998, still in some shops' data
    ['€', 'EUR'],
    ['', null],
    [12, null],
  ])('%s → %s', (value, code) => expect(normalizeCurrency(value)).toBe(code));
});

describe('canonicalAmount', () => {
  it.each([
    ['997.00', '997'],
    ['71.9100', '71.91'],
    ['0.50', '0.5'],
    ['007', '7'],
  ])('%s → %s', (amount, canonical) => expect(canonicalAmount(amount)).toBe(canonical));
});

describe('currency by the page country', () => {
  it.each([
    ['$ 24.990', 'https://tienda.example.cl/p/1', '', 'CLP'],
    ['$19.99', 'https://shop.example.com/p/1', 'en-CA', 'CAD'],
    ['$19.99', 'https://shop.example.com/p/1', 'en', 'USD'],
    ['499 kr', 'https://butik.example.se/p', '', 'SEK'],
    ['499 kr', 'https://shop.example.com/p', 'nb', 'NOK'],
    ['¥12,800', 'https://shop.example.jp/p', '', 'JPY'],
    ['¥99', 'https://shop.example.cn/p', '', 'CNY'],
    ['Rs 23,450', 'https://shop.example.pk/p', '', 'PKR'],
    ['1 299,00 zł', 'https://sklep.example.pl/p', '', 'PLN'],
    ['270,00 Kn', 'https://shop.example.hr/p', '', 'HRK'],
    ['173,34 Lei', 'https://shop.example.ro/p', '', 'RON'],
    ['R$ 1.299,90', 'https://loja.example.com.br/p', '', 'BRL'],
  ])('%s on %s (%s) → %s', (text, url, lang, code) => {
    expect(currencyFromText(text, pageCurrencyHints(htmlPage('', '', lang), new URL(url)))).toBe(code);
  });
  it('letter symbols count as whole words only', () => {
    expect(currencyFromText('Kniff 12')).toBeNull();
  });
  it('reads prices shown in many locales', () => {
    expect(parsePrice('1.234,56 €')).toEqual({ amount: '1234.56', currency: 'EUR' });
    expect(parsePrice('£1,299')).toEqual({ amount: '1299', currency: 'GBP' });
  });
});
