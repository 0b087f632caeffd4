import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { type AllowedHost, checkUrl, classifyAddress, parseAllowedHost, type UrlVerdict } from './guard.core';

/** The addresses a name resolves to, all of them (the system resolver unless a test gives its own). */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** A call the guard refused: the URL, or an address its name resolved to; `reason` names why, without the URL's path or query. */
export class OutboundRefused extends Error {
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
    this.name = 'OutboundRefused';
  }
}

/**
 * Why a call to `service` failed, in words safe for the log: the guard's refusal, no answer in
 * time, or node's error code (never its message, which may hold the URL and so a secret).
 */
export function whyCallFailed(service: string, err: unknown, signal: AbortSignal): string {
  if (err instanceof OutboundRefused) return err.message;
  if (signal.aborted) return `${service} did not answer in time`;
  const code = typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : 'network error';
  return `the call to ${service} failed (${code})`;
}

/** An answer's status, headers and body (a stream: the caller reads what it needs and cancels the rest). */
export interface OutboundAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: ReadableStream<Uint8Array>;
}

/**
 * The one way the backend calls out. Every caller (the customer lookup, Segment, later
 * webhooks and providers) goes through it, so every call is held to the same guard.
 */
export interface Outbound {
  /** Whether a URL may be called at all, for when it is set (the scheme, credentials, a literal address). */
  check(url: string): UrlVerdict;
  /**
   * GETs a URL. The URL is checked again, and the name's addresses are checked when the
   * connection is made, all of them, every time (a name that rebinds to a private address is
   * refused then); the connection goes to an address that was checked. Redirects are not
   * followed. Throws OutboundRefused, or the network's error.
   */
  get(url: URL, init: { headers: Record<string, string>; signal: AbortSignal }): Promise<OutboundAnswer>;
  /** Sends a request with a body (a webhook's POST, an object store's PUT), held to the same guard as `get`. */
  send(url: URL, init: { method: 'POST' | 'PUT'; headers: Record<string, string>; body: string | Uint8Array; signal: AbortSignal }): Promise<OutboundAnswer>;
}

export interface OutboundOptions {
  /** `OUTBOUND_ALLOW_HOSTS`: hosts (`host` or `host:port`) called over http and at any address. */
  allowHosts?: readonly string[];
  resolve?: Resolve;
}

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export function createOutbound(options: OutboundOptions = {}): Outbound {
  const allowHosts: AllowedHost[] = (options.allowHosts ?? []).map((entry) => {
    const parsed = parseAllowedHost(entry);
    if (!parsed) throw new Error(`not a host or host:port: ${entry}`);
    return parsed;
  });
  const resolve = options.resolve ?? systemResolve;
  const request = (url: URL, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal: AbortSignal }) => {
    const verdict = checkUrl(url.href, allowHosts);
    if (!verdict.ok) return Promise.reject(new OutboundRefused(verdict.reason));
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<OutboundAnswer>((done, fail) => {
      const req = transport.request(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: init.method,
          headers: init.headers,
          signal: init.signal,
          // A connection of its own, resolved and checked here; never a pooled socket.
          agent: false,
          // Node calls this for a name only: a literal address was checked by checkUrl.
          lookup: guardedLookup(resolve, verdict.ok && verdict.allowed),
        },
        (res) => {
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Readable.toWeb(res) as ReadableStream<Uint8Array> });
        },
      );
      req.once('error', fail);
      req.end(init.body);
    });
  };
  return {
    check: (url) => checkUrl(url, allowHosts),
    get: (url, init) => request(url, { ...init, method: 'GET' }),
    send: (url, init) => request(url, init),
  };
}

/** A `lookup` for net.connect that resolves with `resolve` and refuses when any address is not public (unless the host is allowed). */
function guardedLookup(resolve: Resolve, allowed: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (addresses.length === 0) throw new OutboundRefused(`${hostname} resolves to no address`);
        if (!allowed) {
          for (const { address } of addresses) {
            const verdict = classifyAddress(address);
            if (!verdict.public) throw new OutboundRefused(`${hostname} resolves to ${address}, not a public address (${verdict.range})`);
          }
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) throw new OutboundRefused(`${hostname} has no IPv${options.family} address`);
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
  };
}
