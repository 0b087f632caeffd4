import { afterEach, describe, expect, it } from 'vitest';
import { CatalogProduct, type CatalogProductInput } from '../../../../shared/catalog';
import { SalesInfo } from '../../../../shared/sales';
import { readConfig } from '../../config';
import { systemTimers } from '../../deps';
import type { LogFields } from '../../log';
import { createOutbound } from '../../outbound/client';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { type Handler, localServer } from '../../testing/local-server';
import { DB_KINDS } from '../../testing/databases';
import { openOpportunity, putOfferPolicy, seedAssociate } from '../../testing/offers';
import { bestBuyConfigFrom, bestBuyProductInfo, bestBuyQuery, type BestBuyConfig, infoOf } from './bestbuy';
import { PRODUCT_INFO_PAUSE_MS, ProductInfo } from './product-info';

const KEY = 'bbTestKey0123456789';
const UPC = '027242923232';

/** The answer Best Buy's Products API gives for the known product, as its documentation shows it. */
const ANSWER = {
  from: 1,
  to: 1,
  currentPage: 1,
  total: 1,
  totalPages: 1,
  queryTime: '0.005',
  totalTime: '0.021',
  partial: false,
  canonicalUrl: `/v1/products(upc="${UPC}")?show=sku,name,upc,customerReviewAverage,customerReviewCount,details.name,details.value,url&format=json&apiKey=${KEY}`,
  products: [
    {
      sku: 6505727,
      name: 'Sony - WH-1000XM5 Wireless Noise-Canceling Over-the-Ear Headphones - Black',
      upc: UPC,
      customerReviewAverage: 4.6,
      customerReviewCount: 7543,
      details: [
        { name: 'Battery Life', value: '30 hours' },
        { name: 'Noise Canceling', value: 'Yes' },
        { name: '', value: 'dropped: no name' },
      ],
      url: 'https://api.bestbuy.com/click/-/6505727/pdp',
    },
  ],
};

/** A local server speaking the Products API: one known UPC and one known Best Buy SKU, 403 for another key; `behave` overrides it. */
async function bestBuyServer(behave?: Handler) {
  const server = await localServer((req, res) => {
    if (behave) return behave(req, res);
    const url = new URL(req.url!, 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.searchParams.get('apiKey') !== KEY) return json(403, { errorCode: '403', errorMessage: 'The provided API Key is invalid.' });
    const match = /^\/v1\/products\((upc|sku)=(\d+)\)$/.exec(decodeURIComponent(url.pathname));
    if (!match) return json(400, { errorCode: '400', errorMessage: "Couldn't understand the query" });
    const known = (match[1] === 'upc' && match[2] === UPC) || (match[1] === 'sku' && match[2] === '6505727');
    json(200, known ? ANSWER : { ...ANSWER, from: 0, to: 0, total: 0, totalPages: 0, products: [] });
  });
  return { ...server, asked: () => server.requests.map((r) => new URL(r.url!, 'http://x')) };
}

/** Loopback allowed, as OUTBOUND_ALLOW_HOSTS would; no name resolves. */
const loopbackAllowed = createOutbound({ allowHosts: ['127.0.0.1'], resolve: async () => [] });

const product = (over: Partial<CatalogProductInput> = {}) =>
  CatalogProduct.parse({ sku: 'VE-10234', gtin: `0${UPC}`, name: 'Sony WH-1000XM5', currency: 'USD', price: 39900, availability: 'in_stock', url: 'https://volt.example/p/sony-wh-1000xm5', ...over });

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
const serve = async (behave?: Handler) => {
  const s = await bestBuyServer(behave);
  servers.push(s);
  return s;
};

