import { type Html, html, jsonForScript, raw } from '../render/html';
import { type Article, articles } from './articles';

/** The Daily Ledger's pages: a plain newspaper look, deliberately unlike the shops. */

export const LEDGER_NAME = 'The Daily Ledger';

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 18px/1.6 Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fbfaf7; }
a { color: #8b1d1d; }
.masthead { text-align: center; border-bottom: 3px double #1a1a1a; padding: 18px 20px 10px; }
.masthead a { color: inherit; text-decoration: none; font-size: 44px; font-weight: 700; letter-spacing: -0.02em; }
.masthead p { margin: 4px 0 0; font: 13px/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.12em; color: #555; }
.masthead form { margin-top: 10px; }
.masthead input { font: 15px system-ui, sans-serif; padding: 6px 10px; border: 1px solid #bbb; width: 260px; }
.wrap { max-width: 760px; margin: 0 auto; padding: 24px 20px 60px; }
.teaser { border-bottom: 1px solid #ddd; padding: 18px 0; }
.teaser h2 { margin: 4px 0; font-size: 26px; line-height: 1.25; }
.teaser h2 a { color: inherit; text-decoration: none; }
.section { font: 12px system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.1em; color: #8b1d1d; font-weight: 700; }
.byline { font: 14px system-ui, sans-serif; color: #666; }
article h1 { font-size: 38px; line-height: 1.15; margin: 6px 0 10px; }
article img { width: 100%; height: auto; display: block; margin: 18px 0; }
.product-box { border: 1px solid #ccc; background: #fff; padding: 16px 20px; margin: 24px 0; font-family: system-ui, sans-serif; display: flex; align-items: center; gap: 20px; flex-wrap: wrap; }
.product-box .price { font-size: 28px; font-weight: 800; }
.product-box .rating { color: #b45309; }
.buy-button { background: #8b1d1d; color: #fff; padding: 10px 18px; text-decoration: none; font-weight: 600; border-radius: 4px; }
footer { border-top: 1px solid #ddd; text-align: center; font: 13px system-ui, sans-serif; color: #777; padding: 18px; }
`;

function page(title: string, main: Html, head?: Html, terms = ''): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${LEDGER_NAME}</title>
<link rel="icon" href="data:,">
${head ?? ''}
<style>${raw(CSS)}</style>
</head>
<body>
<header class="masthead">
  <a href="/">${LEDGER_NAME}</a>
  <p>Independent local news · Est. 1894</p>
  <form role="search" action="/search" method="get"><input class="search-input" type="search" name="q" value="${terms}" placeholder="Search the archive"></form>
</header>
<main class="wrap">
${main}
</main>
<footer>© ${LEDGER_NAME}. A demo site that does not take part in Floorwalker.</footer>
</body>
</html>
`;
}

function teaser(a: Article): Html {
  return html`<div class="teaser">
  <span class="section">${a.section}</span>
  <h2><a href="/article/${a.slug}">${a.title}</a></h2>
  <p>${a.summary}</p>
  <span class="byline">By ${a.author} · ${a.published}</span>
</div>`;
}

export function ledgerHome(): Html {
  return page('Front page', html`${articles.map(teaser)}`);
}

export function ledgerSearch(terms: string, results: readonly Article[]): Html {
  const main = html`<h1 class="search-summary" data-count="${results.length}">${results.length} ${results.length === 1 ? 'story' : 'stories'} for “${terms}”</h1>
${results.map(teaser)}`;
  return page('Search', main, undefined, terms);
}

/** Everything a shop's product page would publish, on a page that is not a shop. */
function reviewHead(a: Article, origin: string): Html {
  const r = a.review;
  if (!r) return html`<meta property="og:type" content="article">`;
  const url = `${origin}/article/${a.slug}`;
  const image = `${origin}/img/${a.slug}.svg`;
  const product = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: r.name,
    sku: r.sku,
    gtin13: r.gtin13,
    brand: { '@type': 'Brand', name: r.brand },
    image,
    description: a.summary,
    offers: { '@type': 'Offer', price: r.price, priceCurrency: r.currency, availability: 'https://schema.org/InStock', url },
    review: {
      '@type': 'Review',
      author: { '@type': 'Person', name: a.author },
      reviewRating: { '@type': 'Rating', ratingValue: r.rating, bestRating: 5 },
    },
  };
  return html`<link rel="canonical" href="${url}">
<meta property="og:type" content="product">
<meta property="og:title" content="${r.name}">
<meta property="og:image" content="${image}">
<meta property="product:price:amount" content="${r.price}">
<meta property="product:price:currency" content="${r.currency}">
<script type="application/ld+json">${jsonForScript(product)}</script>`;
}

export function ledgerArticle(a: Article, origin: string): Html {
  const r = a.review;
  const main = html`<article class="story" data-slug="${a.slug}">
  <span class="section">${a.section}</span>
  <h1>${a.title}</h1>
  <span class="byline">By ${a.author} · ${a.published}</span>
  <img src="${origin}/img/${a.slug}.svg" alt="" width="800" height="600">
  ${
    r
      ? html`<aside class="product-box" id="where-to-buy">
    <div><strong class="product-name">${r.name}</strong><br><span class="rating">${'★'.repeat(Math.round(r.rating))} ${r.rating}/5</span></div>
    <span class="price">$${r.price}</span>
    <a class="buy-button add-to-cart" href="#where-to-buy">Buy now</a>
  </aside>`
      : ''
  }
  ${a.paragraphs.map((p) => html`<p>${p}</p>`)}
</article>`;
  return page(a.title, main, reviewHead(a, origin));
}

export function ledgerError(status: number, message: string): Html {
  return page(
    status === 404 ? 'Page not found' : 'Error',
    html`<h1>${status === 404 ? 'We could not find that page' : message}</h1><p><a href="/">Back to the front page</a></p>`,
  );
}
