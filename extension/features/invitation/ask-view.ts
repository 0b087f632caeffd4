import type { ShopperLink } from './relay';

/**
 * What the popup's "Talk to someone" says: the button; asking; someone will come; nobody is
 * free (leave a message on the page). Pure: from what the relay keeps of the ask.
 */
export type AskView = { step: 'ask' } | { step: 'asking' } | { step: 'asked'; shopName: string } | { step: 'invited'; shopName: string } | { step: 'nobody'; shopName: string };

export function askView(link: Pick<ShopperLink, 'asked' | 'invitation' | 'leaveMessage'> | undefined, busy: boolean): AskView {
  if (busy) return { step: 'asking' };
  const asked = link?.asked;
  if (!asked) return { step: 'ask' };
  if (link.leaveMessage?.opportunityId === asked.opportunityId) return { step: 'nobody', shopName: asked.shopName };
  if (link.invitation) return { step: 'invited', shopName: asked.shopName };
  return { step: 'asked', shopName: asked.shopName };
}
