import { z } from 'zod';
import { ChannelUsage } from './live';
import { EngagementView, OfferSession, OfferView } from './realtime';
import { nonBlank, text } from './text';

/**
 * Offers and engagements over HTTP. The offer and the engagement themselves have the shapes
 * the realtime messages carry (`OfferView`, `EngagementView` in shared/realtime.ts), so an
 * associate's client reads both channels the same way.
 */

/** How long the shopper has to answer an invitation, by default. */
export const INVITATION_SECONDS = 120;

/** GET /api/v1/offers: the associate's pending offers, soonest expiry first. */
export const OfferList = z.object({ offers: z.array(OfferView) });
export type OfferList = z.infer<typeof OfferList>;

/** Body of POST /api/v1/offers/:id/decline; empty is fine. */
export const DeclineOfferRequest = z
  .object({
    /** Also set me away: "decline and go unavailable". */
    goAway: z.boolean().optional(),
  })
  .strict();
export type DeclineOfferRequest = z.infer<typeof DeclineOfferRequest>;

/** POST /api/v1/offers/:id/accept: the claim won; the shopper has been invited. */
export const OfferAccepted = z.object({ offerId: z.string(), engagement: EngagementView });
export type OfferAccepted = z.infer<typeof OfferAccepted>;

/** POST /api/v1/offers/:id/decline. */
export const OfferDeclined = z.object({ offerId: z.string(), status: z.literal('declined'), presence: z.enum(['available', 'away']) });
export type OfferDeclined = z.infer<typeof OfferDeclined>;

/** Body of POST /api/v1/engagements/:id/answer (the shopper). */
export const EngagementAnswer = z.object({ accept: z.boolean() }).strict();
export type EngagementAnswer = z.infer<typeof EngagementAnswer>;

/** An engagement as GET /api/v1/engagements/:id shows it to its associate, its shopper or its enterprise. */
export const EngagementDetail = EngagementView.extend({
  associate: z.object({ id: z.string(), displayName: z.string() }),
  enterprise: z.object({ id: z.string(), name: z.string() }),
  shopperId: z.string(),
  /** When it ended (declined, expired or ended) and why (`shopper_ended`, `associate_ended`, `peer_lost`, `invitation_expired`, `associate_left`). */
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  /** The communication methods used once accepted, and for how long (none before). */
  channels: z.array(ChannelUsage),
});
export type EngagementDetail = z.infer<typeof EngagementDetail>;

/** GET /api/v1/engagements: the associate's engagements, most recent first. */
export const EngagementList = z.object({ engagements: z.array(EngagementView) });
export type EngagementList = z.infer<typeof EngagementList>;

/** Body of POST /api/v1/opportunities/:id/message: what the shopper leaves when nobody could take it. */
export const LeaveMessageRequest = z
  .object({
    message: nonBlank(2000),
    /** How to reach the shopper (an email, a phone number), if they want to be reached. */
    contact: nonBlank(200).optional(),
  })
  .strict();
export type LeaveMessageRequest = z.infer<typeof LeaveMessageRequest>;

export const MessageLeft = z.object({ id: z.string(), opportunityId: z.string(), createdAt: z.string() });
export type MessageLeft = z.infer<typeof MessageLeft>;

/** Body of POST /api/v1/opportunities/ask: the page the shopper is on (a participating shop's). */
export const AskForHelpRequest = z.object({ url: text().min(1).max(2048) }).strict();
export type AskForHelpRequest = z.infer<typeof AskForHelpRequest>;

/**
 * POST /api/v1/opportunities/ask: the opportunity opened for the shopper (201), or the one
 * already open for them at that shop (200). The invitation follows over realtime as for any.
 */
export const AskedForHelp = z.object({
  opportunityId: z.string(),
  status: z.enum(['offering', 'engaged']),
  enterprise: z.object({ id: z.string(), name: z.string() }),
});
export type AskedForHelp = z.infer<typeof AskedForHelp>;

/** A message left: `open`, `taken` by one associate, `done`. */
export const MessageStatus = z.enum(['open', 'taken', 'done']);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** A message left, as the enterprise's API shows it. */
export const MessageView = z.object({
  id: z.string(),
  opportunityId: z.string(),
  sessionId: z.string(),
  /** The opportunity's session summary: GET it with the enterprise's key. */
  session: z.string(),
  message: z.string(),
  contact: z.string().nullable(),
  status: MessageStatus,
  takenBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  takenAt: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export type MessageView = z.infer<typeof MessageView>;

/** GET /api/v1/messages: the enterprise's, newest first. */
export const MessageList = z.object({
  messages: z.array(MessageView),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type MessageList = z.infer<typeof MessageList>;

/** A message as an associate of its enterprise sees it: who left it about what, and whether it is theirs. */
export const AssociateMessage = z.object({
  id: z.string(),
  enterprise: z.object({ id: z.string(), name: z.string() }),
  message: z.string(),
  contact: z.string().nullable(),
  status: MessageStatus,
  /** Taken by this associate (a message taken by another is not shown). */
  mine: z.boolean(),
  createdAt: z.string(),
  session: OfferSession,
});
export type AssociateMessage = z.infer<typeof AssociateMessage>;

/** GET /api/v1/messages/open: open messages of the associate's enterprises and those they took, newest first. */
export const AssociateMessageList = z.object({ messages: z.array(AssociateMessage) });
export type AssociateMessageList = z.infer<typeof AssociateMessageList>;
