import { z } from 'zod';
import { AssociateView, DeviceList, MyAdmission, MyAdmissionList, ResetRequested, ScheduleException, type ScheduleExceptionBody, ScheduleExceptionList, SignedIn, type UpdateAssociate } from '../../../shared/associates';
import { MyCommission } from '../../../shared/commission';
import { AskedForHelp, AssociateMessage, AssociateMessageList, OfferAccepted, OfferDeclined } from '../../../shared/offers';
import { ReportAnswer } from '../../../shared/reports';
import { type Answer, AttemptResult, AttemptState, AvailableTestList, OpenAttempt } from '../../../shared/accreditation-tests';
import { createApiRequests, type Fetch } from '../../lib/api';

// The associate's side of the API: shared/associates.ts, shared/offers.ts.

/** The signed-in associate as the API shows them (presence `offline` while no connection of theirs is live). */
export type AgentProfile = AssociateView;

const Anything = z.unknown();

/** The associate's results at one enterprise over [from, to), by day in `timeZone` (the browser's). */
export interface MyResultsQuery {
  enterpriseId: string;
  from: string;
  to: string;
  timeZone?: string;
}

/** Client for the associate endpoints of the backend at `baseUrl` (token: the associate's sign-in). */
export function createAgentApi(options: { fetch: Fetch; baseUrl: string }) {
  const { baseUrl, call, json } = createApiRequests(options);
  return {
    baseUrl,
    /** POST /api/v1/associates/sign-in: a token for the associate (rate limited). */
    signIn: (email: string, password: string, device?: string) =>
      call('/api/v1/associates/sign-in', SignedIn, json('POST', { email, password, ...(device ? { device } : {}) })),
    /** POST /api/v1/associates/sign-out: the token stops working. */
    signOut: (token: string) => call('/api/v1/associates/sign-out', Anything, json('POST', {}, token)),
    /** POST /api/v1/associates/password/reset-request: a link by mail if the address is an associate's (always 202, the same answer). */
    resetRequest: (email: string) => call('/api/v1/associates/password/reset-request', ResetRequested, json('POST', { email })),
    /** POST /api/v1/associates/me/password: the current password and the new one; every other device is signed out. */
    changePassword: (token: string, currentPassword: string, newPassword: string) =>
      call('/api/v1/associates/me/password', Anything, json('POST', { currentPassword, newPassword }, token)),
    /** GET /api/v1/associates/me/devices: the associate's signed-in devices, this one marked `current`. */
    devices: (token: string) => call('/api/v1/associates/me/devices', DeviceList, json('GET', undefined, token)),
    /** DELETE /api/v1/associates/me/devices/:id: that device is signed out. */
    removeDevice: (token: string, deviceId: string) =>
      call(`/api/v1/associates/me/devices/${encodeURIComponent(deviceId)}`, Anything, json('DELETE', undefined, token)),
    /** POST /api/v1/associates/me/sign-out-everywhere: every device, this one included. */
    signOutEverywhere: (token: string) => call('/api/v1/associates/me/sign-out-everywhere', Anything, json('POST', {}, token)),
    /** GET /api/v1/associates/me. */
    me: (token: string) => call('/api/v1/associates/me', AssociateView, json('GET', undefined, token)),
    /** PATCH /api/v1/associates/me: presence, contact preferences. */
    updateMe: (token: string, change: UpdateAssociate) =>
      call('/api/v1/associates/me', AssociateView, json('PATCH', change, token)),
    /** GET /api/v1/associates/me/schedule-exceptions: today's and later exceptions to the weekly schedule. */
    scheduleExceptions: (token: string) => call('/api/v1/associates/me/schedule-exceptions', ScheduleExceptionList, json('GET', undefined, token)),
    /** PUT /api/v1/associates/me/schedule-exceptions/:date: the hours of one local date (none: a day off). */
    setScheduleException: (token: string, date: string, body: ScheduleExceptionBody) =>
      call(`/api/v1/associates/me/schedule-exceptions/${encodeURIComponent(date)}`, ScheduleException, json('PUT', body, token)),
    /** DELETE /api/v1/associates/me/schedule-exceptions/:date. */
    removeScheduleException: (token: string, date: string) =>
      call(`/api/v1/associates/me/schedule-exceptions/${encodeURIComponent(date)}`, Anything, json('DELETE', undefined, token)),
    /** GET /api/v1/associates/me/admissions: enterprises' invitations (an independent's), and the enterprises they work for. */
    admissions: (token: string) => call('/api/v1/associates/me/admissions', MyAdmissionList, json('GET', undefined, token)),
    /** POST /api/v1/associates/me/admissions/:enterpriseId/(accept|decline|withdraw). */
    answerAdmission: (token: string, enterpriseId: string, answer: 'accept' | 'decline' | 'withdraw') =>
      call(`/api/v1/associates/me/admissions/${encodeURIComponent(enterpriseId)}/${answer}`, MyAdmission, json('POST', {}, token)),
    /** GET /api/v1/associates/me/results: the associate's own figures at one enterprise they work for (404 when they do not). */
    myResults: (token: string, q: MyResultsQuery) =>
      call(`/api/v1/associates/me/results?${new URLSearchParams(Object.entries({ ...q, groupBy: 'day' }).filter((e): e is [string, string] => e[1] !== undefined))}`, ReportAnswer, json('GET', undefined, token)),
    /** GET /api/v1/associates/me/tests: the accreditation tests open to the associate, and where they stand with each. */
    myTests: (token: string) => call('/api/v1/associates/me/tests', AvailableTestList, json('GET', undefined, token)),
    /** POST /api/v1/associates/me/tests/:bankId/attempts: starts an attempt (or answers the open one); no right answer is in it. */
    startTest: (token: string, bankId: string) => call(`/api/v1/associates/me/tests/${encodeURIComponent(bankId)}/attempts`, OpenAttempt, json('POST', {}, token)),
    /** GET /api/v1/associates/me/test-attempts/:id: the open attempt, or its result. */
    testAttempt: (token: string, attemptId: string) => call(`/api/v1/associates/me/test-attempts/${encodeURIComponent(attemptId)}`, AttemptState, json('GET', undefined, token)),
    /** POST /api/v1/associates/me/test-attempts/:id/submit: graded on the server; 409 `attempt_expired` past the deadline. */
    submitTest: (token: string, attemptId: string, answers: Answer[]) =>
      call(`/api/v1/associates/me/test-attempts/${encodeURIComponent(attemptId)}/submit`, AttemptResult, json('POST', { answers }, token)),
    /** GET /api/v1/associates/me/commission: what each enterprise owes the associate per month (locked and pending); one entry of the ledger suffices here. */
    myCommission: (token: string) => call('/api/v1/associates/me/commission?limit=1', MyCommission, json('GET', undefined, token)),
    /** POST /api/v1/offers/:id/accept: the engagement when this associate wins; 409 `offer_taken` otherwise. */
    accept: (token: string, offerId: string) =>
      call(`/api/v1/offers/${encodeURIComponent(offerId)}/accept`, OfferAccepted, json('POST', {}, token)),
    /** POST /api/v1/offers/:id/decline; `goAway` also sets the associate away. */
    decline: (token: string, offerId: string, goAway: boolean) =>
      call(`/api/v1/offers/${encodeURIComponent(offerId)}/decline`, OfferDeclined, json('POST', { goAway }, token)),
    /** GET /api/v1/messages/open: messages shoppers left at the associate's enterprises, open or taken by them. */
    openMessages: (token: string) => call('/api/v1/messages/open', AssociateMessageList, json('GET', undefined, token)),
    /** POST /api/v1/messages/:id/take (first take wins) or /done. */
    messageStep: (token: string, messageId: string, step: 'take' | 'done') =>
      call(`/api/v1/messages/${encodeURIComponent(messageId)}/${step}`, AssociateMessage, json('POST', {}, token)),
  };
}
export type AgentApi = ReturnType<typeof createAgentApi>;

/** Client for the shopper's answers (token: the shopper's). */
export function createShopperAnswersApi(options: { fetch: Fetch; baseUrl: string }) {
  const { call, json } = createApiRequests(options);
  return {
    /** POST /api/v1/engagements/:id/answer: yes or no to an associate's invitation. */
    answer: (token: string, engagementId: string, accept: boolean) =>
      call(`/api/v1/engagements/${encodeURIComponent(engagementId)}/answer`, Anything, json('POST', { accept }, token)),
    /** POST /api/v1/opportunities/:id/message: a message for later, when nobody could help. */
    leaveMessage: (token: string, opportunityId: string, body: { message: string; contact?: string }) =>
      call(`/api/v1/opportunities/${encodeURIComponent(opportunityId)}/message`, Anything, json('POST', body, token)),
    /** POST /api/v1/opportunities/ask: the shopper asks for someone from the shop whose page `url` is. */
    ask: (token: string, url: string) => call('/api/v1/opportunities/ask', AskedForHelp, json('POST', { url }, token)),
  };
}
