/**
 * The corpus as a shop with poor markup would show it: every piece of structured data taken
 * out of a parsed page, so that only what a shopper sees is left to read. A variant of the
 * corpus made at test time (the files stay as they are). Pure but for mutating `doc`.
 */

/** Microdata and RDFa attributes: itemscope/itemtype/itemprop/itemid/itemref; vocab/typeof/property/resource/about/prefix. */
const STRUCTURED_ATTRIBUTES = ['itemscope', 'itemtype', 'itemprop', 'itemid', 'itemref', 'vocab', 'typeof', 'property', 'resource', 'about', 'prefix'] as const;

/** Meta tags that describe the product to machines: OpenGraph, product:*, twitter:* data, itemprop'd meta. */
const PRODUCT_META = /^(og:|product:|twitter:(data|label)|price|availability|brand|sku|gtin|mpn|itemprop)/i;

/**
 * Takes out of `doc` what is marked up for machines: JSON-LD scripts, microdata and RDFa
 * attributes (and the <meta>/<link> elements that only carried them), OpenGraph and product
 * meta tags. The visible page is left as it was.
 * e.g. <div itemscope itemtype="https://schema.org/Product"><span itemprop="price">9</span></div>
 *      → <div><span>9</span></div>
 */
export function stripStructuredData(doc: Document): Document {
  for (const script of Array.from(doc.querySelectorAll('script[type*="ld+json" i]'))) script.remove();
  for (const meta of Array.from(doc.querySelectorAll('meta'))) {
    const key = meta.getAttribute('property') ?? meta.getAttribute('name') ?? meta.getAttribute('itemprop') ?? '';
    if (PRODUCT_META.test(key) || meta.hasAttribute('itemprop')) meta.remove();
  }
  // A <link itemprop=availability href=…> is data only; a stylesheet's rel stays.
  for (const link of Array.from(doc.querySelectorAll('link[itemprop], link[property]'))) link.remove();
  for (const attribute of STRUCTURED_ATTRIBUTES) {
    for (const el of Array.from(doc.querySelectorAll(`[${attribute}]`))) el.removeAttribute(attribute);
  }
  return doc;
}
