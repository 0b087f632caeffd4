import { z } from 'zod';
import { CreateShopper, Health, SessionDetail, SessionList, ShopperCreated } from '../../../../shared/api';
import { EventBatch, EventBatchAccepted } from '../../../../shared/events';
import {
  AccreditationList,
  Admission,
  AdmissionSent,
  AssociateInvited,
  AssociateList,
  AssociateView,
  ChangePassword,
  CreateAssociate,
  DeviceList,
  EnterpriseAdmissionList,
  MyAdmission,
  MyAdmissionList,
  PasswordSet,
  ResetRequest,
  ResetRequested,
  SetPassword,
  SignedIn,
  SignIn,
  UpdateAssociate,
} from '../../../../shared/associates';
import {
  DryRunRequest,
  DryRunResult,
  MatchingDocument,
  MatchingRulesHistory,
  MatchingRulesVersion,
  RankingHistory,
  RankingView,
} from '../../../../shared/matching';
import { AssociateServerMessage, ClientMessage, ConsoleServerMessage, ShopperServerMessage } from '../../../../shared/realtime';
import { Condition, OpportunityList, OpportunityRules, OpportunityView, OpportunityRulesHistory, OpportunityRulesVersion, OpportunityStatus } from '../../../../shared/rules';
import { SessionSummary } from '../../../../shared/session';
import { ApiKeyCreated, ApiKeyList, ApiKeyRotated, CreateApiKey } from '../../../../shared/api-keys';
import { SitesResponse } from '../../../../shared/sites';
import { commissionRouteDocs } from '../commission/openapi';
import { consoleAppRouteDocs } from '../console-app/openapi';
import { reportRouteDocs } from '../reports/openapi';
import { catalogRouteDocs } from '../catalog/openapi';
import { customerRouteDocs } from '../customers/openapi';
import { engagementHistoryRouteDocs, liveRouteDocs } from '../engagements/openapi';
import { floorRouteDocs } from '../floor/openapi';
import { trustRouteDocs } from '../associates/openapi';
import { identityRouteDocs } from '../identity/openapi';
import { offerRouteDocs } from '../offers/openapi';
import { practicesRouteDocs } from '../practices/openapi';
import { orderRouteDocs } from '../orders/openapi';
import { rulesRouteDocs } from '../opportunities/openapi';
import { auditRouteDocs } from '../audit/openapi';
import { marketplaceRouteDocs } from '../marketplace/openapi';
import { registrationRouteDocs } from '../registration/openapi';
import { vettingRouteDocs } from '../vetting/openapi';
import { telephonyRouteDocs } from '../telephony/openapi';
import { consoleRouteDocs } from '../console/openapi';
import { accreditationTestRouteDocs } from '../accreditation-tests/openapi';
import type { DocumentOptions, RouteDoc } from './document.core';

/*
 * Every route of the API: the table below, and the tables modules keep beside their routes
 * (`<module>/openapi.ts`), joined in `routes`. A route mounted in the app and missing here
 * fails `openapi.test.ts`. Schemas come from `shared/`, the same the routes parse and answer with.
 */

const Time = z.iso.datetime({ offset: true });
const Flag = z.enum(['true', 'false']);

const SessionsQuery = z.object({
  limit: z.number().int().min(1).max(200).default(50).describe('Sessions per page.'),
  before: z.string().describe('The `nextBefore` of the previous page, in the same sort.').optional(),
  sort: z.enum(['lastActivity', 'started', 'duration', 'cartValue']).default('lastActivity').describe('Descending; ties by id.'),
  site: z.string().max(253).describe('A site’s domain (`shop.example`): only sessions that visited it.').optional(),
  from: Time.describe('Only sessions active at or after (last activity).').optional(),
  to: Time.describe('Only sessions started before.').optional(),
  hasOpportunity: Flag.describe('Only sessions an opportunity came of (true), or none did (false).').optional(),
  hasEngagement: Flag.describe('Only sessions an engagement came of (true), or none did (false).').optional(),
  q: z.string().max(100).describe('Text in the names of the products seen, the terms searched or the customer id (case-insensitive).').optional(),
  customer: z.string().max(200).describe('The shop’s verified id of the customer.').optional(),
});

