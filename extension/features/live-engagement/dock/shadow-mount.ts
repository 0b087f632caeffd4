import { OVERLAY_ATTRIBUTE } from '../../cobrowse/masking';

// The dock and the banner each live in a closed shadow root on an element (its shadow host) appended to
// <html> (outside the shop's <body>), fixed in place: the shop's styles cannot reach in, ours
// cannot leak out, and the shop's own elements never move.

export interface ShadowMount {
  /** The element in the page (the shadow host); test hooks are data attributes on it (the root is closed). */
  element: HTMLElement;
  root: ShadowRoot;
  remove(): void;
}

const BASE_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  'z-index': '2147483647',
  display: 'block',
  margin: '0',
  padding: '0',
  border: '0',
  width: 'auto',
  height: 'auto',
};

/**
 * Where a mount sits: bottom right (the dock) or bottom left (the sharing banner). Never the top
 * edge: that is where shops keep their logo, search box and menu.
 */
export type MountPlace = 'corner' | 'bottom-left';
const PLACES: Record<MountPlace, Record<string, string>> = {
  corner: { right: '16px', bottom: '16px', left: 'auto', top: 'auto' },
  'bottom-left': { left: '16px', bottom: '16px', right: 'auto', top: 'auto' },
};

/** Mounts `<floorwalker-{name}>` with a closed shadow root holding `css`. */
export function mountShadow(doc: Document, name: string, place: MountPlace, css: string): ShadowMount {
  const element = doc.createElement(`floorwalker-${name}`);
  // Inline and important: the shop's stylesheets cannot move or hide it.
  for (const [property, value] of Object.entries({ ...BASE_STYLE, ...PLACES[place] })) element.style.setProperty(property, value, 'important');
  // Ours, not the shop's: the recording leaves it out (the associate does not see the shopper's chat echoed).
  element.setAttribute(OVERLAY_ATTRIBUTE, '');
  const root = element.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  doc.documentElement.append(element);
  return { element, root, remove: () => element.remove() };
}

/** Keys typed in our fields are ours: the shop's shortcuts (e.g. "/" to search) must not see them. */
export function keepKeysInside(element: HTMLElement): void {
  for (const type of ['keydown', 'keyup', 'keypress'] as const) element.addEventListener(type, (event) => event.stopPropagation());
}
