import { describe, expect, it, vi } from 'vitest';
import { ApiProblem, apiUrl, createApi, problemFrom, requestHeaders } from './api.core';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the API client', () => {
  const options = (fetch: typeof globalThis.fetch, onUnauthorized = vi.fn()) => ({ fetch, csrfToken: () => 'csrf-1', enterpriseId: () => 'e-1', onUnauthorized });

  it('names the enterprise on every request and sends the CSRF token on changes only', async () => {
    const fetch = vi.fn(async () => json(200, { ok: true }));
    const api = createApi(options(fetch));
    await api.get('/sessions', { limit: 25, before: null });
    await api.send('POST', '/api-keys', { label: 'x' });
    const [getUrl, getInit] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    const [postUrl, postInit] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(getUrl).toBe('/api/v1/sessions?limit=25');
    expect(getInit.headers).toEqual({ accept: 'application/json', 'x-floorwalker-enterprise': 'e-1' });
    expect(postUrl).toBe('/api/v1/api-keys');
    expect(postInit.headers).toMatchObject({ 'content-type': 'application/json', 'x-floorwalker-enterprise': 'e-1', 'x-csrf-token': 'csrf-1' });
    expect(postInit.body).toBe('{"label":"x"}');
    expect(postInit.credentials).toBe('same-origin');
  });

  it('leaves the headers out when there is no session or no enterprise yet', () => {
    expect(requestHeaders('POST', { csrfToken: () => null, enterpriseId: () => null }, false)).toEqual({ accept: 'application/json' });
  });

  it('turns a refusal into a code, a message and the server’s words per field', async () => {
    const api = createApi(
      options(async () =>
        json(400, { error: { code: 'invalid_body', message: 'The request body does not match the schema.', issues: [{ path: ['email'], message: 'Invalid email address' }, { path: ['accreditations', 0, 'level'], message: 'Too big' }, { path: ['email'], message: 'second word' }] } }),
      ),
    );
    const err = await api.send('POST', '/associates', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect((err as ApiProblem).problem).toEqual({
      status: 400,
      code: 'invalid_body',
      message: 'The request body does not match the schema.',
      fields: { email: 'Invalid email address', 'accreditations.0.level': 'Too big' },
    });
  });

  it('tells of a 401 (the session ended) and of a server it could not reach', async () => {
    const onUnauthorized = vi.fn();
    const api = createApi(options(async () => json(401, { error: { code: 'unauthorized', message: 'Sign in to the console.' } }), onUnauthorized));
    await expect(api.get('/console/me')).rejects.toBeInstanceOf(ApiProblem);
    expect(onUnauthorized).toHaveBeenCalledWith(expect.objectContaining({ code: 'unauthorized' }));
    const offline = createApi(options(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(offline.get('/sessions')).rejects.toMatchObject({ problem: { status: 0, code: 'network' } });
  });

  it('says so when an error answer is not the shared shape', () => {
    expect(problemFrom(502, null)).toMatchObject({ status: 502, code: 'bad_answer', fields: {} });
    expect(problemFrom(500, { error: { code: 1 } })).toMatchObject({ code: 'bad_answer' });
  });

  it('leaves empty query values out', () => {
    expect(apiUrl('/x', { a: '', b: undefined, c: 0, d: 'e f' })).toBe('/api/v1/x?c=0&d=e+f');
  });
});
