// A card in the corner of a shop's page, in a closed shadow root: the shop's styles cannot reach
// into it and its styles cannot leak out; fixed position, so the shop's layout never moves.

/** The look of the card: the extension's palette (assets/ui.css), light and dark, in px (the shop sets rem). */
export const CARD_CSS = `
:host { all: initial; }
.card {
  --bg: #ffffff; --text: #1c1f1e; --muted: #5a625f; --border: #d8ddda;
  --accent: #1d6b57; --accent-hover: #165444; --on-accent: #ffffff; --accent-soft: #e2f0eb;
  --warn: #a33b1f; --warn-soft: #fbeae5; --focus: #2a7fd4;
  box-sizing: border-box; width: 340px; max-width: calc(100vw - 32px);
  padding: 16px 16px 14px; border-radius: 14px; border: 1px solid var(--border);
  background: var(--bg); color: var(--text);
  box-shadow: 0 12px 32px rgba(16, 24, 20, 0.18), 0 2px 6px rgba(16, 24, 20, 0.08);
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; text-align: left;
}
@media (prefers-color-scheme: dark) {
  .card {
    --bg: #1d2120; --text: #e7ebe9; --muted: #a4ada9; --border: #343b38;
    --accent: #5fc2a2; --accent-hover: #82d3b9; --on-accent: #0d211b; --accent-soft: #1c342d;
    --warn: #f29a80; --warn-soft: #3a231d; --focus: #7ab8f5;
    box-shadow: 0 12px 32px rgba(0, 0, 0, 0.5);
  }
}
@media (prefers-reduced-motion: no-preference) {
  .card { animation: rise 180ms ease-out; }
  @keyframes rise { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
}
* { box-sizing: border-box; }
.top { display: flex; align-items: center; gap: 8px; margin: 0 0 10px; color: var(--muted); font-size: 12px; font-weight: 600; letter-spacing: 0.02em; }
.top svg { flex: none; }
.top .brand { flex: 1; }
.close { all: unset; cursor: pointer; width: 28px; height: 28px; margin: -6px -6px -6px 0; border-radius: 8px; display: grid; place-items: center; color: var(--muted); font-size: 18px; line-height: 1; }
.close:hover { background: var(--accent-soft); color: var(--text); }
h2 { margin: 0 0 4px; font-size: 16px; line-height: 1.3; font-weight: 700; }
p { margin: 0 0 10px; }
.muted { color: var(--muted); }
.product { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; padding: 8px 10px; margin: 0 0 12px; border-radius: 10px; background: var(--accent-soft); }
.product .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.product .price { font-weight: 700; white-space: nowrap; }
.actions { display: flex; gap: 8px; }
button.answer {
  all: unset; box-sizing: border-box; cursor: pointer; text-align: center; font-weight: 600;
  padding: 9px 12px; border-radius: 9px; border: 1.5px solid var(--border); color: var(--text); background: var(--bg);
}
.actions button.answer { flex: 1; }
button.answer.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
button.answer:hover { border-color: var(--muted); }
button.answer.primary:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
button[disabled] { opacity: 0.6; cursor: default; }
.lapse { margin: 10px 0 0; font-size: 12px; color: var(--muted); }
.alert { margin: 10px 0 0; padding: 8px 10px; border-radius: 8px; background: var(--warn-soft); color: var(--warn); font-weight: 500; }
label { display: block; margin: 0 0 8px; font-size: 13px; font-weight: 600; }
textarea, input {
  all: unset; box-sizing: border-box; display: block; width: 100%; margin-top: 4px; padding: 8px 10px;
  border-radius: 8px; border: 1.5px solid var(--border); background: var(--bg); color: var(--text);
  font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; white-space: pre-wrap;
}
textarea { min-height: 72px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
[hidden] { display: none !important; }
`;

const SVG = 'http://www.w3.org/2000/svg';
/** The shapes of assets/mark-16.svg (the mark on the 16 px grid). */
const MARK_SHAPES: [string, Record<string, string>][] = [
  ['rect', { width: '16', height: '16', rx: '3.5', fill: '#1d6b57' }],
  ['path', { d: 'M5 6.5 C5 2.5, 11 2.5, 11 6.5', fill: 'none', stroke: '#ffffff', 'stroke-width': '1.4' }],
  ['path', { d: 'M3.5 6 H12.5 L13.5 13 a1 1 0 0 1 -1 1 H3.5 a1 1 0 0 1 -1 -1 L3.5 6 Z', fill: '#ffffff' }],
  ['path', { d: 'M5 8 H11 V11 H7.5 L6 12.5 V11 H5 Z', fill: '#1d6b57' }],
];

/** The Floorwalker mark, built node by node (no markup parsing: a shop's Trusted Types policy would refuse it). */
export function markIcon(doc: Document, size = 18): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  for (const [k, v] of Object.entries({ width: String(size), height: String(size), viewBox: '0 0 16 16', 'aria-hidden': 'true' })) svg.setAttribute(k, v);
  for (const [tag, attributes] of MARK_SHAPES) {
    const shape = doc.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attributes)) shape.setAttribute(k, v);
    svg.append(shape);
  }
  return svg;
}

export interface CornerCard {
  /** The element in the page (for tests and removal); its shadow root is closed to the page. */
  host: HTMLElement;
  /** The card's content, inside the closed shadow root. */
  root: ShadowRoot;
  remove(): void;
}

/** Host styles that the shop's stylesheets cannot override (inline, important). */
const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  right: '16px',
  bottom: '16px',
  left: 'auto',
  top: 'auto',
  'z-index': '2147483647',
  display: 'block',
  margin: '0',
  padding: '0',
  border: '0',
  width: 'auto',
  height: 'auto',
};

/**
 * Mounts an empty corner card on `doc`: a host element at the end of <html> (outside the
 * shop's <body>, so no selector of theirs counts it), fixed in the bottom right corner.
 */
export function mountCornerCard(doc: Document, name: string): CornerCard {
  const host = doc.createElement(`floorwalker-${name}`);
  for (const [property, value] of Object.entries(HOST_STYLE)) host.style.setProperty(property, value, 'important');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CARD_CSS;
  root.append(style);
  doc.documentElement.append(host);
  return { host, root, remove: () => host.remove() };
}

/** An element with attributes and children, for building the card's DOM without innerHTML (no markup from the page's data). */
export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}
