import { describe, expect, it } from 'vitest';
import { checkSite, EMPTY_SITE, maskLines, selectorsOf, siteForm, siteFormErrors } from './site.core';

/** A stand-in for the browser's parser: brackets must close. */
const parses = (s: string) => (s.match(/\[/g)?.length ?? 0) === (s.match(/]/g)?.length ?? 0);
const volt = { name: 'Volt', domain: 'volt.example', active: true };

describe('siteForm', () => {
  it('shows the adapter without its masks, and the masks one a line', () => {
    const form = siteForm({ ...volt, adapter: { product: { name: { selector: 'h1' } }, mask: ['.acct', '#iban'] } });
    expect(JSON.parse(form.adapter)).toEqual({ product: { name: { selector: 'h1' } } });
    expect(form.masks).toBe('.acct\n#iban');
    expect(siteForm({ ...volt, adapter: null })).toMatchObject({ adapter: '', masks: '' });
  });
  it('reads the masks one a line, blank lines left out', () => {
    expect(maskLines(' .a \n\n#b\n')).toEqual(['.a', '#b']);
  });
});

describe('checkSite', () => {
  it('gives the body to send: the masks back in the adapter', () => {
    const r = checkSite({ ...EMPTY_SITE, ...volt, adapter: '{"product":{"price":{"selector":".price"}}}', masks: '.acct\n' }, parses);
    expect(r).toMatchObject({ ok: true, body: { ...volt, adapter: { product: { price: { selector: '.price' } }, mask: ['.acct'] } } });
    expect(checkSite({ ...EMPTY_SITE, ...volt }, parses)).toMatchObject({ ok: true, body: { adapter: null } });
  });

  it('says what is wrong at its field, in the contract’s words', () => {
    const r = checkSite({ ...EMPTY_SITE, name: ' ', domain: 'not a domain', adapter: '{"product":{"name":{"selector":""}}}', masks: '' }, parses);
    expect(r.ok).toBe(false);
    expect(Object.keys(r.errors.fields).sort()).toEqual(['adapter', 'domain', 'name']);
    expect(r.errors.fields.domain).toBe('a host name, optionally with a port');
    expect(r.errors.fields.adapter).toMatch(/^product\.name\.selector: /);
  });

  it('refuses JSON that does not parse, is not an object, or holds the masks', () => {
    expect(checkSite({ ...EMPTY_SITE, ...volt, adapter: '{"product":' }, parses).errors.fields.adapter).toMatch(/^is not JSON/);
    expect(checkSite({ ...EMPTY_SITE, ...volt, adapter: '[1]' }, parses).errors.fields.adapter).toMatch(/JSON object/);
    expect(checkSite({ ...EMPTY_SITE, ...volt, adapter: '{"mask":[".a"]}' }, parses).errors.fields.adapter).toMatch(/own field/);
  });

  it('refuses a selector the browser cannot read, naming where', () => {
    expect(checkSite({ ...EMPTY_SITE, ...volt, adapter: '{"cart":{"item":"li[data-x","name":{"selector":".n"}}}' }, parses).errors.fields.adapter).toBe('cart.item: is not a CSS selector the browser can read');
    expect(checkSite({ ...EMPTY_SITE, ...volt, masks: '.ok\n[bad' }, parses).errors.fields.masks).toBe('line 2: is not a CSS selector the browser can read');
    // Whatever else is at fault at the same time.
    expect(checkSite({ ...EMPTY_SITE, ...volt, domain: 'volt example', masks: '[bad' }, parses).errors.fields).toEqual({ domain: 'a host name, optionally with a port', masks: 'line 1: is not a CSS selector the browser can read' });
  });

  it('lists every selector with its path', () => {
    expect(selectorsOf({ product: { name: { selector: 'h1' }, currency: 'EUR' }, customer: { token: { selector: 'meta', attr: 'content' } }, mask: ['.a'] }).map((s) => s.path)).toEqual([
      'product.name.selector',
      'customer.token.selector',
      'mask.0',
    ]);
  });
});

describe('siteFormErrors', () => {
  it('puts the server’s words on the adapter with their path, and on the masks with their line', () => {
    const errors = siteFormErrors({ status: 400, code: 'invalid_body', message: 'The site is not valid', fields: { 'adapter.product.price.selector': 'Too small', 'adapter.mask.1': 'Too big', domain: 'taken' } });
    expect(errors.fields).toEqual({ adapter: 'product.price.selector: Too small', masks: 'line 2: Too big', domain: 'taken' });
    expect(errors.form).toBeNull();
    expect(siteFormErrors({ status: 409, code: 'conflict', message: 'Another site has this domain', fields: {} }).form).toBe('Another site has this domain');
  });
});