const core: RouteDoc[] = [
  {
    method: 'GET',
    path: '/health',
    tag: 'service',
    summary: 'Whether the backend is up, its version and database.',
    auth: [],
    answer: { status: 200, description: 'Up.', body: { id: 'Health', schema: Health } },
  },
  {
    method: 'GET',
    path: '/api/v1/openapi.json',
    tag: 'service',
    summary: 'This document.',
    auth: [],
    answer: { status: 200, description: 'The OpenAPI 3.1 document of the API.' },
  },
  {
    method: 'GET',
    path: '/api/v1/sites',
    tag: 'tenancy',
    summary: 'The participating sites for the extension: each with its enterprise (an invitation or a live engagement shows only on its enterprise’s own sites), its display name, adapter and dwell marks; kept per read of the sites for `siteCacheMs`.',
    auth: [],
    answer: { status: 200, description: 'The sites, and how long they may be cached.', body: { id: 'SitesResponse', schema: SitesResponse } },
  },
  {
    method: 'GET',
    path: '/api/v1/api-keys',
    tag: 'tenancy',
    summary: 'The enterprise’s API keys that work: label, prefix, made, last used (to the minute); never the keys.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The keys, oldest first.', body: { id: 'ApiKeyList', schema: ApiKeyList } },
  },
  {
    method: 'POST',
    path: '/api/v1/api-keys',
    tag: 'tenancy',
    summary: 'Makes another API key for the enterprise; the key is shown once.',
    auth: ['enterprise'],
    body: { id: 'CreateApiKey', schema: CreateApiKey },
    answer: { status: 201, description: 'Made.', body: { id: 'ApiKeyCreated', schema: ApiKeyCreated } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/api-keys/:id',
    tag: 'tenancy',
    summary: 'Revokes one of the enterprise’s API keys, the one calling included: refused from the next request on.',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Revoked.' },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/api-keys/:id/rotate',
    tag: 'tenancy',
    summary: 'A new key in place of one of the enterprise’s keys; the old one keeps working for a day beside it, then is refused.',
    auth: ['enterprise'],
    answer: { status: 201, description: 'The new key (shown once) and when the old one stops working.', body: { id: 'ApiKeyRotated', schema: ApiKeyRotated } },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/shoppers',
    tag: 'sessions',
    summary: 'Registers an anonymous shopper (an extension install); the token is shown once.',
    auth: [],
    body: { id: 'CreateShopper', schema: CreateShopper, optional: true },
    answer: { status: 201, description: 'Registered.', body: { id: 'ShopperCreated', schema: ShopperCreated } },
    errors: ['rate_limited'],
  },
  {
    method: 'POST',
    path: '/api/v1/events',
    tag: 'sessions',
    summary: 'A batch of the shopper’s events; stored whole or refused whole.',
    auth: ['shopper'],
    body: { id: 'EventBatch', schema: EventBatch },
    answer: { status: 202, description: 'Stored (duplicates counted, not stored again).', body: { id: 'EventBatchAccepted', schema: EventBatchAccepted } },
    errors: ['not_participating', 'event_too_old', 'amount_out_of_range', 'rate_limited'],
  },
  {
    method: 'GET',
    path: '/api/v1/sessions',
    tag: 'sessions',
    summary: 'The enterprise’s sessions, a page at a time: most recent first, or by start, duration or cart value; by site, time, opportunity, engagement, text or customer.',
    auth: ['enterprise'],
    query: SessionsQuery,
    answer: { status: 200, description: 'A page of sessions.', body: { id: 'SessionList', schema: SessionList } },
  },
  {
    method: 'GET',
    path: '/api/v1/sessions/:id',
    tag: 'sessions',
    summary: 'One of the enterprise’s sessions with its events.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The session.', body: { id: 'SessionDetail', schema: SessionDetail } },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/realtime',
    tag: 'realtime',
    summary: 'The realtime WebSocket (upgrade only).',
    description: [
      'Connect with `Upgrade: websocket`; the token never goes in the URL. The first message must be',
      '`{ "v": 1, "type": "auth", "token": "fws_…" | "fwa_…" }` within 5 s, or the socket closes with 4401',
      '(likewise for an unknown or expired token). The server answers `ready`, then what is pending for the',
      'party (an associate’s live offers, a shopper’s open invitation), then what is published.',
      'The server sends `ping` every 20 s; answer `pong` (any message counts); a client silent for 60 s is closed (4408).',
      'A message over 64 KB closes the socket (1009); an invalid one is answered with `error` and the socket stays open.',
      'The console authenticates by its session cookie instead (`fw_console`, sent by the browser from the backend’s own origin; another `Origin` closes 4403):',
      'it names the enterprise with `?enterprise=<id>` or a first message `{ "v": 1, "type": "console", "enterpriseId" }`; an unknown session closes 4401, an enterprise the user may not watch 4403.',
      'It is then sent `live` hints when the enterprise’s overview changes (GET /api/v1/live/overview).',
      'Messages: `ClientMessage` (client → server), `AssociateServerMessage`, `ShopperServerMessage` and `ConsoleServerMessage` (server → client).',
    ].join(' '),
    auth: [],
    answer: { status: 101, description: 'Switched to the WebSocket protocol.' },
    errors: ['upgrade_required'],
  },
];

