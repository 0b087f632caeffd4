import { describe, expect, it } from 'vitest';
import type { SiteAdapter } from '../../../../shared/sites';
import { htmlPage } from '../../../lib/testing/html-page';
import { readCustomerId, readCustomerToken } from './adapter';

const layer = (json: string, id = 'dataLayer') => `<script type="application/json" id="${id}">${json}</script>`;

describe('readCustomerId', () => {
  it.each<[string, SiteAdapter | null, string, string | null]>([
    ['an element the selector names', { customer: { selector: { selector: '.account-id' } } }, '<span class="account-id"> C-1042 </span>', 'C-1042'],
    ['an attribute of it', { customer: { selector: { selector: '[data-customer]', attr: 'data-customer' } } }, '<div data-customer="77"></div>', '77'],
    ['a path into the published data layer', { customer: { dataLayer: 'dataLayer.user.id' } }, layer('{"user":{"id":"C-9"}}'), 'C-9'],
    ['a number in the data layer', { customer: { dataLayer: 'shop.customer' } }, layer('{"customer":4211}', 'shop'), '4211'],
    ['the selector first, then the data layer', { customer: { selector: { selector: '.none' }, dataLayer: 'dataLayer.id' } }, layer('{"id":"from-layer"}'), 'from-layer'],
    ['nothing when the adapter names no place', { product: {} }, '<span class="account-id">C-1</span>', null],
    ['nothing without an adapter', null, '<span class="account-id">C-1</span>', null],
    ['nothing when the element is missing (signed out)', { customer: { selector: { selector: '.account-id' } } }, '<p>Sign in</p>', null],
    ['nothing for a path that is not there', { customer: { dataLayer: 'dataLayer.user.id' } }, layer('{"user":null}'), null],
    ['nothing for an object at the path', { customer: { dataLayer: 'dataLayer.user' } }, layer('{"user":{"id":1}}'), null],
    ['nothing for JSON that does not parse', { customer: { dataLayer: 'dataLayer.id' } }, layer('{id:'), null],
    ['nothing from an inherited property', { customer: { dataLayer: 'dataLayer.constructor' } }, layer('{}'), null],
    ['nothing from a script of another type', { customer: { dataLayer: 'dataLayer.id' } }, '<script type="text/plain" id="dataLayer">{"id":"x"}</script>', null],
    ['nothing too long to send', { customer: { selector: { selector: 'b' } } }, `<b>${'c'.repeat(201)}</b>`, null],
    ['nothing from a password field', { customer: { selector: { selector: 'input' } } }, '<input type="password" value="hunter2hunter2">', null],
  ])('%s', (_name, adapter, body, expected) => {
    expect(readCustomerId(htmlPage(body), adapter)).toBe(expected);
  });
});

describe('readCustomerToken', () => {
  const meta = { customer: { selector: { selector: '.account-id' }, token: { selector: 'meta[name="fw-customer-token"]', attr: 'content' } } } satisfies SiteAdapter;
  it.each<[string, SiteAdapter | null, string, string | null]>([
    ['the attribute the adapter names', meta, '<meta name="fw-customer-token" content=" aaa.bbb.ccc ">', 'aaa.bbb.ccc'],
    ['an element’s text', { customer: { token: { selector: '#fw-token' } } }, '<span id="fw-token">aaa.bbb.ccc</span>', 'aaa.bbb.ccc'],
    ['nothing when the adapter names no place', { customer: { selector: { selector: '.account-id' } } }, '<meta name="fw-customer-token" content="aaa.bbb.ccc">', null],
    ['nothing without an adapter', null, '<meta name="fw-customer-token" content="aaa.bbb.ccc">', null],
    ['nothing when the page carries none', meta, '<p>Signed in</p>', null],
    ['nothing empty', meta, '<meta name="fw-customer-token" content="  ">', null],
    ['nothing too long to send', meta, `<meta name="fw-customer-token" content="${'a'.repeat(2049)}">`, null],
  ])('%s', (_name, adapter, body, expected) => {
    expect(readCustomerToken(htmlPage(body), adapter)).toBe(expected);
  });
});
