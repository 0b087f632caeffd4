/**
 * A technique's script is Markdown, shown without HTML: this reads a small, safe part of it
 * (headings, paragraphs, lists, quotes, **strong**, *emphasis*, `code`, [links](https://…)) into
 * blocks of text runs, and builds DOM nodes from them with createElement and text nodes only.
 * Any HTML in the source stays the characters it is; a link goes only to http(s).
 */

export type Inline = { type: 'text' | 'strong' | 'em' | 'code'; text: string } | { type: 'link'; text: string; href: string };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'quote'; inlines: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] };

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

/** The blocks of `markdown`: blank lines separate paragraphs; lines in a paragraph keep their breaks. */
export function parseMarkdown(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let quote: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', inlines: parseInline(paragraph.join('\n')) });
    if (quote.length) blocks.push({ type: 'quote', inlines: parseInline(quote.join('\n')) });
    if (list) blocks.push({ type: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    paragraph = [];
    quote = [];
    list = null;
  };

  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: Math.min(3, heading[1]!.length) as 1 | 2 | 3, inlines: parseInline(heading[2]!) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      if (!list || list.ordered !== ordered || paragraph.length || quote.length) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[3]!);
      continue;
    }
    const quoted = /^\s{0,3}>\s?(.*)$/.exec(line);
    if (quoted) {
      if (!quote.length) flush();
      quote.push(quoted[1]!);
      continue;
    }
    if (list && /^\s{2,}\S/.test(raw)) {
      // A continuation of the last item.
      list.items[list.items.length - 1] += `\n${line.trim()}`;
      continue;
    }
    if (list || quote.length) flush();
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** The inline runs of one block's text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const push = (run: Inline) => {
    const last = out.at(-1);
    if (run.type === 'text' && last?.type === 'text') last.text += run.text;
    else if (run.text) out.push(run);
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\\([\\`*_[\]()#>+\-.!])/.exec(rest))) {
      push({ type: 'text', text: m[1]! });
    } else if ((m = /^`([^`\n]+)`/.exec(rest))) {
      push({ type: 'code', text: m[1]! });
    } else if ((m = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest))) {
      push({ type: 'strong', text: plain(m[2]!) });
    } else if ((m = /^(\*|_)(?=\S)([^*_\n]*?\S)\1(?![A-Za-z0-9])/.exec(rest))) {
      push({ type: 'em', text: plain(m[2]!) });
    } else if ((m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest))) {
      const href = safeHref(m[2]!);
      push(href ? { type: 'link', text: plain(m[1]!), href } : { type: 'text', text: plain(m[1]!) });
    } else {
      push({ type: 'text', text: rest[0]! });
      i += 1;
      continue;
    }
    i += m[0].length;
  }
  return out;
}

/** An inner run's text without its markers (nested emphasis is shown as plain text). */
function plain(text: string): string {
  return parseInline(text)
    .map((r) => r.text)
    .join('');
}

function safeHref(href: string): string | null {
  try {
    const u = new URL(href);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password ? u.href : null;
  } catch {
    return null;
  }
}

/** The script as plain text (what "Copy" puts on the clipboard): markers gone, line breaks kept, list items marked. */
export function markdownText(markdown: string): string {
  const runs = (inlines: Inline[]) => inlines.map((r) => (r.type === 'link' ? `${r.text} (${r.href})` : r.text)).join('');
  return parseMarkdown(markdown)
    .map((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return runs(b.inlines);
        case 'quote':
          return runs(b.inlines)
            .split('\n')
            .map((l) => `“${l}”`)
            .join('\n');
        case 'list':
          return b.items.map((item, n) => `${b.ordered ? `${n + 1}.` : '•'} ${runs(item)}`).join('\n');
      }
    })
    .join('\n\n');
}

/** DOM nodes for `markdown`, made with createElement and text nodes only (never innerHTML). */
export function markdownNodes(doc: Document, markdown: string): Node[] {
  const inline = (runs: Inline[], into: HTMLElement) => {
    for (const r of runs) {
      if (r.type === 'text') {
        appendLines(doc, into, r.text);
        continue;
      }
      const tag = r.type === 'strong' ? 'strong' : r.type === 'em' ? 'em' : r.type === 'code' ? 'code' : 'a';
      const node = doc.createElement(tag);
      node.textContent = r.text;
      if (r.type === 'link') {
        node.setAttribute('href', r.href);
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
      into.append(node);
    }
    return into;
  };
  return parseMarkdown(markdown).map((b) => {
    switch (b.type) {
      case 'heading':
        // Inside a panel that has its own h2/h3: the script's headings sit below them.
        return inline(b.inlines, doc.createElement(b.level === 1 ? 'h4' : b.level === 2 ? 'h5' : 'h6'));
      case 'paragraph':
        return inline(b.inlines, doc.createElement('p'));
      case 'quote':
        return inline(b.inlines, doc.createElement('blockquote'));
      case 'list': {
        const list = doc.createElement(b.ordered ? 'ol' : 'ul');
        for (const item of b.items) list.append(inline(item, doc.createElement('li')));
        return list;
      }
    }
  });
}

function appendLines(doc: Document, into: HTMLElement, text: string): void {
  text.split('\n').forEach((line, n) => {
    if (n > 0) into.append(doc.createElement('br'));
    if (line) into.append(doc.createTextNode(line));
  });
}
