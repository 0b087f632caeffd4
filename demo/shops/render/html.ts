/**
 * Tiny HTML templating: every interpolated value is escaped unless it is already
 * `Html`. Escaping by default is the point: product names such as `MacBook Air 13"`
 * or `Bang & Olufsen` and search terms typed by a tester must never break the markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Values a template accepts: nested templates, lists of them, text, or nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  // `false` and nullish render as nothing so `cond && html\`...\`` reads naturally.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted markup written in this code base (CSS, inline scripts); never user or catalog text. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/**
 * JSON for an inline `<script>`: `<`, `>` and `&` are escaped so a value containing
 * `</script>` cannot end the element, and U+2028/2029 so old parsers stay happy.
 */
export function jsonForScript(data: unknown): Html {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new Html(json);
}
