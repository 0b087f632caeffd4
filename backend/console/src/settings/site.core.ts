/**
 * A site's edit form: its name, domain, whether it takes part, its adapter (JSON, the masks
 * apart) and its masking selectors (one a line). Checked as the user types with the shared
 * contract (CreateSite, SiteAdapter) and, for every selector, with the browser's own CSS parser
 * (handed in: this file stays pure), so the page says what the server would say, at the same
 * field, before sending; the server's own words go to the same fields (`siteFormErrors`).
 */
import { CreateSite } from '../../../../shared/console';
import { SiteAdapter, SiteDomain } from '../../../../shared/sites';
import type { Problem } from '../api.core';
import { type FormErrors, formErrors } from '../form.core';

export interface SiteForm {
  name: string;
  domain: string;
  active: boolean;
  /** The adapter as JSON, without `mask`; empty for none. */
  adapter: string;
  /** One masking selector a line. */
  masks: string;
}

export const EMPTY_SITE: SiteForm = { name: '', domain: '', active: true, adapter: '', masks: '' };

/** The form of a site as it stands. */
export function siteForm(site: { name: string; domain: string; active: boolean; adapter: SiteAdapter | null }): SiteForm {
  const { mask, ...rest } = site.adapter ?? {};
  return {
    name: site.name,
    domain: site.domain,
    active: site.active,
    adapter: Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '',
    masks: (mask ?? []).join('\n'),
  };
}

/** The masking selectors of the text: one a line, blank lines left out. */
export function maskLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Whether a CSS selector parses (the page hands in the browser's parser). */
export type SelectorCheck = (selector: string) => boolean;

/** Every CSS selector an adapter holds, with its path in the adapter (`product.price.selector`, `mask.0`). */
export function selectorsOf(adapter: SiteAdapter): { path: string; selector: string }[] {
  const out: { path: string; selector: string }[] = [];
  const field = (path: string, f: { selector: string } | undefined) => {
    if (f) out.push({ path: `${path}.selector`, selector: f.selector });
  };
  for (const [k, f] of Object.entries(adapter.product ?? {})) if (typeof f === 'object') field(`product.${k}`, f);
  field('search.input', adapter.search?.input);
  if (adapter.cart) {
    out.push({ path: 'cart.item', selector: adapter.cart.item });
    for (const k of ['name', 'quantity', 'price', 'sku'] as const) field(`cart.${k}`, adapter.cart[k]);
    if (adapter.cart.addButton) out.push({ path: 'cart.addButton', selector: adapter.cart.addButton });
  }
  if (adapter.order) {
    field('order.number', adapter.order.number);
    field('order.total', adapter.order.total);
  }
  field('customer.selector', adapter.customer?.selector);
  field('customer.token', adapter.customer?.token);
  (adapter.mask ?? []).forEach((selector, i) => out.push({ path: `mask.${i}`, selector }));
  return out;
}

export type SiteCheck = { ok: true; body: { name: string; domain: string; active: boolean; adapter: SiteAdapter | null }; errors: FormErrors } | { ok: false; errors: FormErrors };

/** Checks the form as the server would, and each selector with the browser; the body to send, or each field's words. */
export function checkSite(form: SiteForm, isSelector: SelectorCheck): SiteCheck {
  const fields: Record<string, string> = {};
  let adapterJson: Record<string, unknown> = {};
  const adapterText = form.adapter.trim();
  if (adapterText) {
    try {
      const parsed: unknown = JSON.parse(adapterText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fields.adapter = 'must be a JSON object, e.g. {"product": {"name": {"selector": "h1"}}}';
      else adapterJson = parsed as Record<string, unknown>;
    } catch (err) {
      fields.adapter = `is not JSON: ${(err as Error).message}`;
    }
  }
  if (!fields.adapter && 'mask' in adapterJson) fields.adapter = 'list the masking selectors in their own field, not here';
  const masks = maskLines(form.masks);
  const adapter = fields.adapter ? null : masks.length || Object.keys(adapterJson).length ? { ...adapterJson, ...(masks.length ? { mask: masks } : {}) } : null;
  const parsed = CreateSite.safeParse({ name: form.name, domain: form.domain, active: form.active, ...(fields.adapter ? {} : { adapter }) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, value] = placeIssue(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), issue.message);
      fields[key] ??= value;
    }
  }
  // Each selector read by the browser, whatever else is at fault (the adapter's own shape first).
  const shaped = adapter ? SiteAdapter.safeParse(adapter) : null;
  if (shaped?.success) {
    for (const { path, selector } of selectorsOf(shaped.data)) {
      if (isSelector(selector)) continue;
      const [key, value] = placeIssue(['adapter', ...path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))], 'is not a CSS selector the browser can read');
      fields[key] ??= value;
    }
  }
  const errors: FormErrors = { form: null, fields };
  if (Object.keys(fields).length || !parsed.success) return { ok: false, errors };
  return { ok: true, body: { name: parsed.data.name, domain: parsed.data.domain, active: form.active, adapter: parsed.data.adapter ?? null }, errors };
}

/** Where an issue at a path of the site shows: its own field, `mask` (with the line), or `adapter` (with the path inside). */
function placeIssue(path: (string | number)[], message: string): [string, string] {
  const [head, ...rest] = path;
  if (head !== 'adapter' || rest.length === 0) return [String(head ?? 'form'), message];
  if (rest[0] === 'mask') return ['masks', typeof rest[1] === 'number' ? `line ${rest[1] + 1}: ${message}` : message];
  return ['adapter', `${rest.join('.')}: ${message}`];
}

export const SITE_FIELDS = ['name', 'domain', 'adapter', 'masks'] as const;

/** The server's refusal on the form's fields: `adapter.product.name.selector` on the adapter with its path, `adapter.mask.2` on the masks. */
export function siteFormErrors(problem: Problem): FormErrors {
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(problem.fields)) {
    const [key, value] = placeIssue(path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message);
    fields[key] = fields[key] ?? value;
  }
  return formErrors({ ...problem, fields }, SITE_FIELDS);
}

/** Whether the domain reads as a site domain (for the as-you-type check of a new site's domain). */
export function isSiteDomain(domain: string): boolean {
  return SiteDomain.safeParse(domain).success;
}
