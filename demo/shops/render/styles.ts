import type { Storefront } from '../storefronts';

/**
 * The shops' stylesheet, inlined in every page so a page is one request and looks
 * the same offline. Colours come from the shop's theme; the layout is shared.
 */
export function shopCss(theme: Storefront['theme']): string {
  return `
:root { --accent: ${theme.accent}; --accent-text: ${theme.accentText}; --header: ${theme.header}; --header-text: ${theme.headerText};
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f8f9fb; --card: #fff; --danger: #b91c1c; --ok: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: inherit; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 20px; }
.site-header { background: var(--header); color: var(--header-text); }
.site-header .wrap { display: flex; align-items: center; gap: 24px; height: 68px; }
.logo { display: flex; align-items: center; gap: 8px; font-weight: 800; font-size: 20px; text-decoration: none; letter-spacing: -0.02em; white-space: nowrap; }
.logo-mark { display: inline-grid; place-items: center; width: 34px; height: 34px; border-radius: 8px; background: var(--accent); color: var(--accent-text); }
.search-form { flex: 1; display: flex; max-width: 520px; }
.search-input { flex: 1; padding: 9px 12px; border: 1px solid var(--line); border-radius: 6px 0 0 6px; font: inherit; min-width: 0; }
.search-button, .btn { padding: 9px 16px; border: 0; background: var(--accent); color: var(--accent-text); font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; display: inline-block; }
.search-button { border-radius: 0 6px 6px 0; }
.btn { border-radius: 6px; }
.btn[disabled] { background: #d1d5db; color: #6b7280; cursor: not-allowed; }
.btn-link { background: none; border: 0; color: var(--muted); text-decoration: underline; cursor: pointer; font: inherit; padding: 0; }
.cart-link { margin-left: auto; text-decoration: none; font-weight: 600; white-space: nowrap; }
.account { margin: 0 0 0 auto; display: flex; gap: 10px; align-items: center; white-space: nowrap; }
.account + .cart-link { margin-left: 18px; }
.account-button { background: none; border: 1px solid currentColor; border-radius: 6px; color: inherit; font: inherit; font-size: 14px; padding: 5px 10px; cursor: pointer; opacity: .85; }
.cart-count { display: inline-block; min-width: 22px; padding: 0 6px; margin-left: 4px; border-radius: 11px; background: var(--accent); color: var(--accent-text); text-align: center; font-size: 13px; }
.category-nav { background: var(--card); border-bottom: 1px solid var(--line); }
.category-nav ul { display: flex; gap: 22px; list-style: none; margin: 0 auto; padding: 10px 20px; max-width: 1120px; }
.category-nav a { text-decoration: none; color: var(--muted); font-weight: 500; }
.category-nav a:hover, .category-nav a[aria-current] { color: var(--ink); }
main { padding: 24px 0 48px; min-height: 60vh; }
h1 { font-size: 28px; line-height: 1.2; margin: 8px 0 16px; letter-spacing: -0.01em; }
h2 { font-size: 20px; margin: 28px 0 12px; }
.hero { background: linear-gradient(120deg, var(--header), #374151); color: #fff; border-radius: 14px; padding: 48px; margin-bottom: 28px; }
.hero h1 { font-size: 38px; margin-top: 0; }
.hero p { max-width: 520px; opacity: 0.85; }
.product-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 18px; padding: 0; list-style: none; }
.product-card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; display: flex; flex-direction: column; }
.product-card img { width: 100%; height: auto; aspect-ratio: 4 / 3; object-fit: cover; display: block; background: #eef0f3; }
.product-card-body { padding: 12px 14px 16px; display: flex; flex-direction: column; gap: 4px; flex: 1; }
.product-card-brand { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; }
.product-card-name { font-weight: 600; text-decoration: none; }
.product-card-price { font-weight: 700; margin-top: auto; }
.product-card-stock { font-size: 13px; color: var(--danger); }
.chips { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 16px; }
.chips a { border: 1px solid var(--line); background: var(--card); border-radius: 999px; padding: 4px 12px; text-decoration: none; }
.crumbs { font-size: 14px; color: var(--muted); margin-bottom: 8px; }
.crumbs a { color: var(--muted); }
.pdp { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 36px; background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 28px; }
.pdp-image img { width: 100%; height: auto; border-radius: 10px; display: block; }
.pdp-brand { color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; font-weight: 600; margin: 0; }
.pdp-meta { color: var(--muted); font-size: 14px; }
.pdp-price { font-size: 30px; font-weight: 800; margin: 12px 0 0; }
.pdp-price-box { margin: 12px 0 0; display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.pdp-price-box .pdp-price { margin: 0; color: var(--danger); }
.pdp-was { color: var(--muted); font-size: 16px; }
.pdp-badge { background: var(--danger); color: #fff; border-radius: 6px; padding: 2px 8px; font-size: 14px; font-weight: 700; }
.product-card-list-price { color: var(--muted); font-weight: 400; margin-right: 4px; }
.order-number-line { font-size: 18px; }
.order-confirmation .order-lines { list-style: none; padding: 12px 20px; max-width: 520px; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
.order-confirmation .order-lines li { display: flex; justify-content: space-between; gap: 12px; padding: 4px 0; }
.order-total-line { font-size: 18px; }
.pdp-note { color: var(--muted); font-size: 13px; margin: 0 0 12px; }
.pdp-stock { font-weight: 600; }
.pdp-stock[data-availability="InStock"] { color: var(--ok); }
.pdp-stock[data-availability="OutOfStock"] { color: var(--danger); }
.add-to-cart-form { display: flex; gap: 10px; align-items: end; margin: 18px 0; }
.add-to-cart-form label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
.qty-input { width: 72px; padding: 8px; font: inherit; border: 1px solid var(--line); border-radius: 6px; }
.add-to-cart { padding: 11px 22px; font-size: 16px; }
.pdp-description { border-top: 1px solid var(--line); padding-top: 12px; }
.search-summary { font-size: 22px; }
.empty { color: var(--muted); }
.pager { display: flex; gap: 8px; align-items: center; margin-top: 22px; }
.pager a { padding: 6px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); text-decoration: none; }
.pager a[aria-current] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
.listing[aria-busy="true"] { opacity: 0.5; }
.cart-table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
.cart-table th, .cart-table td { text-align: left; padding: 12px 14px; border-bottom: 1px solid var(--line); vertical-align: middle; }
.cart-table th { font-size: 13px; color: var(--muted); font-weight: 600; }
.cart-line img { width: 64px; height: auto; border-radius: 6px; display: block; }
.cart-line-sku { color: var(--muted); font-size: 13px; }
.cart-summary { display: flex; justify-content: flex-end; align-items: center; gap: 24px; margin-top: 18px; font-size: 18px; }
.cart-total { font-weight: 800; font-size: 22px; }
.checkout { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); gap: 32px; }
.checkout fieldset { border: 1px solid var(--line); border-radius: 10px; background: var(--card); padding: 16px 20px; margin: 0 0 18px; }
.checkout legend { font-weight: 700; padding: 0 6px; }
.field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; font-size: 14px; }
.field input, .field textarea { padding: 9px 10px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
.field-row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.order-summary { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; align-self: start; }
.order-summary li { display: flex; justify-content: space-between; gap: 12px; }
.error-page { text-align: center; padding: 60px 0; }
.error-code { font-size: 64px; font-weight: 800; color: var(--accent); margin: 0; }
.site-footer { border-top: 1px solid var(--line); background: var(--card); color: var(--muted); font-size: 14px; }
.site-footer .wrap { display: flex; justify-content: space-between; gap: 24px; padding: 24px 20px; flex-wrap: wrap; }
.site-footer ul { list-style: none; padding: 0; margin: 0; display: flex; gap: 16px; }
@media (max-width: 760px) { .pdp, .checkout { grid-template-columns: 1fr; } .site-header .wrap { flex-wrap: wrap; height: auto; padding: 12px 20px; } .hero { padding: 28px; } }
`;
}
