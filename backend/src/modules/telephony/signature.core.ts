/*
 * Twilio's request signature (X-Twilio-Signature), on every webhook it sends us: the URL it
 * requested, whole with its query, then each POST parameter's name and value appended with no
 * separator, names in sorted order; HMAC-SHA1 of that under the account's auth token, in base64.
 * Twilio may have signed the URL with its port or without it (a proxy in between changes which),
 * so both are tried. The HMAC comes in as a port (node's, in backend/src/hmac.ts): this stays pure.
 */
import type { HmacBase64 } from '../../hmac';

/** A form's fields in the order sent; a repeated key (StatusCallbackEvent) appears once per value. */
export type FormFields = ReadonlyArray<readonly [string, string]>;

/** What Twilio signs: the URL, then every name+value, sorted by name (a repeated name's values sorted too). */
export function signedText(url: string, params: FormFields): string {
  const sorted = [...params].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return sorted.reduce((text, [name, value]) => text + name + value, url);
}

/** The signature Twilio sends with a request to `url` carrying `params`. */
export function twilioSignature(hmac: HmacBase64, authToken: string, url: string, params: FormFields): string {
  return hmac.base64(authToken, signedText(url, params));
}

/** The URL as given, without its port, and with its scheme's port when it names none: the forms Twilio may have signed. */
export function urlForms(url: string): string[] {
  const m = /^(https?:\/\/)([^/?#:]+)(?::(\d+))?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, host, port, rest] = m as unknown as [string, string, string, string | undefined, string];
  const standard = scheme.toLowerCase() === 'https://' ? '443' : '80';
  return [...new Set([url, `${scheme}${host}${rest}`, `${scheme}${host}:${port ?? standard}${rest}`])];
}

const SIGNATURE = /^[A-Za-z0-9+/]{27}=$/;

/** Whether `header` is Twilio's signature of a request to `url` with `params`, compared in constant time. */
export function twilioSignatureMatches(hmac: HmacBase64, authToken: string, url: string, params: FormFields, header: string | undefined): boolean {
  if (!header || !authToken) return false;
  const given = header.trim();
  if (!SIGNATURE.test(given)) return false;
  // Every form is computed and compared, so the time taken does not say which one matched.
  return urlForms(url).map((form) => hmac.same(given, twilioSignature(hmac, authToken, form, params))).includes(true);
}
