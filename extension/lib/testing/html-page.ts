/** A parsed HTML document for a test: `body` (and `head`, and the page's `lang`) in a minimal page. */
export function htmlPage(body: string, head = '', lang = ''): Document {
  return new DOMParser().parseFromString(`<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head>${head}</head><body>${body}</body></html>`, 'text/html');
}