const OpportunitiesQuery = z.object({
  limit: z.number().int().min(1).max(200).default(50).describe('Opportunities per page.'),
  status: OpportunityStatus.optional(),
  rule: z.string().max(100).describe('A condition id of the opportunity rules: only opportunities it was a reason for.').optional(),
  from: Time.describe('Opened at or after.').optional(),
  to: Time.describe('Opened before.').optional(),
  site: z.string().max(253).describe('A site’s domain: only opportunities of sessions that visited it.').optional(),
  before: z.string().describe('The `nextBefore` of the previous page.').optional(),
});

/** Opportunity rules, opportunities, matching rule sets, rankings and dry runs. */
const routing: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/rules/opportunity',
    tag: 'opportunities',
    summary: 'The live version of the enterprise’s opportunity rules.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The live rules and their version.', body: { id: 'OpportunityRulesVersion', schema: OpportunityRulesVersion } },
    errors: ['not_found'],
  },
  {
    method: 'PUT',
    path: '/api/v1/rules/opportunity',
    tag: 'opportunities',
    summary: 'Replaces the opportunity rules: writes the next version, live for the next evaluation.',
    description: 'A document that does not validate is refused whole (400), each issue naming its exact path.',
    auth: ['enterprise'],
    body: { id: 'OpportunityRules', schema: OpportunityRules },
    answer: { status: 200, description: 'The new live version.', body: { id: 'OpportunityRulesVersion', schema: OpportunityRulesVersion } },
  },
  {
    method: 'GET',
    path: '/api/v1/rules/opportunity/versions',
    tag: 'opportunities',
    summary: 'Every version of the opportunity rules.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The versions.', body: { id: 'OpportunityRulesHistory', schema: OpportunityRulesHistory } },
  },
  {
    method: 'GET',
    path: '/api/v1/opportunities',
    tag: 'opportunities',
    summary: 'The enterprise’s opportunities, most recently opened first, with status, score and reasons; by status, rule, time and site.',
    auth: ['enterprise'],
    query: OpportunitiesQuery,
    answer: { status: 200, description: 'A page of opportunities.', body: { id: 'OpportunityList', schema: OpportunityList } },
  },
  {
    method: 'GET',
    path: '/api/v1/opportunities/:id',
    tag: 'opportunities',
    summary: 'One of the enterprise’s opportunities: its status, origin, score and the reasons it opened, its session and segment.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The opportunity.', body: { id: 'OpportunityView', schema: OpportunityView } },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/opportunities/:id/ranking',
    tag: 'matching',
    summary: 'How the associates ranked for an opportunity: the rule set used and every candidate’s parts.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The ranking.', body: { id: 'RankingView', schema: RankingView } },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/opportunities/:id/rankings',
    tag: 'matching',
    summary: 'Every ranking an opportunity had, oldest first: each one’s rule set and version, every candidate’s parts, those filtered out, and the offers made from it.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The rankings.', body: { id: 'RankingHistory', schema: RankingHistory } },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/rules/matching',
    tag: 'matching',
    summary: 'The live version of the enterprise’s matching rule sets.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The live rule sets and their version.', body: { id: 'MatchingRulesVersion', schema: MatchingRulesVersion } },
    errors: ['not_found'],
  },
  {
    method: 'PUT',
    path: '/api/v1/rules/matching',
    tag: 'matching',
    summary: 'Replaces the matching rule sets: writes the next version, used from the next ranking.',
    auth: ['enterprise'],
    body: { id: 'MatchingDocument', schema: MatchingDocument },
    answer: { status: 200, description: 'The new live version.', body: { id: 'MatchingRulesVersion', schema: MatchingRulesVersion } },
  },
  {
    method: 'GET',
    path: '/api/v1/rules/matching/versions',
    tag: 'matching',
    summary: 'Every version of the matching rule sets.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The versions.', body: { id: 'MatchingRulesHistory', schema: MatchingRulesHistory } },
  },
  {
    method: 'POST',
    path: '/api/v1/matching/dry-run',
    tag: 'matching',
    summary: 'The rule set and ranking a stored session, or a sample, would get now, under the live rule sets or a draft sent as `rules`; nothing is stored.',
    description: 'A draft (`rules`) is validated as PUT /api/v1/rules/matching validates it, its issues under `rules`; the answer says `draft: true` and the rule set’s version is 0.',
    auth: ['enterprise'],
    body: { id: 'DryRunRequest', schema: DryRunRequest },
    answer: { status: 200, description: 'The chosen rule set and the ranking with each rule’s part.', body: { id: 'DryRunResult', schema: DryRunResult } },
    errors: ['not_found'],
  },
];

