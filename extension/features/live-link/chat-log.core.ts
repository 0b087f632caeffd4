import type { LiveMessageOf, TranscriptPost } from '../../../shared/live';
import { LIVE_LIMITS, LIVE_VERSION } from '../../../shared/live';
import type { MaterialCard, ProductCard } from '../../../shared/sales';

/**
 * The chat of one engagement as one side holds it (both sides use it): its own messages until
 * the other acknowledges them (re-sent after a reconnection), the other's messages once each
 * (a re-sent one is acknowledged again but not shown twice), and which of its own messages
 * are already posted to the backend's transcript. Pure: immutable state in, state out.
 */

export type ChatStatus = 'pending' | 'delivered';

/** A card sent into the chat (the associate's): a product (image, name, price, link) or a material. */
export type ChatCard = { kind: 'product'; card: ProductCard } | { kind: 'material'; card: MaterialCard };

export interface ChatEntry {
  id: string;
  /** `own`: written on this side; `other`: received. */
  from: 'own' | 'other';
  text: string;
  /** Milliseconds since the epoch, by the writer's clock. */
  sentAt: number;
  /** Own messages: whether the other side acknowledged it. Received messages are always `delivered`. */
  status: ChatStatus;
  /** A card rather than a line of text (`text` then says it in words, as the transcript keeps it). */
  card?: ChatCard;
}

export interface ChatLog {
  readonly entries: readonly ChatEntry[];
  /** Ids of own messages the backend has in its transcript. */
  readonly posted: readonly string[];
}

export const emptyChatLog: ChatLog = { entries: [], posted: [] };

/**
 * The one delivery mark both sides show beside their own messages: ✓ sent (on its way, not yet
 * acknowledged), ✓✓ delivered (the other side has it).
 */
export function deliveryMark(status: ChatStatus): { mark: '✓' | '✓✓'; label: 'Sent' | 'Delivered' } {
  return status === 'delivered' ? { mark: '✓✓', label: 'Delivered' } : { mark: '✓', label: 'Sent' };
}

type Chat = LiveMessageOf<'chat'>;
type ChatAck = LiveMessageOf<'chat-ack'>;
/** What carries one chat entry on the link: a line of text or a card; each is acknowledged by `chat-ack`. */
export type ChatMessage = Chat | LiveMessageOf<'product-card'> | LiveMessageOf<'material-card'>;

/** The most ids a hello's `chatSeen` carries (the schema's limit). */
export const CHAT_SEEN_MAX = 1000;
/** The most messages one transcript post carries (the schema's limit). */
export const TRANSCRIPT_POST_MAX = 100;

function toChat(e: ChatEntry): ChatMessage {
  if (e.card?.kind === 'product') return { v: LIVE_VERSION, type: 'product-card', id: e.id, card: e.card.card, sentAt: e.sentAt };
  if (e.card?.kind === 'material') return { v: LIVE_VERSION, type: 'material-card', id: e.id, card: e.card.card, sentAt: e.sentAt };
  return { v: LIVE_VERSION, type: 'chat', id: e.id, text: e.text, sentAt: e.sentAt };
}

/** A card in words, as the transcript keeps it ("Product: Trail Tent 2P, 349.00 EUR, https://…"). */
export function cardText(card: ChatCard): string {
  if (card.kind === 'material') return `${card.card.kind === 'document' ? 'Document' : 'Link'}: ${card.card.title}, ${card.card.url}`;
  const { name, price, currency, url } = card.card;
  const money = price ? `${price}${currency ? ` ${currency}` : ''}` : null;
  return ['Product: ' + name, money, url].filter(Boolean).join(', ');
}

/** The card a card message carries (null: a line of text). */
export function messageCard(message: ChatMessage): ChatCard | null {
  if (message.type === 'product-card') return { kind: 'product', card: message.card };
  if (message.type === 'material-card') return { kind: 'material', card: message.card };
  return null;
}

/**
 * Adds an own message or card (pending until acknowledged) and the message to send. An id
 * already in the log changes nothing.
 */
export function addOwn(log: ChatLog, message: { id: string; text: string; sentAt: number } | { id: string; card: ChatCard; sentAt: number }): { log: ChatLog; send: ChatMessage | null } {
  if (log.entries.some((e) => e.id === message.id)) return { log, send: null };
  const entry: ChatEntry =
    'card' in message
      ? { id: message.id, text: cardText(message.card), sentAt: message.sentAt, card: message.card, from: 'own', status: 'pending' }
      : { ...message, from: 'own', status: 'pending' };
  return { log: { ...log, entries: [...log.entries, entry] }, send: toChat(entry) };
}

