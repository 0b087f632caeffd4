import { browser, type Browser } from '#imports';
import { z } from 'zod';
import { MAX_BATCH_EVENTS } from '../../shared/events';
import type { AssociateMessage } from '../../shared/offers';
import { errorMessage } from './log';
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

/** Runs the handler for a raw message; undefined when the message is not one of ours. */
export function dispatchMessage(
  handlers: Partial<MessageHandlers>,
  raw: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Envelope> | undefined {
  // Messages addressed to another context (the live host, the live tab) are not the background's.
  const target = typeof raw === 'object' && raw !== null ? (raw as { target?: unknown }).target : undefined;
  if (target !== undefined && target !== 'background') return undefined;
  const parsed = Message.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  const handler = handlers[message.type] as ((m: Message, s: Browser.runtime.MessageSender) => Promise<unknown>) | undefined;
  if (!handler) return undefined;
  return handler(message, sender).then(
    (value): Envelope => ({ ok: true, value }),
    (error: unknown): Envelope => ({ ok: false, error: errorMessage(error) }),
  );
}

/**
 * Answers messages with `handlers`. Uses `sendResponse` and `return true`, which every
 * browser supports, rather than returning a promise from the listener.
 */
export function listenForMessages(handlers: MessageHandlers): void {
  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    const reply = dispatchMessage(handlers, raw, sender);
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
      /** The shop's name, from the participating sites' list. */
      siteName: z.string().nullable(),
      product: z.object({ name: z.string(), url: z.string(), price: z.string().nullable(), currency: z.string().nullable() }).nullable(),
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
