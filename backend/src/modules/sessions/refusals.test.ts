import { beforeEach, describe, expect, it } from 'vitest';
import { SessionDetail, SessionList } from '../../../../shared/api';
import { EventBatchAccepted, type ShopperEvent } from '../../../../shared/events';
import { SessionAggregate } from '../../../../shared/session';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { browse, ev, headphones, T0, VOLT } from '../../testing/fixtures';
import { encodeCursor } from '../../db/keyset.core';

/** Bad input found by hand, each once a 500 or wrong data: now a 4xx with a code, and nothing written. */
describe.each(DB_KINDS)('refusals on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });
  const nothingStored = { sessions: 0, events: 0 };
  const url = headphones.url;

  async function refused(res: Response | Promise<Response>, status: number, code: string) {
    const answer = await res;
    const body = await answer.json();
    expect([answer.status, body.error.code]).toEqual([status, code]);
    return body.error as { message: string; issues?: { path: (string | number)[]; message: string }[] };
  }
  const paths = (error: { issues?: { path: (string | number)[] }[] }) => error.issues?.map((i) => i.path.join('.'));

  describe('strings Postgres cannot store', () => {
    it.each<[string, (events: ShopperEvent[]) => void, string]>([
      ['a NUL in a title', (e) => Object.assign(e[0]!, { title: 'Sea\u0000rch' }), 'events.0.title'],
      ['a NUL in search terms', (e) => Object.assign(e[1]!, { terms: 'head\u0000phones' }), 'events.1.terms'],
      ['a lone surrogate in a title', (e) => Object.assign(e[0]!, { title: 'x\ud800' }), 'events.0.title'],
      ['a lone surrogate in a product name', (e) => Object.assign(e[3]!, { product: { ...headphones, name: '\udfffSony' } }), 'events.3.product.name'],
      ['a lone surrogate in a category', (e) => Object.assign(e[3]!, { product: { ...headphones, category: ['Audio', '\ud83d'] } }), 'events.3.product.category.1'],
      ['a lone surrogate in a cart line', (e) => Object.assign(e[5]!, { item: { name: 'A\ud800', quantity: 1 } }), 'events.5.item.name'],
      ['a NUL in a URL path', (e) => Object.assign(e[2]!, { url: `${VOLT}/p/\u0000` }), 'events.2.url'],
      ['a lone surrogate in a product key', (e) => Object.assign(e[4]!, { productKey: 'sku:\ud800' }), 'events.4.productKey'],
    ])('refuses %s with 400, naming the field', async (_name, spoil, path) => {
      const events = browse();
      spoil(events);
      const error = await refused(h.post({ events }), 400, 'invalid_body');
      expect(paths(error)).toContain(path);
      expect(await h.counts()).toMatchObject(nothingStored);
    });

    it('drops an unknown field whose name holds a lone surrogate, storing none of it', async () => {
      const events = browse();
      Object.assign(events[0]!, { ['\ud800zzunknown']: 'x' });
      expect((await h.post({ events })).status).toBe(202);
      const [session] = SessionList.parse(await (await h.getAs(h.seed.voltKey, '/api/v1/sessions')).json()).sessions;
      const detail = await (await h.getAs(h.seed.voltKey, `/api/v1/sessions/${session!.id}`)).text();
      expect(detail).not.toContain('zzunknown');
    });

    it.each([
      ['a NUL', 'en\u0000GB'],
      ['a lone surrogate', 'en-\udc00'],
    ])("refuses %s in the shopper's locale", async (_name, locale) => {
      const before = await h.counts();
      const res = h.app.http.request('/api/v1/shoppers', { method: 'POST', body: JSON.stringify({ locale }), headers: { 'content-type': 'application/json' } });
      expect(paths(await refused(res, 400, 'invalid_body'))).toEqual(['locale']);
      expect(await h.counts()).toEqual(before);
    });

    it('refuses a NUL in a query parameter', async () => {
      await refused(h.getAs(h.seed.voltKey, '/api/v1/sessions?before=%00'), 400, 'invalid_query');
    });
  });

  describe('event times', () => {
    it.each([
      ['year 0001 in UTC (it came back as 2001)', '0001-01-01T00:00:00.000Z', 'event_too_old', '0001-01-01T00:00:00.000Z is older'],
      ['1970', '1970-01-01T00:00:00.000Z', 'event_too_old', '1970-01-01T00:00:00.000Z is older'],
      ['31 days ago', '2026-01-30T10:00:00.000Z', 'event_too_old', '2026-01-30T10:00:00.000Z is older'],
      // Outside the times the API takes at all.
      ['year 0000', '0000-06-01T00:00:00Z', 'invalid_body', 'between 0001'],
      ['year 0001 with an offset (year 0000 in UTC)', '0001-01-01T00:00:00+01:00', 'invalid_body', 'between 0001'],
      ['year 9999 with an offset (year 10000 in UTC)', '9999-12-31T23:59:59-01:00', 'invalid_body', 'between 0001'],
      ['year 10000', '+010000-01-01T00:00:00Z', 'invalid_body', 'ISO 8601'],
    ])('refuses an event from %s by index (%s), storing nothing of the batch', async (_name, at, code, message) => {
      const events = browse();
      events.splice(1, 0, ev(at, { type: 'page_view', url: `${VOLT}/old`, kind: 'other' }));
      const error = await refused(h.post({ events }), 400, code);
      expect(error.issues).toEqual([{ path: ['events', 1, 'at'], message: expect.stringContaining(message) }]);
      expect(await h.counts()).toMatchObject(nothingStored);
    });

    it('takes the rest once the old event is dropped, without dragging the session start back', async () => {
      const events = [ev('1970-01-01T00:00:00.000Z', { type: 'page_view', url: `${VOLT}/`, kind: 'other' }), ...browse()];
      await refused(h.post({ events }), 400, 'event_too_old');
      const res = await h.post({ events: events.slice(1) });
      expect(res.status).toBe(202);
      const [id] = EventBatchAccepted.parse(await res.json()).sessionIds;
      const detail = SessionDetail.parse(await (await h.getAs(h.seed.voltKey, `/api/v1/sessions/${id}`)).json());
      expect([detail.startedAt, detail.events.length]).toEqual([T0, 6]);
    });

    it('takes an event from a few days offline', async () => {
      h.clock.advance(5 * 86_400_000);
      expect((await h.post({ events: browse() })).status).toBe(202);
    });
  });

  describe('session list cursors', () => {
    const id = '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f';
    const raw = (text: string) => Buffer.from(text).toString('base64url');
    it.each([
      ['year 0000', raw(`0000-01-01T00:00:00.000Z|${id}`)],
      ['a negative year', raw(`-000001-01-01T00:00:00.000Z|${id}`)],
      ['36 dashes for an id', raw(`2026-03-02T10:00:00.000Z|${'-'.repeat(36)}`)],
    ])('refuses a cursor decoding to %s with 400', async (_name, cursor) => {
      const error = await refused(h.getAs(h.seed.voltKey, `/api/v1/sessions?before=${cursor}`), 400, 'invalid_query');
      expect(paths(error)).toEqual(['before']);
    });

    it('takes the oldest cursor Postgres can compare against', async () => {
      const res = await h.getAs(h.seed.voltKey, `/api/v1/sessions?before=${encodeCursor({ lastEventAt: new Date('0001-01-01T00:00:00.000Z'), id })}`);
      expect(res.status).toBe(200);
    });
  });

  describe('cart amounts', () => {
    const add = (at: string, sku: string, price: string, currency?: string) =>
      ev(at, { type: 'cart_add', url, item: { name: sku, sku, quantity: 1, price, ...(currency ? { currency } : {}) } });

    it('refuses the event that would take a cart total past a Decimal, by index, and takes the rest', async () => {
      const events = [add(T0, 'A', '999999999999.00'), add('2026-03-02T10:00:01.000Z', 'B', '1000.00')];
      const error = await refused(h.post({ events }), 400, 'amount_out_of_range');
      expect(error.issues?.map((i) => i.path)).toEqual([['events', 1]]);
      expect(await h.counts()).toMatchObject(nothingStored);
      expect((await h.post({ events: events.slice(0, 1) })).status).toBe(202);
    });

    it('refuses it against the stored cart too, which stays within its schema', async () => {
      expect((await h.post({ events: [add(T0, 'A', '999999999999.00')] })).status).toBe(202);
      await refused(h.post({ events: [add('2026-03-02T10:00:01.000Z', 'B', '1.00')] }), 400, 'amount_out_of_range');
      const [session] = SessionList.parse(await (await h.getAs(h.seed.voltKey, '/api/v1/sessions')).json()).sessions;
      expect(SessionAggregate.parse(session!.aggregate).cart.value).toBe('999999999999.00');
    });

    it('never adds euros to dollars: a total per currency, the cart value in its own', async () => {
      const events = [add(T0, 'A', '10.00', 'USD'), add('2026-03-02T10:00:01.000Z', 'B', '7.50', 'EUR'), add('2026-03-02T10:00:02.000Z', 'C', '2.00', 'USD')];
      expect((await h.post({ events })).status).toBe(202);
      const [session] = SessionList.parse(await (await h.getAs(h.seed.voltKey, '/api/v1/sessions')).json()).sessions;
      expect(session!.aggregate.cart).toMatchObject({
        currency: 'USD',
        value: '12.00',
        totals: [
          { currency: 'USD', value: '12.00' },
          { currency: 'EUR', value: '7.50' },
        ],
      });
    });
  });

  describe('content types and methods', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const events = (headers: Record<string, string>, body: BodyInit = JSON.stringify({ events: browse() })) =>
      h.app.http.request('/api/v1/events', { method: 'POST', body, headers: { authorization: `Bearer ${h.token}`, ...headers } });

    it.each([
      ['no content type', {}],
      ['text/plain', { 'content-type': 'text/plain' }],
      ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['JSON in Latin-1', { 'content-type': 'application/json; charset=iso-8859-1' }],
    ])('refuses a body sent with %s with 415', async (_name, headers) => {
      await refused(events(headers, bytes(JSON.stringify({ events: browse() }))), 415, 'unsupported_media_type');
      expect(await h.counts()).toMatchObject(nothingStored);
    });

    it.each(['application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])('takes %s', async (type) => {
      expect((await events({ 'content-type': type })).status).toBe(202);
    });

    it('registers a shopper from an empty POST without a content type, but not from a body without one', async () => {
      expect((await h.app.http.request('/api/v1/shoppers', { method: 'POST' })).status).toBe(201);
      await refused(h.app.http.request('/api/v1/shoppers', { method: 'POST', body: bytes('{}') }), 415, 'unsupported_media_type');
    });

    it.each([
      ['GET', '/api/v1/events', 'POST'],
      ['PUT', '/api/v1/shoppers', 'POST'],
      ['DELETE', '/api/v1/sessions', 'GET, HEAD'],
      ['POST', '/api/v1/sessions/0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f', 'GET, HEAD'],
      ['POST', '/health', 'GET, HEAD'],
      ['PATCH', '/api/v1/sites', 'GET, HEAD'],
    ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
      const res = await h.app.http.request(path, { method });
      expect(res.headers.get('allow')).toBe(allow);
      const error = await refused(res, 405, 'method_not_allowed');
      expect(error.message).toContain(path);
    });

    it.each(['/api/v1/nope', '/api/v1/sessions/a/b', '/api/v2/events'])('answers %s, which is no path, with 404', async (path) => {
      await refused(h.app.http.request(path, { method: 'POST' }), 404, 'not_found');
    });
  });
});
