import { cleanText, clip, isSearchControl } from '../text';
import type { DetectionSource } from '../types';

const SEARCH_BOXES = 'input[type=search], input[type=text], input:not([type]), [role=searchbox]';

/**
 * The terms a results page keeps in its search box, for pages whose address does not tell them
 * (or tells them cut off, with an undecodable character). A search box with terms on a page no
 * other source took for a product is a results page.
 */
export const searchBoxSource: DetectionSource = {
  name: 'search-box',
  read({ doc }) {
    const terms = searchBoxTerms(doc);
    return terms ? { kind: 'search', search: { terms } } : null;
  },
};

/** The value of the page's first search box that has one. */
export function searchBoxTerms(doc: Document): string | null {
  for (const el of Array.from(doc.querySelectorAll(SEARCH_BOXES))) {
    if (!isSearchControl(el)) continue;
    const value = cleanText(el.getAttribute('value'));
    if (value && value.length <= 500 && !isPrompt(el, value)) return value;
  }
  return null;
}

/** A hint written into the box ("Type and press enter ..."), cleared on focus: not terms. */
function isPrompt(el: Element, value: string): boolean {
  if (value === cleanText(el.getAttribute('placeholder'))) return true;
  const handlers = `${el.getAttribute('onfocus') ?? ''} ${el.getAttribute('onblur') ?? ''} ${el.getAttribute('onclick') ?? ''}`;
  return handlers.includes(value) || /\.\.\.|…/.test(value);
}

/**
 * The terms in a search form being submitted: the live value of its search box (the only field
 * of a form that is read, with quantity fields; `adapterSelector`: the site adapter's search
 * box). Null for any other form.
 * e.g. <form><input type="search" name="q"> typed "trail tent"</form> → "trail tent"
 */
export function submittedSearchTerms(form: HTMLFormElement, adapterSelector?: string): string | null {
  for (const el of Array.from(form.querySelectorAll(SEARCH_BOXES))) {
    if (!isSearchControl(el, adapterSelector)) continue;
    const value = cleanText((el as HTMLInputElement).value);
    if (value) return clip(value, 500);
  }
  return null;
}
