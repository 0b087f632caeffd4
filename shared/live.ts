import { z } from 'zod';
import { MaterialCard, ProductCard } from './sales';
import { PhonePurpose } from './telephony';
import { text } from './text';
import { ApiTime } from './time';

/**
 * The live engagement between a shopper and an associate, once the shopper said yes:
 *
 * - the backend's API for it (peer credentials, the end, the chat transcript, which
 *   communication methods were used), and
 * - the protocol on the PeerJS data channel between the two browsers: one versioned,
 *   discriminated union (`v`, `type`). A message that does not parse is dropped and
 *   counted, never acted on.
 *
 * On the wire each message is one JSON string (peerjs `serialization: 'raw'`, `reliable:
 * true`, so ordered). A message whose JSON is longer than `LIVE_LIMITS.frameChars` is sent
 * as `chunk` frames that the other side puts back together (a full DOM snapshot is often
 * hundreds of kilobytes).
 */

export const LIVE_VERSION = 1;
/** Where the PeerJS signalling server listens; the client connects to `${LIVE_PEER_PATH}/peerjs`. */
export const LIVE_PEER_PATH = '/api/v1/peer';
/** The PeerJS `key` (not a secret: every peer proves itself with its own id and token). */
export const LIVE_PEER_KEY = 'floorwalker';

export const LIVE_LIMITS = {
  /** Longest frame sent as it is; longer messages go as chunks of at most this many characters. */
  frameChars: 15_000,
  /** Largest message put back together from chunks; past it the chunks are dropped. */
  maxMessageChars: 8 * 1024 * 1024,
  /** Each side sends a ping this often... */
  pingEveryMs: 1_000,
  /** ...and takes the other for gone when it heard nothing for this long. */
  lostAfterMs: 5_000,
  /** After a loss, the two sides try to reconnect for this long before the engagement ends. */
  reconnectWithinMs: 30_000,
  /** A consent request (view, guide, voice, navigation) the shopper leaves unanswered lapses: it counts as no. */
  consentLapsesMs: 30_000,
  chatChars: 4_000,
} as const;

const v = z.literal(LIVE_VERSION);
const Id = z.string().min(1).max(100);
const Url = z.string().max(2048);

/** What the shopper lets the associate do; each is asked for and revoked on its own. */
export const ConsentScope = z.enum(['view', 'guide', 'voice']);
export type ConsentScope = z.infer<typeof ConsentScope>;

/** One rrweb event, checked for its shape; its `data` is rrweb's own (replayed, never executed: the replay frame runs no scripts). */
export const RecordedEvent = z.looseObject({ type: z.number().int().min(0).max(10), timestamp: z.number(), data: z.unknown() });
export type RecordedEvent = z.infer<typeof RecordedEvent>;

/** Why the shopper's side refused a guidance command. */
export const GuidanceRefusal = z.enum(['masked', 'not_found', 'no_consent', 'not_allowed']);

