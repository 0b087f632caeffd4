import { z } from 'zod';
import { CallList, CallView, DialIn, type ShopperPhoneBody, ShopperPhoneGiven, ShopperPhoneView, TextList, TextSent } from '../../shared/telephony';
import { createApiRequests, type Fetch } from './api';

// The backend's telephone routes of a live engagement (shared/telephony.ts), with one party's own
// token: the shopper's live host gives its number, calls and calls in; the associate's console
// calls, hangs up and texts. The backend says who may do what. Never logs a body: one holds the number.

const Anything = z.unknown();

/** Client for one engagement party's phone, call and text endpoints of the backend at `backendUrl`. */
export function createPhoneApi(options: { fetch: Fetch; backendUrl: string; token: string; timeoutMs?: number }) {
  const { call, json } = createApiRequests({ fetch: options.fetch, baseUrl: options.backendUrl, timeoutMs: options.timeoutMs });
  const { token } = options;
  const engagement = (id: string, rest: string) => `/api/v1/engagements/${encodeURIComponent(id)}/${rest}`;
  return {
    /** PUT /api/v1/engagements/:id/phone (the shopper): the number for calls and/or texts, agreed to; `callNow` places the call. */
    givePhone: (engagementId: string, body: ShopperPhoneBody) => call(engagement(engagementId, 'phone'), ShopperPhoneGiven, json('PUT', body, token)),
    /** DELETE /api/v1/engagements/:id/phone (the shopper): the number is taken back (answers 204). */
    removePhone: (engagementId: string) => call(engagement(engagementId, 'phone'), Anything, json('DELETE', undefined, token)),
    /** GET /api/v1/engagements/:id/phone: the number as either party sees it (masked), and for what. */
    phone: (engagementId: string) => call(engagement(engagementId, 'phone'), ShopperPhoneView, json('GET', undefined, token)),
    /** GET /api/v1/engagements/:id/calls: the engagement's calls, oldest first. */
    calls: (engagementId: string) => call(engagement(engagementId, 'calls'), CallList, json('GET', undefined, token)),
    /** POST /api/v1/engagements/:id/calls: rings the associate's phone, then the shopper's (the call as it starts, when the backend says it). */
    startCall: (engagementId: string) => call(engagement(engagementId, 'calls'), Anything, json('POST', {}, token)),
    /** POST /api/v1/engagements/:id/calls/:callId/hangup. */
    hangUp: (engagementId: string, callId: string) => call(engagement(engagementId, `calls/${encodeURIComponent(callId)}/hangup`), Anything, json('POST', {}, token)),
    /** POST /api/v1/engagements/:id/dial-in (the shopper): the shop's number and the code to key in (the same while it works). */
    dialIn: (engagementId: string) => call(engagement(engagementId, 'dial-in'), DialIn, json('POST', {}, token)),
    /** GET /api/v1/engagements/:id/texts (the associate): the texts sent and the replies, and whether the number opted out. */
    texts: (engagementId: string) => call(engagement(engagementId, 'texts'), TextList, json('GET', undefined, token)),
    /** POST /api/v1/engagements/:id/texts (the associate): a text to the number the shopper gave for texts. */
    sendText: (engagementId: string, body: string) => call(engagement(engagementId, 'texts'), TextSent, json('POST', { body }, token)),
  };
}
export type PhoneApi = ReturnType<typeof createPhoneApi>;

/** A call in an answer, when it is one (the start and the hang-up may answer with the call). */
export function callIn(body: unknown): CallView | null {
  const parsed = CallView.safeParse(body);
  return parsed.success ? parsed.data : null;
}
