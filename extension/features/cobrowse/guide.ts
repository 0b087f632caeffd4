import type { LiveMessageOf } from '../../../shared/live';
import { OVERLAY_ATTRIBUTE } from './masking';
import type { Guide, GuidanceCommand, Recording } from './types';

/**
 * The associate's guidance drawn on the shopper's page: a pointer that follows the associate's
 * mouse and a box around the element they point out. Both live in one overlay host in a closed
 * shadow root (the shop's styles and scripts cannot reach in, ours cannot leak out), fixed to
 * the viewport with pointer-events off, so nothing of the shop moves and every click still goes
 * to the shop. The host carries `data-fw-overlay` (the recording leaves it out) and, while
 * something is highlighted, `data-fw-highlight="<node id>"` (the hook end-to-end tests read).
 */

export const GUIDE_CSS = `
:host { all: initial; }
.pointer, .highlight { position: fixed; top: 0; left: 0; pointer-events: none; box-sizing: border-box; }
.pointer { display: flex; align-items: flex-start; gap: 2px; will-change: transform; }
.pointer .label {
  margin-top: 14px; padding: 2px 6px; border-radius: 6px; background: #1d6b57; color: #ffffff;
  font: 600 12px/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; white-space: nowrap;
  max-width: 200px; overflow: hidden; text-overflow: ellipsis;
}
.highlight {
  border: 3px solid #1d6b57; border-radius: 6px;
  box-shadow: 0 0 0 4px rgba(29, 107, 87, 0.25), 0 0 0 9999px rgba(16, 24, 20, 0.12);
}
@media (prefers-reduced-motion: no-preference) {
  .pointer { transition: transform 60ms linear; }
  .highlight { animation: pulse 1.2s ease-in-out 2; }
  @keyframes pulse { 50% { box-shadow: 0 0 0 10px rgba(29, 107, 87, 0.15), 0 0 0 9999px rgba(16, 24, 20, 0.12); } }
}
[hidden] { display: none !important; }
`;

/** Host styles the shop's stylesheets cannot override: a zero-size box at the top of every stack. */
const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  top: '0',
  left: '0',
  width: '0',
  height: '0',
  overflow: 'visible',
  'z-index': '2147483647',
  'pointer-events': 'none',
  display: 'block',
};

/** Space between the element and the highlight's border, in px. */
const HIGHLIGHT_PAD = 4;
const SVG = 'http://www.w3.org/2000/svg';

export interface GuideOptions {
  recording: Pick<Recording, 'nodeById' | 'isMasked'>;
  root: Document;
  /** Whether the shopper consents to being guided now (asked at each command). */
  mayGuide: () => boolean;
  /** The label beside the pointer (the associate's name); "Associate" by default. */
  label?: string;
}

function refusal(command: 'highlight' | 'scroll-to', reason: LiveMessageOf<'guidance-refused'>['reason']): LiveMessageOf<'guidance-refused'> {
  return { v: 1, type: 'guidance-refused', command, reason };
}

function arrow(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  for (const [k, v] of Object.entries({ width: '20', height: '20', viewBox: '0 0 20 20', 'aria-hidden': 'true' })) svg.setAttribute(k, v);
  const path = doc.createElementNS(SVG, 'path');
  for (const [k, v] of Object.entries({ d: 'M2 2 L17 9 L10 11 L7 18 Z', fill: '#1d6b57', stroke: '#ffffff', 'stroke-width': '1.5', 'stroke-linejoin': 'round' })) {
    path.setAttribute(k, v);
  }
  svg.append(path);
  return svg;
}

/**
 * Shows the associate's guidance on `root` (the shop's page). The overlay is mounted on first
 * use and removed by `clear()`.
 * e.g. const guide = createGuide({ recording, root: document, mayGuide: () => consents.guide }); link.send(guide.apply(msg) ?? ...)
 */
