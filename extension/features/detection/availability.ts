import type { z } from 'zod';
import type { Availability } from '../../../shared/page';

type AvailabilityValue = z.infer<typeof Availability>;

const OUT = /out ?of ?stock|sold ?out|discontinued|unavailable|not available|ausverkauft|nicht (mehr )?(verfügbar|lieferbar)|épuisé|agotado|esaurito|\boos\b/i;
const IN = /in ?stock|online ?only|limited ?availability|in ?store ?only|pre ?order|pre ?sale|back ?order|available|auf lager|lieferbar|verfügbar|en stock|disponible|disponibile/i;

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
