import type { LiveMessageOf, TranscriptPost } from '../../../shared/live';
import { LIVE_VERSION } from '../../../shared/live';

/**
 * The chat of one engagement as one side holds it (both sides use it): its own messages until
 * the other acknowledges them (re-sent after a reconnection), the other's messages once each
 * (a re-sent one is acknowledged again but not shown twice), and which of its own messages
 * are already posted to the backend's transcript. Pure: immutable state in, state out.
 */

export type ChatStatus = 'pending' | 'delivered';

export interface ChatEntry {
  id: string;
  /** `own`: written on this side; `other`: received. */
  from: 'own' | 'other';
  text: string;
  /** Milliseconds since the epoch, by the writer's clock. */
  sentAt: number;
  /** Own messages: whether the other side acknowledged it. Received messages are always `delivered`. */
  status: ChatStatus;
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

/** The most ids a hello's `chatSeen` carries (the schema's limit). */
export const CHAT_SEEN_MAX = 1000;
/** The most messages one transcript post carries (the schema's limit). */
export const TRANSCRIPT_POST_MAX = 100;

const toChat = (e: ChatEntry): Chat => ({ v: LIVE_VERSION, type: 'chat', id: e.id, text: e.text, sentAt: e.sentAt });

/** Adds an own message (pending until acknowledged) and the chat message to send. An id already in the log changes nothing. */
export function addOwn(log: ChatLog, message: { id: string; text: string; sentAt: number }): { log: ChatLog; send: Chat | null } {
  if (log.entries.some((e) => e.id === message.id)) return { log, send: null };
  const entry: ChatEntry = { ...message, from: 'own', status: 'pending' };
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
export function receive(log: ChatLog, message: Chat): { log: ChatLog; isNew: boolean; ack: ChatAck } {
  const ackMessage: ChatAck = { v: LIVE_VERSION, type: 'chat-ack', id: message.id };
  if (log.entries.some((e) => e.id === message.id)) return { log, isNew: false, ack: ackMessage };
  const entry: ChatEntry = { id: message.id, from: 'other', text: message.text, sentAt: message.sentAt, status: 'delivered' };
  return { log: { ...log, entries: [...log.entries, entry] }, isNew: true, ack: ackMessage };
}

/** Own messages not yet acknowledged, oldest first: to send again after a reconnection. */
export function unacked(log: ChatLog): Chat[] {
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
export function helloReceived(log: ChatLog, chatSeen: readonly string[]): { log: ChatLog; resend: Chat[] } {
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
    .map((e) => ({ id: e.id, text: e.text, sentAt: new Date(e.sentAt).toISOString() }));
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
