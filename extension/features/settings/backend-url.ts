export type BackendUrlCheck = { ok: true; url: string } | { ok: false; error: string };

/**
 * Checks a backend address typed by the shopper: an http(s) URL without credentials,
 * query or fragment; returned without a trailing slash.
 * e.g. " http://localhost:8787/ " → "http://localhost:8787"
 */
export function parseBackendUrl(input: string): BackendUrlCheck {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: 'Enter a full address starting with http:// or https://, e.g. http://localhost:8787.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: 'The address must start with http:// or https://.' };
  }
  if (url.username || url.password) return { ok: false, error: 'The address must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, error: 'The address must not contain "?" or "#" parts.' };
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}
