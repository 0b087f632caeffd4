import { z } from 'zod';
import { Currency, PageKind } from './page';
import { text } from './text';

/**
 * A host a site answers on: a hostname, optionally with a port ("shop.example.com",
 * "localhost:4101"). Subdomains of a hostname without a port belong to it too.
 */
export const SiteDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}(:\d{1,5})?$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/, 'a host name, optionally with a port');

/** A CSS selector; the adapter reads the text (or `attr`) of the first match. */
const Field = z.object({
  selector: text().min(1).max(500),
  /** Read this attribute instead of the text content. */
  attr: text().min(1).max(100).optional(),
});
export type AdapterField = z.infer<typeof Field>;

/**
 * Per-site extraction config, for shops that publish no structured data. Every part
 * is optional: the extension falls back to its generic detection for what is missing.
 */
export const SiteAdapter = z.object({
  /** First match wins; `pattern` is a regular expression tested on path + query. */
  pageKinds: z.array(z.object({ kind: PageKind, pattern: text().min(1).max(500) })).max(50).optional(),
  product: z
    .object({
      name: Field.optional(),
      price: Field.optional(),
      /** The list price the page shows beside the price (struck through, "was"), when it shows one. */
      listPrice: Field.optional(),
      /** A fixed ISO currency for the site, when prices show only a symbol. */
      currency: Currency.optional(),
      sku: Field.optional(),
      gtin: Field.optional(),
      mpn: Field.optional(),
      brand: Field.optional(),
      availability: Field.optional(),
      /** Matches every breadcrumb element, broadest first. */
      category: Field.optional(),
      image: Field.optional(),
    })
    .optional(),
  search: z
    .object({
      /** URL query parameter holding the terms. */
      param: text().min(1).max(100).optional(),
      /** The search box, read when the form is submitted or the page shows results. */
      input: Field.optional(),
    })
    .optional(),
  cart: z
    .object({
      /** Matches each line of the cart. */
      item: text().min(1).max(500),
      /** Selectors relative to an item line. */
      name: Field,
      quantity: Field.optional(),
      price: Field.optional(),
      sku: Field.optional(),
      /** Add-to-cart buttons on product pages. */
      addButton: text().min(1).max(500).optional(),
    })
    .optional(),
  /**
   * The shop's order confirmation page ("thank you for your order"): where it shows the order
   * number and the total paid. `pattern` (a regular expression on path + query, like
   * `pageKinds`) says which pages are confirmations; without it, any page where `number` finds
   * an element is one. The extension reports it as an `order_confirmation` event.
   */
  order: z
    .object({
      pattern: text().min(1).max(500).optional(),
      number: Field,
      total: Field.optional(),
      /** A fixed ISO currency for the total, when the page shows only a symbol. */
      currency: Currency.optional(),
    })
    .optional(),
  /**
   * Where the page says which of the shop's customers is signed in (the shop's own id for
   * them), sent with page views so the enterprise's profile of that customer can be used.
   * `selector` reads an element; `dataLayer` is a dotted path such as "dataLayer.user.id",
   * read from JSON the page publishes in `<script type="application/json" id="dataLayer">`
   * (the first segment is the script's id): the extension's content script runs in an
   * isolated world and cannot read the page's own `window.dataLayer`.
   *
   * An id read from a page is a claim until the enterprise proves it: `token` says where the
   * page carries a JWT the shop signs server-side with the site's identity secret (HS256,
   * `sub` = the customer id, `exp` at most 24 h ahead), e.g.
   * `{ selector: 'meta[name="fw-customer-token"]', attr: 'content' }`. The backend verifies
   * it; without a valid one the id stays an unverified claim, and no profile is used for it.
   */
  customer: z
    .object({
      selector: Field.optional(),
      dataLayer: z
        .string()
        .max(200)
        .regex(/^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/, 'a dotted path, e.g. "dataLayer.user.id"')
        .optional(),
      /** Where the page carries the signed identity token for the customer (read like `selector`). */
      token: Field.optional(),
    })
    .optional(),
  /**
   * Elements masked while the shopper shares the tab with an associate, besides password and
   * payment fields, every input's value (search boxes excepted) and `[data-fw-mask]`: CSS
   * selectors the enterprise adds for this site (an account number shown as text, say).
   */
  mask: z.array(text().min(1).max(500)).max(50).optional(),
  /**
   * Page URLs sent to the enterprise and its associates lose the query parameters that look
   * like secrets (a name containing token, key, code, session, auth, password, reset...):
   * `dropParams` names more of this site's (exact names, any case), `keepParams` those that
   * pass even so (a search box's "keyword").
   */
  url: z
    .object({
      dropParams: z.array(text().min(1).max(100)).max(50).optional(),
      keepParams: z.array(text().min(1).max(100)).max(50).optional(),
    })
    .optional(),
});
export type SiteAdapter = z.infer<typeof SiteAdapter>;

/** A participating site as the extension sees it. */
export const ParticipatingSite = z.object({
  id: text(),
  /**
   * The enterprise the site belongs to: an invitation or a live engagement of that enterprise
   * shows only on its own sites, not on another participating shop's. Absent from older
   * backends (their invitations do not say whose they are either).
   */
  enterpriseId: text().optional(),
  domain: SiteDomain,
  /** The shop's name as shoppers know it ("Voltaire Electronics"), which the extension shows. */
  name: text(),
  adapter: SiteAdapter.nullable(),
  /**
   * Seconds of active time on one page at which the enterprise's opportunity rules look at dwell:
   * the extension reports the active time as each is crossed, not only with its 15 s heartbeat,
   * so a "20 s on a product" rule fires at 20 s. Absent from older backends.
   */
  dwellMarks: z.array(z.number().int().min(1).max(86_400)).max(20).optional(),
});
export type ParticipatingSite = z.infer<typeof ParticipatingSite>;

export const SitesResponse = z.object({
  sites: z.array(ParticipatingSite),
  /** Seconds the extension may cache the list. */
  ttlSeconds: z.number().int().positive(),
});
export type SitesResponse = z.infer<typeof SitesResponse>;

/** Whether a URL's host belongs to a site domain (exact host, or a subdomain when the domain has no port). */
function hostMatchesDomain(url: URL, domain: string): boolean {
  const host = url.host.toLowerCase();
  if (host === domain) return true;
  if (domain.includes(':')) return false;
  return url.port === '' && url.hostname.toLowerCase().endsWith(`.${domain}`);
}

/** The participating site a URL belongs to, if any. Only http(s) pages can participate. */
export function findSite<S extends { domain: string }>(sites: readonly S[], url: string | URL): S | undefined {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  // The most specific domain wins: "shop.example.com" over "example.com".
  let best: S | undefined;
  for (const s of sites) {
    if (hostMatchesDomain(u, s.domain) && (!best || s.domain.length > best.domain.length)) best = s;
  }
  return best;
}
