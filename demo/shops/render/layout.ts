import { type Category } from '../catalog';
import { categoryPath, searchPath, type Storefront } from '../storefronts';
import { type Html, html, raw } from './html';
import { shopCss } from './styles';

/** What every page of a shop needs to draw its frame. */
export interface PageContext {
  shop: Storefront;
  /** "http://localhost:4101": absolute URLs (canonical, images, JSON-LD) are built from it. */
  origin: string;
  cartCount: number;
  /**
   * The demo customer signed in (see Storefront.member), if one is, with the identity token
   * the shop signed for them when the site has an identity secret.
   */
  member?: { id: string; name: string; token?: string | null } | null;
  /** Prefills the header search box on results pages. */
  searchTerms?: string;
  /** Highlights the current top-level category in the nav. */
  activeCategory?: string;
}

export interface PageHead {
  title: string;
  description?: string;
  /** Path of the canonical URL; only shops that publish metadata print it. */
  canonicalPath?: string;
  /** Extra `<head>` markup: OpenGraph tags, JSON-LD. */
  meta?: Html;
}

function topCategories(shop: Storefront): Category[] {
  return shop.catalog.categories.filter((c) => !c.parent);
}

function header(ctx: PageContext): Html {
  const { shop } = ctx;
  return html`<header class="site-header">
  <div class="wrap">
    <a class="logo" href="/"><span class="logo-mark" aria-hidden="true">${shop.theme.logoMark}</span>${shop.name}</a>
    <form class="search-form" role="search" method="get" action="${shop.routes.search}">
      <input class="search-input" type="search" name="${shop.routes.searchParam}" value="${ctx.searchTerms ?? ''}" placeholder="${shop.text.searchPlaceholder}" aria-label="${shop.text.searchButton}" autocomplete="off">
      <button class="search-button" type="submit">${shop.text.searchButton}</button>
    </form>
    ${account(ctx)}
    <a class="cart-link" href="${shop.routes.cart}">${shop.text.cart} <span class="cart-count">${ctx.cartCount}</span></a>
  </div>
</header>
<nav class="category-nav" aria-label="${shop.text.allCategories}">
  <ul>${topCategories(shop).map(
    (c) =>
      html`<li><a href="${categoryPath(shop, c.slug)}"${ctx.activeCategory === c.slug ? raw(' aria-current="page"') : ''}>${c.name}</a></li>`,
  )}</ul>
</nav>`;
}

/**
 * The demo customer account: who is signed in (the shop's id for them in `data-customer-id`,
 * its signed proof in `data-customer-token`), or a button to sign in.
 */
function account(ctx: PageContext): Html | '' {
  if (!ctx.shop.member) return '';
  if (ctx.member) {
    const token = ctx.member.token ? html` data-customer-token="${ctx.member.token}"` : '';
    return html`<form class="account" method="post" action="/account/sign-out"><span class="account-name" data-customer-id="${ctx.member.id}"${token}>Hi, ${ctx.member.name}</span> <button class="account-button" type="submit">Sign out</button></form>`;
  }
  return html`<form class="account" method="post" action="/account/sign-in"><button class="account-button" type="submit">Sign in</button></form>`;
}

function footer(shop: Storefront): Html {
  return html`<footer class="site-footer">
  <div class="wrap">
    <div><strong>${shop.name}</strong> · ${shop.tagline}<br>${shop.text.footerNote}</div>
    <ul>${topCategories(shop).map((c) => html`<li><a href="${categoryPath(shop, c.slug)}">${c.name}</a></li>`)}
      <li><a href="${searchPath(shop, '')}">${shop.text.searchButton}</a></li></ul>
  </div>
</footer>`;
}

/**
 * Runs the header's search in the page: fetches the results page, swaps its content and title
 * in, and pushes its address. If anything fails the form is submitted the ordinary way.
 */
const SEARCH_IN_PAGE_SCRIPT = `(() => {
  const form = document.querySelector('.search-form');
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const url = new URL(form.action);
    url.search = new URLSearchParams(new FormData(form)).toString();
    try {
      const res = await fetch(url, { headers: { accept: 'text/html' } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const next = new DOMParser().parseFromString(await res.text(), 'text/html');
      document.querySelector('main').replaceWith(document.adoptNode(next.querySelector('main')));
      document.title = next.title;
      history.pushState({ search: true }, '', url.pathname + url.search);
    } catch (err) {
      form.submit();
    }
  });
})();`;

export function shopPage(ctx: PageContext, head: PageHead, main: Html, script?: Html): Html {
  const { shop } = ctx;
  return html`<!doctype html>
<html lang="${shop.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title} | ${shop.name}</title>
${head.description ? html`<meta name="description" content="${head.description}">` : ''}
${head.canonicalPath ? html`<link rel="canonical" href="${ctx.origin + head.canonicalPath}">` : ''}
<link rel="icon" href="data:,">
${head.meta ?? ''}
<style>${raw(shopCss(shop.theme))}</style>
</head>
<body class="shop-${shop.key}">
${header(ctx)}
<main><div class="wrap">
${main}
</div></main>
${footer(shop)}
${shop.searchInPage ? html`<script>${raw(SEARCH_IN_PAGE_SCRIPT)}</script>` : ''}
${script ? html`<script>${script}</script>` : ''}
</body>
</html>
`;
}
