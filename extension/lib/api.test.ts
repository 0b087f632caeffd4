import { describe, expect, it } from 'vitest';
import { createApiClient, parseRetryAfter } from './api';
import { createFakeBackend, fakeEvent } from './testing/fake-backend';

describe('the API client', () => {
  it('sends no cookies with any request: the backend is not the shop, and on one host the shops’ cookies would go along', async () => {
    const backend = createFakeBackend();
    const seen: RequestInit[] = [];
    const api = createApiClient({
      baseUrl: 'http://localhost:8787',
      fetch: (input, init = {}) => {
        seen.push(init);
        return backend.fetch(input, init);
      },
    });
    expect((await api.getSites()).ok).toBe(true);
    const shopper = await api.createShopper({ locale: 'en-GB' });
    expect(shopper.ok).toBe(true);
    expect((await api.postEvents(shopper.ok ? shopper.body.token : '', [fakeEvent()])).ok).toBe(true);
    expect(seen.map((init) => init.credentials)).toEqual(['omit', 'omit', 'omit']);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T10:00:00Z');
  it.each([
    [null, null],
    ['7', 7000],
    [' 0 ', 0],
    ['Wed, 01 Jan 2025 10:00:30 GMT', 30_000],
    ['Wed, 01 Jan 2025 09:00:00 GMT', 0],
    ['soon', null],
  ])('%j → %j', (header, ms) => expect(parseRetryAfter(header, now)).toBe(ms));
});
