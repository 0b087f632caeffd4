import { z } from 'zod';
import { ReportAnswer, ReportQuery } from '../../../../shared/reports';
import type { RouteDoc } from '../openapi/document.core';

const FIGURES =
  'Each line and the total: opportunities, offers (decided, accepted, the acceptance rate), engagements, converted engagements and the conversion rate, and per currency the attributed revenue net of refunds, orders, the average order and commission; the lift of the learned ranking against the holdout with a 95% interval (Newcombe). Money dated by the engagement’s start (`datedBy=engagement`) or by the order (`datedBy=order`). `format=csv` answers the same figures as a CSV file (`text/csv`), whose totals equal the JSON’s.';

/** The routes of the reports module, for the OpenAPI document (openapi/catalogue.ts). */
export const reportRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/reports',
    tag: 'reports',
    summary: 'The enterprise’s report for a period, grouped by any of associate, category, opportunity rule, channel and day.',
    description: FIGURES,
    auth: ['enterprise'],
    query: ReportQuery,
    answer: { status: 200, description: 'The report (or its CSV with `format=csv`).', body: { id: 'ReportAnswer', schema: ReportAnswer } },
    errors: ['invalid_query'],
  },
  {
    method: 'GET',
    path: '/api/v1/associates/me/results',
    tag: 'reports',
    summary: 'The signed-in associate’s own figures at one enterprise they work for (`enterpriseId`), with the same query and figures as the enterprise’s report.',
    description: `Only the associate’s own engagements, offers and commission; another enterprise's id is 404. ${FIGURES}`,
    auth: ['associate'],
    query: z.object({ enterpriseId: z.uuid().describe('The enterprise (employer or one that admitted the associate).') }),
    answer: { status: 200, description: 'The associate’s report.', body: { id: 'ReportAnswer', schema: ReportAnswer } },
    errors: ['invalid_query', 'not_found'],
  },
];
