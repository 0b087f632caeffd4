import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveView } from '../messages';
import { liveView, productCardLine, T0 } from '../testing/live-view';
import { BANNER_TAG, DOCK_TAG, mountLiveDock, type DockActions, type LiveDock } from './dock';

const view = liveView;
const line = (id: string, from: 'shopper' | 'associate', delivered = true) => ({ id, from, text: `line ${id}`, sentAt: T0, delivered });

let calls: [string, ...unknown[]][];
let dock: LiveDock;
let root: ShadowRoot;
const attachShadow = Element.prototype.attachShadow;
const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
  calls = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push([name, ...args]);
  const actions: DockActions = {
    send: record('send'),
    typing: record('typing'),
    answer: record('answer'),
    revoke: record('revoke'),
    voice: record('voice'),
    end: record('end'),
    dismiss: record('dismiss'),
    openCard: record('openCard'),
  };
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementationOnce(function (this: Element, init: ShadowRootInit) {
    root = attachShadow.call(this, init);
    return root;
  });
  dock = mountLiveDock(document, actions, { now: Date.now, timers: { setTimeout: (run, ms) => setTimeout(run, ms) as unknown as number, clearTimeout } });
});
afterEach(() => {
  dock.remove();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the dock in the page', () => {
  it('is one fixed host at the end of <html>, outside the shop’s body, with a closed root', () => {
    dock.render(view());
    const host = document.querySelector<HTMLElement>(DOCK_TAG)!;
    expect(host.parentElement).toBe(document.documentElement);
    expect(host.shadowRoot).toBeNull();
    expect(host.style.getPropertyValue('position')).toBe('fixed');
    expect(host.style.getPropertyPriority('position')).toBe('important');
    expect(document.body.contains(host)).toBe(false);
    // Left out of the recording the associate sees.
    expect(host.hasAttribute('data-fw-overlay')).toBe(true);
  });

  it('has a light and a dark look', () => {
    expect($('style')!.textContent).toContain('prefers-color-scheme: dark');
  });

  it('keeps keys typed in it from the shop’s shortcuts', () => {
    dock.render(view());
    const shop = vi.fn();
    document.addEventListener('keydown', shop);
    $('[data-role=chat-input]')!.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true, composed: true }));
    document.removeEventListener('keydown', shop);
    expect(shop).not.toHaveBeenCalled();
  });

  it('removes itself and the banner', () => {
    dock.render(view({ consents: { view: true, guide: false, voice: false } }));
    expect(document.querySelector(BANNER_TAG)).not.toBeNull();
    dock.remove();
    expect(document.querySelector(DOCK_TAG)).toBeNull();
    expect(document.querySelector(BANNER_TAG)).toBeNull();
  });
});

describe('chat lines', () => {
  it('own lines on the right with a delivered tick, theirs on the left', () => {
    dock.render(view({ chat: [line('1', 'associate'), line('2', 'shopper', false)] }));
    expect($('[data-id="1"]')!.className).toBe('line theirs');
    expect($('[data-id="2"]')!.className).toBe('line mine');
    expect($('[data-id="2"]')!.dataset.delivered).toBe('false');
    // The same marks as the associate's console: ✓ sent, ✓✓ delivered.
    expect($('[data-id="2"] .tick')!.getAttribute('aria-label')).toBe('Sent');
    expect($('[data-id="2"] .tick')!.textContent).toBe('✓');
    expect($('[data-id="1"] .tick')).toBeNull();
    dock.render(view({ chat: [line('1', 'associate'), line('2', 'shopper', true)] }));
    expect($('[data-id="2"]')!.dataset.delivered).toBe('true');
    expect($('[data-id="2"] .tick')!.getAttribute('aria-label')).toBe('Delivered');
    expect($('[data-id="2"] .tick')!.textContent).toBe('✓✓');
    expect(root.querySelectorAll('.line')).toHaveLength(2);
    expect(document.querySelector<HTMLElement>(DOCK_TAG)!.dataset.fwChat).toBe('2');
  });

  it('keeps what the shopper is typing across updates', () => {
    dock.render(view());
    const input = $<HTMLInputElement>('[data-role=chat-input]')!;
    input.value = 'half a sent';
    dock.render(view({ chat: [line('1', 'associate')], typing: true }));
    expect($<HTMLInputElement>('[data-role=chat-input]')).toBe(input);
    expect(input.value).toBe('half a sent');
  });
});

