/**
 * Which file of the built console (backend/console/dist) answers a path under /console/, with
 * its type and how long a browser may keep it. Pure: the routes read the file.
 */

/** The types of the files a Vite build makes; any other file is not served. */
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  webp: 'image/webp',
  woff2: 'font/woff2',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  map: 'application/json',
};

/** Hashed assets never change under their name: a year, immutable. Everything else is checked each time. */
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
export const CACHE_CHECK = 'no-cache';

/**
 * The policy every console answer carries: scripts, styles, images and connections (fetch and the
 * same origin's WebSockets, which 'self' covers) from the backend's own origin only; no inline script.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type ConsoleFile =
  /** A file of the build, relative to its folder. */
  | { kind: 'file'; path: string; type: string; cache: string }
  /** A route of the app (no file name): index.html, which routes in the browser. */
  | { kind: 'app' }
  | { kind: 'not_found' };

/** What answers `rest`, the path after /console/ as requested (still percent-encoded). */
export function consoleFileFor(rest: string): ConsoleFile {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return { kind: 'not_found' };
  }
  const parts = decoded.split('/').filter((p) => p !== '');
  // Nothing outside the build's folder, nothing hidden, no odd characters.
  if (parts.some((p) => p === '..' || p.startsWith('.') || !/^[\w.@-]+$/.test(p))) return { kind: 'not_found' };
  const last = parts.at(-1) ?? '';
  const dot = last.lastIndexOf('.');
  if (dot <= 0) return { kind: 'app' };
  const type = TYPES[last.slice(dot + 1).toLowerCase()];
  if (!type) return { kind: 'not_found' };
  // index.html by name is the app itself, never kept.
  if (parts.length === 1 && last === 'index.html') return { kind: 'app' };
  return { kind: 'file', path: parts.join('/'), type, cache: parts[0] === 'assets' ? CACHE_HASHED : CACHE_CHECK };
}

/** The page /console/ answers while the console is not built. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Floorwalker console: not built</title></head>
<body><main><h1>The console is not built</h1>
<p>This backend serves the console from <code>backend/console/dist/</code>, which does not exist yet.</p>
<p>Build it with <code>npm run build:console</code> (<code>npm start</code> builds it too), then reload this page.</p>
</main></body></html>
`;
