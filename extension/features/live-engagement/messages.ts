import { z } from 'zod';
import { ConsentScope, LIVE_LIMITS, RecordedEvent } from '../../../shared/live';
import { MaterialCard, ProductCard } from '../../../shared/sales';
import { CallOutcome, CallState, CallView, type DialIn, PhoneNumber, PhonePurpose } from '../../../shared/telephony';

/**
 * The shopper's side of a live engagement runs in two places: the *host* (Chrome: the offscreen
 * document; Firefox: the background page) holds the peer connection, the chat and the consents,
 * and outlives page navigation; the *shop tab's content script* shows them (chat dock, sharing
 * banner, consent prompts), records the page and applies guidance. These are the messages
 * between the two.
 *
 * Content → host: `browser.runtime.sendMessage({ target: 'live-host', ... })` (every extension
 * context receives it; only the host answers). Host → content: the host sends
 * `{ target: 'live-tab', message }` with runtime.sendMessage, and the background forwards
 * `message` to the live tab with `tabs.sendMessage` (an offscreen document has no `tabs`).
 */

const Id = z.string().min(1).max(100);

/** One line of the chat as the shopper's side shows it. */
export const ChatLine = z.object({
  id: Id,
  from: z.enum(['shopper', 'associate']),
  text: z.string(),
  sentAt: z.number(),
  /** Shopper's own lines: the associate's side acknowledged it. */
  delivered: z.boolean(),
  /** The associate sent a card (a product or a material) rather than a line of text. */
  card: z
    .discriminatedUnion('kind', [z.object({ kind: z.literal('product'), card: ProductCard }), z.object({ kind: z.literal('material'), card: MaterialCard })])
    .optional(),
});
export type ChatLine = z.infer<typeof ChatLine>;

/** A question waiting for the shopper's answer: a consent (view, guide, voice), a navigation, or to call or text their phone. */
export const PendingAsk = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('consent'), id: Id, scope: ConsentScope, expiresAt: z.number() }),
  z.object({ kind: z.literal('navigate'), id: Id, url: z.string(), expiresAt: z.number() }),
  z.object({ kind: z.literal('phone'), id: Id, purpose: PhonePurpose, expiresAt: z.number() }),
]);
export type PendingAsk = z.infer<typeof PendingAsk>;

/** The number the shopper gave for this engagement, as the backend shows it: masked, never whole. */
export const LivePhone = z.object({ given: z.boolean(), masked: z.string().nullable(), purposes: z.array(PhonePurpose) });
export type LivePhone = z.infer<typeof LivePhone>;

/** The engagement's latest phone call, as the call bar shows it (never a number). */
export const LiveCall = z.object({
  callId: Id,
  state: CallState,
  outcome: CallOutcome.nullable(),
  /** The backend's, to tell the newest call. */
  startedAt: z.string(),
  /** When both were on the line, by this browser's clock (epoch ms): the bar counts from it. */
  connectedAt: z.number().nullable(),
  talkSeconds: z.number().nullable(),
  /** `dial-in`: the shopper called the shop's number with the code (absent: click-to-call, we rang them). */
  direction: z.enum(['click-to-call', 'dial-in']).optional(),
});
export type LiveCall = z.infer<typeof LiveCall>;

/** Everything the shop tab shows of the live engagement; the host sends it whole on each change. */
export const LiveView = z.object({
  engagementId: Id,
  associateName: z.string(),
  /** The peer connection: connecting, open, lost (reconnecting), closed (ended). */
  link: z.enum(['connecting', 'open', 'lost', 'closed']),
  /** Why it closed, to show. */
  closedReason: z.string().nullable(),
  chat: z.array(ChatLine),
  /** The associate is typing. */
  typing: z.boolean(),
  consents: z.object({ view: z.boolean(), guide: z.boolean(), voice: z.boolean() }),
  asks: z.array(PendingAsk),
  voice: z.object({ state: z.enum(['off', 'starting', 'on']), muted: z.boolean(), remoteMuted: z.boolean(), error: z.string().nullable() }),
  /** Where the associate may send the shopper; a navigation elsewhere is refused. */
  allowedDomains: z.array(z.string()),
  /** The enterprise's extra mask selectors for its sites. */
  maskSelectors: z.array(z.string()),
  /** The shared tab left the enterprise's sites: viewing and guidance pause until it is back. */
  away: z.boolean(),
  /** The enterprise's shop the shopper was last on, to name in "you left …". */
  shopName: z.string().nullable(),
  /** The number the shopper gave for calls or texts (masked). */
  phone: LivePhone,
  /** The latest phone call (null: none yet). */
  call: LiveCall.nullable(),
});
export type LiveView = z.infer<typeof LiveView>;

