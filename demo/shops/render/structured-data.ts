import { type CatalogProduct, categoryTrail } from '../catalog';
import { categoryPath, imagePath, productPath, searchPath, type Storefront } from '../storefronts';
import { type Html, html, jsonForScript } from './html';
import type { ShopOrder } from '../orders';

/**
 * schema.org JSON-LD and OpenGraph, the way a well-run shop publishes them; only
 * Voltaire does. The extension's structured-data extractor is tested against this.
 */

function jsonLd(data: unknown): Html {
  return html`<script type="application/ld+json">${jsonForScript(data)}</script>`;
}

export function productJsonLd(shop: Storefront, origin: string, p: CatalogProduct): Html {
  const url = origin + productPath(shop, p);
  return jsonLd({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.name,
    sku: p.sku,
    ...(p.gtin ? { gtin13: p.gtin } : {}),
    brand: { '@type': 'Brand', name: p.brand },
    image: origin + imagePath(p.slug),
    description: p.description,
    url,
    offers: {
      '@type': 'Offer',
      price: p.price,
      priceCurrency: p.currency,
      // On sale: the list price, as Google asks for a struck-through price.
      ...(p.listPrice ? { priceSpecification: { '@type': 'UnitPriceSpecification', priceType: 'https://schema.org/StrikethroughPrice', price: p.listPrice, priceCurrency: p.currency } } : {}),
      availability: p.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      url,
      seller: { '@type': 'Organization', name: shop.name },
    },
  });
}

export function breadcrumbJsonLd(shop: Storefront, origin: string, p: CatalogProduct): Html {
  const trail = categoryTrail(shop.catalog, p.category).map((c) => ({ name: c.name, item: origin + categoryPath(shop, c.slug) }));
  return jsonLd({
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [...trail, { name: p.name, item: origin + productPath(shop, p) }].map((entry, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      ...entry,
    })),
  });
}

/** The home page's WebSite + SearchAction: JSON-LD that is not a product, as real shops have. */
export function websiteJsonLd(shop: Storefront, origin: string): Html {
  return jsonLd({
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: shop.name,
    url: origin + '/',
    potentialAction: {
      '@type': 'SearchAction',
      target: `${origin}${searchPath(shop, '')}{search_term_string}`,
      'query-input': 'required name=search_term_string',
    },
  });
}

export function productOpenGraph(shop: Storefront, origin: string, p: CatalogProduct): Html {
  return html`<meta property="og:type" content="product">
<meta property="og:site_name" content="${shop.name}">
<meta property="og:title" content="${p.name}">
<meta property="og:description" content="${p.description}">
<meta property="og:url" content="${origin + productPath(shop, p)}">
<meta property="og:image" content="${origin + imagePath(p.slug)}">
<meta property="product:price:amount" content="${p.price}">
<meta property="product:price:currency" content="${p.currency}">`;
}

/** The order on its confirmation page, as schema.org `Order` (the markup order e-mails use). */
export function orderJsonLd(shop: Storefront, origin: string, order: ShopOrder): Html {
  return jsonLd({
    '@context': 'https://schema.org',
    '@type': 'Order',
    orderNumber: order.number,
    orderDate: order.created_at,
    orderStatus: 'https://schema.org/OrderProcessing',
    price: order.total,
    priceCurrency: order.currency,
    merchant: { '@type': 'Organization', name: shop.name, url: origin + '/' },
    acceptedOffer: order.lines.map((line) => ({
      '@type': 'Offer',
      itemOffered: { '@type': 'Product', sku: line.sku },
      price: line.price,
      priceCurrency: order.currency,
      eligibleQuantity: { '@type': 'QuantitativeValue', value: line.quantity },
    })),
  });
}
