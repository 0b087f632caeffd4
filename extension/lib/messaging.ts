import { browser, type Browser } from '#imports';
import { z } from 'zod';
import { MAX_BATCH_EVENTS } from '../../shared/events';
import type { Device, ScheduleExceptionList } from '../../shared/associates';
import type { AssociateMessage } from '../../shared/offers';
import { errorMessage, logOnce } from './log';
import type { Consent, ExtensionMode } from './storage';

/**
 * Every message sent to the background. Content scripts send `events:report`; the
 * popup, consent and options pages send the rest, so that the background (which owns
 * the site list, script registration and the queue) acts on a change before the page
 * shows it as done.
 */
export const Message = z.discriminatedUnion('type', [
  /** Events a content script observed; each is validated against ShopperEvent on arrival. */
  z.object({ type: z.literal('events:report'), events: z.array(z.unknown()).max(MAX_BATCH_EVENTS) }),
  /** The shopper accepted (true) or declined / withdrew (false). */
  z.object({ type: z.literal('consent:set'), given: z.boolean() }),
  /** The popup's on/off switch. */
  z.object({ type: z.literal('observe:set'), on: z.boolean() }),
  /** A new backend address from the options page; validated again by the background. */
  z.object({ type: z.literal('backend:set'), url: z.string().max(2048) }),

  /** Shopper or agent mode, from the options page. */
  z.object({ type: z.literal('mode:set'), mode: z.enum(['shopper', 'agent']) }),
  /** An associate signs in at the current backend address (agent mode). */
  z.object({ type: z.literal('agent:sign-in'), email: z.string().max(320), password: z.string().max(1024) }),
  z.object({ type: z.literal('agent:sign-out') }),
  /** The associate's available / away switch (side panel, popup). */
  z.object({ type: z.literal('agent:presence'), presence: z.enum(['available', 'away']) }),
  /** Whether each new offer also shows a system notification (the associate's contact preference). */
  z.object({ type: z.literal('agent:notify'), on: z.boolean() }),
  /** The associate's phone or SIP address for calls (contact preferences; null removes it): checked again by the server. */
  z.object({ type: z.literal('agent:phone'), phone: z.string().max(200).nullable() }),
  /** Answers an enterprise's invitation (an independent associate): accept, decline, or leave it later (withdraw). */
  z.object({ type: z.literal('agent:admission'), enterpriseId: z.string().max(100), answer: z.enum(['accept', 'decline', 'withdraw']) }),
  /** The associate changes their password with the current one (agent settings); their other devices are signed out. */
  z.object({ type: z.literal('agent:password'), currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
  /** The associate's signed-in devices (agent settings). */
  z.object({ type: z.literal('agent:devices') }),
  /** Signs one of the associate's devices out (this one too, if it is this one). */
  z.object({ type: z.literal('agent:device-sign-out'), deviceId: z.string().max(100) }),
  /** Signs the associate out on every device, this one included. */
  z.object({ type: z.literal('agent:sign-out-everywhere') }),
  /** The associate's exceptions to their weekly schedule (agent settings). */
  z.object({ type: z.literal('agent:schedule-exceptions') }),
  /** Sets one local date's exception: the hours worked that day (none: a day off), with a note. */
  z.object({
    type: z.literal('agent:schedule-exception-set'),
    date: z.string().max(10),
    periods: z.array(z.object({ from: z.string().max(5), to: z.string().max(5) })).max(10),
    note: z.string().max(200).nullable(),
  }),
  /** Removes one date's exception: the week's hours apply again. */
  z.object({ type: z.literal('agent:schedule-exception-remove'), date: z.string().max(10) }),
  /** "Forgot password?" on the sign-in form: a reset link by mail, at the current backend address. */
  z.object({ type: z.literal('agent:reset-request'), email: z.string().max(320) }),
  z.object({ type: z.literal('offer:accept'), offerId: z.string().max(100) }),
  /** Declines an offer; `goAway` also sets the associate away. */
  z.object({ type: z.literal('offer:decline'), offerId: z.string().max(100), goAway: z.boolean() }),
  /** The messages shoppers left at the associate's enterprises (side panel). */
  z.object({ type: z.literal('messages:list') }),
  /** Takes a message left (first take wins), or marks it done (side panel). */
  z.object({ type: z.literal('message:step'), messageId: z.string().max(100), step: z.enum(['take', 'done']) }),
  /** Clears an offer that ended (taken, expired) from the panel before it leaves by itself. */
  z.object({ type: z.literal('offer:dismiss'), offerId: z.string().max(100) }),

  /** The shopper's answer to an associate's invitation (content script). */
  z.object({ type: z.literal('invitation:answer'), engagementId: z.string().max(100), accept: z.boolean() }),
  /** A message the shopper leaves when nobody could help (content script). */
  z.object({
    type: z.literal('opportunity:message'),
    opportunityId: z.string().max(100),
    message: z.string().min(1).max(2000),
    contact: z.string().max(320).optional(),
  }),
  /** The shopper asks for someone from the shop of the page `url` (the popup, over the active tab `tabId`). */
  z.object({ type: z.literal('opportunity:ask'), url: z.string().max(2048), tabId: z.number().int().optional() }),
  /** The shopper closed the leave-a-message form without sending. */
  z.object({ type: z.literal('opportunity:message-dismiss'), opportunityId: z.string().max(100) }),
]);
export type Message = z.infer<typeof Message>;
type MessageType = Message['type'];

/** How fetching the participating sites went. */
export type SitesRefresh = { ok: true; count: number } | { ok: false; error: string };

/**
 * The background's reply to each message. `missingAccess`: the participating shops' match
 * patterns the browser has not granted yet; the page asks for them (requestSiteAccess) in the
 * same click handler.
 */
export interface Replies {
  'events:report': { accepted: number; refused: number };
  'consent:set': { consent: Consent; sites: SitesRefresh | null; missingAccess: string[] };
  'observe:set': { observing: boolean; missingAccess: string[] };
  'backend:set': { url: string; sites: SitesRefresh | null; missingAccess: string[] };
  'mode:set': { mode: ExtensionMode };
  'agent:sign-in': { displayName: string };
  'agent:sign-out': { signedOut: true };
  'agent:presence': { presence: 'available' | 'away' };
  'agent:notify': { notify: boolean };
  'agent:phone': { phone: string | null };
  'agent:admission': { status: 'invited' | 'accepted' | 'declined' | 'withdrawn' };
  'agent:password': { changed: true };
  'agent:devices': { devices: Device[] };
  'agent:device-sign-out': { devices: Device[]; signedOutHere: boolean };
  'agent:sign-out-everywhere': { signedOut: true };
  'agent:reset-request': { message: string };
  'agent:schedule-exceptions': ScheduleExceptionList;
  'agent:schedule-exception-set': ScheduleExceptionList;
  'agent:schedule-exception-remove': ScheduleExceptionList;
  'offer:accept': OfferAcceptReply;
  'offer:decline': { declined: true };
  'offer:dismiss': { dismissed: boolean };
  'messages:list': { messages: AssociateMessage[] };
  'message:step': { message: AssociateMessage };
  'invitation:answer': { status: 'accepted' | 'declined' };
  'opportunity:message': { sent: true };
  'opportunity:message-dismiss': { dismissed: true };
  'opportunity:ask': { opportunityId: string; shopName: string };
}

/** How accepting an offer went: won (the engagement is the associate's), or why not. */
export type OfferAcceptReply =
  | { outcome: 'won'; engagementId: string }
  | { outcome: 'taken' | 'expired' | 'gone'; message: string };

type Envelope = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Who may send a message: the extension's own pages (popup, options, consent, side panel,
 * live console), or the content script of a tab whose page is on a participating site.
 */
export type SenderKind = 'extension-page' | 'participating-content-script';

/**
 * Which senders each message kind is taken from; anything else is refused. A shop's page can
 * run code in the content script's process (a compromised renderer), so a content script may
 * send only what the shopper does on a shop's page, never a setting or agent mode's commands.
 */
export const MESSAGE_SENDERS = {
  'events:report': ['participating-content-script'],
  'consent:set': ['extension-page'],
  'observe:set': ['extension-page'],
  'backend:set': ['extension-page'],
  'mode:set': ['extension-page'],
  'agent:sign-in': ['extension-page'],
  'agent:sign-out': ['extension-page'],
  'agent:presence': ['extension-page'],
  'agent:notify': ['extension-page'],
  'agent:phone': ['extension-page'],
  'agent:admission': ['extension-page'],
  'agent:password': ['extension-page'],
  'agent:devices': ['extension-page'],
  'agent:device-sign-out': ['extension-page'],
  'agent:sign-out-everywhere': ['extension-page'],
  'agent:reset-request': ['extension-page'],
  'agent:schedule-exceptions': ['extension-page'],
  'agent:schedule-exception-set': ['extension-page'],
  'agent:schedule-exception-remove': ['extension-page'],
  'offer:accept': ['extension-page'],
  'offer:decline': ['extension-page'],
  'offer:dismiss': ['extension-page'],
  // The side panel's list of messages shoppers left, and the popup's ask for help: extension pages only.
  'messages:list': ['extension-page'],
  'message:step': ['extension-page'],
  'opportunity:ask': ['extension-page'],
  'invitation:answer': ['participating-content-script'],
  'opportunity:message': ['participating-content-script'],
  'opportunity:message-dismiss': ['participating-content-script'],
} as const satisfies Record<MessageType, readonly SenderKind[]>;

/** What the background knows to tell its senders apart. */
export interface SenderCheck {
  /** browser.runtime.id */
  extensionId: string;
  /** The extension's origin, e.g. "chrome-extension://abc…" (from browser.runtime.getURL('')). */
  extensionOrigin: string;
  /** Whether an http(s) page URL is on a participating site (the background's cached list). */
  participating: (url: string) => Promise<boolean>;
}

/** Scheme and host: URL.origin is "null" for chrome-extension: URLs in some engines. */
function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** What `sender` is, judged from the browser's own account of it (never from the message); null: none we know. */
export async function senderKind(sender: Browser.runtime.MessageSender, check: SenderCheck): Promise<SenderKind | null> {
  if (sender.id !== check.extensionId) return null;
  const extensionOrigin = originOf(check.extensionOrigin);
  if (extensionOrigin !== null && originOf(sender.url) === extensionOrigin) return 'extension-page';
  // Our content script runs in top frames only; the page is the frame's URL (the tab's may lag a navigation).
  if (!sender.tab || (sender.frameId !== undefined && sender.frameId !== 0)) return null;
  const url = sender.url ?? sender.tab.url;
  if (!url) return null;
  return (await check.participating(url)) ? 'participating-content-script' : null;
}

const SENDER_NAMES: Record<SenderKind | 'unknown', string> = {
  'extension-page': 'an extension page',
  'participating-content-script': 'a shop’s page',
  unknown: 'an unknown sender',
};

/**
 * Whether `sender` is one of the extension's own contexts (the background, the offscreen
 * document, an extension page, even one open in a tab), never a content script: what the live
 * host takes its controls from and the background its forwarding orders.
 */
export function isExtensionContext(sender: Browser.runtime.MessageSender, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  const origin = originOf(extensionOrigin);
  if (sender.url !== undefined) return origin !== null && originOf(sender.url) === origin;
  return sender.tab === undefined;
}

/** Whether a message of kind `type` is taken from a sender of kind `kind`. */
export function mayBeSentBy(type: MessageType, kind: SenderKind | null): boolean {
  return kind !== null && (MESSAGE_SENDERS[type] as readonly SenderKind[]).includes(kind);
}

/** The background's handler for each message type (`K`: those one feature answers). */
export type MessageHandlers<K extends MessageType = MessageType> = {
  [P in K]: (message: Extract<Message, { type: P }>, sender: Browser.runtime.MessageSender) => Promise<Replies[P]>;
};

/**
 * Sends a message to the background and returns its reply. Throws an error whose message a
 * page can show as it is: the background's own, or why it could not be asked.
 */
export async function sendMessage<M extends Message>(message: M): Promise<Replies[M['type']]> {
  let envelope: Envelope | undefined;
  try {
    envelope = (await browser.runtime.sendMessage(message)) as Envelope | undefined;
  } catch (error) {
    throw new Error(`Floorwalker's background could not be reached (${errorMessage(error)}). Try again in a moment.`);
  }
  if (!envelope) throw new Error("Floorwalker's background did not answer. Try again in a moment.");
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value as Replies[M['type']];
}

/**
 * Runs the handler for a raw message, when its sender may send it (MESSAGE_SENDERS); undefined
 * when the message is not one of ours. A refusal answers an error and is logged once.
 */
export function dispatchMessage(
  handlers: Partial<MessageHandlers>,
  raw: unknown,
  sender: Browser.runtime.MessageSender,
  check: SenderCheck,
): Promise<Envelope> | undefined {
  // Messages addressed to another context (the live host, the live tab) are not the background's.
  const target = typeof raw === 'object' && raw !== null ? (raw as { target?: unknown }).target : undefined;
  if (target !== undefined && target !== 'background') return undefined;
  const parsed = Message.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  const handler = handlers[message.type] as ((m: Message, s: Browser.runtime.MessageSender) => Promise<unknown>) | undefined;
  if (!handler) return undefined;
  return senderKind(sender, check)
    .catch(() => null)
    .then((kind) => {
      if (!mayBeSentBy(message.type, kind)) {
        const refusal = new Error(`Floorwalker does not take "${message.type}" from ${SENDER_NAMES[kind ?? 'unknown']}.`);
        logOnce('messaging', refusal);
        throw refusal;
      }
      return handler(message, sender);
    })
    .then(
      (value): Envelope => ({ ok: true, value }),
      (error: unknown): Envelope => ({ ok: false, error: errorMessage(error) }),
    );
}

/**
 * Answers messages with `handlers`. Uses `sendResponse` and `return true`, which every
 * browser supports, rather than returning a promise from the listener.
 */
export function listenForMessages(handlers: MessageHandlers, check: SenderCheck): void {
  // Only runtime.onMessage: no web page or other extension can message the background
  // (no externally_connectable, no runtime.onMessageExternal listener).
  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    const reply = dispatchMessage(handlers, raw, sender, check);
    if (!reply) return false;
    void reply.then(sendResponse);
    return true;
  });
}

