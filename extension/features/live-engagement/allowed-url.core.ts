/**
 * Where the associate may send the shopper: only the enterprise's participating sites. Both
 * the host (before it asks the shopper) and the shop tab (before it navigates) check it, with
 * the same rule as the participating-site lookup: the exact host (and port, when the domain
 * names one), or a subdomain of a domain that names no port.
 */

/** The URL, parsed, when the associate may send the shopper there; null otherwise. */
export function allowedUrl(url: string, allowedDomains: readonly string[]): URL | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // "https://shop.example@evil.example/" reads like the shop to a person: never follow a URL with credentials.
  if (u.username !== '' || u.password !== '') return null;
  const host = u.host.toLowerCase();
  const hostname = u.hostname.toLowerCase();
  for (const raw of allowedDomains) {
    const domain = raw.trim().toLowerCase().replace(/\.$/, '');
    if (!domain) continue;
    if (host === domain) return u;
    if (!domain.includes(':') && u.port === '' && hostname.endsWith(`.${domain}`)) return u;
  }
  return null;
}

/** Whether the associate may send the shopper to `url`. */
export function isAllowedUrl(url: string, allowedDomains: readonly string[]): boolean {
  return allowedUrl(url, allowedDomains) !== null;
}
