import { escapeHtml } from './html';

/**
 * Product and article pictures as generated SVG, so the demo never depends on the
 * network or on image licences: a tinted card with the brand and the name.
 */

const PALETTE = ['#1e3a8a', '#0f766e', '#7c2d12', '#4c1d95', '#155e75', '#3f6212', '#9f1239', '#374151'];

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return h;
}

/** Greedy word wrap; long names become up to three lines. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] += '…';
  }
  return lines;
}

export function placeholderSvg(seed: string, kicker: string, title: string): string {
  const colour = PALETTE[hash(seed) % PALETTE.length];
  const lines = wrap(title, 26, 3);
  const text = lines
    .map((l, i) => `<text x="400" y="${340 + i * 44}" font-size="36" font-weight="600" text-anchor="middle" fill="#fff">${escapeHtml(l)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colour}"/><stop offset="1" stop-color="#111827"/></linearGradient></defs>
<rect width="800" height="600" fill="url(#g)"/>
<circle cx="400" cy="190" r="90" fill="#ffffff" fill-opacity="0.12"/>
<text x="400" y="210" font-family="system-ui, sans-serif" font-size="64" font-weight="800" text-anchor="middle" fill="#fff" fill-opacity="0.9">${escapeHtml([...kicker][0]?.toUpperCase() ?? '?')}</text>
<text x="400" y="300" font-family="system-ui, sans-serif" font-size="24" letter-spacing="4" text-anchor="middle" fill="#fff" fill-opacity="0.75">${escapeHtml(kicker.toUpperCase())}</text>
<g font-family="system-ui, sans-serif">${text}</g>
</svg>`;
}
