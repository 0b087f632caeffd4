import { describe, expect, it } from 'vitest';
import { type ElementFacts, isGuarded, maskedValue, maskReason, nameWords, showsValue, usableSelectors } from './masking.core';

function facts(partial: Partial<ElementFacts>): ElementFacts {
  return {
    tag: 'input',
    type: null,
    name: null,
    id: null,
    autocomplete: null,
    role: null,
    marked: false,
    enterprise: false,
    inSearchLandmark: false,
    markedSearchBox: false,
    form: null,
    ...partial,
  };
}
const form = (f: Partial<NonNullable<ElementFacts['form']>>) => ({ action: null, role: null, id: null, className: null, ...f });

describe('maskReason', () => {
  it.each<[string, Partial<ElementFacts>, ReturnType<typeof maskReason>]>([
    // search boxes: the only values shown
    ['type=search', { type: 'search' }, null],
    ['role=searchbox', { type: 'text', role: 'searchbox' }, null],
    ['a text field in a role=search landmark', { type: 'text', name: 'x1', inSearchLandmark: true }, null],
    ['a text field in a form role=search', { type: 'text', form: form({ role: 'search' }) }, null],
    ['the detected search box, or the one the site adapter names', { type: 'text', name: 'field-keywords', markedSearchBox: true }, null],
    // loose words say nothing: a field named like a search may hold anything
    ['a text field named q', { type: 'text', name: 'q' }, 'form-value'],
    ['a field without type named query', { name: 'query' }, 'form-value'],
    ['an id like searchTerm', { type: 'text', id: 'searchTerm' }, 'form-value'],
    ['named s (WordPress)', { type: 'text', name: 's' }, 'form-value'],
    ['named k', { type: 'text', name: 'k' }, 'form-value'],
    ['named keyword', { type: 'text', name: 'keyword' }, 'form-value'],
    ['a text field in a form whose action is /search', { type: 'text', name: 'x1', form: form({ action: '/search' }) }, 'form-value'],
    ['a text field in a form whose action is /s?', { type: 'text', name: 'x1', form: form({ action: '/s' }) }, 'form-value'],
    ['a text field in a form with class search-form', { type: 'text', form: form({ className: 'header search-form' }) }, 'form-value'],
    // every other form value is masked
    ['a plain text field', { type: 'text', name: 'firstName' }, 'form-value'],
    ['a field without type or name', {}, 'form-value'],
    ['a textarea', { tag: 'textarea', name: 'message' }, 'form-value'],
    ['a select', { tag: 'select', name: 'country' }, 'form-value'],
    ['a textarea named query is still not a search box', { tag: 'textarea', name: 'query' }, 'form-value'],
    ['an e-mail field in a search form', { type: 'email', name: 'email', form: form({ action: '/search' }) }, 'form-value'],
    ['a hidden field named q', { type: 'hidden', name: 'q' }, 'form-value'],
    ['a number field (quantity)', { type: 'number', name: 'qty' }, 'form-value'],
    ['a text field with autocomplete=email named search', { type: 'text', name: 'search', autocomplete: 'email' }, 'form-value'],
    ['a form whose action merely contains "s"', { type: 'text', name: 'x1', form: form({ action: '/subscribe' }) }, 'form-value'],
    ['a form whose action is /research-results', { type: 'text', name: 'x1', form: form({ action: '/research-results' }) }, 'form-value'],
    ['a form whose action is /account/settings', { type: 'text', name: 'x1', form: form({ action: '/account/settings' }) }, 'form-value'],
    // passwords, always
    ['type=password', { type: 'password', name: 'pw' }, 'password'],
    ['a password field in a search form', { type: 'password', form: form({ role: 'search' }) }, 'password'],
    ['a revealed password (type=text) named password', { type: 'text', name: 'password' }, 'password'],
    ['autocomplete=current-password', { type: 'text', autocomplete: 'current-password' }, 'password'],
    ['autocomplete=one-time-code', { type: 'text', autocomplete: 'one-time-code' }, 'password'],
    ['an id like userPassword', { type: 'text', id: 'userPassword' }, 'password'],
    ['named pwd', { type: 'text', name: 'pwd' }, 'password'],
    ['named pin', { type: 'text', name: 'pin' }, 'password'],
    // payment fields, always
    ['autocomplete=cc-number', { type: 'text', autocomplete: 'cc-number' }, 'payment'],
    ['autocomplete=cc-csc on a search-looking field', { type: 'search', name: 'q', autocomplete: 'cc-csc' }, 'payment'],
    ['autocomplete="billing cc-exp"', { type: 'text', autocomplete: 'billing cc-exp' }, 'payment'],
    ['named cardNumber', { type: 'text', name: 'cardNumber' }, 'payment'],
    ['named card_number', { type: 'tel', name: 'card_number' }, 'payment'],
    ['named cc-number', { type: 'text', name: 'cc-number' }, 'payment'],
    ['named cc', { type: 'text', name: 'cc' }, 'payment'],
    ['id cvc', { type: 'text', id: 'cvc' }, 'payment'],
    ['named cvv2', { type: 'text', name: 'cvv2' }, 'payment'],
    ['named iban', { type: 'text', name: 'iban' }, 'payment'],
    ['named expiry-date', { type: 'text', name: 'expiry-date' }, 'payment'],
    ['named exp_month (a select)', { tag: 'select', name: 'exp_month' }, 'payment'],
    ['named payment[card][holder]', { type: 'text', name: 'payment[card][holder]' }, 'payment'],
    ['named account (not "cc")', { type: 'text', name: 'account' }, 'form-value'],
    ['named success_url (not "cc")', { type: 'text', name: 'success_url' }, 'form-value'],
    // marked and enterprise, whatever the element
    ['a search box inside data-fw-mask', { type: 'search', name: 'q', marked: true }, 'marked'],
    ['a paragraph inside data-fw-mask', { tag: 'p', marked: true }, 'marked'],
    ['a search box matching an enterprise selector', { type: 'search', enterprise: true }, 'enterprise'],
    ['a div inside an enterprise selector', { tag: 'div', enterprise: true }, 'enterprise'],
    ['marked wins over password', { type: 'password', marked: true }, 'marked'],
    // what is not a form control is shown
    ['a paragraph', { tag: 'p' }, null],
    ['a button named card', { tag: 'button', name: 'card' }, null],
    ['a div with role searchbox (not a control)', { tag: 'div', role: 'searchbox' }, null],
  ])('%s', (_, partial, expected) => {
    expect(maskReason(facts(partial))).toBe(expected);
    expect(showsValue(facts(partial))).toBe(expected === null);
  });
});

