import { z } from 'zod';
import { PeerCredentials, Transcript, type ChannelChange, type TranscriptPost } from '../../../shared/live';
import { type MaterialUse, PracticesView, SalesInfo } from '../../../shared/sales';
import { createApiRequests, type Fetch } from '../../lib/api';

// The backend's routes for a live engagement (shared/live.ts), for either side: the token is the
// shopper's (`fws_…`) or the associate's (`fwa_…`); the backend tells the side from it.

const Anything = z.unknown();

/** Client for one side's live engagement endpoints of the backend at `backendUrl`. */
export function createLiveApi(options: { fetch: Fetch; backendUrl: string; token: string; timeoutMs?: number }) {
  const { call, json } = createApiRequests({ fetch: options.fetch, baseUrl: options.backendUrl, timeoutMs: options.timeoutMs });
  const { token } = options;
  const engagement = (id: string, rest: string) => `/api/v1/engagements/${encodeURIComponent(id)}/${rest}`;
  return {
    /** POST /api/v1/engagements/:id/peer: this side's peer id and a fresh signalling token (accepted engagements only). */
    peerCredentials: (engagementId: string) => call(engagement(engagementId, 'peer'), PeerCredentials, json('POST', {}, token)),
    /** POST /api/v1/engagements/:id/end: the engagement is over (`peer_lost`: the other side vanished). */
    end: (engagementId: string, reason: 'done' | 'peer_lost' = 'done') => call(engagement(engagementId, 'end'), Anything, json('POST', { reason }, token)),
    /** POST /api/v1/engagements/:id/transcript: this side's own chat messages (stored once per id). */
    postTranscript: (engagementId: string, messages: TranscriptPost['messages']) =>
      call(engagement(engagementId, 'transcript'), Anything, json('POST', { messages }, token)),
    /** POST /api/v1/engagements/:id/channels: a communication method started or stopped. */
    channel: (engagementId: string, change: ChannelChange) => call(engagement(engagementId, 'channels'), Anything, json('POST', change, token)),
    /** GET /api/v1/engagements/:id/transcript: both sides' messages, oldest first. */
    transcript: (engagementId: string) => call(engagement(engagementId, 'transcript'), Transcript, json('GET', undefined, token)),
    /** GET /api/v1/engagements/:id/sales-info (associate): the product in view, what goes with it, the customer, the trail. */
    salesInfo: (engagementId: string) => call(engagement(engagementId, 'sales-info'), SalesInfo, json('GET', undefined, token)),
    /** GET /api/v1/engagements/:id/practices (associate): the materials and techniques for the situation, ranked and logged. */
    practices: (engagementId: string) => call(engagement(engagementId, 'practices'), PracticesView, json('GET', undefined, token)),
    /** POST /api/v1/engagements/:id/usage (associate): one use of a material or technique. */
    usage: (engagementId: string, use: MaterialUse) => call(engagement(engagementId, 'usage'), Anything, json('POST', use, token)),
  };
}
export type LiveApi = ReturnType<typeof createLiveApi>;