/** Associates: the enterprise's side (API key) and the associate's own (sign-in token). */
const associateRoutes: RouteDoc[] = [
  {
    method: 'POST',
    path: '/api/v1/associates',
    tag: 'associates',
    summary: 'Invites an associate employed by the enterprise: no password; a one-time link (7 days) to set one, shown once and mailed.',
    auth: ['enterprise'],
    body: { id: 'CreateAssociate', schema: CreateAssociate },
    answer: { status: 201, description: 'Invited.', body: { id: 'AssociateInvited', schema: AssociateInvited } },
    errors: ['conflict'],
  },
  {
    method: 'GET',
    path: '/api/v1/associates',
    tag: 'associates',
    summary: 'The enterprise’s employees and the independents who accepted its invitation, with presence, connection, the accreditations it granted and the valid test accreditations it may see.',
    description:
      '`accreditations` are the enterprise’s own grants (source `grant`); `testAccreditations` are passes of tests, each with its source: `enterprise_test` (this enterprise’s own tests) or `marketplace_test` (the marketplace’s, seen by every enterprise that employs or admitted the associate), with the test, level and expiry. Another enterprise’s grants and tests are never shown.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The associates.', body: { id: 'AssociateList', schema: AssociateList } },
  },
  {
    method: 'POST',
    path: '/api/v1/associates/admissions',
    tag: 'associates',
    summary: 'Invites an independent associate to the enterprise’s pool (marketplace), by e-mail or by id from the directory; they accept or decline in agent mode.',
    description:
      'With `requiredBankId` (one of the enterprise’s own published question banks) the associate must hold a valid pass of its test before accepting (else 409 `test_required`). ' +
      'An associate the marketplace has not approved cannot accept (409 `not_approved`). Inviting by `associateId` takes approved independents only (else 404); the enterprise is not shown their address until they accept.',
    auth: ['enterprise'],
    body: { id: 'Admission', schema: Admission },
    answer: {
      status: 202,
      description: 'By e-mail, the same answer for any address (unknown, another’s employee, an independent): an invitation is sent if there is an independent with it.',
      body: { id: 'AdmissionSent', schema: AdmissionSent },
    },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/associates/admissions',
    tag: 'associates',
    summary: 'The enterprise’s invitations, newest first: the address it typed (or, invited from the directory, the associate’s id and name, the address once they accepted), the test required and whether the invitee has passed it yet, and the answer.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The invitations.', body: { id: 'EnterpriseAdmissionList', schema: EnterpriseAdmissionList } },
  },
  {
    method: 'PUT',
    path: '/api/v1/associates/:id/accreditations',
    tag: 'associates',
    summary: 'Replaces the accreditations the enterprise grants an associate it employs or admitted; other enterprises’ grants stay.',
    auth: ['enterprise'],
    body: { id: 'AccreditationList', schema: AccreditationList },
    answer: { status: 200, description: 'The associate with the new accreditations.', body: { id: 'AssociateView', schema: AssociateView } },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/associates/:id/invitation',
    tag: 'associates',
    summary: 'A new invitation for an associate who has not set a password yet (its employer, or the one enterprise admitting an independent); the previous link dies.',
    auth: ['enterprise'],
    answer: { status: 201, description: 'Invited again.', body: { id: 'AssociateInvited', schema: AssociateInvited } },
    errors: ['not_found', 'conflict'],
  },
  {
    method: 'POST',
    path: '/api/v1/associates/:id/deactivate',
    tag: 'associates',
    summary: 'The employer deactivates its employee (signed out everywhere, no sign-in); an admitting enterprise, its own admission of an independent (no more of its offers).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The associate, inactive for the enterprise.', body: { id: 'AssociateView', schema: AssociateView } },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/associates/:id/reactivate',
    tag: 'associates',
    summary: 'Undoes a deactivation (the associate signs in again).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The associate, active again.', body: { id: 'AssociateView', schema: AssociateView } },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/associates/set-password',
    tag: 'associates',
    summary: 'The page an invitation link opens (HTML): the associate chooses their password; the token travels in the fragment.',
    auth: [],
    answer: { status: 200, description: 'The page (text/html).' },
  },
  {
    method: 'GET',
    path: '/associates/reset-password',
    tag: 'associates',
    summary: 'The page a reset link opens (HTML); without a token, it asks for a new link.',
    auth: [],
    answer: { status: 200, description: 'The page (text/html).' },
  },
  {
    method: 'POST',
    path: '/api/v1/associates/password/set',
    tag: 'associates',
    summary: 'The associate sets their password with a one-time link’s token (invitation or reset); every device is signed out.',
    auth: [],
    body: { id: 'SetPassword', schema: SetPassword },
    answer: { status: 200, description: 'Set; sign in now.', body: { id: 'PasswordSet', schema: PasswordSet } },
    errors: ['link_invalid', 'link_expired', 'link_used', 'rate_limited'],
  },
  {
    method: 'POST',
    path: '/api/v1/associates/password/reset-request',
    tag: 'associates',
    summary: 'Mails a one-time link (30 minutes) to set a new password; the same answer whether the address is known or not.',
    auth: [],
    body: { id: 'ResetRequest', schema: ResetRequest },
    answer: { status: 202, description: 'Taken.', body: { id: 'ResetRequested', schema: ResetRequested } },
    errors: ['rate_limited'],
  },
  {
    method: 'POST',
    path: '/api/v1/associates/sign-in',
    tag: 'associates',
    summary: 'Signs an associate in: a token (`fwa_…`) that expires. Failed attempts slow down the address and the pair of address and e-mail (429), never the e-mail alone.',
    auth: [],
    body: { id: 'SignIn', schema: SignIn },
    answer: { status: 200, description: 'Signed in.', body: { id: 'SignedIn', schema: SignedIn } },
    errors: ['unauthorized', 'rate_limited'],
  },
  {
    method: 'POST',
    path: '/api/v1/associates/sign-out',
    tag: 'associates',
    summary: 'Revokes the token it is called with.',
    auth: ['associate'],
    answer: { status: 204, description: 'Signed out.' },
  },
  {
    method: 'GET',
    path: '/api/v1/associates/me',
    tag: 'associates',
    summary: 'The signed-in associate, with every enterprise’s grants (each naming the granting enterprise).',
    auth: ['associate'],
    answer: { status: 200, description: 'The associate.', body: { id: 'AssociateView', schema: AssociateView } },
  },
  {
    method: 'PATCH',
    path: '/api/v1/associates/me',
    tag: 'associates',
    summary: 'Changes the associate’s own presence, languages, time zone, schedule, capacity or contact preferences.',
    auth: ['associate'],
    body: { id: 'UpdateAssociate', schema: UpdateAssociate },
    answer: { status: 200, description: 'The associate as changed.', body: { id: 'AssociateView', schema: AssociateView } },
  },
  {
    method: 'POST',
    path: '/api/v1/associates/me/password',
    tag: 'associates',
    summary: 'Changes the password with the current one; the other devices are signed out.',
    auth: ['associate'],
    body: { id: 'ChangePassword', schema: ChangePassword },
    answer: { status: 204, description: 'Changed.' },
  },
  {
    method: 'GET',
    path: '/api/v1/associates/me/devices',
    tag: 'associates',
    summary: 'The associate’s signed-in devices: created, last used, expiry, label; the caller’s marked current.',
    auth: ['associate'],
    answer: { status: 200, description: 'The devices.', body: { id: 'DeviceList', schema: DeviceList } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/associates/me/devices/:id',
    tag: 'associates',
    summary: 'Signs one of the associate’s devices out (its sockets close).',
    auth: ['associate'],
    answer: { status: 204, description: 'Signed out.' },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/associates/me/sign-out-everywhere',
    tag: 'associates',
    summary: 'Signs the associate out on every device, this one included.',
    auth: ['associate'],
    answer: { status: 204, description: 'Signed out everywhere.' },
  },
  {
    method: 'GET',
    path: '/api/v1/associates/me/admissions',
    tag: 'associates',
    summary: 'The invitations of the signed-in independent associate: enterprise, status, when, whether it paused them for missed offers, and the test it requires first with whether they passed it.',
    auth: ['associate'],
    answer: { status: 200, description: 'The invitations.', body: { id: 'MyAdmissionList', schema: MyAdmissionList } },
  },
  ...(['accept', 'decline', 'withdraw'] as const).map(
    (answer): RouteDoc => ({
      method: 'POST',
      path: `/api/v1/associates/me/admissions/:enterpriseId/${answer}`,
      tag: 'associates',
      summary: {
        accept: 'Accepts an enterprise’s invitation (again, after declining or leaving): the associate joins its pool.',
        decline: 'Declines an enterprise’s open invitation.',
        withdraw: 'Leaves an enterprise whose invitation the associate accepted: out of its pool.',
      }[answer],
      auth: ['associate'],
      answer: { status: 200, description: 'The invitation as answered.', body: { id: 'MyAdmission', schema: MyAdmission } },
      errors: answer === 'accept' ? ['not_found', 'conflict', 'test_required', 'not_approved'] : ['not_found', 'conflict'],
    }),
  ),
];

