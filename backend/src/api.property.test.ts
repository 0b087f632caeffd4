import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, SessionDetail } from '../../shared/api';
import { EventBatchAccepted, MAX_EVENT_AGE_MS } from '../../shared/events';
import { defaultLimits } from './deps';
import { encodeCursor } from './modules/sessions/cursor.core';
import { MAX_CLOCK_SKEW_MS } from './modules/sessions/ingest.core';
import { type ApiHarness, useApi } from './testing/api';
import { DB_KINDS } from './testing/databases';
import { SUMMIT, T0, VOLT } from './testing/fixtures';

/*
 * Arbitrary input at every route: JSON values and strings of any UTF-16 code units (NULs
 * and lone surrogates among them) as bodies, query values and headers, and valid-looking
 * event batches with one part changed, so the deep fields are reached too. Whatever comes
 * in: never a 5xx, every refusal in the error shape, and all of a request written or none.
 */

const T0_MS = Date.parse(T0);
const DAY = 86_400_000;

/** Any UTF-16 code unit, so NUL and both halves of surrogate pairs, alone. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const troublemakers = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  'a\u0000b',
  'x\ud83d',
  '',
  ' ',
  '0001-01-01T00:00:00+01:00',
  '0000-01-01T00:00:00Z',
  '1970-01-01T00:00:00.000Z',
  '10000000000000199.00',
  '999999999999.9999',
  'javascript:alert(1)',
  `${VOLT}/\u0000`,
  '-'.repeat(36),
);
const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: codeUnit }), troublemakers);
const anyJson = fc.jsonValue({ stringUnit: codeUnit, maxDepth: 3 });
const anyValue = fc.oneof(anyJson, anyString, troublemakers);

/** Header values as HTTP can carry them (no CR, LF or NUL). */
const headerValue = fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)) }), troublemakers.filter((s) => !/[\0\r\n]/.test(s) && !/[^\u0000-\u00ff]/.test(s)));
/** Bytes percent-encoded, for paths and queries: invalid UTF-8 and %00 included. */
const pctBytes = fc.uint8Array({ maxLength: 40 }).map((b) => Array.from(b, (x) => `%${x.toString(16).padStart(2, '0')}`).join(''));
const queryValue = fc.oneof(pctBytes, fc.stringMatching(/^[A-Za-z0-9_.-]{0,40}$/), fc.constantFrom('0', '1', '200', '201', '-1', '1e2', 'NaN'));

// A valid-looking event batch.
const time = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: -2 * DAY, max: 2 * 3_600_000 }).map((ms) => new Date(T0_MS + ms).toISOString()) },
  { weight: 1, arbitrary: fc.integer({ min: -40 * DAY, max: -2 * DAY }).map((ms) => new Date(T0_MS + ms).toISOString()) },
  { weight: 1, arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -40 * DAY, max: DAY }), fc.constantFrom('+01:00', '-11:30', '+14:00')).map(([ms, off]) => new Date(T0_MS + ms).toISOString().replace('Z', off)) },
);
const pageUrl = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(`${VOLT}/`, `${VOLT}/p/headphones`, `${VOLT}/search?q=x`, `${SUMMIT}/artikel/zelt`, 'https://eu.volt.example/p/1') },
  { weight: 1, arbitrary: fc.constant('https://news.example/a') },
);
const eventId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,24}$/), fc.constantFrom('evt_fixed_0001', 'evt_fixed_0002'));
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,15}$/);
const decimal = fc.oneof(fc.stringMatching(/^\d{1,12}(\.\d{1,4})?$/), fc.constantFrom('999999999999.9999', '0.00', '19.99'));
const currency = fc.constantFrom('USD', 'EUR', 'GBP');
const base = { id: eventId, at: time, url: pageUrl };
const item = fc.record(
  { name: word, sku: word, quantity: fc.integer({ min: 1, max: 10_000 }), price: decimal, currency },
  { requiredKeys: ['name', 'quantity'] },
);
const event = fc.oneof(
  fc.record({ ...base, type: fc.constant('page_view'), kind: fc.constantFrom('product', 'search', 'cart', 'other'), title: word }),
  fc.record({
    ...base,
    type: fc.constant('product_view'),
    product: fc.record({ name: word, price: decimal, currency, sku: word, category: fc.array(word, { maxLength: 3 }), url: pageUrl }, { requiredKeys: ['name', 'url'] }),
  }),
  fc.record({ ...base, type: fc.constant('search'), terms: word }),
  fc.record({ ...base, type: fc.constant('cart_add'), item }),
  fc.record({ ...base, type: fc.constant('cart_view'), items: fc.array(item, { maxLength: 4 }), value: decimal, currency }, { requiredKeys: ['id', 'at', 'url', 'type', 'items'] }),
  fc.record({ ...base, type: fc.constantFrom('heartbeat', 'leave'), activeMs: fc.integer({ min: 0, max: 3_600_000 }), productKey: word }, { requiredKeys: ['id', 'at', 'url', 'type', 'activeMs'] }),
);
const batch = fc.array(event, { minLength: 1, maxLength: 6 }).map((events) => ({ events }));

