import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { phoneConsentText } from '../../../../shared/telephony';
import type { DialInReply, LiveCall, LiveView, PhoneReply } from '../messages';
import { liveView, productCardLine, T0 } from '../testing/live-view';
import { BANNER_TAG, DOCK_TAG, mountLiveDock, type DockActions, type LiveDock } from './dock';

const view = liveView;
const line = (id: string, from: 'shopper' | 'associate', delivered = true) => ({ id, from, text: `line ${id}`, sentAt: T0, delivered });

let calls: [string, ...unknown[]][];
/** What the phone requests answer (the host's reply), in order; ok once used up. */
let replies: PhoneReply[];
/** What live:dial-in answers, in order; a code once used up. */
let dialIns: DialInReply[];
/** What the copy button copied. */
let copied: string[];
/** The number kept on this browser (the dock's phone memory). */
let kept: string | null;
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
    givePhone: async (body) => (calls.push(['givePhone', body]), replies.shift() ?? { ok: true }),
    removePhone: async () => (calls.push(['removePhone']), replies.shift() ?? { ok: true }),
    hangUp: async (callId) => (calls.push(['hangUp', callId]), replies.shift() ?? { ok: true }),
    callAgain: async () => (calls.push(['callAgain']), replies.shift() ?? { ok: true }),
    dialIn: async () => (calls.push(['dialIn']), dialIns.shift() ?? { ok: true, dialIn: DIAL_IN }),
  };
  replies = [];
  dialIns = [];
  copied = [];
  kept = null;
  const phoneMemory = {
    load: async () => kept,
    save: async (phone: string) => void (kept = phone),
    forget: async () => void (kept = null),
  };
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementationOnce(function (this: Element, init: ShadowRootInit) {
    root = attachShadow.call(this, init);
    return root;
  });
  dock = mountLiveDock(document, actions, { now: Date.now, timers: { setTimeout: (run, ms) => setTimeout(run, ms) as unknown as number, clearTimeout }, phoneMemory, copyText: async (text) => void copied.push(text) });
});

const DIAL_IN = { number: '+14155550100', code: '123456', expiresAt: new Date(T0 + 30 * 60_000).toISOString() };
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

