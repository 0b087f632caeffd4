import { z } from 'zod';
import { CallList, CallView, ShopperPhoneView, TextList, TextSent } from '../../../shared/telephony';
import { createApiRequests, type Fetch } from '../../lib/api';

const Anything = z.unknown();

/** The associate's telephone routes of one engagement (shared/telephony.ts), with the associate's token. */
export function createPhoneApi(options: { fetch: Fetch; backendUrl: string; token: string; timeoutMs?: number }) {
  const { call, json } = createApiRequests({ fetch: options.fetch, baseUrl: options.backendUrl, timeoutMs: options.timeoutMs });
  const { token } = options;
  const engagement = (id: string, rest: string) => `/api/v1/engagements/${encodeURIComponent(id)}/${rest}`;
  return {
    /** GET /api/v1/engagements/:id/phone: whether the shopper gave a number (masked), and for what. */
    shopperPhone: (engagementId: string) => call(engagement(engagementId, 'phone'), ShopperPhoneView, json('GET', undefined, token)),
    /** GET /api/v1/engagements/:id/calls: the engagement's calls, oldest first. */
    calls: (engagementId: string) => call(engagement(engagementId, 'calls'), CallList, json('GET', undefined, token)),
    /** POST /api/v1/engagements/:id/calls: rings the associate's phone, then the shopper's (the call as it starts, when the backend says it). */
    startCall: (engagementId: string) => call(engagement(engagementId, 'calls'), Anything, json('POST', {}, token)),
    /** POST /api/v1/engagements/:id/calls/:callId/hangup. */
    hangUp: (engagementId: string, callId: string) => call(engagement(engagementId, `calls/${encodeURIComponent(callId)}/hangup`), Anything, json('POST', {}, token)),
    /** GET /api/v1/engagements/:id/texts: the texts sent and the replies, and whether the number opted out. */
    texts: (engagementId: string) => call(engagement(engagementId, 'texts'), TextList, json('GET', undefined, token)),
    /** POST /api/v1/engagements/:id/texts: a text to the number the shopper gave for texts. */
    sendText: (engagementId: string, body: string) => call(engagement(engagementId, 'texts'), TextSent, json('POST', { body }, token)),
  };
}
export type PhoneApi = ReturnType<typeof createPhoneApi>;

/** A call in an answer, when it is one (the start and the hang-up may answer with the call). */
export function callIn(body: unknown): CallView | null {
  const parsed = CallView.safeParse(body);
  return parsed.success ? parsed.data : null;
}
