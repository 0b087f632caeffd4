import { findSite, type ParticipatingSite } from '../../../shared/sites';
import { allowedUrl } from './allowed-url.core';

/**
 * Whether the shopper may open a card the associate sent, in one click. A product card opens
 * in the same tab, and only on one of the engagement's enterprise's sites: the backend's list
 * of them (`allowedDomains`, as navigation checks it) and, where the page knows the cached site
 * list and its own site's enterprise, that list too (the card's site must be that enterprise's,
 * as an invitation's is). A material (a document or link the backend serves for the engagement)
 * opens in a new tab, only from the backend itself or the enterprise's sites. Anything else shows
 * without a link, saying why.
 */

export type CardLink = { open: URL; why: null } | { open: null; why: string };

export interface CardLinkRules {
  /** The engagement's enterprise's sites' domains (the peer credentials'). */
  allowedDomains: readonly string[];
  /** The enterprise of the site this page is on, when the site list names it. */
  enterpriseId?: string | null;
  /** The cached participating sites (each with its enterprise), when known. */
  sites?: readonly ParticipatingSite[] | null;
  /** The shop's name, for the reason ("not one of Voltaire's pages"). */
  shopName?: string | null;
}

const NOT_A_PAGE = 'This link is not a web page, so it cannot be opened from the chat.';

/** Where a product card may take the shopper (the same tab), or why not. */
export function productCardLink(url: string, rules: CardLinkRules): CardLink {
  const target = allowedUrl(url, rules.allowedDomains);
  if (!target) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) return { open: null, why: NOT_A_PAGE };
    return { open: null, why: notTheShop(parsed, rules.shopName) };
  }
  // The site list has the last word on whose site it is, when the page knows its own enterprise.
  if (rules.enterpriseId && rules.sites) {
    const site = findSite(rules.sites as ParticipatingSite[], target.href);
    if (site?.enterpriseId && site.enterpriseId !== rules.enterpriseId) return { open: null, why: notTheShop(target, rules.shopName) };
  }
  return { open: target, why: null };
}

/** Where a material card may be opened (a new tab): the backend that serves it for the engagement, or the enterprise's sites. */
export function materialCardLink(url: string, rules: CardLinkRules & { backendOrigin?: string | null }): CardLink {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { open: null, why: NOT_A_PAGE };
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) return { open: null, why: NOT_A_PAGE };
  if (rules.backendOrigin && parsed.origin === rules.backendOrigin) return { open: parsed, why: null };
  return productCardLink(url, rules);
}

function notTheShop(url: URL, shopName: string | null | undefined): string {
  return `${url.host} is not one of ${shopName ? `${shopName}’s` : 'the shop’s'} sites, so this link cannot be opened from the chat.`;
}
