import { z } from 'zod';
import { ChannelUsage } from './live';
import { EngagementView, OfferView } from './realtime';
import { nonBlank } from './text';

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
