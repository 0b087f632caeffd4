import { z } from 'zod';
import { ExportAttemptResult, ExportSettings, ExportSettingsBody, ReportAnswer, ReportQuery } from '../../../../shared/reports';
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
  {
    method: 'PUT',
    path: '/api/v1/reports/exports',
    tag: 'reports',
    summary: 'Sets the enterprise’s scheduled export: daily or weekly at an hour in a time zone, the report’s grouping, and where the CSV goes (a signed webhook or an S3-compatible bucket).',
    description:
      'Each run sends the CSV of the whole local day (or seven days) before the run’s day, named `floorwalker-report-2026-03-01.csv`. A webhook gets `POST` with `X-Floorwalker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` and `X-Floorwalker-Export` (the run’s id, the same on every attempt); its signing secret (`fwx_…`) is in the answer that creates it (or rotates it: `rotateSecret`, the previous one still signs beside it until the next save), and never again. A bucket gets a `PutObject` signed with AWS Signature V4; its `secretAccessKey` is stored sealed and never shown again. URLs are https and public unless the operator allows the host (`OUTBOUND_ALLOW_HOSTS`). Saving starts the schedule afresh (`nextRunAt`). A failed run (no answer, 408, 429, 5xx) is tried again with backoff or after `Retry-After`, up to 8 attempts; a refused one (any other status, a redirect, a URL the guard refuses) is not; either way the next run follows.',
    auth: ['enterprise'],
    body: { id: 'ExportSettingsBody', schema: ExportSettingsBody },
    answer: { status: 200, description: 'The settings (secrets as hints), with `signingSecret` when this request made one.', body: { id: 'ExportSettings', schema: ExportSettings } },
    errors: ['url_not_allowed'],
  },
  {
    method: 'GET',
    path: '/api/v1/reports/exports',
    tag: 'reports',
    summary: 'The enterprise’s scheduled export: its settings (secrets only as their last 4 characters), the next run and what came of the last attempt.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The settings.', body: { id: 'ExportSettings', schema: ExportSettings } },
    errors: ['not_found'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/reports/exports',
    tag: 'reports',
    summary: 'Removes the scheduled export (a pending run does nothing).',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Removed.' },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/reports/exports/run',
    tag: 'reports',
    summary: 'Sends the export of the last complete period now, once, to check the settings: what came of it (not tried again; the schedule is unchanged).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The attempt’s result: `delivered`, `failed` (no answer, 408, 429, 5xx) or `refused`, with the reason.', body: { id: 'ExportAttemptResult', schema: ExportAttemptResult } },
    errors: ['not_found'],
  },
];
