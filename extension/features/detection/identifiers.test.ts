import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../lib/testing/html-page';
import { codeIn, isGtin, isProductCode, labelledCode, shownSku } from './identifiers';


describe('labels of the product code, in many languages', () => {
  it.each([
    ['Product code: 83810610', '83810610'],
    ['SKU: 480464', '480464'],
    ['Item #: 7714-22', '7714-22'],
    ['Item No. A-2231', 'A-2231'],
    ['Art.-Nr. 8815952953', '8815952953'],
    ['Artikelnummer: 4711', '4711'],
    ['Bestellnummer 79961', '79961'],
    ['Réf. VE900', 'VE900'],
    ['Référence : XX802', 'XX802'],
    ['Referencia: 1044/320', '1044/320'],
    ['Cod produs: 5099873388655', '5099873388655'],
    ['Codice articolo: TR-55', 'TR-55'],
    ['Kód produktu: VR4V1B', 'VR4V1B'],
    ['Nr ref. 82514129', '82514129'],
    ['Tootekood: 000051366425', '000051366425'],
    ['Šifra: 9470', '9470'],
    ['Код: 73556', '73556'],
    ['Артикул: 12-345', '12-345'],
    ['品番：AB-120', 'AB-120'],
    ['Kód produktu: GARNI 570 EASY II', 'GARNI 570 EASY II'],
    // A label alone: its code is in the next element.
    ['Art.-Nr.:', ''],
    ['SKU', ''],
    // Not the product's code.
    ['Colour: Black', null],
    ['Code promo: WINTER10', null],
    ['Kod pocztowy: 00-950', null],
    ['Referenzen', null],
    ['Refrigeration', null],
    ['Model number: XK-12', null],
    ['EAN: 4006381333931', null],
    ['Art. 5 DSGVO', null],
    ['Réf. produit inconnue', null],
  ])('%s → %j', (text, code) => expect(labelledCode(text)).toBe(code));
});

describe('what reads as a product code', () => {
  it.each([
    ['466/7999', true],
    ['904.230.19', true],
    ['amx1', true],
    ['TE502955-1293415', true],
    ['GARNI 570 EASY II', true],
    ['HMP 2000', true],
    ['EU 38', false],
    ['Does Not Apply', false],
    ['Alto', false],
    ['Ещё 1Смотреть', false],
    ['49,99 €', false],
  ])('%s → %s', (text, expected) => expect(isProductCode(text)).toBe(expected));

  it.each([
    ['TE502955-1293415 Housse de canapé, chaise', 'TE502955-1293415'],
    ['82514129.', '82514129'],
    ['In stock', null],
    [null, null],
  ])('the code in %j → %j', (text, code) => expect(codeIn(text)).toBe(code));
});

describe('the product code a page shows', () => {
  it.each([
    ['a labelled paragraph', '<h1>Throw</h1><p class="product-code">Product code: 64981901</p>', '64981901'],
    ['a code marked by a test hook, after the colour', '<p><span>Black</span> - <span data-qa-qualifier="product-reference">1002/710</span></p>', '1002/710'],
    ['the shown form of itemprop=sku, not its content', '<h2><span itemprop="sku" content="4667999">466/7999</span></h2>', '466/7999'],
    ['a spec table', '<table><tr><th>Kód produktu:</th><td>VR4V1B</td></tr></table>', 'VR4V1B'],
    ['a definition list', '<dl><dt>Art.-Nr.</dt><dd>X2-BLK</dd></dl>', 'X2-BLK'],
    ['a heading and the block after it, a name after the code', '<div><p class="h3">Référence</p><p id="ref"><span>TE502955-1293415 Housse de canapé</span></p></div>', 'TE502955-1293415'],
    ['a label inside the product title', '<header><h1><span>Fridge RCSK 310</span><span class="element-article">Код: 73556</span></h1></header>', '73556'],
    ['the first code in the page: the product before its related products', '<p>Item No. 1234</p><div class="related"><p>Item No. 9876</p></div>', '1234'],
    ['nothing in menus, links, footer or the page banner', '<header><p>Item No. 1</p></header><nav><p>Item No. 2</p></nav><a href="/p/3">Item No. 3</a><footer>SKU: 4</footer>', null],
    ['a size picker is no code', '<div class="sku-selector"><span>EU 38</span></div>', null],
    ['a label followed by a link', '<table><tr><th>SKU</th><td><a href="/x">ABC-123</a></td></tr></table>', null],
    ['a page with no code', '<h1>Lamp</h1><p>Colour: Black</p>', null],
  ])('%s', (_name, body, code) => expect(shownSku(htmlPage(body))).toBe(code));
});

describe('isGtin', () => {
  it.each([
    ['4006381333931', true], // EAN-13
    ['9789724084985', true], // ISBN-13
    ['036000291452', true], // UPC-A
    ['96385074', true], // EAN-8
    ['4006381333932', false], // wrong check digit
    ['0000000000000', false],
    ['40063813339', false], // 11 digits
    ['ABC1234567890', false],
  ])('isGtin(%s) → %s', (code, expected) => expect(isGtin(code)).toBe(expected));
});