/** Marks an own message delivered (the other side acknowledged it); anything else is unchanged. */
export function ack(log: ChatLog, id: string): ChatLog {
  const index = log.entries.findIndex((e) => e.id === id && e.from === 'own' && e.status === 'pending');
  if (index < 0) return log;
  const entries = [...log.entries];
  entries[index] = { ...entries[index]!, status: 'delivered' };
  return { ...log, entries };
}

/**
 * Takes the other side's chat message: `isNew` false when it was already there (a re-send);
 * `ack` is to be sent either way (the first acknowledgement may have been lost).
 */
export function receive(log: ChatLog, message: ChatMessage): { log: ChatLog; isNew: boolean; ack: ChatAck } {
  const ackMessage: ChatAck = { v: LIVE_VERSION, type: 'chat-ack', id: message.id };
  if (log.entries.some((e) => e.id === message.id)) return { log, isNew: false, ack: ackMessage };
  const card = messageCard(message);
  const entry: ChatEntry = card
    ? { id: message.id, from: 'other', text: cardText(card), sentAt: message.sentAt, status: 'delivered', card }
    : { id: message.id, from: 'other', text: (message as Chat).text, sentAt: message.sentAt, status: 'delivered' };
  return { log: { ...log, entries: [...log.entries, entry] }, isNew: true, ack: ackMessage };
}

/** Own messages not yet acknowledged, oldest first: to send again after a reconnection. */
export function unacked(log: ChatLog): ChatMessage[] {
  return log.entries.filter((e) => e.from === 'own' && e.status === 'pending').map(toChat);
}

/** Ids of the other side's messages this side has (the newest CHAT_SEEN_MAX), for hello.chatSeen. */
export function seenIds(log: ChatLog): string[] {
  return log.entries
    .filter((e) => e.from === 'other')
    .map((e) => e.id)
    .slice(-CHAT_SEEN_MAX);
}

/**
 * Takes the other side's hello: own messages it lists in `chatSeen` count as delivered (their
 * acknowledgement was lost with the connection); `resend` is the rest still pending.
 */
export function helloReceived(log: ChatLog, chatSeen: readonly string[]): { log: ChatLog; resend: ChatMessage[] } {
  const seen = new Set(chatSeen);
  let next = log;
  for (const id of seen) next = ack(next, id);
  return { log: next, resend: unacked(next) };
}

/** Own messages the backend does not have yet, oldest first, as one transcript post's body (null when none). */
export function toTranscript(log: ChatLog): TranscriptPost | null {
  const posted = new Set(log.posted);
  const messages = log.entries
    .filter((e) => e.from === 'own' && !posted.has(e.id))
    .slice(0, TRANSCRIPT_POST_MAX)
    .map((e) => ({ id: e.id, text: e.text.slice(0, LIVE_LIMITS.chatChars), sentAt: new Date(e.sentAt).toISOString() }));
  return messages.length > 0 ? { messages } : null;
}

/** Records that the backend stored these own messages. */
export function markPosted(log: ChatLog, ids: readonly string[]): ChatLog {
  const posted = new Set(log.posted);
  const added = ids.filter((id) => !posted.has(id) && log.entries.some((e) => e.id === id && e.from === 'own'));
  return added.length > 0 ? { ...log, posted: [...log.posted, ...added] } : log;
}

/**
 * Merges what the backend's transcript holds (after this side's page was reloaded, say): own
 * lines come back delivered and posted, the other side's as received; lines already in the log
 * stay as they are. Kept in time order.
 */
export function restore(log: ChatLog, lines: readonly { id: string; own: boolean; text: string; sentAt: number }[]): ChatLog {
  const known = new Set(log.entries.map((e) => e.id));
  const added: ChatEntry[] = lines
    .filter((l) => !known.has(l.id))
    .map((l) => ({ id: l.id, from: l.own ? 'own' : 'other', text: l.text, sentAt: l.sentAt, status: 'delivered' }));
  if (added.length === 0) return log;
  const entries = [...log.entries, ...added].sort((a, b) => a.sentAt - b.sentAt);
  const posted = [...log.posted, ...added.filter((e) => e.from === 'own').map((e) => e.id)];
  return { entries, posted };
}