export function createGuide(options: GuideOptions): Guide {
  const doc = options.root;
  const win = doc.defaultView;
  let overlay: { host: HTMLElement; pointer: HTMLElement; highlight: HTMLElement } | null = null;
  let target: Element | null = null;
  let frame: number | null = null;
  let resizeObserver: ResizeObserver | null = null;

  const mount = () => {
    if (overlay) return overlay;
    const host = doc.createElement('floorwalker-guide');
    for (const [property, value] of Object.entries(HOST_STYLE)) host.style.setProperty(property, value, 'important');
    host.setAttribute(OVERLAY_ATTRIBUTE, '');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = GUIDE_CSS;
    const pointer = doc.createElement('div');
    pointer.className = 'pointer';
    pointer.hidden = true;
    const label = doc.createElement('span');
    label.className = 'label';
    label.textContent = options.label?.trim() || 'Associate';
    pointer.append(arrow(doc), label);
    const highlight = doc.createElement('div');
    highlight.className = 'highlight';
    highlight.hidden = true;
    shadow.append(style, highlight, pointer);
    // At the end of <html>, outside the shop's <body>: no selector of theirs counts it.
    doc.documentElement.append(host);
    overlay = { host, pointer, highlight };
    return overlay;
  };

  /** Puts the box where the element is now (it moves with scrolling, resizing and layout). */
  const place = () => {
    frame = null;
    if (!overlay || !target) return;
    if (!target.isConnected) return unhighlight();
    const rect = target.getBoundingClientRect();
    const box = overlay.highlight.style;
    box.transform = `translate(${rect.left - HIGHLIGHT_PAD}px, ${rect.top - HIGHLIGHT_PAD}px)`;
    box.width = `${rect.width + 2 * HIGHLIGHT_PAD}px`;
    box.height = `${rect.height + 2 * HIGHLIGHT_PAD}px`;
  };
  const schedulePlace = () => {
    if (frame !== null || !win) return;
    frame = win.requestAnimationFrame(place);
  };

  const follow = (on: boolean) => {
    if (!win) return;
    const method = on ? 'addEventListener' : 'removeEventListener';
    // Capture: scrolling any scroll container of the shop moves the element too.
    win[method]('scroll', schedulePlace, { capture: true, passive: true } as AddEventListenerOptions);
    win[method]('resize', schedulePlace, { passive: true } as AddEventListenerOptions);
  };

  function unhighlight() {
    if (target) follow(false);
    target = null;
    resizeObserver?.disconnect();
    resizeObserver = null;
    if (frame !== null && win) win.cancelAnimationFrame(frame);
    frame = null;
    if (overlay) {
      overlay.highlight.hidden = true;
      overlay.host.removeAttribute('data-fw-highlight');
    }
  }

  function highlight(element: Element, nodeId: number) {
    const { host, highlight: box } = mount();
    if (!target) follow(true);
    target = element;
    resizeObserver?.disconnect();
    resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(schedulePlace) : null;
    resizeObserver?.observe(element);
    box.hidden = false;
    host.setAttribute('data-fw-highlight', String(nodeId));
    place();
  }

  /** The element a command names, or why the associate may not have it. */
  const resolve = (nodeId: number): Element | 'not_found' | 'masked' => {
    const element = options.recording.nodeById(nodeId);
    if (!element || !element.isConnected || (overlay && overlay.host.contains(element))) return 'not_found';
    return options.recording.isMasked(element) ? 'masked' : element;
  };

  return {
    apply(command: GuidanceCommand) {
      switch (command.type) {
        case 'pointer': {
          // No consent, no pointer; a pointer is never refused aloud (it is sent many times a second).
          if (!command.visible || !options.mayGuide()) {
            if (overlay) overlay.pointer.hidden = true;
            overlay?.host.removeAttribute('data-fw-pointer');
            return null;
          }
          const { host, pointer } = mount();
          pointer.hidden = false;
          pointer.style.transform = `translate(${command.x}px, ${command.y}px)`;
          host.setAttribute('data-fw-pointer', `${Math.round(command.x)},${Math.round(command.y)}`);
          return null;
        }
        case 'highlight': {
          // Taking a highlight away needs no consent: it only removes what we drew.
          if (command.nodeId === null) {
            unhighlight();
            return null;
          }
          if (!options.mayGuide()) return refusal('highlight', 'no_consent');
          const element = resolve(command.nodeId);
          if (typeof element === 'string') return refusal('highlight', element);
          highlight(element, command.nodeId);
          return null;
        }
        case 'scroll-to': {
          if (!options.mayGuide()) return refusal('scroll-to', 'no_consent');
          const element = resolve(command.nodeId);
          if (typeof element === 'string') return refusal('scroll-to', element);
          element.scrollIntoView({ block: 'center', behavior: 'smooth' });
          return null;
        }
      }
    },
    clear() {
      unhighlight();
      overlay?.host.remove();
      overlay = null;
    },
  };
}
