import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/console';
import { roleAllows } from './http/roles.core';
import { apiKeys, applicationDocuments, applications, associates, associateTokens, commissionEntries, customerSources, engagementPhones, joinSettings, opportunities, phoneCalls, phoneTexts, shopperMessages, smsOptOuts } from './db/schema';
import { numberHash } from './modules/telephony/texts';
import { createSealer } from './sealing';
import { CHECKS_DISCLOSURE } from '../../shared/registration';
import { routes } from './modules/openapi/catalogue';
import { hashSecret, newSecret } from './secrets';
import { type ApiHarness, call, useSharedApi } from './testing/api';
import { type ConsoleParty, consoleCall, consoleUser } from './testing/console';
import { DB_KINDS } from './testing/databases';
import { browse, VOLT } from './testing/fixtures';
import { openOpportunity, putOfferPolicy, seedAssociate } from './testing/offers';
import { putRules } from './testing/routing';
import { seedApplication } from './testing/vetting';

/*
 * The authorization matrix: every route of the catalogue, called by every kind of caller, on a
 * resource of enterprise A (Voltaire) and its parties. Who may act is written per route below;
 * everyone else is told 401 (a credential the route does not take, or a dead one) or 404 (the
 * right kind of credential, someone else's resource), and no answer to anyone but A's own parties
 * carries A's private identifiers. A route in the catalogue without its row here fails the test.
 */

/**
 * The callers: nobody; the shopper of A's engagement and another; A's and B's employees; an
 * independent both admitted; both keys; dead credentials; and people signed in to the console:
 * A's owner and analyst and B's owner (each naming their own enterprise), and a marketplace
 * operator with no support access (naming A).
 */
const ACTORS = ['none', 'shopperA', 'shopperB', 'associateA', 'associateB', 'independent', 'keyA', 'keyB', 'revokedKeyA', 'expiredTokenA', 'ownerA', 'analystA', 'ownerB', 'operator'] as const;
type Actor = (typeof ACTORS)[number];
type Kind = 'shopper' | 'associate' | 'enterprise' | 'console';

/**
 * A console party: the key whose place it takes on the enterprise's routes (null: none, an
 * operator outside a support access), with its role there; whether it is an operator.
 */
interface ConsoleStanding {
  key: Actor | null;
  role: Role | null;
  operator: boolean;
}

/** "A console user with role X of enterprise E": add one here (and to buildWorld) to try another role. */
const CONSOLE_PARTIES: Partial<Record<Actor, ConsoleStanding>> = {
  ownerA: { key: 'keyA', role: 'owner', operator: false },
  analystA: { key: 'keyA', role: 'analyst', operator: false },
  ownerB: { key: 'keyB', role: 'owner', operator: false },
  operator: { key: null, role: null, operator: true },
};
const ALL_CONSOLE = Object.keys(CONSOLE_PARTIES) as Actor[];

const KIND: Record<Actor, Kind | null> = {
  none: null,
  shopperA: 'shopper',
  shopperB: 'shopper',
  associateA: 'associate',
  associateB: 'associate',
  independent: 'associate',
  keyA: 'enterprise',
  keyB: 'enterprise',
  revokedKeyA: 'enterprise',
  expiredTokenA: 'associate',
  ownerA: 'console',
  analystA: 'console',
  ownerB: 'console',
  operator: 'console',
};
const DEAD: readonly Actor[] = ['revokedKeyA', 'expiredTokenA'];
/** A's own parties: the only ones who may read A's private identifiers. */
const SIDE_A: readonly Actor[] = ['shopperA', 'associateA', 'keyA', 'ownerA', 'analystA'];

/** The world every row is tried in: A's engagement, accepted, and what it is made of. */
interface World {
  credential: Record<Actor, string | ConsoleParty | null>;
  /** A's analyst (a console user), to change and remove. */
  analystAUserId: string;
  /** A support access to A, opened by another operator than the one among the callers. */
  supportAccessAId: string;
  engagementId: string;
  opportunityId: string;
  offerId: string;
  sessionId: string;
  associateAId: string;
  enterpriseAId: string;
  siteAId: string;
  /** A second API key of A's, to revoke and rotate. */
  spareKeyAId: string;
  identitySecretAId: string;
  /** The signed-in device of associate A's token. */
  deviceAId: string;
  /** A message a shopper left for A, on an earlier opportunity nobody took. */
  messageAId: string;
  /** A's document (with its file). */
  materialAId: string;
  /** The path of the signed link A's associate sent A's shopper for it. */
  sharedPathA: string;
  /** An order of A's, credited to A's engagement. */
  orderAId: string;
  /** The independent's own application to the marketplace (asked for more), with one document. */
  applicationId: string;
  applicationDocumentId: string;
  /** Another applicant's application to the marketplace (no check started: no provider in the matrix). */
  checkedApplicationId: string;
  /** A's published question bank and one of its questions. */
  bankAId: string;
  questionAId: string;
  /** The marketplace's published question bank and one of its questions. */
  marketBankId: string;
  marketQuestionId: string;
  /** Associate A's open attempt at the marketplace's test. */
  attemptAId: string;
  /** A click-to-call bridge of A's engagement, its Twilio account set. */
  callAId: string;
  /** A text of A's engagement. */
  textAId: string;
  /** Strings only A's parties may see in an answer. */
  secretsOfA: string[];
}

interface Row {
  /** Who may act on A's resource (or on their own, for routes without one): 'anyone' for public routes. */
  owners: readonly Actor[] | 'anyone';
  /** The path with its parameters filled in from the world. */
  path?: (w: World) => string;
  /** A valid body, so that a refusal can only be about who asks. */
  body?: (w: World) => unknown;
  /** Callers besides A's own parties who may read A's private identifiers here (an associate admitted by A reads A's messages). */
  alsoSees?: readonly Actor[];
  /** Statuses that are the route's own answer to anyone, not a refusal of who asks (sign-in's 401 for a wrong password). */
  answers?: readonly number[];
}

/** The date of associate A's schedule exception in the world. */
const EXCEPTION_OF_A = '2026-03-21';

/** What the world seals (the shopper's number) and its apps open. */
const WORLD_SEALER = createSealer(randomBytes(32));

const engagement = (suffix = '') => (w: World) => `/api/v1/engagements/${w.engagementId}${suffix}`;
const ALL_ASSOCIATES: Actor[] = ['associateA', 'associateB', 'independent'];
const BOTH_KEYS: Actor[] = ['keyA', 'keyB'];