/** Content script → host. */
export const LiveHostRequest = z.discriminatedUnion('type', [
  /** A page (new or navigated) asks what to show; answered with LiveView or null (no live engagement). */
  z.object({ type: z.literal('live:attach'), url: z.string().max(2048), title: z.string().max(500), siteName: z.string().max(500).optional() }),
  z.object({ type: z.literal('live:chat-send'), text: z.string().min(1).max(LIVE_LIMITS.chatChars) }),
  z.object({ type: z.literal('live:typing'), typing: z.boolean() }),
  z.object({ type: z.literal('live:answer'), askId: Id, yes: z.boolean() }),
  z.object({ type: z.literal('live:revoke'), scope: ConsentScope }),
  /** Recorded events of the page (masked already). */
  z.object({ type: z.literal('live:dom'), events: z.array(RecordedEvent).min(1).max(2_000) }),
  /** Single-page-app or full navigation while viewing or guided. */
  z.object({ type: z.literal('live:page'), url: z.string().max(2048), title: z.string().max(500) }),
  z.object({
    type: z.literal('live:guidance-refused'),
    command: z.enum(['highlight', 'scroll-to', 'navigate']),
    reason: z.enum(['masked', 'not_found', 'no_consent', 'not_allowed']),
  }),
  z.object({ type: z.literal('live:voice'), action: z.enum(['mute', 'unmute', 'hang-up']) }),
  z.object({ type: z.literal('live:end') }),
  /**
   * The shopper gives a number for calls and/or texts, agreeing to the statement shown
   * (phoneConsentText); `callNow` places the call at once. Answered `{ ok, message? }` once the
   * backend took it (or why not). Pending phone asks the purposes cover are answered yes.
   */
  z.object({
    type: z.literal('live:phone-give'),
    phone: PhoneNumber,
    purposes: z.array(PhonePurpose).min(1).max(2),
    consent: z.literal(true),
    callNow: z.boolean(),
  }),
  /** The shopper takes their number back. Answered `{ ok, message? }`. */
  z.object({ type: z.literal('live:phone-remove') }),
  /** Hang up the call (`callId`), or call the number given again. Answered `{ ok, message? }`. */
  z.object({ type: z.literal('live:call-hangup'), callId: Id }),
  z.object({ type: z.literal('live:call-again') }),
  /** The number to call in on and the engagement's code (the same while it works). Answered with a DialInReply. */
  z.object({ type: z.literal('live:dial-in') }),
]);
export type LiveHostRequest = z.infer<typeof LiveHostRequest>;
/** The host's answer to the phone requests (live:phone-give, live:phone-remove, live:call-hangup, live:call-again). */
export type PhoneReply = { ok: true } | { ok: false; message: string };
/** The host's answer to live:dial-in: the shop's number and the code, or why not (in plain words). */
export type DialInReply = { ok: true; dialIn: DialIn } | { ok: false; message: string };
export const LIVE_HOST_TARGET = 'live-host';
/**
 * The port a shared page streams its recording through to the host (`live:dom`, and the
 * `live:page` each snapshot follows, so the two keep their order): one long-lived channel, no
 * answer per batch.
 */
export const LIVE_STREAM_PORT = 'live-stream';
export type LiveStreamMessage = Extract<LiveHostRequest, { type: 'live:dom' | 'live:page' }>;
export const LIVE_TAB_TARGET = 'live-tab';

/** Host → the live tab's content script (forwarded by the background). */
export const LiveTabMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('live:view'), view: LiveView }),
  /** A guidance command from the associate, already checked against the guide consent. */
  z.object({
    type: z.literal('live:guide'),
    command: z.discriminatedUnion('type', [
      z.object({ type: z.literal('pointer'), x: z.number(), y: z.number(), visible: z.boolean() }),
      z.object({ type: z.literal('highlight'), nodeId: z.number().int().positive().nullable() }),
      z.object({ type: z.literal('scroll-to'), nodeId: z.number().int().positive() }),
    ]),
  }),
  /** The associate's viewer asked for a fresh full snapshot. */
  z.object({ type: z.literal('live:snapshot') }),
  /** The shopper said yes to a navigation: go there (checked against allowedDomains again by the tab). */
  z.object({ type: z.literal('live:navigate'), url: z.string().max(2048) }),
  /** The engagement ended: remove everything. */
  z.object({ type: z.literal('live:ended'), reason: z.string() }),
]);
export type LiveTabMessage = z.infer<typeof LiveTabMessage>;

/**
 * Background → host: start the live engagement the shopper just accepted (the host fetches its
 * peer credentials with the shopper's token), or stop it. The microphone page → host: the
 * shopper allowed (or refused) the microphone, so the host tries again.
 * Sent as `{ target: 'live-host', ...message }`, like LiveHostRequest.
 */
export const LiveHostControl = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('live:start'),
    engagementId: Id,
    backendUrl: z.string().max(2048),
    shopperToken: z.string().min(1).max(500),
    /** The tab that accepted: only its pages are answered (another shop tab shows nothing and records nothing). */
    tabId: z.number().int().optional(),
  }),
  z.object({ type: z.literal('live:stop') }),
  z.object({ type: z.literal('live:microphone'), granted: z.boolean() }),
  /** The live tab started loading `url` (null: a page the extension may not see, so no participating shop). */
  z.object({ type: z.literal('live:location'), url: z.string().max(2048).nullable() }),
  /** The shopper's realtime connection said a call of engagement `engagementId` moved (the background forwards it). */
  z.object({ type: z.literal('live:call'), engagementId: Id, call: CallView }),
  /** The realtime connection (re)opened: pushes may have been missed, so fetch the calls and the number again. */
  z.object({ type: z.literal('live:phone-refresh') }),
]);
export type LiveHostControl = z.infer<typeof LiveHostControl>;

/** Host (or the microphone page) → background: `{ target: 'background', ...message }`. */
export const LiveBackgroundNotice = z.discriminatedUnion('type', [
  /** The offscreen document cannot ask for the microphone itself: open the visible microphone page. */
  z.object({ type: z.literal('live:need-microphone') }),
]);
export type LiveBackgroundNotice = z.infer<typeof LiveBackgroundNotice>;
export const LIVE_BACKGROUND_TARGET = 'background';
