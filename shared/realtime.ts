import { z } from 'zod';
import { Channel } from './associates';
import { LiveChange } from './floor';
import { Currency, Decimal } from './page';
import { CallView, TextView } from './telephony';
import { text } from './text';

/**
 * The realtime WebSocket at `/api/v1/realtime`: every message, one discriminated union per
 * direction, each carrying `v: 1` so a later version can be told apart.
 *
 * The token never goes in the URL: the first message is `auth`. The server pings every
 * `pingEveryMs` (an application message, so an MV3 service worker that receives it stays
 * alive) and the client answers `pong`; a client silent for `silentAfterMs` is dropped.
 *
 * After `ready` the server sends what is pending for the party (live offers, an open
 * invitation), then what was published since. A message published while the pending ones
 * were read may repeat one of them: clients key offers, engagements and invitations by id.
 *
 * The console (a browser page on the backend's own origin) connects with its session cookie
 * instead of a token: it names the enterprise in the URL (`?enterprise=<id>`) or in a first
 * message `console`; the server checks the cookie's session, the user's standing in the
 * enterprise and the upgrade's `Origin` (the backend's own, against cross-site WebSocket
 * hijacking), then sends `ready` and a `live` hint whenever the enterprise's overview changes.
 */
export const REALTIME_PATH = '/api/v1/realtime';
export const REALTIME_VERSION = 1;

export const REALTIME_LIMITS = {
  /** The `auth` message must arrive within this long of the socket opening. */
  authTimeoutMs: 5_000,
  pingEveryMs: 20_000,
  /** A client that sent nothing (not even a pong) for this long is closed. */
  silentAfterMs: 60_000,
  /** Larger messages from a client close the socket with 1009. */
  maxMessageBytes: 64 * 1024,
  /** A client's messages are handled one at a time; past this many waiting, the socket closes with 1008. */
  maxQueuedMessages: 64,
} as const;

/** Close codes the server uses; a client reconnects after any of them except `unauthorized`. */
export const RealtimeClose = {
  /** Shutdown or restart of the backend instance: reconnect. */
  goingAway: 1001,
  /** More messages waiting to be handled than `maxQueuedMessages`: a client flooding the server. */
  flooding: 1008,
  /** A message larger than `maxMessageBytes`. */
  tooLarge: 1009,
  /** No `auth` in time, an unknown or expired token, or a first message that was not `auth`: sign in again. */
  unauthorized: 4401,
  /** A console socket from another origin, or for an enterprise the user may not watch: do not retry. */
  forbidden: 4403,
  /** Silent for longer than `silentAfterMs`. */
  silent: 4408,
  /** As many sockets open for this token, or from this address, as allowed: close one (another tab or device) or retry later. */
  tooManySockets: 4429,
} as const;

const v = z.literal(REALTIME_VERSION);
const Id = text().min(1).max(200);
const Presence = z.enum(['available', 'away']);
export type Presence = z.infer<typeof Presence>;

// ---- client → server ---------------------------------------------------------------------

