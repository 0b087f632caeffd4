import type { Consent } from '../../lib/storage';

/** What the consent page shows: the question, or the outcome of the shopper's answer. */
export type ConsentView = 'loading' | 'question' | 'given' | 'declined';

/**
 * The question until the shopper answers; then the outcome. A declined shopper sees the
 * question again when they come to review their decision (the popup opens `#review`).
 */
export function consentView(consent: Consent | null | undefined, reviewing: boolean): ConsentView {
  if (consent === undefined) return 'loading';
  if (consent === null) return 'question';
  if (consent.state === 'declined') return reviewing ? 'question' : 'declined';
  return 'given';
}

/** The stored answer as the pages' `data-state` gives it. */
export function consentState(consent: Consent | null | undefined): 'loading' | 'pending' | Consent['state'] {
  return consent === undefined ? 'loading' : (consent?.state ?? 'pending');
}

/** The consent page's address; `review` opens it on the question even after a "no". */
export const CONSENT_PAGE = '/consent.html';
export const REVIEW_HASH = '#review';
