import { isReadByPost } from './http/roles.core';
import { desc, eq, notInArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, SessionDetail } from '../../shared/api';
import { AssociateList } from '../../shared/associates';
import { CommissionPlanView } from '../../shared/commission';
import { CatalogImportReport } from '../../shared/catalog';
import { CustomerProfile } from '../../shared/customers';
import { EventBatchAccepted, MAX_EVENT_AGE_MS } from '../../shared/events';
import { CommunicationMethod, Transcript } from '../../shared/live';
import { MaterialDetail } from '../../shared/sales';
import { instantOf } from '../../shared/time';
import { rowsOf } from './db/records';
import { defaultLimits } from './deps';
import { createOutbound } from './outbound/client';
import { encodeCursor } from './db/keyset.core';
import { SESSION_SORTS } from './modules/sessions/list.core';
import { MAX_CLOCK_SKEW_MS } from './modules/sessions/ingest.core';
import { CHECKS_DISCLOSURE } from '../../shared/registration';
import { apiKeys, applicationDocuments, applications, associates, bankQuestions, engagements, materials, opportunities, orders, questionBanks, shopperMessages, siteIdentitySecrets, testAttempts } from './db/schema';
import { type ApiHarness, useApi } from './testing/api';
import { CONSOLE_COOKIE, CSRF_HEADER, ENTERPRISE_HEADER } from '../../shared/console';
import { type ConsoleParty, consoleUser } from './testing/console';
import { DB_KINDS } from './testing/databases';
import { SUMMIT, T0, VOLT } from './testing/fixtures';
import { identityToken, makeIdentitySecret } from './testing/identity';
import { seedOffered } from './testing/offers';
import { signatureOf } from './modules/orders/signatures';
import { backgroundChecks, engagementPhones, phoneCalls, phoneTexts } from './db/schema';
import { createSealer } from './sealing';
import { numberHash } from './modules/telephony/texts';
import { checkrSignature } from './testing/checkr-server';
import { seedEngagements } from './testing/orders';
import { twilioRequestSignature } from './testing/twilio-server';
import { seedApplication, STUB_CANDIDATE_ID, STUB_REPORT_ID, stubCheckProvider } from './testing/vetting';

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
const percentEncoded = (bytes: Uint8Array) => Array.from(bytes, (x) => `%${x.toString(16).padStart(2, '0')}`).join('');
const pctBytes = fc.uint8Array({ maxLength: 40 }).map(percentEncoded);
/** Any string as one path segment: its UTF-8 bytes percent-encoded (a lone surrogate becomes U+FFFD, where encodeURIComponent would throw). */
const pathSegment = (s: string) => percentEncoded(Buffer.from(s, 'utf8'));
const queryValue = fc.oneof(pctBytes, fc.stringMatching(/^[A-Za-z0-9_.-]{0,40}$/), fc.constantFrom('0', '1', '200', '201', '-1', '1e2', 'NaN'));

/** An instant written with an offset in minutes: the local time, its year expanded (`+010000`, `-000001`) outside 0000-9999. */
const withOffset = (ms: number, minutes: number) => {
  // The local time must itself be a Date: at the very ends of the range the offset pulls it back inside.
  const local = new Date(Math.max(-8.64e15, Math.min(8.64e15, ms + minutes * 60_000))).toISOString();
  if (minutes === 0) return local;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return local.replace('Z', `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`);
};
/**
 * Any time a client could send: the whole range of a JS Date at any offset, and the edges of
 * the range the API takes (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z) from both sides.
 */
const anyTime = fc.oneof(
  fc.tuple(fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 })).map(([d, m]) => withOffset(d.getTime(), m)),
  fc.tuple(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('+010000-12-31T23:59:59Z'), noInvalidDate: true }), fc.constantFrom(0, 0, 60, -60, 330, -690)).map(([d, m]) => withOffset(d.getTime(), m)),
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0000-12-31T23:59:59.999Z',
    '0001-01-01T00:00:00Z',
    '0001-01-01T00:30:00+01:00',
    '0001-06-01T00:00:00Z',
    '0020-03-01T10:00:00Z',
    '0050-03-01T10:00:00Z',
    '0099-12-31T23:59:59.999Z',
    '1969-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59.999+00:00',
    '9999-12-31T23:30:00-01:00',
    '9999-12-31T23:59:59.999-00:01',
    '+010000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
  ),
);

// A valid-looking event batch.
const time = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: -2 * DAY, max: 2 * 3_600_000 }).map((ms) => new Date(T0_MS + ms).toISOString()) },
  { weight: 1, arbitrary: fc.integer({ min: -40 * DAY, max: -2 * DAY }).map((ms) => new Date(T0_MS + ms).toISOString()) },
  { weight: 1, arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -40 * DAY, max: DAY }), fc.constantFrom('+01:00', '-11:30', '+14:00')).map(([ms, off]) => new Date(T0_MS + ms).toISOString().replace('Z', off)) },
  { weight: 1, arbitrary: anyTime },
);
const pageUrl = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(`${VOLT}/`, `${VOLT}/p/headphones`, `${VOLT}/search?q=x`, `${SUMMIT}/artikel/zelt`, 'https://eu.volt.example/p/1') },
  { weight: 1, arbitrary: fc.constant('https://news.example/a') },
);
const eventId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,24}$/), fc.constantFrom('evt_fixed_0001', 'evt_fixed_0002'));
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,15}$/);
/** A list route's query: each parameter left out, valid, or anything (a string of any kind, a time of any form). */
const listQuery = (params: Record<string, fc.Arbitrary<string>>) =>
  fc.record(Object.fromEntries(Object.entries(params).map(([k, valid]) => [k, fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: queryValue }, { weight: 1, arbitrary: anyString })])), { requiredKeys: [] }).map((q) => {
    const query = new URLSearchParams(q as Record<string, string>).toString();
    return query ? `?${query}` : '';
  });
const listTime = fc.oneof(fc.constantFrom('2026-03-01T00:00:00Z', '2026-03-02T10:00:00.000+01:00'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
const listFlag = fc.constantFrom('true', 'false', 'yes', '1');
const decimal = fc.oneof(fc.stringMatching(/^\d{1,12}(\.\d{1,4})?$/), fc.constantFrom('999999999999.9999', '0.00', '19.99'));
const currency = fc.constantFrom('USD', 'EUR', 'GBP');
const base = { id: eventId, at: time, url: pageUrl };
/** Stands in a body for a token signed for C-1 with the site's identity secret, made when the request runs. */
const IDENTITY_TOKEN = '@identity@';
const identityTokenValue = fc.oneof(fc.constant(IDENTITY_TOKEN), fc.constantFrom('not.a.jwt', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJDLTEifQ.'), word);
const item = fc.record(
  { name: word, sku: word, quantity: fc.integer({ min: 1, max: 10_000 }), price: decimal, currency },
  { requiredKeys: ['name', 'quantity'] },
);
const event = fc.oneof(
  fc.record(
    { ...base, type: fc.constant('page_view'), kind: fc.constantFrom('product', 'search', 'cart', 'other'), title: word, customerId: fc.oneof(fc.constantFrom('C-1', 'ada@example.com'), word), customerToken: identityTokenValue },
    { requiredKeys: ['id', 'at', 'url', 'type', 'kind', 'title'] },
  ),
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

/** A value with one part replaced, removed, or given a new key (any JSON document, like mutatedBatch). */
const mutated = <T>(valid: fc.Arbitrary<T>) =>
  fc.tuple(valid, fc.nat(), fc.constantFrom('set', 'delete', 'add key'), anyValue, anyString).map(([doc, pick, how, value, key]) => {
    const copy = { root: structuredClone(doc) } as Record<string, Json>;
    const paths = pathsOf(copy);
    const path = paths[pick % paths.length]!;
    const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], copy) as Record<string | number, Json>;
    const last = path.at(-1)!;
    if (how === 'set') parent[last] = value;
    else if (how === 'delete') delete parent[last];
    else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) (parent[last] as Record<string, Json>)[key] = value;
    else parent[key] = value;
    return copy.root;
  });

// Opportunity rules and matching rule sets that look valid, and the routes that take them.
const leafCondition = fc.oneof(
  fc.record({ type: fc.constant('dwell'), seconds: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ type: fc.constant('product_price'), min: decimal, currency }),
  fc.record({ type: fc.constant('category'), path: fc.array(word, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('cart_value'), min: decimal, currency }),
  fc.record({ type: fc.constant('search_terms'), words: fc.array(word, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('customer_tier'), tiers: fc.array(word, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('time_of_day'), from: fc.constantFrom('09:00', '22:00'), to: fc.constantFrom('18:00', '02:00'), days: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('site'), domains: fc.constant(['volt.example']) }),
  fc.constant({ type: 'returning' }),
);
const condition = fc.oneof(leafCondition, fc.record({ type: fc.constantFrom('all', 'any'), of: fc.array(leafCondition, { minLength: 1, maxLength: 3 }) }), fc.record({ type: fc.constant('not'), of: leafCondition }));
const opportunityRules = fc.record({
  threshold: fc.integer({ min: 1, max: 5 }),
  cooldownMinutes: fc.integer({ min: 0, max: 60 }),
  timezone: fc.constantFrom('UTC', 'Europe/Paris'),
  conditions: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z]{1,8}$/), when: condition, points: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4, selector: (c) => c.id }),
  segment: fc.record({ minLevel: fc.integer({ min: 1, max: 5 }) }),
});
const matchingRule = fc.oneof(
  fc.record(
    {
      rule: fc.constant('accreditation'),
      weight: fc.integer({ min: 0, max: 5 }),
      mode: fc.constantFrom('filter', 'score'),
      sources: fc.subarray(['grant', 'enterprise_test', 'marketplace_test'] as const, { minLength: 1 }),
    },
    { requiredKeys: ['rule', 'weight', 'mode'] },
  ),
  fc.record({ rule: fc.constant('available_now'), weight: fc.integer({ min: 0, max: 5 }), filter: fc.boolean() }),
  fc.record(
    { rule: fc.constant('channels'), weight: fc.integer({ min: 0, max: 5 }), needs: fc.subarray(['chat', 'voice', 'cobrowse'] as const, { minLength: 1 }), filter: fc.boolean() },
    { requiredKeys: ['rule', 'weight', 'needs'] },
  ),
  fc.record({ rule: fc.constant('conversion_rate'), weight: fc.integer({ min: 0, max: 5 }), priorStrength: fc.integer({ min: 0, max: 20 }), priorRate: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ rule: fc.constantFrom('affinity', 'load', 'language', 'response_rate', 'recent_misses'), weight: fc.integer({ min: 0, max: 5 }) }),
);
const matchingRules = fc.record({
  ruleSets: fc.uniqueArray(
    fc.record({
      name: word,
      priority: fc.integer({ min: -5, max: 5 }),
      when: fc.record({ category: fc.array(word, { minLength: 1, maxLength: 2 }), minScore: fc.integer({ min: 0, max: 9 }) }, { requiredKeys: [] }),
      rules: fc.uniqueArray(matchingRule, { minLength: 1, maxLength: 4, selector: (r) => r.rule }),
      offer: fc.record({ mode: fc.constantFrom('sequential', 'broadcast', 'waves'), size: fc.integer({ min: 1, max: 50 }), offerSeconds: fc.integer({ min: 5, max: 60 }) }, { requiredKeys: [] }),
    }),
    { minLength: 1, maxLength: 3, selector: (s) => s.priority },
  ),
});
const documentBody = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: mutated(valid).map((d) => JSON.stringify(d)) }, { weight: 2, arbitrary: valid.map((d) => JSON.stringify(d)) }, { weight: 1, arbitrary: body });
const someId = fc.oneof(pctBytes, fc.uuid(), fc.constant('8d3c9a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f'));
/** A rule document's version: one that may exist, a number out of range, or anything. */
const versionValue = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', '1.5', '99999999999', '0x1') }, { weight: 1, arbitrary: pctBytes });
const routingCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  ...(['opportunity', 'matching'] as const).map((kind) =>
    fc
      .record({ as: credential('enterprise'), type: contentType, body: documentBody<unknown>(kind === 'opportunity' ? opportunityRules : matchingRules), method: fc.constantFrom('PUT', 'PUT', 'GET') })
      .map(({ as, type, body, method }): { as: As; call: Call } => ({ as, call: { method, path: `/api/v1/rules/${kind}`, headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) } })),
  ),
  fc
    .record({ as: credential('enterprise'), kind: fc.constantFrom('opportunity', 'matching') })
    .map(({ as, kind }) => ({ as, call: { method: 'GET', path: `/api/v1/rules/${kind}/versions`, headers: {} } })),
  // The history: diffs and rollbacks of versions that may or may not exist, the preview of a draft.
  fc
    .record({ as: credential('enterprise'), kind: fc.constantFrom('opportunity', 'matching'), from: fc.option(versionValue), to: fc.option(versionValue) })
    .map(({ as, kind, from, to }) => {
      const query = [from !== null ? `from=${from}` : '', to !== null ? `to=${to}` : ''].filter(Boolean).join('&');
      return { as, call: { method: 'GET', path: `/api/v1/rules/${kind}/diff${query ? `?${query}` : ''}`, headers: {} } };
    }),
  fc
    .record({ as: credential('enterprise'), kind: fc.constantFrom('opportunity', 'matching'), version: versionValue })
    .map(({ as, kind, version }) => ({ as, call: { method: 'POST', path: `/api/v1/rules/${kind}/versions/${version}/restore`, headers: {} } })),
  fc
    .record({ as: credential('enterprise'), type: contentType, body: documentBody<unknown>(opportunityRules), hours: fc.option(fc.oneof(fc.integer({ min: -1, max: 200 }).map(String), queryValue)) })
    .map(({ as, type, body, hours }) => ({ as, call: { method: 'POST', path: `/api/v1/rules/opportunity/preview${hours !== null ? `?hours=${hours}` : ''}`, headers: { 'content-type': type }, body } })),
  fc
    .record({
      as: credential('enterprise'),
      query: listQuery({
        limit: fc.constantFrom('1', '50'),
        status: fc.constantFrom('offering', 'engaged', 'unserved', 'cancelled'),
        before: queryValue,
        rule: fc.oneof(word, fc.constantFrom('dwell', 'big-cart')),
        from: listTime,
        to: listTime,
        site: fc.constantFrom('volt.example', 'nowhere.example'),
      }),
    })
    .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/opportunities${query}`, headers: {} } })),
  fc
    .record({ as: credential('enterprise'), id: someId, which: fc.constantFrom('/ranking', '/rankings', '') })
    .map(({ as, id, which }) => ({ as, call: { method: 'GET', path: `/api/v1/opportunities/${id}${which}`, headers: {} } })),
  fc
    .record({
      as: credential('enterprise'),
      type: contentType,
      body: fc.oneof(
        fc.oneof(someId, fc.nat().map((n) => `${KNOWN}${n}`)).map((sessionId) => JSON.stringify({ sessionId })),
        // With a draft of the rule sets, often a mistaken one.
        mutated(fc.record({ sessionId: fc.nat().map((n) => `${KNOWN}${n}`), rules: matchingRules })).map((d) => JSON.stringify(d)),
        mutated(fc.record({ aggregate: fc.constant({ eventCount: 0, pageViews: 0, pagesByKind: {}, products: [], categories: [], searches: [], dwellMs: 0, cart: { items: [], value: '0.00', currency: null, totals: [], updatedAt: null }, sites: ['volt.example'], lastUrl: null, left: false }), score: fc.integer() })).map((d) => JSON.stringify(d)),
        body,
      ),
    })
    .map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/matching/dry-run', headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), id: someId, type: contentType, body: fc.oneof(mutated(fc.record({ sale: fc.boolean(), amount: decimal, currency })).map((d) => JSON.stringify(d)), body) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/outcome`, headers: { 'content-type': type }, body } })),
);

