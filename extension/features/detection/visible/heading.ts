import { CHROME } from '../shown-price';
import { cleanText, squash } from '../text';

/**
 * The product's heading as a shopper sees it: the h1 marked as the name, else the first h1 outside
 * the page chrome that says something. Pure: reads the DOM only.
 */

export function mainHeadingElement(doc: Document): Element | null {
  const marked = doc.querySelector('h1[itemprop~="name"]');
  if (cleanText(marked?.textContent)) return marked;
  const headings = Array.from(doc.querySelectorAll('h1')).filter((h1) => {
    const text = headingText(h1);
    return text && text.length >= 2 && text.length <= 300 && !h1.closest('nav, footer, aside, [role=navigation]');
  });
  // An h1 in a page header is often the shop's logo; one in an article's header is the product's.
  return headings.find((h1) => !h1.closest(CHROME)) ?? headings[0] ?? null;
}

/** What a heading says, without the text of drawings and styles inside it (an icon's <svg><style>). */
export function headingText(heading: Element | null | undefined): string | null {
  if (!heading) return null;
  if (!heading.querySelector('style, script, svg')) return cleanText(heading.textContent);
  let text = '';
  const walker = heading.ownerDocument.createTreeWalker(heading, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!node.parentElement?.closest('style, script, svg')) text += `${node.textContent ?? ''} `;
  return cleanText(text);
}

/**
 * Of several products marked up on one page (the page's own and a row of recommendations), the
 * one that is the page's: the one holding the main heading, else the only one named as it, else the
 * only one whose name and the heading differ by what a heading adds or drops ("Oak lamp" for the
 * heading "Oak lamp - black, 60 W": one holds the other, and is at least half as long).
 * e.g. two microdata Products, the first around the h1 → the first; none matching → null (a listing).
 */
export function ownProduct<T>(doc: Document, candidates: readonly T[], nameOf: (c: T) => string | null, elementOf?: (c: T) => Element): T | null {
  const heading = mainHeadingElement(doc);
  if (!heading) return null;
  if (elementOf) {
    const holding = candidates.filter((c) => elementOf(c).contains(heading));
    if (holding.length === 1) return holding[0]!;
  }
  const title = squash(headingText(heading));
  if (title.length < 3) return null;
  const named = candidates.filter((c) => squash(nameOf(c)) === title);
  if (named.length > 0) return named.length === 1 ? named[0]! : null;
  const near = candidates.filter((c) => nearlyNamed(squash(nameOf(c)), title));
  return near.length === 1 ? near[0]! : null;
}

/** One of the two (squashed) names holds the other, which is at least half its length: "oaklamp" and "oaklampblack60w". */
function nearlyNamed(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && short.length * 2 >= long.length && long.includes(short);
}
