import type { RouteDoc } from '../openapi/document.core';

/** The console web application's files (HTML, scripts, styles), for the OpenAPI document (openapi/catalogue.ts). */
export const consoleAppRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/console/*',
    tag: 'console',
    summary: 'The console web application (HTML, scripts, styles; index.html for its own routes); 503 with a page saying to build it when it is not built.',
    auth: [],
    answer: { status: 200, description: 'A file of the console (its type by name; hashed assets cached a year).' },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/join/*',
    tag: 'console',
    summary: 'The public registration site (join.html of the console’s build, for /join/ and every path under it: /join/verify and /join/status are the pages registration’s mails link to); 503 with a page saying to build it when it is not built.',
    auth: [],
    answer: { status: 200, description: 'The registration site’s page, with the console’s strict policy.' },
    errors: ['not_found'],
  },
];
