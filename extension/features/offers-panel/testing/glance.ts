import { EngagementView } from '../../../../shared/realtime';
import { PracticesView, SalesInfo } from '../../../../shared/sales';
import { OFFER, PRACTICES, product, SALES_INFO } from '../../live-console/testing/sales';
import type { ConsoleContext } from '../../live-console/sales.core';

/** "In this engagement" fixtures (tests and the screenshots), from the console's, each checked against the shared schema. */
export const ENGAGEMENT_ID = 'eng-1';

export const engagement = (status: EngagementView['status'] = 'accepted', id = ENGAGEMENT_ID): EngagementView =>
  EngagementView.parse({
    id,
    opportunityId: 'opp-1',
    status,
    invitedAt: '2026-03-01T11:55:00Z',
    expiresAt: '2026-03-01T11:57:00Z',
    answeredAt: '2026-03-01T11:55:20Z',
    shopper: { site: 'shop.example', product: { name: 'Trail Tent 2P', url: 'https://shop.example/p/tt-2p', price: '349.00', currency: 'EUR' }, locale: 'en-GB' },
  });

/** The tent in view (on sale), an alternative sold out before one in stock, the customer verified. */
export const salesInfo = (change: Partial<SalesInfo> = {}): SalesInfo =>
  SalesInfo.parse({
    ...SALES_INFO,
    alternatives: [product({ sku: 'UL-1', name: 'Ultralight 1', price: '459.00', listPrice: null, availability: 'out_of_stock', stock: 0, url: 'https://shop.example/p/ul-1', attributes: {} }), ...SALES_INFO.alternatives],
    ...change,
  });

/** Nothing looked at yet, nobody known. */
export const emptySalesInfo = (): SalesInfo => SalesInfo.parse({ engagementId: ENGAGEMENT_ID, productInView: null, alternatives: [], accessories: [], customer: null, trail: [] });

export const practices = (change: Partial<PracticesView> = {}): PracticesView => PracticesView.parse({ ...PRACTICES, ...change });

export const context: ConsoleContext = { offer: OFFER, engagement: engagement(), savedAt: Date.parse('2026-03-01T11:55:20Z') };
