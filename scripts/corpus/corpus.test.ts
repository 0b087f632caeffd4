// @vitest-environment node
// Node, not happy-dom: the demo shops are fetched over real HTTP, and pages are parsed by jsdom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabelledPage, labelledDemoPages } from '../../demo/shops/labelled-pages';
import { startShops } from '../../demo/shops/server';
import { UNKNOWN_URL, loadOtherPages, loadProductPages, ownUrl, parseHtml } from './pages';
import { type KindTruth, type ProductTruth, scoreKinds, scoreProducts } from './score';
import { detect, SOURCES } from '../../extension/features/detection/detect';
import { visibleHeuristics } from '../../extension/features/detection/sources/heuristics';
import type { Detection } from '../../extension/features/detection/types';
import { handRule, productLikelihood, PRODUCT_THRESHOLD } from '../../extension/features/detection/visible/page-kind';
import { halfOf, trainKindModel } from './kind-model';
import { signsOf, type SignedPage } from './signs';
import { stripStructuredData } from './strip';
import { isHeldOut, priceAccuracy } from './price-split';

/**
 * The corpus of real pages (corpus/ in this repository) and the demo shops' pages: extraction F1 on
 * 64 product pages against the best commercial system's figures there, product vs not-product
 * accuracy with 46 real other pages and every kind of demo page, and search terms recovered.
 */
const TARGETS = {
  // The published figures are rounded to three places; a score is compared the same way.
  price: 0.968,
  sku: 0.857,
  availability: 0.938,
  brand: 0.695,
  productAccuracy: 0.95,
  searchRecovery: 0.9,
};
/** The visible page alone (structured data stripped from the same pages), with the original labels. */
const STRIPPED_FLOORS = { price: 0.85, availability: 0.85, sku: 0.7, brand: 0.7 };
const rounded = (x: number) => Math.round(x * 1000) / 1000;

/** A corpus page read twice: as saved, and with its structured data stripped (the same parse, stripped in place). */
interface ReadPage {
  id: string;
  url: string;
  kind: KindTruth['kind'];
  searchTerms?: string;
  truth?: ProductTruth;
  detection: Detection;
  stripped: Detection;
}

function readBoth(id: string, html: string, label: string | undefined, rest: Omit<ReadPage, 'id' | 'url' | 'detection' | 'stripped'>, signs: SignedPage[]): ReadPage {
  const doc = parseHtml(html, label ?? UNKNOWN_URL);
  const url = label ?? ownUrl(doc) ?? UNKNOWN_URL;
  const product = rest.kind === 'product';
  signs.push({ id, url, stripped: false, product, signs: signsOf(doc, url) });
  const detection = detect(doc, url, null);
  stripStructuredData(doc);
  signs.push({ id, url, stripped: true, product, signs: signsOf(doc, url) });
  const stripped = detect(doc, url, null);
  doc.defaultView?.close(); // an open window keeps its whole page in memory
  return { id, url, ...rest, detection, stripped };
}