/** Every message on the data channel. `from` is implied by who sent it. */
export const LiveMessage = z.discriminatedUnion('type', [
  /** Sent first by each side on every (re)connection. `chatSeen`: ids of the other side's chat messages it already has. */
  z.object({ v, type: z.literal('hello'), role: z.enum(['shopper', 'associate']), name: text().max(200), chatSeen: z.array(Id).max(1000) }),
  z.object({ v, type: z.literal('ping'), n: z.number().int().nonnegative(), at: z.number() }),
  z.object({ v, type: z.literal('pong'), n: z.number().int().nonnegative(), at: z.number() }),

  // ---- chat ----
  /** A chat message; plain text, shown as text (never as HTML). Re-sent until acknowledged. */
  z.object({ v, type: z.literal('chat'), id: Id, text: text().min(1).max(LIVE_LIMITS.chatChars), sentAt: z.number() }),
  z.object({ v, type: z.literal('chat-ack'), id: Id }),
  /** The associate sends a product card (image, name, price, link) or a material into the chat; acknowledged by `chat-ack` like a message. */
  z.object({ v, type: z.literal('product-card'), id: Id, card: ProductCard, sentAt: z.number() }),
  z.object({ v, type: z.literal('material-card'), id: Id, card: MaterialCard, sentAt: z.number() }),
  z.object({ v, type: z.literal('typing'), typing: z.boolean() }),

  // ---- consents (asked by the associate, answered or revoked by the shopper) ----
  z.object({ v, type: z.literal('consent-request'), id: Id, scope: ConsentScope }),
  /**
   * The shopper's consent for `scope` as it is now: an answer to `requestId`, a revocation
   * (`granted: false`), or `lapsed` when the request went unanswered.
   */
  z.object({
    v,
    type: z.literal('consent'),
    scope: ConsentScope,
    granted: z.boolean(),
    requestId: Id.optional(),
    lapsed: z.boolean().optional(),
  }),

  // ---- viewing (shopper → associate) ----
  /** The page the shopper is on now (sent on each page and single-page-app navigation while viewing or guided). */
  z.object({ v, type: z.literal('page'), url: Url, title: text().max(500) }),
  /** Recorded DOM events (rrweb), masked in the shopper's browser before this was sent. A batch starting with a full snapshot begins a new page. */
  z.object({ v, type: z.literal('dom'), events: z.array(RecordedEvent).min(1).max(2_000) }),
  /** The viewer asks for a fresh full snapshot (it joined, or it lost track). */
  z.object({ v, type: z.literal('snapshot-request') }),

  /**
   * Whether the shared tab is on the enterprise's sites. Off them (another shop, any other
   * site) viewing and guidance pause; back on them they resume under the consents given.
   */
  z.object({ v, type: z.literal('location'), onShop: z.boolean() }),

  // ---- guidance (associate → shopper, with the guide consent) ----
  /** The associate's pointer, in the shopper's viewport coordinates (CSS px); `visible: false` hides it. */
  z.object({ v, type: z.literal('pointer'), x: z.number().finite(), y: z.number().finite(), visible: z.boolean() }),
  /** Highlight (or clear, with `nodeId: null`) an element, named by its id in the recording. */
  z.object({ v, type: z.literal('highlight'), nodeId: z.number().int().positive().nullable() }),
  /** Scroll the shopper's page so the element is in view. */
  z.object({ v, type: z.literal('scroll-to'), nodeId: z.number().int().positive() }),
  /** The shopper's side could not do a guidance command. */
  z.object({ v, type: z.literal('guidance-refused'), command: z.enum(['highlight', 'scroll-to', 'navigate']), reason: GuidanceRefusal }),
  /** Ask to take the shopper to `url` (only the enterprise's participating sites); the shopper sees it and may refuse. */
  z.object({ v, type: z.literal('navigate-request'), id: Id, url: Url }),
  z.object({ v, type: z.literal('navigate-answer'), id: Id, accepted: z.boolean(), reason: z.enum(['refused', 'lapsed', 'not_allowed']).optional() }),

  // ---- the telephone (the call itself goes through the backend and Twilio) ----
  /** The associate proposes to call the shopper's phone (`call`) or to text it (`text`); the shopper answers by giving a number to the backend, or not. */
  z.object({ v, type: z.literal('phone-ask'), id: Id, purpose: PhonePurpose }),
  z.object({ v, type: z.literal('phone-answer'), id: Id, given: z.boolean(), reason: z.enum(['refused', 'lapsed']).optional() }),

  // ---- voice ----
  /** The sender's microphone is live / muted / the call was hung up (the media itself rides a PeerJS media connection). */
  z.object({ v, type: z.literal('voice'), state: z.enum(['on', 'muted', 'off']) }),

  /** The sender ends the engagement. */
  z.object({ v, type: z.literal('end'), reason: z.enum(['done', 'declined']) }),
]);
export type LiveMessage = z.infer<typeof LiveMessage>;
export type LiveMessageType = LiveMessage['type'];
export type LiveMessageOf<T extends LiveMessageType> = Extract<LiveMessage, { type: T }>;

/** A part of a message longer than `LIVE_LIMITS.frameChars`. */
export const ChunkFrame = z.object({
  v,
  type: z.literal('chunk'),
  id: Id,
  index: z.number().int().nonnegative(),
  count: z.number().int().min(2).max(Math.ceil(LIVE_LIMITS.maxMessageChars / LIVE_LIMITS.frameChars)),
  data: z.string().max(LIVE_LIMITS.frameChars),
});
export type ChunkFrame = z.infer<typeof ChunkFrame>;