describe('isGuarded (the associate may not act on it)', () => {
  it.each<[string, Partial<ElementFacts>, boolean]>([
    ['an add-to-cart button', { tag: 'button', name: 'add' }, false],
    ['a search box', { type: 'search' }, false],
    ['an ordinary field (value hidden, element may be pointed at)', { type: 'email', name: 'email' }, false],
    ['a password field', { type: 'password' }, true],
    ['a card number field', { autocomplete: 'cc-number' }, true],
    ['anything inside data-fw-mask', { tag: 'span', marked: true }, true],
    ['anything inside an enterprise selector', { tag: 'a', enterprise: true }, true],
  ])('%s → %s', (_, partial, expected) => {
    expect(isGuarded(facts(partial))).toBe(expected);
  });
});

describe('nameWords', () => {
  it.each([
    ['cardNumber', ['card', 'number']],
    ['cc-number', ['cc', 'number']],
    ['payment[card][holder]', ['payment', 'card', 'holder']],
    ['SEARCH_TERM', ['search', 'term']],
    ['', []],
  ])('%s → %j', (value, words) => {
    expect(nameWords(value)).toEqual(words);
  });
});

describe('maskedValue', () => {
  it('replaces any value with the same mark, so its length does not leave the page', () => {
    expect(maskedValue('1234')).toBe(maskedValue('4111 1111 1111 1111'));
    expect(maskedValue('4111 1111 1111 1111')).not.toContain('1');
  });
  it('keeps an empty field empty', () => {
    expect(maskedValue('')).toBe('');
  });
});

describe('usableSelectors', () => {
  const valid = (s: string) => !s.includes('[[');
  it.each<[string, string[], string[]]>([
    ['keeps valid selectors in order', ['.a', '#b'], ['.a', '#b']],
    ['drops an invalid one without throwing', ['.a', 'div[[x', '#b'], ['.a', '#b']],
    ['drops blanks and duplicates, trimmed', [' .a ', '', '.a', '  '], ['.a']],
    ['nothing from nothing', [], []],
  ])('%s', (_, input, expected) => {
    expect(usableSelectors(input, valid)).toEqual(expected);
  });
});
