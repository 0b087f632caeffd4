import { describe, expect, it } from 'vitest';
import { combinedAvailability, parseAvailability } from './availability';

describe('availability text in many languages', () => {
  it.each([
    ['In Stock.', 'InStock'],
    ['Auf Lager.', 'InStock'],
    ['En stock', 'InStock'],
    ['Disponibilità immediata', 'InStock'],
    ['Op voorraad', 'InStock'],
    ['På lager', 'InStock'],
    ['W magazynie', 'InStock'],
    ['Em estoque', 'InStock'],
    ['in_stock', 'InStock'],
    ['Habituellement expédié sous 3 à 4 jours.', 'InStock'],
    ['Derzeit nicht verfügbar.', 'OutOfStock'],
    ['Sold out', 'OutOfStock'],
    ['Ausverkauft', 'OutOfStock'],
    ['Agotado', 'OutOfStock'],
    ['Épuisé', 'OutOfStock'],
    ['Non disponible', 'OutOfStock'],
    ['Non disponibile', 'OutOfStock'],
    ['Brak w magazynie', 'OutOfStock'],
    ['Нет в наличии', 'OutOfStock'],
  ])('%s → %s', (text, expected) => expect(parseAvailability(text)).toBe(expected));
});

describe('availability of several offers or variants', () => {
  it.each([
    [['OutOfStock', 'InStock', 'OutOfStock'], 'InStock'],
    [[null, 'OutOfStock'], 'OutOfStock'],
    [['InStock'], 'InStock'],
    [[null, null], null],
    [[], null],
  ] as const)('%j → %s', (values, expected) => expect(combinedAvailability(values)).toBe(expected));

  it.each([
    ['Momentálne nie je možné produkt kúpiť', 'OutOfStock'],
    ['Tento produkt není možné koupit', 'OutOfStock'],
    ['This item cannot be purchased online', 'OutOfStock'],
  ])('%s → %s', (text, expected) => expect(parseAvailability(text)).toBe(expected));
});
