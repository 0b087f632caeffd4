import { type ConsentScope, LIVE_LIMITS, type LiveMessageOf } from '../../../shared/live';

/**
 * What the shopper lets the associate do (see the tab, guide, talk), one capability at a time,
 * held the same way on both sides: the shopper's live host, which answers, and the associate's
 * console, which asks. Each capability is `off`, `asking` (a request waits for the shopper's
 * answer) or `on`. The rules both sides follow:
 *
 * - One lapse: a request unanswered after `LIVE_LIMITS.consentLapsesMs` counts as no (`lapsed`).
 * - One policy for a second ask: while `on`, nothing is asked again (the shopper's side says yes
 *   at once, the console asks nothing); the same request again changes nothing; a new request
 *   while one waits replaces it: the earlier one lapses, the new one gets the whole lapse.
 * - An answer to a request that was replaced changes nothing; a no without a request id, or
 *   while `on`, is a revocation.
 *
 * Pure: times come in as arguments.
 */

export type ConsentState = 'off' | 'asking' | 'on';
/** How the last request (or the consent) ended: said yes, said no, never answered, taken back, the engagement ended. */
export type ConsentAnswer = 'yes' | 'no' | 'lapsed' | 'revoked' | 'ended';

export interface Consent {
  state: ConsentState;
  /** While `asking`: the request's id and when it lapses. */
  ask: { id: string; askedAt: number; lapsesAt: number } | null;
  /** How the latest request ended, or the consent was taken back (null: never asked, or asking now). */
  last: ConsentAnswer | null;
}
export type Consents = Record<ConsentScope, Consent>;

export const CONSENT_SCOPES: readonly ConsentScope[] = ['view', 'guide', 'voice'];
const OFF: Consent = { state: 'off', ask: null, last: null };
export const noConsents: Consents = { view: OFF, guide: OFF, voice: OFF };

/** What a second (or first) ask comes to. */
export type AskOutcome =
  /** A new request is out; `replaced`: the earlier request it lapses (null: none was waiting). */
  | { kind: 'asked'; replaced: string | null }
  /** Already allowed: nothing to ask (the shopper's side answers yes at once). */
  | { kind: 'already-on' }
  /** The request that waits already: nothing changes. */
  | { kind: 'repeat' };

/** Puts request `id` for `scope` to the shopper at `at`. */
export function ask(consents: Consents, scope: ConsentScope, id: string, at: number): { consents: Consents; outcome: AskOutcome } {
  const c = consents[scope];
  if (c.state === 'on') return { consents, outcome: { kind: 'already-on' } };
  if (c.ask?.id === id) return { consents, outcome: { kind: 'repeat' } };
  const next: Consent = { state: 'asking', ask: { id, askedAt: at, lapsesAt: at + LIVE_LIMITS.consentLapsesMs }, last: null };
  return { consents: { ...consents, [scope]: next }, outcome: { kind: 'asked', replaced: c.ask?.id ?? null } };
}

/** An answer or a revocation, as the `consent` message says it. */
export type ConsentWord = Pick<LiveMessageOf<'consent'>, 'scope' | 'granted' | 'requestId' | 'lapsed'>;

/**
 * Takes the shopper's word for a capability; `changed` tells whether it went on or off (usage
 * starts or stops), not only an answer recorded.
 */
export function hear(consents: Consents, word: ConsentWord): { consents: Consents; changed: boolean } {
  const c = consents[word.scope];
  // An answer to a request that was replaced since: the one that waits decides.
  if (c.state === 'asking' && word.requestId !== undefined && word.requestId !== c.ask!.id) return { consents, changed: false };
  let next: Consent;
  if (word.granted) next = { state: 'on', ask: null, last: 'yes' };
  else if (c.state === 'asking') next = { state: 'off', ask: null, last: word.lapsed ? 'lapsed' : 'no' };
  else if (c.state === 'on') next = { state: 'off', ask: null, last: 'revoked' };
  else return { consents, changed: false };
  if (next.state === c.state && next.last === c.last) return { consents, changed: false };
  return { consents: { ...consents, [word.scope]: next }, changed: (c.state === 'on') !== (next.state === 'on') };
}

/** The requests unanswered at `now` lapse (they count as no). */
export function lapse(consents: Consents, now: number): { consents: Consents; lapsed: { scope: ConsentScope; id: string }[] } {
  const lapsed = CONSENT_SCOPES.flatMap((scope) => {
    const a = consents[scope].ask;
    return a && a.lapsesAt <= now ? [{ scope, id: a.id }] : [];
  });
  if (lapsed.length === 0) return { consents, lapsed };
  const next = { ...consents };
  for (const { scope } of lapsed) next[scope] = { state: 'off', ask: null, last: 'lapsed' };
  return { consents: next, lapsed };
}

/** The engagement ended: every capability off; what was asked or allowed ended with it. */
export function endAll(consents: Consents): Consents {
  const next = { ...consents };
  for (const scope of CONSENT_SCOPES) if (consents[scope].state !== 'off') next[scope] = { state: 'off', ask: null, last: 'ended' };
  return next;
}

/** Whether each capability is allowed now. */
export function granted(consents: Consents): Record<ConsentScope, boolean> {
  return { view: consents.view.state === 'on', guide: consents.guide.state === 'on', voice: consents.voice.state === 'on' };
}

/** The latest answer in the associate's words (null while none to tell). */
export function answerText(last: ConsentAnswer | null): string | null {
  switch (last) {
    case 'yes':
      return 'The shopper said yes.';
    case 'no':
      return 'The shopper said no.';
    case 'lapsed':
      return 'The shopper did not answer.';
    case 'revoked':
      return 'The shopper stopped it.';
    case 'ended':
      return 'Ended with the engagement.';
    case null:
      return null;
  }
}