// Offers and engagements: ids that name the seeded offer, opportunity or the latest engagement (filled in when the request runs), or anything.
const OFFER = '@offer@';
const OPPORTUNITY = '@opportunity@';
const ENGAGEMENT = '@engagement@';
const MESSAGE = '@message@';
const routingId = (known: string) => fc.oneof({ weight: 3, arbitrary: fc.constant(known) }, { weight: 1, arbitrary: someId });
const offerCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/offers', headers: {} } })),
  fc
    .record({ as: credential('associate'), id: routingId(OFFER), answer: fc.constantFrom('accept', 'decline'), type: contentType, body: fc.oneof(fc.constant(undefined), mutated(fc.record({ goAway: fc.boolean() })).map((d) => JSON.stringify(d)), body) })
    .map(({ as, id, answer, type, body }): { as: As; call: Call } => ({
      as,
      call: { method: 'POST', path: `/api/v1/offers/${id}/${answer}`, headers: body === undefined ? {} : { 'content-type': type }, ...(body === undefined ? {} : { body }) },
    })),
  fc
    .record({ as: credential('shopper'), id: routingId(OPPORTUNITY), type: contentType, body: fc.oneof(mutated(fc.record({ message: word, contact: word })).map((d) => JSON.stringify(d)), body) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'POST', path: `/api/v1/opportunities/${id}/message`, headers: { 'content-type': type }, body } })),
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/engagements', headers: {} } })),
  fc
    .record({ as: fc.oneof(credential('associate'), credential('shopper'), credential('enterprise')), id: routingId(ENGAGEMENT) })
    .map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/engagements/${id}`, headers: {} } })),
  fc
    .record({ as: credential('shopper'), id: routingId(ENGAGEMENT), type: contentType, body: fc.oneof(mutated(fc.record({ accept: fc.boolean() })).map((d) => JSON.stringify(d)), body) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/answer`, headers: { 'content-type': type }, body } })),
  fc.record({ as: credential('associate'), id: routingId(ENGAGEMENT) }).map(({ as, id }) => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/withdraw`, headers: {} } })),
  fc
    .record({ as: credential('shopper'), type: contentType, body: fc.oneof(mutated(fc.record({ url: pageUrl })).map((d) => JSON.stringify(d)), body) })
    .map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/opportunities/ask', headers: { 'content-type': type }, body } })),
  fc
    .record(
      { as: credential('enterprise'), limit: fc.oneof(fc.integer({ min: -5, max: 300 }).map(String), word), before: fc.oneof(word, fc.constant('')), status: fc.oneof(fc.constantFrom('open', 'taken', 'done'), word) },
      { requiredKeys: ['as'] },
    )
    .map(({ as, limit, before, status }) => ({
      as,
      call: { method: 'GET', path: `/api/v1/messages?${new URLSearchParams({ ...(limit ? { limit } : {}), ...(before !== undefined ? { before } : {}), ...(status !== undefined ? { status } : {}) })}`, headers: {} },
    })),
  fc
    .record({ as: credential('enterprise'), id: routingId(OPPORTUNITY) })
    .map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/opportunities/${id}/rankings`, headers: {} } })),
  fc
    .record({
      as: credential('enterprise'),
      query: listQuery({
        limit: fc.constantFrom('1', '50'),
        before: queryValue,
        associate: fc.oneof(fc.uuid(), word),
        status: fc.constantFrom('invited', 'accepted', 'declined', 'expired', 'ended'),
        outcome: fc.constantFrom('sale', 'no_sale', 'none'),
        from: listTime,
        to: listTime,
      }),
    })
    .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/enterprise/engagements${query}`, headers: {} } })),
  fc.record({ as: credential('enterprise'), id: routingId(ENGAGEMENT) }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/engagements/${id}/timeline`, headers: {} } })),
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/messages/open', headers: {} } })),
  fc
    .record({ as: credential('associate'), id: routingId(MESSAGE), step: fc.constantFrom('take', 'done') })
    .map(({ as, id, step }) => ({ as, call: { method: 'POST', path: `/api/v1/messages/${id}/${step}`, headers: {} } })),
);

// Live engagements: the end, peer credentials, the transcript, channels (by either side), and the enterprise's live settings.
const side = fc.oneof(credential('shopper'), credential('associate'));
const isoTime = fc.oneof(time, anyTime, troublemakers);
const transcriptBody = fc.record({ messages: fc.array(fc.record({ id: fc.oneof(word, fc.constantFrom('m1', 'm2')), text: fc.oneof(word, anyString), sentAt: isoTime }), { minLength: 1, maxLength: 4 }) });
const liveCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ as: side, id: routingId(ENGAGEMENT), type: contentType, body: fc.oneof(fc.constant(undefined), orMutatedLive(fc.record({ reason: fc.constantFrom('done', 'peer_lost') }))) })
    .map(({ as, id, type, body }): { as: As; call: Call } => ({
      as,
      call: { method: 'POST', path: `/api/v1/engagements/${id}/end`, headers: body === undefined ? {} : { 'content-type': type }, ...(body === undefined ? {} : { body }) },
    })),
  fc
    .record({ as: fc.oneof(side, credential('enterprise')), id: routingId(ENGAGEMENT), type: contentType, body: fc.oneof(fc.constant(undefined), body) })
    .map(({ as, id, type, body }): { as: As; call: Call } => ({
      as,
      call: { method: 'POST', path: `/api/v1/engagements/${id}/peer`, headers: body === undefined ? {} : { 'content-type': type }, ...(body === undefined ? {} : { body }) },
    })),
  fc
    .record({ as: side, id: routingId(ENGAGEMENT), type: contentType, body: orMutatedLive(transcriptBody) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/transcript`, headers: { 'content-type': type }, body } })),
  fc
    .record({ as: fc.oneof(side, credential('enterprise')), id: routingId(ENGAGEMENT) })
    .map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/engagements/${id}/transcript`, headers: {} } })),
  fc
    .record({ as: side, id: routingId(ENGAGEMENT), type: contentType, body: orMutatedLive(fc.record({ method: fc.constantFrom(...CommunicationMethod.options), state: fc.constantFrom('started', 'stopped'), at: isoTime })) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/channels`, headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), method: fc.constantFrom('GET', 'PUT', 'PUT'), type: contentType, body: orMutatedLive(fc.record({ transcriptRetentionDays: fc.integer({ min: -5, max: 4000 }) })) })
    .map(({ as, method, type, body }): { as: As; call: Call } => ({
      as,
      call: { method, path: '/api/v1/live/settings', headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) },
    })),
  // The floor's overview: any window, in range or not, or none.
  fc
    .record({ as: credential('enterprise'), minutes: fc.oneof(fc.constant(null), fc.constantFrom('1', '5', '60', '0', '61', '2.5'), queryValue) })
    .map(({ as, minutes }) => ({ as, call: { method: 'GET', path: `/api/v1/live/overview${minutes === null ? '' : `?minutes=${minutes}`}`, headers: {} } })),
);
function orMutatedLive<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(valid.map((d) => JSON.stringify(d)), mutated(valid).map((d) => JSON.stringify(d)), body);
}

// Associates: accounts the enterprise creates (a few addresses, so some collide), sign-in, their own settings.
const associateEmail = fc.constantFrom('ana@volt.example', 'ANA@volt.example', 'bo@volt.example', 'cy@volt.example');
/** Valid bodies, with a few choices each; `mutated` breaks them. */
const associateBody = fc.record(
  {
    email: associateEmail,
    displayName: word,
    languages: fc.array(fc.constantFrom('en', 'fr', 'pt'), { minLength: 1, maxLength: 3 }),
    timezone: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'),
    schedule: fc.array(fc.record({ day: fc.integer({ min: 1, max: 7 }), from: fc.constantFrom('08:00', '09:30'), to: fc.constantFrom('17:00', '24:00') }), { maxLength: 3 }),
    capacity: fc.integer({ min: 1, max: 20 }),
  },
  { requiredKeys: ['email', 'displayName'] },
);
/** Link tokens of the right shape that no link has, and the wrong shape. */
const linkToken = fc.constantFrom('fwi_neverissuedneverissuedneverissued', 'fwr_neverissuedneverissuedneverissued', 'fwx_wrongkind', '');
const newPassword = fc.constantFrom('correct horse battery', 'another long secret', 'short');
const orMutated = <T>(valid: fc.Arbitrary<T>) => fc.oneof(valid.map((d) => JSON.stringify(d)), mutated(valid).map((d) => JSON.stringify(d)), body);
const ASSOCIATE_ID = '@associate@';
const ENTERPRISE_ID = '@enterprise@';
const CONSOLE_USER_ID = '@console-user@';
const SUPPORT_ACCESS_ID = '@support-access@';
const associateCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ as: credential('enterprise'), type: contentType, body: orMutated(associateBody) })
    .map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/associates', headers: { 'content-type': type }, body } })),
  fc.record({ as: credential('enterprise') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/associates', headers: {} } })),
  fc
    .record({
      as: credential('enterprise'),
      type: contentType,
      body: orMutated(
        fc.oneof(
          fc.record({ email: associateEmail, requiredBankId: someId }, { requiredKeys: ['email'] }),
          fc.record({ associateId: someId, requiredBankId: someId }, { requiredKeys: ['associateId'] }),
        ),
      ),
    })
    .map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/associates/admissions', headers: { 'content-type': type }, body } })),
  // The directory of approved independents: its filters and cursor, valid or not.
  fc
    .record({
      as: credential('enterprise'),
      category: fc.option(fc.oneof(queryValue, fc.constant('Audio%20%3E%20Headphones'))),
      language: fc.option(fc.oneof(queryValue, fc.constantFrom('en', 'fr'))),
      minLevel: fc.option(queryValue),
      timezone: fc.option(fc.oneof(queryValue, fc.constant('Europe%2FParis'))),
      limit: fc.option(queryValue),
      after: fc.option(fc.oneof(queryValue, fc.constant(Buffer.from(JSON.stringify(['Ivy', '8d3c9a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f'])).toString('base64url')))),
    })
    .map(({ as, ...q }) => {
      const query = Object.entries(q)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
      return { as, call: { method: 'GET', path: `/api/v1/independents${query ? `?${query}` : ''}`, headers: {} } };
    }),
  // Schedule exceptions: dates in range, past, too far, impossible or not dates at all.
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/associates/me/schedule-exceptions', headers: {} } })),
  fc
    .record({
      as: credential('associate'),
      date: fc.oneof(fc.constantFrom('2026-03-02', '2026-03-20', '2026-03-01', '2028-01-01', '2026-02-30', 'tomorrow'), pctBytes),
      type: contentType,
      body: orMutated(
        fc.record(
          { periods: fc.array(fc.record({ from: fc.constantFrom('08:00', '12:00', '24:00', '9:00'), to: fc.constantFrom('10:00', '17:30', '24:00') }), { maxLength: 3 }), note: fc.option(word) },
          { requiredKeys: [] },
        ),
      ),
      method: fc.constantFrom('PUT', 'PUT', 'DELETE'),
    })
    .map(({ as, date, type, body, method }): { as: As; call: Call } => {
      const path = `/api/v1/associates/me/schedule-exceptions/${date}`;
      return { as, call: method === 'PUT' ? { method, path, headers: { 'content-type': type }, body } : { method, path, headers: {} } };
    }),
  // An associate's exceptions as the enterprise reads them: its own associate or another id, a range valid or not.
  fc
    .record({
      as: credential('enterprise'),
      id: fc.oneof({ weight: 3, arbitrary: fc.constant(ASSOCIATE_ID) }, { weight: 1, arbitrary: someId }),
      from: fc.option(fc.oneof(fc.constantFrom('2026-03-01', '2026-03-02', '2027-03-03', '2026-02-30'), queryValue)),
      to: fc.option(fc.oneof(fc.constantFrom('2026-03-01', '2026-03-20', '2027-03-03', 'soon'), queryValue)),
    })
    .map(({ as, id, from, to }) => {
      const query = [from === null ? '' : `from=${from}`, to === null ? '' : `to=${to}`].filter(Boolean).join('&');
      return { as, call: { method: 'GET', path: `/api/v1/associates/${id}/schedule-exceptions${query ? `?${query}` : ''}`, headers: {} } };
    }),
  fc.record({ as: credential('enterprise') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/associates/admissions', headers: {} } })),
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/associates/me/admissions', headers: {} } })),
  fc
    .record({ as: credential('associate'), id: fc.oneof(fc.constant(ENTERPRISE_ID), someId), answer: fc.constantFrom('accept', 'decline', 'withdraw') })
    .map(({ as, id, answer }) => ({ as, call: { method: 'POST', path: `/api/v1/associates/me/admissions/${id}/${answer}`, headers: {} } })),
  fc
    .record({
      as: credential('enterprise'),
      id: fc.oneof({ weight: 3, arbitrary: fc.constant(ASSOCIATE_ID) }, { weight: 1, arbitrary: someId }),
      type: contentType,
      body: orMutated(
        fc.record({
          accreditations: fc.array(
            fc.record({ category: fc.array(word, { minLength: 1, maxLength: 3 }), level: fc.integer({ min: 1, max: 5 }), expiresAt: fc.oneof(anyTime, fc.constant(null)) }, { requiredKeys: ['category', 'level'] }),
            { maxLength: 3 },
          ),
        }),
      ),
    })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'PUT', path: `/api/v1/associates/${id}/accreditations`, headers: { 'content-type': type }, body } })),
  fc
    .record({ type: contentType, extra: extraHeaders, body: orMutated(fc.record({ email: associateEmail, password: fc.constantFrom('correct horse battery', 'wrong') })) })
    .map(({ type, extra, body }) => ({ as: 'none', call: { method: 'POST', path: '/api/v1/associates/sign-in', headers: { ...extra, 'content-type': type }, body } })),
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/associates/me', headers: {} } })),
  fc
    .record({
      as: credential('associate'),
      type: contentType,
      body: orMutated(fc.record({ presence: fc.constantFrom('available', 'away'), capacity: fc.integer({ min: 1, max: 20 }), timezone: fc.constantFrom('UTC', 'Asia/Tokyo') }, { requiredKeys: [] })),
    })
    .map(({ as, type, body }) => ({ as, call: { method: 'PATCH', path: '/api/v1/associates/me', headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), id: fc.oneof({ weight: 3, arbitrary: fc.constant(ASSOCIATE_ID) }, { weight: 1, arbitrary: someId }), action: fc.constantFrom('invitation', 'deactivate', 'reactivate', 'reactivate') })
    .map(({ as, id, action }) => ({ as, call: { method: 'POST', path: `/api/v1/associates/${id}/${action}`, headers: {} } })),
  fc
    .record({ type: contentType, body: orMutated(fc.record({ token: linkToken, password: newPassword })) })
    .map(({ type, body }) => ({ as: 'none', call: { method: 'POST', path: '/api/v1/associates/password/set', headers: { 'content-type': type }, body } })),
  fc
    .record({ type: contentType, body: orMutated(fc.record({ email: associateEmail })) })
    .map(({ type, body }) => ({ as: 'none', call: { method: 'POST', path: '/api/v1/associates/password/reset-request', headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('associate'), type: contentType, body: orMutated(fc.record({ currentPassword: newPassword, newPassword })) })
    .map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/associates/me/password', headers: { 'content-type': type }, body } })),
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/associates/me/devices', headers: {} } })),
  fc.record({ as: credential('associate'), id: someId }).map(({ as, id }) => ({ as, call: { method: 'DELETE', path: `/api/v1/associates/me/devices/${id}`, headers: {} } })),
  fc.record({ page: fc.constantFrom('set-password', 'reset-password') }).map(({ page }) => ({ as: 'none', call: { method: 'GET', path: `/associates/${page}`, headers: {} } })),
  // The console's files and routes: any path under /console/ is a file, the app, or 404; never a file outside its folder.
  fc
    .oneof(fc.constantFrom('', 'sessions', 'assets/app.js', 'assets/nothing.js', '..%2Fpackage.json', '%2e%2e/%2e%2e/README.md', '.env', 'a%ZZ', 'x.exe'), pctBytes)
    .map((rest) => ({ as: 'none', call: { method: 'GET', path: `/console/${rest}`, headers: {} } })),
  // The registration site: any path under /join/ is its page or 404; it serves no file.
  fc
    .oneof(fc.constantFrom('', 'verify', 'status', 'sign-in', 'assets/app.js', '..%2Fpackage.json', '%2e%2e/%2e%2e/README.md', '.env', 'a%ZZ'), pctBytes)
    .map((rest) => ({ as: 'none', call: { method: 'GET', path: `/join/${rest}`, headers: {} } })),
  // Rare: it signs the test's associate out, and the associate routes after it answer 401.
  fc.record({ as: credential('associate') }).map(({ as }) => ({ as, call: { method: 'POST', path: '/api/v1/associates/me/sign-out-everywhere', headers: {} } })),
);

// Customers: pushed profiles under ids valid or not, and the lookup source (at an address nothing answers).
const customerId = fc.oneof(fc.constantFrom('C-1', 'ada%40example.com', 'crm:42', 'x'.repeat(201), 'a%20b', '%ZZ'), pctBytes);
const customerProfile = fc.record(
  { tier: fc.option(word), lifetimeValue: fc.option(fc.record({ value: decimal, currency })), tags: fc.array(word, { maxLength: 4 }), notes: fc.option(word) },
  { requiredKeys: [] },
);
/** Lookup URLs the outbound guard refuses: never stored, whatever else the body says. */
const REFUSED_LOOKUP_URLS = [
  'http://localhost:9/crm?store=1',
  'https://127.0.0.2/lookup',
  'https://10.0.0.1/lookup',
  'https://169.254.169.254/latest/meta-data/',
  'http://169.254.169.254/latest/meta-data/',
  'http://crm.volt.example/lookup',
  'https://user:pw@crm.volt.example/lookup',
  'http://[::ffff:169.254.169.254]/',
  'https://[::ffff:169.254.169.254]/',
  'http://2852039166/',
  'https://2852039166/',
  'https://[fd00::1]/lookup',
];
const customerSource = fc.record(
  // 127.0.0.1:9 is allowed (as OUTBOUND_ALLOW_HOSTS would) and nothing answers there; the public name resolves to nothing here.
  { lookupUrl: fc.constantFrom('http://127.0.0.1:9/lookup', 'https://crm.volt.example/lookup?store=1', ...REFUSED_LOOKUP_URLS), ttlSeconds: fc.integer({ min: 1, max: 86_400 }), timeoutMs: fc.integer({ min: 50, max: 2_000 }), rotateSecret: fc.boolean() },
  { requiredKeys: ['lookupUrl'] },
);
const customerCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ as: credential('enterprise'), id: customerId, method: fc.constantFrom('PUT', 'PUT', 'GET', 'DELETE'), type: contentType, body: orMutated(customerProfile) })
    .map(({ as, id, method, type, body }): { as: As; call: Call } => ({
      as,
      call: { method, path: `/api/v1/customers/${id}`, headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) },
    })),
  fc
    .record({ as: credential('enterprise'), method: fc.constantFrom('PUT', 'PUT', 'GET', 'DELETE'), type: contentType, body: orMutated(customerSource) })
    .map(({ as, method, type, body }): { as: As; call: Call } => ({
      as,
      call: { method, path: '/api/v1/customer-source', headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) },
    })),
);

// Commission: plans that look valid (some the rules of commission refuse: a rule twice, tiers out of order), the ledger's filters and pages, statements.
const commissionRule = fc.record(
  {
    id: fc.constantFrom('a', 'b', 'c'),
    when: fc.record({ categoryPrefix: fc.constantFrom('Audio', 'Home > Kitchen'), skus: fc.array(word, { minLength: 1, maxLength: 2 }), employment: fc.constantFrom('employed', 'independent'), customerTiers: fc.array(word, { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] }),
    pay: fc.oneof(
      fc.record({ kind: fc.constant('rate'), basisPoints: fc.integer({ min: 0, max: 10_000 }), tiers: fc.record({ mode: fc.constantFrom('whole', 'marginal'), steps: fc.array(fc.record({ fromMinor: fc.integer({ min: 0, max: 1e6 }), basisPoints: fc.integer({ min: 0, max: 10_000 }) }), { minLength: 1, maxLength: 3 }) }) }, { requiredKeys: ['kind', 'basisPoints'] }),
      fc.record({ kind: fc.constant('fixed'), amountMinor: fc.integer({ min: 0, max: 1e6 }), per: fc.constantFrom('line', 'order') }),
    ),
  },
  { requiredKeys: ['id', 'pay'] },
);
const commissionPlan = fc.record({ currency, holdDays: fc.integer({ min: 0, max: 365 }), rules: fc.array(commissionRule, { maxLength: 3 }) }, { requiredKeys: ['currency', 'rules'] });
const monthValue = fc.oneof(fc.constantFrom('2026-03', '2026-13', '2026-3', '0000-01', '9999-12'), queryValue);
const commissionQuery = (keys: Record<string, fc.Arbitrary<string>>) =>
  fc.record(keys, { requiredKeys: [] }).map((q) => {
    const query = Object.entries(q).map(([k, v]) => `${k}=${v}`).join('&');
    return query ? `?${query}` : '';
  });
const instantValue = fc.oneof(fc.constantFrom('2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z', '2025-01-01T00:00:00Z', '2026-03-02T10:00:00.000%2B01:00', '0000-01-01T00:00:00Z'), queryValue);
const reportQuery = {
  groupBy: fc.oneof(fc.constantFrom('associate', 'associate,day', 'category,rule,channel', 'day,day', 'weekday', ''), queryValue),
  from: instantValue,
  to: instantValue,
  datedBy: fc.oneof(fc.constantFrom('engagement', 'order'), queryValue),
  categoryDepth: fc.oneof(fc.constantFrom('1', '3', '11', '0'), queryValue),
  timeZone: fc.oneof(fc.constantFrom('UTC', 'Europe/Berlin', 'America/St_Johns', 'Mars/Olympus'), queryValue),
  format: fc.constantFrom('json', 'csv', 'xml'),
  associateId: fc.oneof(fc.constant(ASSOCIATE_ID), someId),
};
// Scheduled exports: schedules and destinations that look valid (some refused: a weekly one without its weekday, a private URL, a bucket by IP without path style).
const exportSettings = fc.record(
  {
    schedule: fc.record(
      { frequency: fc.constantFrom('daily', 'weekly'), hour: fc.integer({ min: -1, max: 24 }), weekday: fc.integer({ min: 0, max: 8 }), timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'Mars/Olympus') },
      { requiredKeys: ['frequency', 'hour', 'timeZone'] },
    ),
    destination: fc.oneof(
      fc.record({ kind: fc.constant('webhook'), url: fc.constantFrom('http://127.0.0.1:9/in', 'https://reports.volt.example/in', 'https://10.0.0.7/in', 'https://user:pw@reports.example/', 'ftp://reports.example/') }),
      fc.record(
        {
          kind: fc.constant('s3'),
          endpoint: fc.constantFrom('http://127.0.0.1:9', 'https://s3.example.com/base', 'https://192.168.0.4'),
          region: fc.constantFrom('eu-west-3', 'auto', 'EU WEST'),
          bucket: fc.constantFrom('reports', 'my.reports', 'a..b', 'R'),
          pathStyle: fc.boolean(),
          prefix: fc.oneof(fc.constant('fw/'), word),
          accessKeyId: fc.constantFrom('AKIAEXAMPLE', ''),
          secretAccessKey: fc.constantFrom('wJalrXUtnFEMI/K7MDENG', 'a b'),
        },
        { requiredKeys: ['kind', 'region', 'bucket', 'accessKeyId', 'secretAccessKey'] },
      ),
    ),
    groupBy: fc.array(fc.constantFrom('associate', 'day', 'category', 'weekday'), { maxLength: 3 }),
    datedBy: fc.constantFrom('engagement', 'order'),
    categoryDepth: fc.integer({ min: 0, max: 11 }),
    rotateSecret: fc.boolean(),
  },
  { requiredKeys: ['schedule', 'destination'] },
);
const exportCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ as: credential('enterprise'), method: fc.constantFrom('PUT', 'PUT', 'PUT', 'GET', 'DELETE'), type: contentType, body: orMutated(exportSettings) })
    .map(({ as, method, type, body }): { as: As; call: Call } => ({
      as,
      call: { method, path: '/api/v1/reports/exports', headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) },
    })),
  credential('enterprise').map((as): { as: As; call: Call } => ({ as, call: { method: 'POST', path: '/api/v1/reports/exports/run', headers: {} } })),
);
const commissionCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ as: credential('enterprise'), method: fc.constantFrom('PUT', 'PUT', 'GET'), type: contentType, body: orMutated(commissionPlan) })
    .map(({ as, method, type, body }): { as: As; call: Call } => ({
      as,
      call: { method, path: '/api/v1/commission/plan', headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) },
    })),
  fc
    .record({ as: credential('enterprise'), query: commissionQuery({ associateId: fc.oneof(fc.constant(ASSOCIATE_ID), someId), month: monthValue, kind: fc.oneof(fc.constantFrom('fee', 'reversal'), queryValue), limit: queryValue, after: fc.oneof(queryValue, fc.constant('MTc3MjQ0NTYwMDAwMHx4')) }) })
    .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/commission/ledger${query}`, headers: {} } })),
  fc
    .record({ as: credential('enterprise'), query: commissionQuery({ associateId: fc.oneof(fc.constant(ASSOCIATE_ID), someId), month: monthValue }) })
    .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/commission/payable${query}`, headers: {} } })),
  fc
    .record({ as: credential('enterprise'), id: fc.oneof({ weight: 3, arbitrary: fc.constant(ASSOCIATE_ID) }, { weight: 1, arbitrary: someId }), month: monthValue })
    .map(({ as, id, month }) => ({ as, call: { method: 'GET', path: `/api/v1/commission/statements/${id}/${month}`, headers: {} } })),
  fc
    .record({ as: credential('associate'), query: commissionQuery({ enterpriseId: fc.oneof(fc.constant(ENTERPRISE_ID), someId), month: monthValue, limit: queryValue, after: queryValue }) })
    .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/associates/me/commission${query}`, headers: {} } })),
  // Reports: the enterprise's and an associate's own, with periods, groupings and zones of any shape.
  fc
    .record({ as: credential('enterprise'), query: commissionQuery(reportQuery) })
    .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/reports${query}`, headers: {} } })),
  fc
    .record({ as: credential('associate'), query: commissionQuery({ ...reportQuery, enterpriseId: fc.oneof(fc.constant(ENTERPRISE_ID), someId, queryValue) }) })
    .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/associates/me/results${query}`, headers: {} } })),
);