describe('Best Buy’s Products API as the external product information', () => {
  let now = Date.parse('2026-03-02T10:00:00Z');
  const logged: { message: string; fields: LogFields }[] = [];
  const infoWith = (baseUrl: string, over: Partial<BestBuyConfig> = {}) => {
    logged.length = 0;
    const provider = bestBuyProductInfo({ baseUrl, apiKey: KEY, ttlSeconds: 3_600, ...over }, loopbackAllowed);
    return new ProductInfo({ clock: () => new Date(now), timers: systemTimers, log: (message, fields = {}) => logged.push({ message, fields }) }, provider);
  };

  it.each([
    ['a UPC-A', { gtin: UPC }, `upc=${UPC}`],
    ['an EAN-13 that is a UPC-A', { gtin: `0${UPC}` }, `upc=${UPC}`],
    ['an EAN-13 that is none, with the Best Buy SKU recorded', { gtin: '4548736132610', attributes: { bestbuy_sku: '6505727' } }, 'sku=6505727'],
    ['an EAN-13 that is none', { gtin: '4548736132610' }, null],
    ['no GTIN', { gtin: null }, null],
  ])('asks about %s by %s', (_name, over, query) => {
    expect(bestBuyQuery(product(over as Partial<CatalogProductInput>))).toBe(query);
  });

  it('reads a product’s rating, reviews, specifications and page, asked by its UPC with the fields it shows', async () => {
    const server = await serve();
    const info = await infoWith(server.url).infoFor(product(), 2_000);
    expect(info).toEqual({
      provider: 'bestbuy',
      rating: 4.6,
      reviewCount: 7543,
      specifications: [
        { name: 'Battery Life', value: '30 hours' },
        { name: 'Noise Canceling', value: 'Yes' },
      ],
      url: 'https://api.bestbuy.com/click/-/6505727/pdp',
    });
    const [asked] = server.asked();
    expect(decodeURIComponent(asked!.pathname)).toBe(`/v1/products(upc=${UPC})`);
    expect(Object.fromEntries(asked!.searchParams)).toEqual({
      apiKey: KEY,
      format: 'json',
      show: 'sku,name,upc,customerReviewAverage,customerReviewCount,details.name,details.value,url',
    });
  });

  it('asks by the Best Buy SKU the enterprise recorded, and keeps answers (none included) for their TTL', async () => {
    const server = await serve();
    const info = infoWith(server.url);
    const bySku = product({ gtin: '4548736132610', attributes: { bestbuy_sku: '6505727' } });
    expect(await info.infoFor(bySku, 2_000)).toMatchObject({ rating: 4.6 });
    const unknown = product({ sku: 'X', gtin: '036000291452' });
    expect(await info.infoFor(unknown, 2_000)).toBeNull();
    expect(await info.infoFor(bySku, 2_000)).toMatchObject({ rating: 4.6 });
    expect(await info.infoFor(unknown, 2_000)).toBeNull();
    expect(server.requests).toHaveLength(2);
    now += 3_600_000;
    await info.infoFor(unknown, 2_000);
    expect(server.requests).toHaveLength(3);
  });

  it('asks nothing about a product it cannot name', async () => {
    const server = await serve();
    expect(await infoWith(server.url).infoFor(product({ gtin: null }), 2_000)).toBeNull();
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['a refused key (403)', { apiKey: 'wrongKey000000' }, undefined, 'bestbuy answered 403 (the key was refused)'],
    [
      'a quota spent (429)',
      {},
      ((_req, res) => {
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end('{"errorCode":"429","errorMessage":"Over Quota"}');
      }) as Handler,
      'bestbuy answered 429 (over the key’s quota)',
    ],
    [
      'an answer that is not JSON',
      {},
      ((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<h1>Developer Inactive</h1>');
      }) as Handler,
      'the answer is not JSON',
    ],
  ])('answers without it on %s, logs why without the key, and leaves it alone a while', async (_name, over, behave, reason) => {
    const server = await serve(behave);
    const info = infoWith(server.url, over);
    expect(await info.infoFor(product(), 2_000)).toBeNull();
    expect(logged).toEqual([{ message: 'product info: the provider failed', fields: { provider: 'bestbuy', reason } }]);
    expect(JSON.stringify(logged)).not.toContain('Key');
    expect(await info.infoFor(product({ sku: 'other', gtin: '036000291452' }), 2_000)).toBeNull();
    expect(server.requests).toHaveLength(1);
    now += PRODUCT_INFO_PAUSE_MS;
    await info.infoFor(product(), 2_000);
    expect(server.requests).toHaveLength(2);
  });

  it('answers without it when it is slow, and with its answer once it came', async () => {
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const server = await serve((_req, res) => {
      void answered.then(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ANSWER));
      });
    });
    const info = infoWith(server.url);
    const started = performance.now();
    expect(await info.infoFor(product(), 100)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
    release();
    await info.idle();
    expect(await info.infoFor(product(), 100)).toMatchObject({ rating: 4.6 });
    expect(server.requests).toHaveLength(1);
  });

  it('takes whatever the API leaves out or shapes otherwise as unknown', () => {
    expect(infoOf({ customerReviewAverage: '4.5', customerReviewCount: -1, details: 'x', url: 'javascript:alert(1)' })).toEqual({
      provider: 'bestbuy',
      rating: null,
      reviewCount: null,
      specifications: [],
      url: null,
    });
  });

  it('is configured by BESTBUY_API_KEY, its address by BESTBUY_API_URL (guarded like every outbound call)', () => {
    expect(bestBuyConfigFrom(readConfig({}))).toBeNull();
    expect(bestBuyConfigFrom(readConfig({ BESTBUY_API_KEY: KEY }))).toEqual({ baseUrl: 'https://api.bestbuy.com', apiKey: KEY, ttlSeconds: 86_400 });
    expect(() => readConfig({ BESTBUY_API_KEY: KEY, BESTBUY_API_URL: 'http://127.0.0.1:9999' })).toThrowError(/BESTBUY_API_URL.*would not call it/);
    expect(bestBuyConfigFrom(readConfig({ BESTBUY_API_KEY: KEY, BESTBUY_API_URL: 'http://127.0.0.1:9999', OUTBOUND_ALLOW_HOSTS: '127.0.0.1:9999' }))).toMatchObject({ baseUrl: 'http://127.0.0.1:9999' });
    expect(() => readConfig({ BESTBUY_API_KEY: 'no spaces allowed' })).toThrowError(/BESTBUY_API_KEY/);
  });
});