describe('the corpus of real pages and the demo shops', () => {
  let products: (ReadPage & { truth: ProductTruth })[];
  let others: ReadPage[];
  let demo: (LabelledPage & { detection: Detection })[];
  const signs: SignedPage[] = [];

  beforeAll(async () => {
    products = loadProductPages().map(({ id, truth, html }) => ({ ...readBoth(id, html, truth.url, { kind: 'product', truth }, signs), truth }));
    others = loadOtherPages().map(({ id, label, html }) => readBoth(id, html, label.url, { kind: label.kind, searchTerms: label.search_terms }, signs));
    const shops = await startShops();
    try {
      demo = (await labelledDemoPages(shops)).map((page) => ({ ...page, detection: detect(parseHtml(page.html, page.url), page.url, page.adapter) }));
    } finally {
      await shops.stop();
    }
  }, 300_000);

  it('reads price, sku, availability and brand at least as well as the best commercial extractor', () => {
    const extraction = scoreProducts(products);
    console.table(
      Object.entries(extraction.attributes).map(([attribute, s]) => ({
        figure: `${attribute} F1`,
        value: s.f1.toFixed(3),
        unrounded: s.f1,
        detail: `TP ${s.tp} FP ${s.fp} FN ${s.fn}`,
      })),
    );
    expect(rounded(extraction.attributes.price.f1)).toBeGreaterThanOrEqual(TARGETS.price);
    expect(rounded(extraction.attributes.sku.f1)).toBeGreaterThanOrEqual(TARGETS.sku);
    expect(rounded(extraction.attributes.availability.f1)).toBeGreaterThanOrEqual(TARGETS.availability);
    expect(rounded(extraction.attributes.brand.f1)).toBeGreaterThanOrEqual(TARGETS.brand);
  });

  it('takes the price the shopper pays, on the pages tuned on and on the held-out ones (issue 18)', () => {
    // Measured on the same pages before the list price was told apart (tuning 36/37 and 30/37
    // stripped; held out 24/25 and 23/25): no figure may fall below where it stood then or now.
    const floors = { tuning: { saved: 36, stripped: 31 }, heldOut: { saved: 24, stripped: 23 } };
    const rows = (['tuning', 'heldOut'] as const).map((part) => {
      const pages = products.filter((p) => isHeldOut(p.id) === (part === 'heldOut'));
      const saved = priceAccuracy(pages);
      const stripped = priceAccuracy(pages.map(({ truth, stripped: detection }) => ({ truth, detection })));
      return { part, saved, stripped };
    });
    console.table(rows.map(({ part, saved, stripped }) => ({ part, 'price = truth': `${saved.right}/${saved.pages} ${saved.accuracy.toFixed(3)}`, stripped: `${stripped.right}/${stripped.pages} ${stripped.accuracy.toFixed(3)}` })));
    for (const { part, saved, stripped } of rows) {
      expect(saved.right, `${part} as saved`).toBeGreaterThanOrEqual(floors[part].saved);
      expect(stripped.right, `${part} stripped`).toBeGreaterThanOrEqual(floors[part].stripped);
    }
  });

  it('reads the visible page alone, with the structured data stripped, to the floors', () => {
    const extraction = scoreProducts(products.map(({ id, truth, stripped }) => ({ id, truth, detection: stripped })));
    const kinds = scoreKinds([...products, ...others].map(({ id, kind, stripped }) => ({ id, kind, detection: stripped })));
    console.table([
      ...(['price', 'sku', 'availability', 'brand'] as const).map((attribute) => {
        const s = extraction.attributes[attribute];
        return { figure: `stripped ${attribute} F1`, value: s.f1.toFixed(3), floor: STRIPPED_FLOORS[attribute], detail: `TP ${s.tp} FP ${s.fp} FN ${s.fn}` };
      }),
      { figure: 'stripped product vs not', value: kinds.productAccuracy.toFixed(3), floor: 0.9, detail: `${kinds.productRight}/${kinds.pages} pages` },
    ]);
    for (const attribute of ['price', 'sku', 'availability', 'brand'] as const) {
      expect(rounded(extraction.attributes[attribute].f1), attribute).toBeGreaterThanOrEqual(STRIPPED_FLOORS[attribute]);
    }
    expect(kinds.productAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('holds on shops it did not learn from: the page-kind model learned on one half of the shops, judged on the other', { timeout: 300_000 }, () => {
    const rows: Record<string, unknown>[] = [];
    for (const half of [0, 1] as const) {
      const model = trainKindModel(signs.filter((r) => halfOf(r.url) !== half));
      const held = signs.filter((r) => halfOf(r.url) === half);
      const modelRight = held.filter((r) => productLikelihood(r.signs, model) > PRODUCT_THRESHOLD === r.product).length;
      const ruleRight = held.filter((r) => handRule(r.signs) === r.product).length;
      // The whole detection on this half's pages, stripped, with the model that never saw them.
      const sources = SOURCES.map((source) => (source.name === 'heuristics' ? visibleHeuristics(model) : source));
      const redetect = (page: ReadPage, html: string) => {
        const doc = stripStructuredData(parseHtml(html, page.url));
        const detection = detect(doc, page.url, null, sources);
        doc.defaultView?.close();
        return detection;
      };
      const heldProducts = loadProductPages()
        .filter((p) => halfOf(p.truth.url) === half)
        .map((p) => ({ id: p.id, truth: p.truth, detection: redetect(products.find((q) => q.id === p.id)!, p.html) }));
      const heldOthers = loadOtherPages()
        .map((p) => ({ page: others.find((q) => q.id === p.id)!, html: p.html }))
        .filter(({ page }) => halfOf(page.url) === half)
        .map(({ page, html }) => ({ id: page.id, kind: page.kind, detection: redetect(page, html) }));
      const extraction = scoreProducts(heldProducts);
      const kinds = scoreKinds([...heldProducts.map(({ id, detection }) => ({ id, kind: 'product' as const, detection })), ...heldOthers]);
      rows.push({
        half,
        pages: `${heldProducts.length} product, ${heldOthers.length} other`,
        'model (signs)': (modelRight / held.length).toFixed(3),
        'hand rule (signs)': (ruleRight / held.length).toFixed(3),
        'stripped price': extraction.attributes.price.f1.toFixed(3),
        'stripped sku': extraction.attributes.sku.f1.toFixed(3),
        'stripped availability': extraction.attributes.availability.f1.toFixed(3),
        'stripped brand': extraction.attributes.brand.f1.toFixed(3),
        'stripped product vs not': kinds.productAccuracy.toFixed(3),
      });
      // The learned model stays only while it beats the hand-ordered rule on shops it never saw.
      expect(modelRight, `half ${half}: model vs hand rule`).toBeGreaterThanOrEqual(ruleRight);
      expect(extraction.attributes.price.f1, `half ${half}: held-out stripped price`).toBeGreaterThanOrEqual(0.8);
    }
    console.table(rows);
  });

  it('tells product pages from the rest and recovers what was searched', { timeout: 300_000 }, () => {
    const demoKinds: KindTruth[] = demo.map(({ id, kind, searchTerms, detection }) => ({ id, kind, searchTerms, detection }));
    const kinds = scoreKinds([...products.map(({ id, detection }) => ({ id, kind: 'product' as const, detection })), ...others.map(({ id, kind, searchTerms, detection }) => ({ id, kind, searchTerms, detection })), ...demoKinds]);
    const searchRecovery = kinds.searchPages === 0 ? 0 : kinds.searchRecovered / kinds.searchPages;
    console.table([
      { figure: 'product vs not', value: kinds.productAccuracy.toFixed(3), unrounded: kinds.productAccuracy, detail: `${kinds.productRight}/${kinds.pages} pages` },
      { figure: 'search terms exact', value: searchRecovery.toFixed(3), unrounded: searchRecovery, detail: `${kinds.searchRecovered}/${kinds.searchPages} pages` },
    ]);
    expect(kinds.productAccuracy).toBeGreaterThanOrEqual(TARGETS.productAccuracy);
    expect(searchRecovery).toBeGreaterThanOrEqual(TARGETS.searchRecovery);
  });

  it('takes every demo shop page for exactly what it is, with its adapter', () => {
    const kindOf = (k: LabelledPage['kind']) => (k === 'home' ? 'other' : k);
    expect(demo.length).toBeGreaterThanOrEqual(25);
    expect(demo.map(({ id, kind, searchTerms }) => ({ id, kind: kindOf(kind), terms: searchTerms ?? null }))).toEqual(
      demo.map(({ id, detection }) => ({ id, kind: detection.kind, terms: detection.search?.terms ?? null })),
    );
    for (const page of demo.filter((p) => p.kind === 'cart')) expect(page.detection.cart?.items.length, page.id).toBeGreaterThan(0);
    for (const page of demo.filter((p) => p.kind === 'product')) expect(page.detection.product?.price, page.id).toMatch(/^\d+\.\d{2}$/);
    // The demo products on sale: the price paid, with the struck-through list price beside it.
    const onSale = demo.filter((p) => p.kind === 'product' && /pdp-list-price/.test(p.html));
    expect(onSale.length).toBeGreaterThanOrEqual(2);
    for (const page of onSale) expect(Number(page.detection.product?.listPrice), page.id).toBeGreaterThan(Number(page.detection.product?.price));
    // Every order confirmation page tells its order, and no other page does.
    expect(demo.filter((p) => p.detection.order).map((p) => p.id)).toEqual(demo.filter((p) => p.id.endsWith('/order-confirmation')).map((p) => p.id));
  });
});