describe('the phone', () => {
  const host = () => document.querySelector<HTMLElement>(DOCK_TAG)!;
  const input = () => $<HTMLInputElement>('[data-testid=live-phone-input]')!;
  const box = (what: 'call' | 'text' | 'remember') => $<HTMLInputElement>(`[data-testid=live-phone-${what}]`)!;
  const submit = () => $<HTMLButtonElement>('[data-testid=live-phone-submit]')!;
  const settle = () => vi.advanceTimersByTimeAsync(0);
  const call = (change: Partial<LiveCall> = {}): LiveCall => ({ callId: 'call-1', state: 'calling-associate', outcome: null, startedAt: new Date(T0).toISOString(), connectedAt: null, talkSeconds: null, ...change });
  const tick = (box: HTMLInputElement, on: boolean) => {
    box.checked = on;
    box.dispatchEvent(new Event('change'));
  };

  it('Call me opens the form: nothing is sent before the shopper submits', async () => {
    dock.render(view());
    expect(host().dataset.fwPhoneForm).toBe('closed');
    expect($('[data-testid=live-phone]')!.hidden).toBe(true);
    $<HTMLButtonElement>('[data-testid=live-call-me]')!.click();
    await settle();
    expect(host().dataset.fwPhoneForm).toBe('open');
    expect($('[data-testid=live-call-me]')!.hidden).toBe(true);
    expect([box('call').checked, box('text').checked, box('remember').checked]).toEqual([true, false, false]);
    expect(submit().textContent).toBe('Call me now');
    // The statement the backend records, word for word, named after the shop.
    expect($('[data-testid=live-phone-consent]')!.textContent).toBe(phoneConsentText('Voltaire', ['call']));
    input().value = '+44 7700 900123';
    expect(calls).toEqual([]);
  });

  it('the statement and the button follow what the shopper allows', () => {
    dock.render(view());
    dock.openPhoneForm('call');
    tick(box('text'), true);
    expect($('[data-testid=live-phone-consent]')!.textContent).toBe(phoneConsentText('Voltaire', ['call', 'text']));
    tick(box('call'), false);
    expect($('[data-testid=live-phone-consent]')!.textContent).toBe(phoneConsentText('Voltaire', ['text']));
    expect(submit().textContent).toBe('Save number');
  });

  it('takes a number with spaces, dashes or 00, sends it as E.164 with the call, and closes', async () => {
    dock.render(view());
    dock.openPhoneForm('call');
    input().value = '0044 7700-900 123';
    submit().click();
    await settle();
    expect(calls).toEqual([['givePhone', { phone: '+447700900123', purposes: ['call'], callNow: true }]]);
    expect(host().dataset.fwPhoneForm).toBe('closed');
    // Not remembered: the box was left unticked.
    expect(kept).toBeNull();
    // Nothing of the number on the page's side of the closed root.
    expect(host().outerHTML).not.toContain('7700');
  });

  it('refuses a number it cannot read, saying why, and sends nothing', async () => {
    dock.render(view());
    dock.openPhoneForm('call');
    input().value = '07700 900123';
    submit().click();
    await settle();
    expect($('[data-testid=live-phone-alert]')!.hidden).toBe(false);
    expect($('[data-testid=live-phone-alert]')!.textContent).toBe('Start with your country code: + or 00, e.g. +44 7700 900123.');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    tick(box('call'), false);
    input().value = '+44 7700 900123';
    submit().click();
    await settle();
    expect($('[data-testid=live-phone-alert]')!.textContent).toBe('Choose whether they may call you, text you, or both.');
    expect(calls).toEqual([]);
  });

  it('a refusal of the backend keeps the form open with why', async () => {
    replies = [{ ok: false, message: 'This shop does not take phone calls yet.' }];
    dock.render(view());
    dock.openPhoneForm('call');
    input().value = '+44 7700 900123';
    submit().click();
    await settle();
    expect($('[data-testid=live-phone-alert]')!.textContent).toBe('Not sent: This shop does not take phone calls yet.');
    expect(host().dataset.fwPhoneForm).toBe('open');
  });

  it('remembers the number on this browser only when asked, fills it in next time, and forgets it', async () => {
    dock.render(view());
    dock.openPhoneForm('text');
    await settle();
    expect($('[data-testid=live-phone-forget]')!.hidden).toBe(true);
    input().value = '+33 6 12 34 56 78';
    tick(box('remember'), true);
    submit().click();
    await settle();
    expect(calls).toEqual([['givePhone', { phone: '+33612345678', purposes: ['text'], callNow: false }]]);
    expect(kept).toBe('+33612345678');
    dock.openPhoneForm('call');
    await settle();
    expect([input().value, box('remember').checked, $('[data-testid=live-phone-forget]')!.hidden]).toEqual(['+33612345678', true, false]);
    $<HTMLButtonElement>('[data-testid=live-phone-forget]')!.click();
    await settle();
    expect(kept).toBeNull();
    expect([input().value, box('remember').checked]).toEqual(['', false]);
  });

  it('shows the number given, masked, and removes it', async () => {
    dock.render(view({ phone: { given: true, masked: '+44 ••• ••• ••23', purposes: ['call', 'text'] } }));
    expect(host().dataset.fwPhone).toBe('given');
    expect($('[data-testid=live-phone-number]')!.textContent).toBe('Your number +44 ••• ••• ••23 for calls and texts');
    $<HTMLButtonElement>('[data-testid=live-phone-remove]')!.click();
    await settle();
    expect(calls).toEqual([['removePhone']]);
  });

  it('with a number for calls, Call me calls at once', async () => {
    dock.render(view({ phone: { given: true, masked: '+44 ••• ••• ••23', purposes: ['call'] } }));
    $<HTMLButtonElement>('[data-testid=live-call-me]')!.click();
    await settle();
    expect(calls).toEqual([['callAgain']]);
    expect(host().dataset.fwPhoneForm).toBe('closed');
  });

  describe('the associate’s proposal', () => {
    const asked = (purpose: 'call' | 'text') => view({ asks: [{ kind: 'phone', id: 'p1', purpose, expiresAt: T0 + 30_000 }] });

    it('is a card like the other asks, whose yes opens the form for it', async () => {
      dock.render(asked('text'));
      expect($('[data-testid=live-ask-phone-text] h3')!.textContent).toBe('Alex would like to text you');
      expect($('[data-testid=live-ask-phone-text-allow]')!.textContent).toBe('Give a number');
      $<HTMLButtonElement>('[data-testid=live-ask-phone-text-allow]')!.click();
      await settle();
      expect($('[data-testid=live-ask-phone-text]')).toBeNull();
      expect(host().dataset.fwPhoneForm).toBe('open');
      expect($('[data-testid=live-phone-title]')!.textContent).toBe('Give Alex a number to text');
      expect([box('call').checked, box('text').checked]).toEqual([false, true]);
      expect(submit().textContent).toBe('Save number');
      // The answer goes with the number (the host answers the ask once the backend took it).
      expect(calls).toEqual([]);
    });

    it('No refuses it; so does Cancel on its form', async () => {
      dock.render(asked('call'));
      $<HTMLButtonElement>('[data-testid=live-ask-phone-call-no]')!.click();
      expect(calls).toEqual([['answer', 'p1', false]]);
      dock.render(view({ asks: [{ kind: 'phone', id: 'p2', purpose: 'call', expiresAt: T0 + 30_000 }] }));
      $<HTMLButtonElement>('[data-testid=live-ask-phone-call-allow]')!.click();
      $<HTMLButtonElement>('[data-testid=live-phone-cancel]')!.click();
      expect(calls).toEqual([
        ['answer', 'p1', false],
        ['answer', 'p2', false],
      ]);
      expect(host().dataset.fwPhoneForm).toBe('closed');
    });

    it('lapses like the other asks', () => {
      dock.render(asked('call'));
      vi.setSystemTime(T0 + 30_000);
      dock.tick();
      expect($('[data-testid=live-ask-phone-call]')).toBeNull();
    });
  });

  describe('the call bar', () => {
    it.each<[string, Partial<LiveCall>, string, 'hangup' | 'again']>([
      ['calling-associate', {}, 'Calling the associate…', 'hangup'],
      ['calling-shopper', { state: 'calling-shopper' }, 'Calling your phone…', 'hangup'],
      ['ended', { state: 'ended', outcome: 'completed', talkSeconds: 185 }, 'Call ended: 3:05', 'again'],
      ['busy', { state: 'ended', outcome: 'shopper-busy' }, 'Your phone was busy', 'again'],
      ['no answer', { state: 'ended', outcome: 'shopper-no-answer' }, 'No answer', 'again'],
      ['failed', { state: 'ended', outcome: 'failed' }, 'The call failed', 'again'],
    ])('%s', (_, change, words, button) => {
      dock.render(view({ call: call(change) }));
      expect($('[data-testid=live-call]')!.hidden).toBe(false);
      expect($('[data-testid=live-call-state]')!.textContent).toBe(words);
      expect([$('[data-testid=live-call-hangup]')!.hidden, $('[data-testid=live-call-again]')!.hidden]).toEqual([button !== 'hangup', button !== 'again']);
      expect(host().dataset.fwCall).toBe(change.state ?? 'calling-associate');
    });

    it('ticks while connected, and hangs up', async () => {
      dock.render(view({ call: call({ state: 'connected', connectedAt: T0 }) }));
      expect($('[data-testid=live-call-state]')!.textContent).toBe('Connected 0:00');
      expect($('[data-testid=live-call-me]')!.hidden).toBe(true);
      vi.setSystemTime(T0 + 42_000);
      dock.tick();
      expect($('[data-testid=live-call-state]')!.textContent).toBe('Connected 0:42');
      $<HTMLButtonElement>('[data-testid=live-call-hangup]')!.click();
      await settle();
      expect(calls).toEqual([['hangUp', 'call-1']]);
    });

    it('Call me again calls the number given, and says why when it cannot', async () => {
      replies = [{ ok: false, message: 'A call is already under way.' }];
      dock.render(view({ phone: { given: true, masked: '+44 ••• ••• ••23', purposes: ['call'] }, call: call({ state: 'ended', outcome: 'shopper-no-answer' }) }));
      expect(host().dataset.fwCallOutcome).toBe('shopper-no-answer');
      $<HTMLButtonElement>('[data-testid=live-call-again]')!.click();
      await settle();
      expect(calls).toEqual([['callAgain']]);
      expect($('[data-testid=live-call-alert]')!.textContent).toBe('A call is already under way.');
    });

    it('is not there without a call, nor after the end', () => {
      dock.render(view());
      expect([$('[data-testid=live-call]')!.hidden, host().dataset.fwCall]).toEqual([true, 'none']);
      dock.render(view({ link: 'closed', call: call() }));
      expect([$('[data-testid=live-call]')!.hidden, $('[data-testid=live-call-me]')!.hidden]).toEqual([true, true]);
    });
  });

  describe('calling in', () => {
    const panel = () => $('[data-testid=live-dial-in]')!;
    const ask = () => $<HTMLButtonElement>('[data-testid=live-dial-in-ask]')!;
    const text = (id: string) => $(`[data-testid=live-dial-in-${id}]`)!.textContent;

    it('Call in instead shows the number (a tel: link, copied on demand) and the code, with how long it works', async () => {
      dock.render(view());
      expect([ask().hidden, panel().hidden, host().dataset.fwDialIn]).toEqual([false, true, 'none']);
      ask().click();
      await settle();
      expect(calls).toEqual([['dialIn']]);
      expect(panel().hidden).toBe(false);
      expect($('.dial-in-line')!.textContent).toBe('Call +1 415 555 0100 and key in 123 456');
      expect(text('number')).toBe('+1 415 555 0100');
      expect($('[data-testid=live-dial-in-number]')!.getAttribute('href')).toBe('tel:+14155550100');
      expect(text('code')).toBe('123 456');
      expect(text('expiry')).toBe('Works for 30 minutes');
      expect([ask().hidden, host().dataset.fwDialIn]).toEqual([true, 'shown']);
      // The test hooks carry no number.
      expect(JSON.stringify(host().dataset)).not.toContain('555');
      $<HTMLButtonElement>('[data-testid=live-dial-in-copy]')!.click();
      await settle();
      expect(copied).toEqual(['+14155550100']);
      expect(text('copy')).toBe('Copied');
      vi.setSystemTime(T0 + 10 * 60_000);
      dock.tick();
      expect([text('expiry'), text('copy')]).toEqual(['Works for 20 minutes', 'Copy number']);
      // Lapsed: gone, and Call in instead is back.
      vi.setSystemTime(T0 + 30 * 60_000);
      dock.tick();
      expect([panel().hidden, ask().hidden]).toEqual([true, false]);
    });

    it('is offered in the phone form too, which it closes', async () => {
      dock.render(view());
      $<HTMLButtonElement>('[data-testid=live-call-me]')!.click();
      expect(host().dataset.fwPhoneForm).toBe('open');
      $<HTMLButtonElement>('[data-testid=live-dial-in-ask-form]')!.click();
      await settle();
      expect(host().dataset.fwPhoneForm).toBe('closed');
      expect(calls).toEqual([['dialIn']]);
      expect(text('code')).toBe('123 456');
    });

    it('says in plain words why there is no number to call', async () => {
      dialIns = [{ ok: false, message: 'This shop does not take phone calls yet.' }];
      dock.render(view());
      ask().click();
      await settle();
      expect([panel().hidden, $('.dial-in-shown')!.hidden]).toEqual([false, true]);
      expect(text('alert')).toBe('No number to call: This shop does not take phone calls yet.');
      ask().click();
      await settle();
      expect([$('[data-testid=live-dial-in-alert]')!.hidden, text('code')]).toEqual([true, '123 456']);
    });

    it('the code goes once the call placed with it is connected, and at the end', async () => {
      dock.render(view());
      ask().click();
      await settle();
      dock.render(view({ call: call({ direction: 'dial-in' }) }));
      expect(panel().hidden).toBe(false);
      dock.render(view({ call: call({ direction: 'dial-in', state: 'connected', connectedAt: T0 }) }));
      expect([panel().hidden, host().dataset.fwDialIn]).toEqual([true, 'none']);
      dock.render(view({ call: call({ direction: 'dial-in', state: 'ended', outcome: 'completed', talkSeconds: 60 }) }));
      expect(panel().hidden).toBe(true);
      ask().click();
      await settle();
      expect(panel().hidden).toBe(false);
      dock.render(view({ link: 'closed' }));
      expect([panel().hidden, ask().hidden]).toEqual([true, true]);
    });

    it.each<[string, Partial<LiveCall>, string, boolean]>([
      ['connecting', {}, 'Connecting you to the associate…', true],
      ['connected', { state: 'connected', connectedAt: T0 - 42_000 }, 'Connected 0:42', true],
      ['ended', { state: 'ended', outcome: 'completed', talkSeconds: 185 }, 'Call ended: 3:05', false],
      ['associate busy', { state: 'ended', outcome: 'associate-busy' }, 'The associate was busy', false],
      ['associate no answer', { state: 'ended', outcome: 'associate-no-answer' }, 'The associate did not answer', false],
    ])('the call bar for a call placed by the shopper: %s', (_, change, words, on) => {
      dock.render(view({ call: call({ direction: 'dial-in', ...change }) }));
      expect($('[data-testid=live-call-state]')!.textContent).toBe(words);
      expect([$('[data-testid=live-call-hangup]')!.hidden, $('[data-testid=live-call-again]')!.hidden]).toEqual([!on, true]);
      expect([$('[data-testid=live-call-me]')!.hidden, ask().hidden]).toEqual([on, on]);
    });
  });
});
