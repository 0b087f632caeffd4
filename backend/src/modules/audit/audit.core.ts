/**
 * The audit log's rules without I/O: which requests are recorded, what of a request body is
 * kept (secrets redacted, large bodies summarised) and how a route is named.
 */

/** A body larger than this (bytes of JSON) is summarised in the log, not stored. */
export const MAX_AUDITED_BODY_BYTES = 16 * 1024;

/** What stands in a logged body for a secret's value. */
export const REDACTED = '[redacted]';

/** A key whose value is a secret: anything named like secret, password, token, key or authorization (any case, any part of the name). */
const SECRET_NAME = /secret|password|passwd|token|key|authorization|credential|cookie/i;

/** Whether a field of this name holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Whether a value is where a page holds something rather than the thing: an adapter's field,
 * `{ selector, attr? }` of strings (a site adapter's `customer.token` says where the page
 * carries the identity token, which is no secret; the token itself never reaches the backend).
 */
function isPageLocation(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.some(([k]) => k === 'selector') && entries.every(([k, v]) => (k === 'selector' || k === 'attr') && typeof v === 'string');
}

/**
 * The value with every secret-named field's value replaced by `REDACTED`, at any depth; the
 * input is not changed. A page location under a secret-sounding name (see isPageLocation) is kept.
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isSecretName(k) && !isPageLocation(v) ? REDACTED : redact(v)]));
  }
  return value;
}

/** A body too large to keep, as the log shows it. */
export interface SummarisedBody {
  summarised: true;
  bytes: number;
  /** The top-level field names of an object body (not their values). */
  fields?: string[];
}

/**
 * What the log keeps of a request's JSON body: the body with its secrets redacted, or, past
 * `MAX_AUDITED_BODY_BYTES`, a summary (its size and top-level field names).
 */
export function auditedBody(body: unknown, bytes: number): unknown {
  if (bytes > MAX_AUDITED_BODY_BYTES) {
    const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).slice(0, 50) : undefined;
    return { summarised: true, bytes, ...(fields ? { fields } : {}) } satisfies SummarisedBody;
  }
  return redact(body);
}

/** A stored before/after: redacted, and summarised when its JSON is too large. */
export function auditedValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const json = JSON.stringify(value);
  if (json === undefined) return null;
  // As JSON holds it: a Date becomes its ISO text, not an empty object.
  return auditedBody(JSON.parse(json), Buffer.byteLength(json));
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request's outcome is a change to record: a method that changes, answered below 400. */
export function isRecordedChange(method: string, status: number): boolean {
  return !READS.has(method.toUpperCase()) && status < 400;
}

/** The route as the log names it: `PUT /api/v1/rules/opportunity`, the pattern (not the ids) with no trailing slash. */
export function actionOf(method: string, routePattern: string): string {
  const pattern = routePattern.length > 1 ? routePattern.replace(/\/+$/, '') : routePattern;
  return `${method.toUpperCase()} ${pattern}`;
}