type Json = unknown;
type Path = (string | number)[];

/** Every path to a part of a value (the value itself aside). */
function pathsOf(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...path, i]), pathsOf(v, [...path, i], out)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...path, k]), pathsOf(v, [...path, k], out);
  return out;
}

/** A batch with one part replaced, removed, or given a new key. */
const mutatedBatch = fc.tuple(batch, fc.nat(), fc.constantFrom('set', 'delete', 'add key'), anyValue, anyString).map(([body, pick, how, value, key]) => {
  const copy = structuredClone(body) as Record<string, Json>;
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length]!;
  const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], copy) as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (how === 'set') parent[last] = value;
  else if (how === 'delete') delete parent[last];
  else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) (parent[last] as Record<string, Json>)[key] = value;
  else parent[key] = value;
  return copy;
});

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** Who the request speaks as: a real credential, none, or something else. */
type As = 'shopper' | 'enterprise' | 'none' | string;

/** Mostly the credential the route wants; now and then none, the other one, or anything. */
const credential = (wanted: As) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant<As>(wanted) },
    { weight: 1, arbitrary: fc.constantFrom<As>('none', wanted === 'shopper' ? 'enterprise' : 'shopper') },
    { weight: 1, arbitrary: headerValue.map((v) => `raw:${v}`) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{16,60}$/).map((t) => `raw:Bearer ${t}`) },
  );
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('', 'text/plain', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'multipart/form-data') },
  { weight: 1, arbitrary: headerValue },
);
const extraHeaders = fc.dictionary(fc.constantFrom('content-length', 'x-forwarded-for', 'accept', 'origin', 'x-anything'), headerValue, { maxKeys: 2 });
const body = fc.oneof(
  { weight: 5, arbitrary: mutatedBatch.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: batch.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: anyJson.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: anyString },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
);

/** Stands in a path for the n-th session accepted so far, known only when the request runs. */
const KNOWN = '@known:';

