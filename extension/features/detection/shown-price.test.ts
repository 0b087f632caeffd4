import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../lib/testing/html-page';
import { isNotThePrice } from './shown-price';

describe('isNotThePrice', () => {
  it('tells old and per-unit prices apart from the price to pay', () => {
    const doc = htmlPage('<span class="price-old">10 €</span><del class="p">12 €</del><span class="wasPrice">9 €</span><span class="price">8 €</span><span class="bold price">7 €</span>');
    const flags = Array.from(doc.querySelectorAll('span, del')).map((el) => isNotThePrice(el));
    expect(flags).toEqual([true, true, true, false, false]);
  });
});
