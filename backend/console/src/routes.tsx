import { type Component, lazy } from 'solid-js';
import type { Audience, NavGroup } from './nav.core';

/**
 * Every page of the signed-in console: its path (under /console), the file that draws it, and
 * where the navigation shows it and to whom. A new page is one file in pages/ and one entry here.
 */
export interface PageEntry {
  path: string;
  page: Component;
  /** In the navigation; left out for pages reached from another (a session, my account). */
  nav?: { label: string; group: NavGroup; who: Audience };
  /** Who may open it when it is not in the navigation; anyone signed in by default. */
  who?: Audience;
}

export const PAGES: PageEntry[] = [
  { path: '/live', page: lazy(() => import('./pages/Live')), nav: { label: 'Live', group: '', who: { api: '/engagements' } } },
  { path: '/sites', page: lazy(() => import('./pages/Sites')), nav: { label: 'Sites', group: '', who: { api: '/enterprise/sites' } } },
  { path: '/rules/opportunity', page: lazy(() => import('./pages/OpportunityRules')), nav: { label: 'Opportunity rules', group: '', who: { api: '/rules/opportunity' } } },
  { path: '/matching', page: lazy(() => import('./pages/Matching')), nav: { label: 'Matching', group: '', who: { api: '/rules/matching' } } },
  { path: '/associates', page: lazy(() => import('./pages/Associates')), nav: { label: 'Associates', group: '', who: { api: '/associates' } } },
  { path: '/independents', page: lazy(() => import('./pages/Independents')), nav: { label: 'Find independents', group: '', who: { api: '/independents' } } },
  { path: '/sessions', page: lazy(() => import('./pages/Sessions')), nav: { label: 'Sessions', group: '', who: { api: '/sessions' } } },
  { path: '/sessions/:id', page: lazy(() => import('./pages/Session')), who: { api: '/sessions' } },
  { path: '/opportunities', page: lazy(() => import('./pages/Opportunities')), nav: { label: 'Opportunities', group: '', who: { api: '/opportunities' } } },
  { path: '/opportunities/:id', page: lazy(() => import('./pages/Opportunity')), who: { api: '/opportunities' } },
  { path: '/engagements', page: lazy(() => import('./pages/Engagements')), nav: { label: 'Engagements', group: '', who: { api: '/engagements' } } },
  { path: '/engagements/:id', page: lazy(() => import('./pages/Engagement')), who: { api: '/engagements' } },
  { path: '/messages', page: lazy(() => import('./pages/Messages')), nav: { label: 'Messages', group: '', who: { api: '/messages' } } },
  { path: '/sales/catalogue', page: lazy(() => import('./pages/Catalogue')), nav: { label: 'Catalogue', group: 'Sales', who: { api: '/catalog' } } },
  { path: '/sales/materials', page: lazy(() => import('./pages/Materials')), nav: { label: 'Materials', group: 'Sales', who: { api: '/materials' } } },
  { path: '/sales/commission', page: lazy(() => import('./pages/Commission')), nav: { label: 'Commission', group: 'Sales', who: { api: '/commission/plan' } } },
  { path: '/sales/orders', page: lazy(() => import('./pages/Orders')), nav: { label: 'Orders', group: 'Sales', who: { api: '/orders' } } },
  { path: '/sales/ledger', page: lazy(() => import('./pages/Ledger')), nav: { label: 'Ledger', group: 'Sales', who: { api: '/commission/ledger' } } },
  { path: '/sales/tests', page: lazy(() => import('./pages/Tests')), nav: { label: 'Tests', group: 'Sales', who: { api: '/question-banks' } } },
  { path: '/sales/tests/:id', page: lazy(() => import('./pages/TestBank')), who: { api: '/question-banks' } },
  { path: '/sales/reports', page: lazy(() => import('./pages/Reports')), nav: { label: 'Reports', group: 'Sales', who: { api: '/reports' } } },
  { path: '/settings/users', page: lazy(() => import('./pages/Users')), nav: { label: 'Users', group: 'Settings', who: { api: '/enterprise/users' } } },
  { path: '/settings/api-keys', page: lazy(() => import('./pages/ApiKeys')), nav: { label: 'API keys', group: 'Settings', who: { api: '/api-keys' } } },
  { path: '/settings/customer-source', page: lazy(() => import('./pages/CustomerSource')), nav: { label: 'Customer source', group: 'Settings', who: { api: '/customer-source' } } },
  { path: '/settings/telephony', page: lazy(() => import('./pages/Telephony')), nav: { label: 'Telephony', group: 'Settings', who: { api: '/telephony/settings' } } },
  { path: '/settings/live', page: lazy(() => import('./pages/LiveSettings')), nav: { label: 'Live settings', group: 'Settings', who: { api: '/live/settings' } } },
  { path: '/settings/audit', page: lazy(() => import('./pages/Audit')), nav: { label: 'Audit log', group: 'Settings', who: { api: '/audit' } } },
  { path: '/marketplace/enterprises', page: lazy(() => import('./pages/MarketplaceEnterprises')), nav: { label: 'Enterprises', group: 'Marketplace', who: { operator: true } } },
  { path: '/marketplace/enterprises/:id', page: lazy(() => import('./pages/MarketplaceEnterprise')), who: { operator: true } },
  { path: '/marketplace/independents', page: lazy(() => import('./pages/MarketplaceIndependents')), nav: { label: 'Independents', group: 'Marketplace', who: { operator: true } } },
  { path: '/marketplace/tests', page: lazy(() => import('./pages/MarketplaceTests')), nav: { label: 'Tests', group: 'Marketplace', who: { operator: true } } },
  { path: '/marketplace/tests/:id', page: lazy(() => import('./pages/MarketplaceTestBank')), who: { operator: true } },
  { path: '/marketplace/applications', page: lazy(() => import('./pages/MarketplaceApplications')), nav: { label: 'Applications', group: 'Marketplace', who: { operator: true } } },
  { path: '/marketplace/applications/:id', page: lazy(() => import('./pages/MarketplaceApplication')), who: { operator: true } },
  { path: '/marketplace/join-settings', page: lazy(() => import('./pages/MarketplaceJoinSettings')), nav: { label: 'Joining rules', group: 'Marketplace', who: { operator: true } } },
  { path: '/marketplace/audit', page: lazy(() => import('./pages/MarketplaceAudit')), nav: { label: 'Audit', group: 'Marketplace', who: { operator: true } } },
  { path: '/account', page: lazy(() => import('./pages/Account')) },
];

/** The pages shown without signing in. */
export const PUBLIC_PAGES: { path: string; page: Component }[] = [
  { path: '/sign-in', page: lazy(() => import('./pages/SignIn')) },
  { path: '/forgot-password', page: lazy(() => import('./pages/ForgotPassword')) },
];
