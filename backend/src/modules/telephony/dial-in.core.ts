/*
 * Dial-in: the shopper calls the enterprise's number and keys in the code their dock shows; the
 * call then rings the engagement's associate. What a code is, how long it lasts, and what a call
 * hears at each step. Pure: no I/O, no clock, no randomness of its own.
 */

/** How long a code works after it is issued (and only while the engagement is live). */
export const DIAL_IN_CODE_TTL_MS = 30 * 60 * 1000;
/** Tries a caller has to key in a code before the call is ended. */
export const MAX_CODE_ATTEMPTS = 3;
/** Digits in a code. */
export const DIAL_IN_CODE_DIGITS = 6;
/** Seconds the caller has to key the code in before Twilio gives up waiting. */
export const CODE_TIMEOUT_SECONDS = 10;
/** Fresh codes tried when the one drawn is another engagement's (the unique index refused it). */
export const CODE_DRAWS = 10;

const CODE = /^\d{6}$/;
export const isDialInCode = (digits: string | null | undefined): digits is string => typeof digits === 'string' && CODE.test(digits);

/** A code from a number drawn uniformly in [0, 10^6): six digits, leading zeros kept. */
export function dialInCodeOf(drawn: number): string {
  if (!Number.isInteger(drawn) || drawn < 0 || drawn >= 10 ** DIAL_IN_CODE_DIGITS) throw new RangeError('a code is drawn in [0, 1000000)');
  return String(drawn).padStart(DIAL_IN_CODE_DIGITS, '0');
}

/** Whether a code issued before is still the one to show: not yet expired. */
export const codeStillValid = (code: { expiresAt: Date } | undefined, now: Date): code is { expiresAt: Date } => code !== undefined && code.expiresAt.getTime() > now.getTime();

/** When a code issued now expires. */
export const codeExpiry = (now: Date): Date => new Date(now.getTime() + DIAL_IN_CODE_TTL_MS);

/** Which try this is, from the `attempt` of the code's action URL (ours, signed by Twilio): 1 to MAX_CODE_ATTEMPTS; anything else is the first. */
export function attemptOf(query: string | null | undefined): number {
  const n = query && /^\d$/.test(query) ? Number(query) : 1;
  return n >= 1 && n <= MAX_CODE_ATTEMPTS ? n : 1;
}

/** What the call hears. */
export const PROMPTS = {
  ask: 'Welcome. Please enter the six digit code shown on your screen.',
  retry: 'Sorry, that code is not valid. Please enter the six digit code shown on your screen.',
  noInput: 'We did not receive a code. Goodbye.',
  giveUp: 'Sorry, that code is not valid. Please ask for a new code on your screen. Goodbye.',
  unavailable: 'Sorry, we cannot connect your call right now. Please try again from your screen. Goodbye.',
  connecting: 'Thank you. Connecting you now.',
  tooMany: 'Sorry, too many codes that are not valid were entered. Please try again later. Goodbye.',
} as const;

/** The code keyed in was a live engagement's (`joined`), none (`wrong`), or the call cannot be bridged now (`unavailable`: no associate phone, a call under way). */
export type CodeResult = { kind: 'joined' } | { kind: 'wrong' } | { kind: 'unavailable' };

/** What follows a code: the bridge, another try (its number), or the end with words. */
export type CodeStep = { next: 'dial' } | { next: 'retry'; attempt: number; prompt: string } | { next: 'hangup'; say: string };

export function nextStep(result: CodeResult, attempt: number): CodeStep {
  if (result.kind === 'joined') return { next: 'dial' };
  if (result.kind === 'unavailable') return { next: 'hangup', say: PROMPTS.unavailable };
  return attempt < MAX_CODE_ATTEMPTS ? { next: 'retry', attempt: attempt + 1, prompt: PROMPTS.retry } : { next: 'hangup', say: PROMPTS.giveUp };
}
