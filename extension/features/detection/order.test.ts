import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../lib/testing/html-page';
import { SiteAdapter } from '../../../shared/sites';
import { detect } from './detect';
import { readOrder } from './order';

/** Order confirmation pages: from the site's adapter, from schema.org Order JSON-LD, and from the page's words. */

const URL_ = 'https://shop.example/checkout/confirmation?order=42';
const at = (doc: Document, adapter: SiteAdapter | null = null, url = URL_) => readOrder(doc, new URL(url), adapter);
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

describe('an order confirmation page', () => {
  it('schema.org Order JSON-LD: its orderNumber, price and currency', () => {
    const doc = htmlPage('<h1>Done</h1>', ld({ '@context': 'https://schema.org', '@type': 'Order', orderNumber: 'VE-10042', price: '129.00', priceCurrency: 'EUR', merchant: { '@type': 'Organization', name: 'Voltaire' } }));
    expect(at(doc)).toEqual({ number: 'VE-10042', total: '129.00', currency: 'EUR' });
  });

  it('JSON-LD Order in a @graph, with its total as totalPaymentDue', () => {
    const doc = htmlPage('', ld({ '@graph': [{ '@type': 'WebPage' }, { '@type': 'Order', orderNumber: 10042, totalPaymentDue: { '@type': 'PriceSpecification', price: 59.5, priceCurrency: 'usd' } }] }));
    expect(at(doc)).toEqual({ number: '10042', total: '59.5', currency: 'USD' });
  });

  it('the page\'s words: a thank-you heading, the order number and the total beside their labels', () => {
    const doc = htmlPage('<h1>Thank you for your order!</h1><p>Your order number is <strong>#SM-2001</strong>.</p><dl><dt>Items</dt><dd>2</dd><dt>Total</dt><dd>$84.50</dd></dl>');
    expect(at(doc)).toEqual({ number: 'SM-2001', total: '84.50', currency: 'USD' });
  });

  it('in German: "Vielen Dank für Ihre Bestellung", "Bestellnummer", "Gesamtsumme"', () => {
    const doc = htmlPage('<h2>Vielen Dank für Ihre Bestellung</h2><p>Bestellnummer: 100123</p><p>Gesamtsumme: 1.249,00 €</p>', '', 'de');
    expect(at(doc, null, 'https://shop.example.de/danke')).toEqual({ number: '100123', total: '1249.00', currency: 'EUR' });
  });

  it('an order number with no total still ties the order', () => {
    const doc = htmlPage('<h1>Order confirmed</h1><p>Order #1001</p>');
    expect(at(doc)).toEqual({ number: '1001', total: null, currency: null });
  });

  it('a page that mentions orders without thanking for one is no confirmation (an order history, a help page)', () => {
    expect(at(htmlPage('<h1>Your orders</h1><p>Order number: 1001</p><p>Total: $20.00</p>'))).toBeNull();
    expect(at(htmlPage('<h1>Thank you for your order</h1><p>We will e-mail you.</p>'))).toBeNull(); // thanks, but no number shown
  });

  it('the site adapter: its selectors for the number and the total, on the pages its pattern names', () => {
    const adapter = SiteAdapter.parse({ order: { pattern: '^/checkout/confirmation', number: { selector: '.order-no' }, total: { selector: '.order-total' }, currency: 'GBP' } });
    const doc = htmlPage('<p>Placed.</p><span class="order-no">Order # SU-77</span><span class="order-total">£ 1,299.00</span>');
    expect(at(doc, adapter)).toEqual({ number: 'SU-77', total: '1299.00', currency: 'GBP' });
    expect(at(doc, adapter, 'https://shop.example/account/orders')).toBeNull();
  });

  it('the adapter\'s order part is checked like its other selectors', () => {
    expect(SiteAdapter.safeParse({ order: { number: { selector: '' } } }).success).toBe(false);
    expect(SiteAdapter.safeParse({ order: { total: { selector: '.t' } } }).success).toBe(false); // no number
    expect(SiteAdapter.safeParse({ order: { number: { selector: '.n' }, currency: 'euro' } }).success).toBe(false);
  });

  it('a total that does not pass is left out, the number kept', () => {
    const doc = htmlPage('', ld({ '@type': 'Order', orderNumber: 'X-1', price: 'lots', priceCurrency: 'EUR' }));
    expect(at(doc)).toEqual({ number: 'X-1', total: null, currency: 'EUR' });
  });

  it('detect() tells the order of a confirmation page, and none on a product page', () => {
    const confirmation = htmlPage('<h1>Thanks for your purchase</h1><p>Order number: A-1234</p><p>Order total: €49.00</p>');
    expect(detect(confirmation, URL_, null).order).toEqual({ number: 'A-1234', total: '49.00', currency: 'EUR' });
    const product = htmlPage('', ld({ '@type': 'Product', name: 'Lamp', offers: { price: 10, priceCurrency: 'EUR' } }) + ld({ '@type': 'Order', orderNumber: 'Z-1' }));
    expect(detect(product, 'https://shop.example/p/lamp', null).order).toBeNull();
  });
});
