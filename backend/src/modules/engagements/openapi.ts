import { ChannelChange, EndEngagementRequest, LiveSettings, PeerCredentials, Transcript, TranscriptPost } from '../../../../shared/live';
import { OutcomeRequest, OutcomeView } from '../../../../shared/matching';
import { EngagementDetail } from '../../../../shared/offers';
import { EngagementTimeline, EnterpriseEngagementList } from '../../../../shared/engagement-history';
import { z } from 'zod';
import type { RouteDoc } from '../openapi/document.core';

const Time = z.iso.datetime({ offset: true });

const EnterpriseEngagementsQuery = z.object({
  limit: z.number().int().min(1).max(200).default(50).describe('Engagements per page.'),
  before: z.string().describe('The `nextBefore` of the previous page.').optional(),
  associate: z.uuid().describe('Only this associate’s.').optional(),
  status: z.enum(['invited', 'accepted', 'declined', 'expired', 'ended']).optional(),
  outcome: z.enum(['sale', 'no_sale', 'none']).describe('What was recorded: a sale, no sale, or nothing yet.').optional(),
  from: Time.describe('Invited at or after.').optional(),
  to: Time.describe('Invited before.').optional(),
});

/** The enterprise's engagements for the console: the list and one engagement's timeline. */
export const engagementHistoryRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/enterprise/engagements',
    tag: 'engagements',
    summary: 'The enterprise’s engagements, newest invitation first, by associate, status, outcome and time, with each one’s outcome.',
    auth: ['enterprise'],
    query: EnterpriseEngagementsQuery,
    answer: { status: 200, description: 'A page of engagements.', body: { id: 'EnterpriseEngagementList', schema: EnterpriseEngagementList } },
  },
  {
    method: 'GET',
    path: '/api/v1/engagements/:id/timeline',
    tag: 'engagements',
    summary: 'One of the enterprise’s engagements in order: offered, accepted, invited, answered, channels started and stopped (with durations), ended, outcome, orders credited; the transcript’s size.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The timeline.', body: { id: 'EngagementTimeline', schema: EngagementTimeline } },
    errors: ['not_found'],
  },
];

/** The routes of live engagements (after the shopper's yes) and the signalling socket, for the OpenAPI document (openapi/catalogue.ts). */
export const liveRouteDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/end',
    tag: 'engagements',
    summary: 'The shopper or the associate ends the live engagement (`peer_lost`: the other side vanished); the associate is freed, both sides are told.',
    auth: ['shopper', 'associate'],
    body: { id: 'EndEngagementRequest', schema: EndEngagementRequest, optional: true },
    answer: { status: 200, description: 'Ended.', body: { id: 'EngagementDetail', schema: EngagementDetail } },
    errors: ['not_found', 'engagement_not_live', 'engagement_ended'],
  },
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/peer',
    tag: 'engagements',
    summary: 'The caller’s credentials for the PeerJS signalling server: its peer id (kept), a new token (the previous one stops working), the other side’s id.',
    description:
      'Only while the engagement is accepted. The token is checked when the signalling WebSocket opens and lasts 4 hours or until the engagement ends. ' +
      'For the shopper, `maskSelectors` lists the enterprise’s extra masked selectors; `allowedDomains` are where the associate may send the shopper.',
    auth: ['shopper', 'associate'],
    answer: { status: 200, description: 'The credentials.', body: { id: 'PeerCredentials', schema: PeerCredentials } },
    errors: ['not_found', 'engagement_not_live', 'engagement_ended'],
  },
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/transcript',
    tag: 'engagements',
    summary: 'The caller’s chat messages, kept once each by id; taken while accepted and for 10 minutes after the end (late flushes).',
    auth: ['shopper', 'associate'],
    body: { id: 'TranscriptPost', schema: TranscriptPost },
    answer: { status: 204, description: 'Kept (those already kept are left as they were).' },
    errors: ['not_found', 'engagement_not_live', 'engagement_ended', 'transcript_full'],
  },
  {
    method: 'GET',
    path: '/api/v1/engagements/:id/transcript',
    tag: 'engagements',
    summary: 'The chat of an engagement, oldest first, for its shopper, its associate or its enterprise.',
    auth: ['shopper', 'associate', 'enterprise'],
    answer: { status: 200, description: 'The transcript.', body: { id: 'Transcript', schema: Transcript } },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/channels',
    tag: 'engagements',
    summary: 'A communication method (chat, voice, view, guide) started or stopped; a second start of an open one changes nothing.',
    description: 'The engagement (GET /api/v1/engagements/:id) shows the seconds and uses of each method in `channels`.',
    auth: ['shopper', 'associate'],
    body: { id: 'ChannelChange', schema: ChannelChange },
    answer: { status: 204, description: 'Recorded.' },
    errors: ['not_found', 'engagement_not_live', 'engagement_ended'],
  },
  {
    method: 'GET',
    path: '/api/v1/live/settings',
    tag: 'engagements',
    summary: 'The enterprise’s settings for live engagements (transcript retention; 365 days until set).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The settings.', body: { id: 'LiveSettings', schema: LiveSettings } },
  },
  {
    method: 'PUT',
    path: '/api/v1/live/settings',
    tag: 'engagements',
    summary: 'Replaces the enterprise’s settings for live engagements.',
    auth: ['enterprise'],
    body: { id: 'LiveSettings', schema: LiveSettings },
    answer: { status: 200, description: 'The settings as stored.', body: { id: 'LiveSettings', schema: LiveSettings } },
  },
  {
    method: 'GET',
    path: '/api/v1/peer/peerjs',
    tag: 'engagements',
    summary: 'The PeerJS signalling WebSocket (upgrade only).',
    description: [
      'The peerjs client connects here with `?key=floorwalker&id=<peerId>&token=<token>` from POST /api/v1/engagements/:id/peer',
      '(peerjs options `path: "/api/v1/peer"`, `key: "floorwalker"`, `token`). An unknown id, a wrong or superseded token, expired credentials',
      'or an engagement that is not accepted are refused with HTTP 401 before the socket opens. A peer may only signal its partner:',
      'HEARTBEAT, and OFFER, ANSWER, CANDIDATE, LEAVE addressed to the other side’s peer id; anything else is dropped.',
      'The sockets of an engagement close when it ends. Media and data then go peer to peer, never through the backend.',
    ].join(' '),
    auth: [],
    answer: { status: 101, description: 'Switched to the WebSocket protocol.' },
    errors: ['upgrade_required'],
  },
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/outcome',
    tag: 'engagements',
    summary: 'Records what an accepted engagement came to (a sale or not), by its associate or its enterprise; once.',
    auth: ['associate', 'enterprise'],
    body: { id: 'OutcomeRequest', schema: OutcomeRequest },
    answer: { status: 201, description: 'Recorded.', body: { id: 'OutcomeView', schema: OutcomeView } },
    errors: ['not_found', 'conflict'],
  },
];
