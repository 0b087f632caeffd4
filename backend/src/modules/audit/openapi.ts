import { AuditPage, AuditQuery } from '../../../../shared/console';
import type { RouteDoc } from '../openapi/document.core';

const RULES =
  'Every change (any method but GET) a key, a console user or an operator made that succeeded is recorded after its answer, best effort: who (the key’s label, the user’s e-mail and role as they were), when, the route’s pattern, the path, the status, what changed and the state before and after where the route says, else the JSON body sent (secrets redacted; over 16 KB summarised). Nothing is ever deleted. Newest first; `next` is the `before` of the next page.';

/** The routes of the audit log, for the OpenAPI document (openapi/catalogue.ts). */
export const auditRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: 'The enterprise’s audit log: changes by its keys, its console users and the operator, newest first, filtered by actor kind, text and time.',
    description: `${RULES} In the console, owners and admins read it.`,
    auth: ['enterprise'],
    query: AuditQuery.omit({ enterpriseId: true }),
    answer: { status: 200, description: 'A page of entries.', body: { id: 'AuditPage', schema: AuditPage } },
  },
  {
    method: 'GET',
    path: '/api/v1/marketplace/audit',
    tag: 'marketplace',
    summary: 'The whole marketplace’s audit log (every enterprise’s, and the operators’ own changes), optionally one enterprise’s.',
    description: RULES,
    auth: ['operator'],
    query: AuditQuery,
    answer: { status: 200, description: 'A page of entries.', body: { id: 'AuditPage', schema: AuditPage } },
    errors: ['operator_only'],
  },
];
