import type { z } from 'zod';
import type { Availability } from '../../../shared/page';

export type AvailabilityValue = z.infer<typeof Availability>;

const OUT = new RegExp(
  [
    'out[ _-]?of[ _-]?stock', 'sold[ _-]?out', 'discontinued', 'unavailable', 'not available', 'no longer available',
    'ausverkauft', 'nicht (mehr )?(verfügbar|lieferbar|auf lager)', 'vergriffen',
    'épuisé', 'rupture de stock', '(non|plus) disponible', 'indisponible',
    'agotado', 'sin (stock|existencias)', 'no disponible', 'esaurito', 'non disponibile', 'fuori produzione',
    'esgotado', 'indisponível', 'sem estoque', 'uitverkocht', 'niet (op voorraad|leverbaar|beschikbaar)',
    'slutsåld', 'utsolgt', 'udsolgt', 'ikke på lager', 'inte i lager', 'loppuunmyyty', 'ei saatavilla', 'ei varastossa',
    'brak w magazynie', 'niedostępny', 'wyprzedany', 'vyprodáno', 'není skladem', 'nie je skladom', 'nedostupn',
    'ni na zalogi', 'nema na stanju', 'нет в наличии', 'не в наличии', 'закончился', 'stokta yok', '\\boos\\b',
    // "can't be bought now": Slovak, Czech, English
    'nie je možné (\\S+ )?kúpiť', 'není možné (\\S+ )?koupit', 'nelze (\\S+ )?koupit', 'cannot be (purchased|bought|ordered)', 'can\'t be (purchased|bought|ordered)',
  ].join('|'),
  'i',
);
const IN = new RegExp(
  [
    'in[ _-]?stock', 'online[ _-]?only', 'limited ?availability', 'in ?store ?only', 'pre ?order', 'pre ?sale', 'back ?order', 'available',
    'auf lager', 'lieferbar', 'verfügbar', 'versandfertig', 'en stock', 'disponible', 'disponibil', 'expédié', 'op voorraad', 'leverbaar',
    'på lager', 'i lager', 'varastossa', 'w magazynie', 'dostępny', 'em estoque', 'skladem', 'skladom', 'na zalogi', 'na stanju',
    'в наличии', 'stokta', 'raktáron', 'usually (ships|dispatched)', 'ships (in|within)', 'dispatched within',
  ].join('|'),
  'i',
);

/**
 * Availability from a schema.org URL or a shown text:
 * "https://schema.org/InStock" → "InStock", "Sold out" → "OutOfStock", "" → null.
 */
export function parseAvailability(value: unknown): AvailabilityValue | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/^https?:\/\/schema\.org\//i, '');
  if (OUT.test(text)) return 'OutOfStock';
  if (IN.test(text)) return 'InStock';
  return null;
}

/**
 * The availability of a product sold as several offers or variants (one per size, colour or seller):
 * in stock when any one of them is, else the first known.
 * e.g. combinedAvailability(['OutOfStock', 'InStock']) → 'InStock', combinedAvailability([null, 'OutOfStock']) → 'OutOfStock'
 */
export function combinedAvailability(values: readonly (AvailabilityValue | null)[]): AvailabilityValue | null {
  return values.includes('InStock') ? 'InStock' : (values.find((v) => v !== null) ?? null);
}
