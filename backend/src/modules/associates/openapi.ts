import { IndependentPage, IndependentQuery, LocalDate, ScheduleException, ScheduleExceptionBody, ScheduleExceptionList, ScheduleExceptionQuery } from '../../../../shared/associates';
import type { RouteDoc } from '../openapi/document.core';

/** The directory of approved independents and associates' schedule exceptions (their own, and as their enterprise reads them), for the OpenAPI document (openapi/catalogue.ts). */
export const trustRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/independents',
    tag: 'associates',
    summary: 'The marketplace’s approved independents, to invite: languages, zone, declared categories, valid test accreditations this enterprise can see, their record and this enterprise’s invitation.',
    description:
      'Never an applicant the marketplace has not approved, an employee or a deactivated account, and never an address: invite one by id (POST /api/v1/associates/admissions with `associateId`). ' +
      '`category` ("Audio > Headphones") matches a declared category or a test accreditation in or under it; with `minLevel`, only a valid accreditation covering it at that level or above. ' +
      '`record` counts outcomes and sales over their past engagements on the whole marketplace (no enterprise named). Sorted by name, `limit` (1–100) at a time; `after` is the previous page’s `next`. ' +
      'Console users from sales lead up, and the enterprise’s API keys.',
    auth: ['enterprise'],
    query: IndependentQuery,
    answer: { status: 200, description: 'A page of the directory.', body: { id: 'IndependentPage', schema: IndependentPage } },
  },
  {
    method: 'GET',
    path: '/api/v1/associates/me/schedule-exceptions',
    tag: 'associates',
    summary: 'The signed-in associate’s exceptions to their weekly schedule from today on (in their zone), soonest first.',
    auth: ['associate'],
    answer: { status: 200, description: 'The exceptions, with the zone and today’s date there.', body: { id: 'ScheduleExceptionList', schema: ScheduleExceptionList } },
  },
  {
    method: 'PUT',
    path: '/api/v1/associates/me/schedule-exceptions/:date',
    tag: 'associates',
    summary: 'Sets the hours worked on one local date instead of the week’s (no periods: a day off), with a note; replaces that date’s exception.',
    description: 'The date is in the associate’s zone, from today to a year ahead (a past date or a later one: 400 `invalid_body` naming `date`). Matching and the floor use the exception in place of the week’s periods that day.',
    auth: ['associate'],
    params: { date: LocalDate },
    body: { id: 'ScheduleExceptionBody', schema: ScheduleExceptionBody },
    answer: { status: 200, description: 'The exception as kept.', body: { id: 'ScheduleException', schema: ScheduleException } },
    errors: ['invalid_path'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/associates/me/schedule-exceptions/:date',
    tag: 'associates',
    summary: 'Removes one date’s exception: the week’s hours apply again that day.',
    auth: ['associate'],
    params: { date: LocalDate },
    answer: { status: 204, description: 'Removed.' },
    errors: ['invalid_path', 'not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/associates/:id/schedule-exceptions',
    tag: 'associates',
    summary: 'An associate’s days off and one-off hours, as their enterprise reads them: from today in their zone (or `from`) up to `to`, soonest first.',
    description:
      'Only the enterprise’s own employees and the independents it admitted: anyone else’s id is a 404, as is an unknown one. ' +
      '`from` and `to` are dates "YYYY-MM-DD" in the associate’s zone, both included; `to` not before `from` and at most 366 days after it (else 400 `invalid_query` naming `to`). ' +
      'Read only: only the associate sets or removes them. Console users of every role (the associates area is read from analyst up), and the enterprise’s API keys.',
    auth: ['enterprise'],
    query: ScheduleExceptionQuery,
    answer: { status: 200, description: 'The exceptions, with the associate’s zone and today’s date there.', body: { id: 'ScheduleExceptionList', schema: ScheduleExceptionList } },
    errors: ['not_found'],
  },
];
