import {
  ChangeSite,
  CreateEnterprise,
  CreateSite,
  MarketplaceAssociatePage,
  MarketplaceAssociateQuery,
  MarketplaceEnterprise,
  MarketplaceEnterpriseList,
  MarketplaceEnterpriseQuery,
  MarketplaceFee,
  SiteView,
  SiteViewList,
} from '../../../../shared/console';
import type { RouteDoc } from '../openapi/document.core';

const operator = (doc: Omit<RouteDoc, 'tag' | 'auth'>): RouteDoc => ({ tag: 'marketplace', auth: ['operator'], ...doc, errors: ['operator_only', ...(doc.errors ?? [])] });
const Enterprise = { id: 'MarketplaceEnterprise', schema: MarketplaceEnterprise };
const Site = { id: 'SiteView', schema: SiteView };
const Fee = { id: 'MarketplaceFee', schema: MarketplaceFee };

/** The operator's routes and the enterprise's own site editing, for the OpenAPI document (openapi/catalogue.ts). */
export const marketplaceRouteDocs: RouteDoc[] = [
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/enterprises',
    summary: 'Every enterprise with its figures side by side: sites, associates, and over the last 7 days sessions, opportunities, engagements and attributed revenue per currency.',
    query: MarketplaceEnterpriseQuery,
    answer: { status: 200, description: 'The enterprises in the order asked for.', body: { id: 'MarketplaceEnterpriseList', schema: MarketplaceEnterpriseList } },
  }),
  operator({
    method: 'POST',
    path: '/api/v1/marketplace/enterprises',
    summary: 'Makes an enterprise (its slug from its name).',
    body: { id: 'CreateEnterprise', schema: CreateEnterprise },
    answer: { status: 201, description: 'Made.', body: Enterprise },
    errors: ['conflict'],
  }),
  operator({
    method: 'POST',
    path: '/api/v1/marketplace/enterprises/:id/suspend',
    summary: 'Suspends an enterprise: its sites leave the extension’s list (their events are refused), its API keys and console users are refused (403 enterprise_suspended). Suspending again keeps the first time.',
    answer: { status: 200, description: 'The enterprise, suspended.', body: Enterprise },
    errors: ['not_found'],
  }),
  operator({
    method: 'POST',
    path: '/api/v1/marketplace/enterprises/:id/resume',
    summary: 'Lifts an enterprise’s suspension: its sites, keys and users work again.',
    answer: { status: 200, description: 'The enterprise, resumed.', body: Enterprise },
    errors: ['not_found'],
  }),
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/enterprises/:id/sites',
    summary: 'An enterprise’s sites, active or not, with their adapters.',
    answer: { status: 200, description: 'The sites.', body: { id: 'SiteViewList', schema: SiteViewList } },
    errors: ['not_found'],
  }),
  operator({
    method: 'POST',
    path: '/api/v1/marketplace/enterprises/:id/sites',
    summary: 'Adds a site to an enterprise: name, domain (unique in the marketplace), adapter (checked, each issue at its field path).',
    body: { id: 'CreateSite', schema: CreateSite },
    answer: { status: 201, description: 'Added; in the extension’s list at once.', body: Site },
    errors: ['not_found', 'conflict'],
  }),
  operator({
    method: 'PATCH',
    path: '/api/v1/marketplace/sites/:id',
    summary: 'Changes any site: name, domain, adapter (null removes it), active.',
    body: { id: 'ChangeSite', schema: ChangeSite },
    answer: { status: 200, description: 'The site as changed.', body: Site },
    errors: ['not_found', 'conflict'],
  }),
  operator({
    method: 'DELETE',
    path: '/api/v1/marketplace/sites/:id',
    summary: 'Removes a site that never recorded an event (409 for one that did: deactivate it instead).',
    answer: { status: 204, description: 'Removed.' },
    errors: ['not_found', 'conflict'],
  }),
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/enterprises/:id/fee',
    summary: 'The marketplace fee withheld from the enterprise’s associates’ commission, in basis points.',
    answer: { status: 200, description: 'The fee.', body: Fee },
    errors: ['not_found'],
  }),
  operator({
    method: 'PUT',
    path: '/api/v1/marketplace/enterprises/:id/fee',
    summary: 'Sets the marketplace fee (0–10000 basis points): a new version of the plan in force carries it from now; earlier credits keep theirs.',
    body: { id: 'MarketplaceFee', schema: MarketplaceFee },
    answer: { status: 200, description: 'The fee set.', body: Fee },
    errors: ['not_found'],
  }),
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/associates',
    summary: 'The approved independent associates (applicants are in the vetting queue until approved), by e-mail, a page at a time: presence, and each enterprise that invited them with the answer; `q` finds a name or an e-mail.',
    query: MarketplaceAssociateQuery,
    answer: { status: 200, description: 'A page of associates; `next` is the `after` of the next.', body: { id: 'MarketplaceAssociatePage', schema: MarketplaceAssociatePage } },
  }),
  {
    method: 'POST',
    path: '/api/v1/enterprise/sites',
    tag: 'tenancy',
    summary: 'The enterprise adds a site of its own: name, domain (unique in the marketplace), adapter (checked, each issue at its field path).',
    auth: ['enterprise'],
    body: { id: 'CreateSite', schema: CreateSite },
    answer: { status: 201, description: 'Added; in the extension’s list at once.', body: Site },
    errors: ['conflict'],
  },
  {
    method: 'PATCH',
    path: '/api/v1/enterprise/sites/:id',
    tag: 'tenancy',
    summary: 'The enterprise changes one of its sites: name, domain, adapter (null removes it), active.',
    auth: ['enterprise'],
    body: { id: 'ChangeSite', schema: ChangeSite },
    answer: { status: 200, description: 'The site as changed.', body: Site },
    errors: ['not_found', 'conflict'],
  },
];
