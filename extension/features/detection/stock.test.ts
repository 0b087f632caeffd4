import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../lib/testing/html-page';
import { isDisabled, reconcileAvailability, soldOutShown } from './stock';


const buyBox = (inside: string) => `<main><h1>Weather station</h1><div class="buy-box"><div class="info">${inside}</div></div></main>`;

describe('a sold-out buy box', () => {
  it.each([
    ['a disabled button beside "Sold out"', buyBox('<p class="stock">Sold out</p><form><button disabled>Add to cart</button></form>'), true],
    ['a disabled button beside "cannot be bought now" (Slovak)', buyBox('<ul class="availability"><li><strong>Momentálne nie je možné produkt kúpiť, ale je možné ho rezervovať</strong></li></ul><p><button type="submit" disabled>Do košíka</button></p>'), true],
    ['a button disabled by its class', buyBox('<span>Ausverkauft</span><a class="btn btn--disabled" aria-disabled="true">In den Warenkorb</a>'), true],
    ['a disabled button alone: a size is still to choose', buyBox('<p>Choose a size</p><button disabled>Add to bag</button>'), false],
    ['"Sold out" and a button that works', buyBox('<p class="stock">Sold out in store</p><button>Add to cart</button>'), false],
    ['a delivery option unavailable is not the product', buyBox('<p>Click & collect unavailable</p><button disabled>Add to bag</button>'), false],
    ['"Sold out" beside one size only', buyBox('<ul class="size-list"><li>38</li><li>40 <span>Sold out</span></li></ul><button disabled>Add to bag</button>'), false],
    ['"Sold out" hidden until needed', buyBox('<div class="alert" style="display:none">Produto esgotado</div><button disabled>Comprar</button>'), false],
    ['"Sold out" in a pop-up', buyBox('<div class="modal fade"><h2>Produto indisponível</h2></div><button disabled>Comprar</button>'), false],
    ['a mini-cart button in the page header', '<header><span>Sold out</span><button disabled>Add to cart</button></header><main><h1>Lamp</h1></main>', false],
    ['no buy button at all', buyBox('<p>Sold out</p>'), false],
  ])('%s → %s', (_name, body, expected) => expect(soldOutShown(htmlPage(body))).toBe(expected));

  it.each([
    ['<button disabled>x</button>', true],
    ['<button aria-disabled="true">x</button>', true],
    ['<button class="AddToCartDisable">x</button>', true],
    ['<button class="btn is-inactive">x</button>', true],
    ['<button class="btn-primary">x</button>', false],
  ])('%s disabled → %s', (html, expected) => expect(isDisabled(htmlPage(html).querySelector('button')!)).toBe(expected));
});

describe('availability from structured data, set right by the page', () => {
  const soldOut = htmlPage(buyBox('<p>Sold out</p><button disabled>Add to cart</button>'));
  const onSale = htmlPage(buyBox('<p>In stock</p><button>Add to cart</button>'));
  it.each([
    ['"in stock" in the data, sold out on the page', 'InStock', soldOut, 'OutOfStock'],
    ['"in stock" in the data and on the page', 'InStock', onSale, 'InStock'],
    ['out of stock in the data stays so', 'OutOfStock', onSale, 'OutOfStock'],
    ['nothing in the data, sold out on the page', null, soldOut, 'OutOfStock'],
    ['nothing in the data, nothing on the page', null, onSale, null],
  ] as const)('%s', (_name, structured, doc, expected) => expect(reconcileAvailability(structured, doc)).toBe(expected));
});
