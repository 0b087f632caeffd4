import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Html } from './render/html';

/** Small node:http helpers shared by the three demo sites. */

/** An error that becomes a styled error page with this status instead of a crash. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Form posts here are a SKU and a quantity, or a checkout form: a few hundred bytes. */
const MAX_FORM_BYTES = 16 * 1024;

export function sendHtml(res: ServerResponse, status: number, page: Html, headers: Record<string, string | string[]> = {}): void {
  const body = page.value;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    // Carts and search results change per visitor: keep the browser from replaying stale pages.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function sendSvg(res: ServerResponse, svg: string): void {
  res.writeHead(200, {
    'content-type': 'image/svg+xml; charset=utf-8',
    'content-length': Buffer.byteLength(svg),
    'cache-control': 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
  });
  res.end(svg);
}

/** 303 so the browser follows a POST with a GET: reloading the cart page never re-adds. */
export function redirectSeeOther(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { location, 'content-length': 0, 'cache-control': 'no-store', ...headers });
  res.end();
}

/** Cookies of a request; malformed pairs are skipped rather than rejected. */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
}

/** The body of an urlencoded form post; anything else is a 400 (or 413 when too big). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume(); // drain so the connection can be reused
    throw new HttpError(400, 'Expected a form post (application/x-www-form-urlencoded).');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_FORM_BYTES) {
    req.resume();
    throw new HttpError(413, 'That form is too large.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new HttpError(413, 'That form is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // URLSearchParams silently keeps bad escapes like "%zz"; a real shop would reject them.
  if (/%(?![0-9a-fA-F]{2})/.test(text)) throw new HttpError(400, 'The form data is malformed.');
  return new URLSearchParams(text);
}

/** A path segment decoded, or null when its escapes are invalid ("/p/%E0%A4%A"). */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Wraps a site's handler so no request can crash the process: known failures become
 * the site's own error page, unknown ones a logged 500.
 */
export function guarded(handler: RequestHandler, errorPage: (req: IncomingMessage, status: number, message: string) => Html): RequestHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'Something went wrong on our side.';
      if (!(err instanceof HttpError)) console.error('[demo shops]', req.method, req.url, err);
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      // An unread request body would be taken for the next request on a kept-alive socket.
      const headers: Record<string, string> = { ...(err instanceof HttpError ? err.headers : {}), ...(req.complete ? {} : { connection: 'close' }) };
      try {
        sendHtml(res, status, errorPage(req, status, message), headers);
      } catch (renderErr) {
        console.error('[demo shops] error page failed', renderErr);
        res.destroy();
      }
    }
  };
}

/** The request's path without a trailing slash ("/cart/" is "/cart"), and its query. */
export function requestUrl(req: IncomingMessage): URL {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://shop.invalid');
  } catch {
    throw new HttpError(400, 'That address is malformed.');
  }
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url;
}

export function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, `This address accepts ${allow} only.`, { allow });
}
