import { z } from 'zod';
import { CommunicationMethod } from './live';
import { CallView } from './telephony';
import { QueryTime } from './time';

/*
 * The enterprise's view of its engagements (the console): the list with its filters, and one
 * engagement's timeline from the offer to the orders credited to it.
 */

export const EngagementStatusName = z.enum(['invited', 'accepted', 'declined', 'expired', 'ended']);
/** What an engagement came to: a recorded sale, a recorded no-sale, or nothing recorded yet. */
export const OutcomeFilter = z.enum(['sale', 'no_sale', 'none']);


/** The query of GET /api/v1/enterprise/engagements: a page, narrowed by associate, status, outcome, invitation time in [from, to). */
export const EnterpriseEngagementQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(300).optional(),
  associate: z.uuid().optional(),
  status: EngagementStatusName.optional(),
  outcome: OutcomeFilter.optional(),
  from: QueryTime.optional(),
  to: QueryTime.optional(),
});

export const EngagementOutcomeView = z.object({
  sale: z.boolean(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  recordedBy: z.enum(['associate', 'enterprise']),
  recordedAt: z.string(),
});

/** One engagement as the enterprise's list shows it. */
export const EnterpriseEngagement = z.object({
  id: z.string(),
  opportunityId: z.string(),
  sessionId: z.string(),
  associate: z.object({ id: z.string(), displayName: z.string() }),
  status: EngagementStatusName,
  category: z.array(z.string()),
  customerExternalId: z.string().nullable(),
  invitedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  outcome: EngagementOutcomeView.nullable(),
});
export type EnterpriseEngagement = z.infer<typeof EnterpriseEngagement>;

export const EnterpriseEngagementList = z.object({
  engagements: z.array(EnterpriseEngagement),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type EnterpriseEngagementList = z.infer<typeof EnterpriseEngagementList>;

/** One thing that happened to an engagement, in the timeline's order. */
export const TimelineEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offered'), at: z.string(), associateId: z.string(), offerId: z.string(), wave: z.number().int() }),
  z.object({ kind: z.literal('accepted'), at: z.string(), associateId: z.string(), offerId: z.string() }),
  z.object({ kind: z.literal('invited'), at: z.string() }),
  z.object({ kind: z.literal('answered'), at: z.string(), accepted: z.boolean() }),
  z.object({ kind: z.literal('channel_started'), at: z.string(), method: CommunicationMethod }),
  /** `durationMs` from its start. */
  z.object({ kind: z.literal('channel_stopped'), at: z.string(), method: CommunicationMethod, durationMs: z.number().int() }),
  z.object({ kind: z.literal('ended'), at: z.string(), reason: z.string().nullable() }),
  z.object({ kind: z.literal('outcome'), at: z.string(), sale: z.boolean() }),
  z.object({ kind: z.literal('order_credited'), at: z.string(), orderId: z.string(), creditedMinor: z.number().int(), currency: z.string() }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** One use of a communication method; `durationMs` null while it is still open. */
export const ChannelSpan = z.object({ method: CommunicationMethod, startedAt: z.string(), stoppedAt: z.string().nullable(), durationMs: z.number().int().nullable() });
export type ChannelSpan = z.infer<typeof ChannelSpan>;

/** An order credited to the engagement: its share of the order's lines, and what refunds took of it. */
export const CreditedOrder = z.object({
  orderId: z.string(),
  externalId: z.string(),
  number: z.string().nullable(),
  placedAt: z.string(),
  currency: z.string(),
  creditedMinor: z.number().int(),
  refundedMinor: z.number().int(),
});
export type CreditedOrder = z.infer<typeof CreditedOrder>;

/** GET /api/v1/engagements/:id/timeline: the engagement, what happened in order, the channels with their durations, the chat's size, the orders credited. */
export const EngagementTimeline = z.object({
  engagement: EnterpriseEngagement,
  timeline: z.array(TimelineEntry),
  channels: z.array(ChannelSpan),
  /** Messages in the transcript (kept as the live settings say). */
  transcriptCount: z.number().int(),
  orders: z.array(CreditedOrder),
  /** The engagement's phone calls, each with its legs (never a number), oldest first. */
  calls: z.array(CallView),
  /** Texts sent to the shopper's phone and replies received. */
  textCount: z.number().int(),
});
export type EngagementTimeline = z.infer<typeof EngagementTimeline>;