/** The lookup URL of a customer-source body, when it is JSON with one. */
function lookupUrlOf(body: unknown): string {
  try {
    const url = typeof body === 'string' ? (JSON.parse(body) as { lookupUrl?: unknown } | null)?.lookupUrl : undefined;
    return typeof url === 'string' ? url : '';
  } catch {
    return '';
  }
}
// Site identity secrets: Voltaire's site or another id, its latest secret or another id.
const SITE = '@site@';
const SECRET = '@secret@';
const identityCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc.record({ as: credential('enterprise') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/enterprise/sites', headers: {} } })),
  fc
    .record({ as: credential('enterprise'), site: routingId(SITE), type: contentType, body: fc.oneof(fc.constant(undefined), body) })
    .map(({ as, site, type, body }): { as: As; call: Call } => ({
      as,
      call: { method: 'POST', path: `/api/v1/sites/${site}/identity-secrets`, headers: body === undefined ? {} : { 'content-type': type }, ...(body === undefined ? {} : { body }) },
    })),
  fc
    .record({ as: credential('enterprise'), site: routingId(SITE), secret: routingId(SECRET) })
    .map(({ as, site, secret }) => ({ as, call: { method: 'DELETE', path: `/api/v1/sites/${site}/identity-secrets/${secret}`, headers: {} } })),
);

// Materials and practices: the library (the latest material, or any id), files as raw bytes of every kind (and one past 10 MB), the engagement's practices and usage.
const MATERIAL = '@material@';
const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const enc = (s: string) => new TextEncoder().encode(s);
const fileBytes = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(PNG_BYTES, enc('%PDF-1.7\n%%EOF'), enc('GIF89a..'), enc('RIFF\u0010\u0000\u0000\u0000WEBPVP8 '), Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])) },
  { weight: 2, arbitrary: fc.constantFrom(enc('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), enc('<!DOCTYPE html><script>alert(1)</script>'), new Uint8Array()) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: anyString },
  { weight: 1, arbitrary: fc.constant('past the cap').map(() => new Uint8Array(10 * 1024 * 1024 + 1)) },
);
const fileType = fc.oneof(contentType, fc.constantFrom('image/png', 'application/pdf', 'image/svg+xml', 'text/html', 'application/octet-stream'));
const materialTags = fc.record({ categories: fc.array(fc.array(word, { minLength: 1, maxLength: 2 }), { maxLength: 2 }), rules: fc.array(fc.constantFrom('long-dwell', 'asked', 'bad rule!'), { maxLength: 2 }), channels: fc.array(fc.constantFrom('chat', 'voice', 'fax'), { maxLength: 2 }), languages: fc.array(fc.constantFrom('en', 'fr', 'EN'), { maxLength: 2 }) }, { requiredKeys: [] });
const materialBody = fc.oneof(
  fc.record({ kind: fc.constant('technique'), title: word, markdown: fc.oneof(word, anyString), tags: materialTags, position: fc.integer({ min: -1, max: 5 }) }, { requiredKeys: ['kind', 'title', 'markdown'] }),
  fc.record({ kind: fc.constant('link'), title: word, url: fc.oneof(pageUrl, fc.constantFrom('javascript:alert(1)', 'ftp://x.example/')), tags: materialTags }, { requiredKeys: ['kind', 'title', 'url'] }),
  fc.record({ kind: fc.constant('document'), title: word, fileName: fc.oneof(fc.constantFrom('spec.pdf', '../etc/passwd', 'a"b.pdf'), word), tags: materialTags }, { requiredKeys: ['kind', 'title'] }),
);
const materialChange = fc.record({ title: word, markdown: word, url: pageUrl, fileName: fc.constantFrom('spec.pdf', '../x'), tags: materialTags, position: fc.integer({ min: -1, max: 5 }) }, { requiredKeys: [] });
const materialId = fc.oneof({ weight: 3, arbitrary: fc.constant(MATERIAL) }, { weight: 1, arbitrary: someId });
const practicesCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc.record({ as: credential('enterprise'), type: contentType, body: orMutated(materialBody) }).map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/materials', headers: { 'content-type': type }, body } })),
  fc.record({ as: credential('enterprise') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/materials', headers: {} } })),
  fc.record({ as: credential('enterprise'), id: materialId, method: fc.constantFrom('GET', 'DELETE') }).map(({ as, id, method }) => ({ as, call: { method, path: `/api/v1/materials/${id}`, headers: {} } })),
  fc
    .record({ as: credential('enterprise'), id: materialId, type: contentType, body: orMutated(materialChange) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'PATCH', path: `/api/v1/materials/${id}`, headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), id: materialId, type: fileType, extra: extraHeaders, body: fileBytes })
    .map(({ as, id, type, extra, body }) => ({ as, call: { method: 'PUT', path: `/api/v1/materials/${id}/file`, headers: { ...extra, 'content-type': type }, body } })),
  fc.record({ as: fc.oneof(credential('associate'), credential('enterprise')), id: materialId }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/materials/${id}/content`, headers: {} } })),
  fc
    .record({ token: fc.oneof(pctBytes, fc.constantFrom('a.b.c', 'eyJhbGciOiJub25lIn0.eyJlbmciOiJ4In0.', 'eyJhbGciOiJIUzI1NiJ9.eyJlbmciOiJ4In0.AAAA')) })
    .map(({ token }) => ({ as: 'none', call: { method: 'GET', path: `/api/v1/materials/shared/${token}`, headers: {} } })),
  fc.record({ as: credential('associate'), id: routingId(ENGAGEMENT) }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/engagements/${id}/practices`, headers: {} } })),
  fc
    .record({ as: credential('associate'), id: routingId(ENGAGEMENT), type: contentType, body: orMutated(fc.record({ materialId, action: fc.constantFrom('opened', 'copied', 'sent', 'marked', 'shown') })) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/usage`, headers: { 'content-type': type }, body } })),
  fc.record({ as: credential('enterprise') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/practices/evaluation', headers: {} } })),
);

/** Stands in a path for the n-th session accepted so far, known only when the request runs. */
const KNOWN = '@known:';

// API keys: listed, made (a few labels), revoked and rotated: the key made last (never the seeded ones, which the other calls use) or any id.
const API_KEY = '@apikey@';
const apiKeyCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc.record({ as: credential('enterprise') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/api-keys', headers: {} } })),
  fc
    .record({ as: credential('enterprise'), type: contentType, body: orMutated(fc.record({ label: fc.constantFrom('warehouse', 'pos', ' till ') })) })
    .map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/api-keys', headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), id: fc.oneof({ weight: 3, arbitrary: fc.constant(API_KEY) }, { weight: 1, arbitrary: someId }), action: fc.constantFrom('DELETE', 'rotate') })
    .map(({ as, id, action }) => ({ as, call: action === 'DELETE' ? { method: 'DELETE', path: `/api/v1/api-keys/${id}`, headers: {} } : { method: 'POST', path: `/api/v1/api-keys/${id}/rotate`, headers: {} } })),
);

// The catalogue: batches (JSON, CSV, Merchant feeds) of a few SKUs that collide, the list, one product, resolution, the sales information.
const catalogSku = fc.oneof(fc.constantFrom('SKU-1', 'SKU-2', 'sku-1', 'A/B 1'), word);
const catalogItem = fc.record(
  {
    sku: catalogSku,
    name: word,
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'XAU'),
    price: fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -1, 1.5)),
    salePrice: fc.nat(),
    saleStartsAt: fc.oneof(fc.nat(), fc.constant(253_402_300_799_999)),
    availability: fc.constantFrom('in_stock', 'out_of_stock', 'preorder', 'InStock'),
    stock: fc.integer({ min: -1, max: 1_000 }),
    gtin: fc.constantFrom('4548736132610', '4548736132611', '027242923232', '00000000'),
    url: fc.constantFrom(`${VOLT}/p/1`, 'https://www.volt.example/p/1?utm_source=x', 'javascript:alert(1)'),
    category: fc.array(word, { maxLength: 3 }),
    attributes: fc.dictionary(word, word, { maxKeys: 3 }),
    related: fc.record({ accessories: fc.array(catalogSku, { maxLength: 2 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['sku', 'name', 'currency', 'price', 'availability', 'url'] },
);
const csvCell = fc.oneof(word, decimal, fc.constantFrom('', '"', 'a,b', 'in_stock', '349.00 USD', '12.5', `${VOLT}/p/2`, 'x\r\ny'), anyString);
const csvText = fc
  .tuple(
    fc.constantFrom('sku,name,currency,price,availability,url', 'id\ttitle\tlink\tprice\tavailability', 'sku;name;currency;price;availability;url', 'sku,title', ''),
    fc.array(fc.array(csvCell, { minLength: 1, maxLength: 7 }), { maxLength: 4 }),
    fc.constantFrom(',', '\t', ';'),
  )
  .map(([header, rows, delimiter]) => [header, ...rows.map((r) => r.join(delimiter))].join(delimiter === ',' ? '\r\n' : '\n'));
const catalogCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ as: credential('enterprise'), type: contentType, body: orMutated(fc.record({ products: fc.array(catalogItem, { minLength: 1, maxLength: 3 }) })) })
    .map(({ as, type, body }) => ({ as, call: { method: 'PUT', path: '/api/v1/catalog/products', headers: { 'content-type': type }, body } })),
  fc
    .record({
      as: credential('enterprise'),
      type: fc.oneof(fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'text/tab-separated-values', 'text/plain; charset=latin1'), contentType),
      query: fc.constantFrom('', '?format=merchant', '?format=merchant&quotedFields=false', '?format=xml', '?quotedFields=maybe'),
      body: fc.oneof(csvText, anyString, fc.uint8Array({ maxLength: 200 })),
    })
    .map(({ as, type, query, body }) => ({ as, call: { method: 'POST', path: `/api/v1/catalog/imports${query}`, headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), q: fc.option(queryValue), cursor: fc.option(fc.oneof(queryValue, fc.constantFrom('U0tVLTE', 'U0tVLTE='))), limit: fc.option(queryValue) })
    .map(({ as, q, cursor, limit }) => {
      const query = [q !== null ? `q=${q}` : '', cursor !== null ? `cursor=${cursor}` : '', limit !== null ? `limit=${limit}` : ''].filter(Boolean).join('&');
      return { as, call: { method: 'GET', path: `/api/v1/catalog/products${query ? `?${query}` : ''}`, headers: {} } };
    }),
  fc
    .record({ as: credential('enterprise'), sku: fc.oneof(catalogSku.map(encodeURIComponent), pctBytes), method: fc.constantFrom('GET', 'DELETE') })
    .map(({ as, sku, method }) => ({ as, call: { method, path: `/api/v1/catalog/products/${sku}`, headers: {} } })),
  fc.record({ as: credential('enterprise') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/catalog/products.csv', headers: {} } })),
  fc
    .record({ as: credential('enterprise'), type: contentType, body: orMutated(fc.record({ url: pageUrl, name: word, sku: catalogSku, gtin: fc.constantFrom('4548736132610', '0 27242 92323 2', 'x'), price: decimal, currency }, { requiredKeys: ['url', 'name'] })) })
    .map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/catalog/resolve', headers: { 'content-type': type }, body } })),
  fc.record({ as: credential('enterprise'), days: fc.option(queryValue) }).map(({ as, days }) => ({ as, call: { method: 'GET', path: `/api/v1/catalog/resolution-rate${days !== null ? `?days=${days}` : ''}`, headers: {} } })),
  fc.record({ as: credential('associate'), id: routingId(ENGAGEMENT) }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/engagements/${id}/sales-info`, headers: {} } })),
);

