import { runToEnd, type Steps } from './steps';
import { cleanText, shortText } from './text';

/**
 * The product code a page shows its shoppers ("Product code: 83810610", "Réf. VE900",
 * "<th>Kód produktu:</th><td>VR4V1B</td>", "Black - <span data-qa-qualifier="product-reference">1002/710</span>").
 * Shops call this their SKU; structured data often carries another number (an internal id,
 * the first size's variant id, the EAN, the catalogue number without its slash).
 */

/** Labels shops put before their own product code, in many languages (matched whole, any case). */
const SKU_LABELS = [
  // English: SKU, Item No., Item #, Product code, Catalogue number, Style no., Stock code
  'sku', 'item ?(?:number|no\\.?|nr\\.?|#|code|id)', 'article (?:number|no\\.?|code)', 'product (?:code|number|no\\.?|#|id|ref\\.?|reference)',
  'prod\\.? (?:no|code)\\.?', 'catalog(?:ue)? (?:number|no\\.?)', 'cat\\.? ?no\\.?', 'stock code', 'style (?:number|no\\.?|#|code)',
  // German, Dutch, Scandinavian, Finnish, Baltic: Art.-Nr., Artikelnummer, Bestellnummer, Varenummer, Tuotenumero, Tootekood, Prekės kodas
  'art(?:ikel)?\\.? ?-? ?(?:nr|no)\\.?', 'artikel ?-?nummer', 'artikelnr\\.?', 'bestell ?-?(?:nummer|nr\\.?)', 'best\\.? ?-?nr\\.?',
  'artikelcode', 'varenummer', 'varenr\\.?', 'varunummer', 'tuotenumero', 'tuotekoodi', 'tootekood', 'prekės kodas', 'preces kods',
  // French, Spanish, Portuguese, Italian, Romanian: Réf., Référence, Referencia, Código, Codice articolo, Cod produs, ID Produto
  'r[ée]f\\.?(?: (?:produit|article))?', 'r[ée]f[ée]rence(?: (?:produit|article))?', 'code (?:article|produit)', "n° (?:d'article|de référence)",
  'referencia', 'refer[êe]ncia', 'c[óo]d\\.?', 'c[óo]digo(?: (?:del |de |do )?(?:producto|produto|art[íi]culo|artigo|referencia))?',
  'codice(?: articolo| prodotto)?', 'cod\\.? ?(?:art\\.?|articolo|prodotto|produs(?:ului)?)', 'id (?:do )?produto',
  // Slavic, Hungarian, Turkish, Greek: Kód produktu, Kod produktu, Indeks, Nr ref., Šifra, Код, Артикул, Cikkszám, Ürün kodu
  'k[óo]d(?: produktu| tovaru| towaru)?', 'indeks', 'nr\\.? ref\\.?', '(?:nr|numer) katalogowy', 'katal[óo]gov[ée] [čc][íi]slo', 'šifra(?: proizvoda| artikla)?',
  'код(?: товара| товару| продукта)?', 'артикул(?:ен номер)?', 'cikkszám', 'termékkód', 'ürün kodu', 'stok kodu', 'κωδικός(?: προϊόντος)?',
  // Hebrew, Arabic, Japanese, Chinese, Korean: מק"ט, رقم المنتج, 品番, 商品コード, 商品编号, 货号, 상품번호
  'מק"ט', 'رقم (?:المنتج|الصنف)', 'رمز المنتج', '品番', '商品(?:コード|番号|编号|編號)', '货号', '상품 ?번호', '품번',
].join('|');

/**
 * A label that names the product code, and what follows it in the same text: "Product code: 83810610",
 * "Bestellnummer 79961", "Ref.VE900", "Код: 73556", or the label alone ("Art.-Nr.:"). The value holds no
 * colon: "Cod produs: 50998" is the label "Cod produs", not "Cod" and a value "produs: 50998".
 */
const LABELLED = new RegExp(`^(?:${SKU_LABELS})(?:\\s*[:：]\\s*|\\s+|(?<=[.#])|$)([^:：]*)$`, 'iu');

/** What a product code is made of: letters, digits and a few separators ("1002/710", "904.230.19", "GARNI 570 EASY II"). */
const CODE = /^[\p{L}\p{N}](?:[\p{L}\p{N}./_-]| (?=[\p{L}\p{N}])){0,39}$/u;

/** Class, id, test-hook words that mark an element holding the product code: "product-code", "prd-sku", "product-reference", "articleNr", "CatNumber". */
const CODE_MARK =
  /(?:^|[-_\s])(?:sku|(?:product|prd|prod|item|article|style)[-_]?(?:ref|reference|code|number|nr|no|sku|id)|ref[-_]?(?:number|nr|no)|art(?:icle)?[-_]?(?:nr|no|number)|cat(?:alogue)?[-_]?number|productid)(?:$|[-_\s])/i;
/** Class words of pickers, images and prices that merely mention a code: "sku-selector", "SkuPictureGallery", "product-number-price". */
const NOT_A_CODE_MARK = /(select|picker|option|swatch|gallery|image|img|picture|price|qty|quantity|size|colou?r|input|button|btn|list|search|filter)/i;
/** Attributes that may name an element as the product code: its class, id and test hooks. */
const MARK_ATTRIBUTES = ['class', 'id', 'data-qa', 'data-qa-qualifier', 'data-test', 'data-testid'];
/** Elements that never show this product's code: scripts, links and buttons (other products, actions), form options, drawings. */
const NEVER_THE_CODE = /^(script|style|noscript|template|a|button|select|option|svg|iframe)$/i;
/** The shop's menus and footer; its banner is a header outside the main content, with no h1 (the product's title). */
const CHROME = /^(nav|footer)$/i;

