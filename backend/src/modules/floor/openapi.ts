import { LiveOverview, OverviewQuery } from '../../../../shared/floor';
import type { RouteDoc } from '../openapi/document.core';

/** The floorwalker's live overview, for the OpenAPI document (openapi/catalogue.ts). */
export const floorRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/live/overview',
    tag: 'live',
    summary: 'The enterprise’s floor now: shoppers on its sites by site, opportunities still offered (waiting or offered, and for how long), associates by presence (with why), engagements invited or live (associate, channels open, since when).',
    description:
      'Every console role may read it (and the enterprise’s API keys). `minutes` (1–60, default 5): a shopper counts when their session had an event that recently. ' +
      'A console subscribed on the realtime WebSocket (its cookie, `?enterprise=<id>` or a first message `{ "v": 1, "type": "console", "enterpriseId" }`) is sent `{ "type": "live", "changed": [...] }` ' +
      'at most about once a second when any of this changes, and fetches it again.',
    auth: ['enterprise'],
    query: OverviewQuery,
    answer: { status: 200, description: 'The overview.', body: { id: 'LiveOverview', schema: LiveOverview } },
  },
];
