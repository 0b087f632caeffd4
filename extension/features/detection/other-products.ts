import { nameWords } from './text';

/**
 * What on a product page belongs to other products: recommendation carousels, "also bought"
 * blocks, product cards repeated down the page. Their prices and buy buttons are not the page's.
 * Pure: reads the DOM only.
 */

/** Class or id words of blocks that show other products: carousels, recommendations, "also bought". */
const OTHER_PRODUCTS_WORD = /(^|[-_ ])(carousel|recommend\w*|reco|related|similar|upsell|up-sell|cross-?sell|also-?(bought|viewed|like)|recently-?viewed)([-_ ]|$)/i;
/** How far up to look for a block of other products. */
const OTHER_PRODUCTS_CLIMB = 8;

/**
 * Whether a price belongs to another product: it sits in a link (a product card) or in a block of
 * recommendations or related products.
 */
export function isOtherProductsPrice(el: Element): boolean {
  const link = el.closest('a[href]');
  if (link && !/^(#|javascript:)/i.test(link.getAttribute('href') ?? '')) return true;
  let node: Element | null = el;
  for (let level = 0; node && level < OTHER_PRODUCTS_CLIMB; level++, node = node.parentElement) {
    if (OTHER_PRODUCTS_WORD.test(nameWords(node))) return true;
  }
  return false;
}

/** How far up from a button to look for the card it is repeated in. */
const CARD_CLIMB = 8;

/**
 * Whether `el` (a buy button) sits in a card repeated beside at least two others that hold the
 * same kind of button: one card per product, as on a listing or a "related products" row.
 * A page's own columns (image | details) are not cards: they do not repeat the button.
 * e.g. <li class="item"><button class="buy">…</li> ×3 → true for each button
 */
export function isInRepeatedCard(el: Element): boolean {
  const twin = `${el.tagName.toLowerCase()}${firstClass(el)}`;
  let card: Element | null = el.parentElement;
  for (let level = 0; card && card.parentElement && level < CARD_CLIMB; level++, card = card.parentElement) {
    const shape = `${card.tagName}|${card.getAttribute('class') ?? ''}`;
    let twins = 0;
    for (const sibling of Array.from(card.parentElement.children)) {
      if (sibling === card || `${sibling.tagName}|${sibling.getAttribute('class') ?? ''}` !== shape) continue;
      if (sibling.querySelector(twin) && ++twins >= 2) return true;
    }
  }
  return false;
}

function firstClass(el: Element): string {
  const name = (el.getAttribute('class') ?? '').trim().split(/\s+/)[0];
  return name && /^[A-Za-z_][\w-]*$/.test(name) ? `.${name}` : '';
}
