import { looksLikeAddToCart } from './add-to-cart';
import { type AvailabilityValue, parseAvailability } from './availability';
import { cleanText } from './text';
import { anyCase } from './selector';

/** Buttons that may add to the cart, disabled ones included (links only when marked disabled). */
const BUTTONS = anyCase('button, input[type=submit], input[type=button], [role=button], a[aria-disabled="true"], a[class*="disabled" i]');
/** The shop's menus, banner and footer: a mini-cart button there is not the product's. */
const CHROME = 'header, nav, footer, aside, [role=navigation], [role=banner]';
/** Class words of a button that cannot be pressed: "disabled", "btn--disabled", "AddToCartDisable", "is-inactive". */
const DISABLED_CLASS = /(^|[-_\s])(disabled?|inactive|unavailable)($|[-_\s])/i;
/** Size, colour and option pickers: "sold out" there speaks of one variant, not of the product. */
const VARIANT_PICKER = anyCase(
  'select, option, label, fieldset, [role=radio], [role=option], [role=listbox], [class*="size" i], [class*="variant" i], [class*="swatch" i], [class*="option" i]',
);
/** Delivery and pick-up options: "Click & collect unavailable" says nothing of the product's stock. */
const FULFILMENT =
  /deliver|collect|pick ?up|shipping|store|versand|liefer|abhol|filiale|livraison|retrait|magasin|env[íi]o|entrega|tienda|recogida|consegna|ritiro|negozio|dostaw|odbi[óo]r|doprav|doru[čc]|prodejn|predajn|доставк|самовывоз/i;
/** Whether an element is hidden right in the markup (the page's CSS is not read: detection stays cheap). */
const HIDDEN_STYLE = /(display\s*:\s*none|visibility\s*:\s*hidden)/i;
/** Class words of what shops hide until needed: pop-ups and dialogs ("Sold out :(" in a modal), hidden blocks. */
const HIDDEN_CLASS = /(^|[-_\s])(modal|popup|pop-up|dialog|lightbox|hidden|hide|d-none|invisible|sr-only|visually-hidden)($|[-_\s])/i;

/** Buttons looked at, how far up from the buy button the sold-out text may be, and texts read there. */
const MAX_BUTTONS = 300;
const MAX_ADD_BUTTONS = 5;
const BUY_BOX_CLIMB = 6;
const MAX_TEXTS = 500;

/**
 * Whether the page shows the product cannot be bought now: every add-to-cart button is disabled and
 * its buy box says so ("Sold out", "Momentálne nie je možné produkt kúpiť", "Esgotado"). A disabled
 * button alone is not enough (many shops disable it until a size is chosen), nor is a "sold out"
 * beside one size.
 * e.g. soldOutShown(<div><p class="stock">Sold out</p><button disabled>Add to cart</button></div>) → true
 */
export function soldOutShown(doc: Document): boolean {
  const buttons: Element[] = [];
  let looked = 0;
  for (const button of Array.from(doc.querySelectorAll(BUTTONS))) {
    if (++looked > MAX_BUTTONS || buttons.length >= MAX_ADD_BUTTONS) break;
    if (looksLikeAddToCart(button) && !button.closest(CHROME)) buttons.push(button);
  }
  if (buttons.length === 0 || !buttons.every(isDisabled)) return false;
  return buttons.some((b) => buyBoxSaysSoldOut(b));
}

/** A button that cannot be pressed: the disabled attribute, aria-disabled, or a "disabled" class. */
export function isDisabled(button: Element): boolean {
  if (button.hasAttribute('disabled') || button.getAttribute('aria-disabled') === 'true') return true;
  return DISABLED_CLASS.test((button.getAttribute('class') ?? '').replace(/([a-z])([A-Z])/g, '$1-$2'));
}

/** A short, shown "out of stock" text in the block around the button (a few levels up). */
function buyBoxSaysSoldOut(button: Element): boolean {
  let box: Element = button;
  for (let level = 0; level < BUY_BOX_CLIMB && box.parentElement && box.parentElement !== button.ownerDocument.body; level++) box = box.parentElement;
  const walker = button.ownerDocument.createTreeWalker(box, 4 /* NodeFilter.SHOW_TEXT */);
  let read = 0;
  for (let node = walker.nextNode(); node && read < MAX_TEXTS; node = walker.nextNode(), read++) {
    const parent = node.parentElement;
    const text = cleanText(node.textContent);
    if (!parent || !text || text.length > 120 || /^(script|style|noscript|template|a)$/i.test(parent.tagName)) continue;
    if (parseAvailability(text) !== 'OutOfStock' || FULFILMENT.test(text) || parent.closest(VARIANT_PICKER) || hiddenIn(parent, box)) continue;
    return true;
  }
  return false;
}

/** Whether an element, or an ancestor up to `box`, is hidden in the markup or waits in a pop-up. */
function hiddenIn(el: Element, box: Element): boolean {
  for (let node: Element | null = el; node && node !== box.parentElement; node = node.parentElement) {
    if (node.hasAttribute('hidden') || node.getAttribute('aria-hidden') === 'true' || /^(dialog|template)$/i.test(node.tagName) || node.getAttribute('role') === 'dialog') return true;
    if (HIDDEN_STYLE.test(node.getAttribute('style') ?? '') || HIDDEN_CLASS.test(node.getAttribute('class') ?? '')) return true;
  }
  return false;
}

/**
 * Availability as read, set right by the page: "in stock" (or nothing said) but sold out as shown
 * (the buy button disabled, "Sold out" beside it) is out of stock; the page is what the shopper
 * sees. e.g. reconcileAvailability('InStock', <sold-out page>) → 'OutOfStock'
 */
export function reconcileAvailability(read: AvailabilityValue | null, doc: Document): AvailabilityValue | null {
  return read !== 'OutOfStock' && soldOutShown(doc) ? 'OutOfStock' : read;
}
