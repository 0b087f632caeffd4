/**
 * Selectors for matching class and id words in any case. Chromium matches an attribute with the
 * case-insensitive flag (`[class*="price" i]`) about ten times slower than without it, and on a page
 * of 20,000 elements one such query holds the page up for several milliseconds; pages write a word
 * in three cases only (price, Price, PRICE), so the flag is spelled out as those three.
 * Pure: string work only.
 */

/** One `[attr op "value" i]` part. */
const CASELESS = /\[([\w-]+)([*^$~|]?=)"([^"]+)" i\]/;

/**
 * `selector` with each case-insensitive attribute match written out in the three cases pages use.
 * e.g. anyCase('div[class*="buy" i], a') → 'div[class*="buy"], div[class*="Buy"], div[class*="BUY"], a'
 */
export function anyCase(selector: string): string {
  return splitList(selector).flatMap(expand).join(', ');
}

function expand(complex: string): string[] {
  const found = CASELESS.exec(complex);
  if (!found) return [complex];
  const [whole, attr, op, value] = found as unknown as [string, string, string, string];
  const before = complex.slice(0, found.index);
  const after = complex.slice(found.index + whole.length);
  return cases(value).flatMap((v) => expand(`${before}[${attr}${op}"${v}"]${after}`));
}

/** "mini-cart" → ["mini-cart", "Mini-cart", "MINI-CART"] */
function cases(value: string): string[] {
  const lower = value.toLowerCase();
  return [...new Set([lower, lower.charAt(0).toUpperCase() + lower.slice(1), value.toUpperCase()])];
}

/** A selector list's complex selectors (commas inside brackets or parentheses do not split it). */
function splitList(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(selector.slice(start).trim());
  return parts.filter(Boolean);
}