export const ClientMessage = z.discriminatedUnion('type', [
  /** Must be the first message: a shopper token (`fws_…`) or an associate token (`fwa_…`). */
  z.object({ v, type: z.literal('auth'), token: text().min(1).max(200) }),
  /** Instead of `auth`, on a socket opened with the console's cookie: watch this enterprise's live overview. */
  z.object({ v, type: z.literal('console'), enterpriseId: Id }),
  z.object({ v, type: z.literal('pong') }),
  /** Associates only: claim an offer (the same as POST /api/v1/offers/:id/accept). */
  z.object({ v, type: z.literal('accept'), offerId: Id }),
  /** Associates only; `goAway` also sets the associate away. */
  z.object({ v, type: z.literal('decline'), offerId: Id, goAway: z.boolean().optional() }),
  /** Associates only: the same as PATCH /api/v1/associates/me { presence }. */
  z.object({ v, type: z.literal('presence'), presence: Presence }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---- what an offer and an engagement look like on the wire --------------------------------

const Money = z.object({ value: Decimal, currency: Currency });

/** One matching rule's part in an associate's score (0..1) and its weight in the rule set. */
export const OfferReason = z.object({
  rule: text(),
  part: z.number(),
  weight: z.number(),
  /** For `accreditation`: where the level came from (a grant, the enterprise's own test, a marketplace test). */
  source: z.enum(['grant', 'enterprise_test', 'marketplace_test']).optional(),
  /** For `channels`: the channels the rule set needs, and those of them the associate does not take (absent when none). */
  needs: z.array(Channel).optional(),
  lacks: z.array(Channel).optional(),
});
export type OfferReason = z.infer<typeof OfferReason>;

/** One opportunity condition that held, and its points: why this shopper is worth a call. */
export const OfferSignal = z.object({ conditionId: text(), description: text().nullable(), points: z.number() });
export type OfferSignal = z.infer<typeof OfferSignal>;

/** What the associate needs to know about the shopper's session to decide. */
export const OfferSession = z.object({
  /** The site (domain) the shopper is on. */
  site: text().nullable(),
  products: z.array(
    z.object({
      name: text(),
      /** The product's page; null unless it is an http(s) address (shown as a link). */
      url: text().nullable(),
      price: Decimal.nullable(),
      currency: Currency.nullable(),
      dwellMs: z.number().int(),
      views: z.number().int(),
    }),
  ),
  searches: z.array(text()),
  cart: z.object({ lines: z.number().int(), value: Decimal, currency: Currency.nullable() }),
  customer: z
    .object({
      tier: text().nullable(),
      lifetimeValue: Money.nullable(),
      tags: z.array(text()),
      notes: text().nullable(),
    })
    .nullable(),
  /** The shopper had an earlier session with this enterprise. */
  returning: z.boolean(),
  /**
   * A customer id the shop's page claimed without proof (no valid identity token): shown as
   * "says they are customer X (not verified)", with no profile. Null when there is none.
   */
  customerClaim: text().nullable(),
});
export type OfferSession = z.infer<typeof OfferSession>;

/** An offer as its associate sees it. */
export const OfferView = z.object({
  id: Id,
  opportunityId: Id,
  /** `must`: assigned; the associate acknowledges (accepts) within the time or it is a miss. */
  priority: z.enum(['may', 'must']),
  offeredAt: text(),
  expiresAt: text(),
  /** The associate's match score for this opportunity. */
  score: z.number(),
  /** Each matching rule's part in that score. */
  reasons: z.array(OfferReason),
  /** Why the opportunity opened: the conditions that held. */
  signals: z.array(OfferSignal),
  /** 1 for the first wave. */
  wave: z.number().int(),
  /** How many other associates hold this offer now. */
  colleagues: z.number().int(),
  /** What serving it takes: the category path (broadest first) and the accreditation level. */
  segment: z.object({ category: z.array(text()), minLevel: z.number().int() }),
  /** The channels the opportunity's rule set needs (its `channels` rule), e.g. ["voice"]; empty when none. */
  needs: z.array(Channel),
  session: OfferSession,
});
export type OfferView = z.infer<typeof OfferView>;

/** `ended`: an accepted engagement that either side ended (or that ended when a peer vanished). */
export const EngagementStatus = z.enum(['invited', 'accepted', 'declined', 'expired', 'ended']);
export type EngagementStatus = z.infer<typeof EngagementStatus>;

/** The product an opportunity is about, as the shopper's invitation and the engagement name it. */
export const EngagementProduct = z.object({
  name: text(),
  /** The product's page; null unless it is an http(s) address. */
  url: text().nullable(),
  price: Decimal.nullable(),
  currency: Currency.nullable(),
});
export type EngagementProduct = z.infer<typeof EngagementProduct>;

/** An engagement as its associate sees it. */
export const EngagementView = z.object({
  id: Id,
  opportunityId: Id,
  status: EngagementStatus,
  invitedAt: text(),
  /** Until when the shopper can answer the invitation. */
  expiresAt: text(),
  answeredAt: text().nullable(),
  shopper: z.object({
    site: text().nullable(),
    product: EngagementProduct.nullable(),
    locale: text().nullable(),
  }),
});
export type EngagementView = z.infer<typeof EngagementView>;

// ---- server → associate -------------------------------------------------------------------

export const OfferUpdateStatus = z.enum(['accepted', 'taken', 'withdrawn', 'expired', 'missed']);
export type OfferUpdateStatus = z.infer<typeof OfferUpdateStatus>;

const Ping = z.object({ v, type: z.literal('ping') });
/** Something the client sent could not be done; the socket stays open. */
const ErrorMessage = z.object({
  v,
  type: z.literal('error'),
  code: text(),
  message: text(),
  /** The offer an `accept` or `decline` was about, when the error answers one. */
  offerId: Id.optional(),
});

export const AssociateServerMessage = z.discriminatedUnion('type', [
  z.object({ v, type: z.literal('ready'), role: z.literal('associate'), associateId: Id }),
  Ping,
  z.object({ v, type: z.literal('offer'), offer: OfferView }),
  z.object({
    v,
    type: z.literal('offer-update'),
    offerId: Id,
    status: OfferUpdateStatus,
    /** E.g. `taken` by a colleague, `reassigned`, `nobody_accepted`. */
    reason: text().nullable().optional(),
    /** Set with `accepted`: the engagement the claim created. */
    engagementId: Id.nullable().optional(),
  }),
  z.object({ v, type: z.literal('engagement'), engagement: EngagementView }),
  /**
   * The associate's presence changed, by them elsewhere or by the system (reason e.g. `missed_offers`).
   * With `enterprise`, one enterprise paused them (missed offers at that shop) and their presence is
   * unchanged elsewhere; setting themselves available again ends the pause.
   */
  z.object({ v, type: z.literal('presence'), presence: Presence, reason: text().nullable().optional(), enterprise: z.object({ id: Id, name: text() }).optional() }),
  /** An enterprise invites the (independent) associate to its pool; they accept or decline (POST /api/v1/associates/me/admissions/…). */
  z.object({ v, type: z.literal('admission'), enterpriseId: Id, enterpriseName: text() }),
  /** The ranking of materials for this engagement's situation changed: fetch GET /api/v1/engagements/:id/practices again. */
  z.object({ v, type: z.literal('practices'), engagementId: Id }),
  /** A phone call of the engagement moved (state, a leg's status): the whole call as it is now. */
  z.object({ v, type: z.literal('call'), engagementId: Id, call: CallView }),
  /** A text of the engagement: sent (its delivery status moved) or the shopper's reply (`direction: 'in'`, also in the transcript). */
  z.object({ v, type: z.literal('text'), engagementId: Id, text: TextView }),
  /** The shopper gave (or took back) a number for calls or texts: fetch GET /api/v1/engagements/:id/phone again. */
  z.object({ v, type: z.literal('shopper-phone'), engagementId: Id, given: z.boolean() }),
  ErrorMessage,
]);
export type AssociateServerMessage = z.infer<typeof AssociateServerMessage>;

// ---- server → shopper ---------------------------------------------------------------------

export const ShopperServerMessage = z.discriminatedUnion('type', [
  z.object({ v, type: z.literal('ready'), role: z.literal('shopper') }),
  Ping,
  /** An associate offers help; answer with POST /api/v1/engagements/:id/answer. */
  z.object({
    v,
    type: z.literal('invitation'),
    engagementId: Id,
    associate: z.object({ displayName: text() }),
    /**
     * The enterprise the associate speaks for: the invitation shows only on its own sites
     * (`id`, as in the site list's `enterpriseId`), named after the shop the shopper is on.
     */
    enterprise: z.object({ id: Id.optional(), name: text() }).nullable().optional(),
    product: z
      .object({ name: text(), url: text().nullable(), price: Decimal.nullable().optional(), currency: Currency.nullable().optional() })
      .nullable(),
    expiresAt: text(),
  }),
  /** The invitation ended: answered elsewhere, expired, or withdrawn (`expired`) when the associate dropped. */
  z.object({ v, type: z.literal('invitation-update'), engagementId: Id, status: EngagementStatus }),
  /** Nobody could take it: the shopper may leave a message (POST /api/v1/opportunities/:id/message). */
  z.object({
    v,
    type: z.literal('leave-message'),
    opportunityId: Id,
    /** The opportunity's enterprise: the offer shows only on its own sites. */
    enterpriseId: Id.optional(),
    reason: text(),
  }),
  /** A phone call of the engagement moved: the whole call as it is now. */
  z.object({ v, type: z.literal('call'), engagementId: Id, call: CallView }),
  ErrorMessage,
]);
export type ShopperServerMessage = z.infer<typeof ShopperServerMessage>;

// ---- server → console ---------------------------------------------------------------------

export const ConsoleServerMessage = z.discriminatedUnion('type', [
  z.object({ v, type: z.literal('ready'), role: z.literal('console'), enterpriseId: Id }),
  Ping,
  /**
   * The enterprise's live overview changed (what, as a hint): fetch GET /api/v1/live/overview
   * again. At most about one a second per enterprise; also fetch now and then (shoppers leave
   * silently, and durations age).
   */
  z.object({ v, type: z.literal('live'), enterpriseId: Id, changed: z.array(LiveChange) }),
  ErrorMessage,
]);
export type ConsoleServerMessage = z.infer<typeof ConsoleServerMessage>;

/** Any message the server sends. */
export type ServerMessage = AssociateServerMessage | ShopperServerMessage | ConsoleServerMessage;

/** A party of an engagement: what offers and invitations are for. */
export type PartyRecipient = { associateId: string } | { shopperId: string };

/** Who a message is for: a party, or every console watching an enterprise. */
export type RealtimeRecipient = PartyRecipient | { enterpriseConsole: string };
