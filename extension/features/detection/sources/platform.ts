import { parseAvailability } from '../availability';
import { currencyFromText, normalizeAmount, normalizeCurrency, parsePrice, pageCurrencyHints } from '../price';
import { cleanText, query } from '../text';
import type { DetectionSource, ProductClues, SourceInput } from '../types';

/**
 * Markup of widespread shop platforms that carry no schema.org data: Amazon's buy box,
 * eBay's item page, Shopify's `meta.product` JSON, WooCommerce and Magento classes.
 * Each reader looks for its platform's own ids and classes, never for a domain.
 */
export const platformSource: DetectionSource = {
  name: 'platform',
  read(input) {
    for (const reader of READERS) {
      const product = reader(input);
      if (product) return { kind: 'product', product };
    }
    return null;
  },
};

type Reader = (input: SourceInput) => ProductClues | null;

const text = (root: ParentNode, selector: string): string | null => cleanText(query(root, selector)?.textContent);

/** The text of the first selector, in the order given, that matches. */
function firstText(doc: Document, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    const found = text(doc, selector);
    if (found) return found;
  }
  return null;
}

/** The first selector whose text reads as a price. */
function priceOf(doc: Document, selectors: readonly string[], url: URL) {
  for (const selector of selectors) {
    const el = query(doc, selector);
    const shown = cleanText(el?.getAttribute('content') ?? el?.textContent);
    const price = shown ? parsePrice(shown, pageCurrencyHints(doc, url)) : null;
    if (price && Number(price.amount) > 0) return price;
  }
  return null;
}

const AMAZON_PRICES = [
  '#priceblock_dealprice',
  '#priceblock_ourprice',
  '#priceblock_saleprice',
  '#price_inside_buybox',
  '#newBuyBoxPrice',
  '#corePrice_feature_div .a-price .a-offscreen',
  '#corePriceDisplay_desktop_feature_div .a-price .a-offscreen',
  '#apex_desktop .a-price .a-offscreen',
  '#buybox .a-price .a-offscreen',
  '#kindle-price',
  '#price .a-color-price',
  '.offer-price',
  '#tmmSwatches .a-button-selected .a-color-price',
  '.dp-price-col .a-color-price',
  '#olp_feature_div .a-color-price',
  '#all-offers-display .a-color-price',
  '#mbc .a-color-price',
];

/** "Visit the Acme Store", "Marke: Acme", "Besuchen Sie den Acme-Store", "Visita lo Store di Acme", ... → "Acme". */
export function brandFromByline(byline: string): string | null {
  const patterns = [
    /^(?:brand|marke|marca|marque|merk|märke|marka)\s*:\s*(.+)$/i,
    /^visit the (.+?) store$/i,
    /^besuchen sie den (.+?)-store$/i,
    /^visiter la boutique (.+)$/i,
    /^visita lo store di (.+)$/i,
    /^visita la tienda de (.+)$/i,
    /^bezoek de (.+?)-winkel$/i,
    /^(?:by|von|de|di|par)\s+(.+)$/i,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(byline.trim());
    if (m) return cleanText(m[1]);
  }
  return null;
}

const amazon: Reader = ({ doc, url }) => {
  if (!doc.getElementById('productTitle') && !doc.getElementById('ASIN') && !doc.getElementById('ppd')) return null;
  const title = firstText(doc, ['#productTitle', '#ebooksProductTitle', '#ppd h1', '#centerCol h1', '#title']);
  const asin =
    cleanText(query(doc, '#ASIN, input[name="ASIN"], input[name="ASIN.0"]')?.getAttribute('value')) ??
    /\/(?:dp|gp\/product)\/([A-Z0-9]{10})(?:[/?]|$)/.exec(url.pathname)?.[1] ??
    null;
  if (!title || !asin || !query(doc, '#dp, #dp-container, #ppd, #centerCol, #buybox')) return null;
  const price = priceOf(doc, AMAZON_PRICES, url);
  const byline = text(doc, '#bylineInfo');
  const availabilityText = text(doc, '#availability') ?? text(doc, '#outOfStock');
  const canBuy = query(doc, '#add-to-cart-button, #buy-now-button') !== null;
  return {
    name: title,
    sku: asin,
    price: price?.amount,
    currency: price?.currency,
    brand: byline ? brandFromByline(byline) : null,
    // Amazon shows no stock line for items that ship normally: a price or a buy button means it sells.
    availability: parseAvailability(availabilityText) ?? (canBuy || price ? 'InStock' : null),
  };
};

