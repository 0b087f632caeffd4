import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { errorHandler } from '../../http/errors';
import { CONSOLE_TEST_DIST } from '../../testing/api';
import { CACHE_HASHED, CONSOLE_CSP } from './files.core';
import { consoleAppRoutes, joinAppRoutes } from './routes';

/** The console's files as the backend serves them, from a build folder (the tests' own) or none. */
function serving(dist: string) {
  const app = new Hono().route('/console', consoleAppRoutes(dist)).route('/join', joinAppRoutes(dist));
  app.onError(errorHandler(() => {}));
  return app;
}

describe('the console web application', () => {
  const built = serving(CONSOLE_TEST_DIST);
  const empty = mkdtempSync(join(tmpdir(), 'fw-console-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('answers index.html for the app’s routes, with the strict policy, checked each time', async () => {
    for (const path of ['/console/', '/console/sessions', '/console/settings/api-keys']) {
      const res = await built.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<div id="app">');
    }
  });

  it('serves a hashed asset with its type, kept a year', async () => {
    const res = await built.request('/console/assets/index-T3st0001.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe(CACHE_HASHED);
  });

  it('answers 404 in the API’s shape for a file it does not have or will not serve', async () => {
    for (const path of ['/console/assets/missing-1.js', '/console/..%2F..%2Fpackage.json', '/console/.env']) {
      const res = await built.request(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('sends /console to /console/', async () => {
    const res = await built.request('/console');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it('says how to build it when it is not built', async () => {
    const res = await serving(empty).request('/console/sessions');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('npm run build:console');
  });

  it('answers the registration site’s page for /join/ and the pages its mails link to, with the same policy', async () => {
    for (const path of ['/join/', '/join/verify', '/join/status', '/join/sign-in', '/join/index.html']) {
      const res = await built.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      expect(html).toContain('<div id="join">');
      expect(html).not.toContain('<div id="app">');
    }
  });

  it('sends /join to /join/ and serves no file under /join/', async () => {
    const res = await built.request('/join');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/join/');
    for (const path of ['/join/assets/index-T3st0001.js', '/join/..%2Fpackage.json', '/join/.env']) expect((await built.request(path)).status, path).toBe(404);
  });

  it('says how to build the registration site when it is not built', async () => {
    const res = await serving(empty).request('/join/status');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:console');
  });
});
