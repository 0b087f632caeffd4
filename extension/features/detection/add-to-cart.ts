import type { SiteAdapter } from '../../../shared/sites';
import { cleanText, hasText, isQuantityControl, nameWords, shortText } from './text';
import { anyCase } from './selector';

const ADD_TO_CART_TEXT = new RegExp(
  [
    'add(ed)? to (cart|bag|basket|trolley)', 'buy (it )?now', 'in den (warenkorb|einkaufswagen)', 'zum warenkorb', 'in den korb',
    'ajouter au panier', 'mettre au panier', 'añadir (a la cesta|al carrito)', 'agregar al carrito', 'aggiungi al carrello',
    'adicionar (ao|à) (carrinho|cesta)', 'in (de )?winkelwagen', 'lägg i (varukorg|kundvagn)', 'legg i handlekurv', 'læg i kurv',
    'lisää ostoskoriin', 'dodaj do koszyka', 'do košíku', 'do košíka', 'vložiť do košíka', 'v košarico', 'u košaricu', 'dodaj u košaricu',
    'kosárba', 'sepete ekle', 'в корзину', 'у кошик', 'adaugă în coș', 'adauga in cos', 'naroči', 'أضف إلى', 'הוסף לסל',
    // Chinese, Japanese, Korean, Thai, Vietnamese: put in the cart, buy now.
    '(加入|放入|加到)(购物车|購物車|购物袋|購物袋)', '(立即|马上|馬上|直接|立刻)(购买|購買|订购|訂購|下单|下單)', 'カート(に入れる|に追加|へ)', '今すぐ購入', '購入(する|手続き)',
    '장바구니( ?담기|에 ?담기)?', '바로 ?구매(하기)?', '구매하기', 'ใส่ตะกร้า', 'ซื้อเลย', 'thêm vào giỏ', 'mua ngay',
  ].join('|'),
  'i',
);
/** A button that says only "buy" (Kupi, Comprar entrada, Jetzt kaufen, ...). */
const BUY_TEXT =
  /^(buy|buy it|kupi|kup( teraz)?|kupit|comprar( ahora| ya| entradas?)?|jetzt kaufen|kaufen|acheter|acheter maintenant|koupit|купить|osta|köp|kjøp|køb|order now|bestellen|jetzt bestellen|commander|ordina|购买|購買|購入|구매|주문하기|ซื้อ|mua)$/i;
const CART_ACTION = /cart|basket|bag|warenkorb|panier|carrito|carrello/i;

const BUTTONS = 'button, input[type=submit], input[type=button], [role=button], a';
/** Shops that make their buy button of a div or span: a small element with a buy or cart class. */
export const STYLED_BUTTONS = anyCase('div[class*="buy" i], span[class*="buy" i], div[class*="cart" i], span[class*="cart" i], div[id*="buy" i]');
/** A styled button holds a label (and an icon), never blocks, links or fields. */
const NOT_IN_A_BUTTON = 'div, p, ul, li, a, button, input, select, form, section, table';

/** The div or span `el` is in that is styled as a buy button, if any. */
function styledButton(el: Element): Element | null {
  const styled = el.closest(STYLED_BUTTONS);
  if (!styled || styled.querySelector(NOT_IN_A_BUTTON)) return null;
  return shortText(styled, 40) ? styled : null;
}

/** The longest label a buy button has. */
const LABEL_MAX = 119;

/** Whether a button's label says "add to cart" (or bag, basket, in den Warenkorb, ...). */
export function looksLikeAddToCart(el: Element): boolean {
  const shown = shortText(el, LABEL_MAX);
  // A block of text is not a button's label (and is read no further than a label's length).
  if (shown === null && hasText(el)) return false;
  const label = cleanText([shown, el.getAttribute('value'), el.getAttribute('aria-label'), el.getAttribute('title')].filter(Boolean).join(' '));
  // A button drawn as an image says what it does in its id or class only.
  if (label === null) return BUY_NAME.test(nameWords(el)) || Array.from(el.children).some((child) => BUY_NAME.test(nameWords(child)));
  return label.length <= LABEL_MAX && (ADD_TO_CART_TEXT.test(label) || BUY_TEXT.test(label));
}

/** Class or id of a buy button: buy_btn, btn-buy, buyNow, add-to-cart, addToBasket. */
const BUY_NAME = /(^|[-_ ])(buy[-_]?(btn|button|now)|btn[-_]?buy|add[-_]?to[-_]?(cart|bag|basket))([-_ ]|$)/i;


/** The add-to-cart button `target` is in, if any: the adapter's button, or a button labelled so. */
export function addToCartButton(eventTarget: EventTarget | null, adapter: SiteAdapter | null): Element | null {
  // Not `instanceof Element`: the document may come from another realm (a parsed page in a test).
  if (!eventTarget || (eventTarget as Node).nodeType !== 1) return null;
  const target = eventTarget as Element;
  const selector = adapter?.cart?.addButton;
  if (selector) {
    try {
      const own = target.closest(selector);
      if (own) return own;
    } catch {
      // An invalid selector from the adapter: fall back to the labels.
    }
  }
  const button = target.closest(BUTTONS) ?? styledButton(target);
  return button && looksLikeAddToCart(button) ? button : null;
}

/** Whether a form being submitted adds to the cart: its action mentions a cart, or its submit button says so. */
export function isAddToCartForm(form: HTMLFormElement, submitter: Element | null, adapter: SiteAdapter | null): boolean {
  if (CART_ACTION.test(form.getAttribute('action') ?? '')) return true;
  const buttons = submitter ? [submitter] : Array.from(form.querySelectorAll('button, input[type=submit]'));
  return buttons.some((b) => addToCartButton(b, adapter) !== null);
}

/** The quantity chosen in an add-to-cart form (a quantity field is the only field read); 1 when none. */
export function chosenQuantity(form: HTMLFormElement | null): number {
  if (!form) return 1;
  for (const el of Array.from(form.querySelectorAll('input, select'))) {
    if (!isQuantityControl(el)) continue;
    const n = Number.parseInt((el as HTMLInputElement).value, 10);
    if (Number.isInteger(n) && n >= 1 && n <= 10_000) return n;
  }
  return 1;
}