const call = fc.oneof(
    { weight: 6, arbitrary: fc.record({ as: credential('shopper'), type: contentType, extra: extraHeaders, body }).map(({ as, type, extra, body }) => ({ as, call: { method: 'POST', path: '/api/v1/events', headers: { ...extra, ...(type ? { 'content-type': type } : {}) }, body } })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ type: contentType, extra: extraHeaders, body: fc.oneof(fc.constant(undefined), anyString.map((locale) => JSON.stringify({ locale })), body) })
        .map(({ type, extra, body }) => ({ as: 'none', call: { method: 'POST', path: '/api/v1/shoppers', headers: { ...extra, ...(type && body !== undefined ? { 'content-type': type } : {}) }, ...(body === undefined ? {} : { body }) } })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ as: credential('enterprise'), limit: fc.option(queryValue), before: fc.option(fc.oneof(queryValue, fc.date({ noInvalidDate: true }).map((d) => (d.getUTCFullYear() >= 0 && d.getUTCFullYear() <= 9999 ? encodeCursor({ lastEventAt: d, id: '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f' }) : 'x')))) })
        .map(({ as, limit, before }) => {
          const query = [limit !== null ? `limit=${limit}` : '', before !== null ? `before=${before}` : ''].filter(Boolean).join('&');
          return { as, call: { method: 'GET', path: `/api/v1/sessions${query ? `?${query}` : ''}`, headers: {} } };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ as: credential('enterprise'), id: fc.oneof(pctBytes, fc.uuid(), fc.nat().map((n) => `${KNOWN}${n}`)) })
        .map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/sessions/${id}`, headers: {} } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
          path: fc.constantFrom('/health', '/api/v1/sites', '/api/v1/shoppers', '/api/v1/events', '/api/v1/sessions', '/api/v1/nope', '/'),
          extra: extraHeaders,
        })
        .map(({ method, path, extra }) => ({ as: 'none', call: { method, path, headers: extra } })),
    },
  );

describe.each(DB_KINDS)('the API under arbitrary input on %s', (kind) => {
  // Budgets large enough that input, not the rate limit, decides the answer.
  const api = useApi(kind, { limits: { ...defaultLimits, shopperEvents: { capacity: 1e9, perSecond: 1e9 }, shopperRegistrations: { capacity: 1e9, perSecond: 1e9 } } });
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });

  it('answers no 5xx, refuses in the error shape, and writes all of a request or none of it', async () => {
    const stored: string[] = [];
    const authorization = (as: As): Record<string, string> =>
      as === 'shopper' ? { authorization: `Bearer ${h.token}` } : as === 'enterprise' ? { authorization: `Bearer ${h.seed.voltKey}` } : as.startsWith('raw:') ? { authorization: as.slice(4) } : {};

    await fc.assert(
      fc.asyncProperty(call, async ({ as, call }: { as: As; call: Call }) => {
        const known = call.path.indexOf(KNOWN);
        if (known >= 0) {
          const n = Number(call.path.slice(known + KNOWN.length));
          call = { ...call, path: call.path.slice(0, known) + (stored.length ? stored[n % stored.length]! : 'none') };
        }
        let request: Request;
        try {
          request = new Request(`http://localhost${call.path}`, {
            method: call.method,
            headers: { ...call.headers, ...authorization(as) },
            ...(call.body !== undefined && call.method !== 'GET' && call.method !== 'HEAD' ? { body: call.body as BodyInit } : {}),
          });
        } catch {
          return; // not a request HTTP can carry (e.g. a header the fetch API refuses)
        }
        const before = await h.counts();
        const res = await h.app.http.request(request);
        const text = await res.text();
        const what = `${call.method} ${call.path} → ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);

        if (res.status >= 400 && call.method !== 'HEAD') {
          const parsed: unknown = JSON.parse(text);
          expect(Object.keys(parsed as object), what).toEqual(['error']);
          expect(ApiError.safeParse(parsed).success, what).toBe(true);
        }

        const after = await h.counts();
        if (res.status === 202) {
          const accepted = EventBatchAccepted.parse(JSON.parse(text));
          expect(after.events - before.events, what).toBe(accepted.accepted);
          expect(after.sessions - before.sessions, what).toBeLessThanOrEqual(accepted.sessionIds.length);
          expect(after.shoppers, what).toBe(before.shoppers);
          for (const id of accepted.sessionIds) {
            // What was accepted reads back within its own schema, at times the backend takes.
            const detail = SessionDetail.parse(await readSession(id));
            for (const e of detail.events) {
              expect(Date.parse(e.at), what).toBeGreaterThanOrEqual(T0_MS - MAX_EVENT_AGE_MS);
              expect(Date.parse(e.at), what).toBeLessThanOrEqual(T0_MS + MAX_CLOCK_SKEW_MS);
            }
            if (!stored.includes(id)) stored.push(id);
          }
        } else if (res.status === 201) {
          expect(after, what).toEqual({ ...before, shoppers: before.shoppers + 1 });
        } else {
          expect(after, what).toEqual(before);
        }
      }),
      // About ten seconds a database; FC_RUNS=4000 for a longer hunt.
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );

    // Nothing in the log could open an account or identify one.
    expect(JSON.stringify(h.logged)).not.toMatch(/fw[sk]_|[0-9a-f]{64}/i);
  });

  /** A session as its enterprise reads it, Voltaire or Summit. */
  async function readSession(id: string): Promise<unknown> {
    for (const key of [h.seed.voltKey, h.seed.summitKey]) {
      const res = await h.getAs(key, `/api/v1/sessions/${id}`);
      if (res.status === 200) return res.json();
    }
    throw new Error(`session ${id} was accepted but neither enterprise can read it`);
  }
});
