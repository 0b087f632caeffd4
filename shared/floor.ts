import { z } from 'zod';
import { CommunicationMethod } from './live';
import { text } from './text';

/**
 * The floorwalker's live overview of one enterprise (GET /api/v1/live/overview): who is on its
 * sites now, the opportunities still open, its associates by presence and the engagements in
 * progress. Durations (`forMs`) are as of `at`; the console ages them itself between fetches.
 * Consoles subscribed on the realtime socket are sent `live` when any of it changes, and fetch again.
 */

/** A session counts as a shopper on the sites when it had an event within this many minutes (the `minutes` query; default 5). */
export const OVERVIEW_MINUTES = { default: 5, min: 1, max: 60 } as const;

export const OverviewQuery = z.object({
  minutes: z.coerce.number().int().min(OVERVIEW_MINUTES.min).max(OVERVIEW_MINUTES.max).default(OVERVIEW_MINUTES.default).describe('The window shoppers are counted in, in minutes.'),
});
export type OverviewQuery = z.infer<typeof OverviewQuery>;

/**
 * How an associate stands for this enterprise now: `offline` (no live connection), `away`
 * (chose away, paused by this enterprise for missed offers, or outside their schedule), `busy`
 * (as many engagements as their capacity: no offer reaches them), `available`.
 */
export const FloorPresence = z.enum(['available', 'busy', 'away', 'offline']);
export type FloorPresence = z.infer<typeof FloorPresence>;

export const OverviewAssociate = z.object({
  id: z.uuid(),
  displayName: text(),
  presence: FloorPresence,
  /**
   * Why, when known: what the presence module recorded (`missed_offers`, `declined_offer`), or
   * `paused_missed_offers` (this enterprise paused them), `outside_schedule`, `at_capacity`.
   */
  reason: text().nullable(),
  /** When they last set their presence (or the system did). */
  presenceSince: text(),
  /** Engagements in progress (any enterprise's) and how many they take at once. */
  engagements: z.number().int(),
  capacity: z.number().int(),
});
export type OverviewAssociate = z.infer<typeof OverviewAssociate>;

export const OverviewOpportunity = z.object({
  id: z.uuid(),
  /** `offered`: some associate holds an offer now; `waiting`: nobody does (between waves, or nobody to offer it to). */
  state: z.enum(['waiting', 'offered']),
  origin: z.enum(['detected', 'asked']),
  score: z.number(),
  category: z.array(text()),
  site: text().nullable(),
  openedAt: text(),
  /** How long it has been open, as of `at`. */
  forMs: z.number().int(),
  /** Offers pending now. */
  offers: z.number().int(),
});
export type OverviewOpportunity = z.infer<typeof OverviewOpportunity>;

export const OverviewEngagement = z.object({
  id: z.uuid(),
  opportunityId: z.uuid(),
  /** `invited`: the associate took it and the shopper has not answered yet; `live`: the shopper said yes. */
  stage: z.enum(['invited', 'live']),
  associate: z.object({ id: z.uuid(), displayName: text() }),
  /** The communication methods open now (started and not stopped). */
  channels: z.array(CommunicationMethod),
  site: text().nullable(),
  /** Since the invitation (`invited`) or the shopper's yes (`live`). */
  since: text(),
  forMs: z.number().int(),
});
export type OverviewEngagement = z.infer<typeof OverviewEngagement>;

export const LiveOverview = z.object({
  at: text(),
  /** The window `shoppers` counts in. */
  minutes: z.number().int(),
  shoppers: z.object({
    /** Distinct shoppers with a session active in the window. */
    total: z.number().int(),
    /** By the site (host) of the page each was on last, most shoppers first. */
    bySite: z.array(z.object({ site: text(), shoppers: z.number().int() })),
  }),
  /** Opportunities still being offered, oldest first. */
  opportunities: z.array(OverviewOpportunity),
  associates: z.object({
    counts: z.object({ available: z.number().int(), busy: z.number().int(), away: z.number().int(), offline: z.number().int() }),
    /** Available first, then busy, away, offline; by name within each. */
    list: z.array(OverviewAssociate),
  }),
  /** Engagements invited or live, oldest first. */
  engagements: z.array(OverviewEngagement),
});
export type LiveOverview = z.infer<typeof LiveOverview>;

/** What a `live` message says changed (a hint: the console fetches the overview again). */
export const LiveChange = z.enum(['shoppers', 'opportunities', 'associates', 'engagements']);
export type LiveChange = z.infer<typeof LiveChange>;