describe.each(DB_KINDS)('external product information in the sales information on %s', (kind) => {
  const api = useApi(kind, { outbound: loopbackAllowed });
  let h: ApiHarness;

  it('carries Best Buy’s rating and specifications for the product in view', async () => {
    h = api();
    const server = await serve();
    const app = h.appWith({ productInfo: bestBuyProductInfo({ baseUrl: server.url, apiKey: KEY, ttlSeconds: 3_600 }, loopbackAllowed) });
    expect((await call(app, 'PUT', '/api/v1/catalog/products', h.seed.voltKey, { products: [product()] })).status).toBe(200);
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, idleSeconds: 600 });
    await putOfferPolicy(app, h.seed.voltKey, { mode: 'broadcast', size: 5, offerSeconds: 600, giveUpSeconds: 900 });
    await openOpportunity(h);
    const offers = (await (await call(app, 'GET', '/api/v1/offers', associate.token)).json()) as { offers: { id: string }[] };
    const accepted = (await (await call(app, 'POST', `/api/v1/offers/${offers.offers[0]!.id}/accept`, associate.token)).json()) as { engagement: { id: string } };
    const res = await call(app, 'GET', `/api/v1/engagements/${accepted.engagement.id}/sales-info`, associate.token);
    expect(res.status).toBe(200);
    const info = SalesInfo.parse(await res.json());
    expect(info.productInView?.external).toMatchObject({ provider: 'bestbuy', rating: 4.6, reviewCount: 7543 });
  });
});
