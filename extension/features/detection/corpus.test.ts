import { describe, expect, it } from 'vitest';
import { UNKNOWN_URL, loadOtherPages, loadProductPages, ownUrl, parseHtml } from './corpus-pages';
import { type KindTruth, scoreKinds, scoreProducts } from './corpus-score';
import { detect } from './detect';

/**
 * The shared corpus of real pages (../shared/corpus): extraction F1 on 64 product pages, product
 * vs not-product accuracy with 46 other pages, and search terms recovered. Floors are the
 * issue's targets where reached; otherwise just under what is measured, so nothing slips back.
 */
const FLOORS = {
  price: 0.84, // TODO(issue 3): raise to 0.968
  sku: 0.76, // TODO(issue 3): raise to 0.857
  availability: 0.9, // TODO(issue 3): raise to 0.938
  brand: 0.695,
  productAccuracy: 0.95,
  searchRecovery: 0.9,
};

describe('the shared corpus of real pages', () => {
  it('meets the floors for extraction, page kind and search terms', { timeout: 300_000 }, () => {
    const products = loadProductPages().map(({ id, truth, html }) => ({ id, truth, detection: detect(parseHtml(html, truth.url), truth.url, null) }));
    const others: KindTruth[] = loadOtherPages().map(({ id, label, html }) => {
      const doc = parseHtml(html, label.url ?? UNKNOWN_URL);
      const url = label.url ?? ownUrl(doc) ?? UNKNOWN_URL;
      return { id, kind: label.kind, searchTerms: label.search_terms, detection: detect(doc, url, null) };
    });
    const extraction = scoreProducts(products);
    const kinds = scoreKinds([...products.map(({ id, detection }) => ({ id, kind: 'product' as const, detection })), ...others]);
    const searchRecovery = kinds.searchPages === 0 ? 0 : kinds.searchRecovered / kinds.searchPages;

    const rows = Object.entries(extraction.attributes).map(([attribute, s]) => ({
      figure: `${attribute} F1`,
      value: s.f1.toFixed(3),
      detail: `TP ${s.tp} FP ${s.fp} FN ${s.fn}`,
    }));
    rows.push({ figure: 'product vs not', value: kinds.productAccuracy.toFixed(3), detail: `${kinds.productRight}/${kinds.pages} pages` });
    rows.push({ figure: 'search terms exact', value: searchRecovery.toFixed(3), detail: `${kinds.searchRecovered}/${kinds.searchPages} pages` });
    console.table(rows);

    expect(extraction.attributes.price.f1).toBeGreaterThanOrEqual(FLOORS.price);
    expect(extraction.attributes.sku.f1).toBeGreaterThanOrEqual(FLOORS.sku);
    expect(extraction.attributes.availability.f1).toBeGreaterThanOrEqual(FLOORS.availability);
    expect(extraction.attributes.brand.f1).toBeGreaterThanOrEqual(FLOORS.brand);
    expect(kinds.productAccuracy).toBeGreaterThanOrEqual(FLOORS.productAccuracy);
    expect(searchRecovery).toBeGreaterThanOrEqual(FLOORS.searchRecovery);
  });
});
