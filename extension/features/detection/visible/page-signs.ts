import { CHROME } from '../shown-price';
import { isQuantityControl } from '../text';

/**
 * What a shopper sees on a page that tells a product page from the rest, read from the DOM
 * only (no structured data, no layout): one heading with a price near it, its own buy button or
 * quantity box, against many prices on cards, a search in the address or a password box.
 * The numbers go to the page-kind model (page-kind.ts). Pure: reads the DOM only.
 */
export interface PageSigns {
  /** A main heading outside the menus, and its length in words (0 when none). */
  headingWords: number;
  /** Levels up from the heading to the smallest block showing a price (null when none within reach). */
  priceByHeading: number | null;
  /** Levels up from the page's own buy button to its price (null when no button or no price). */
  priceByButton: number | null;
  /** Distinct add-to-cart buttons that are the page's own (not in repeated cards). */
  ownButtons: number;
  /** Add-to-cart buttons in cards repeated down the page (one per product, as on a listing). */
  cardButtons: number;
  /** A quantity field or select. */
  quantity: boolean;
  /** Prices shown on product cards (in links or rows of other products). */
  cardPrices: number;
  /** Distinct amounts shown as prices outside cards and menus. */
  ownPrices: number;
  /** The address ends in a product number ("/p4781720", "/itm/133588510845"). */
  numberInUrl: boolean;
  /** The address carries search terms. */
  searchInUrl: boolean;
  /** A password box (sign-in, account pages). */
  password: boolean;
}

/** Form controls looked at for a quantity box. */
const CONTROLS_READ = 200;

/** Whether the page has a quantity box (an input or select named qty, quantity, Menge...). */
export function hasQuantityBox(doc: Document): boolean {
  let read = 0;
  for (const el of Array.from(doc.querySelectorAll('input, select'))) {
    if (++read > CONTROLS_READ) break;
    if (isQuantityControl(el) && !el.closest(CHROME)) return true;
  }
  return false;
}

/** The signs as numbers, in the order of the model's weights. */
export const SIGN_NAMES = [
  'heading',
  'headingWords',
  'priceByHeading',
  'priceByButton',
  'ownButton',
  'cardButtons',
  'quantity',
  'cardPrices',
  'ownPrices',
  'numberInUrl',
  'searchInUrl',
  'password',
] as const;

/** How many levels away a price still counts as near (beyond: as far as none). */
const NEAR_LEVELS = 8;

const closeness = (level: number | null) => (level === null ? 0 : Math.max(0, 1 - level / NEAR_LEVELS));
const logCount = (n: number) => Math.log1p(n);

/** e.g. signVector({ headingWords: 4, priceByHeading: 1, ... }) → [1, 1.61, 0.875, ...] */
export function signVector(s: PageSigns): number[] {
  return [
    s.headingWords > 0 ? 1 : 0,
    logCount(s.headingWords),
    closeness(s.priceByHeading),
    closeness(s.priceByButton),
    s.ownButtons > 0 ? 1 : 0,
    logCount(s.cardButtons),
    s.quantity ? 1 : 0,
    logCount(s.cardPrices),
    logCount(s.ownPrices),
    s.numberInUrl ? 1 : 0,
    s.searchInUrl ? 1 : 0,
    s.password ? 1 : 0,
  ];
}
