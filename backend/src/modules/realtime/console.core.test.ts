import { describe, expect, it } from 'vitest';
import { cookieValue, readConsoleUpgrade, sameOrigin } from './console.core';

const PUBLIC = 'https://floor.example';

describe('sameOrigin: only the backend’s own pages may use the console cookie on a socket', () => {
  it.each<[string, string | undefined, string | undefined, boolean]>([
    ['the public URL’s origin', 'https://floor.example', 'internal:8787', true],
    ['the host the browser connected to', 'http://127.0.0.1:8787', '127.0.0.1:8787', true],
    ['the host in another case', 'http://LOCALHOST:5173', 'localhost:5173', true],
    ['another site', 'https://evil.example', 'floor.example', false],
    ['the same host on another port', 'https://floor.example:8443', 'floor.example', false],
    ['a subdomain', 'https://x.floor.example', 'floor.example', false],
    ['an extension', 'chrome-extension://abc', 'abc', false],
    ['no Origin (not a browser)', undefined, 'floor.example', false],
    ['an opaque origin', 'null', 'floor.example', false],
    ['garbage', '::', 'floor.example', false],
  ])('%s', (_, origin, host, expected) => expect(sameOrigin(origin, host, PUBLIC)).toBe(expected));
});

describe('cookieValue and readConsoleUpgrade', () => {
  it('finds the console cookie among others, decoded; null when absent or empty', () => {
    expect(cookieValue('a=1; fw_console=abc%2Bdef; b=2', 'fw_console')).toBe('abc+def');
    expect(cookieValue('fw_console="quoted"', 'fw_console')).toBe('quoted');
    expect(cookieValue('xfw_console=1', 'fw_console')).toBeNull();
    expect(cookieValue('fw_console=', 'fw_console')).toBeNull();
    expect(cookieValue('fw_console=%E0%A4%A', 'fw_console')).toBeNull();
    expect(cookieValue('', 'fw_console')).toBeNull();
  });

  it('reads the enterprise from the URL', () => {
    expect(readConsoleUpgrade({ cookie: 'fw_console=t', origin: PUBLIC, host: 'x' }, '/api/v1/realtime?enterprise=e1', PUBLIC)).toEqual({ token: 't', sameOrigin: true, enterpriseId: 'e1' });
    expect(readConsoleUpgrade({}, '/api/v1/realtime', PUBLIC)).toEqual({ token: null, sameOrigin: false, enterpriseId: null });
  });
});
