import { count, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { type CatalogImportReport, type CatalogProductInput, CatalogProductList, CatalogResolution, ResolutionRate } from '../../../../shared/catalog';
import { SalesInfo } from '../../../../shared/sales';
import { catalogProducts, catalogVersions } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { ev, headphones, VOLT } from '../../testing/fixtures';
import { openOpportunity, putOfferPolicy, seedAssociate } from '../../testing/offers';
import { productsFromJson } from './feed.core';
import { VERSION_CHECK_MS } from './service';

const product = (over: Partial<CatalogProductInput> = {}): CatalogProductInput => ({
  sku: 'VE-10234',
  gtin: '4548736132610',
  mpn: 'WH1000XM5/B',
  name: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones',
  brand: 'Sony',
  category: ['Audio', 'Headphones'],
  currency: 'USD',
  price: 39900,
  availability: 'in_stock',
  stock: 12,
  url: 'https://volt.example/p/sony-wh-1000xm5',
  ...over,
});

/** A catalogue of `n` made-up products, SKUs P-00000... */
const many = (n: number, over: (i: number) => Partial<CatalogProductInput> = () => ({})) =>
  Array.from({ length: n }, (_, i) => {
    const sku = `P-${String(i).padStart(5, '0')}`;
    return product({ sku, gtin: null, mpn: null, name: `Product ${sku} model ${i}`, url: `https://volt.example/p/${sku}`, ...over(i) });
  });

describe.each(DB_KINDS)('the catalogue on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });
  const put = (products: unknown, key = h.seed.voltKey) => call(h.app, 'PUT', '/api/v1/catalog/products', key, { products });
  const importText = (text: string, type = 'text/csv', query = '', key = h.seed.voltKey) =>
    h.app.http.request(`/api/v1/catalog/imports${query}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': type }, body: text });
  const rowCount = async () => (await h.db.db.select({ n: count() }).from(catalogProducts))[0]!.n;

  describe('batches', () => {
    it('upserts the valid products and reports every refused row with its row, field, code and message', async () => {
      const res = await put([product(), { ...product({ sku: 'BAD-1' }), gtin: '4548736132611' }, product({ sku: 'X-2', salePrice: 50000 }), { ...product({ sku: 'X-3' }), salesPrice: 1 }]);
      expect(res.status).toBe(200);
      const report = (await res.json()) as CatalogImportReport;
      expect(report).toMatchObject({ rows: 4, written: 1, refusedRows: 3, version: 1 });
      expect(report.refused).toEqual([
        { row: 2, field: 'gtin', code: 'invalid_gtin', message: expect.any(String) },
        { row: 3, field: 'salePrice', code: 'sale_above_price', message: expect.any(String) },
        { row: 4, field: 'salesPrice', code: 'unknown_field', message: expect.any(String) },
      ]);
      expect(await rowCount()).toBe(1);
      const stored = await (await h.getAs(h.seed.voltKey, '/api/v1/catalog/products/VE-10234')).json();
      // The GTIN is kept as its GTIN-14.
      expect(stored).toMatchObject({ sku: 'VE-10234', gtin: '04548736132610', price: 39900, related: { accessories: [], alternatives: [], bundles: [] } });
    });

    it('replaces a product by its SKU and raises the version', async () => {
      await put([product()]);
      const report = (await (await put([product({ price: 37900, stock: 3 })])).json()) as CatalogImportReport;
      expect(report.version).toBe(2);
      expect(await (await h.getAs(h.seed.voltKey, '/api/v1/catalog/products/VE-10234')).json()).toMatchObject({ price: 37900, stock: 3 });
      expect(await rowCount()).toBe(1);
    });

    it('writes all of a batch’s valid products or none: a failure in its last chunk leaves the catalogue as it was', async () => {
      await put([product()]);
      // A trigger stands for any failure of the database after the first chunks were written.
      await h.db.db.execute(sql`create function fail_on_boom() returns trigger language plpgsql as $$ begin if new.sku = 'P-04999' then raise exception 'boom'; end if; return new; end $$`);
      await h.db.db.execute(sql`create trigger boom before insert on catalog_products for each row execute function fail_on_boom()`);
      try {
        const read = productsFromJson(many(5_000));
        if (!read.ok) throw new Error(read.message);
        await expect(h.app.catalog.upsert(h.seed.volt.id, read)).rejects.toThrow();
        expect(await rowCount()).toBe(1);
        expect((await h.db.db.select().from(catalogVersions))[0]!.version).toBe(1);
      } finally {
        await h.db.db.execute(sql`drop trigger boom on catalog_products`);
        await h.db.db.execute(sql`drop function fail_on_boom`);
      }
    });

    it.each([
      ['no list', { products: 'nope' }, 400, /not_a_list/],
      ['an empty list', { products: [] }, 400, /empty/],
      ['another field', { products: [product()], extra: 1 }, 400, /schema/],
    ])('refuses a batch with %s whole', async (_name, body, status, message) => {
      const res = await call(h.app, 'PUT', '/api/v1/catalog/products', h.seed.voltKey, body);
      expect(res.status).toBe(status);
      expect(JSON.stringify(ApiError.parse(await res.json()))).toMatch(message);
      expect(await rowCount()).toBe(0);
    });

    it('takes 10,000 products in one batch and refuses 10,001 whole (413)', async () => {
      expect((await put(many(10_001))).status).toBe(413);
      expect(await rowCount()).toBe(0);
      const res = await put(many(10_000));
      expect(res.status).toBe(200);
      expect(((await res.json()) as CatalogImportReport).written).toBe(10_000);
      expect(await rowCount()).toBe(10_000);
    }, 120_000);

    it('keeps one enterprise’s catalogue from the other', async () => {
      await put([product()]);
      expect((await h.getAs(h.seed.summitKey, '/api/v1/catalog/products/VE-10234')).status).toBe(404);
      expect((await call(h.app, 'DELETE', '/api/v1/catalog/products/VE-10234', h.seed.summitKey)).status).toBe(404);
      expect(CatalogProductList.parse(await (await h.getAs(h.seed.summitKey, '/api/v1/catalog/products')).json()).products).toEqual([]);
      expect(await rowCount()).toBe(1);
    });
  });

  describe('CSV and Merchant feeds', () => {
    it('imports the project’s CSV, reporting refused rows by their row and column', async () => {
      const csv = 'sku,name,currency,price,availability,url,gtin\r\nA-1,"Mug, large",USD,12.50,in_stock,https://volt.example/p/a1,\r\nA-2,Pan,USD,12.505,in_stock,https://volt.example/p/a2,\r\nA-3,Pot,USD,20,in_stock,https://volt.example/p/a3,123\r\n';
      const res = await importText(csv);
      expect(res.status).toBe(200);
      const report = (await res.json()) as CatalogImportReport;
      expect(report).toMatchObject({ rows: 3, written: 1, refusedRows: 2 });
      expect(report.refused.map((r) => [r.row, r.field, r.code])).toEqual([
        [3, 'price', 'invalid_price'],
        [4, 'gtin', 'invalid_gtin'],
      ]);
      expect(await (await h.getAs(h.seed.voltKey, '/api/v1/catalog/products/A-1')).json()).toMatchObject({ name: 'Mug, large', price: 1250 });
    });

    it('imports a Merchant feed as Merchant Center takes it (TSV, price with its currency, product_type path)', async () => {
      const feed = [
        'id\ttitle\tlink\tprice\tsale_price\tavailability\tbrand\tgtin\tproduct_type\tcolor',
        'VE-1\tSony WH-1000XM5\thttps://volt.example/p/xm5\t399.00 USD\t349.00 USD\tin stock\tSony\t4548736132610\tAudio > Headphones\tBlack',
        'VE-2\tBroken\thttps://volt.example/p/2\tfree\t\tin stock\t\t\t\t',
      ].join('\n');
      const res = await importText(feed, 'text/tab-separated-values', '?format=merchant');
      expect(res.status).toBe(200);
      const report = (await res.json()) as CatalogImportReport;
      expect(report).toMatchObject({ rows: 2, written: 1, refused: [{ row: 3, field: 'price' }] });
      expect(await (await h.getAs(h.seed.voltKey, '/api/v1/catalog/products/VE-1')).json()).toMatchObject({
        price: 39900,
        salePrice: 34900,
        category: ['Audio', 'Headphones'],
        attributes: { color: 'Black' },
      });
    });

    it('refuses another media type (415), a file without the needed columns (400) and one over 10,000 rows (413); takes one of 10,000', async () => {
      expect((await importText('sku,name\r\nA,b\r\n', 'application/json')).status).toBe(415);
      expect((await importText('a\tb\n', 'text/tab-separated-values')).status).toBe(415);
      const missing = await importText('sku,title\r\nA,b\r\n');
      expect(missing.status).toBe(400);
      expect(JSON.stringify(await missing.json())).toMatch(/missing_columns/);
      const header = 'sku,name,currency,price,availability,url\r\n';
      const rows = Array.from({ length: 10_001 }, (_, i) => `S${i},Thing ${i},USD,1.00,in_stock,https://volt.example/p/${i}\r\n`).join('');
      expect((await importText(header + rows)).status).toBe(413);
      expect(await rowCount()).toBe(0);
      // 10,000 rows fit, in one batch.
      const fits = await importText(header + rows.split('\r\n').slice(0, 10_000).join('\r\n'));
      expect(fits.status).toBe(200);
      expect(((await fits.json()) as CatalogImportReport).written).toBe(10_000);
    }, 120_000);

    it('exports the catalogue as CSV that imports back to the same products', async () => {
      await put([product({ attributes: { colour: 'Black' }, related: { accessories: ['CASE-1'], alternatives: [], bundles: [] }, salePrice: 34900, saleEndsAt: Date.parse('2026-04-01T00:00:00Z') }), product({ sku: 'CASE-1', gtin: null, name: 'Case, "hard"', url: 'https://volt.example/p/case' })]);
      const res = await h.getAs(h.seed.voltKey, '/api/v1/catalog/products.csv');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const csv = await res.text();
      const back = await importText(csv, 'text/csv', '', h.seed.summitKey);
      expect(((await back.json()) as CatalogImportReport).refused).toEqual([]);
      const list = async (key: string) => CatalogProductList.parse(await (await h.getAs(key, '/api/v1/catalog/products')).json()).products;
      expect(await list(h.seed.summitKey)).toEqual(await list(h.seed.voltKey));
    });
  });

  describe('the list, one product, removal', () => {
    it('pages by SKU with a cursor and searches SKU, name, brand, MPN and GTIN', async () => {
      await put([...many(5), product()]);
      const page1 = CatalogProductList.parse(await (await h.getAs(h.seed.voltKey, '/api/v1/catalog/products?limit=4')).json());
      expect(page1.products.map((p) => p.sku)).toEqual(['P-00000', 'P-00001', 'P-00002', 'P-00003']);
      const page2 = CatalogProductList.parse(await (await h.getAs(h.seed.voltKey, `/api/v1/catalog/products?limit=4&cursor=${page1.nextCursor}`)).json());
      expect(page2).toEqual({ products: [expect.objectContaining({ sku: 'P-00004' }), expect.objectContaining({ sku: 'VE-10234' })], nextCursor: null });
      const search = async (q: string) =>
        CatalogProductList.parse(await (await h.getAs(h.seed.voltKey, `/api/v1/catalog/products?q=${encodeURIComponent(q)}`)).json()).products.map((p) => p.sku);
      expect(await search('wireless')).toEqual(['VE-10234']);
      expect(await search('model 3')).toEqual(['P-00003']);
      expect(await search('wh1000xm5')).toEqual(['VE-10234']);
      // A GTIN as a page prints it (spaces between the groups) is one too.
      expect(await search('045 48736 132610')).toEqual(['VE-10234']);
      expect(await search('4548736132610')).toEqual(['VE-10234']);
      expect(await search('100%')).toEqual([]);
      expect((await h.getAs(h.seed.voltKey, '/api/v1/catalog/products?cursor=not-ours!')).status).toBe(400);
    });

    it('removes a product (204), then knows it no more (404)', async () => {
      await put([product()]);
      expect((await call(h.app, 'DELETE', '/api/v1/catalog/products/VE-10234', h.seed.voltKey)).status).toBe(204);
      expect((await h.getAs(h.seed.voltKey, '/api/v1/catalog/products/VE-10234')).status).toBe(404);
      expect((await call(h.app, 'DELETE', '/api/v1/catalog/products/VE-10234', h.seed.voltKey)).status).toBe(404);
    });

    it('reads a SKU with a slash or a space from the path', async () => {
      await put([product({ sku: 'A/B 1' })]);
      expect((await h.getAs(h.seed.voltKey, `/api/v1/catalog/products/${encodeURIComponent('A/B 1')}`)).status).toBe(200);
    });
  });

  describe('resolution', () => {
    const resolveAs = async (detected: unknown, app = h.app) => {
      const res = await call(app, 'POST', '/api/v1/catalog/resolve', h.seed.voltKey, detected);
      expect(res.status).toBe(200);
      return CatalogResolution.parse(await res.json());
    };

    it('resolves by URL, SKU, GTIN, MPN, then name, and says which, with the detected price checked', async () => {
      await put([product({ salePrice: 34900 }), product({ sku: 'VE-2', gtin: null, mpn: null, name: 'Bose QuietComfort Ultra Headphones', brand: 'Bose', url: 'https://volt.example/p/qc-ultra' })]);
      expect(await resolveAs({ url: 'https://www.volt.example/p/sony-wh-1000xm5/?utm_source=x#reviews', name: 'whatever', price: '399.00', currency: 'USD' })).toMatchObject({
        how: 'url',
        product: { sku: 'VE-10234' },
        priceCheck: 'list_price',
      });
      expect(await resolveAs({ url: 'https://elsewhere.example/1', name: 'x', sku: 've-10234', price: '349.00', currency: 'USD' })).toMatchObject({ how: 'sku', priceCheck: 'pays' });
      expect(await resolveAs({ url: 'https://elsewhere.example/1', name: 'x', gtin: '454873613261-0' })).toMatchObject({ how: 'gtin', product: { sku: 'VE-10234' } });
      expect(await resolveAs({ url: 'https://elsewhere.example/1', name: 'x', mpn: 'wh1000xm5/b', brand: 'Sony' })).toMatchObject({ how: 'mpn' });
      expect(await resolveAs({ url: 'https://elsewhere.example/1', name: 'Bose QuietComfort Ultra Headphones', brand: 'Bose' })).toMatchObject({ how: 'name', product: { sku: 'VE-2' } });
      expect(await resolveAs({ url: 'https://elsewhere.example/1', name: 'A garden hose' })).toEqual({ how: 'none', by: null, score: null, product: null, candidates: [], priceCheck: null });
    });

    it('says when a product is ambiguous, and between which', async () => {
      await put([product({ sku: 'A', url: 'https://volt.example/p/shared' }), product({ sku: 'B', gtin: null, mpn: null, url: 'https://volt.example/p/b', otherUrls: ['https://volt.example/p/shared'] })]);
      const r = await resolveAs({ url: 'https://volt.example/p/shared', name: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones' });
      expect(r).toMatchObject({ how: 'ambiguous', by: 'url' });
      expect(r.candidates.map((c) => c.sku).sort()).toEqual(['A', 'B']);
    });

    it('is seen by another instance once its version check comes round and its index is rebuilt, by the instance that wrote once rebuilt', async () => {
      const other = h.appWith({});
      const detected = { url: 'https://volt.example/p/new', name: 'x' };
      expect((await resolveAs(detected)).how).toBe('none');
      expect((await resolveAs(detected, other)).how).toBe('none');
      await put([product({ sku: 'NEW', gtin: null, url: 'https://volt.example/p/new' })]);
      // The writer rebuilds at once, in the background.
      await h.app.catalog.idle();
      expect((await resolveAs(detected)).how).toBe('url');
      // The other answers with the index it holds until its check comes round, then while it rebuilds.
      h.clock.advance(VERSION_CHECK_MS - 1);
      expect((await resolveAs(detected, other)).how).toBe('none');
      h.clock.advance(1);
      expect((await resolveAs(detected, other)).how).toBe('none');
      await other.catalog.idle();
      expect((await resolveAs(detected, other)).how).toBe('url');
      expect((await call(h.app, 'DELETE', '/api/v1/catalog/products/NEW', h.seed.voltKey)).status).toBe(204);
      // The other instance's index still names it; the product is gone, so it does not resolve.
      expect((await resolveAs(detected, other)).how).toBe('none');
    });

    it('measures the resolution rate over the product views of the period, by evidence', async () => {
      await put([product()]);
      const view = (at: string, p: Record<string, unknown>) => ev(at, { type: 'product_view', url: String(p.url), product: p as never });
      expect(
        (
          await h.post({
            events: [
              view('2026-03-02T09:00:00.000Z', { ...headphones }),
              view('2026-03-02T09:01:00.000Z', { name: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones', brand: 'Sony', url: `${VOLT}/p/other` }),
              view('2026-03-02T09:02:00.000Z', { name: 'A kettle', url: `${VOLT}/p/kettle` }),
              view('2026-03-02T09:03:00.000Z', { name: 'Mystery', sku: 'VE-10234', url: `${VOLT}/p/m` }),
            ],
          })
        ).status,
      ).toBe(202);
      const rate = ResolutionRate.parse(await (await h.getAs(h.seed.voltKey, '/api/v1/catalog/resolution-rate?days=7')).json());
      expect(rate).toMatchObject({ days: 7, views: 4, resolved: 3, rate: 0.75, truncated: false, byKind: { url: 1, sku: 1, name: 1, none: 1, gtin: 0, mpn: 0, ambiguous: 0 } });
      expect(ResolutionRate.parse(await (await h.getAs(h.seed.summitKey, '/api/v1/catalog/resolution-rate')).json())).toMatchObject({ views: 0, rate: null });
      expect((await h.getAs(h.seed.voltKey, '/api/v1/catalog/resolution-rate?days=0')).status).toBe(400);
    });
  });

  describe('the associate’s sales information', () => {
    /** Voltaire's associate in an accepted engagement with the harness shopper, who browsed the headphones (see `browse`). */
    async function engagement(customerExternalId?: string) {
      const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, idleSeconds: 600 });
      await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 5, offerSeconds: 600, giveUpSeconds: 900 });
      const { sessionId } = await openOpportunity(h, customerExternalId ? { customerExternalId } : {});
      const offers = (await (await call(h.app, 'GET', '/api/v1/offers', associate.token)).json()) as { offers: { id: string }[] };
      const accepted = (await (await call(h.app, 'POST', `/api/v1/offers/${offers.offers[0]!.id}/accept`, associate.token)).json()) as { engagement: { id: string } };
      expect((await call(h.app, 'POST', `/api/v1/engagements/${accepted.engagement.id}/answer`, h.token, { accept: true })).status).toBe(200);
      return { associate, sessionId, id: accepted.engagement.id };
    }
    const salesInfo = async (id: string, token: string) => {
      const res = await call(h.app, 'GET', `/api/v1/engagements/${id}/sales-info`, token);
      expect(res.status).toBe(200);
      return SalesInfo.parse(await res.json());
    };

    it('shows the product in view with the catalogue’s facts, the prices seen, related items in stock, the customer and the trail', async () => {
      await put([
        product({ sku: 'VE-10234', salePrice: 34900, related: { accessories: ['CASE', 'GONE', 'SOLD-OUT'], alternatives: ['BOSE'], bundles: [] }, attributes: { colour: 'Black' } }),
        product({ sku: 'CASE', gtin: null, mpn: null, name: 'Travel case', price: 2900, url: 'https://volt.example/p/case' }),
        product({ sku: 'SOLD-OUT', gtin: null, mpn: null, name: 'Cable', price: 900, stock: 0, url: 'https://volt.example/p/cable' }),
        product({ sku: 'BOSE', gtin: null, mpn: null, name: 'Bose QC Ultra', brand: 'Bose', price: 42900, url: 'https://volt.example/p/bose' }),
      ]);
      expect((await call(h.app, 'PUT', '/api/v1/customers/C-GOLD', h.seed.voltKey, { tier: 'Gold', tags: ['vip'] })).status).toBe(200);
      const { associate, id } = await engagement('C-GOLD');
      // The shopper sees the price drop on a later view of the same product.
      h.clock.advance(60_000);
      expect((await h.post({ events: [ev('2026-03-02T10:01:00.000Z', { type: 'product_view', url: headphones.url, product: { ...headphones, price: '329.00', listPrice: '399.00' } })] })).status).toBe(202);
      const info = await salesInfo(id, associate.token);
      expect(info.productInView).toEqual({
        name: headphones.name,
        url: headphones.url,
        resolution: 'url',
        product: expect.objectContaining({ sku: 'VE-10234', price: '349.00', listPrice: '399.00', currency: 'USD', stock: 12, availability: 'in_stock', attributes: { colour: 'Black' } }),
        pricesSeen: [
          { price: '349.00', listPrice: null, currency: 'USD', at: '2026-03-02T10:00:05.100Z' },
          { price: '329.00', listPrice: '399.00', currency: 'USD', at: '2026-03-02T10:01:00.000Z' },
        ],
        external: null,
      });
      expect(info.accessories.map((p) => p.sku)).toEqual(['CASE']);
      expect(info.alternatives.map((p) => [p.sku, p.price, p.listPrice])).toEqual([['BOSE', '429.00', null]]);
      expect(info.customer).toMatchObject({ externalId: 'C-GOLD', tier: 'Gold', tags: ['vip'] });
      // A page view and the search (or product) event of the same page are one step.
      expect(info.trail.map((s) => [s.kind, s.label])).toEqual([
        ['search', 'headphones'],
        ['product', 'Sony WH-1000XM5 (349.00 USD)'],
        ['cart', 'Added Sony WH-1000XM5 × 2'],
        ['product', 'Sony WH-1000XM5 (329.00 USD)'],
      ]);
    });

    it('answers without a catalogue: the product as detected, unresolved, and nothing related', async () => {
      const { associate, id } = await engagement();
      const info = await salesInfo(id, associate.token);
      expect(info.productInView).toMatchObject({ name: headphones.name, resolution: 'none', product: null, external: null });
      expect(info).toMatchObject({ alternatives: [], accessories: [], customer: null });
    });

    it('is for the engagement’s associate only', async () => {
      const { id } = await engagement();
      const other = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id });
      expect((await call(h.app, 'GET', `/api/v1/engagements/${id}/sales-info`, other.token)).status).toBe(404);
      expect((await call(h.app, 'GET', `/api/v1/engagements/${id}/sales-info`, h.token)).status).toBe(401);
      expect((await call(h.app, 'GET', `/api/v1/engagements/${id}/sales-info`, h.seed.voltKey)).status).toBe(401);
      expect((await call(h.app, 'GET', '/api/v1/engagements/not-an-id/sales-info', other.token)).status).toBe(404);
    });
  });
});
