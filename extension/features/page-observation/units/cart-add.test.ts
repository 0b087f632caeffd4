import { describe, expect, it } from 'vitest';
import { heldIdleTime, PRODUCT, productPage, useObservedPage } from '../testing/observed-page';

describe('cart adds', () => {
  const page = useObservedPage();
  const keepOnPage = () => document.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault());

  it('reports cart_add once for a click and the submit it causes, with the chosen quantity', () => {
    page.start();
    keepOnPage();
    document.querySelector('button')!.click();
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    const adds = page.ofType('cart_add');
    expect(adds).toHaveLength(1);
    expect(adds[0]!.item).toEqual({ ...PRODUCT, quantity: 2, url: `${location.origin}/products/trail-tent` });
  });

  it('reports none on a page that is not a product page', () => {
    document.body.innerHTML = '<h1>About us</h1><form action="/cart/add"><button type="submit">Add to cart</button></form>';
    page.start();
    keepOnPage();
    document.querySelector('button')!.click();
    expect(page.ofType('cart_add')).toEqual([]);
  });

  it('finishes reading at once for an add-to-cart click, and reports the add before the page is left', () => {
    page.start({ runSteps: heldIdleTime().runSteps });
    keepOnPage();
    document.querySelector('button')!.click();
    window.dispatchEvent(new Event('pagehide'));
    expect(page.types()).toEqual(['page_view', 'product_view', 'cart_add', 'leave']);
    expect(page.ofType('cart_add')[0]!.item).toMatchObject({ name: 'Trail Tent', quantity: 2 });
  });

  it('reports product fields and cart lines without control characters', () => {
    document.body.innerHTML = productPage('Trail\u0000 Tent\u0007 ⛺');
    page.start();
    keepOnPage();
    document.querySelector('button')!.click();
    expect(page.ofType('product_view')[0]!.product.name).toBe('Trail Tent ⛺');
    expect(page.ofType('cart_add')[0]!.item.name).toBe('Trail Tent ⛺');
  });
});
