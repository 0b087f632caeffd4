/*
 * Using a one-time link (an invitation, a reset, registration's address confirmation): refused
 * unless usable now, then used by one conditional UPDATE, so of two concurrent uses one wins.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { associateLinks } from '../../db/schema';
import { LinkUnusable } from '../../errors';
import { LINK_MESSAGES, linkRefusal } from './credentials.core';

/** The link as read, if it can be used at `now` by an account that may; otherwise why not, as the error the routes answer. */
export function usableLink<L extends { expiresAt: Date; usedAt: Date | null }>(link: L | undefined, accountActive: (link: L) => boolean, now: Date): L {
  const refusal = linkRefusal(link && { expiresAt: link.expiresAt.getTime(), usedAt: link.usedAt?.getTime() ?? null, accountActive: accountActive(link) }, now.getTime());
  if (refusal || !link) throw new LinkUnusable(refusal ?? 'invalid', LINK_MESSAGES[refusal ?? 'invalid']);
  return link;
}

/** Marks an associate's link used at `now`; a concurrent use that came first (or the link's expiry) refuses it as used. */
export async function claimAssociateLink(tx: Tx, tokenHash: string, now: Date): Promise<void> {
  const [used] = await tx
    .update(associateLinks)
    .set({ usedAt: now })
    .where(and(eq(associateLinks.tokenHash, tokenHash), isNull(associateLinks.usedAt), gt(associateLinks.expiresAt, now)))
    .returning({ id: associateLinks.associateId });
  if (!used) throw new LinkUnusable('used', LINK_MESSAGES.used);
}
