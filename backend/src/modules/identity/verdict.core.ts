import { MAX_IDENTITY_TOKEN_SECONDS } from '../../../../shared/identity';

/**
 * Whether a page's customer id is proven: what the shop's signed token says, judged against
 * the id the page shows. The signature, the algorithm (HS256 only) and `exp` are checked
 * before this (jose's jwtVerify); this decides the rest. Pure.
 */

/** Seconds of clock difference forgiven between the shop's server and the backend. */
export const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Why an id is a claim: no token; the site has no live secret; a token that did not verify
 * (bad signature or form, another algorithm), expired, made for another customer, or valid for
 * longer than a day.
 */
export type ClaimReason = 'no_token' | 'no_secret' | 'invalid' | 'expired' | 'wrong_subject' | 'too_long';

export type IdentityVerdict = { verified: true } | { verified: false; reason: ClaimReason };

/** A token was there and the site could have verified it, yet it did not verify: counted for the enterprise. */
export function isRejection(verdict: IdentityVerdict): boolean {
  return !verdict.verified && verdict.reason !== 'no_token' && verdict.reason !== 'no_secret';
}

/** The claims of a token whose signature and expiry held, judged for the id the page claims at `nowSeconds`. */
export function judgeClaims(claims: { sub?: unknown; exp?: unknown; iat?: unknown }, claimedId: string, nowSeconds: number): IdentityVerdict {
  if (claims.sub !== claimedId) return { verified: false, reason: 'wrong_subject' };
  if (typeof claims.exp !== 'number') return { verified: false, reason: 'invalid' };
  // A token good for longer than a day is a standing credential: refused even if its `iat` says otherwise.
  if (claims.exp - nowSeconds > MAX_IDENTITY_TOKEN_SECONDS + CLOCK_TOLERANCE_SECONDS) return { verified: false, reason: 'too_long' };
  if (typeof claims.iat === 'number' && claims.exp - claims.iat > MAX_IDENTITY_TOKEN_SECONDS) return { verified: false, reason: 'too_long' };
  return { verified: true };
}
