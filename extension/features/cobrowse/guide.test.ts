import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGuide } from './guide';
import { pageMasking } from './masking';
import type { Guide, GuidanceCommand } from './types';

const IDS = { add: 11, pw: 12, card: 13, marked: 14, email: 15, gone: 16 };
let consent: boolean;
let guide: Guide;
let scrolled: Element[];

beforeEach(() => {
  consent = true;
  scrolled = [];
  document.body.innerHTML = `
    <main style="margin: 0">
      <button id="add">Add to cart</button>
      <input id="pw" type="password">
      <input id="card" autocomplete="cc-number">
      <input id="email" type="email">
      <section data-fw-mask><p id="marked">Private</p></section>
    </main>`;
  const byId = new Map<number, Element>();
  for (const [id, nodeId] of Object.entries(IDS)) {
    const element = document.getElementById(id);
    if (element) byId.set(nodeId, element);
  }
  const gone = document.createElement('div');
  byId.set(IDS.gone, gone);
  Element.prototype.scrollIntoView = function (this: Element, arg?: boolean | ScrollIntoViewOptions) {
    expect(arg).toEqual({ block: 'center', behavior: 'smooth' });
    scrolled.push(this);
  };
  const masking = pageMasking(document, []);
  guide = createGuide({
    recording: { nodeById: (id) => byId.get(id) ?? null, isMasked: (el) => masking.isGuarded(el) },
    root: document,
    mayGuide: () => consent,
    label: 'Ana',
  });
});
afterEach(() => {
  guide.clear();
});

const host = () => document.querySelector<HTMLElement>('floorwalker-guide');
const highlight = (nodeId: number | null): GuidanceCommand => ({ v: 1, type: 'highlight', nodeId });
const scrollTo = (nodeId: number): GuidanceCommand => ({ v: 1, type: 'scroll-to', nodeId });
const pointer = (x: number, y: number, visible = true): GuidanceCommand => ({ v: 1, type: 'pointer', x, y, visible });

describe('createGuide', () => {
  it('highlights an element: the host carries data-fw-highlight with its id, outside the shop body', () => {
    expect(guide.apply(highlight(IDS.add))).toBeNull();
    expect(host()?.getAttribute('data-fw-highlight')).toBe(String(IDS.add));
    expect(host()?.parentElement).toBe(document.documentElement);
    expect(host()?.hasAttribute('data-fw-overlay')).toBe(true);
    expect(host()?.style.getPropertyValue('pointer-events')).toBe('none');
    expect(host()?.style.getPropertyValue('position')).toBe('fixed');
    // The shadow root is closed: the shop's scripts cannot reach into it.
    expect(host()?.shadowRoot).toBeNull();
  });

  it('moves the highlight to another element, and clears it with nodeId null', () => {
    guide.apply(highlight(IDS.add));
    guide.apply(highlight(IDS.email));
    expect(host()?.getAttribute('data-fw-highlight')).toBe(String(IDS.email));
    expect(guide.apply(highlight(null))).toBeNull();
    expect(host()?.hasAttribute('data-fw-highlight')).toBe(false);
  });

  it.each([
    ['a password field', IDS.pw, 'masked'],
    ['a card number field', IDS.card, 'masked'],
    ['an element inside data-fw-mask', IDS.marked, 'masked'],
    ['an unknown id', 999, 'not_found'],
    ['an element no longer in the page', IDS.gone, 'not_found'],
  ] as const)('refuses to highlight or scroll to %s (%s)', (_, nodeId, reason) => {
    expect(guide.apply(highlight(nodeId))).toEqual({ v: 1, type: 'guidance-refused', command: 'highlight', reason });
    expect(guide.apply(scrollTo(nodeId))).toEqual({ v: 1, type: 'guidance-refused', command: 'scroll-to', reason });
    expect(host()?.hasAttribute('data-fw-highlight') ?? false).toBe(false);
    expect(scrolled).toEqual([]);
  });

  it('refuses everything without the guide consent, and draws no pointer', () => {
    consent = false;
    expect(guide.apply(highlight(IDS.add))).toEqual({ v: 1, type: 'guidance-refused', command: 'highlight', reason: 'no_consent' });
    expect(guide.apply(scrollTo(IDS.add))).toEqual({ v: 1, type: 'guidance-refused', command: 'scroll-to', reason: 'no_consent' });
    expect(guide.apply(pointer(10, 10))).toBeNull();
    expect(host()?.hasAttribute('data-fw-pointer') ?? false).toBe(false);
    expect(scrolled).toEqual([]);
  });

  it('scrolls the shopper to an element, smoothly, centred', () => {
    expect(guide.apply(scrollTo(IDS.add))).toBeNull();
    expect(scrolled).toEqual([document.getElementById('add')]);
  });

  it('shows the pointer where the associate points, and hides it', () => {
    guide.apply(pointer(120.4, 80.6));
    expect(host()?.getAttribute('data-fw-pointer')).toBe('120,81');
    guide.apply(pointer(0, 0, false));
    expect(host()?.hasAttribute('data-fw-pointer')).toBe(false);
  });

  it('follows the element when the page scrolls', async () => {
    // Keep a handle on the closed shadow root, as only a test may.
    const attach = Element.prototype.attachShadow;
    let shadow: ShadowRoot | null = null;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      shadow = attach.call(this, init);
      return shadow;
    });
    const add = document.getElementById('add')!;
    let top = 100;
    vi.spyOn(add, 'getBoundingClientRect').mockImplementation(() => ({ left: 20, top, width: 80, height: 30, right: 100, bottom: top + 30, x: 20, y: top, toJSON: () => ({}) }));
    guide.apply(highlight(IDS.add));
    const box = () => (shadow as ShadowRoot | null)!.querySelector<HTMLElement>('.highlight')!.style;
    expect(box().transform).toBe('translate(16px, 96px)');
    expect(box().width).toBe('88px');
    top = 40;
    window.dispatchEvent(new Event('scroll'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(box().transform).toBe('translate(16px, 36px)');
    vi.restoreAllMocks();
  });

  it('drops the highlight when the element leaves the page', async () => {
    guide.apply(highlight(IDS.add));
    document.getElementById('add')!.remove();
    window.dispatchEvent(new Event('resize'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host()?.hasAttribute('data-fw-highlight')).toBe(false);
  });

  it('clear removes the overlay from the page', () => {
    guide.apply(highlight(IDS.add));
    guide.apply(pointer(1, 1));
    guide.clear();
    expect(host()).toBeNull();
  });

  it('never changes the shop’s own elements', () => {
    const before = document.body.innerHTML;
    guide.apply(highlight(IDS.add));
    guide.apply(pointer(5, 5));
    guide.apply(scrollTo(IDS.add));
    expect(document.body.innerHTML).toBe(before);
  });
});
