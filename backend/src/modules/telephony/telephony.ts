/**
 * What the backend needs of a telephone company: calling a phone and bridging it to another,
 * texting, hanging up, and knowing its webhooks for its own. Twilio is the one (twilio.ts); the
 * service will speak only to this interface, so a test or another carrier can stand in.
 */
import type { FormFields } from './signature.core';
import type { CallStatus, MessageStatus } from './status.core';

/** What the call does once answered: TwiML given inline, or the URL Twilio fetches it from (POST). */
export type Instructions = { twiml: string } | { url: string };

export interface CallRequest {
  /** The number called first: the associate's phone, E.164. */
  to: string;
  /** Our number, E.164. */
  from: string;
  instructions: Instructions;
  /** Where the call reports initiated, ringing, answered and completed. */
  statusCallback: string;
  /** Seconds to let the phone ring before giving up (no-answer); Twilio's default is 60. */
  timeoutSeconds?: number;
}

export interface MessageRequest {
  to: string;
  from: string;
  body: string;
  /** Where the message reports sent, delivered, undelivered or failed. */
  statusCallback?: string;
}

export interface Telephony {
  /** 'twilio'. */
  readonly name: string;
  /** Starts a call; Twilio answers at once with the call queued, and tells the rest by callbacks. */
  placeCall(call: CallRequest, signal: AbortSignal): Promise<{ sid: string; status: CallStatus }>;
  sendMessage(message: MessageRequest, signal: AbortSignal): Promise<{ sid: string; status: MessageStatus }>;
  /** Ends a call: a ringing one is cancelled, an answered one hung up. */
  hangUp(callSid: string, signal: AbortSignal): Promise<{ sid: string; status: CallStatus }>;
  /** Whether a webhook's X-Twilio-Signature is Twilio's for a request to `url` with `params`. */
  signatureMatches(url: string, params: FormFields, header: string | undefined): boolean;
}

/**
 * What a refusal is about, from Twilio's error code, for the caller to act on: a number that is
 * not one, a recipient who texted STOP, our credentials, a call or message Twilio does not know,
 * too many requests; anything else is `other`.
 */
export type FailureKind = 'invalid-number' | 'opted-out' | 'unauthorized' | 'not-found' | 'rate-limited' | 'other';

/** Why a call to the carrier failed, in words safe for the log (no token, no phone number). */
export class TelephonyFailure extends Error {
  constructor(
    readonly reason: string,
    readonly kind: FailureKind = 'other',
    /** The carrier's HTTP status, when it answered. */
    readonly status: number | null = null,
    /** The carrier's own error code (Twilio's 21211, 21610, …), when it gave one. */
    readonly code: number | null = null,
  ) {
    super(reason);
    this.name = 'TelephonyFailure';
  }
}
