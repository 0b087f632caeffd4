/**
 * Pure decisions about associates' credentials: whether a one-time link may still be used,
 * what it opens, how a signed-in device is named, when its last use is worth writing down.
 */

export type LinkPurpose = 'invitation' | 'reset';

/** The token prefix of each kind of link: an invitation (`fwi_`) or a password reset (`fwr_`). */
export const LINK_PREFIX: Record<LinkPurpose, string> = { invitation: 'fwi', reset: 'fwr' };

/** Where each kind of link opens (a page the backend serves). */
export const LINK_PAGE: Record<LinkPurpose, string> = { invitation: '/associates/set-password', reset: '/associates/reset-password' };

export interface LinkFacts {
  expiresAt: number;
  usedAt: number | null;
  /** The account may still sign in (its employer did not deactivate it). */
  accountActive: boolean;
}

export type LinkRefusal = 'expired' | 'used' | 'invalid';

/** Why a link cannot be used now, or null when it can. A used link says "used" even once past its expiry. */
export function linkRefusal(link: LinkFacts | undefined, now: number): LinkRefusal | null {
  if (!link || !link.accountActive) return 'invalid';
  if (link.usedAt !== null) return 'used';
  if (link.expiresAt <= now) return 'expired';
  return null;
}

export const LINK_MESSAGES: Record<LinkRefusal, string> = {
  expired: 'This link has expired. Ask for a new one.',
  used: 'This link was used already. Sign in with your password, or ask for a new link.',
  invalid: 'This link is not valid (a newer one may have replaced it). Ask for a new one.',
};

/** The link to the page, the token in the fragment: a fragment is never sent to a server, so it reaches no log or Referer. */
export function linkUrl(publicUrl: string, purpose: LinkPurpose, token: string, pages: Record<LinkPurpose, string> = LINK_PAGE): string {
  return `${publicUrl}${pages[purpose]}#token=${encodeURIComponent(token)}`;
}

/** The device's name in the associate's list: the one given at sign-in, else the user agent; printable, at most 100 characters. */
export function deviceLabel(device: string | undefined, userAgent: string | undefined): string | null {
  const clean = (device ?? userAgent ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean ? clean.slice(0, 100) : null;
}

/** A token's last use is written at most once a minute: the device list shows it to the minute, and a request costs no write. */
export const LAST_USE_PRECISION_MS = 60_000;

export function lastUseStale(lastUsedAt: number | null, now: number): boolean {
  return lastUsedAt === null || now - lastUsedAt >= LAST_USE_PRECISION_MS;
}
