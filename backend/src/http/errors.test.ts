import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { Conflict, EventsRefused, NotFound, RateLimited, Unauthorized } from '../errors';
import type { LogFields } from '../log';
import { errorHandler } from './errors';

/** What the one error mapper answers for an error thrown by a handler. */
async function answer(err: Error) {
  const logged: { message: string; fields?: LogFields }[] = [];
  const app = new Hono().get('/x', () => {
    throw err;
  });
  app.onError(errorHandler((message, fields) => logged.push({ message, fields })));
  const res = await app.request('/x');
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after'), logged };
}

describe('errorHandler', () => {
  it.each([
    ['Unauthorized', new Unauthorized('No.'), 401, { code: 'unauthorized', message: 'No.' }],
    ['NotFound', new NotFound('The session'), 404, { code: 'not_found', message: 'The session was not found.' }],
    ['Conflict', new Conflict('Taken.'), 409, { code: 'conflict', message: 'Taken.' }],
    ['RateLimited', new RateLimited('Too many events', 1_500), 429, { code: 'rate_limited', message: 'Too many events; try again in 2 s.' }],
    [
      'EventsRefused, not participating',
      new EventsRefused('not_participating', [{ index: 2, message: 'news.example is not a participating site' }], '1 event(s) come from …'),
      403,
      { code: 'not_participating', message: '1 event(s) come from …', issues: [{ path: ['events', 2], message: 'news.example is not a participating site' }] },
    ],
    [
      'EventsRefused, too old',
      new EventsRefused('too_old', [{ index: 0, field: ['at'], message: 'old' }], 'm'),
      400,
      { code: 'event_too_old', message: 'm', issues: [{ path: ['events', 0, 'at'], message: 'old' }] },
    ],
    ['EventsRefused, out of range', new EventsRefused('amount_out_of_range', [{ index: 1, message: 'big' }], 'm'), 400, { code: 'amount_out_of_range', message: 'm', issues: [{ path: ['events', 1], message: 'big' }] }],
  ])('maps %s to its status and code, logging nothing', async (_name, err, status, error) => {
    const a = await answer(err);
    expect([a.status, a.body, a.logged]).toEqual([status, { error }, []]);
  });

  it('says when to retry after a rate limit', async () => expect((await answer(new RateLimited('Too many', 1_500))).retryAfter).toBe('2'));

  it('answers anything else with a bare 500, logging what it was without its message of values', async () => {
    const a = await answer(Object.assign(new Error('Failed query: select 1\nparams: fws_secret'), { cause: { code: '23505', message: 'duplicate key', constraint: 'k' } }));
    expect([a.status, a.body]).toEqual([500, { error: { code: 'internal', message: 'Something went wrong on our side; try again.' } }]);
    expect(a.logged).toEqual([{ message: 'unhandled error', fields: { method: 'GET', path: '/x', error: 'database', code: '23505', message: 'duplicate key', table: undefined, column: undefined, constraint: 'k' } }]);
  });
});
