import { CONSOLE_COOKIE } from '../../../../shared/console';

/** What a console socket brings on its upgrade: the session cookie, whether its origin may use it, the enterprise in the URL. */
export interface ConsoleUpgrade {
  /** The `fw_console` cookie's token; null without one. */
  token: string | null;
  /** The browser page that opened the socket is the backend's own (see `sameOrigin`). */
  sameOrigin: boolean;
  /** `?enterprise=<id>`; null when absent (then the first message names it). */
  enterpriseId: string | null;
}

/** Reads the upgrade request's headers and URL; `publicUrl` is the backend's own address. */
export function readConsoleUpgrade(headers: { cookie?: string; origin?: string; host?: string }, url: string, publicUrl: string): ConsoleUpgrade {
  const enterprise = new URL(url, 'http://localhost').searchParams.get('enterprise');
  return { token: cookieValue(headers.cookie ?? '', CONSOLE_COOKIE), sameOrigin: sameOrigin(headers.origin, headers.host, publicUrl), enterpriseId: enterprise || null };
}

/**
 * Whether a WebSocket upgrade comes from a page of the backend's own origin. A browser sends
 * the page's `Origin` on every WebSocket and the cookies of the backend with it, whatever the
 * page: a cookie-authenticated socket opened from another site would act as the user (cross-site
 * WebSocket hijacking). Accepted: the origin of `publicUrl` (PUBLIC_URL, the backend's own
 * address), or an http(s) origin whose host is the one the browser connected to (the `Host`
 * header; a dev proxy that keeps it). Without an `Origin` (not a browser) there is nothing to
 * trust the cookie by: refused.
 */
export function sameOrigin(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (!origin || origin === 'null') return false;
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return false;
  }
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return false;
  try {
    if (page.origin === new URL(publicUrl).origin) return true;
  } catch {
    // A malformed public URL names no origin: only the Host comparison is left.
  }
  return !!host && page.host.toLowerCase() === host.trim().toLowerCase();
}

/** One cookie's value from a `Cookie` header (decoded), or null. */
export function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
    return value || null;
  }
  return null;
}
