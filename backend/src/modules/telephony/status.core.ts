/*
 * Where a call or a message stands, from Twilio's status callbacks. Callbacks come late, out of
 * order and more than once, so a callback only ever moves a call forward: along queued →
 * initiated → ringing → in-progress → one final status, and within a step by Twilio's
 * SequenceNumber (which counts a call's callbacks from 0). Once final, a call stays as it is.
 * Messages the same, without sequence numbers: queued → sending → sent → a final status.
 */

/**
 * A call's statuses, as the Call resource and its callbacks say them. `initiated` is what the
 * callback of the `initiated` event carries (Twilio has started dialling); the resource itself
 * goes from queued to ringing.
 */
export const CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** A call's end: answered and hung up, or never answered for one reason or another. */
export const FINAL_CALL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** A message's statuses we follow: an outbound message's way, and an inbound one's arrival. */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const FINAL_MESSAGE_STATUSES: ReadonlySet<MessageStatus> = new Set(['delivered', 'undelivered', 'failed', 'received']);

const CALL_STEP: Record<CallStatus, number> = { queued: 0, initiated: 1, ringing: 2, 'in-progress': 3, completed: 4, busy: 4, failed: 4, 'no-answer': 4, canceled: 4 };
const MESSAGE_STEP: Record<MessageStatus, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, received: 3 };

export const isCallStatus = (s: unknown): s is CallStatus => typeof s === 'string' && s in CALL_STEP;
export const isMessageStatus = (s: unknown): s is MessageStatus => typeof s === 'string' && s in MESSAGE_STEP;

/** A call as the callbacks so far tell it. `sequence` is the SequenceNumber of the callback that set it (-1: none yet). */
export interface CallState {
  status: CallStatus;
  sequence: number;
  /** CallDuration in seconds, once completed. */
  durationSeconds: number | null;
}

/** One call status callback, as read from its form (callbackOf). */
export interface CallCallback {
  callSid: string;
  status: CallStatus;
  /** SequenceNumber; null when absent (a `<Dial>` action request carries none). */
  sequence: number | null;
  durationSeconds: number | null;
  /** The call this leg was dialled from, for the shopper's leg of a bridge. */
  parentCallSid: string | null;
}

/** A call just created: queued, as Twilio answers the create. */
export const NEW_CALL: CallState = { status: 'queued', sequence: -1, durationSeconds: null };

/** Whether `next` comes after `current`: a later step, or the same step with a later sequence; nothing comes after an end. */
function comesAfter(step: number, sequence: number, currentStep: number, currentSequence: number, currentIsFinal: boolean): boolean {
  if (currentIsFinal) return false;
  return step > currentStep || (step === currentStep && sequence > currentSequence);
}

/** The call after a callback, and whether it changed: an earlier, equal or replayed callback changes nothing. */
export function applyCallCallback(state: CallState, callback: Pick<CallCallback, 'status' | 'sequence' | 'durationSeconds'>): { state: CallState; changed: boolean } {
  const sequence = callback.sequence ?? -1;
  if (!comesAfter(CALL_STEP[callback.status], sequence, CALL_STEP[state.status], state.sequence, FINAL_CALL_STATUSES.has(state.status))) return { state, changed: false };
  const durationSeconds = FINAL_CALL_STATUSES.has(callback.status) ? (callback.durationSeconds ?? (callback.status === 'completed' ? 0 : null)) : null;
  return { state: { status: callback.status, sequence, durationSeconds }, changed: true };
}

/** A message as its callbacks so far tell it. */
export interface MessageState {
  status: MessageStatus;
  /** Twilio's ErrorCode on failed or undelivered (30003: unreachable, 30007: filtered, …). */
  errorCode: number | null;
}

export interface MessageCallback {
  messageSid: string;
  status: MessageStatus;
  errorCode: number | null;
}

export const NEW_MESSAGE: MessageState = { status: 'queued', errorCode: null };

/** The message after a callback, and whether it changed: only a later step does. */
export function applyMessageCallback(state: MessageState, callback: Pick<MessageCallback, 'status' | 'errorCode'>): { state: MessageState; changed: boolean } {
  if (!comesAfter(MESSAGE_STEP[callback.status], 0, MESSAGE_STEP[state.status], 0, FINAL_MESSAGE_STATUSES.has(state.status))) return { state, changed: false };
  return { state: { status: callback.status, errorCode: FINAL_MESSAGE_STATUSES.has(callback.status) ? callback.errorCode : null }, changed: true };
}

/** Twilio's ids: two letters for the kind (CA a call, SM/MM a message, AC an account) and 32 hex digits. */
export const SID = /^[A-Z]{2}[0-9a-f]{32}$/;

const count = (v: string | null, max: number): number | null => (v !== null && /^\d{1,9}$/.test(v) && Number(v) <= max ? Number(v) : null);

/** A call status callback's fields, or null when the form is not one (no CallSid, an unknown CallStatus). */
export function callCallbackOf(form: { get(name: string): string | null }): CallCallback | null {
  const callSid = form.get('CallSid');
  const status = form.get('CallStatus');
  if (!callSid || !SID.test(callSid) || !isCallStatus(status)) return null;
  const parent = form.get('ParentCallSid');
  return {
    callSid,
    status,
    sequence: count(form.get('SequenceNumber'), 1_000_000),
    durationSeconds: count(form.get('CallDuration'), 86_400 * 7),
    parentCallSid: parent && SID.test(parent) ? parent : null,
  };
}

/** A message status callback's fields, or null when the form is not one. */
export function messageCallbackOf(form: { get(name: string): string | null }): MessageCallback | null {
  const messageSid = form.get('MessageSid');
  const status = form.get('MessageStatus') ?? form.get('SmsStatus');
  if (!messageSid || !SID.test(messageSid) || !isMessageStatus(status)) return null;
  return { messageSid, status, errorCode: count(form.get('ErrorCode'), 999_999) };
}
