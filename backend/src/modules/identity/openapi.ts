import { EnterpriseSiteList, IdentitySecretCreated } from '../../../../shared/identity';
import type { RouteDoc } from '../openapi/document.core';

/** The routes of the identity module, for the OpenAPI document (openapi/catalogue.ts). */
export const identityRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/enterprise/sites',
    tag: 'identity',
    summary: 'The enterprise’s sites with their adapters and identity status: live secrets (never the secrets) and tokens that did not verify.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The sites, oldest first.', body: { id: 'EnterpriseSiteList', schema: EnterpriseSiteList } },
  },
  {
    method: 'POST',
    path: '/api/v1/sites/:siteId/identity-secrets',
    tag: 'identity',
    summary: 'Makes an identity secret for one of the enterprise’s sites; shown in this answer only.',
    description:
      'The shop signs its signed-in customer’s token with it: a JWT, HS256 with the secret’s text (UTF-8) as the key, `sub` = the shop’s id for the customer, `exp` at most 24 h ahead (and after `iat`). The page carries it where the site adapter’s `customer.token` says. The previous secret stays valid until retired, so a rotation breaks no page; a site has at most two live secrets, and a third is refused (409) until one is retired.',
    auth: ['enterprise'],
    answer: { status: 201, description: 'The secret, shown once.', body: { id: 'IdentitySecretCreated', schema: IdentitySecretCreated } },
    errors: ['not_found', 'conflict'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/sites/:siteId/identity-secrets/:secretId',
    tag: 'identity',
    summary: 'Retires one of a site’s identity secrets: tokens signed with it no longer verify.',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Retired.' },
    errors: ['not_found'],
  },
];
