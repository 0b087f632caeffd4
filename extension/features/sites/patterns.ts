const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Match patterns that inject the shopper content script on these sites' pages.
 * Match patterns carry no port in Firefox (and match every port in Chrome), so a
 * domain with a port becomes its bare host; the content script then checks the exact
 * host:port with `findSite` before doing anything. A domain without a port covers its
 * subdomains too, as `findSite` does.
 * e.g. ["shop.example", "localhost:4101"] → ["*://*.shop.example/*", "*://localhost/*"]
 */
export function sitePatterns(sites: readonly { domain: string }[]): string[] {
  const patterns = new Set<string>();
  for (const { domain } of sites) {
    const [hostname = '', port] = domain.trim().toLowerCase().split(':');
    if (!hostname) continue;
    const withSubdomains = port === undefined && !IPV4.test(hostname);
    patterns.add(withSubdomains ? `*://*.${hostname}/*` : `*://${hostname}/*`);
  }
  return [...patterns].sort();
}
