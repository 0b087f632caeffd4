/**
 * The telephony settings form: the enterprise's Twilio account SID, its auth token (write-only:
 * the form starts empty, and empty keeps the token set before) and the numbers the account owns,
 * in order (the first calls out and takes dial-in calls). Checked with the shared contract as
 * the user types; the webhook addresses Twilio must be given, from the backend's public address.
 */
import { PhoneNumber, type TelephonySettingsBody, TelephonySettingsBody as Body, type TelephonySettingsView } from '../../../../shared/telephony';
import type { FormErrors } from '../form.core';

export interface TelephonyForm {
  accountSid: string;
  /** Empty: keep the token set before (there must be one). */
  authToken: string;
  numbers: string[];
}

export const TELEPHONY_FIELDS = ['accountSid', 'authToken', 'numbers'] as const;

/** The form for the settings as they stand: never the token, which the server does not give. */
export function telephonyForm(view: TelephonySettingsView | null): TelephonyForm {
  return { accountSid: view?.accountSid ?? '', authToken: '', numbers: [...(view?.numbers ?? [])] };
}

/** A number as typed ("+44 20 7946 0958", "+1 (415) 555-0100") without its spaces, dashes, dots and brackets. */
export function normalNumber(typed: string): string {
  return typed.replace(/[\s\-().\u00a0]/g, '');
}

/** Adds a typed number at the end: the list, or why not (the contract's words, or that it is there already). */
export function addNumber(numbers: readonly string[], typed: string): { ok: true; numbers: string[] } | { ok: false; error: string } {
  const n = normalNumber(typed);
  if (n === '') return { ok: false, error: 'Type a number first, e.g. +442079460958.' };
  const parsed = PhoneNumber.safeParse(n);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'Not a phone number.' };
  if (numbers.includes(n)) return { ok: false, error: `${n} is in the list already.` };
  if (numbers.length >= 20) return { ok: false, error: 'At most 20 numbers.' };
  return { ok: true, numbers: [...numbers, n] };
}

/** The list with the number at `index` first (it then calls out and takes dial-in calls), the others in their order. */
export function makeFirst(numbers: readonly string[], index: number): string[] {
  if (index <= 0 || index >= numbers.length) return [...numbers];
  return [numbers[index]!, ...numbers.slice(0, index), ...numbers.slice(index + 1)];
}

export type TelephonyCheck = { ok: true; body: TelephonySettingsBody } | { ok: false; errors: FormErrors };

/**
 * The body of PUT /api/v1/telephony/settings, or each field's words (the contract's). An empty
 * token is left out (the server keeps its own); without one set before, it is needed.
 */
export function checkTelephony(form: TelephonyForm, authTokenSet: boolean): TelephonyCheck {
  const token = form.authToken.trim();
  const parsed = Body.safeParse({ provider: 'twilio', accountSid: form.accountSid.trim(), ...(token ? { authToken: token } : {}), numbers: form.numbers });
  const fields: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.path[0] === 'numbers' && issue.code === 'too_small' ? 'Add the number the account calls from.' : issue.message;
  if (!token && !authTokenSet) fields.authToken ??= 'The auth token is needed the first time: it is in the Twilio console, under the account SID.';
  if (parsed.success && Object.keys(fields).length === 0) return { ok: true, body: parsed.data };
  return { ok: false, errors: { form: null, fields } };
}

/** Where Twilio posts what comes in to the enterprise's numbers: texts, and calls (dial-in). */
export function webhookUrls(publicUrl: string): { texts: string; calls: string } {
  const base = `${publicUrl.replace(/\/+$/, '')}/api/v1/webhooks/twilio`;
  return { texts: `${base}/texts/incoming`, calls: `${base}/calls/incoming` };
}
