import { describe, expect, it } from 'vitest';
import { CACHE_CHECK, CACHE_HASHED, CONSOLE_CSP, consoleFileFor } from './files.core';

describe('consoleFileFor', () => {
  it('answers the app for its routes and for index.html', () => {
    for (const rest of ['', 'sessions', 'sessions/0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f', 'settings/api-keys/', 'index.html']) expect(consoleFileFor(rest), rest).toEqual({ kind: 'app' });
  });

  it('types a file by its name and keeps hashed assets a year', () => {
    expect(consoleFileFor('assets/index-AbC123.js')).toEqual({ kind: 'file', path: 'assets/index-AbC123.js', type: 'text/javascript; charset=utf-8', cache: CACHE_HASHED });
    expect(consoleFileFor('assets/index-AbC123.css')).toMatchObject({ type: 'text/css; charset=utf-8', cache: CACHE_HASHED });
    expect(consoleFileFor('mark.svg')).toEqual({ kind: 'file', path: 'mark.svg', type: 'image/svg+xml', cache: CACHE_CHECK });
  });

  it('serves nothing outside the build, hidden or of an unknown type', () => {
    for (const rest of ['../package.json', '..%2Fpackage.json', '%2e%2e/%2e%2e/README.md', 'assets/../../x.js', '.env', 'assets/.hidden.js', 'x.exe', 'a%ZZ', 'a%00.js', 'a b.js'])
      expect(consoleFileFor(rest), rest).toEqual({ kind: 'not_found' });
  });

  it('allows no inline script and nothing from another origin', () => {
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(CONSOLE_CSP).toContain("connect-src 'self'");
  });
});
