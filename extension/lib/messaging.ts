import { browser, type Browser } from '#imports';
import { z } from 'zod';
import { MAX_BATCH_EVENTS } from '../../shared/events';
import { errorMessage } from './log';
import type { Consent } from './storage';

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
}

type Envelope = { ok: true; value: unknown } | { ok: false; error: string };

/** The background's handler for each message type. */
export type MessageHandlers = {
  [K in MessageType]: (message: Extract<Message, { type: K }>, sender: Browser.runtime.MessageSender) => Promise<Replies[K]>;
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
  handlers: MessageHandlers,
  raw: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Envelope> | undefined {
  const parsed = Message.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  const handler = handlers[message.type] as (m: Message, s: Browser.runtime.MessageSender) => Promise<unknown>;
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
