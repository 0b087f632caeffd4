/**
 * The customer-source form: the lookup URL, how long answers are kept and waited for, and
 * whether to make a new signing secret. Checked with the shared contract as the user types; the
 * secret is never in the form (the server shows it once, in the answer that made it).
 */
import { type CustomerSource, CustomerSourceBody } from '../../../../shared/customers';
import type { FormErrors } from '../form.core';

export interface SourceForm {
  lookupUrl: string;
  ttlSeconds: string;
  timeoutMs: string;
  rotateSecret: boolean;
}

export const SOURCE_FIELDS = ['lookupUrl', 'ttlSeconds', 'timeoutMs'] as const;

/** The form for the source as it stands, or the defaults when there is none. */
export function sourceForm(source: CustomerSource | null): SourceForm {
  return source
    ? { lookupUrl: source.lookupUrl, ttlSeconds: String(source.ttlSeconds), timeoutMs: String(source.timeoutMs), rotateSecret: false }
    : { lookupUrl: '', ttlSeconds: '300', timeoutMs: '300', rotateSecret: false };
}

const number = (s: string): number | string => (s.trim() === '' ? s : Number(s));

export type SourceCheck = { ok: true; body: CustomerSourceBody } | { ok: false; errors: FormErrors };

/** The body of PUT /api/v1/customer-source, or each field's words (the contract's). */
export function checkSource(form: SourceForm): SourceCheck {
  const parsed = CustomerSourceBody.safeParse({
    lookupUrl: form.lookupUrl.trim(),
    ttlSeconds: number(form.ttlSeconds),
    timeoutMs: number(form.timeoutMs),
    ...(form.rotateSecret ? { rotateSecret: true } : {}),
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { ok: false, errors: { form: null, fields } };
}
