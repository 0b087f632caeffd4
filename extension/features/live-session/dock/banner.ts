import type { ConsentScope } from '../../../../shared/live';
import { el } from '../../invitation/corner-card';
import { sharingText } from '../asks.core';
import type { LiveView } from '../messages';
import { BANNER_CSS } from './styles';
import { mountShadowHost, type ShadowHost } from './host';

/**
 * The bar at the top edge of the tab while the associate sees or guides it, with one-click
 * Stop for each. It is its own host (`<floorwalker-live-banner data-fw-sharing="view guide">`)
 * so it sits at the top while the dock sits in the corner.
 */
export function createSharingBanner(doc: Document, revoke: (scope: Extract<ConsentScope, 'view' | 'guide'>) => void) {
  let mounted: ShadowHost | null = null;
  let text: HTMLElement;
  let stopView: HTMLButtonElement;
  let stopGuide: HTMLButtonElement;

  function mount(): ShadowHost {
    const shadow = mountShadowHost(doc, 'live-banner', 'top', BANNER_CSS);
    text = el(doc, 'span', { class: 'text', 'data-testid': 'live-banner-text' });
    stopGuide = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'stop-guide', 'data-testid': 'live-banner-stop-guide' }, 'Stop guidance');
    stopView = el(doc, 'button', { class: 'small', type: 'button', 'data-action': 'stop-view', 'data-testid': 'live-banner-stop-view' }, 'Stop sharing');
    stopGuide.addEventListener('click', () => revoke('guide'));
    stopView.addEventListener('click', () => revoke('view'));
    shadow.root.append(
      el(doc, 'div', { class: 'card banner', role: 'status', 'data-testid': 'live-banner' }, el(doc, 'span', { class: 'dot', 'aria-hidden': 'true' }), text, stopGuide, stopView),
    );
    return shadow;
  }

  return {
    /** Shows, updates or removes the banner for the view's consents. */
    render(view: LiveView): void {
      const words = view.link === 'closed' ? null : sharingText(view.consents, view.associateName, view.away ? { shopName: view.shopName } : undefined);
      if (!words) {
        mounted?.remove();
        mounted = null;
        return;
      }
      mounted ??= mount();
      text.textContent = words;
      stopView.hidden = !view.consents.view;
      stopGuide.hidden = !view.consents.guide;
      mounted.host.dataset.fwSharing = view.away ? 'paused' : (['view', 'guide'] as const).filter((s) => view.consents[s]).join(' ');
    },
    remove(): void {
      mounted?.remove();
      mounted = null;
    },
    get host(): HTMLElement | null {
      return mounted?.host ?? null;
    },
  };
}
export type SharingBanner = ReturnType<typeof createSharingBanner>;