const ebay: Reader = ({ doc, url }) => {
  if (!doc.getElementById('itemTitle') && !doc.querySelector('h1.x-item-title__mainTitle')) return null;
  const title = text(doc, '#itemTitle, h1.x-item-title__mainTitle, h1[itemprop="name"]');
  const itemNumber = text(doc, '#descItemNumber') ?? /\/itm\/(?:[^/]+\/)?(\d{9,})/.exec(url.pathname)?.[1] ?? null;
  if (!title || !itemNumber || !query(doc, '#prcIsum, #mm-saleDscPrc, .x-price-primary, #vi-mskumap-none, #isCartBtn_btn')) return null;
  const price = priceOf(doc, ['#prcIsum', '#mm-saleDscPrc', '#prcIsum_bidPrice', '.x-price-primary'], url);
  return { name: title.replace(/^(details about|détails sur|dettagli su|details zu)\s+/i, ''), sku: itemNumber, price: price?.amount, currency: price?.currency };
};

/** Shopify's `var meta = {"product":{...}}` (ShopifyAnalytics.meta): id, vendor, variants with price in cents. */
const shopify: Reader = ({ doc, url }) => {
  for (const script of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const source = script.textContent ?? '';
    if (!source.includes('"product"') || !/var meta\s*=|ShopifyAnalytics\.meta\s*=/.test(source)) continue;
    const json = /(?:var meta|ShopifyAnalytics\.meta)\s*=\s*(\{.*?\});/s.exec(source)?.[1];
    if (!json) continue;
    try {
      const product = (JSON.parse(json) as { product?: Record<string, unknown> }).product;
      if (!product) continue;
      const variants = Array.isArray(product.variants) ? (product.variants as Record<string, unknown>[]) : [];
      const wanted = url.searchParams.get('variant');
      const variant = variants.find((v) => String(v.id) === wanted) ?? variants[0];
      const cents = typeof variant?.price === 'number' ? variant.price : null;
      return {
        name: cleanText(variant?.name) ?? null,
        price: cents !== null ? normalizeAmount(cents / 100) : null,
        currency: normalizeCurrency(/Shopify\.currency\s*=\s*\{\s*"active"\s*:\s*"(\w{3})"/.exec(source)?.[1]),
        sku: cleanText(variant?.sku),
        brand: cleanText(product.vendor),
      };
    } catch {
      continue;
    }
  }
  return null;
};

/** WooCommerce: `.product .summary` with `.woocommerce-Price-amount`, `.sku`, `.stock`. */
const wooCommerce: Reader = ({ doc, url }) => {
  if (!doc.querySelector('.woocommerce-Price-amount')) return null;
  const summary = query(doc, '.product .summary, .product .entry-summary');
  if (!summary) return null;
  const priceEl = query(summary, '.price ins .woocommerce-Price-amount') ?? query(summary, '.price .woocommerce-Price-amount');
  const shown = cleanText(priceEl?.textContent);
  const price = shown ? parsePrice(shown, pageCurrencyHints(doc, url)) : null;
  return {
    name: text(summary, '.product_title, h1'),
    price: price?.amount,
    currency: price?.currency ?? (shown ? currencyFromText(shown) : null),
    sku: text(doc, '.product_meta .sku'),
    availability: parseAvailability(text(summary, '.stock')),
  };
};

/** Magento: `[data-price-type="finalPrice"][data-price-amount]` and the product's SKU block. */
const magento: Reader = ({ doc }) => {
  if (!doc.querySelector('[data-price-amount]')) return null;
  const final = query(doc, '.product-info-main [data-price-type="finalPrice"][data-price-amount], .product-info-price [data-price-amount]');
  if (!final) return null;
  return {
    name: text(doc, '.product-info-main .page-title, h1.page-title'),
    price: normalizeAmount(final.getAttribute('data-price-amount')),
    sku: text(doc, '.product-info-main .product.attribute.sku .value') ?? cleanText(query(doc, '[data-product-sku]')?.getAttribute('data-product-sku')),
    availability: parseAvailability(text(doc, '.product-info-main .stock')),
  };
};

const READERS: readonly Reader[] = [amazon, ebay, shopify, wooCommerce, magento];