/** The routes of the whole API. */
export const routes: RouteDoc[] = [...core, ...identityRouteDocs, ...associateRoutes, ...trustRouteDocs, ...customerRouteDocs, ...routing, ...rulesRouteDocs, ...offerRouteDocs, ...liveRouteDocs, ...floorRouteDocs, ...engagementHistoryRouteDocs, ...commissionRouteDocs, ...catalogRouteDocs, ...practicesRouteDocs, ...reportRouteDocs, ...orderRouteDocs, ...consoleAppRouteDocs, ...auditRouteDocs, ...marketplaceRouteDocs, ...registrationRouteDocs, ...vettingRouteDocs, ...telephonyRouteDocs, ...consoleRouteDocs, ...accreditationTestRouteDocs];

/** Schemas no route names but clients need (the WebSocket messages, the session they summarise), and the recursive condition, named. */
export const extraSchemas: DocumentOptions['extra'] = {
  input: [
    { id: 'ClientMessage', schema: ClientMessage },
    { id: 'Condition', schema: Condition },
  ],
  output: [
    { id: 'Condition', schema: Condition },
    { id: 'AssociateServerMessage', schema: AssociateServerMessage },
    { id: 'ShopperServerMessage', schema: ShopperServerMessage },
    { id: 'ConsoleServerMessage', schema: ConsoleServerMessage },
    { id: 'SessionSummary', schema: SessionSummary },
  ],
};
