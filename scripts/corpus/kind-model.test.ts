// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { halfOf, trainKindModel, type KindExample } from './kind-model';
import { stripStructuredData } from './strip';
import { productLikelihood } from '../../extension/features/detection/visible/page-kind';
import type { PageSigns } from '../../extension/features/detection/visible/page-signs';

const signs = (over: Partial<PageSigns>): PageSigns => ({ headingWords: 0, priceByHeading: null, priceByButton: null, ownButtons: 0, cardButtons: 0, quantity: false, cardPrices: 0, ownPrices: 0, numberInUrl: false, searchInUrl: false, password: false, ...over });

describe('learning the page-kind model', () => {
  it('learns weights that tell apart what the examples tell apart, and not the other way round', () => {
    const examples: KindExample[] = [];
    for (let i = 0; i < 20; i++) {
      examples.push({ product: true, signs: signs({ headingWords: 3 + (i % 5), priceByHeading: i % 3, quantity: i % 2 === 0 }) });
      examples.push({ product: false, signs: signs({ headingWords: 1 + (i % 2), cardPrices: 10 + i, searchInUrl: i % 2 === 0 }) });
    }
    const model = trainKindModel(examples);
    const right = examples.filter((e) => productLikelihood(e.signs, model) > 0.5 === e.product).length;
    expect(right).toBe(examples.length);
    expect(model.weights.priceByHeading).toBeGreaterThan(0);
    expect(model.weights.searchInUrl).toBeLessThan(0);
  });

  it('splits by shop: every country site and city of one shop on the same side', () => {
    expect(halfOf('https://www.amazon.de/dp/1')).toBe(halfOf('https://www.amazon.co.uk/dp/2'));
    expect(halfOf('https://manchester.craigslist.org/a')).toBe(halfOf('https://birmingham.craigslist.org/b'));
    const halves = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => halfOf(`https://${s}shop.com/`));
    expect(new Set(halves).size).toBe(2);
  });
});

describe('the stripped corpus variant', () => {
  it('takes out JSON-LD, microdata, RDFa and product meta tags, and leaves what is shown', () => {
    const doc = new JSDOM(`<html><head><meta property="og:type" content="product"><meta property="product:price:amount" content="9"><meta name="viewport" content="x">
      <script type="application/ld+json">{"@type":"Product"}</script></head><body><div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Lamp</h1>
      <span itemprop="price" content="9">€9</span></div><div vocab="https://schema.org/" typeof="Product"><span property="name">Shade</span></div></body></html>`).window.document as unknown as Document;
    stripStructuredData(doc);
    const html = doc.documentElement.outerHTML;
    expect(html).not.toMatch(/ld\+json|itemscope|itemprop|itemtype|typeof|property=|vocab|og:type|product:price/);
    expect(html).toContain('name="viewport"');
    expect(doc.querySelector('h1')?.textContent).toBe('Lamp');
    expect(doc.body.textContent).toContain('€9');
  });
});
