import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { fail } from '../../http/errors';
import { CACHE_CHECK, CONSOLE_CSP, consoleFileFor, NOT_BUILT_PAGE } from './files.core';

/** Where `npm run build:console` puts the console: backend/console/dist. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist', import.meta.url));

const SECURITY = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
    throw err;
  }
}

/**
 * The console web application (a Solid app, built to `dist`): its files with their types, hashed
 * assets kept a year, and index.html for any other path under /console/ (the app routes in the
 * browser). Without a build, a 503 page says how to make one.
 */
export function consoleAppRoutes(dist: string = CONSOLE_DIST) {
  const app = htmlPage(dist, 'index.html');
  return new Hono().get('/*', async (c) => {
    const rest = c.req.path.replace(/^\/console\/?/, '');
    if (c.req.path === '/console') return c.redirect('/console/', 301);
    const target = consoleFileFor(rest);
    if (target.kind === 'app') return app();
    if (target.kind === 'not_found') throw fail.notFound('The console file');
    const body = await readOrNull(join(dist, target.path));
    if (!body) throw fail.notFound('The console file');
    return new Response(new Uint8Array(body), { headers: { ...SECURITY, 'content-type': target.type, 'cache-control': target.cache } });
  });
}

/**
 * The public registration site (the same build's second page, join.html, its assets under
 * /console/assets/): join.html for /join/ and every path under it (the app routes in the browser:
 * /join/verify and /join/status are the pages registration's mails link to), with the console's
 * strict policy. It serves no file of its own.
 */
export function joinAppRoutes(dist: string = CONSOLE_DIST) {
  const app = htmlPage(dist, 'join.html');
  return new Hono().get('/*', async (c) => {
    if (c.req.path === '/join') return c.redirect('/join/', 301);
    const target = consoleFileFor(c.req.path.replace(/^\/join\/?/, ''));
    if (target.kind !== 'app') throw fail.notFound('The page');
    return app();
  });
}

/** One HTML page of the build, never kept, with the policy; a 503 page saying how to build it when it is not built. */
function htmlPage(dist: string, name: string) {
  return async () => {
    const index = await readOrNull(join(dist, name));
    if (!index) return new Response(NOT_BUILT_PAGE, { status: 503, headers: { ...SECURITY, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '60' } });
    return new Response(new Uint8Array(index), { headers: { ...SECURITY, 'content-type': 'text/html; charset=utf-8', 'cache-control': CACHE_CHECK } });
  };
}