describe('collapsed to a bubble', () => {
  it('counts the associate’s lines that arrive while it is collapsed, and clears on opening', () => {
    dock.render(view({ chat: [line('1', 'associate')] }));
    $<HTMLButtonElement>('[data-action=collapse]')!.click();
    expect($('[data-testid=live-dock]')!.hidden).toBe(true);
    expect($('[data-testid=live-bubble]')!.hidden).toBe(false);
    expect($('[data-testid=live-unread]')!.textContent).toBe('');
    dock.render(view({ chat: [line('1', 'associate'), line('2', 'shopper'), line('3', 'associate'), line('4', 'associate')] }));
    expect($('[data-testid=live-unread]')!.textContent).toBe('2');
    expect(document.querySelector<HTMLElement>(DOCK_TAG)!.dataset.fwUnread).toBe('2');
    $<HTMLButtonElement>('[data-action=expand]')!.click();
    expect($('[data-testid=live-dock]')!.hidden).toBe(false);
    expect(document.querySelector<HTMLElement>(DOCK_TAG)!.dataset.fwUnread).toBe('0');
    $<HTMLButtonElement>('[data-action=collapse]')!.click();
    expect($('[data-testid=live-unread]')!.textContent).toBe('');
  });

  it('opens by itself when the associate asks something', () => {
    dock.render(view());
    dock.setCollapsed(true);
    dock.render(view({ asks: [{ kind: 'consent', id: 'a', scope: 'voice', expiresAt: T0 + 30_000 }] }));
    expect(dock.collapsed()).toBe(false);
    expect($('[data-testid=live-ask-voice] h3')!.textContent).toBe('Alex would like to talk (uses your microphone)');
  });
});

describe('the voice bar', () => {
  const voice = (v: Partial<LiveView['voice']>) => view({ voice: { state: 'on', muted: false, remoteMuted: false, error: null, ...v } });

  it('is there only during a call, with its state', () => {
    dock.render(view());
    expect($('[data-testid=live-voice]')!.hidden).toBe(true);
    dock.render(voice({ state: 'starting' }));
    expect($('[data-testid=live-voice]')!.hidden).toBe(false);
    expect($('[data-testid=live-voice-state]')!.textContent).toBe('Calling…');
    dock.render(voice({ remoteMuted: true }));
    expect($('[data-testid=live-voice-state]')!.textContent).toBe('Alex muted');
    expect(document.querySelector<HTMLElement>(DOCK_TAG)!.dataset.fwVoice).toBe('on');
  });

  it('Mute, Unmute and Hang up', () => {
    dock.render(voice({}));
    $<HTMLButtonElement>('[data-testid=live-voice-mute]')!.click();
    dock.render(voice({ muted: true }));
    expect($('[data-testid=live-voice-mute]')!.textContent).toBe('Unmute');
    $<HTMLButtonElement>('[data-testid=live-voice-mute]')!.click();
    $<HTMLButtonElement>('[data-action=hang-up]')!.click();
    expect(calls).toEqual([
      ['voice', 'mute'],
      ['voice', 'unmute'],
      ['voice', 'hang-up'],
    ]);
  });
});

describe('the header', () => {
  it('End ends a live engagement; Close dismisses an ended one', () => {
    dock.render(view());
    $<HTMLButtonElement>('[data-action=end]')!.click();
    dock.render(view({ link: 'closed', closedReason: 'the connection was lost' }));
    expect($('[data-testid=live-link]')!.textContent).toBe('Ended: the connection was lost');
    expect($('[data-action=end]')!.textContent).toBe('Close');
    $<HTMLButtonElement>('[data-action=end]')!.click();
    expect(calls).toEqual([['end'], ['dismiss']]);
  });
});

