import type { Role } from '../../../shared/console';

/**
 * What each console role may do with the enterprise's API, by method and path: the one table
 * behind the console's refusals (403 `role_forbids`). An API key is the enterprise's own and may
 * do everything; these rules are for people signed in to the console.
 *
 * - owner: everything, users and keys included;
 * - admin: all configuration; reads the keys and users but changes neither;
 * - sales lead: associates, opportunity and matching rules, materials, live view, outcomes;
 * - analyst: reads reports and sessions, and the selling's own views (associates, rules, opportunities,
 *   engagements, messages, materials, catalogue, orders), changes nothing (previews and dry runs of
 *   draft rules are reads); never a setting that holds secrets or an integration's configuration.
 */
const RANK: Record<Role, number> = { analyst: 0, sales_lead: 1, admin: 2, owner: 3 };

interface Area {
  /** The path under /api/v1 this area starts with. */
  prefix: string;
  /** The least role that reads it (GET, HEAD). */
  read: Role;
  /** The least role that changes it (any other method). */
  change: Role;
}

/** Most specific first: the first area whose prefix the path starts with decides. */
const AREAS: Area[] = [
  { prefix: '/api-keys', read: 'admin', change: 'owner' },
  { prefix: '/enterprise/users', read: 'admin', change: 'owner' },
  { prefix: '/enterprise/support-access', read: 'admin', change: 'owner' },
  { prefix: '/audit', read: 'admin', change: 'owner' },
  // Settings that hold secrets or an integration's configuration (signing secrets, lookup and export
  // destinations, access key ids, the telephone company's account): the owner's and admins', to read as to change.
  { prefix: '/customer-source', read: 'admin', change: 'admin' },
  { prefix: '/reports/exports', read: 'admin', change: 'admin' },
  { prefix: '/order-sources', read: 'admin', change: 'admin' },
  { prefix: '/telephony', read: 'admin', change: 'admin' },
  { prefix: '/customers', read: 'sales_lead', change: 'admin' },
  // The marketplace's approved independents, to invite from: for who admits associates.
  { prefix: '/independents', read: 'sales_lead', change: 'sales_lead' },
  { prefix: '/associates', read: 'analyst', change: 'sales_lead' },
  { prefix: '/rules', read: 'analyst', change: 'sales_lead' },
  { prefix: '/matching', read: 'analyst', change: 'sales_lead' },
  { prefix: '/materials', read: 'analyst', change: 'sales_lead' },
  // Accreditation tests' banks: written by whoever writes the rules and materials.
  { prefix: '/question-banks', read: 'analyst', change: 'sales_lead' },
  { prefix: '/messages', read: 'analyst', change: 'sales_lead' },
  { prefix: '/catalog/resolve', read: 'analyst', change: 'sales_lead' },
  { prefix: '/engagements', read: 'analyst', change: 'sales_lead' },
];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * POSTs that change nothing (they carry a draft or a sample to compute with, and write nothing):
 * they are reads of their area, so an analyst may preview draft rules and dry-run a ranking.
 * Restoring an old version of the rules writes one: a change like any other.
 */
const READS_BY_POST = new Set(['/rules/opportunity/preview', '/matching/dry-run']);

/** Whether a request is a POST that only reads (a preview, a dry run): not a change, for the roles nor for the audit log. */
export function isReadByPost(method: string, path: string): boolean {
  const rest = path.startsWith('/api/v1') ? path.slice('/api/v1'.length) : path;
  return method.toUpperCase() === 'POST' && READS_BY_POST.has(rest);
}

/** Whether `role` may make this request of the enterprise's API (`path` as requested, with /api/v1). */
export function roleAllows(role: Role, method: string, path: string): boolean {
  const rest = path.startsWith('/api/v1') ? path.slice('/api/v1'.length) : path;
  const area = AREAS.find((a) => rest === a.prefix || rest.startsWith(`${a.prefix}/`));
  const reads = SAFE.has(method.toUpperCase()) || isReadByPost(method, path);
  const need: Role = reads ? (area?.read ?? 'analyst') : (area?.change ?? 'admin');
  return RANK[role] >= RANK[need];
}

/** Whether `role` holds at least `least`. */
export function atLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}
