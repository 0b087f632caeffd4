/**
 * What co-browsing may show of an element and whether the associate may act on it, decided
 * from a plain description of the element (read from the DOM by masking.ts), so every rule is
 * a row in a table of cases.
 *
 * Two questions, two answers:
 * - Is the element's value (a form control) or text shown to the associate? Form values are
 *   hidden by default; only search boxes show what is typed. Password and payment fields,
 *   elements marked `data-fw-mask` and the enterprise's selectors are hidden whatever else
 *   they look like.
 * - May the associate point at it (highlight, scroll to)? Not at a sensitive element (password,
 *   payment, marked, enterprise) nor at anything inside one. An ordinary field whose value is
 *   merely hidden by default ("type your e-mail here") may be highlighted: that shows nothing.
 */

/** The facts about one element that masking depends on (attributes as written, or null). */
export interface ElementFacts {
  /** Lower-case tag name: input, textarea, select, div... */
  tag: string;
  /** The input's `type` attribute (lower case), null when absent. */
  type: string | null;
  name: string | null;
  id: string | null;
  autocomplete: string | null;
  role: string | null;
  /** It or an ancestor carries `data-fw-mask`. */
  marked: boolean;
  /** It or an ancestor matches one of the enterprise's mask selectors. */
  enterprise: boolean;
  /** It sits inside a `role=search` landmark. */
  inSearchLandmark: boolean;
  /** The page's detected search box (named as a parameter of the page's address) or the one the site adapter names. */
  markedSearchBox: boolean;
  /** The form it belongs to, if any. */
  form: FormFacts | null;
}

export interface FormFacts {
  action: string | null;
  role: string | null;
  id: string | null;
  className: string | null;
}

export type MaskReason = 'marked' | 'enterprise' | 'password' | 'payment' | 'form-value';

const CONTROLS = new Set(['input', 'textarea', 'select']);
/** Input types that never hold a search: what is typed there is personal (or not typed at all). */
const PERSONAL_TYPES = new Set(['password', 'email', 'tel', 'hidden', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);
/** Input types whose value is text the shopper may type as a search. */
const TEXT_TYPES = new Set(['search', 'text']);

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'passcode', 'pin', 'otp', 'secret']);
/** Substrings that make a field a payment field wherever they appear in its name or id. */
const PAYMENT_PARTS = /card|cvc|cvv|cvn|iban|expir|securitycode|ccnum|ccexp|cardholder|accountnumber|routingnumber|sortcode|bankaccount/;
/** Whole words that do the same ("cc" alone, never inside "account" or "success"). */
const PAYMENT_WORDS = new Set(['cc', 'csc', 'exp', 'cid', 'pan', 'bic', 'swift']);

/** The words of a name or id: camelCase, snake_case, kebab-case and brackets split, lower case. */
export function nameWords(value: string | null): string[] {
  if (!value) return [];
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function labels(facts: ElementFacts): string[] {
  return [facts.name, facts.id].filter((v): v is string => v !== null && v !== '');
}

/** A password (or one-time code) field, whatever its current type (a "show password" toggle makes it text). */
export function isPasswordField(facts: ElementFacts): boolean {
  if (!CONTROLS.has(facts.tag)) return false;
  if (facts.type === 'password') return true;
  const autocomplete = (facts.autocomplete ?? '').toLowerCase();
  if (/(^|\s)(current-password|new-password|one-time-code)(\s|$)/.test(autocomplete)) return true;
  return labels(facts).some((label) => nameWords(label).some((w) => PASSWORD_WORDS.has(w) || w.startsWith('password')));
}

/** A payment field: autocomplete cc-*, or a name/id like card, cc-number, cvc, cvv, iban, expiry. */
export function isPaymentField(facts: ElementFacts): boolean {
  if (!CONTROLS.has(facts.tag)) return false;
  const autocomplete = (facts.autocomplete ?? '').toLowerCase();
  if (/(^|\s)cc-/.test(autocomplete) || /(^|\s)transaction-/.test(autocomplete)) return true;
  return labels(facts).some((label) => {
    const words = nameWords(label);
    return PAYMENT_PARTS.test(words.join('')) || words.some((w) => PAYMENT_WORDS.has(w));
  });
}

/**
 * A search box, as the page marks it: type=search, role=searchbox, a text field in a
 * `role=search` form or landmark, the detected search box or the site adapter's. Never loose
 * words (a field named q, s or k, a form whose action says search): its value is shown.
 */
export function isSearchBox(facts: ElementFacts): boolean {
  if (facts.tag !== 'input') return false;
  const type = facts.type ?? 'text';
  if (PERSONAL_TYPES.has(type) || !TEXT_TYPES.has(type)) return false;
  if (/(^|\s)(email|tel|name|given-name|family-name|street-address|address-line\d|postal-code|username|bday)/.test((facts.autocomplete ?? '').toLowerCase())) return false;
  if (type === 'search' || facts.role === 'searchbox') return true;
  return facts.inSearchLandmark || (facts.form?.role ?? '').toLowerCase() === 'search' || facts.markedSearchBox;
}

/**
 * Why the element's value or text must not leave the shopper's browser, or null when it may be
 * shown. Marked, enterprise, password and payment win over everything (a search box inside a
 * marked block is masked); other form values are masked unless the control is a search box.
 * e.g. <input type=search name=q> → null; <input name=email> → 'form-value'; <input autocomplete=cc-number> → 'payment'
 */
export function maskReason(facts: ElementFacts): MaskReason | null {
  if (facts.marked) return 'marked';
  if (facts.enterprise) return 'enterprise';
  if (isPasswordField(facts)) return 'password';
  if (isPaymentField(facts)) return 'payment';
  if (CONTROLS.has(facts.tag) && !isSearchBox(facts)) return 'form-value';
  return null;
}

/** Whether a form control's value may be shown to the associate (only search boxes, never inside a masked block). */
export function showsValue(facts: ElementFacts): boolean {
  return maskReason(facts) === null;
}

/** Whether the associate may not act on the element (highlight, scroll to): it is, or sits in, something sensitive. */
export function isGuarded(facts: ElementFacts): boolean {
  const reason = maskReason(facts);
  return reason !== null && reason !== 'form-value';
}

/** What a masked value is replaced with: a fixed mark, so not even its length leaves the page. */
export function maskedValue(value: string): string {
  return value === '' ? '' : '••••••';
}

/** The enterprise's selectors that are valid CSS (an invalid one is ignored, never thrown), deduplicated. */
export function usableSelectors(selectors: readonly string[], isValid: (selector: string) => boolean): string[] {
  const out: string[] = [];
  for (const raw of selectors) {
    const selector = raw.trim();
    if (selector === '' || out.includes(selector)) continue;
    if (isValid(selector)) out.push(selector);
  }
  return out;
}