/**
 * What the background sends to a shop's content script (browser.tabs.sendMessage): the
 * invitation of an associate who took the shopper's opportunity, and the offer to leave a
 * message when nobody could.
 */
export const TabMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('invitation:show'),
    invitation: z.object({
      engagementId: z.string(),
      associateName: z.string(),
      /** The name of the shop the tab is on (the participating site's display name, not the company's). */
      siteName: z.string().nullable(),
      /** The enterprise inviting: the card shows only on its own sites (null: an older backend did not say). */
      enterpriseId: z.string().nullable().optional(),
      product: z.object({ name: z.string(), url: z.string().nullable(), price: z.string().nullable(), currency: z.string().nullable() }).nullable(),
      /** When the invitation lapses (epoch ms, this browser's clock). */
      expiresAt: z.number(),
    }),
  }),
  z.object({ type: z.literal('invitation:hide'), engagementId: z.string() }),
  z.object({ type: z.literal('leave-message:show'), opportunityId: z.string(), siteName: z.string().nullable() }),
  z.object({ type: z.literal('leave-message:hide'), opportunityId: z.string() }),
]);
export type TabMessage = z.infer<typeof TabMessage>;
export type InvitationShown = Extract<TabMessage, { type: 'invitation:show' }>['invitation'];

/** Sends `message` to the content scripts of tab `tabId`; false when none listens there (closed, navigated, not a shop). */
export async function sendToTab(tabId: number, message: TabMessage): Promise<boolean> {
  try {
    await browser.tabs.sendMessage(tabId, message);
    return true;
  } catch {
    return false;
  }
}

/** In a content script: calls `handle` for each of the background's tab messages; returns the unsubscribe. */
export function listenForTabMessages(handle: (message: TabMessage) => void): () => void {
  // Answered at once with sendResponse: the background learns that a content script got it.
  const listener = (raw: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    const parsed = TabMessage.safeParse(raw);
    if (!parsed.success) return false;
    handle(parsed.data);
    sendResponse({ ok: true });
    return false;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
