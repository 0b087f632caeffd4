import { runToEnd } from '../../extension/features/detection/steps';
import { seeThePage } from '../../extension/features/detection/sources/heuristics';
import type { PageSigns } from '../../extension/features/detection/visible/page-signs';
import type { KindExample } from './kind-model';
import { loadOtherPages, loadProductPages, ownUrl, parseHtml, UNKNOWN_URL } from './pages';
import { stripStructuredData } from './strip';

/** One corpus page as the page-kind model sees it, with the address used to split by shop. */
export interface SignedPage extends KindExample {
  id: string;
  url: string;
  stripped: boolean;
}

/** What the visible page shows, as the heuristics read it. */
export function signsOf(doc: Document, url: string): PageSigns {
  return runToEnd(seeThePage({ doc, url: new URL(url), adapter: null })).signs;
}

/** Every corpus page's signs, as saved and with its structured data stripped. Node only (jsdom). */
export function corpusSigns(): SignedPage[] {
  const rows: SignedPage[] = [];
  const add = (id: string, html: string, label: string | undefined, product: boolean) => {
    // One parse for both variants: the page as saved, then stripped in place.
    const doc = parseHtml(html, label ?? UNKNOWN_URL);
    const url = label ?? ownUrl(doc) ?? UNKNOWN_URL;
    rows.push({ id, url, stripped: false, product, signs: signsOf(doc, url) });
    rows.push({ id, url, stripped: true, product, signs: signsOf(stripStructuredData(doc), url) });
    doc.defaultView?.close();
  };
  for (const page of loadProductPages()) add(page.id, page.html, page.truth.url, true);
  for (const page of loadOtherPages()) add(page.id, page.html, page.label.url, page.label.kind === 'product');
  return rows;
}