/** Nodes read per page, so a huge page costs little. */
const MAX_NODES = 30_000;

/**
 * Whether a text reads as a product code: one word with a digit, or up to four words in capitals with
 * a number of three digits or more (not a size such as "EU 38").
 * e.g. isProductCode("466/7999") → true, isProductCode("GARNI 570 EASY II") → true, isProductCode("Does Not Apply") → false.
 */
export function isProductCode(text: string): boolean {
  if (!CODE.test(text) || !/\d/.test(text)) return false;
  const words = text.split(' ');
  return words.length === 1 || (words.length <= 4 && text === text.toUpperCase() && /\d\D?\d\D?\d/.test(text));
}

/**
 * The code in a shown value: the value itself, or its first word when a name follows it.
 * e.g. codeIn("TE502955-1293415 Housse de canapé") → "TE502955-1293415", codeIn("In stock") → null.
 */
export function codeIn(value: string | null): string | null {
  const text = cleanText(value)?.replace(/[.;,]$/, '');
  if (!text) return null;
  if (isProductCode(text)) return text;
  const head = text.split(' ')[0]!;
  return head.length >= 4 && isProductCode(head) && /\p{L}/u.test(text.slice(head.length)) ? head : null;
}

/**
 * The code in a shown "label: code" text whose label names the product code; "" for the label alone.
 * e.g. labelledCode("Product code: 83810610") → "83810610", labelledCode("Art.-Nr.") → "", labelledCode("Colour: red") → null.
 */
export function labelledCode(text: string): string | null {
  const clean = cleanText(text);
  if (!clean || clean.length > 80) return null;
  const m = LABELLED.exec(clean);
  if (!m) return null;
  return m[1] ? codeIn(m[1]) : '';
}

/**
 * The product code the page shows, the first in the page: after a label such as "Ref.", "Art.-Nr.",
 * "Item No.", "Код", "Product code", or in an element marked as the code (itemprop=sku, class
 * "product-code", data-qa-qualifier "product-reference"). Null when the page shows none.
 * e.g. shownSku(<p class="product-code">Product code: 83810610</p>) → "83810610"
 */
export function shownSku(doc: Document): string | null {
  return runToEnd(shownSkuInSteps(doc));
}

/** Nodes read between two steps of shownSkuInSteps. */
const NODES_PER_STEP = 2_000;

/** shownSku in steps of NODES_PER_STEP nodes: on a page of 30,000 nodes, no one step is long. */
export function* shownSkuInSteps(doc: Document): Steps<string | null> {
  if (!doc.body) return null;
  let read = 0;
  // A walk by hand, not a TreeWalker with a filter: no callback per node, and none to fail in a page
  // whose scripts are off.
  let node: Node | null = doc.body.firstChild;
  while (node && read++ < MAX_NODES) {
    if (read % NODES_PER_STEP === 0) yield;
    const skip = node.nodeType === 1 && isChrome(node as Element);
    if (!skip) {
      const code = node.nodeType === 3 ? codeOfLabel(node) : node.nodeType === 1 && isMarkedAsCode(node as Element) ? codeOfMarked(node as Element) : null;
      if (code) return code;
    }
    node = !skip && node.firstChild ? node.firstChild : nextAfter(node, doc.body);
  }
  return null;
}

/** The node after `node` and all it holds, within `root`. */
function nextAfter(node: Node, root: Node): Node | null {
  for (let at: Node | null = node; at && at !== root; at = at.parentNode) if (at.nextSibling) return at.nextSibling;
  return null;
}

/** What never shows the product's code (with all it holds): scripts, links, buttons, menus and the footer. */
function isChrome(el: Element): boolean {
  const role = el.getAttribute('role');
  return NEVER_THE_CODE.test(el.tagName) || CHROME.test(el.tagName) || role === 'navigation' || (el.tagName === 'HEADER' && !el.closest('main, article, [role=main]') && !el.querySelector('h1'));
}

function codeOfLabel(text: Node): string | null {
  const value = text.textContent ?? '';
  if (value.length > 80 || !/\S/.test(value)) return null;
  const code = labelledCode(value);
  return code === '' ? codeAfter(text) : code;
}

function isMarkedAsCode(el: Element): boolean {
  if (!el.hasAttributes()) return false;
  if (/^(sku|productID)$/.test(el.getAttribute('itemprop') ?? '')) return true;
  const words = MARK_ATTRIBUTES.map((attr) => el.getAttribute(attr) ?? '').join(' ');
  return CODE_MARK.test(words.replace(/([a-z])([A-Z])/g, '$1-$2')) && !NOT_A_CODE_MARK.test(words);
}

function codeOfMarked(el: Element): string | null {
  const text = shortText(el, 200);
  return text ? labelledCode(text) || codeIn(text) : null;
}

/** The code right after a label that stands alone (<th>SKU</th><td>X2</td>): the next text in the label's row or block. */
function codeAfter(label: Node): string | null {
  const block = label.parentElement?.parentElement?.parentElement;
  if (!block) return null;
  const walker = label.ownerDocument!.createTreeWalker(block, 4 /* NodeFilter.SHOW_TEXT */);
  walker.currentNode = label;
  for (let node = walker.nextNode(), hops = 0; node && hops < 6; node = walker.nextNode(), hops++) {
    const text = cleanText(node.textContent);
    if (!text || /^[:#：]$/.test(text)) continue;
    return node.parentElement?.closest('a, button, script, style') ? null : codeIn(text);
  }
  return null;
}

/** The GS1 rule, kept once for the extension and the catalogue. */
export { isGtin } from '../../../shared/catalog';
