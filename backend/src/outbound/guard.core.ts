import ipaddr from 'ipaddr.js';

/**
 * Where the backend may send a request of its own (an enterprise's customer lookup, a
 * provider's API, later a webhook): public addresses over https, unless the operator allows
 * a host in the environment (`OUTBOUND_ALLOW_HOSTS`: a demo's or a test's local server).
 * Pure: the connection itself applies `classifyAddress` to every address a name resolves to.
 */

/** Whether an address is on the public internet; when not, the range it is in (for the message and the log). */
export type AddressVerdict = { public: true } | { public: false; range: string };

const PUBLIC: AddressVerdict = { public: true };
const notPublic = (range: string): AddressVerdict => ({ public: false, range });

/** Global unicast IPv6 (2000::/3): everything outside it is special or unallocated. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Classifies an IP address (v4 or v6, as a resolver gives it or a URL writes it, brackets
 * allowed). Only ipaddr.js's `unicast` passes; an IPv6 address carrying an IPv4 one
 * (IPv4-mapped or -translated, NAT64's well-known prefix, 6to4) is judged by that IPv4
 * address; Teredo, IPv4-compatible and local-use NAT64 addresses never pass.
 */
export function classifyAddress(text: string): AddressVerdict {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return v4Verdict(ipaddr.IPv4.parse(bare));
  // IPv6 in the URL parser's canonical form first: ipaddr.js reads `::1.2.3.4` as IPv4-mapped, the network does not.
  const canonical = canonicalIPv6(bare);
  if (canonical === null) return notPublic('not an address');
  const v6 = ipaddr.IPv6.parse(canonical);
  const range = v6.range();
  const p = v6.parts;
  const v4At = (hi: number, lo: number) => new ipaddr.IPv4([p[hi]! >> 8, p[hi]! & 0xff, p[lo]! >> 8, p[lo]! & 0xff]);
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return embedded(range, v4At(6, 7));
    case 'rfc6052':
      // 64:ff9b::/96 carries a public address translated; 64:ff9b:1::/48 is a network's own.
      return p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0 ? embedded(range, v4At(6, 7)) : notPublic('rfc6052 local use');
    case '6to4':
      return embedded(range, v4At(1, 2));
    case 'unicast':
      if (p.slice(0, 6).every((x) => x === 0)) return notPublic('ipv4Compatible');
      return v6.match(GLOBAL_UNICAST_V6) ? PUBLIC : notPublic('reserved');
    default:
      return notPublic(range);
  }
}

function canonicalIPv6(text: string): string | null {
  if (!text.includes(':')) return null;
  try {
    const host = new URL(`http://[${text}]/`).hostname;
    return ipaddr.IPv6.isValid(host.slice(1, -1)) ? host.slice(1, -1) : null;
  } catch {
    return null;
  }
}

function v4Verdict(address: ipaddr.IPv4): AddressVerdict {
  const range = address.range();
  return range === 'unicast' ? PUBLIC : notPublic(range);
}

function embedded(range: string, v4: ipaddr.IPv4): AddressVerdict {
  const inner = v4Verdict(v4);
  return inner.public ? PUBLIC : notPublic(`${range} of ${inner.range}`);
}

/** A host (and port) the operator allows to be called over http and at any address. */
export interface AllowedHost {
  /** As a URL's `hostname` writes it: lower case, IPv6 in brackets. */
  host: string;
  /** Any port when absent. */
  port?: number;
}

/** One `OUTBOUND_ALLOW_HOSTS` entry (`host`, `host:port`, `[v6]:port`); null when it is not one. */
export function parseAllowedHost(entry: string): AllowedHost | null {
  const t = entry.trim();
  if (!t || /[/?#@\s]/.test(t)) return null;
  let url: URL;
  try {
    url = new URL(`http://${t}`);
  } catch {
    return null;
  }
  // The URL parser drops a port of 80 for http: read it back from the entry.
  const port = /:(\d+)$/.exec(t)?.[1];
  return port === undefined ? { host: url.hostname } : { host: url.hostname, port: Number(port) };
}

/** Whether the backend may call a URL, and whether an allowed host vouches for it (then its addresses are not checked). */
export type UrlVerdict = { ok: true; allowed: boolean } | { ok: false; reason: string };

const DEFAULT_PORT: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * The checks that need no resolver: http(s) only, https unless the host is allowed, no user
 * name or password, and a literal address or `localhost` only if public or allowed. A name's
 * addresses are checked when the connection is made, every time.
 */
export function checkUrl(raw: string, allowHosts: readonly AllowedHost[]): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'it is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `the backend calls https URLs, not ${url.protocol.slice(0, -1)}` };
  if (url.username || url.password) return { ok: false, reason: 'it carries a user name or password' };
  const port = url.port ? Number(url.port) : DEFAULT_PORT[url.protocol]!;
  const allowed = allowHosts.some((a) => a.host === url.hostname && (a.port === undefined || a.port === port));
  if (allowed) return { ok: true, allowed: true };
  if (url.protocol !== 'https:') return { ok: false, reason: 'the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)' };
  if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) return { ok: false, reason: `${url.hostname} is this machine, not a public host` };
  if (isAddressLiteral(url.hostname)) {
    const verdict = classifyAddress(url.hostname);
    if (!verdict.public) return { ok: false, reason: `${url.hostname} is not a public address (${verdict.range})` };
  }
  return { ok: true, allowed: false };
}

/** Whether a URL's hostname is an IP address (the URL parser has already turned `2852039166` or `0xa9.254.169.254` into dotted form). */
export function isAddressLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || ipaddr.IPv4.isValidFourPartDecimal(hostname);
}
