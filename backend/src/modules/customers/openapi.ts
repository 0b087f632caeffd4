import { CustomerExternalId, CustomerProfile, CustomerProfileBody, CustomerSource, CustomerSourceBody } from '../../../../shared/customers';
import type { RouteDoc } from '../openapi/document.core';

/** The routes of the customers module, for the OpenAPI document (openapi/catalogue.ts). */
export const customerRouteDocs: RouteDoc[] = [
  {
    method: 'PUT',
    path: '/api/v1/customers/:externalId',
    params: { externalId: CustomerExternalId },
    tag: 'customers',
    summary: 'Pushes (replaces) what the enterprise knows of one of its customers, by its own id for them.',
    description:
      'The id is the one the site adapter reads on the shop’s pages (1-200 letters, digits or `. _ ~ : @ + -`). A pushed profile wins over the lookup’s and the enrichment provider’s answers, field by field; tags are joined.',
    auth: ['enterprise'],
    body: { id: 'CustomerProfileBody', schema: CustomerProfileBody },
    answer: { status: 200, description: 'The profile as stored.', body: { id: 'CustomerProfile', schema: CustomerProfile } },
    errors: ['invalid_path'],
  },
  {
    method: 'GET',
    path: '/api/v1/customers/:externalId',
    params: { externalId: CustomerExternalId },
    tag: 'customers',
    summary: 'The customer’s pushed profile.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The profile.', body: { id: 'CustomerProfile', schema: CustomerProfile } },
    errors: ['invalid_path', 'not_found'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/customers/:externalId',
    params: { externalId: CustomerExternalId },
    tag: 'customers',
    summary: 'Forgets the customer: the pushed profile and every cached lookup or enrichment answer.',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Forgotten.' },
    errors: ['invalid_path', 'not_found'],
  },
  {
    method: 'PUT',
    path: '/api/v1/customer-source',
    tag: 'customers',
    summary: 'Sets the enterprise’s customer lookup: a URL the backend calls, signed, when it needs a customer’s profile.',
    description:
      'Called as `GET {lookupUrl}?customerId=…` with `X-Floorwalker-Timestamp` (unix seconds) and `X-Floorwalker-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + method + "." + pathAndQuery)>`; it answers 200 with the profile’s JSON (its fields only: an answer with any other field is refused) or 404. The URL is https and reaches public addresses only (checked here for a literal address, and at every connection for the addresses a name resolves to); an operator may allow a host over http or on a private network (`OUTBOUND_ALLOW_HOSTS`). The signing secret (`fwh_…`) is in the answer that creates the source (or rotates its secret), and never again. Answers are cached `ttlSeconds`; past `timeoutMs` the backend carries on without one.',
    auth: ['enterprise'],
    body: { id: 'CustomerSourceBody', schema: CustomerSourceBody },
    answer: { status: 200, description: 'The lookup, with its secret when this request made one.', body: { id: 'CustomerSource', schema: CustomerSource } },
    errors: ['url_not_allowed'],
  },
  {
    method: 'GET',
    path: '/api/v1/customer-source',
    tag: 'customers',
    summary: 'The enterprise’s customer lookup (never its secret).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The lookup.', body: { id: 'CustomerSource', schema: CustomerSource } },
    errors: ['not_found'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/customer-source',
    tag: 'customers',
    summary: 'Removes the customer lookup, and the answers cached from it.',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Removed.' },
    errors: ['not_found'],
  },
];