// ---- the backend's API for live engagements ------------------------------------------------

/** POST /api/v1/engagements/:id/peer — the caller's side of the connection, for an accepted engagement only. */
export const PeerCredentials = z.object({
  engagementId: z.string(),
  role: z.enum(['shopper', 'associate']),
  /** This side's PeerJS id and the token the signalling server checks (both unguessable; the token changes on each call). */
  peerId: z.string(),
  token: z.string(),
  /** The other side's PeerJS id: the associate calls it. */
  remotePeerId: z.string(),
  /** The signalling server, relative to the backend's address: `key`, and the `path` the PeerJS client gets. */
  signalling: z.object({ path: z.string(), key: z.string() }),
  /** STUN/TURN servers to use (none by default: nothing calls out). */
  iceServers: z.array(z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() })),
  /** The credentials stop working at this time (ISO), or when the engagement ends. */
  expiresAt: z.string(),
  /** The other party's name to show. */
  remoteName: z.string(),
  /** Where the associate may send the shopper: the enterprise's participating sites' domains. */
  allowedDomains: z.array(z.string()),
  /** Extra selectors the enterprise masks on the site the shopper is on (from its site adapter's `mask`). */
  maskSelectors: z.array(z.string()),
});
export type PeerCredentials = z.infer<typeof PeerCredentials>;

/** POST /api/v1/engagements/:id/end */
export const EndEngagementRequest = z.object({ reason: z.enum(['done', 'peer_lost']).default('done') }).strict();
export type EndEngagementRequest = z.infer<typeof EndEngagementRequest>;

/** One chat message as the caller sent it: kept by id, so sending it again changes nothing. */
export const TranscriptMessageIn = z.object({ id: Id, text: text().min(1).max(LIVE_LIMITS.chatChars), sentAt: ApiTime }).strict();
/** POST /api/v1/engagements/:id/transcript — the caller's own messages (its side is the caller's). */
export const TranscriptPost = z.object({ messages: z.array(TranscriptMessageIn).min(1).max(100) }).strict();
export type TranscriptPost = z.infer<typeof TranscriptPost>;
export const TranscriptMessage = z.object({ id: z.string(), from: z.enum(['shopper', 'associate']), text: z.string(), sentAt: z.string() });
export type TranscriptMessage = z.infer<typeof TranscriptMessage>;
/** GET /api/v1/engagements/:id/transcript, oldest first. */
export const Transcript = z.object({ messages: z.array(TranscriptMessage) });
export type Transcript = z.infer<typeof Transcript>;

/** The ways the two communicated: `phone` is a call bridged through the telephone network (its span is the time both were on the line, from Twilio's callbacks). */
export const CommunicationMethod = z.enum(['chat', 'voice', 'view', 'guide', 'phone']);
export type CommunicationMethod = z.infer<typeof CommunicationMethod>;
/** The methods the two browsers report themselves; `phone` only the backend records. */
export const PeerCommunicationMethod = z.enum(['chat', 'voice', 'view', 'guide']);
export type PeerCommunicationMethod = z.infer<typeof PeerCommunicationMethod>;
/** POST /api/v1/engagements/:id/channels — a method started or stopped, as the caller saw it. */
export const ChannelChange = z.object({ method: PeerCommunicationMethod, state: z.enum(['started', 'stopped']), at: ApiTime }).strict();
export type ChannelChange = z.infer<typeof ChannelChange>;
/** How long each method was used in an engagement (seconds; open ones count up to now). */
export const ChannelUsage = z.object({ method: CommunicationMethod, seconds: z.number().nonnegative(), uses: z.number().int().nonnegative(), open: z.boolean() });
export type ChannelUsage = z.infer<typeof ChannelUsage>;

/** The enterprise's settings for live engagements (GET/PUT /api/v1/live/settings, enterprise key). */
export const LiveSettings = z
  .object({
    /** Chat transcripts are deleted this many days after the engagement ends. */
    transcriptRetentionDays: z.number().int().min(1).max(3650),
  })
  .strict();
export type LiveSettings = z.infer<typeof LiveSettings>;
