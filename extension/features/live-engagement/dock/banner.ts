import type { ConsentScope } from '../../../../shared/live';
import { el } from '../../invitation/corner-card';
import { sharingText } from '../asks.core';
import type { LiveView } from '../messages';
import { BANNER_CSS } from './styles';
import { mountShadow, type ShadowMount } from './shadow-mount';

export interface SharingBannerOptions {
  /** Starts as the chip (the shopper shrank it on an earlier page of this engagement). */
  chip?: boolean;
  /** The shopper shrank (true) or expanded (false) it. */
  onChip?: (chip: boolean) => void;
}

/**
 * While the associate sees or guides the tab: a compact bar in the bottom-left corner, over
 * no part of the shop's header (its logo, its search box), with one-click Stop for each. The
 * shopper may shrink it to a chip at the left edge ("Shared", and Stop, still one click) and
 * expand it again. It is its own mounted element (`<floorwalker-live-banner data-fw-sharing="view guide"
 * data-fw-chip="false">`) so it sits apart from the dock in the other corner.
 */
export function createSharingBanner(doc: Document, revoke: (scope: Extract<ConsentScope, 'view' | 'guide'>) => void, options: SharingBannerOptions = {}) {
  let mounted: ShadowMount | null = null;
  let chip = options.chip ?? false;
  let bar: HTMLElement;
  let small: HTMLElement;
  let text: HTMLElement;
  let chipLabel: HTMLElement;
  let expand: HTMLButtonElement;
  let stopView: HTMLButtonElement;
  let stopGuide: HTMLButtonElement;
  let stopAll: HTMLButtonElement;
  let view: LiveView | null = null;

  function mount(): ShadowMount {
    const shadow = mountShadow(doc, 'live-banner', 'bottom-left', BANNER_CSS);
    const dot = () => el(doc, 'span', { class: 'dot', 'aria-hidden': 'true' });
    text = el(doc, 'span', { class: 'text', 'data-testid': 'live-banner-text' });
    stopGuide = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'stop-guide', 'data-testid': 'live-banner-stop-guide' }, 'Stop guidance');
    stopView = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'stop-view', 'data-testid': 'live-banner-stop-view' }, 'Stop sharing');
    const shrink = el(doc, 'button', { class: 'icon', type: 'button', 'aria-label': 'Make this smaller', title: 'Make this smaller', 'data-action': 'shrink', 'data-testid': 'live-banner-shrink' }, '‹');
    chipLabel = el(doc, 'span', { class: 'label' });
    expand = el(doc, 'button', { class: 'grow', type: 'button', 'data-action': 'expand', 'data-testid': 'live-banner-expand' }, dot(), chipLabel);
    stopAll = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'stop', 'data-testid': 'live-banner-chip-stop' }, 'Stop');
    stopGuide.addEventListener('click', () => revoke('guide'));
    stopView.addEventListener('click', () => revoke('view'));
    stopAll.addEventListener('click', () => {
      if (view?.consents.guide) revoke('guide');
      if (view?.consents.view) revoke('view');
    });
    shrink.addEventListener('click', () => setChip(true));
    expand.addEventListener('click', () => setChip(false));
    bar = el(doc, 'div', { class: 'card banner', role: 'status', 'data-testid': 'live-banner' }, dot(), text, stopGuide, stopView, shrink);
    small = el(doc, 'div', { class: 'card chip', 'data-testid': 'live-banner-chip' }, expand, stopAll);
    shadow.root.append(bar, small);
    return shadow;
  }

  function setChip(next: boolean): void {
    if (chip !== next) options.onChip?.(next);
    chip = next;
    if (view) render(view);
  }

  function render(next: LiveView): void {
    view = next;
    const words = next.link === 'closed' ? null : sharingText(next.consents, next.associateName, next.away ? { shopName: next.shopName } : undefined);
    if (!words) {
      mounted?.remove();
      mounted = null;
      return;
    }
    mounted ??= mount();
    text.textContent = words;
    stopView.hidden = !next.consents.view;
    stopGuide.hidden = !next.consents.guide;
    chipLabel.textContent = next.away ? 'Paused' : 'Shared';
    expand.setAttribute('aria-label', `${words} (show more)`);
    expand.title = words;
    stopAll.setAttribute('aria-label', next.consents.view ? 'Stop sharing' : 'Stop guidance');
    bar.hidden = chip;
    small.hidden = !chip;
    mounted.element.dataset.fwSharing = next.away ? 'paused' : (['view', 'guide'] as const).filter((s) => next.consents[s]).join(' ');
    mounted.element.dataset.fwChip = String(chip);
    // The chip sits against the left edge; the bar keeps the corner's margin.
    mounted.element.style.setProperty('left', chip ? '0px' : '16px', 'important');
  }

  return {
    /** Shows, updates or removes the banner for the view's consents. */
    render,
    /** Shrinks it to the chip, or expands it. */
    setChip,
    chip: () => chip,
    remove(): void {
      mounted?.remove();
      mounted = null;
    },
    get element(): HTMLElement | null {
      return mounted?.element ?? null;
    },
  };
}
export type SharingBanner = ReturnType<typeof createSharingBanner>;
