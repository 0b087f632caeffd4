import { describe, expect, it } from 'vitest';
import { type AskView, askView } from './ask-view';
import type { ShopperLink } from './relay';

const asked = { opportunityId: 'o1', shopName: 'Voltaire Retail' };
const invitation = { engagementId: 'e1', associateName: 'Ana', siteName: 'Voltaire Electronics', product: null, expiresAt: 0, tabId: 1 };
const link = (over: Partial<ShopperLink>): ShopperLink => ({ tab: null, lastActivityAt: null, invitation: null, leaveMessage: null, asked: null, ...over });

describe('askView', () => {
  it.each<[string, ShopperLink | undefined, boolean, AskView]>([
    ['not read yet', undefined, false, { step: 'ask' }],
    ['nothing asked', link({}), false, { step: 'ask' }],
    ['the request under way', link({}), true, { step: 'asking' }],
    ['asked, nobody yet', link({ asked }), false, { step: 'asked', shopName: 'Voltaire Retail' }],
    ['asked, an invitation on the page', link({ asked, invitation }), false, { step: 'invited', shopName: 'Voltaire Retail' }],
    ['asked, given up: leave a message', link({ asked, leaveMessage: { opportunityId: 'o1', siteName: null, tabId: 1 } }), false, { step: 'nobody', shopName: 'Voltaire Retail' }],
    ['asked; a message offered for another opportunity', link({ asked, leaveMessage: { opportunityId: 'o0', siteName: null, tabId: 1 } }), false, { step: 'asked', shopName: 'Voltaire Retail' }],
  ])('%s', (_, given, busy, expected) => {
    expect(askView(given, busy)).toEqual(expected);
  });
});
