import type { PageKind } from '../../../../shared/page';
import type { DetectionSource } from '../types';

/** Query parameters that carry search terms, most common first. */
export const SEARCH_PARAMS = ['q', 'query', 'k', 's', 'search', 'searchTerm', 'text', 'keyword', 'keywords'];

const PATH_KINDS: [RegExp, PageKind][] = [
  [/^(cart|basket|bag|warenkorb|panier|carrito|carrello|winkelwagen|shopping-?cart)$/i, 'cart'],
  [/^(checkout|kasse|commande|pago)$/i, 'checkout'],
  [/^(search|suche|recherche|buscar|zoeken)$/i, 'search'],
  [/^(category|categories|collections?|catalog|c|kategorie)$/i, 'listing'],
];

/**
 * The address alone: search terms in the query (`?q=`, `?k=`, ...) or a `/search/<terms>`
 * path, and page kinds told by a path segment (`/cart`, `/checkout`, `/category/...`).
 */
export const urlSource: DetectionSource = {
  name: 'url',
  read({ url }) {
    const terms = searchTerms(url);
    if (terms) return { kind: 'search', search: { terms } };
    const segments = url.pathname.split('/').filter(Boolean);
    for (const [pattern, kind] of PATH_KINDS) if (segments.some((s) => pattern.test(s))) return { kind };
    return null;
  },
};

/** Search terms in a URL, e.g. "/search?q=red+shoes" or "/search/red%20shoes" → "red shoes". */
export function searchTerms(url: URL): string | null {
  for (const param of SEARCH_PARAMS) {
    const value = url.searchParams.get(param)?.trim();
    if (value) return value;
  }
  const path = /\/(?:search|suche|s)\/([^/]+)/i.exec(url.pathname);
  if (!path) return null;
  try {
    return decodeURIComponent(path[1]!.replace(/\+/g, ' ')).trim() || null;
  } catch {
    return null;
  }
}
