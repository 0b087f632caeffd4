import { describe, expect, it } from 'vitest';
import { productNumberInUrl, searchTerms } from './url';

describe('search terms in the address', () => {
  it.each([
    ['https://www.ebay.com/sch/i.html?_nkw=red+basketball+shoes&_pgn=1', 'red basketball shoes'],
    ['https://www.aliexpress.com/wholesale?SearchText=kids+wear&CatId=0', 'kids wear'],
    ['https://search.example.com/search?keyword=%E6%BF%80%E5%85%89', '激光'],
    ['https://www.amazon.com/s?k=gym+mat+tile&ref=nb', 'gym mat tile'],
    ['https://shop.example/s?field-keywords=usb+hub', 'usb hub'],
    ['https://shop.example/search?Ntt=lamp', 'lamp'],
    ['https://shop.example/buscar/zapatos%20rojos', 'zapatos rojos'],
    ['https://shop.example/suche/rote+schuhe', 'rote schuhe'],
    ['https://shop.example/recherche/chaussures', 'chaussures'],
    ['https://shop.example/search/result.html?page=8', null],
  ])('%s → %s', (url, terms) => expect(searchTerms(new URL(url))).toBe(terms));
});

describe('product numbers in the address', () => {
  it.each([
    ['https://shop.example/massivholz-regal-p400105394.html', '400105394'],
    ['https://www.ebay.it/itm/133588510845', '133588510845'],
    ['https://city.example.org/app/d/washing-machine/7235216655.html', '7235216655'],
    ['https://shop.example/p/headphones', null],
    ['https://shop.example/p/2020', null],
  ])('%s → %s', (url, id) => expect(productNumberInUrl(new URL(url))).toBe(id));
});
