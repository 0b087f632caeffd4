import { describe, expect, it } from 'vitest';
import { elementFacts, pageMasking } from './masking';

function first(html: string): Element {
  document.body.innerHTML = html;
  return document.querySelector('[data-subject]')!;
}

describe('pageMasking on real elements', () => {
  const masking = () => pageMasking(document, ['.account', 'div[[typo', '  ']);

  it('shows the site adapter’s search box and the detected one (named as a parameter of the address)', () => {
    document.body.innerHTML = '<input id="a" name="field-keywords"><input id="b" name="k"><input id="c" name="email">';
    history.replaceState(null, '', '/s?k=tent');
    const withAdapter = pageMasking(document, [], '#a');
    const shown = ['a', 'b', 'c'].map((id) => withAdapter.showsValue(document.getElementById(id)!));
    history.replaceState(null, '', '/');
    expect(shown).toEqual([true, true, false]);
  });

  it.each<[string, string, boolean, boolean]>([
    // [case, html (the element under test carries data-subject), value shown, guarded]
    ['a search box in a role=search landmark', '<div role="search"><input data-subject name="x1"></div>', true, false],
    ['a search box in a role=search form', '<form role="search"><input data-subject type="text" name="x1"></form>', true, false],
    ['a field tied to a role=search form by its form attribute', '<form id="f" role="search"></form><input data-subject name="x1" form="f">', true, false],
    ['not a field named s in a form whose action says search', '<form action="/search"><input data-subject name="s"></form>', false, false],
    ['not a field named q', '<input data-subject type="text" name="q">', false, false],
    ['an e-mail field', '<form action="/checkout"><input data-subject type="email" name="email"></form>', false, false],
    ['a card number field', '<input data-subject autocomplete="cc-number">', false, true],
    ['a password field', '<input data-subject type="password">', false, true],
    ['a search box inside data-fw-mask', '<div data-fw-mask><input data-subject type="search"></div>', false, true],
    ['text inside data-fw-mask', '<div data-fw-mask><p><b data-subject>Ana</b></p></div>', false, true],
    ['an element inside an enterprise selector', '<div class="account"><span data-subject>Gold member</span></div>', false, true],
    ['an ordinary button', '<button data-subject>Add to cart</button>', true, false],
  ])('%s', (_, html, shown, guarded) => {
    const element = first(html);
    const rules = masking();
    expect(rules.showsValue(element)).toBe(shown);
    expect(rules.isGuarded(element)).toBe(guarded);
  });

  it('ignores an invalid enterprise selector instead of throwing', () => {
    expect(masking().selectors).toEqual(['.account']);
    expect(() => elementFacts(first('<p data-subject>x</p>'), ['div[[typo'])).not.toThrow();
    expect(elementFacts(first('<p data-subject>x</p>'), ['div[[typo']).enterprise).toBe(false);
  });
});
