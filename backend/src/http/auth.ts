import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { fail } from './errors';

/** Tokens and keys are stored only as this hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The bearer credential of a request, or 401. */
export function bearer(c: Context, what: string): string {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,200})$/i.exec(header.trim());
  if (!match?.[1]) throw fail.unauthorized(`Send ${what} as "Authorization: Bearer <token>".`);
  return match[1];
}
