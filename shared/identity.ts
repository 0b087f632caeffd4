import { z } from 'zod';
import { SiteAdapter } from './sites';

/**
 * Site identity secrets: how an enterprise proves which of its customers a page shows. The
 * shop signs a JWT (HS256, `sub` = its id for the customer, `exp` at most 24 h after `iat`,
 * or after now without one) with a live secret of the site, and the site's adapter says
 * where the page carries it (SiteAdapter.customer.token).
 */

/** Most live secrets a site has: the current one and, during a rotation, the previous. */
export const MAX_LIVE_IDENTITY_SECRETS = 2;

/** Longest an identity token may be valid: a signed-in page is re-rendered within a day. */
export const MAX_IDENTITY_TOKEN_SECONDS = 24 * 60 * 60;

/** A live secret as the enterprise sees it (never the secret itself). */
export const IdentitySecretView = z.object({
  id: z.string(),
  createdAt: z.string(),
});
export type IdentitySecretView = z.infer<typeof IdentitySecretView>;

/** A new secret: the only answer that shows it. The HMAC key is the secret's text as UTF-8. */
export const IdentitySecretCreated = IdentitySecretView.extend({
  siteId: z.string(),
  secret: z.string(),
});
export type IdentitySecretCreated = z.infer<typeof IdentitySecretCreated>;

/** A site of the enterprise with its identity status. */
export const EnterpriseSite = z.object({
  id: z.string(),
  domain: z.string(),
  name: z.string(),
  active: z.boolean(),
  /** How the extension reads its pages (null: generic detection only); changed with PATCH /api/v1/enterprise/sites/:id. */
  adapter: SiteAdapter.nullable(),
  identity: z.object({
    /** Live secrets, oldest first; none means every customer id its pages show is a claim. */
    secrets: z.array(IdentitySecretView),
    /** Tokens its pages carried that did not verify (bad signature, expired, wrong `sub`, too long-lived). */
    rejectedTokens: z.number().int(),
    lastRejectedAt: z.string().nullable(),
  }),
});
export type EnterpriseSite = z.infer<typeof EnterpriseSite>;

export const EnterpriseSiteList = z.object({ sites: z.array(EnterpriseSite) });
export type EnterpriseSiteList = z.infer<typeof EnterpriseSiteList>;
