import { z } from 'zod';
import { CallList, CallView, DialIn, type ShopperPhoneBody, ShopperPhoneGiven, ShopperPhoneView } from '../../../shared/telephony';
import { createApiRequests, type Fetch } from '../../lib/api';

// The backend's telephone routes of a live engagement (shared/telephony.ts), as the shopper's
// live host calls them with the shopper's token. Never logs a body: one holds the number.

const Anything = z.unknown();

/** Client for one engagement side's phone and call endpoints of the backend at `backendUrl`. */
export function createPhoneApi(options: { fetch: Fetch; backendUrl: string; token: string; timeoutMs?: number }) {
  const { call, json } = createApiRequests({ fetch: options.fetch, baseUrl: options.backendUrl, timeoutMs: options.timeoutMs });
  const { token } = options;
  const engagement = (id: string, rest: string) => `/api/v1/engagements/${encodeURIComponent(id)}/${rest}`;
  return {
    /** PUT /api/v1/engagements/:id/phone (the shopper): the number for calls and/or texts, agreed to; `callNow` places the call. */
    givePhone: (engagementId: string, body: ShopperPhoneBody) => call(engagement(engagementId, 'phone'), ShopperPhoneGiven, json('PUT', body, token)),
    /** DELETE /api/v1/engagements/:id/phone (the shopper): the number is taken back (answers 204). */
    removePhone: (engagementId: string) => call(engagement(engagementId, 'phone'), Anything, json('DELETE', undefined, token)),
    /** GET /api/v1/engagements/:id/phone: the number as either party sees it (masked). */
    phone: (engagementId: string) => call(engagement(engagementId, 'phone'), ShopperPhoneView, json('GET', undefined, token)),
    /** GET /api/v1/engagements/:id/calls: the engagement's calls, oldest first. */
    calls: (engagementId: string) => call(engagement(engagementId, 'calls'), CallList, json('GET', undefined, token)),
    /** POST /api/v1/engagements/:id/calls: a call to the number given (the associate's phone rings first). */
    startCall: (engagementId: string) => call(engagement(engagementId, 'calls'), Anything, json('POST', {}, token)),
    /** POST /api/v1/engagements/:id/dial-in (the shopper): the shop's number and the code to key in (the same while it works). */
    dialIn: (engagementId: string) => call(engagement(engagementId, 'dial-in'), DialIn, json('POST', {}, token)),
    /** POST /api/v1/engagements/:id/calls/:callId/hangup. */
    hangUp: (engagementId: string, callId: string) =>
      call(engagement(engagementId, `calls/${encodeURIComponent(callId)}/hangup`), Anything, json('POST', {}, token)),
  };
}
export type PhoneApi = ReturnType<typeof createPhoneApi>;