// Orders: the order API (a few shop ids, so some collide with other content), refunds, settings, source secrets, and signed or unsigned webhooks.
const ORDER = '@order@';
const ORDER_SECRET = 'a shopify app secret';
const orderLine = fc.record({ id: fc.constantFrom('L1', 'L2', 'L3'), sku: word, category: fc.array(word, { maxLength: 2 }), quantity: fc.integer({ min: 1, max: 5 }), net: decimal });
const orderBody = fc.record(
  {
    id: fc.constantFrom('O-1', 'O-2', 'O-3', 'O-4'),
    number: fc.constantFrom('#1', '#2'),
    placedAt: time,
    currency: fc.constantFrom('EUR', 'USD', 'JPY', 'KWD'),
    customerId: fc.constantFrom('C-1', 'C-2'),
    engagementId: fc.oneof(fc.uuid(), word),
    lines: fc.uniqueArray(orderLine, { minLength: 1, maxLength: 3, selector: (l) => l.id }),
  },
  { requiredKeys: ['id', 'placedAt', 'currency', 'lines'] },
);
const refundBody = fc.record(
  {
    id: fc.constantFrom('R-1', 'R-2', 'R-3'),
    currency: fc.constantFrom('EUR', 'USD'),
    refundedAt: time,
    scope: fc.oneof(
      fc.record({ kind: fc.constant('lines'), lines: fc.array(fc.record({ lineId: fc.constantFrom('L1', 'L2', 'L9'), amount: decimal }), { minLength: 1, maxLength: 2 }) }),
      fc.record({ kind: fc.constant('amount'), amount: decimal }),
      fc.constant({ kind: 'whole_order' }),
    ),
  },
  { requiredKeys: ['id', 'scope'] },
);
const shopifyBody = fc.oneof(
  fc.record({ id: fc.constantFrom(1, '2', 3), name: word, created_at: time, currency: currency, line_items: fc.array(fc.record({ id: fc.constantFrom(1, 2), sku: word, quantity: fc.integer({ min: 0, max: 3 }), price: decimal, total_discount: decimal }), { maxLength: 2 }), note_attributes: fc.array(fc.record({ name: fc.constant('floorwalker_engagement'), value: fc.uuid() }), { maxLength: 1 }) }).map((o) => JSON.stringify(o)),
  fc.record({ id: fc.constantFrom(7, 8), order_id: fc.constantFrom(1, 2), created_at: time, refund_line_items: fc.array(fc.record({ line_item_id: fc.constantFrom(1, 2, 3), subtotal: decimal }), { maxLength: 2 }) }).map((r) => JSON.stringify(r)),
  body.map((b) => (typeof b === 'string' ? b : '')),
);
const orderCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc.record({ as: credential('enterprise'), type: contentType, body: orMutated(orderBody) }).map(({ as, type, body }) => ({ as, call: { method: 'POST', path: '/api/v1/orders', headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), limit: fc.option(queryValue), status: fc.option(fc.oneof(queryValue, fc.constantFrom('attributed', 'unattributed'))), before: fc.option(queryValue), engagementId: fc.option(fc.oneof(queryValue, fc.uuid())) })
    .map(({ as, limit, status, before, engagementId }) => {
      const query = [limit !== null ? `limit=${limit}` : '', status !== null ? `status=${status}` : '', before !== null ? `before=${before}` : '', engagementId !== null ? `engagementId=${engagementId}` : ''].filter(Boolean).join('&');
      return { as, call: { method: 'GET', path: `/api/v1/orders${query ? `?${query}` : ''}`, headers: {} } };
    }),
  fc.record({ as: credential('enterprise'), id: routingId(ORDER) }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/orders/${id}`, headers: {} } })),
  fc
    .record({ as: credential('enterprise'), id: routingId(ORDER), type: contentType, body: orMutated(refundBody) })
    .map(({ as, id, type, body }) => ({ as, call: { method: 'POST', path: `/api/v1/orders/${id}/refunds`, headers: { 'content-type': type }, body } })),
  fc
    .record({ as: credential('enterprise'), method: fc.constantFrom('GET', 'PUT', 'PUT'), type: contentType, body: orMutated(fc.record({ windowDays: fc.integer({ min: -1, max: 100 }), model: fc.constantFrom('last_touch', 'even', 'time_decay'), halfLifeDays: fc.double({ min: 0, max: 100, noNaN: true }) }, { requiredKeys: ['windowDays', 'model'] })) })
    .map(({ as, method, type, body }): { as: As; call: Call } => ({ as, call: { method, path: '/api/v1/attribution-settings', headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) } })),
  fc
    .record({ as: credential('enterprise'), source: fc.constantFrom('shopify', 'segment'), type: contentType, body: orMutated(fc.record({ secret: fc.constantFrom(ORDER_SECRET, 'short', 'another long secret') })) })
    .map(({ as, source, type, body }) => ({ as, call: { method: 'PUT', path: `/api/v1/order-sources/${source}`, headers: { 'content-type': type }, body } })),
  fc
    .record({
      enterprise: fc.oneof({ weight: 3, arbitrary: fc.constant(ENTERPRISE_ID) }, { weight: 1, arbitrary: someId }),
      source: fc.constantFrom('shopify', 'segment'),
      topic: fc.constantFrom('orders/create', 'refunds/create', 'products/update', ''),
      id: fc.constantFrom('d-1', 'd-2', ''),
      signed: fc.constantFrom('right', 'right', 'wrong', 'none'),
      body: shopifyBody,
      extra: extraHeaders,
    })
    .map(({ enterprise, source, topic, id, signed, body, extra }) => {
      const header = source === 'shopify' ? 'x-shopify-hmac-sha256' : 'x-signature';
      const signature = signed === 'right' ? { [header]: signatureOf(source, ORDER_SECRET, body) } : signed === 'wrong' ? { [header]: signatureOf(source, 'wrong secret', body) } : {};
      return { as: 'none', call: { method: 'POST', path: `/api/v1/webhooks/${source}/${enterprise}`, headers: { ...extra, 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-webhook-id': id, ...signature }, body } };
    }),
);

// The audit log, the operator's marketplace routes and the enterprise's own sites.
const SUMMIT_ID = '@summit@';
const SUMMIT_SITE = '@summit-site@';
const siteBody = fc.record(
  {
    name: fc.oneof(word, anyString),
    domain: fc.oneof(fc.stringMatching(/^[a-z]{1,10}\.example$/), fc.constantFrom('volt.example', 'localhost:4102', 'Shop.Example:8080', 'bad domain'), anyString),
    adapter: fc.oneof(fc.constant(null), fc.record({ mask: fc.array(fc.oneof(word, anyString), { maxLength: 3 }) }), fc.record({ product: fc.record({ name: fc.record({ selector: fc.oneof(word, anyString) }) }) })),
    active: fc.boolean(),
  },
  { requiredKeys: ['name', 'domain'] },
);
const siteChange = fc.record({ name: fc.oneof(word, anyString), domain: fc.oneof(fc.stringMatching(/^[a-z]{1,10}\.example$/), anyString), adapter: fc.oneof(fc.constant(null), fc.record({ mask: fc.array(word, { maxLength: 2 }) })) }, { requiredKeys: [] });
const auditQuery = fc
  .record({
    actor: fc.option(fc.oneof(fc.constantFrom('key', 'user', 'operator'), queryValue)),
    q: fc.option(queryValue),
    from: fc.option(fc.oneof(queryValue, fc.constantFrom('2026-03-01T00:00:00Z', '0000-01-01T00:00:00Z'))),
    to: fc.option(queryValue),
    limit: fc.option(queryValue),
    before: fc.option(fc.oneof(queryValue, fc.nat().map((n) => Buffer.from(`audit:${n}`).toString('base64url')))),
    enterpriseId: fc.option(fc.oneof(fc.uuid(), queryValue)),
  })
  .map((q) => Object.entries(q).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join('&'));
const operatorAs = fc.oneof({ weight: 8, arbitrary: fc.constant<As>('operator') }, { weight: 1, arbitrary: fc.constantFrom<As>('enterprise', 'none') });
const enterpriseTarget = fc.oneof({ weight: 3, arbitrary: fc.constant(SUMMIT_ID) }, { weight: 1, arbitrary: someId });
const marketplaceCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc.record({ as: credential('enterprise'), q: auditQuery }).map(({ as, q }) => ({ as, call: { method: 'GET', path: `/api/v1/audit?${q}`, headers: {} } })),
  fc.record({ as: operatorAs, q: auditQuery }).map(({ as, q }) => ({ as, call: { method: 'GET', path: `/api/v1/marketplace/audit?${q}`, headers: {} } })),
  fc.record({ as: operatorAs, sort: fc.option(fc.oneof(fc.constantFrom('name', 'created', 'sites', 'sessions7d', 'engagements7d'), queryValue)) }).map(({ as, sort }) => ({
    as,
    call: { method: 'GET', path: `/api/v1/marketplace/enterprises${sort === null ? '' : `?sort=${sort}`}`, headers: {} },
  })),
  fc.record({ as: operatorAs, body: orMutated(fc.record({ name: fc.oneof(word, anyString) })) }).map(({ as, body }) => ({ as, call: { method: 'POST', path: '/api/v1/marketplace/enterprises', headers: { 'content-type': 'application/json' }, body } })),
  fc.record({ as: operatorAs, id: enterpriseTarget, what: fc.constantFrom('suspend', 'resume'), body: fc.option(body) }).map(({ as, id, what, body }): { as: As; call: Call } => ({
    as,
    call: body === null ? { method: 'POST', path: `/api/v1/marketplace/enterprises/${id}/${what}`, headers: {} } : { method: 'POST', path: `/api/v1/marketplace/enterprises/${id}/${what}`, headers: { 'content-type': 'application/json' }, body },
  })),
  fc.record({ as: operatorAs, id: enterpriseTarget }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/marketplace/enterprises/${id}/sites`, headers: {} } })),
  fc.record({ as: operatorAs, id: enterpriseTarget, body: orMutated(siteBody) }).map(({ as, id, body }) => ({
    as,
    call: { method: 'POST', path: `/api/v1/marketplace/enterprises/${id}/sites`, headers: { 'content-type': 'application/json' }, body },
  })),
  fc.record({ as: operatorAs, id: fc.oneof(fc.constant(SUMMIT_SITE), someId), body: orMutated(siteChange) }).map(({ as, id, body }) => ({
    as,
    call: { method: 'PATCH', path: `/api/v1/marketplace/sites/${id}`, headers: { 'content-type': 'application/json' }, body },
  })),
  fc.record({ as: operatorAs, id: fc.oneof(fc.constant(SUMMIT_SITE), someId) }).map(({ as, id }) => ({ as, call: { method: 'DELETE', path: `/api/v1/marketplace/sites/${id}`, headers: {} } })),
  fc.record({ as: operatorAs, id: enterpriseTarget }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/marketplace/enterprises/${id}/fee`, headers: {} } })),
  fc.record({ as: operatorAs, id: enterpriseTarget, body: orMutated(fc.record({ basisPoints: fc.integer({ min: -10, max: 10_010 }) })) }).map(({ as, id, body }) => ({
    as,
    call: { method: 'PUT', path: `/api/v1/marketplace/enterprises/${id}/fee`, headers: { 'content-type': 'application/json' }, body },
  })),
  fc.record({ as: operatorAs, q: fc.option(queryValue), limit: fc.option(queryValue), after: fc.option(fc.oneof(queryValue, fc.emailAddress().map((e) => Buffer.from(e).toString('base64url')))) }).map(({ as, q, limit, after }) => {
    const query = [q === null ? '' : `q=${q}`, limit === null ? '' : `limit=${limit}`, after === null ? '' : `after=${after}`].filter(Boolean).join('&');
    return { as, call: { method: 'GET', path: `/api/v1/marketplace/associates${query ? `?${query}` : ''}`, headers: {} } };
  }),
  fc.record({ as: credential('enterprise'), body: orMutated(siteBody.map((b) => ({ ...b, active: true }))) }).map(({ as, body }) => ({ as, call: { method: 'POST', path: '/api/v1/enterprise/sites', headers: { 'content-type': 'application/json' }, body } })),
  fc.record({ as: credential('enterprise'), id: fc.oneof(fc.constant(SITE), someId), body: orMutated(siteChange) }).map(({ as, id, body }) => ({
    as,
    call: { method: 'PATCH', path: `/api/v1/enterprise/sites/${id}`, headers: { 'content-type': 'application/json' }, body },
  })),
);

// Console accounts: sign-in and links (nobody), the user's own account (a console session), an
// enterprise's users and support accesses (its key or its owner's session), the operator's routes.
const consoleAs = (wanted: As) => fc.oneof({ weight: 6, arbitrary: fc.constant<As>(wanted) }, { weight: 1, arbitrary: credential('enterprise') });
const consoleEmail = fc.constantFrom('owner@volt.example', 'OWNER@volt.example', 'nobody@volt.example', 'x@y');
const consoleRole = fc.constantFrom('owner', 'admin', 'sales_lead', 'analyst', 'root');
const consoleUserId = fc.oneof({ weight: 3, arbitrary: fc.constant(CONSOLE_USER_ID) }, { weight: 1, arbitrary: someId });
const consoleAccessId = fc.oneof({ weight: 3, arbitrary: fc.constant(SUPPORT_ACCESS_ID) }, { weight: 1, arbitrary: someId });
const post = (as: As, path: string, type: string, body: string | Uint8Array) => ({ as, call: { method: 'POST', path, headers: { 'content-type': type }, body } });
const consoleAccountCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ type: contentType, body: orMutated(fc.record({ email: consoleEmail, password: fc.constantFrom('a console password 1', 'wrong'), totp: fc.constantFrom('123456', '12345', 'abcdef') }, { requiredKeys: ['email', 'password'] })) })
    .map(({ type, body }) => post('none', '/api/v1/console/sign-in', type, body)),
  fc.record({ type: contentType, body: orMutated(fc.record({ email: consoleEmail })) }).map(({ type, body }) => post('none', '/api/v1/console/password/reset-request', type, body)),
  fc
    .record({ type: contentType, body: orMutated(fc.record({ token: fc.constantFrom('fwr_not-a-token-of-ours-at-all', 'short'), password: fc.constantFrom('a long enough secret 1', 'short') })) })
    .map(({ type, body }) => post('none', '/api/v1/console/password/set', type, body)),
  fc.record({ as: consoleAs('console') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/console/me', headers: {} } })),
  fc
    .record({ as: consoleAs('console'), type: contentType, body: orMutated(fc.record({ current: fc.constantFrom('a console password 1', 'wrong'), next: fc.constantFrom('a console password 1', 'another password 2', 'owner@volt.example', 'short') })) })
    .map(({ as, type, body }) => post(as, '/api/v1/console/password', type, body)),
  fc.record({ as: consoleAs('console'), type: contentType, body: fc.oneof(fc.constant(''), body) }).map(({ as, type, body }) => post(as, '/api/v1/console/totp/setup', type, body)),
  fc.record({ as: consoleAs('console'), type: contentType, body: orMutated(fc.record({ code: fc.constantFrom('123456', '1234567', '') })) }).map(({ as, type, body }) => post(as, '/api/v1/console/totp/enable', type, body)),
  fc.record({ as: consoleAs('console'), type: contentType, body: orMutated(fc.record({ password: fc.constantFrom('a console password 1', 'wrong') })) }).map(({ as, type, body }) => post(as, '/api/v1/console/totp/disable', type, body)),
  fc.record({ as: consoleAs('console') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/enterprise/users', headers: {} } })),
  fc
    .record({ as: consoleAs('console'), type: contentType, body: orMutated(fc.record({ email: consoleEmail, name: fc.oneof(word, anyString), role: consoleRole })) })
    .map(({ as, type, body }) => post(as, '/api/v1/enterprise/users', type, body)),
  fc
    .record({ as: consoleAs('console'), id: consoleUserId, type: contentType, body: orMutated(fc.record({ role: consoleRole })), method: fc.constantFrom('PATCH', 'DELETE') })
    .map(({ as, id, type, body, method }): { as: As; call: Call } => ({ as, call: method === 'DELETE' ? { method, path: `/api/v1/enterprise/users/${id}`, headers: {} } : { method, path: `/api/v1/enterprise/users/${id}`, headers: { 'content-type': type }, body } })),
  fc.record({ as: consoleAs('console') }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/enterprise/support-access', headers: {} } })),
  fc.record({ as: consoleAs('console'), id: consoleAccessId }).map(({ as, id }) => ({ as, call: { method: 'POST', path: `/api/v1/enterprise/support-access/${id}/end`, headers: {} } })),
  fc
    .record({ as: consoleAs('operator'), id: fc.oneof(fc.constant(ENTERPRISE_ID), someId), type: contentType, body: orMutated(fc.record({ reason: fc.oneof(word, anyString), minutes: fc.oneof(fc.integer({ min: -1, max: 500 }), fc.constant(1.5)) })) })
    .map(({ as, id, type, body }) => post(as, `/api/v1/marketplace/enterprises/${id}/support-access`, type, body)),
  fc.record({ as: consoleAs('operator'), id: consoleAccessId }).map(({ as, id }) => ({ as, call: { method: 'POST', path: `/api/v1/marketplace/support-access/${id}/end`, headers: {} } })),
  fc
    .record({ as: consoleAs('operator'), id: fc.oneof(fc.constant(ENTERPRISE_ID), someId), type: contentType, body: orMutated(fc.record({ email: consoleEmail, name: fc.oneof(word, anyString) })) })
    .map(({ as, id, type, body }) => post(as, `/api/v1/marketplace/enterprises/${id}/users`, type, body)),
);

// Applying to the marketplace (nobody), the applicant's own application (their token), the operator's vetting queue and rules.
const APPLICATION_ID = '@application@';
const APPLICATION_DOCUMENT = '@application-document@';
const registrationBody = fc.record({
  email: fc.oneof(fc.constantFrom('new@applicant.example', 'applicant@applicant.example', 'APPLICANT@applicant.example', 'x@y'), fc.emailAddress()),
  password: fc.constantFrom('a long enough secret 1', 'short', 'applicant@applicant.example', 'aaaaaaaaaaaa'),
  displayName: fc.oneof(word, anyString),
  givenName: fc.oneof(word, anyString),
  familyName: fc.oneof(word, anyString),
  country: fc.oneof(fc.constantFrom('FR', 'us', 'BR', 'XX', 'FRA', ''), anyString),
  timezone: fc.constantFrom('Europe/Paris', 'UTC', 'Mars/Olympus', ''),
  languages: fc.array(fc.oneof(fc.constantFrom('en', 'fr', 'pt', 'EN', ''), anyString), { maxLength: 3 }),
  birthDate: fc.oneof(fc.constantFrom('1990-05-17', '2015-01-01', '1990-02-30', '0000-01-01', '1899-12-31'), anyString),
  categories: fc.array(fc.array(fc.oneof(word, anyString), { maxLength: 3 }), { maxLength: 3 }),
  experience: fc.oneof(word, anyString),
  weeklyHours: fc.oneof(fc.integer({ min: -1, max: 100 }), fc.constant(1.5)),
  consent: fc.record({ authorized: fc.oneof(fc.constant(true), fc.boolean()), version: fc.oneof(fc.constant(CHECKS_DISCLOSURE.version), fc.constantFrom('2001-01-01', '')) }),
});
const applicantDocumentBody = fc.record({
  kind: fc.oneof(fc.constantFrom('identity', 'address', 'tax', 'resume'), anyString),
  fileName: fc.oneof(word, anyString, fc.constantFrom('a"b\\c.pdf', 'é.png')),
  contentType: fc.constantFrom('application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/html'),
  content: fc.oneof(
    fc.constantFrom(Buffer.from('%PDF-1.7 a document').toString('base64'), Buffer.from(PNG_BYTES).toString('base64'), Buffer.from('<svg onload=alert(1)>').toString('base64'), '', '====', 'not base64!'),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
  ),
});
const joinRulesBody = fc.record(
  {
    countries: fc.array(fc.oneof(fc.constantFrom('FR', 'US', 'fr', 'XXX'), anyString), { maxLength: 3 }),
    minimumAge: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constant(18.5)),
    requiredDocuments: fc.array(fc.constantFrom('identity', 'address', 'tax', 'resume', 'passport'), { maxLength: 3 }),
    languages: fc.array(fc.constantFrom('en', 'fr', 'EN', ''), { maxLength: 3 }),
    checkPackage: fc.oneof(fc.constantFrom('tasker_standard', 'driver_pro', 'Bad Package', ''), anyString),
    // Left out (the default), in bounds, out of them, not whole, not a number.
    reapplyAfterDays: fc.oneof(fc.integer({ min: -5, max: 4000 }), fc.constantFrom(0, 180, 3650, 3651, 1.5, '30', null)),
  },
  { requiredKeys: ['countries', 'minimumAge', 'requiredDocuments', 'languages', 'checkPackage'] },
);
const applicantAs = fc.oneof({ weight: 8, arbitrary: fc.constant<As>('applicant') }, { weight: 1, arbitrary: credential('associate') });
const applicationTarget = fc.oneof({ weight: 4, arbitrary: fc.constant(APPLICATION_ID) }, { weight: 1, arbitrary: someId });
const registrationCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc.record({ type: contentType, body: orMutated(registrationBody) }).map(({ type, body }) => post('none', '/api/v1/applications', type, body)),
  fc.record({ type: contentType, body: orMutated(fc.record({ token: fc.constantFrom('fwv_not-a-token-of-ours-at-all', 'fwi_not-a-token-of-ours-at-all', 'short') })) }).map(({ type, body }) => post('none', '/api/v1/applications/verify', type, body)),
  fc.record({ as: applicantAs }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/applications/me', headers: {} } })),
  fc.record({ as: applicantAs, what: fc.constantFrom('verification', 'withdraw'), type: contentType, body: fc.oneof(fc.constant(''), body) }).map(({ as, what, type, body }) => post(as, `/api/v1/applications/me/${what}`, type, body)),
  fc.record({ as: applicantAs, type: contentType, body: orMutated(applicantDocumentBody) }).map(({ as, type, body }) => post(as, '/api/v1/applications/me/documents', type, body)),
  fc.record({ as: applicantAs, type: contentType, body: orMutated(fc.record({ message: fc.oneof(word, anyString) })) }).map(({ as, type, body }) => post(as, '/api/v1/applications/me/reply', type, body)),
  fc
    .record({ as: operatorAs, status: fc.option(fc.oneof(fc.constantFrom('review', 'checking', 'nonsense'), queryValue)), q: fc.option(queryValue), limit: fc.option(queryValue), after: fc.option(fc.oneof(queryValue, fc.constant(encodeCursor({ lastEventAt: new Date(T0_MS), id: '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f' })))) })
    .map(({ as, ...q }) => {
      const query = Object.entries(q).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join('&');
      return { as, call: { method: 'GET', path: `/api/v1/marketplace/applications${query ? `?${query}` : ''}`, headers: {} } };
    }),
  fc.record({ as: operatorAs, id: applicationTarget }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/marketplace/applications/${id}`, headers: {} } })),
  fc.record({ as: operatorAs, id: applicationTarget, doc: fc.oneof(fc.constant(APPLICATION_DOCUMENT), someId) }).map(({ as, id, doc }) => ({ as, call: { method: 'GET', path: `/api/v1/marketplace/applications/${id}/documents/${doc}`, headers: {} } })),
  fc
    .record({ as: operatorAs, id: applicationTarget, type: contentType, body: orMutated(fc.record({ decision: fc.constantFrom('approve', 'reject', 'more_info', 'maybe'), reason: fc.oneof(word, anyString) })) })
    .map(({ as, id, type, body }) => post(as, `/api/v1/marketplace/applications/${id}/decision`, type, body)),
  fc.record({ as: operatorAs }).map(({ as }) => ({ as, call: { method: 'GET', path: '/api/v1/marketplace/join-settings', headers: {} } })),
  fc.record({ as: operatorAs, type: contentType, body: orMutated(joinRulesBody) }).map(({ as, type, body }) => ({ as, call: { method: 'PUT', path: '/api/v1/marketplace/join-settings', headers: { 'content-type': type }, body } })),
);

