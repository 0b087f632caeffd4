import { z } from 'zod';
import { Currency, Decimal } from './page';
import { nonBlank, text } from './text';

/**
 * An enterprise's own id for one of its customers, as the site adapter reads it and as the
 * enterprise names it in `PUT /api/v1/customers/:externalId`: 1-200 characters of a set
 * that is safe in a URL path and a query, and fits ids, account numbers and e-mail addresses.
 */
export const CUSTOMER_ID_CHARACTERS = '[A-Za-z0-9._~:@+-]{1,200}';
export const CUSTOMER_ID_RULE = '1 to 200 letters, digits or any of . _ ~ : @ + -';
export const CustomerExternalId = z.string().regex(new RegExp(`^${CUSTOMER_ID_CHARACTERS}$`), CUSTOMER_ID_RULE);
export type CustomerExternalId = z.infer<typeof CustomerExternalId>;

/** Whether a string can name a customer (see CustomerExternalId). */
export function isCustomerExternalId(value: string): boolean {
  return CustomerExternalId.safeParse(value).success;
}

const label = nonBlank(100);

export const LifetimeValue = z.object({ value: Decimal, currency: Currency }).strict();

/**
 * What an enterprise says of a customer: the body of `PUT /api/v1/customers/:externalId`
 * and the answer its lookup URL gives, both strict.
 */
const profileFields = {
  /** The enterprise's loyalty tier, e.g. "gold"; compared without case by the opportunity rules. */
  tier: label.nullable().optional(),
  lifetimeValue: LifetimeValue.nullable().optional(),
  tags: z.array(label).max(50).optional(),
  /** Shown to the associate who takes the opportunity. */
  notes: text().max(2000).nullable().optional(),
};
export const CustomerProfileBody = z.object(profileFields).strict();
export type CustomerProfileBody = z.infer<typeof CustomerProfileBody>;

/**
 * The lookup URL's answer for a known customer: the profile's fields and no other, so that a
 * URL answering with some other JSON (an internal service's) is refused, not shown to associates.
 */
export const CustomerLookupAnswer = z.object(profileFields).strict();
export type CustomerLookupAnswer = z.infer<typeof CustomerLookupAnswer>;

/** A pushed profile, as `GET`/`PUT /api/v1/customers/:externalId` answer it. */
export const CustomerProfile = z.object({
  externalId: z.string(),
  tier: z.string().nullable(),
  lifetimeValue: LifetimeValue.nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  updatedAt: z.string(),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

/** Most a lookup may take before the backend carries on without it. */
export const MAX_LOOKUP_TIMEOUT_MS = 2_000;

/** Body of `PUT /api/v1/customer-source`: the enterprise's customer lookup. */
export const CustomerSourceBody = z
  .object({
    /** Called as `GET {lookupUrl}?customerId=…`, signed (see the README). */
    lookupUrl: text(z.url({ protocol: /^https?$/ }))
      .max(2048)
      .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'must not carry a user name or password (the request is signed instead)')
      .refine((u) => !u.includes('#'), 'must not have a #fragment'),
    /** How long an answer is kept before the lookup is called again. */
    ttlSeconds: z.number().int().min(1).max(86_400).default(300),
    /** How long the backend waits for an answer; past it, detection carries on without it. */
    timeoutMs: z.number().int().min(50).max(MAX_LOOKUP_TIMEOUT_MS).default(300),
    /** A new signing secret even though the source exists (the old one stops working at once). */
    rotateSecret: z.boolean().optional(),
  })
  .strict();
export type CustomerSourceBody = z.input<typeof CustomerSourceBody>;

/** The enterprise's lookup as the API shows it. */
export const CustomerSource = z.object({
  lookupUrl: z.string(),
  ttlSeconds: z.number().int(),
  timeoutMs: z.number().int(),
  updatedAt: z.string(),
  /** The signing secret (`fwh_…`): only in the answer that made it, never again. */
  secret: z.string().optional(),
});
export type CustomerSource = z.infer<typeof CustomerSource>;

