import { type ElementFacts, isGuarded, showsValue, usableSelectors } from './masking.core';

/** The attribute a shop puts on what must never be shown to an associate (the element and all inside it). */
export const MASK_ATTRIBUTE = 'data-fw-mask';
/** The attribute on Floorwalker's own overlays in the shop's page (pointer, highlight): never recorded. */
export const OVERLAY_ATTRIBUTE = 'data-fw-overlay';

/** Whether `selector` is valid CSS here (an enterprise's typo must not break recording). */
export function isValidSelector(doc: Document, selector: string): boolean {
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** `element.closest(selector)` that answers false for a selector this browser rejects. */
function within(element: Element, selector: string): boolean {
  try {
    return element.closest(selector) !== null;
  } catch {
    return false;
  }
}

/**
 * The page's detected search box (a field named as a parameter of the page's own address: the
 * results page's form) or the one the site adapter names.
 */
function isMarkedSearchBox(element: Element, searchSelector: string | undefined): boolean {
  if (searchSelector) {
    try {
      if (element.matches(searchSelector)) return true;
    } catch {
      // an adapter's invalid selector names nothing
    }
  }
  const name = element.getAttribute('name');
  if (!name) return false;
  try {
    return new URL(element.ownerDocument.URL).searchParams.has(name);
  } catch {
    return false;
  }
}

/** Reads the facts masking.core decides on from a live element (`searchSelector`: the site adapter's search box). */
export function elementFacts(element: Element, enterpriseSelectors: readonly string[], searchSelector?: string): ElementFacts {
  const form = (element as HTMLInputElement).form ?? element.closest('form');
  return {
    tag: element.tagName.toLowerCase(),
    type: element.getAttribute('type')?.toLowerCase() ?? null,
    name: element.getAttribute('name'),
    id: element.getAttribute('id'),
    autocomplete: element.getAttribute('autocomplete'),
    role: element.getAttribute('role'),
    marked: within(element, `[${MASK_ATTRIBUTE}]`),
    enterprise: enterpriseSelectors.some((selector) => within(element, selector)),
    inSearchLandmark: within(element, '[role=search]'),
    markedSearchBox: isMarkedSearchBox(element, searchSelector),
    form: form
      ? { action: form.getAttribute('action'), role: form.getAttribute('role'), id: form.getAttribute('id'), className: form.getAttribute('class') }
      : null,
  };
}

/** The masking rules for one page, bound to the enterprise's (valid) selectors. */
export interface PageMasking {
  /** The enterprise's selectors that are valid here. */
  selectors: readonly string[];
  /** Whether a form control's value may be shown (search boxes only). */
  showsValue(element: Element): boolean;
  /** Whether the associate may not act on the element. */
  isGuarded(element: Element): boolean;
}

/** Binds the masking rules to `doc` and the enterprise's selectors (invalid ones dropped). */
export function pageMasking(doc: Document, enterpriseSelectors: readonly string[], searchSelector?: string): PageMasking {
  const selectors = usableSelectors(enterpriseSelectors, (s) => isValidSelector(doc, s));
  return {
    selectors,
    showsValue: (element) => showsValue(elementFacts(element, selectors, searchSelector)),
    isGuarded: (element) => isGuarded(elementFacts(element, selectors, searchSelector)),
  };
}