// Vetting: the operator's adverse action (on an application whose report came back consider, others, nonsense ids) and Checkr's webhooks, signed or not.
const CHECKED_APPLICATION = '@checked-application@';
const CHECKR_KEY = 'property_test_checkr_key';
const checkrEvent = fc
  .record(
    {
      id: fc.oneof(fc.constantFrom('e0e0e0e0e0e0e0e0e0e0e0e0', 'e1e1e1e1e1e1e1e1e1e1e1e1'), fc.stringMatching(/^[0-9a-f]{24}$/), anyString),
      object: fc.constant('event'),
      type: fc.oneof(fc.constantFrom('invitation.completed', 'invitation.expired', 'report.completed', 'report.suspended', 'report.disputed', 'report.canceled', 'report.engaged', 'report.pre_adverse_action', 'report.post_adverse_action', 'package.created'), word),
      created_at: time,
      data: fc.record(
        {
          object: fc.record(
            {
              id: fc.oneof(fc.constant(STUB_REPORT_ID), fc.stringMatching(/^[0-9a-f]{24}$/), anyString),
              object: fc.constantFrom('report', 'invitation', 'candidate'),
              candidate_id: fc.oneof(fc.constant(STUB_CANDIDATE_ID), fc.stringMatching(/^[0-9a-f]{24}$/)),
              report_id: fc.oneof(fc.constant(STUB_REPORT_ID), fc.constant(null)),
              status: fc.constantFrom('pending', 'complete', 'completed', 'dispute'),
            },
            { requiredKeys: ['id'] },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['id', 'type', 'data'] },
  )
  .map((e) => JSON.stringify(e));
const vettingCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  fc
    .record({ as: operatorAs, id: fc.oneof({ weight: 3, arbitrary: fc.constant(CHECKED_APPLICATION) }, { weight: 1, arbitrary: someId }), body: fc.option(orMutated(fc.constant({}))) })
    .map(({ as, id, body }): { as: As; call: Call } => {
      const path = `/api/v1/marketplace/applications/${id}/check/adverse-action`;
      return { as, call: body === null ? { method: 'POST', path, headers: {} } : { method: 'POST', path, headers: { 'content-type': 'application/json' }, body } };
    }),
  fc
    .record({ signed: fc.constantFrom('right', 'right', 'wrong', 'none'), body: fc.oneof({ weight: 4, arbitrary: checkrEvent }, { weight: 1, arbitrary: body.map((b) => (typeof b === 'string' ? b : '')) }), extra: extraHeaders })
    .map(({ signed, body, extra }) => {
      const signature: Record<string, string> = signed === 'none' ? {} : { 'x-checkr-signature': checkrSignature(signed === 'right' ? CHECKR_KEY : 'another key', body) };
      return { as: 'none', call: { method: 'POST', path: '/api/v1/webhooks/checkr', headers: { ...extra, 'content-type': 'application/json', ...signature }, body } };
    }),
);

// Telephony: the enterprise's Twilio account, and Twilio's webhooks about a seeded bridge (signed with the account's token, with another, or not at all).
const TWILIO_TOKEN = 'f00d'.repeat(8);
const CALL_ID = '@call@';
/** The seeded bridge's Twilio sid, and a header value the loop replaces with the signature of the request as it is finally made. */
const BRIDGE_SID = `CA${'b'.repeat(32)}`;
const SIGN_WITH_TOKEN = '@sign@';
/** The seeded text's id in the webhook's path, and its Twilio sid. */
const TEXT_ID = '@text@';
const TEXT_SID = `SM${'b'.repeat(32)}`;
const twilioSid = fc.oneof(fc.constant(BRIDGE_SID), fc.constant(`CA${'c'.repeat(32)}`), fc.stringMatching(/^[A-Z]{2}[0-9a-f]{32}$/), anyString);
const twilioForm = fc
  .record(
    {
      CallSid: twilioSid,
      CallStatus: fc.oneof(fc.constantFrom('queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'), anyString),
      SequenceNumber: fc.oneof(fc.nat({ max: 10 }).map(String), fc.constantFrom('-1', '1e3', '99999999999'), anyString),
      ParentCallSid: twilioSid,
      CallDuration: fc.oneof(fc.nat({ max: 100_000 }).map(String), anyString),
      DialCallStatus: fc.constantFrom('completed', 'busy'),
    },
    { requiredKeys: [] },
  )
  .map((f) => new URLSearchParams(Object.entries(f) as [string, string][]).toString());
const phoneNumber = fc.constantFrom('+14155550000', '+14155550199', '+14155550123', '4155550000', '');
const twilioMessageForm = fc
  .record(
    {
      MessageSid: fc.oneof(fc.constant(TEXT_SID), twilioSid),
      MessageStatus: fc.oneof(fc.constantFrom('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received'), anyString),
      ErrorCode: fc.oneof(fc.constantFrom('30003', '30008', '21610'), anyString),
      To: phoneNumber,
      From: phoneNumber,
      Body: fc.oneof(fc.constantFrom('STOP', ' start ', 'HELP', 'Does it come in red?', ''), anyString),
    },
    { requiredKeys: [] },
  )
  .map((f) => new URLSearchParams(Object.entries(f) as [string, string][]).toString());
/** A Twilio webhook at `path`: its form signed with the account's token, with another, or not at all. */
const twilioWebhook = (path: fc.Arbitrary<string>, form: fc.Arbitrary<string>): fc.Arbitrary<{ as: As; call: Call }> =>
  fc
    .record({
      path,
      signed: fc.constantFrom('right', 'right', 'right', 'wrong', 'none'),
      form: fc.oneof({ weight: 4, arbitrary: form }, { weight: 1, arbitrary: body.map((b) => (typeof b === 'string' ? b : '')) }),
      extra: extraHeaders,
    })
    .map(({ path, signed, form, extra }) => {
      const signature: Record<string, string> = signed === 'none' ? {} : { 'x-twilio-signature': signed === 'right' ? SIGN_WITH_TOKEN : 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
      return { as: 'none', call: { method: 'POST', path, headers: { ...extra, 'content-type': 'application/x-www-form-urlencoded', ...signature }, body: form } };
    });
const telephonySettingsBody = fc.record(
  {
    provider: fc.constantFrom('twilio', 'vonage'),
    accountSid: fc.constantFrom(`AC${'a'.repeat(32)}`, 'AC123', `AC${'A'.repeat(32)}`),
    authToken: fc.constantFrom(TWILIO_TOKEN, 'short', 'e'.repeat(32)),
    numbers: fc.array(fc.constantFrom('+14155550000', '+14155550001', '4155550000', '+0123'), { maxLength: 3 }),
  },
  { requiredKeys: ['provider', 'accountSid', 'numbers'] },
);
const PROPERTY_SEALER = createSealer(Buffer.alloc(32, 7));
/** The number an engagement's shopper gave for calls and texts, as engagement_phones keeps it. */
const givenNumber = (engagementId: string, enterpriseId: string) => ({
  engagementId,
  enterpriseId,
  number: PROPERTY_SEALER.seal('+14155550199'),
  numberHash: numberHash(enterpriseId, '+14155550199'),
  masked: '+1 ••• ••• ••99',
  purposes: ['call' as const, 'text' as const],
  consentText: 'Voltaire may call and text this number about this conversation only.',
  givenAt: new Date(0),
});
const telephonyCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  // Either party calls (no body, or {}), lists the calls, hangs one up (the seeded bridge, of another engagement, or any id).
  fc
    .record({
      as: fc.oneof(credential('associate'), credential('shopper')),
      id: fc.oneof(fc.constant(ENGAGEMENT), someId),
      body: fc.option(orMutated(fc.constant({})), { nil: undefined }),
    })
    .map(({ as, id, body }): { as: As; call: Call } => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/calls`, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) } })),
  fc
    .record({ as: fc.oneof(credential('associate'), credential('shopper')), id: fc.oneof(fc.constant(ENGAGEMENT), someId), callId: fc.oneof(fc.constant(CALL_ID), someId, anyString.map(pathSegment)), what: fc.constantFrom('list', 'hangup') })
    .map(({ as, id, callId, what }): { as: As; call: Call } =>
      what === 'list' ? { as, call: { method: 'GET', path: `/api/v1/engagements/${id}/calls`, headers: {} } } : { as, call: { method: 'POST', path: `/api/v1/engagements/${id}/calls/${callId}/hangup`, headers: {} } },
    ),
  // The shopper gives a number (with a call now or not), reads it, takes it back; the associate reads it.
  fc
    .record({
      as: fc.oneof(credential('shopper'), credential('associate')),
      id: fc.oneof(fc.constant(ENGAGEMENT), someId),
      method: fc.constantFrom('PUT', 'PUT', 'GET', 'DELETE'),
      body: orMutated(
        fc.record(
          {
            phone: fc.constantFrom('+14155550199', '+447700900456', '0415', '+1'),
            purposes: fc.constantFrom(['call'], ['text'], ['call', 'text'], [], ['call', 'call'], ['fax']),
            consent: fc.constantFrom(true, false),
            callNow: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
      ),
    })
    .map(({ as, id, method, body }): { as: As; call: Call } => ({ as, call: { method, path: `/api/v1/engagements/${id}/phone`, headers: method === 'PUT' ? { 'content-type': 'application/json' } : {}, ...(method === 'PUT' ? { body } : {}) } })),
  fc
    .record({ as: credential('enterprise'), method: fc.constantFrom('GET', 'PUT', 'PUT', 'DELETE'), type: contentType, body: orMutated(telephonySettingsBody) })
    .map(({ as, method, type, body }): { as: As; call: Call } => ({ as, call: { method, path: '/api/v1/telephony/settings', headers: method === 'PUT' ? { 'content-type': type } : {}, ...(method === 'PUT' ? { body } : {}) } })),
  twilioWebhook(
    fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constant(CALL_ID) }, { weight: 1, arbitrary: someId }), fc.constantFrom('twiml', 'status')).map(([id, what]) => `/api/v1/webhooks/twilio/calls/${id}/${what}`),
    twilioForm,
  ),
  fc
    .record({
      as: credential('associate'),
      id: fc.oneof(fc.constant(ENGAGEMENT), someId),
      // The number is the one the shopper gave: a `to` is refused.
      body: orMutated(fc.record({ body: fc.oneof(fc.constantFrom('The kettle: https://volt.example/p/kettle', ''), anyString), to: fc.constantFrom('+14155550199', '0415') }, { requiredKeys: ['body'] })),
    })
    .map(({ as, id, body }): { as: As; call: Call } => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/texts`, headers: { 'content-type': 'application/json' }, body } })),
  fc
    .record({ as: fc.oneof(credential('associate'), credential('shopper'), credential('enterprise')), id: fc.oneof(fc.constant(ENGAGEMENT), someId) })
    .map(({ as, id }): { as: As; call: Call } => ({ as, call: { method: 'GET', path: `/api/v1/engagements/${id}/texts`, headers: {} } })),
  twilioWebhook(fc.oneof({ weight: 4, arbitrary: fc.constant(TEXT_ID) }, { weight: 1, arbitrary: someId }).map((id) => `/api/v1/webhooks/twilio/texts/${id}/status`), twilioMessageForm),
  twilioWebhook(fc.constant('/api/v1/webhooks/twilio/texts/incoming'), twilioMessageForm),
  // The shopper asks for the number and a dial-in code (no body, or {}); a call to one of our numbers, then the code keyed in (any try).
  fc
    .record({ as: fc.oneof(credential('shopper'), credential('associate')), id: fc.oneof(fc.constant(ENGAGEMENT), someId), body: fc.option(orMutated(fc.constant({})), { nil: undefined }) })
    .map(({ as, id, body }): { as: As; call: Call } => ({ as, call: { method: 'POST', path: `/api/v1/engagements/${id}/dial-in`, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) } })),
  twilioWebhook(
    fc.oneof(fc.constant('/api/v1/webhooks/twilio/calls/incoming'), fc.constantFrom('1', '2', '3', '4', '0', 'x', '').map((n) => `/api/v1/webhooks/twilio/calls/incoming/code?attempt=${n}`)),
    fc
      .record({ CallSid: twilioSid, To: phoneNumber, From: phoneNumber, Digits: fc.oneof(fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0')), fc.constantFrom('', '12', '1234567', '#'), anyString) }, { requiredKeys: [] })
      .map((f) => new URLSearchParams(Object.entries(f) as [string, string][]).toString()),
  ),
);

// Accreditation tests: the enterprise's and the operator's banks and questions (the latest ones, or any id), and the associate's attempts.
const BANK_ID = '@bank@';
const QUESTION_ID = '@question@';
const ATTEMPT_ID = '@attempt@';
const bankSettings = fc.record(
  {
    title: fc.oneof(word, anyString),
    category: fc.oneof(fc.array(fc.oneof(word, anyString), { maxLength: 3 }), fc.constant(['Audio', 'Headphones'])),
    level: fc.integer({ min: -1, max: 7 }),
    questionsPerTest: fc.integer({ min: -1, max: 4 }),
    timeLimitSeconds: fc.constantFrom(0, 29, 30, 600, 14_401, 1e12, 1.5),
    passPercent: fc.integer({ min: -1, max: 101 }),
    retakeWaitHours: fc.integer({ min: -1, max: 48 }),
    validityDays: fc.integer({ min: 0, max: 4000 }),
    published: fc.boolean(),
  },
  { requiredKeys: [] },
);
const choiceBody = fc.record({ text: fc.oneof(word, anyString), correct: fc.boolean(), explanation: fc.oneof(word, anyString) }, { requiredKeys: ['text', 'correct'] });
const questionBody = fc.record({ kind: fc.constantFrom('single', 'multiple', 'essay'), prompt: fc.oneof(word, anyString), choices: fc.array(choiceBody, { maxLength: 9 }) }, { requiredKeys: ['kind', 'prompt', 'choices'] });
const answersBody = fc.record({ answers: fc.array(fc.record({ questionId: fc.oneof(fc.constant(QUESTION_ID), someId), choiceIds: fc.array(fc.oneof(fc.uuid(), anyString), { maxLength: 3 }) }), { maxLength: 3 }) }, { requiredKeys: [] });
const bankTarget = fc.oneof({ weight: 4, arbitrary: fc.constant(BANK_ID) }, { weight: 1, arbitrary: someId });
const questionTarget = fc.oneof({ weight: 4, arbitrary: fc.constant(QUESTION_ID) }, { weight: 1, arbitrary: someId });
/** The author's routes under either prefix, as the enterprise (its key or its owner's session) or the operator. */
const authorAs = fc.oneof(
  fc.record({ prefix: fc.constant('/api/v1/question-banks'), as: fc.oneof(credential('enterprise'), fc.constant<As>('console')) }),
  fc.record({ prefix: fc.constant('/api/v1/marketplace/question-banks'), as: operatorAs }),
);
const json = (as: As, method: string, path: string, body: string | Uint8Array): { as: As; call: Call } => ({ as, call: { method, path, headers: { 'content-type': 'application/json' }, body } });
const testsCall: fc.Arbitrary<{ as: As; call: Call }> = fc.oneof<fc.Arbitrary<{ as: As; call: Call }>[]>(
  authorAs.map(({ prefix, as }) => ({ as, call: { method: 'GET', path: prefix, headers: {} } })),
  fc.record({ who: authorAs, body: orMutated(bankSettings) }).map(({ who, body }) => json(who.as, 'POST', who.prefix, body)),
  fc.record({ who: authorAs, id: bankTarget, what: fc.constantFrom('', '/analysis') }).map(({ who, id, what }) => ({ as: who.as, call: { method: 'GET', path: `${who.prefix}/${id}${what}`, headers: {} } })),
  fc.record({ who: authorAs, id: bankTarget, body: orMutated(bankSettings) }).map(({ who, id, body }) => json(who.as, 'PATCH', `${who.prefix}/${id}`, body)),
  fc.record({ who: authorAs, id: bankTarget, body: orMutated(questionBody) }).map(({ who, id, body }) => json(who.as, 'POST', `${who.prefix}/${id}/questions`, body)),
  fc.record({ who: authorAs, id: bankTarget, q: questionTarget, body: orMutated(questionBody) }).map(({ who, id, q, body }) => json(who.as, 'PUT', `${who.prefix}/${id}/questions/${q}`, body)),
  fc.record({ who: authorAs, id: bankTarget, q: questionTarget }).map(({ who, id, q }) => ({ as: who.as, call: { method: 'DELETE', path: `${who.prefix}/${id}/questions/${q}`, headers: {} } })),
  fc.record({ as: credential('associate'), what: fc.constantFrom('tests', 'accreditations') }).map(({ as, what }) => ({ as, call: { method: 'GET', path: `/api/v1/associates/me/${what}`, headers: {} } })),
  fc.record({ as: credential('associate'), id: bankTarget }).map(({ as, id }) => ({ as, call: { method: 'POST', path: `/api/v1/associates/me/tests/${id}/attempts`, headers: {} } })),
  fc.record({ as: credential('associate'), id: fc.oneof(fc.constant(ATTEMPT_ID), someId) }).map(({ as, id }) => ({ as, call: { method: 'GET', path: `/api/v1/associates/me/test-attempts/${id}`, headers: {} } })),
  fc
    .record({ as: credential('associate'), id: fc.oneof(fc.constant(ATTEMPT_ID), someId), how: fc.constantFrom('PUT answers', 'POST submit'), body: orMutated(answersBody) })
    .map(({ as, id, how, body }) => {
      const [method, what] = how.split(' ') as [string, string];
      return json(as, method, `/api/v1/associates/me/test-attempts/${id}/${what}`, body);
    }),
);

const call = fc.oneof(
    { weight: 2, arbitrary: apiKeyCall },
    { weight: 4, arbitrary: marketplaceCall },
    { weight: 3, arbitrary: registrationCall },
    { weight: 3, arbitrary: consoleAccountCall },
    { weight: 3, arbitrary: associateCall },
    { weight: 3, arbitrary: customerCall },
    { weight: 3, arbitrary: commissionCall },
    { weight: 2, arbitrary: exportCall },
    { weight: 2, arbitrary: identityCall },
    { weight: 4, arbitrary: routingCall },
    { weight: 4, arbitrary: offerCall },
    { weight: 4, arbitrary: liveCall },
    { weight: 4, arbitrary: catalogCall },
    { weight: 4, arbitrary: practicesCall },
    { weight: 4, arbitrary: testsCall },
    { weight: 4, arbitrary: orderCall },
    { weight: 3, arbitrary: vettingCall },
    { weight: 3, arbitrary: telephonyCall },
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
        .record({
          as: credential('enterprise'),
          query: listQuery({
            limit: fc.constantFrom('1', '50', '200'),
            before: fc.oneof(
              fc.date({ noInvalidDate: true }).map((d) => (d.getUTCFullYear() >= 0 && d.getUTCFullYear() <= 9999 ? encodeCursor({ lastEventAt: d, id: '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f' }) : 'x')),
              fc.record({ sort: fc.constantFrom(...SESSION_SORTS), key: fc.oneof(fc.nat().map(String), fc.constantFrom('0', '12.5', '2026-03-01T00:00:00.000Z')) }).map(({ sort, key }) => Buffer.from(`${sort}~${key}|0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f`).toString('base64url')),
            ),
            sort: fc.constantFrom(...SESSION_SORTS),
            site: fc.constantFrom('volt.example', 'VOLT.example', 'nowhere.example'),
            from: listTime,
            to: listTime,
            hasOpportunity: listFlag,
            hasEngagement: listFlag,
            q: fc.oneof(word, fc.constantFrom('50%', '_', '\\', 'sony')),
            customer: fc.oneof(word, fc.constant('C-GOLD')),
          }),
        })
        .map(({ as, query }) => ({ as, call: { method: 'GET', path: `/api/v1/sessions${query}`, headers: {} } })),
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
          path: fc.constantFrom('/health', '/api/v1/sites', '/api/v1/shoppers', '/api/v1/events', '/api/v1/sessions', '/api/v1/realtime', '/api/v1/openapi.json', '/api/v1/nope', '/'),
          extra: extraHeaders,
        })
        .map(({ method, path, extra }) => ({ as: 'none', call: { method, path, headers: extra } })),
    },
  );

