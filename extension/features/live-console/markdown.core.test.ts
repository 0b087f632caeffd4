import { describe, expect, it } from 'vitest';
import { markdownNodes, markdownText, parseInline, parseMarkdown } from './markdown.core';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs with their line breaks, lists and quotes', () => {
    const md = '# Ask about budget\n\nStart open:\nthen narrow.\n\n- What is it for?\n- How often?\n\n1. Listen\n2) Offer\n\n> Never push.';
    expect(parseMarkdown(md)).toEqual([
      { type: 'heading', level: 1, inlines: [{ type: 'text', text: 'Ask about budget' }] },
      { type: 'paragraph', inlines: [{ type: 'text', text: 'Start open:\nthen narrow.' }] },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'What is it for?' }], [{ type: 'text', text: 'How often?' }]] },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'Listen' }], [{ type: 'text', text: 'Offer' }]] },
      { type: 'quote', inlines: [{ type: 'text', text: 'Never push.' }] },
    ]);
  });

  it('caps headings at three levels and keeps CRLF sources', () => {
    expect(parseMarkdown('#### Deep\r\ntext')).toEqual([
      { type: 'heading', level: 3, inlines: [{ type: 'text', text: 'Deep' }] },
      { type: 'paragraph', inlines: [{ type: 'text', text: 'text' }] },
    ]);
  });
});

describe('parseInline', () => {
  it.each([
    ['strong', 'a **bold** b', [{ type: 'text', text: 'a ' }, { type: 'strong', text: 'bold' }, { type: 'text', text: ' b' }]],
    ['emphasis', '_quiet_ word', [{ type: 'em', text: 'quiet' }, { type: 'text', text: ' word' }]],
    ['code', 'say `yes`', [{ type: 'text', text: 'say ' }, { type: 'code', text: 'yes' }]],
    ['an http link', '[guide](https://shop.example/g)', [{ type: 'link', text: 'guide', href: 'https://shop.example/g' }]],
    ['a javascript: link, as text', '[click](javascript:void)', [{ type: 'text', text: 'click' }]],
    ['escaped markers', '\\*not em\\*', [{ type: 'text', text: '*not em*' }]],
    ['an asterisk alone', '2 * 3', [{ type: 'text', text: '2 * 3' }]],
    ['snake_case words', 'use snake_case_names', [{ type: 'text', text: 'use snake_case_names' }]],
    ['HTML, as the characters it is', '<img src=x onerror=alert(1)>', [{ type: 'text', text: '<img src=x onerror=alert(1)>' }]],
  ])('%s', (_, text, runs) => {
    expect(parseInline(text)).toEqual(runs);
  });
});

describe('markdownNodes: DOM nodes, never markup', () => {
  it('builds elements and text nodes; HTML in the source stays text', () => {
    const host = document.createElement('div');
    host.append(...markdownNodes(document, '## Bundle\n\nOffer **the bundle** <b>now</b> <script>alert(1)</script>\nnext line\n\n- [sheet](https://shop.example/s.pdf)'));
    expect(host.querySelector('script')).toBeNull();
    expect(host.querySelector('b')).toBeNull();
    expect(host.querySelector('h5')?.textContent).toBe('Bundle');
    const p = host.querySelector('p')!;
    expect(p.querySelector('strong')?.textContent).toBe('the bundle');
    expect(p.textContent).toBe('Offer the bundle <b>now</b> <script>alert(1)</script>next line');
    expect(p.querySelectorAll('br')).toHaveLength(1);
    const a = host.querySelector('ul li a')!;
    expect([a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]).toEqual(['https://shop.example/s.pdf', '_blank', 'noopener noreferrer']);
  });
});

describe('markdownText: what Copy puts on the clipboard', () => {
  it('drops the markers, keeps the breaks, marks list items and links', () => {
    expect(markdownText('# Budget\n\nAsk **what** it is for.\n\n- Open\n- Close\n\n1. One\n2. Two\n\nSee [the guide](https://shop.example/g).')).toBe(
      'Budget\n\nAsk what it is for.\n\n• Open\n• Close\n\n1. One\n2. Two\n\nSee the guide (https://shop.example/g).',
    );
  });
});
