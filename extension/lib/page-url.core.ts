/**
 * Page URLs as they may leave the shopper's browser towards the enterprise and its associates
 * (events, products, the co-browsing recording's page): a query parameter that looks like a
 * secret (a password-reset token, a session id, a one-time code) would let whoever sees the
 * URL act as the shopper. Pure; used wherever a page URL is sent.
 */

/** A parameter whose name contains one of these (any case) is dropped. */
export const SECRET_PARAM_WORDS = [
  'token',
  'key',
  'code',
  'session',
  'sid',
  'auth',
  'password',
  'pass',
  'pwd',
  'reset',
  'secret',
  'signature',
  'sig',
  'jwt',
  'otp',
  'state',
  'nonce',
] as const;

/** What a site's adapter says of its URLs (`SiteAdapter.url`). */
export interface PageUrlRules {
  /** More parameter names (exact, any case) to drop on this site. */
  dropParams?: readonly string[];
  /** Parameter names (exact, any case) that pass even though they look like secrets, e.g. "keyword". */
  keepParams?: readonly string[];
}

function dropsParam(name: string, rules: PageUrlRules): boolean {
  const lower = name.toLowerCase();
  if (rules.keepParams?.some((kept) => kept.toLowerCase() === lower)) return false;
  if (rules.dropParams?.some((dropped) => dropped.toLowerCase() === lower)) return true;
  return SECRET_PARAM_WORDS.some((word) => lower.includes(word));
}

/** Removes the secret-looking parameters of `params`; whether any was removed. */
function dropSecrets(params: URLSearchParams, rules: PageUrlRules): boolean {
  const names = [...new Set(params.keys())].filter((name) => dropsParam(name, rules));
  for (const name of names) params.delete(name);
  return names.length > 0;
}

/**
 * `href` without its user name and password, the query parameters that look like secrets, and
 * a fragment that carries parameters looking like secrets (`#access_token=…`); other
 * parameters and a plain anchor (`#reviews`) stay as they were. What does not parse as a URL
 * is returned as it is (the contracts refuse it).
 */
export function shareableUrl(href: string, rules: PageUrlRules = {}): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  url.username = '';
  url.password = '';
  // Rewritten only when something goes: a URL without secrets keeps its exact encoding.
  if (url.search && dropSecrets(url.searchParams, rules) && url.search === '?') url.search = '';
  if (url.hash.includes('=') && dropSecrets(new URLSearchParams(url.hash.slice(1)), rules)) url.hash = '';
  return url.href;
}
