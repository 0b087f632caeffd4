import type { PageKind } from '../../../../shared/page';
import type { DetectionSource } from '../types';

/** Query parameters that carry search terms, most common first. */
export const SEARCH_PARAMS = [
  'q', 'query', 'k', 's', 'search', 'searchTerm', 'search_query', 'searchText', 'field-keywords', '_nkw', 'text',
  'keyword', 'keywords', 'term', 'terms', 'w', 'Ntt', 'st', 'qs', 'kw', 'search_term', 'searchQuery',
];
const PARAM_NAMES = new Set(SEARCH_PARAMS.map((p) => p.toLowerCase()));

const PATH_KINDS: [RegExp, PageKind][] = [
  [/^(cart|basket|bag|warenkorb|panier|carrito|carrello|winkelwagen|shopping-?cart)$/i, 'cart'],
  [/^(checkout|kasse|commande|pago)$/i, 'checkout'],
  [/^(search|suche|recherche|buscar|zoeken)$/i, 'search'],
  [/^(category|categories|collections?|catalog|c|kategorie)$/i, 'listing'],
  [/^(product-?reviews|reviews|customer-reviews|bewertungen|avis|recensioni|opiniones)$/i, 'other'],
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
  // Parameter names compare case-insensitively (searchTerm, SearchText, ntt), in the order above.
  const params = new Map<string, string>();
  for (const [name, value] of url.searchParams) if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value);
  for (const param of PARAM_NAMES) {
    const value = params.get(param)?.trim();
    if (value) return value;
  }
  const path = /\/(?:search|suche|s|buscar|busca|recherche|zoeken|ricerca|szukaj|haku|sok|søg)\/([^/]+)/i.exec(url.pathname);
  // "/search/results.html" names a page, not terms.
  if (!path || /\.(html?|php|aspx?|jsp)$/i.test(path[1]!)) return null;
  try {
    return decodeURIComponent(path[1]!.replace(/\+/g, ' ')).trim() || null;
  } catch {
    return null;
  }
}

/**
 * The product number many shops put at the end of a product address:
 * "/massivholz-regal-p400105394.html" → "400105394", "/itm/133588510845" → "133588510845".
 */
export function productNumberInUrl(url: URL): string | null {
  // The last segment that ends in one, e.g. "/c7200a278526196/fernseher-xy" → "278526196".
  const segments = url.pathname.split('/').filter(Boolean).reverse().slice(0, 2);
  for (const segment of segments) {
    const match = /(?:^|[^0-9a-z]|[a-z](?=\d))(\d{6,14})$/i.exec(segment.replace(/\.(html?|php|aspx?)$/i, ''));
    if (match) return match[1]!;
  }
  return null;
}