const unlimited = { capacity: 1e9, perSecond: 1e9 };

describe.each(DB_KINDS)('the API under arbitrary input on %s', (kind) => {
  // Budgets large enough that input, not the rate limit, decides the answer.
  const api = useApi(kind, {
    limits: {
      ...defaultLimits,
      shopperEvents: unlimited,
      shopperRegistrations: unlimited,
      signIn: { perAccount: unlimited, perAddress: unlimited },
      requests: { shopper: unlimited, associate: unlimited, enterprise: unlimited, anonymous: unlimited },
      transcriptMaxBytes: 1e9,
      passwordCost: 4,
    },
    // No name is resolved (a test sends nothing past loopback, not even a DNS query): a public name's lookup fails at once.
    outbound: createOutbound({ allowHosts: ['127.0.0.1:9'], resolve: async () => [] }),
    // Checkr in memory: one report it knows (complete, consider), webhooks signed with CHECKR_KEY.
    checkProvider: stubCheckProvider(CHECKR_KEY),
    // What the tests seal (the shopper's number) and the app opens.
    sealer: PROPERTY_SEALER,
    // Twilio in memory: every call is taken, queued (no callback comes).
    telephonyFor: () => ({
      name: 'twilio',
      placeCall: async () => ({ sid: `CA${crypto.randomUUID().replaceAll('-', '')}`, status: 'queued' }),
      sendMessage: async () => ({ sid: `SM${crypto.randomUUID().replaceAll('-', '')}`, status: 'queued' }),
      hangUp: async (sid) => ({ sid, status: 'completed' }),
      signatureMatches: () => false,
    }),
  });
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });

  it('answers no 5xx, refuses in the error shape, and writes all of a request or none of it', async () => {
    const stored: string[] = [];
    // An associate offered an opportunity of the shopper's, for the offer and engagement routes.
    const offered = await seedOffered(h);
    // A message left for an earlier opportunity of the shopper's, for the message routes.
    const routing = { ...offered, messageId: await seedMessage(offered.opportunityId) };
    // A live identity secret for Voltaire's site, so page views' tokens can verify.
    const identity = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
    const seededKeys = (await h.db.db.select({ id: apiKeys.id }).from(apiKeys)).map((k) => k.id);
    // A technique and a document with its file in Voltaire's library, for the material routes.
    await h.app.materials.create(h.seed.volt.id, { kind: 'technique', title: 'Ask about budget', markdown: 'What would you like to spend?' });
    const document = await h.app.materials.create(h.seed.volt.id, { kind: 'document', title: 'Spec sheet' });
    await h.app.materials.putFile(h.seed.volt.id, document.id, PNG_BYTES, 'image/png');
    // Voltaire's owner and a marketplace operator signed in to the console, and a support access of the operator's.
    const consoleOwner = await consoleUser(h.app, { email: 'owner@volt.example', enterpriseId: h.seed.volt.id, role: 'owner' });
    const consoleOperator = await consoleUser(h.app, { email: 'operator@marketplace.example', operator: true });
    const supportAccess = await h.app.console.openSupportAccess(consoleOperator.userId, h.seed.volt.id, 'A ticket', 60);
    // An applicant to the marketplace with a document in (the rules ask for an identity document), asked for more by the operator.
    await h.app.registration.setJoinSettings({ countries: [], minimumAge: 18, requiredDocuments: ['identity'], languages: [], checkPackage: 'tasker_standard' }, consoleOperator.userId);
    await h.app.registration.register({
      email: 'applicant@applicant.example', password: 'a long enough secret 1', displayName: 'Applicant', givenName: 'Ada', familyName: 'Lovelace', country: 'GB', timezone: 'Europe/London',
      languages: ['en'], birthDate: '1990-01-01', categories: [['Audio']], experience: 'Years.', weeklyHours: 10, consent: { authorized: true, version: CHECKS_DISCLOSURE.version },
    });
    await h.app.registration.idle();
    const applicant = await h.app.associates.signIn('applicant@applicant.example', 'a long enough secret 1');
    await h.app.registration.upload(applicant.associate.id, { kind: 'identity', fileName: 'id.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7 id').toString('base64') });
    const [application] = await h.db.db.select({ id: applications.id }).from(applications).where(eq(applications.associateId, applicant.associate.id));
    const [applicationDocument] = await h.db.db.select({ id: applicationDocuments.id }).from(applicationDocuments).where(eq(applicationDocuments.applicationId, application!.id));
    // An application whose check came back consider, for the operator's adverse action (the first one taken, later ones 409).
    const checked = await seedApplication(h.db.db, h.clock.now());
    await h.app.vetting.start(checked.applicationId);
    await h.db.db.update(backgroundChecks).set({ invitationStatus: 'completed', reportId: STUB_REPORT_ID, reportStatus: 'complete', reportResult: 'consider', completedAt: h.clock.now() }).where(eq(backgroundChecks.applicationId, checked.applicationId));
    // A published test of Voltaire's and one of the marketplace's, for the test taker's routes to reach their depth.
    for (const owner of [h.seed.volt.id, null]) {
      const bank = await h.app.tests.createBank(owner, { title: 'Headphones', category: ['Audio'], level: 1, questionsPerTest: 1, timeLimitSeconds: 600, passPercent: 50, retakeWaitHours: 0, validityDays: 30 });
      for (let i = 0; i < 2; i++) {
        await h.app.tests.addQuestion(owner, bank.id, { kind: 'single', prompt: 'Which?', choices: [{ text: 'This', correct: true, explanation: 'Yes.' }, { text: 'That', correct: false, explanation: 'No.' }] });
      }
      await h.app.tests.updateBank(owner, bank.id, { published: true });
    }
    // Voltaire's Twilio account and a bridge of one of its engagements, in progress, for Twilio's webhooks to reach their depth.
    await h.app.telephony.putSettings(h.seed.volt.id, { provider: 'twilio', accountSid: `AC${'a'.repeat(32)}`, authToken: TWILIO_TOKEN, numbers: ['+14155550000'] });
    const [bridged] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    await h.db.db.update(associates).set({ presence: 'away' }).where(eq(associates.id, bridged!.associateId));
    const callId = crypto.randomUUID();
    await h.db.db.insert(phoneCalls).values({ id: callId, bridgeId: callId, enterpriseId: h.seed.volt.id, engagementId: bridged!.id, leg: 'associate', sid: BRIDGE_SID, status: 'in-progress', sequence: 2, fromNumber: '+14155550000', startedAt: h.clock.now() });
    // And a text it sent, for the status webhook, from the number the incoming webhook's replies match.
    const textId = crypto.randomUUID();
    await h.db.db.insert(phoneTexts).values({ id: textId, enterpriseId: h.seed.volt.id, engagementId: bridged!.id, direction: 'out', sid: TEXT_SID, status: 'sent', ourNumber: '+14155550000', shopperNumber: 'sealed', numberHash: numberHash(h.seed.volt.id, '+14155550199'), sentAt: h.clock.now(), updatedAt: h.clock.now() });
    const session = (party: ConsoleParty) => ({ cookie: `${CONSOLE_COOKIE}=${party.token}`, [CSRF_HEADER]: party.csrf, ...(party.enterpriseId ? { [ENTERPRISE_HEADER]: party.enterpriseId } : {}) });
    const authorization = (as: As): Record<string, string> =>
      as === 'console' ? session(consoleOwner) : as === 'operator' ? session(consoleOperator) : as === 'applicant' ? { authorization: `Bearer ${applicant.token}` } : as === 'associate' ? { authorization: `Bearer ${routing.associate.token}` } : as === 'shopper' ? { authorization: `Bearer ${h.token}` } : as === 'enterprise' ? { authorization: `Bearer ${h.seed.voltKey}` } : as.startsWith('raw:') ? { authorization: as.slice(4) } : {};

    await fc.assert(
      fc.asyncProperty(call, async ({ as, call }: { as: As; call: Call }) => {
        const known = call.path.indexOf(KNOWN);
        if (known >= 0) {
          const n = Number(call.path.slice(known + KNOWN.length));
          call = { ...call, path: call.path.slice(0, known) + (stored.length ? stored[n % stored.length]! : 'none') };
        }
        if (call.path.includes(SITE) || call.path.includes(SECRET)) {
          const [latest] = await h.db.db.select({ id: siteIdentitySecrets.id }).from(siteIdentitySecrets).orderBy(desc(siteIdentitySecrets.createdAt)).limit(1);
          call = { ...call, path: call.path.replace(SITE, h.seed.voltSite.id).replace(SECRET, latest?.id ?? h.seed.voltSite.id) };
        }
        if (typeof call.body === 'string' && call.body.includes(IDENTITY_TOKEN)) {
          call = { ...call, body: call.body.replaceAll(IDENTITY_TOKEN, await identityToken(identity.secret, 'C-1', { now: h.clock.now() })) };
        }
        if (call.path.includes(API_KEY)) {
          const [made] = await h.db.db.select({ id: apiKeys.id }).from(apiKeys).where(notInArray(apiKeys.id, seededKeys)).orderBy(desc(apiKeys.createdAt)).limit(1);
          call = { ...call, path: call.path.replace(API_KEY, made?.id ?? routing.offerId) };
        }
        if (call.path.includes(MATERIAL) || (typeof call.body === 'string' && call.body.includes(MATERIAL))) {
          const [latest] = await h.db.db.select({ id: materials.id }).from(materials).orderBy(desc(materials.createdAt), desc(materials.id)).limit(1);
          const id = latest?.id ?? routing.offerId;
          call = { ...call, path: call.path.replace(MATERIAL, id), ...(typeof call.body === 'string' ? { body: call.body.replaceAll(MATERIAL, id) } : {}) };
        }
        if (call.path.includes(APPLICATION_ID)) call = { ...call, path: call.path.replace(APPLICATION_ID, application!.id).replace(APPLICATION_DOCUMENT, applicationDocument!.id) };
        if (call.path.includes(CHECKED_APPLICATION)) call = { ...call, path: call.path.replace(CHECKED_APPLICATION, checked.applicationId) };
        if (call.path.includes(BANK_ID) || call.path.includes(QUESTION_ID) || call.path.includes(ATTEMPT_ID) || (typeof call.body === 'string' && call.body.includes(QUESTION_ID))) {
          const [bank] = await h.db.db.select({ id: questionBanks.id }).from(questionBanks).orderBy(desc(questionBanks.createdAt), desc(questionBanks.id)).limit(1);
          const [question] = await h.db.db.select({ id: bankQuestions.id }).from(bankQuestions).orderBy(desc(bankQuestions.createdAt), desc(bankQuestions.id)).limit(1);
          const [attempt] = await h.db.db.select({ id: testAttempts.id }).from(testAttempts).orderBy(desc(testAttempts.startedAt), desc(testAttempts.id)).limit(1);
          const [b, q, a] = [bank?.id ?? routing.offerId, question?.id ?? routing.offerId, attempt?.id ?? routing.offerId];
          call = { ...call, path: call.path.replace(BANK_ID, b).replace(QUESTION_ID, q).replace(ATTEMPT_ID, a), ...(typeof call.body === 'string' ? { body: call.body.replaceAll(QUESTION_ID, q) } : {}) };
        }
        if (call.path.includes(CALL_ID)) call = { ...call, path: call.path.replace(CALL_ID, callId) };
        if (call.path.includes(TEXT_ID)) call = { ...call, path: call.path.replace(TEXT_ID, textId) };
        if (call.headers['x-twilio-signature'] === SIGN_WITH_TOKEN) {
          const params = [...new URLSearchParams(typeof call.body === 'string' ? call.body : '')];
          call = { ...call, headers: { ...call.headers, 'x-twilio-signature': twilioRequestSignature(TWILIO_TOKEN, `http://127.0.0.1:8787${new URL(call.path, 'http://localhost').pathname}`, params) } };
        }
        if (call.path.includes(SUMMIT_ID)) call = { ...call, path: call.path.replace(SUMMIT_ID, h.seed.summit.id) };
        if (call.path.includes(SUMMIT_SITE)) call = { ...call, path: call.path.replace(SUMMIT_SITE, h.seed.summitSite.id) };
        if (call.path.includes(ASSOCIATE_ID)) call = { ...call, path: call.path.replace(ASSOCIATE_ID, routing.associate.id) };
        if (call.path.includes(ENTERPRISE_ID)) call = { ...call, path: call.path.replace(ENTERPRISE_ID, h.seed.volt.id) };
        if (call.path.includes(CONSOLE_USER_ID)) call = { ...call, path: call.path.replace(CONSOLE_USER_ID, consoleOwner.userId) };
        if (call.path.includes(SUPPORT_ACCESS_ID)) call = { ...call, path: call.path.replace(SUPPORT_ACCESS_ID, supportAccess.id) };
        if (call.path.includes(ORDER)) {
          const [latest] = await h.db.db.select({ id: orders.id }).from(orders).orderBy(desc(orders.receivedAt)).limit(1);
          call = { ...call, path: call.path.replace(ORDER, latest?.id ?? routing.offerId) };
        }
        if (call.path.includes('@')) {
          const [latest] = await h.db.db.select({ id: engagements.id }).from(engagements).orderBy(desc(engagements.invitedAt)).limit(1);
          const path = call.path.replace(OFFER, routing.offerId).replace(OPPORTUNITY, routing.opportunityId).replace(ENGAGEMENT, latest?.id ?? routing.offerId).replace(MESSAGE, routing.messageId);
          // The engagement's shopper gave a number for texts (as PUT …/phone keeps it), for the texts routes to reach their depth.
          if (latest && call.path.endsWith(`${ENGAGEMENT}/texts`)) {
            const [{ enterpriseId }] = (await h.db.db.select({ enterpriseId: engagements.enterpriseId }).from(engagements).where(eq(engagements.id, latest.id))) as [{ enterpriseId: string }];
            await h.db.db.insert(engagementPhones).values(givenNumber(latest.id, enterpriseId)).onConflictDoNothing();
          }
          call = { ...call, path };
        }
        if (typeof call.body === 'string' && call.body.includes(KNOWN)) {
          call = { ...call, body: call.body.replace(/@known:(\d+)/g, (_, n: string) => (stored.length ? stored[Number(n) % stored.length]! : 'none')) };
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
        // What earlier requests started in the background (detection after an ingest, offering) ends before counting.
        await h.app.opportunities.idle();
        await h.app.offers.idle();
        // Every watched table before and after, each time in one statement: one round trip, one view of the database.
        const was = await watched();
        const res = await h.app.http.request(request);
        const text = await res.text();
        const what = `${call.method} ${call.path} → ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);

        if (res.status >= 400 && call.method !== 'HEAD') {
          const parsed: unknown = JSON.parse(text);
          expect(Object.keys(parsed as object), what).toEqual(['error']);
          expect(ApiError.safeParse(parsed).success, what).toBe(true);
        }

        const now = await watched();
        const [before, after] = [was.counts, now.counts];
        // A rule document is written whole as the next version, or not at all.
        const written = (res.status === 200 && call.method === 'PUT' && call.path.startsWith('/api/v1/rules/')) || (res.status === 201 && call.path.endsWith('/restore')) ? 1 : 0;
        expect(now.documents.n, what).toBe(was.documents.n + written);
        // A claim writes its engagement, a message its row, an ask its opportunity, or nothing is written; a refused take or done changes no message.
        const claimed = res.status === 200 && call.path.startsWith('/api/v1/offers/') && call.path.endsWith('/accept') ? 1 : 0;
        const messaged = res.status === 201 && call.path.endsWith('/message') ? 1 : 0;
        const asked = res.status === 201 && call.path.endsWith('/ask') ? 1 : 0;
        expect({ ...now.routing, states: undefined }, what).toEqual({
          engagements: was.routing.engagements + claimed,
          messages: was.routing.messages + messaged,
          opportunities: was.routing.opportunities + asked,
          states: undefined,
        });
        if (res.status >= 400) expect(now.routing.states, what).toEqual(was.routing.states);
        // A refused request leaves associates, admissions, invitations, standings, accreditations and tokens as they were.
        if (res.status >= 400) expect(now.associates, what).toEqual(was.associates);
        // A refused request leaves customer profiles and the lookup source as they were; a PUT stores the profile it answers.
        if (res.status >= 400) expect(now.customers, what).toEqual(was.customers);
        // A refused request leaves peers, transcripts, channels, live settings and engagement states as they were.
        if (res.status >= 400) expect(now.live, what).toEqual(was.live);
        if (call.method === 'PUT' && call.path === '/api/v1/customer-source' && REFUSED_LOOKUP_URLS.includes(lookupUrlOf(call.body))) {
          expect(res.status, what).toBeGreaterThanOrEqual(400);
        }
        // A refused request leaves identity secrets and the count of rejected tokens as they were.
        if (res.status >= 400) expect(now.identity, what).toEqual(was.identity);
        // A refused request writes no product and moves no catalogue version; a batch writes at most the products it reports, all of them.
        const [catalogBefore, catalogAfter] = [was.catalog, now.catalog];
        if (res.status >= 400) expect(catalogAfter, what).toEqual(catalogBefore);
        if (res.status === 200 && (call.method === 'PUT' || call.method === 'POST') && call.path.startsWith('/api/v1/catalog/')) {
          if (call.path.endsWith('/resolve')) expect(catalogAfter, what).toEqual(catalogBefore);
          else {
            const report = CatalogImportReport.parse(JSON.parse(text));
            expect(catalogAfter.products - catalogBefore.products, what).toBeLessThanOrEqual(report.written);
            expect(report.written + report.refusedRows, what).toBe(report.rows);
            expect(catalogAfter.version, what).toBe(report.version);
          }
        }
        // A refused request makes, revokes and rotates no API key (its last use may be written: the key was taken).
        if (res.status >= 400) expect(now.keys, what).toEqual(was.keys);
        // A refused request writes no plan version and no ledger entry; a plan set is one version more, and reads back as answered.
        const planSet = res.status === 200 && call.method === 'PUT' && call.path === '/api/v1/commission/plan';
        expect(now.commission, what).toEqual({ ...was.commission, plans: was.commission.plans + (planSet ? 1 : 0) });
        if (planSet) expect(CommissionPlanView.parse(await (await h.getAs(h.seed.voltKey, '/api/v1/commission/plan')).json()), what).toEqual(CommissionPlanView.parse(JSON.parse(text)));
        if (res.status === 200 && call.path.startsWith('/api/v1/commission/statements/')) expect(res.headers.get('content-type'), what).toMatch(/^text\/csv/);
        // A refused request adds, changes or archives no material, logs no ranking or use, moves no tally.
        if (res.status >= 400) expect(now.practices, what).toEqual(was.practices);
        // A file kept is one of the safe types, whatever the request said it was.
        if (res.status === 200 && call.method === 'PUT' && call.path.endsWith('/file')) {
          const kept = MaterialDetail.parse(JSON.parse(text));
          expect(['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif'], what).toContain(kept.current!.contentType);
        }
        // A refused request changes no enterprise, site or fee, and writes no audit entry; a change made is recorded once
        // (a preview or a dry run, a POST that only reads, is not a change).
        const [tenancyBefore, tenancyAfter] = [was.tenancy, now.tenancy];
        if (res.status >= 400) expect(tenancyAfter, what).toEqual(tenancyBefore);
        else if (!['GET', 'HEAD', 'OPTIONS'].includes(call.method) && (as === 'enterprise' || as === 'operator') && call.path.startsWith('/api/v1/') && !call.path.startsWith('/api/v1/events')) {
          expect(tenancyAfter.audit, what).toBe(tenancyBefore.audit + (isReadByPost(call.method, call.path.split('?')[0]!) ? 0 : 1));
        }
        // A refused request makes, moves or changes no application, event, document or rule of acceptability.
        if (res.status >= 400) expect(now.registration, what).toEqual(was.registration);
        // A refused request (a webhook unsigned or malformed, an adverse action refused) changes no check and remembers no event.
        if (res.status >= 400) expect(now.vetting, what).toEqual(was.vetting);
        // A refused request changes no telephony settings and no call.
        if (res.status >= 400) expect(now.telephony, what).toEqual(was.telephony);
        // A refused request writes no bank, question, attempt, answer or earned accreditation (a late submission's refusal closes its attempt, by design).
        if (res.status >= 400 && !text.includes('"attempt_expired"')) expect(now.tests, what).toEqual(was.tests);
        // A refused request writes no order, line, receipt, credit, refund, delivery, setting or source secret.
        if (res.status >= 400) expect(now.orders, what).toEqual(was.orders);
        if (res.status === 200 && call.method === 'PUT' && call.path.startsWith('/api/v1/customers/')) {
          const answered = CustomerProfile.parse(JSON.parse(text));
          expect(CustomerProfile.parse(await (await h.getAs(h.seed.voltKey, `/api/v1/customers/${encodeURIComponent(answered.externalId)}`)).json()), what).toEqual(answered);
        }
        // A time stored reads back as the same instant through the route that shows it.
        if (res.status === 200 && call.method === 'PUT' && call.path.endsWith('/accreditations')) {
          const key = (a: { category: string[]; level: number; expiresAt?: string | null }) => JSON.stringify([a.category, a.level, a.expiresAt == null ? null : instantOf(a.expiresAt)]);
          const sent = (JSON.parse(call.body as string) as { accreditations: { category: string[]; level: number; expiresAt?: string | null }[] }).accreditations;
          const list = AssociateList.parse(await (await h.getAs(h.seed.voltKey, '/api/v1/associates')).json());
          const shown = list.associates.find((a) => call.path.includes(a.id))!.accreditations;
          expect(shown.map(key).sort(), what).toEqual(sent.map((a) => key({ ...a, category: a.category.map((c) => c.trim()) })).sort());
        }
        if (res.status < 300 && call.method === 'POST' && /\/engagements\/[^/]+\/(transcript|channels)$/.test(call.path)) {
          const id = call.path.split('/')[4]!;
          const transcript = await h.getAs(h.seed.voltKey, `/api/v1/engagements/${id}/transcript`);
          expect(transcript.status, what).toBe(200);
          const detail = await h.getAs(h.seed.voltKey, `/api/v1/engagements/${id}`);
          expect(detail.status, what).toBe(200);
          for (const m of Transcript.parse(await transcript.json()).messages) expect(instantOf(m.sentAt), what).toBeLessThanOrEqual(h.clock.now().getTime());
        }
        // A reset request's work happens after the answer: let it end before the next request counts rows.
        if (call.path.endsWith('/reset-request')) await h.app.associates.idle();
        if (res.status === 202 && call.path === '/api/v1/events') {
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
        } else if (res.status === 201 && call.path.startsWith('/api/v1/shoppers')) {
          expect(after, what).toEqual({ ...before, shoppers: before.shoppers + 1 });
        } else {
          expect(after, what).toEqual(before);
        }
      }),
      // About ten seconds a database (the watched tables read in one statement); FC_RUNS=4000 for a longer hunt.
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );

    // Nothing in the log could open an account or identify one.
    expect(JSON.stringify(h.logged)).not.toMatch(/fw[skahirvp]_|[0-9a-f]{64}/i);
    // Nor an identity token (a JWT's header starts so).
    expect(JSON.stringify(h.logged)).not.toContain('eyJ');
    // Some 80 routes now, each request checked against the tables it may write: longer than a unit test's 30 s.
  }, 300_000);

  /**
   * What each watched table holds now: the counts, and the rows a refusal must leave as they were
   * (peers, transcripts, channels, settings, states…), all in one statement.
   */
  async function watched(): Promise<{
    counts: { shoppers: number; sessions: number; events: number };
    documents: { n: number };
    routing: { engagements: number; messages: number; opportunities: number; states: unknown };
    associates: Record<string, unknown>;
    customers: unknown;
    live: unknown;
    identity: unknown;
    keys: unknown;
    commission: { plans: number; entries: number };
    catalog: { products: number; version: number; state: unknown };
    practices: unknown;
    orders: unknown;
    tenancy: { audit: number; state: unknown };
    registration: unknown;
    vetting: unknown;
    tests: unknown;
    telephony: unknown;
  }> {
    const reads = {
      counts: sql`select (select count(*)::int from shoppers) as shoppers, (select count(*)::int from sessions) as sessions, (select count(*)::int from events) as events`,
      documents: sql`select count(*)::int as n from rule_documents`,
      routing: sql`select (select count(*)::int from engagements) as engagements, (select count(*)::int from shopper_messages) as messages,
          (select count(*)::int from opportunities) as opportunities,
          (select coalesce(json_agg(json_build_array(m.id, m.status, m.taken_by) order by m.id), '[]'::json) from shopper_messages m) as states`,
      associates: sql`select (select count(*)::int from associates) as associates, (select count(*)::int from associate_admissions) as admissions,
          (select count(*)::int from admission_invitations) as invitations,
          (select coalesce(json_agg(i order by i.enterprise_id, i.email), '[]'::json) from admission_invitations i) as invitation_rows,
          (select coalesce(json_agg(s order by s.associate_id, s.enterprise_id), '[]'::json) from associate_standings s) as standings,
          (select count(*)::int from accreditations) as accreditations, (select count(*)::int from associate_tokens) as tokens,
          (select coalesce(sum(capacity), 0)::int from associates) as capacity, (select count(*)::int from associate_links) as links,
          (select count(*)::int from associate_links where used_at is not null) as used_links, (select count(*)::int from associates where active) as active,
          (select count(*)::int from associate_admissions where active) as active_admissions,
          (select count(*)::int from associates where password_hash is not null) as with_password,
          (select coalesce(json_agg(x order by x.associate_id, x.date), '[]'::json) from schedule_exceptions x) as schedule_exceptions`,
      customers: sql`select (select coalesce(json_agg(p order by p.external_id, p.source), '[]'::json) from customer_profiles p) as profiles,
          (select coalesce(json_agg(s), '[]'::json) from customer_sources s) as sources`,
      live: sql`select (select coalesce(json_agg(p order by p.peer_id), '[]'::json) from engagement_peers p) as peers,
          (select count(*)::int from transcript_messages) as transcript, (select coalesce(json_agg(u order by u.id), '[]'::json) from channel_usages u) as channels,
          (select coalesce(json_agg(s), '[]'::json) from live_settings s) as settings,
          (select coalesce(json_agg(json_build_array(e.id, e.status, e.ended_at) order by e.id), '[]'::json) from engagements e) as engagements`,
      identity: sql`select (select coalesce(json_agg(json_build_array(s.id, s.retired_at) order by s.id), '[]'::json) from site_identity_secrets s) as secrets,
          (select coalesce(json_agg(r order by r.site_id), '[]'::json) from site_identity_rejections r) as rejections`,
      keys: sql`select coalesce(json_agg(json_build_array(k.id, k.revoked_at, k.expires_at) order by k.id), '[]'::json) as keys from api_keys k`,
      vetting: sql`select (select coalesce(json_agg(c order by c.id), '[]'::json) from background_checks c) as checks, (select count(*)::int from check_events) as events`,
      telephony: sql`select (select coalesce(json_agg(s order by s.enterprise_id), '[]'::json) from telephony_settings s) as settings,
          (select coalesce(json_agg(c order by c.id), '[]'::json) from phone_calls c) as calls,
          (select coalesce(json_agg(json_build_array(t.id, t.sid, t.status, t.error_code) order by t.id), '[]'::json) from phone_texts t) as texts,
          (select coalesce(json_agg(o order by o.enterprise_id, o.number_hash), '[]'::json) from sms_opt_outs o) as opt_outs,
          (select coalesce(json_agg(p order by p.engagement_id), '[]'::json) from engagement_phones p) as phones`,
      commission: sql`select (select count(*)::int from commission_plans) as plans, (select count(*)::int from commission_entries) as entries`,
      catalog: sql`select (select count(*)::int from catalog_products) as products, (select coalesce(max(version), 0)::int from catalog_versions) as version,
          (select coalesce(json_agg(json_build_array(p.sku, p.price, p.updated_at) order by p.enterprise_id, p.sku), '[]'::json) from catalog_products p) as state`,
      practices: sql`select (select coalesce(json_agg(json_build_array(m.id, m.title, m.tags, m.position, m.current_version, m.file_name, m.archived_at) order by m.id), '[]'::json) from materials m) as materials,
          (select count(*)::int from material_versions) as versions, (select count(*)::int from material_usages) as usages,
          (select count(*)::int from practice_rankings) as rankings, (select coalesce(json_agg(t order by t.situation_key, t.item_id), '[]'::json) from practice_tallies t) as tallies`,
      orders: sql`select (select count(*)::int from orders) as orders, (select count(*)::int from order_lines) as lines, (select count(*)::int from attribution_receipts) as receipts,
          (select coalesce(json_agg(json_build_array(c.order_id, c.line_id, c.engagement_id, c.refunded_minor) order by c.order_id, c.line_id, c.engagement_id), '[]'::json) from order_credits c) as credits,
          (select count(*)::int from order_refunds) as refunds, (select count(*)::int from webhook_deliveries) as deliveries,
          (select coalesce(json_agg(s), '[]'::json) from attribution_settings s) as settings, (select coalesce(json_agg(json_build_array(o.source, o.updated_at) order by o.source), '[]'::json) from order_sources o) as sources`,
      registration: sql`select (select coalesce(json_agg(json_build_array(a.id, a.status, a.birth_date, a.decided_at, a.email_verified_at, a.rule_outcomes) order by a.id), '[]'::json) from applications a) as applications,
          (select count(*)::int from application_events) as events, (select coalesce(json_agg(json_build_array(d.id, d.kind, d.size) order by d.id), '[]'::json) from application_documents d) as documents,
          (select coalesce(json_agg(j.rules), '[]'::json) from join_settings j) as settings`,
      tests: sql`select (select coalesce(json_agg(json_build_array(b.id, b.title, b.published, b.questions_per_test, b.updated_at) order by b.id), '[]'::json) from question_banks b) as banks,
          (select coalesce(json_agg(json_build_array(q.id, q.prompt, q.retired, q.choices) order by q.id), '[]'::json) from bank_questions q) as questions,
          (select coalesce(json_agg(json_build_array(a.id, a.status, a.score_percent) order by a.id), '[]'::json) from test_attempts a) as attempts,
          (select coalesce(json_agg(json_build_array(x.attempt_id, x.question_id, x.chosen) order by x.attempt_id, x.question_id), '[]'::json) from attempt_answers x) as answers,
          (select count(*)::int from earned_accreditations) as earned`,
      tenancy: sql`select (select count(*)::int from audit_entries) as audit,
          json_build_array((select coalesce(json_agg(json_build_array(e.id, e.suspended_at) order by e.id), '[]'::json) from enterprises e),
            (select coalesce(json_agg(json_build_array(s.id, s.name, s.domain, s.active, s.adapter) order by s.id), '[]'::json) from sites s),
            (select coalesce(json_agg(json_build_array(f.enterprise_id, f.basis_points) order by f.enterprise_id), '[]'::json) from marketplace_fees f)) as state`,
    };
    const columns = Object.entries(reads).map(([name, read]) => sql`(select row_to_json(r) from (${read}) r) as ${sql.identifier(name)}`);
    return rowsOf<Awaited<ReturnType<typeof watched>>>(await h.db.db.execute(sql`select ${sql.join(columns, sql`, `)}`))[0]!;
  }

  /** An unserved opportunity the shopper asked for, beside the offered one, and the message they left for it. */
  async function seedMessage(offeredId: string): Promise<string> {
    const [o] = await h.db.db.select().from(opportunities).where(eq(opportunities.id, offeredId));
    const opportunityId = crypto.randomUUID();
    await h.db.db.insert(opportunities).values({ ...o!, id: opportunityId, status: 'unserved', origin: 'asked', offerState: null, dueAt: null, closedAt: h.clock.now() });
    const id = crypto.randomUUID();
    await h.db.db.insert(shopperMessages).values({ id, opportunityId, enterpriseId: o!.enterpriseId, message: 'Blue?', contact: null, createdAt: h.clock.now() });
    return id;
  }

  /** A session as its enterprise reads it, Voltaire or Summit. */
  async function readSession(id: string): Promise<unknown> {
    for (const key of [h.seed.voltKey, h.seed.summitKey]) {
      const res = await h.getAs(key, `/api/v1/sessions/${id}`);
      if (res.status === 200) return res.json();
    }
    throw new Error(`session ${id} was accepted but neither enterprise can read it`);
  }
});
