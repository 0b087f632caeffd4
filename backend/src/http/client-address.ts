import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';

/** The address a request's anonymous budget is charged to (see clientAddressOf); requests made in-process (tests) have no socket. */
export function clientAddress(c: Context, trustedHops: number): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined;
  }
  return clientAddressOf(remote, c.req.header('x-forwarded-for'), trustedHops);
}

/**
 * The address a request's budget is charged to. With `trustedHops` proxies in front (each
 * appending the address it got the request from to `X-Forwarded-For`), the client is the
 * `trustedHops`-th address from the right; without proxies, the socket's peer. Earlier
 * entries are the client's own word and are never believed. An IPv6 address stands for its
 * /64 (one subscriber gets a whole /64 and could take a new address for every request); an
 * IPv4-mapped IPv6 address is its IPv4 address.
 *
 *   clientAddressOf('10.0.0.2', '203.0.113.9, 10.0.0.1', 1) === '10.0.0.1'
 *   clientAddressOf('10.0.0.2', '203.0.113.9, 10.0.0.1', 2) === '203.0.113.9'
 */
export function clientAddressOf(remote: string | undefined, forwardedFor: string | undefined, trustedHops: number): string {
  if (trustedHops <= 0) return addressKey(remote);
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The nearest proxy saw the socket's peer; each further trusted proxy appended one entry.
  const chain = [...hops, remote ?? ''];
  return addressKey(chain[chain.length - 1 - trustedHops] ?? chain[0]);
}

/** One address as a budget key: IPv6 by its /64, IPv4 (mapped or not) as it is; anything unparseable as "unknown". */
export function addressKey(raw: string | undefined): string {
  const text = (raw ?? '').replace(/^\[|\](:\d+)?$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(text)) return 'unknown';
  const address = ipaddr.process(text);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
