import { describe, expect, it } from 'vitest';
import { builtInBackendUrl } from './storage';

describe('the backend a build talks to', () => {
  it.each([
    [{}, 'http://localhost:8787'],
    [{ WXT_BACKEND_URL: '  ' }, 'http://localhost:8787'],
    [{ WXT_BACKEND_URL: 'http://localhost:28787' }, 'http://localhost:28787'],
    [{ WXT_BACKEND_URL: 'https://floorwalker.example/api-root/' }, 'https://floorwalker.example/api-root'],
  ])('%j → %s', (env, expected) => {
    expect(builtInBackendUrl(env)).toBe(expected);
  });

  it.each(['ftp://example.com', 'http://user:pw@example.com', 'http://example.com/?x=1', 'not a url'])('refuses %s at build time', (named) => {
    expect(() => builtInBackendUrl({ WXT_BACKEND_URL: named })).toThrow();
  });
});