describe('the sharing banner', () => {
  /** The banner's closed root, kept as it is made. */
  let bannerRoot: ShadowRoot | null = null;
  beforeEach(() => {
    bannerRoot = null;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      const made = attachShadow.call(this, init);
      if (this.tagName.toLowerCase() === BANNER_TAG) bannerRoot = made;
      return made;
    });
  });
  const inBanner = <E extends HTMLElement = HTMLElement>(selector: string) => bannerRoot!.querySelector<E>(selector)!;

  it('sits in the bottom-left corner, off the shop’s header, and says what is shared (one banner, updated)', () => {
    dock.render(view({ consents: { view: false, guide: true, voice: true } }));
    const banner = document.querySelector<HTMLElement>(BANNER_TAG)!;
    expect(banner.dataset.fwSharing).toBe('guide');
    expect([banner.style.getPropertyValue('bottom'), banner.style.getPropertyValue('left'), banner.style.getPropertyValue('top')]).toEqual(['16px', '16px', 'auto']);
    expect(banner.hasAttribute('data-fw-overlay')).toBe(true);
    dock.render(view({ consents: { view: true, guide: true, voice: false } }));
    expect(document.querySelectorAll(BANNER_TAG)).toHaveLength(1);
    expect(banner.dataset.fwSharing).toBe('view guide');
  });

  it('shrinks to a chip at the left edge, whose Stop ends what is shared in one click, and expands again', () => {
    dock.render(view({ consents: { view: true, guide: true, voice: false } }));
    const banner = document.querySelector<HTMLElement>(BANNER_TAG)!;
    expect([inBanner('[data-testid=live-banner]').hidden, inBanner('[data-testid=live-banner-chip]').hidden]).toEqual([false, true]);
    inBanner('[data-action=shrink]').click();
    expect(banner.dataset.fwChip).toBe('true');
    expect([inBanner('[data-testid=live-banner]').hidden, inBanner('[data-testid=live-banner-chip]').hidden]).toEqual([true, false]);
    expect(banner.style.getPropertyValue('left')).toBe('0px');
    expect(inBanner('[data-action=expand]').textContent).toBe('Shared');
    expect(inBanner('[data-action=expand]').getAttribute('aria-label')).toBe('Alex can see this tab and guide you (show more)');
    dock.render(view({ consents: { view: true, guide: true, voice: false }, chat: [line('1', 'associate')] }));
    expect(banner.dataset.fwChip).toBe('true'); // a new view keeps it small
    inBanner('[data-action=stop]').click();
    expect(calls).toEqual([
      ['revoke', 'guide'],
      ['revoke', 'view'],
    ]);
    inBanner('[data-action=expand]').click();
    expect(banner.dataset.fwChip).toBe('false');
    expect(banner.style.getPropertyValue('left')).toBe('16px');
  });

  it('starts as the chip when the shopper left it so, and tells when they change it', () => {
    dock.remove();
    const changes: boolean[] = [];
    dock = mountLiveDock(document, {} as DockActions, {
      now: Date.now,
      timers: { setTimeout: (run, ms) => setTimeout(run, ms) as unknown as number, clearTimeout },
      banner: { chip: true, onChip: (chip) => changes.push(chip) },
    });
    dock.render(view({ consents: { view: true, guide: false, voice: false } }));
    expect(document.querySelector<HTMLElement>(BANNER_TAG)!.dataset.fwChip).toBe('true');
    inBanner('[data-action=expand]').click();
    inBanner('[data-action=shrink]').click();
    expect(changes).toEqual([false, true]);
  });

  it('is not there for a call alone, nor after the end', () => {
    dock.render(view({ consents: { view: false, guide: false, voice: true } }));
    expect(document.querySelector(BANNER_TAG)).toBeNull();
    dock.render(view({ link: 'closed', consents: { view: true, guide: false, voice: false } }));
    expect(document.querySelector(BANNER_TAG)).toBeNull();
  });
});

describe('cards in the chat', () => {
  it('shows a product card (image, name, price, link) as nodes, and opens it through the action in one click', () => {
    const card = productCardLine('k1', { name: 'Trail <b>Tent</b>', imageUrl: 'https://cdn.shop.example/t.jpg' });
    dock.render(view({ chat: [card] }));
    const item = $('[data-testid=live-card]')!;
    expect(item.querySelector('b')).toBeNull();
    expect(item.querySelector('.card-name')!.textContent).toBe('Trail <b>Tent</b>');
    expect(item.querySelector('[data-testid=live-card-price]')!.textContent).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(349));
    expect(item.querySelector('img')!.getAttribute('src')).toBe('https://cdn.shop.example/t.jpg');
    const open = item.querySelector<HTMLAnchorElement>('[data-testid=live-card-open]')!;
    expect([open.getAttribute('href'), open.getAttribute('target'), open.getAttribute('aria-label')]).toEqual(['https://shop.example/p/trail-tent-2p', null, 'View Trail <b>Tent</b>']);
    open.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    expect(calls).toEqual([['openCard', 'https://shop.example/p/trail-tent-2p']]);
    // Shown once, whatever the later views.
    dock.render(view({ chat: [card] }));
    expect(root.querySelectorAll('[data-testid=live-card]')).toHaveLength(1);
  });

  it('a card for another site has no link and says why; an image that is not https is left out', () => {
    dock.render(view({ chat: [productCardLine('k1', { url: 'https://evil.example/p', imageUrl: 'http://cdn.example/t.jpg' })] }));
    const item = $('[data-testid=live-card]')!;
    expect(item.dataset.openable).toBe('false');
    expect(item.querySelector('a, img')).toBeNull();
    expect(item.querySelector('[data-testid=live-card-why]')!.textContent).toBe('evil.example is not one of Voltaire’s sites, so this link cannot be opened from the chat.');
  });

  it('a material opens in a new tab, only from the backend or the shop', () => {
    dock.render(
      view({
        chat: [
          { id: 'm1', from: 'associate', text: 'Document', sentAt: T0, delivered: true, card: { kind: 'material', card: { materialId: 'm1', title: 'Tent sheet', kind: 'document', url: 'https://shop.example/sheets/tent.pdf' } } },
          { id: 'm2', from: 'associate', text: 'Link', sentAt: T0, delivered: true, card: { kind: 'material', card: { materialId: 'm2', title: 'Elsewhere', kind: 'link', url: 'https://evil.example/x' } } },
        ],
      }),
    );
    const [sheet, elsewhere] = [...root.querySelectorAll<HTMLElement>('[data-testid=live-card]')];
    const a = sheet!.querySelector('a')!;
    expect([a.getAttribute('target'), a.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
    expect(elsewhere!.querySelector('a')).toBeNull();
  });
});