const MATRIX: Record<string, Row> = {
  'GET /health': { owners: 'anyone' },
  'GET /api/v1/openapi.json': { owners: 'anyone' },
  'GET /api/v1/sites': { owners: 'anyone' },
  'POST /api/v1/shoppers': { owners: 'anyone' },
  'GET /api/v1/realtime': { owners: 'anyone' },
  'GET /api/v1/peer/peerjs': { owners: 'anyone' },
  'POST /api/v1/associates/sign-in': { owners: 'anyone', body: () => ({ email: 'nobody@example.com', password: 'wrong password' }), answers: [401] },

  'GET /associates/set-password': { owners: 'anyone' },
  'GET /associates/reset-password': { owners: 'anyone' },
  'GET /console/*': { owners: 'anyone', path: () => '/console/sessions' },
  'GET /join/*': { owners: 'anyone', path: () => '/join/status' },
  'POST /api/v1/associates/password/set': { owners: 'anyone', body: () => ({ token: 'fwi_not-a-link-token-of-ours', password: 'a long enough secret 1' }) },
  'POST /api/v1/associates/password/reset-request': { owners: 'anyone', body: () => ({ email: 'nobody@example.com' }) },

  'GET /console/set-password': { owners: 'anyone' },
  'GET /console/reset-password': { owners: 'anyone' },
  'POST /api/v1/console/sign-in': { owners: 'anyone', body: () => ({ email: 'nobody@example.com', password: 'wrong password' }), answers: [401] },
  'POST /api/v1/console/password/set': { owners: 'anyone', body: () => ({ token: 'fwi_not-a-link-token-of-ours', password: 'a long enough secret 1' }) },
  'POST /api/v1/console/password/reset-request': { owners: 'anyone', body: () => ({ email: 'nobody@example.com' }) },
  'POST /api/v1/console/sign-out': { owners: ALL_CONSOLE },
  'GET /api/v1/console/me': { owners: ALL_CONSOLE },
  'POST /api/v1/console/password': { owners: ALL_CONSOLE, body: () => ({ current: 'not the password', next: 'a long enough secret 1' }) },
  'POST /api/v1/console/totp/setup': { owners: ALL_CONSOLE },
  'POST /api/v1/console/totp/enable': { owners: ALL_CONSOLE, body: () => ({ code: '123456' }) },
  'POST /api/v1/console/totp/disable': { owners: ALL_CONSOLE, body: () => ({ password: 'not the password' }) },
  'GET /api/v1/enterprise/users': { owners: BOTH_KEYS },
  'POST /api/v1/enterprise/users': { owners: BOTH_KEYS, body: () => ({ email: `new-${crypto.randomUUID().slice(0, 8)}@example.com`, name: 'New', role: 'analyst' }) },
  'PATCH /api/v1/enterprise/users/:id': { owners: ['keyA'], path: (w) => `/api/v1/enterprise/users/${w.analystAUserId}`, body: () => ({ role: 'sales_lead' }) },
  'DELETE /api/v1/enterprise/users/:id': { owners: ['keyA'], path: (w) => `/api/v1/enterprise/users/${w.analystAUserId}` },
  'GET /api/v1/enterprise/support-access': { owners: BOTH_KEYS },
  'POST /api/v1/enterprise/support-access/:id/end': { owners: ['keyA'], path: (w) => `/api/v1/enterprise/support-access/${w.supportAccessAId}/end` },
  // Any operator may end an access (a colleague's left open); only they open one, or invite a first owner (A has one: 409).
  'POST /api/v1/marketplace/enterprises/:id/support-access': { owners: ['operator'], path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/support-access`, body: () => ({ reason: 'A ticket', minutes: 30 }) },
  'POST /api/v1/marketplace/support-access/:id/end': { owners: ['operator'], path: (w) => `/api/v1/marketplace/support-access/${w.supportAccessAId}/end` },
  'POST /api/v1/marketplace/enterprises/:id/users': { owners: ['operator'], path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/users`, body: () => ({ email: 'first@volt.example', name: 'First' }) },

  'GET /api/v1/api-keys': { owners: BOTH_KEYS },
  'POST /api/v1/api-keys': { owners: BOTH_KEYS, body: () => ({ label: 'new integration' }) },
  'DELETE /api/v1/api-keys/:id': { owners: ['keyA'], path: (w) => `/api/v1/api-keys/${w.spareKeyAId}` },
  'POST /api/v1/api-keys/:id/rotate': { owners: ['keyA'], path: (w) => `/api/v1/api-keys/${w.spareKeyAId}/rotate` },
  'GET /api/v1/enterprise/sites': { owners: BOTH_KEYS },
  'POST /api/v1/enterprise/sites': { owners: BOTH_KEYS, body: () => ({ name: 'New shop', domain: `new-${crypto.randomUUID().slice(0, 8)}.example` }) },
  'PATCH /api/v1/enterprise/sites/:id': { owners: ['keyA'], path: (w) => `/api/v1/enterprise/sites/${w.siteAId}`, body: () => ({ name: 'Renamed shop' }) },
  'GET /api/v1/audit': { owners: BOTH_KEYS },

  // The operator's: everyone else is refused (401 without a console session).
  'GET /api/v1/marketplace/audit': { owners: ['operator'], alsoSees: ['operator'] },
  'GET /api/v1/marketplace/enterprises': { owners: ['operator'] },
  'POST /api/v1/marketplace/enterprises': { owners: ['operator'], body: () => ({ name: `Enterprise ${crypto.randomUUID().slice(0, 8)}` }) },
  'POST /api/v1/marketplace/enterprises/:id/suspend': { owners: ['operator'], path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/suspend` },
  'POST /api/v1/marketplace/enterprises/:id/resume': { owners: ['operator'], path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/resume` },
  'GET /api/v1/marketplace/enterprises/:id/sites': { owners: ['operator'], path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/sites` },
  'POST /api/v1/marketplace/enterprises/:id/sites': {
    owners: ['operator'],
    path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/sites`,
    body: () => ({ name: 'Another shop', domain: `shop-${crypto.randomUUID().slice(0, 8)}.example` }),
  },
  'PATCH /api/v1/marketplace/sites/:id': { owners: ['operator'], path: (w) => `/api/v1/marketplace/sites/${w.siteAId}`, body: () => ({ name: 'Renamed by the operator' }) },
  'DELETE /api/v1/marketplace/sites/:id': { owners: ['operator'], path: (w) => `/api/v1/marketplace/sites/${w.siteAId}` },
  'GET /api/v1/marketplace/enterprises/:id/fee': { owners: ['operator'], path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/fee` },
  'PUT /api/v1/marketplace/enterprises/:id/fee': { owners: ['operator'], path: (w) => `/api/v1/marketplace/enterprises/${w.enterpriseAId}/fee`, body: () => ({ basisPoints: 250 }) },
  'GET /api/v1/marketplace/associates': { owners: ['operator'] },
  // Applying is public; the application is the applicant's own (the independent has one); the vetting queue is the operators'.
  'POST /api/v1/applications': {
    owners: 'anyone',
    body: () => ({
      email: `applicant-${crypto.randomUUID().slice(0, 8)}@example.com`,
      password: 'a long enough secret 1',
      displayName: 'Applicant',
      givenName: 'Ada',
      familyName: 'Lovelace',
      country: 'GB',
      timezone: 'Europe/London',
      languages: ['en'],
      birthDate: '1990-01-01',
      categories: [['Audio']],
      experience: 'Years of it.',
      weeklyHours: 10,
      consent: { authorized: true, version: CHECKS_DISCLOSURE.version },
    }),
  },
  'POST /api/v1/applications/verify': { owners: 'anyone', body: () => ({ token: 'fwv_not-a-link-token-of-ours' }) },
  'GET /api/v1/applications/me': { owners: ['independent'] },
  'POST /api/v1/applications/me/verification': { owners: ['independent'] },
  'POST /api/v1/applications/me/documents': { owners: ['independent'], body: () => ({ kind: 'identity', fileName: 'id.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7 an identity').toString('base64') }) },
  'POST /api/v1/applications/me/reply': { owners: ['independent'], body: () => ({ message: 'Here is more.' }) },
  'POST /api/v1/applications/me/withdraw': { owners: ['independent'] },
  'GET /api/v1/marketplace/applications': { owners: ['operator'] },
  'GET /api/v1/marketplace/applications/:id': { owners: ['operator'], path: (w) => `/api/v1/marketplace/applications/${w.applicationId}` },
  'GET /api/v1/marketplace/applications/:id/documents/:documentId': { owners: ['operator'], path: (w) => `/api/v1/marketplace/applications/${w.applicationId}/documents/${w.applicationDocumentId}` },
  'POST /api/v1/marketplace/applications/:id/decision': { owners: ['operator'], path: (w) => `/api/v1/marketplace/applications/${w.applicationId}/decision`, body: () => ({ decision: 'reject', reason: 'Not now.' }) },
  'GET /api/v1/marketplace/join-settings': { owners: ['operator'] },
  'PUT /api/v1/marketplace/join-settings': { owners: ['operator'], body: () => ({ countries: [], minimumAge: 18, requiredDocuments: ['identity'], languages: [], checkPackage: 'tasker_standard' }) },
  'POST /api/v1/sites/:siteId/identity-secrets': { owners: ['keyA'], path: (w) => `/api/v1/sites/${w.siteAId}/identity-secrets` },
  'DELETE /api/v1/sites/:siteId/identity-secrets/:secretId': { owners: ['keyA'], path: (w) => `/api/v1/sites/${w.siteAId}/identity-secrets/${w.identitySecretAId}` },

  'POST /api/v1/events': {
    owners: ['shopperA', 'shopperB'],
    body: () => ({ events: browse().slice(0, 1).map((e) => ({ ...e, id: `evt_${crypto.randomUUID()}` })) }),
  },
  'GET /api/v1/sessions': { owners: BOTH_KEYS },
  'GET /api/v1/sessions/:id': { owners: ['keyA'], path: (w) => `/api/v1/sessions/${w.sessionId}` },

  'POST /api/v1/associates': {
    owners: BOTH_KEYS,
    body: () => ({ email: `new-${crypto.randomUUID().slice(0, 8)}@example.com`, password: 'a long enough secret', displayName: 'New Hire' }),
  },
  'GET /api/v1/associates': { owners: BOTH_KEYS },
  'POST /api/v1/associates/admissions': { owners: BOTH_KEYS, body: () => ({ email: 'nobody@example.com' }) },
  'GET /api/v1/associates/admissions': { owners: BOTH_KEYS },
  'GET /api/v1/associates/me/admissions': { owners: ALL_ASSOCIATES },
  // The directory of approved independents: any enterprise's (from sales lead up), never an associate's.
  'GET /api/v1/independents': { owners: BOTH_KEYS },
  'GET /api/v1/associates/me/schedule-exceptions': { owners: ALL_ASSOCIATES },
  'PUT /api/v1/associates/me/schedule-exceptions/:date': { owners: ALL_ASSOCIATES, path: () => '/api/v1/associates/me/schedule-exceptions/2026-03-20', body: () => ({ periods: [], note: 'Off' }) },
  // Associate A's own exception: another associate has none of that date (404).
  'DELETE /api/v1/associates/me/schedule-exceptions/:date': { owners: ['associateA'], path: () => `/api/v1/associates/me/schedule-exceptions/${EXCEPTION_OF_A}` },
  // Associate A's exceptions as their employer reads them: B (which neither employs nor admitted them) is told 404.
  'GET /api/v1/associates/:id/schedule-exceptions': { owners: ['keyA'], path: (w) => `/api/v1/associates/${w.associateAId}/schedule-exceptions` },
  // Only the invited independent answers A's invitation; A's own employee was never invited.
  'POST /api/v1/associates/me/admissions/:enterpriseId/accept': { owners: ['independent'], path: (w) => `/api/v1/associates/me/admissions/${w.enterpriseAId}/accept` },
  'POST /api/v1/associates/me/admissions/:enterpriseId/decline': { owners: ['independent'], path: (w) => `/api/v1/associates/me/admissions/${w.enterpriseAId}/decline` },
  'POST /api/v1/associates/me/admissions/:enterpriseId/withdraw': { owners: ['independent'], path: (w) => `/api/v1/associates/me/admissions/${w.enterpriseAId}/withdraw` },
  'POST /api/v1/associates/:id/invitation': { owners: ['keyA'], path: (w) => `/api/v1/associates/${w.associateAId}/invitation` },
  'POST /api/v1/associates/:id/deactivate': { owners: ['keyA'], path: (w) => `/api/v1/associates/${w.associateAId}/deactivate` },
  'POST /api/v1/associates/:id/reactivate': { owners: ['keyA'], path: (w) => `/api/v1/associates/${w.associateAId}/reactivate` },
  'POST /api/v1/associates/me/password': { owners: ALL_ASSOCIATES, body: () => ({ currentPassword: 'not the password', newPassword: 'a long enough secret 1' }) },
  'GET /api/v1/associates/me/devices': { owners: ALL_ASSOCIATES },
  'DELETE /api/v1/associates/me/devices/:id': { owners: ['associateA'], path: (w) => `/api/v1/associates/me/devices/${w.deviceAId}` },
  'POST /api/v1/associates/me/sign-out-everywhere': { owners: ALL_ASSOCIATES },
  'PUT /api/v1/associates/:id/accreditations': {
    owners: ['keyA'],
    path: (w) => `/api/v1/associates/${w.associateAId}/accreditations`,
    body: () => ({ accreditations: [{ category: ['Audio'], level: 3 }] }),
  },
  'POST /api/v1/associates/sign-out': { owners: ALL_ASSOCIATES },
  'GET /api/v1/associates/me': { owners: ALL_ASSOCIATES },
  'PATCH /api/v1/associates/me': { owners: ALL_ASSOCIATES, body: () => ({ capacity: 2 }) },

  'PUT /api/v1/customers/:externalId': { owners: BOTH_KEYS, path: () => '/api/v1/customers/C-GOLD', body: () => ({ tier: 'Silver' }) },
  'GET /api/v1/customers/:externalId': { owners: ['keyA'], path: () => '/api/v1/customers/C-GOLD' },
  'DELETE /api/v1/customers/:externalId': { owners: ['keyA'], path: () => '/api/v1/customers/C-GOLD' },
  'PUT /api/v1/customer-source': { owners: BOTH_KEYS, body: () => ({ lookupUrl: 'https://crm.example/lookup', ttlSeconds: 60 }) },
  'GET /api/v1/customer-source': { owners: ['keyA'] },
  'DELETE /api/v1/customer-source': { owners: ['keyA'] },

  'GET /api/v1/rules/opportunity': { owners: BOTH_KEYS },
  'PUT /api/v1/rules/opportunity': { owners: BOTH_KEYS, body: () => OPPORTUNITY_RULES },
  'GET /api/v1/rules/opportunity/versions': { owners: BOTH_KEYS },
  'GET /api/v1/opportunities': { owners: BOTH_KEYS },
  'GET /api/v1/opportunities/:id/ranking': { owners: ['keyA'], path: (w) => `/api/v1/opportunities/${w.opportunityId}/ranking` },
  'GET /api/v1/opportunities/:id': { owners: ['keyA'], path: (w) => `/api/v1/opportunities/${w.opportunityId}` },
  'GET /api/v1/opportunities/:id/rankings': { owners: ['keyA'], path: (w) => `/api/v1/opportunities/${w.opportunityId}/rankings` },
  'GET /api/v1/rules/matching': { owners: BOTH_KEYS },
  'PUT /api/v1/rules/matching': { owners: BOTH_KEYS, body: () => ({ ruleSets: [{ name: 'any', priority: 1, rules: [{ rule: 'load', weight: 1 }] }] }) },
  'GET /api/v1/rules/matching/versions': { owners: BOTH_KEYS },
  'POST /api/v1/matching/dry-run': { owners: ['keyA'], body: (w) => ({ sessionId: w.sessionId }) },
  // Both enterprises have version 1 of both documents: each compares, restores and previews its own.
  'GET /api/v1/rules/opportunity/diff': { owners: BOTH_KEYS, path: () => '/api/v1/rules/opportunity/diff?from=1&to=1' },
  'POST /api/v1/rules/opportunity/versions/:version/restore': { owners: BOTH_KEYS, path: () => '/api/v1/rules/opportunity/versions/1/restore' },
  'POST /api/v1/rules/opportunity/preview': { owners: BOTH_KEYS, body: () => OPPORTUNITY_RULES },
  'GET /api/v1/rules/matching/diff': { owners: BOTH_KEYS, path: () => '/api/v1/rules/matching/diff?from=1&to=1' },
  'POST /api/v1/rules/matching/versions/:version/restore': { owners: BOTH_KEYS, path: () => '/api/v1/rules/matching/versions/1/restore' },
  'POST /api/v1/engagements/:id/outcome': { owners: ['associateA', 'keyA'], path: engagement('/outcome'), body: () => ({ sale: true, amount: '349.00', currency: 'USD' }) },

  'GET /api/v1/offers': { owners: ALL_ASSOCIATES },
  'POST /api/v1/offers/:id/accept': { owners: ['associateA'], path: (w) => `/api/v1/offers/${w.offerId}/accept` },
  'POST /api/v1/offers/:id/decline': { owners: ['associateA'], path: (w) => `/api/v1/offers/${w.offerId}/decline`, body: () => ({ goAway: false }) },
  'POST /api/v1/opportunities/:id/message': { owners: ['shopperA'], path: (w) => `/api/v1/opportunities/${w.opportunityId}/message`, body: () => ({ message: 'Call me back' }) },

  'POST /api/v1/opportunities/ask': { owners: ['shopperA', 'shopperB'], body: () => ({ url: `${VOLT}/p/sony-wh-1000xm5` }) },
  'GET /api/v1/messages': { owners: BOTH_KEYS },
  'GET /api/v1/enterprise/engagements': { owners: BOTH_KEYS },
  'GET /api/v1/engagements/:id/timeline': { owners: ['keyA'], path: engagement('/timeline') },
  'GET /api/v1/messages/open': { owners: ALL_ASSOCIATES, alsoSees: ['independent'] },
  'POST /api/v1/messages/:id/take': { owners: ['associateA', 'independent'], path: (w) => `/api/v1/messages/${w.messageAId}/take`, alsoSees: ['independent'] },
  'POST /api/v1/messages/:id/done': { owners: ['associateA', 'independent'], path: (w) => `/api/v1/messages/${w.messageAId}/done`, alsoSees: ['independent'] },

  'GET /api/v1/engagements': { owners: ALL_ASSOCIATES },
  'GET /api/v1/engagements/:id': { owners: ['shopperA', 'associateA', 'keyA'], path: engagement() },
  'POST /api/v1/engagements/:id/answer': { owners: ['shopperA'], path: engagement('/answer'), body: () => ({ accept: true }) },
  'POST /api/v1/engagements/:id/withdraw': { owners: ['associateA'], path: engagement('/withdraw') },
  'POST /api/v1/engagements/:id/end': { owners: ['shopperA', 'associateA'], path: engagement('/end'), body: () => ({ reason: 'done' }) },
  'POST /api/v1/engagements/:id/peer': { owners: ['shopperA', 'associateA'], path: engagement('/peer') },
  'POST /api/v1/engagements/:id/transcript': {
    owners: ['shopperA', 'associateA'],
    path: engagement('/transcript'),
    body: () => ({ messages: [{ id: `m-${crypto.randomUUID()}`, text: 'Hello', sentAt: '2026-03-02T10:01:00.000Z' }] }),
  },
  'GET /api/v1/engagements/:id/transcript': { owners: ['shopperA', 'associateA', 'keyA'], path: engagement('/transcript') },
  'POST /api/v1/engagements/:id/channels': { owners: ['shopperA', 'associateA'], path: engagement('/channels'), body: () => ({ method: 'chat', state: 'started', at: '2026-03-02T10:01:00.000Z' }) },
  'GET /api/v1/commission/plan': { owners: ['keyA'] },
  'PUT /api/v1/commission/plan': { owners: BOTH_KEYS, body: () => COMMISSION_PLAN },
  'GET /api/v1/commission/ledger': { owners: BOTH_KEYS },
  'GET /api/v1/commission/payable': { owners: BOTH_KEYS },
  'GET /api/v1/commission/statements/:associateId/:month': { owners: ['keyA'], path: (w) => `/api/v1/commission/statements/${w.associateAId}/2026-03` },
  'GET /api/v1/associates/me/commission': { owners: ALL_ASSOCIATES },
  'GET /api/v1/reports': { owners: BOTH_KEYS, path: () => `/api/v1/reports?groupBy=associate,day&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z` },
  // A has export settings (the world saves them); B has none, so B's key is told 404 where only A's settings are read.
  'GET /api/v1/reports/exports': { owners: ['keyA'] },
  'PUT /api/v1/reports/exports': { owners: BOTH_KEYS, body: () => ({ ...EXPORT_SETTINGS, destination: { kind: 'webhook', url: 'https://reports.invalid/in' } }) },
  'DELETE /api/v1/reports/exports': { owners: ['keyA'] },
  'POST /api/v1/reports/exports/run': { owners: ['keyA'] },
  // A's employee and the independent A admitted see their own figures at A; B's employee is told 404.
  'GET /api/v1/associates/me/results': { owners: ['associateA', 'independent'], path: (w) => `/api/v1/associates/me/results?enterpriseId=${w.enterpriseAId}&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z` },
  'GET /api/v1/engagements/:id/sales-info': { owners: ['associateA'], path: engagement('/sales-info') },
  'POST /api/v1/materials': { owners: BOTH_KEYS, body: () => ({ kind: 'technique', title: 'Ask about budget', markdown: 'What would you like to spend?' }) },
  'GET /api/v1/materials': { owners: BOTH_KEYS },
  'GET /api/v1/materials/:id': { owners: ['keyA'], path: (w) => `/api/v1/materials/${w.materialAId}` },
  'PATCH /api/v1/materials/:id': { owners: ['keyA'], path: (w) => `/api/v1/materials/${w.materialAId}`, body: () => ({ title: 'Renamed' }) },
  'DELETE /api/v1/materials/:id': { owners: ['keyA'], path: (w) => `/api/v1/materials/${w.materialAId}` },
  // The body is JSON here, not a PDF: the owner is refused for the content (415), never for who they are.
  'PUT /api/v1/materials/:id/file': { owners: ['keyA'], path: (w) => `/api/v1/materials/${w.materialAId}/file`, body: () => '%PDF-1.7 not much of a file' },
  // The independent is admitted by A: one of A's associates.
  'GET /api/v1/materials/:id/content': { owners: ['associateA', 'independent', 'keyA'], path: (w) => `/api/v1/materials/${w.materialAId}/content` },
  'GET /api/v1/materials/shared/:token': { owners: 'anyone', path: (w) => w.sharedPathA },
  'GET /api/v1/engagements/:id/practices': { owners: ['associateA'], path: engagement('/practices') },
  'POST /api/v1/engagements/:id/usage': { owners: ['associateA'], path: engagement('/usage'), body: (w) => ({ materialId: w.materialAId, action: 'opened' }) },
  'GET /api/v1/practices/evaluation': { owners: BOTH_KEYS },

  'GET /api/v1/live/settings': { owners: BOTH_KEYS },
  // Each key reads its own enterprise's floor (console roles: floor/floor.test.ts, every role reads it).
  'GET /api/v1/live/overview': { owners: BOTH_KEYS },
  'PUT /api/v1/live/settings': { owners: BOTH_KEYS, body: () => ({ transcriptRetentionDays: 30 }) },

  'PUT /api/v1/catalog/products': { owners: BOTH_KEYS, body: () => ({ products: [catalogProduct(`SKU-${crypto.randomUUID().slice(0, 8)}`)] }) },
  // The file goes as JSON here: an owner is told 415 (not a CSV), everyone else 401 before the body is read.
  'POST /api/v1/catalog/imports': { owners: BOTH_KEYS, body: () => ({ not: 'a CSV' }) },
  'GET /api/v1/catalog/products': { owners: BOTH_KEYS },
  'GET /api/v1/catalog/products.csv': { owners: BOTH_KEYS },
  'GET /api/v1/catalog/products/:sku': { owners: ['keyA'], path: () => `/api/v1/catalog/products/${SKU_OF_A}` },
  'DELETE /api/v1/catalog/products/:sku': { owners: ['keyA'], path: () => `/api/v1/catalog/products/${SKU_OF_A}` },
  'POST /api/v1/catalog/resolve': { owners: BOTH_KEYS, body: () => ({ url: 'https://elsewhere.example/p/1', name: 'Sony WH-1000XM5', sku: SKU_OF_A }) },
  'GET /api/v1/catalog/resolution-rate': { owners: BOTH_KEYS },
  'POST /api/v1/orders': { owners: BOTH_KEYS, body: () => ({ id: `ORD-${crypto.randomUUID()}`, placedAt: '2026-03-02T09:00:00.000Z', currency: 'EUR', lines: [{ id: 'L1', sku: 'WH-1', quantity: 1, net: '349.00' }] }) },
  'GET /api/v1/orders': { owners: BOTH_KEYS },
  'GET /api/v1/orders/:id': { owners: ['keyA'], path: (w) => `/api/v1/orders/${w.orderAId}` },
  'POST /api/v1/orders/:id/refunds': { owners: ['keyA'], path: (w) => `/api/v1/orders/${w.orderAId}/refunds`, body: () => ({ id: `RF-${crypto.randomUUID()}`, scope: { kind: 'amount', amount: '1.00' } }) },
  'GET /api/v1/attribution-settings': { owners: BOTH_KEYS },
  'PUT /api/v1/attribution-settings': { owners: BOTH_KEYS, body: () => ({ windowDays: 30, model: 'last_touch' }) },
  'PUT /api/v1/order-sources/shopify': { owners: BOTH_KEYS, body: () => ({ secret: 'a shopify app secret' }) },
  'PUT /api/v1/order-sources/segment': { owners: BOTH_KEYS, body: () => ({ secret: 'a segment shared secret' }) },
  // Signed by the source, never by a credential of ours: every caller here is refused (signed deliveries: orders.test.ts).
  'POST /api/v1/webhooks/shopify/:enterpriseId': { owners: [], path: (w) => `/api/v1/webhooks/shopify/${w.enterpriseAId}`, body: () => ({ id: 1 }) },
  'POST /api/v1/webhooks/segment/:enterpriseId': { owners: [], path: (w) => `/api/v1/webhooks/segment/${w.enterpriseAId}`, body: () => ({ type: 'track' }) },
  'GET /api/v1/engagements/:id/outcome': { owners: ['associateA', 'keyA'], path: engagement('/outcome') },
  // Signed by Checkr with the marketplace's key, never by a credential of ours: every caller here is refused (signed deliveries: vetting/vetting.test.ts).
  'POST /api/v1/webhooks/checkr': { owners: [], body: () => ({ id: 'e0e0e0e0e0e0e0e0e0e0e0e0', type: 'report.completed', data: { object: { id: 'abcdefabcdefabcdefabcdef' } } }) },
  'GET /api/v1/telephony/settings': { owners: BOTH_KEYS },
  // A's bridge is under way: the associate is told 409, a refusal of what, not of who.
  // Either party of A's engagement calls, lists and hangs up (the world's call is under way: a call is refused 409, a refusal of what, not of who).
  'POST /api/v1/engagements/:id/calls': { owners: ['shopperA', 'associateA'], path: engagement('/calls'), body: () => ({}) },
  'GET /api/v1/engagements/:id/calls': { owners: ['shopperA', 'associateA'], path: engagement('/calls') },
  'POST /api/v1/engagements/:id/calls/:callId/hangup': { owners: ['shopperA', 'associateA'], path: (w) => `/api/v1/engagements/${w.engagementId}/calls/${w.callAId}/hangup` },
  // The shopper's number: given and taken back by the shopper, read (masked) by either party.
  'PUT /api/v1/engagements/:id/phone': { owners: ['shopperA'], path: engagement('/phone'), body: () => ({ phone: '+14155550199', purposes: ['call'], consent: true }) },
  'GET /api/v1/engagements/:id/phone': { owners: ['shopperA', 'associateA'], path: engagement('/phone') },
  'DELETE /api/v1/engagements/:id/phone': { owners: ['shopperA'], path: engagement('/phone') },
  // The number and a dial-in code: only the engagement's shopper asks.
  'POST /api/v1/engagements/:id/dial-in': { owners: ['shopperA'], path: engagement('/dial-in'), body: () => ({}) },
  'PUT /api/v1/telephony/settings': { owners: BOTH_KEYS, body: () => ({ provider: 'twilio', accountSid: `AC${'a'.repeat(32)}`, authToken: 'f'.repeat(32), numbers: ['+14155550000'] }) },
  'DELETE /api/v1/telephony/settings': { owners: BOTH_KEYS },
  // Twilio's webhooks about A's bridge: only Twilio's signature (with A's auth token) is taken, no credential.
  'POST /api/v1/webhooks/twilio/calls/:callId/twiml': { owners: [], path: (w) => `/api/v1/webhooks/twilio/calls/${w.callAId}/twiml`, body: () => ({ CallSid: 'CA' }) },
  'POST /api/v1/webhooks/twilio/calls/:callId/status': { owners: [], path: (w) => `/api/v1/webhooks/twilio/calls/${w.callAId}/status`, body: () => ({ CallSid: 'CA' }) },
  // The shopper's number opted out of A's texts: the associate is told 409, a refusal of what, not of who (and Twilio is not asked).
  'POST /api/v1/engagements/:id/texts': { owners: ['associateA'], path: engagement('/texts'), body: () => ({ body: 'The kettle: https://volt.example/p/kettle' }) },
  'GET /api/v1/engagements/:id/texts': { owners: ['associateA'], path: engagement('/texts') },
  // Twilio's webhooks about A's texts and A's number: only Twilio's signature (with A's auth token) is taken, no credential.
  'POST /api/v1/webhooks/twilio/texts/:textId/status': { owners: [], path: (w) => `/api/v1/webhooks/twilio/texts/${w.textAId}/status`, body: () => ({ MessageSid: 'SM' }) },
  'POST /api/v1/webhooks/twilio/texts/incoming': { owners: [], body: () => ({ To: '+14155550000', From: '+14155550199', Body: 'STOP' }) },
  // A call to A's number and the code keyed in: only Twilio's signature (with A's auth token) is taken, no credential.
  'POST /api/v1/webhooks/twilio/calls/incoming': { owners: [], body: () => ({ To: '+14155550000', From: '+14155550199', CallSid: `CA${'0'.repeat(32)}` }) },
  'POST /api/v1/webhooks/twilio/calls/incoming/code': { owners: [], body: () => ({ To: '+14155550000', From: '+14155550199', CallSid: `CA${'0'.repeat(32)}`, Digits: '123456' }) },
  // The operator's: everyone else is refused; the application has no check yet, so the operator is told 409 (the route's own answer).
  'POST /api/v1/marketplace/applications/:id/check/adverse-action': { owners: ['operator'], path: (w) => `/api/v1/marketplace/applications/${w.checkedApplicationId}/check/adverse-action` },

  // Accreditation tests: A's banks are A's (key and console users within their role); the marketplace's, the operator's.
  'GET /api/v1/question-banks': { owners: BOTH_KEYS },
  'POST /api/v1/question-banks': { owners: BOTH_KEYS, body: () => TEST_BANK },
  'GET /api/v1/question-banks/:id': { owners: ['keyA'], path: (w) => `/api/v1/question-banks/${w.bankAId}` },
  'PATCH /api/v1/question-banks/:id': { owners: ['keyA'], path: (w) => `/api/v1/question-banks/${w.bankAId}`, body: () => ({ title: 'Renamed bank' }) },
  'GET /api/v1/question-banks/:id/analysis': { owners: ['keyA'], path: (w) => `/api/v1/question-banks/${w.bankAId}/analysis` },
  'POST /api/v1/question-banks/:id/questions': { owners: ['keyA'], path: (w) => `/api/v1/question-banks/${w.bankAId}/questions`, body: () => TEST_QUESTION },
  'PUT /api/v1/question-banks/:id/questions/:questionId': { owners: ['keyA'], path: (w) => `/api/v1/question-banks/${w.bankAId}/questions/${w.questionAId}`, body: () => TEST_QUESTION },
  'DELETE /api/v1/question-banks/:id/questions/:questionId': { owners: ['keyA'], path: (w) => `/api/v1/question-banks/${w.bankAId}/questions/${w.questionAId}` },
  'GET /api/v1/marketplace/question-banks': { owners: ['operator'] },
  'POST /api/v1/marketplace/question-banks': { owners: ['operator'], body: () => TEST_BANK },
  'GET /api/v1/marketplace/question-banks/:id': { owners: ['operator'], path: (w) => `/api/v1/marketplace/question-banks/${w.marketBankId}` },
  'PATCH /api/v1/marketplace/question-banks/:id': { owners: ['operator'], path: (w) => `/api/v1/marketplace/question-banks/${w.marketBankId}`, body: () => ({ title: 'Renamed bank' }) },
  'GET /api/v1/marketplace/question-banks/:id/analysis': { owners: ['operator'], path: (w) => `/api/v1/marketplace/question-banks/${w.marketBankId}/analysis` },
  'POST /api/v1/marketplace/question-banks/:id/questions': { owners: ['operator'], path: (w) => `/api/v1/marketplace/question-banks/${w.marketBankId}/questions`, body: () => TEST_QUESTION },
  'PUT /api/v1/marketplace/question-banks/:id/questions/:questionId': { owners: ['operator'], path: (w) => `/api/v1/marketplace/question-banks/${w.marketBankId}/questions/${w.marketQuestionId}`, body: () => TEST_QUESTION },
  'DELETE /api/v1/marketplace/question-banks/:id/questions/:questionId': { owners: ['operator'], path: (w) => `/api/v1/marketplace/question-banks/${w.marketBankId}/questions/${w.marketQuestionId}` },
  'GET /api/v1/associates/me/tests': { owners: ALL_ASSOCIATES },
  // A's test is open to A's employee and to the independent A admitted, not to B's employee.
  'POST /api/v1/associates/me/tests/:bankId/attempts': { owners: ['associateA', 'independent'], path: (w) => `/api/v1/associates/me/tests/${w.bankAId}/attempts` },
  'GET /api/v1/associates/me/test-attempts/:id': { owners: ['associateA'], path: (w) => `/api/v1/associates/me/test-attempts/${w.attemptAId}` },
  'PUT /api/v1/associates/me/test-attempts/:id/answers': { owners: ['associateA'], path: (w) => `/api/v1/associates/me/test-attempts/${w.attemptAId}/answers`, body: () => ({ answers: [] }) },
  'POST /api/v1/associates/me/test-attempts/:id/submit': { owners: ['associateA'], path: (w) => `/api/v1/associates/me/test-attempts/${w.attemptAId}/submit`, body: () => ({ answers: [] }) },
  'GET /api/v1/associates/me/accreditations': { owners: ALL_ASSOCIATES },
};

/**
 * What A's analyst may do, written out here rather than read from roles.core (which it checks):
 * reads of the reports and sessions and of the selling's own views, the previews and dry runs
 * of draft rules, and nothing else. Never a setting that holds secrets or an integration's
 * configuration (customer source, report exports, order sources), nor keys, users or the audit log.
 */
const ANALYST_MAY = new Set([
  'GET /api/v1/sessions',
  'GET /api/v1/sessions/:id',
  'GET /api/v1/reports',
  'GET /api/v1/practices/evaluation',
  'GET /api/v1/live/overview',
  'GET /api/v1/live/settings',
  'GET /api/v1/enterprise/sites',
  'GET /api/v1/associates',
  'GET /api/v1/associates/admissions',
  'GET /api/v1/associates/:id/schedule-exceptions',
  'GET /api/v1/rules/opportunity',
  'GET /api/v1/rules/opportunity/versions',
  'GET /api/v1/rules/opportunity/diff',
  'POST /api/v1/rules/opportunity/preview',
  'GET /api/v1/rules/matching',
  'GET /api/v1/rules/matching/versions',
  'GET /api/v1/rules/matching/diff',
  'POST /api/v1/matching/dry-run',
  'GET /api/v1/opportunities',
  'GET /api/v1/opportunities/:id',
  'GET /api/v1/opportunities/:id/ranking',
  'GET /api/v1/opportunities/:id/rankings',
  'GET /api/v1/messages',
  'GET /api/v1/enterprise/engagements',
  'GET /api/v1/engagements/:id',
  'GET /api/v1/engagements/:id/timeline',
  'GET /api/v1/engagements/:id/transcript',
  'GET /api/v1/engagements/:id/outcome',
  'GET /api/v1/commission/plan',
  'GET /api/v1/commission/ledger',
  'GET /api/v1/commission/payable',
  'GET /api/v1/commission/statements/:associateId/:month',
  'GET /api/v1/catalog/products',
  'GET /api/v1/catalog/products.csv',
  'GET /api/v1/catalog/products/:sku',
  'GET /api/v1/catalog/resolution-rate',
  'GET /api/v1/materials',
  'GET /api/v1/materials/:id',
  'GET /api/v1/materials/:id/content',
  'GET /api/v1/orders',
  'GET /api/v1/orders/:id',
  'GET /api/v1/attribution-settings',
  'GET /api/v1/question-banks',
  'GET /api/v1/question-banks/:id',
  'GET /api/v1/question-banks/:id/analysis',
]);

/** A question bank's settings and a question, valid, so that a refusal can only be about who asks. */
const TEST_BANK = { title: 'Headphones', category: ['Audio', 'Headphones'], level: 2, questionsPerTest: 1, timeLimitSeconds: 600, passPercent: 50, retakeWaitHours: 0, validityDays: 365 };
const TEST_QUESTION = {
  kind: 'single',
  prompt: 'Which cancels noise best on a plane?',
  choices: [
    { text: 'Active noise cancelling', correct: true, explanation: 'It cancels the engine’s drone.' },
    { text: 'An open-back design', correct: false, explanation: 'It lets the noise in.' },
  ],
};

/** A product of A's catalogue: its SKU is A's to see. */
const SKU_OF_A = 'SKU-OF-A';
const catalogProduct = (sku: string) => ({ sku, name: 'Sony WH-1000XM5', currency: 'USD', price: 34900, availability: 'in_stock', url: `https://catalog.example/p/${sku}` });

const OPPORTUNITY_RULES = { threshold: 1, conditions: [{ id: 'dwell', when: { type: 'dwell', seconds: 20 }, points: 1 }] };
const COMMISSION_PLAN = { currency: 'USD', rules: [{ id: 'all', pay: { kind: 'rate', basisPoints: 500 } }] };
const NOTES_OF_A = 'Prefers calls after six; NOTE-OF-A';
/** A webhook at a name that never resolves (.invalid): a run fails at once, without the network. */
const EXPORT_SETTINGS = { schedule: { frequency: 'daily', hour: 6, timeZone: 'UTC' }, destination: { kind: 'webhook', url: 'https://reports-a.invalid/in' } };

/**
 * What a caller must be told: 'allowed' is anything but 401, 403 and 404 (for a console party
 * changing something, 404 too may be allowed: a key tried before may have removed the thing).
 */
function expected(row: Row, route: { method: string; path: string; auth: readonly string[] }, actor: Actor, path: string): 'allowed' | 401 | 403 | 404 {
  if (row.owners === 'anyone') return 'allowed';
  const party = CONSOLE_PARTIES[actor];
  if (party) return consoleExpected(row.owners, route, actor, party, path);
  const kind = KIND[actor];
  if (kind === null || !route.auth.includes(kind) || DEAD.includes(actor)) return 401;
  return row.owners.includes(actor) ? 'allowed' : 404;
}

/**
 * A console party: on its own account's routes (auth `console`) as the row says; on an
 * operator's route refused 403 unless an operator; on the enterprise's routes in its key's
 * place, within its role (403 `role_forbids`), and 403 `not_a_member` with no standing there.
 */
function consoleExpected(owners: readonly Actor[], route: { method: string; path: string; auth: readonly string[] }, actor: Actor, party: ConsoleStanding, path: string): 'allowed' | 401 | 403 | 404 {
  const owns = owners.includes(actor);
  if (route.auth.includes('console')) return owns ? 'allowed' : 404;
  if (route.auth.includes('operator')) return !party.operator ? 403 : owns ? 'allowed' : 404;
  if (!route.auth.includes('enterprise')) return 401;
  const roleMay = party.role === 'analyst' ? ANALYST_MAY.has(`${route.method} ${route.path}`) : party.role !== null && roleAllows(party.role, route.method, path);
  if (!party.key || !roleMay) return 403;
  return owns || owners.includes(party.key) ? 'allowed' : 404;
}

/** A request as the caller: a bearer credential, or a console party's cookie and headers. */
function callAs(h: ApiHarness, method: string, path: string, credential: string | ConsoleParty | null, body?: unknown): Promise<Response> {
  return credential !== null && typeof credential === 'object' ? consoleCall(h.app, method, path, credential, body) : call(h.app, method, path, credential, body);
}

describe('the catalogue and the matrix', () => {
  it('have the same routes: a new route needs its row here', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect([...ANALYST_MAY].filter((name) => !MATRIX[name])).toEqual([]);
  });
});

describe.each(DB_KINDS)('the authorization matrix on %s', (kind) => {
  // The world is built once and put back before each row: a row's changes never reach the next.
  const api = useSharedApi(kind, buildWorld, { sealer: WORLD_SEALER });
  let h: ApiHarness;
  let w: World;
  beforeEach(() => {
    ({ h, world: w } = api());
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (name, route) => {
    const row = MATRIX[name];
    if (!row) throw new Error(`${name} has no row in the authorization matrix`);
    const path = row.path?.(w) ?? route.path;
    const check = async (actor: Actor, res: Response) => {
      const text = await res.text();
      const what = `${name} as ${actor} → ${res.status} ${text.slice(0, 200)}`;
      const want = expected(row, route, actor, path);
      const removedBefore = CONSOLE_PARTIES[actor] && route.method !== 'GET' ? [404] : [];
      if (want === 'allowed') expect([401, 403, 404].filter((s) => !row.answers?.includes(s) && !removedBefore.includes(s)), what).not.toContain(res.status);
      else expect(res.status, what).toBe(want);
      expect(res.status, what).toBeLessThan(500);
      if (!SIDE_A.includes(actor) && !row.alsoSees?.includes(actor)) for (const secret of w.secretsOfA) expect(text, `${what}: carries ${secret}`).not.toContain(secret);
    };
    const allowed = (actor: Actor) => expected(row, route, actor, path) === 'allowed';
    // Those to be refused first, all at once (a refusal changes nothing); then the owners one by
    // one: what they may change must not change what the others are told.
    const refusals = await Promise.all(ACTORS.filter((a) => !allowed(a)).map(async (a) => [a, await callAs(h, route.method, path, w.credential[a], row.body?.(w))] as const));
    for (const [actor, res] of refusals) await check(actor, res);
    for (const actor of ACTORS.filter(allowed)) await check(actor, await callAs(h, route.method, path, w.credential[actor], row.body?.(w)));
  });
});

/** A's accepted engagement with its shopper and associate, B's employee, an independent both admitted, and dead credentials. */
async function buildWorld(h: ApiHarness): Promise<World> {
  const db = h.db.db;
  const now = h.clock.now();
  const { volt, summit, voltKey, summitKey } = h.seed;
  const associateA = await seedAssociate(db, now, { employerId: volt.id, idleSeconds: 600, displayName: 'Ana of A' });
  const associateB = await seedAssociate(db, now, { employerId: summit.id, displayName: 'Bo of B' });
  // Away: admitted by A, the independent must not be offered A's opportunity too.
  const independent = await seedAssociate(db, now, { employerId: null, displayName: 'Indy', presence: 'away' });
  // Both enterprises invite the independent, who accepts both.
  const [{ email: independentEmail }] = await db.select({ email: associates.email }).from(associates).where(eq(associates.id, independent.id)) as [{ email: string }];
  for (const [key, enterprise] of [[voltKey, volt], [summitKey, summit]] as const) {
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', key, { email: independentEmail })).status).toBe(202);
    expect((await call(h.app, 'POST', `/api/v1/associates/me/admissions/${enterprise.id}/accept`, independent.token)).status).toBe(200);
  }
  for (const key of [voltKey, summitKey]) {
    await putRules(h.app, key, 'opportunity', OPPORTUNITY_RULES);
    await putOfferPolicy(h.app, key, { mode: 'broadcast', size: 5, offerSeconds: 600, giveUpSeconds: 900 });
  }
  expect((await call(h.app, 'PUT', '/api/v1/customers/C-GOLD', voltKey, { tier: 'Gold', notes: NOTES_OF_A })).status).toBe(200);
  expect((await call(h.app, 'PUT', '/api/v1/commission/plan', voltKey, COMMISSION_PLAN)).status).toBe(200);
  expect((await call(h.app, 'PUT', '/api/v1/reports/exports', voltKey, EXPORT_SETTINGS)).status).toBe(200);
  // A commission A owes its associate: only A and the associate see it.
  await db.insert(commissionEntries).values({
    id: 'commission:ORDER-OF-A:1', enterpriseId: volt.id, associateId: associateA.id, month: '2026-03', currency: 'USD', amountMinor: 1745, kind: 'commission', cause: 'sale',
    at: now, locksAt: new Date(now.getTime() + 30 * 86_400_000), orderId: 'ORDER-OF-A', line: '1', sku: 'WH-1000XM5', ruleId: 'all', refundId: null, adjusts: null, planVersion: 1, bookedAt: now,
  });
  await db.insert(customerSources).values({ enterpriseId: volt.id, lookupUrl: 'https://crm-of-a.example/lookup', secret: 'not used: nothing calls it', ttlSeconds: 60, timeoutMs: 200, updatedAt: now });

  const { opportunityId, sessionId } = await openOpportunity(h, { customerExternalId: 'C-GOLD' });
  const offers = (await (await call(h.app, 'GET', '/api/v1/offers', associateA.token)).json()) as { offers: { id: string }[] };
  const offerId = offers.offers[0]!.id;
  const accepted = (await (await call(h.app, 'POST', `/api/v1/offers/${offerId}/accept`, associateA.token)).json()) as { engagement: { id: string } };
  const engagementId = accepted.engagement.id;
  expect((await call(h.app, 'POST', `/api/v1/engagements/${engagementId}/answer`, h.token, { accept: true })).status).toBe(200);

  const spare = (await (await call(h.app, 'POST', '/api/v1/api-keys', voltKey, { label: 'spare' })).json()) as { id: string };
  const material = (await (await call(h.app, 'POST', '/api/v1/materials', voltKey, { kind: 'document', title: 'Spec sheet' })).json()) as { id: string };
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  expect((await h.app.http.request(`/api/v1/materials/${material.id}/file`, { method: 'PUT', body: png as BodyInit, headers: { authorization: `Bearer ${voltKey}` } })).status).toBe(200);
  const sent = (await (await call(h.app, 'POST', `/api/v1/engagements/${engagementId}/usage`, associateA.token, { materialId: material.id, action: 'sent' })).json()) as { card: { url: string } };
  const identitySecret = (await (await call(h.app, 'POST', `/api/v1/sites/${h.seed.voltSite.id}/identity-secrets`, voltKey)).json()) as { id: string };
  const devices = (await (await call(h.app, 'GET', '/api/v1/associates/me/devices', associateA.token)).json()) as { devices: { id: string }[] };
  expect((await call(h.app, 'PUT', `/api/v1/associates/me/schedule-exceptions/${EXCEPTION_OF_A}`, associateA.token, { periods: [] })).status).toBe(200);

  const [o] = await db.select().from(opportunities).where(eq(opportunities.id, opportunityId));
  const unservedId = crypto.randomUUID();
  await db.insert(opportunities).values({ ...o!, id: unservedId, status: 'unserved', origin: 'asked', offerState: null, dueAt: null, closedAt: now });
  const messageAId = crypto.randomUUID();
  await db.insert(shopperMessages).values({ id: messageAId, opportunityId: unservedId, enterpriseId: volt.id, message: 'Do you have it in blue? MESSAGE-OF-A', contact: null, createdAt: now });

  expect((await call(h.app, 'PUT', '/api/v1/catalog/products', voltKey, { products: [catalogProduct(SKU_OF_A)] })).status).toBe(200);

  const shopperB = (await h.createShopper()).token;
  // B's shopper has a session of their own at A's shop: being a shopper of A is not enough.
  expect((await h.post({ events: browse().slice(0, 1) }, shopperB)).status).toBe(202);
  const order = await call(h.app, 'POST', '/api/v1/orders', voltKey, { id: 'ORD-OF-A', placedAt: new Date(now.getTime() + 60_000).toISOString(), currency: 'EUR', engagementId, lines: [{ id: 'L1', sku: 'WH-1', quantity: 1, net: '349.00' }] });
  expect(order.status).toBe(201);
  const orderAId = ((await order.json()) as { id: string }).id;
  // Both enterprises sign webhooks: a caller without the signature is refused all the same.
  for (const key of [voltKey, summitKey]) expect((await call(h.app, 'PUT', '/api/v1/order-sources/shopify', key, { secret: 'a shopify app secret' })).status).toBe(200);
  const revoked = await h.app.tenancy.createApiKey(volt.id, 'old integration');
  await db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, revoked.id));
  const ownerA = await consoleUser(h.app, { email: 'owner-a@volt.example', enterpriseId: volt.id, role: 'owner' });
  const analystA = await consoleUser(h.app, { email: 'analyst-a@volt.example', enterpriseId: volt.id, role: 'analyst' });
  const ownerB = await consoleUser(h.app, { email: 'owner-b@summit.example', enterpriseId: summit.id, role: 'owner' });
  const operator = { ...(await consoleUser(h.app, { email: 'operator@marketplace.example', operator: true })), enterpriseId: volt.id };
  const otherOperator = await h.app.console.ensureUser({ email: 'colleague@marketplace.example', name: 'Colleague', password: 'a console password 1', operator: true });
  const supportAccess = await h.app.console.openSupportAccess(otherOperator, volt.id, 'Looking at the rules', 60);
  const { applicationId: checkedApplicationId } = await seedApplication(db, now);
  // A published test of A's and one of the marketplace's, each of three questions, and associate A's attempt at the marketplace's.
  const publishedBank = async (owner: string | null) => {
    const bank = await h.app.tests.createBank(owner, TEST_BANK);
    const questions = [];
    for (let i = 0; i < 3; i++) questions.push(await h.app.tests.addQuestion(owner, bank.id, TEST_QUESTION as Parameters<typeof h.app.tests.addQuestion>[2]));
    await h.app.tests.updateBank(owner, bank.id, { published: true });
    return { bankId: bank.id, questionId: questions[0]!.id };
  };
  const bankA = await publishedBank(volt.id);
  const market = await publishedBank(null);
  const attemptA = await h.app.tests.start(associateA.id, market.bankId);
  // A's Twilio account and a bridge of its engagement, for Twilio's webhooks.
  await h.app.telephony.putSettings(volt.id, { provider: 'twilio', accountSid: `AC${'a'.repeat(32)}`, authToken: 'f'.repeat(32), numbers: ['+14155550000'] });
  const callAId = crypto.randomUUID();
  // No sid yet (Twilio's answer to the create not in): a hang-up (or the engagement's end) closes it without asking Twilio, which the matrix never reaches.
  await db.insert(phoneCalls).values({ id: callAId, bridgeId: callAId, enterpriseId: volt.id, engagementId, leg: 'associate', sid: null, status: 'ringing', sequence: 1, fromNumber: '+14155550000', startedAt: now });
  // A text of A's engagement, and the shopper's number opted out of A's texts.
  const textAId = crypto.randomUUID();
  await db.insert(phoneTexts).values({ id: textAId, enterpriseId: volt.id, engagementId, direction: 'out', sid: `SM${'d'.repeat(32)}`, status: 'sent', ourNumber: '+14155550000', shopperNumber: 'sealed', numberHash: numberHash(volt.id, '+14155550199'), sentAt: now, updatedAt: now });
  await db.insert(smsOptOuts).values({ enterpriseId: volt.id, numberHash: numberHash(volt.id, '+14155550199'), source: 'keyword', optedOutAt: now });
  // The number A's shopper gave for texts (sealed with the world's key): the one that opted out.
  await db.insert(engagementPhones).values({ engagementId, enterpriseId: volt.id, number: WORLD_SEALER.seal('+14155550199'), numberHash: numberHash(volt.id, '+14155550199'), masked: '+1 ••• ••• ••99', purposes: ['call', 'text'], consentText: 'Voltaire may call and text this number about this conversation only.', givenAt: now });
  const expired = newSecret('fwa');
  await db.insert(associateTokens).values({ tokenHash: hashSecret(expired), associateId: associateA.id, createdAt: new Date(now.getTime() - 13 * 3600_000), expiresAt: new Date(now.getTime() - 3600_000) });

  // The independent applied to the marketplace (before registration existed they were made approved; here they are asked for more).
  const applicationId = crypto.randomUUID();
  const applicationDocumentId = crypto.randomUUID();
  await db.insert(joinSettings).values({ key: 'marketplace', rules: { countries: [], minimumAge: 18, requiredDocuments: ['identity'], languages: [], checkPackage: 'tasker_standard' }, updatedAt: now });
  await db.insert(applications).values({
    id: applicationId, associateId: independent.id, status: 'more_info', givenName: 'Indy', familyName: 'Pendent', country: 'FR', birthDate: '1990-01-01', categories: [['Audio']],
    experience: 'Some.', weeklyHours: 10, consentedAt: now, consentVersion: CHECKS_DISCLOSURE.version, emailVerifiedAt: now, createdAt: now, updatedAt: now,
  });
  await db.insert(applicationDocuments).values({ id: applicationDocumentId, applicationId, kind: 'identity', fileName: 'id.pdf', contentType: 'application/pdf', size: 9, content: Buffer.from('%PDF-1.7 '), uploadedAt: now });

  return {
    applicationId,
    applicationDocumentId,
    credential: {
      none: null,
      shopperA: h.token,
      shopperB,
      associateA: associateA.token,
      associateB: associateB.token,
      independent: independent.token,
      keyA: voltKey,
      keyB: summitKey,
      revokedKeyA: revoked.key,
      expiredTokenA: expired,
      ownerA,
      analystA,
      ownerB,
      operator,
    },
    analystAUserId: analystA.userId,
    supportAccessAId: supportAccess.id,
    engagementId,
    opportunityId,
    offerId,
    sessionId,
    associateAId: associateA.id,
    enterpriseAId: volt.id,
    siteAId: h.seed.voltSite.id,
    spareKeyAId: spare.id,
    identitySecretAId: identitySecret.id,
    deviceAId: devices.devices[0]!.id,
    messageAId,
    materialAId: material.id,
    sharedPathA: new URL(sent.card.url).pathname,
    orderAId,
    checkedApplicationId,
    bankAId: bankA.bankId,
    questionAId: bankA.questionId,
    marketBankId: market.bankId,
    marketQuestionId: market.questionId,
    attemptAId: attemptA.attempt.id,
    callAId,
    textAId,
    secretsOfA: [analystA.userId, orderAId, 'ORD-OF-A', 'ORDER-OF-A', SKU_OF_A, material.id, messageAId, 'MESSAGE-OF-A', spare.id, identitySecret.id, devices.devices[0]!.id, engagementId, opportunityId, offerId, sessionId, associateA.id, 'NOTE-OF-A', 'crm-of-a.example', 'reports-a.invalid', VOLT.replace('https://', '') + '/p/'],
  };
}
