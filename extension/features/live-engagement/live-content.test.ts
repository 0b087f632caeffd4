import { ContentScriptContext } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '../../../shared/live';
import type { Guide, GuidanceCommand, Recording, RecordingOptions } from '../cobrowse/types';
import { bannerChipItem, rememberedPhoneItem, runLiveContent, type LiveContentDeps } from './live-content';
import type { LiveHostRequest, LiveTabMessage, LiveView } from './messages';
import { liveView, productCardLine, T0 } from './testing/live-view';

// The real recorder and guide are rrweb and the page; here they are stand-ins the test watches.
vi.mock('../cobrowse/record', () => ({ startRecording: () => ({}) }));
vi.mock('../cobrowse/guide', () => ({ createGuide: () => ({}) }));

const baseView: LiveView = liveView();
const viewWith = (change: Partial<LiveView>): LiveView => ({ ...baseView, ...change });

let ctx: ContentScriptContext;
let requests: LiveHostRequest[];
let attachAnswer: unknown;
let recordings: { options: RecordingOptions; stop: ReturnType<typeof vi.fn>; takeSnapshot: ReturnType<typeof vi.fn> }[];
let applied: GuidanceCommand[];
let refusal: ReturnType<Guide['apply']>;
let guideCleared: number;
let navigated: string[];
let here: { url: string; title: string };
const roots = new Map<Element, ShadowRoot>();
const attachShadow = Element.prototype.attachShadow;

const dockElement = () => document.querySelector<HTMLElement>('floorwalker-live');
const bannerElement = () => document.querySelector<HTMLElement>('floorwalker-live-banner');
const inDock = <E extends Element = HTMLElement>(selector: string) => roots.get(dockElement()!)!.querySelector<E>(selector);
const inBanner = <E extends Element = HTMLElement>(selector: string) => roots.get(bannerElement()!)!.querySelector<E>(selector);
const sent = <T extends LiveHostRequest['type']>(type: T) => requests.filter((r): r is Extract<LiveHostRequest, { type: T }> => r.type === type);

function start(overrides: LiveContentDeps = {}) {
  runLiveContent(ctx, {
    now: Date.now,
    request: async (message) => {
      requests.push(message);
      return message.type === 'live:attach' ? attachAnswer : { ok: true };
    },
    stream: { send: (message) => void requests.push(message), close: () => undefined },
    startRecording: (options) => {
      const recording = { options, stop: vi.fn(), takeSnapshot: vi.fn() };
      recordings.push(recording);
      return { ...recording, nodeById: () => null, isMasked: () => false } satisfies Recording;
    },
    createGuide: (options) => ({
      apply: (command) => {
        // The real guide asks again at each command.
        if (!options.mayGuide()) return { v: 1, type: 'guidance-refused', command: 'highlight', reason: 'no_consent' };
        applied.push(command);
        return refusal;
      },
      clear: () => void guideCleared++,
    }),
    navigate: (url) => navigated.push(url.href),
    page: () => here,
    ...overrides,
  });
  return settle();
}
const settle = () => vi.advanceTimersByTimeAsync(0);

/** The background's tabs.sendMessage reaching this page. */
async function fromHost(message: LiveTabMessage | Record<string, unknown>) {
  const replies: unknown[] = [];
  await (fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown>)(message, {}, (r: unknown) => replies.push(r));
  await settle();
  return replies;
}

function type(text: string) {
  const input = inDock<HTMLInputElement>('[data-role=chat-input]')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  return input;
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
  ctx = new ContentScriptContext('live-test');
  requests = [];
  attachAnswer = viewWith({});
  recordings = [];
  applied = [];
  refusal = null;
  guideCleared = 0;
  navigated = [];
  here = { url: 'https://shop.example/p/1', title: 'Blue coat' };
  roots.clear();
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    roots.set(this, root);
    return root;
  });
});
afterEach(() => {
  ctx.abort();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('attaching to the host', () => {
  it('asks the host with the page, and shows the dock of a live engagement in a closed shadow root', async () => {
    await start();
    expect(requests[0]).toEqual({ type: 'live:attach', url: 'https://shop.example/p/1', title: 'Blue coat' });
    expect(dockElement()!.dataset.fwLive).toBe('open');
    expect(dockElement()!.shadowRoot).toBeNull();
    expect(inDock('[data-testid=live-associate]')!.textContent).toBe('Alex');
    expect(inDock('[data-testid=live-link]')!.textContent).toBe('Connected');
  });

  it.each([
    ['null', null],
    ['no answer', undefined],
    ['something else', { ok: true }],
    ['an ended engagement', viewWith({ link: 'closed' })],
  ])('shows nothing when the answer is %s', async (_, answer) => {
    attachAnswer = answer;
    await start();
    expect(dockElement()).toBeNull();
  });

  it('shows nothing when nobody answers at all (no host)', async () => {
    await start({ request: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) });
    expect(dockElement()).toBeNull();
  });

  it('an engagement that starts while the page is open shows up with the host’s first view', async () => {
    attachAnswer = null;
    await start();
    expect(await fromHost({ type: 'live:view', view: viewWith({ link: 'connecting' }) })).toEqual([{ ok: true }]);
    expect(dockElement()!.dataset.fwLive).toBe('connecting');
    expect(inDock('[data-testid=live-link]')!.textContent).toBe('Connecting…');
    await fromHost({ type: 'live:view', view: viewWith({ link: 'lost' }) });
    expect(inDock('[data-testid=live-link]')!.textContent).toBe('Reconnecting…');
  });

  it('tells the host once where it is (and the shop’s name) when an engagement starts while the page is open', async () => {
    attachAnswer = null;
    await start({ siteName: 'Voltaire Electronics' });
    await fromHost({ type: 'live:view', view: viewWith({ link: 'connecting' }) });
    await fromHost({ type: 'live:view', view: viewWith({ link: 'open' }) });
    expect(sent('live:attach')).toEqual([
      { type: 'live:attach', url: 'https://shop.example/p/1', title: 'Blue coat', siteName: 'Voltaire Electronics' },
      { type: 'live:attach', url: 'https://shop.example/p/1', title: 'Blue coat', siteName: 'Voltaire Electronics' },
    ]);
  });

  it('does not attach again for the engagement it attached to', async () => {
    await start();
    await fromHost({ type: 'live:view', view: viewWith({ typing: true }) });
    expect(sent('live:attach')).toHaveLength(1);
  });

  it('leaves other and malformed messages alone', async () => {
    await start();
    expect(await fromHost({ type: 'invitation:show' })).toEqual([]);
    expect(await fromHost({ type: 'live:view', view: { ...baseView, link: 'sideways' } })).toEqual([]);
    expect(await fromHost({ type: 'live:navigate' })).toEqual([]);
    expect(dockElement()!.dataset.fwLive).toBe('open');
  });
});

describe('chat', () => {
  it('Enter sends the line, the field empties, and typing is announced then ended', async () => {
    await start();
    const input = type('Hello');
    expect(sent('live:typing')).toEqual([{ type: 'live:typing', typing: true }]);
    type('Hello there');
    expect(sent('live:typing')).toHaveLength(1);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();
    expect(sent('live:chat-send')).toEqual([{ type: 'live:chat-send', text: 'Hello there' }]);
    expect(input.value).toBe('');
    expect(sent('live:typing').at(-1)).toEqual({ type: 'live:typing', typing: false });
  });

  it('typing ends by itself after 2 s without a keystroke', async () => {
    await start();
    type('Hel');
    await vi.advanceTimersByTimeAsync(1_500);
    type('Hell');
    await vi.advanceTimersByTimeAsync(1_500);
    expect(sent('live:typing')).toEqual([{ type: 'live:typing', typing: true }]);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent('live:typing')).toEqual([
      { type: 'live:typing', typing: true },
      { type: 'live:typing', typing: false },
    ]);
  });

  it('the Send button sends too; an empty field sends nothing', async () => {
    await start();
    inDock<HTMLButtonElement>('[data-action=send]')!.click();
    type('  ');
    inDock<HTMLButtonElement>('[data-action=send]')!.click();
    expect(sent('live:chat-send')).toEqual([]);
    type('Is it warm?');
    inDock<HTMLButtonElement>('[data-action=send]')!.click();
    await settle();
    expect(sent('live:chat-send')).toEqual([{ type: 'live:chat-send', text: 'Is it warm?' }]);
  });

  it('a line that could not be sent goes back in the field, with the reason', async () => {
    await start({
      request: async (message) => {
        requests.push(message);
        if (message.type === 'live:chat-send') throw new Error('The host is gone');
        return message.type === 'live:attach' ? attachAnswer : undefined;
      },
    });
    const input = type('Hello');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();
    expect(input.value).toBe('Hello');
    expect(inDock('[data-testid=live-chat-alert]')!.hidden).toBe(false);
    expect(inDock('[data-testid=live-chat-alert]')!.textContent).toContain('The host is gone');
  });

  it('shows the lines from the host as text, never as markup', async () => {
    await start();
    const attack = '<img src=x onerror=alert(1)>';
    await fromHost({
      type: 'live:view',
      view: viewWith({ chat: [{ id: 'a1', from: 'associate', text: attack, sentAt: T0, delivered: true }], typing: true }),
    });
    const line = inDock('[data-id=a1]')!;
    expect(line.textContent).toBe(attack);
    expect(roots.get(dockElement()!)!.querySelector('img')).toBeNull();
    expect(inDock('[data-testid=live-typing]')!.textContent).toBe('Alex is typing…');
  });
});

describe('asks', () => {
  const asks: LiveView['asks'] = [
    { kind: 'consent', id: 'ask-view', scope: 'view', expiresAt: T0 + 30_000 },
    { kind: 'navigate', id: 'ask-nav', url: 'https://shop.example/p/2', expiresAt: T0 + 20_000 },
  ];

  it('each is a card with a countdown; Allow and No answer it and take the card away', async () => {
    attachAnswer = viewWith({ asks });
    await start();
    expect(dockElement()!.dataset.fwAsks).toBe('2');
    expect(inDock('[data-testid=live-ask-view] h3')!.textContent).toBe('Alex would like to see this tab');
    expect(inDock('[data-testid=live-ask-navigate] h3')!.textContent).toBe('Alex suggests going to shop.example/p/2');
    expect(inDock('[data-testid=live-ask-view-lapse]')!.textContent).toBe('Lapses in 0:30');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(inDock('[data-testid=live-ask-view-lapse]')!.textContent).toBe('Lapses in 0:25');

    inDock<HTMLButtonElement>('[data-testid=live-ask-view] [data-action=allow]')!.click();
    inDock<HTMLButtonElement>('[data-testid=live-ask-navigate] [data-action=deny]')!.click();
    await settle();
    expect(sent('live:answer')).toEqual([
      { type: 'live:answer', askId: 'ask-view', yes: true },
      { type: 'live:answer', askId: 'ask-nav', yes: false },
    ]);
    expect(inDock('[data-testid=live-ask-view]')).toBeNull();
    expect(inDock('[data-testid=live-ask-navigate]')).toBeNull();
    // The host's next view may still list them for a moment: they stay answered.
    await fromHost({ type: 'live:view', view: viewWith({ asks }) });
    expect(inDock('[data-testid=live-ask-view]')).toBeNull();
    expect(dockElement()!.dataset.fwAsks).toBe('0');
  });

  it('an unanswered ask leaves at its lapse, unanswered (it counts as no)', async () => {
    attachAnswer = viewWith({ asks });
    await start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(inDock('[data-testid=live-ask-navigate]')).toBeNull();
    expect(inDock('[data-testid=live-ask-view]')).not.toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(inDock('[data-testid=live-ask-view]')).toBeNull();
    expect(dockElement()!.dataset.fwAsks).toBe('0');
    expect(sent('live:answer')).toEqual([]);
  });
});

describe('being viewed', () => {
  const viewing = viewWith({ consents: { view: true, guide: false, voice: false } });

  it('the view consent starts the recording with the enterprise’s masks, after telling the page', async () => {
    attachAnswer = viewing;
    await start();
    expect(recordings).toHaveLength(1);
    expect(recordings[0]!.options.selectors).toEqual(['.loyalty-number']);
    expect(sent('live:page')).toEqual([{ type: 'live:page', url: 'https://shop.example/p/1', title: 'Blue coat' }]);
    const events: RecordedEvent[] = [{ type: 4, timestamp: T0, data: {} }, { type: 2, timestamp: T0, data: {} }];
    recordings[0]!.options.send(events);
    await settle();
    expect(sent('live:dom')).toEqual([{ type: 'live:dom', events }]);
    await fromHost({ type: 'live:view', view: viewing });
    expect(recordings).toHaveLength(1);
  });

  it('sends page addresses without their secret-looking parameters, in pages and in the recording', async () => {
    attachAnswer = viewing;
    here = { url: 'https://shop.example/account/reset?token=s3cr3t&step=2&ref=mail', title: 'New password' };
    await start({ siteUrlRules: { dropParams: ['ref'] } });
    expect(sent('live:page')).toEqual([{ type: 'live:page', url: 'https://shop.example/account/reset?step=2', title: 'New password' }]);
    recordings[0]!.options.send([{ type: 4, timestamp: T0, data: { href: 'https://ana:pw@shop.example/account/reset?token=s3cr3t&step=2', width: 800, height: 600 } }]);
    await settle();
    expect(sent('live:dom')[0]!.events[0]!.data).toEqual({ href: 'https://shop.example/account/reset?step=2', width: 800, height: 600 });
  });

  it('off the enterprise’s sites: stops recording and guidance, hides the dock, and the banner says why; back, it resumes', async () => {
    const guided = viewWith({ consents: { view: true, guide: true, voice: false } });
    attachAnswer = guided;
    await start({ siteName: 'Other shop' });
    expect(sent('live:attach')[0]).toMatchObject({ siteName: 'Other shop' });
    expect(recordings).toHaveLength(1);
    await fromHost({ type: 'live:view', view: { ...guided, away: true } });
    expect(recordings[0]!.stop).toHaveBeenCalledTimes(1);
    expect(inBanner('[data-testid=live-banner-text]')!.textContent).toBe('Sharing paused: you left Voltaire. It resumes when you come back.');
    expect(bannerElement()!.dataset.fwSharing).toBe('paused');
    expect(dockElement()!.dataset.fwAway).toBe('true');
    expect(inDock<HTMLElement>('[data-testid=live-bubble]')!.hidden).toBe(true);
    const pages = sent('live:page').length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent('live:page')).toHaveLength(pages);
    await fromHost({ type: 'live:view', view: guided });
    expect(recordings).toHaveLength(2);
    expect(dockElement()!.dataset.fwAway).toBe('false');
  });

  it('masks this site’s own selectors too', async () => {
    attachAnswer = viewing;
    await start({ siteMask: ['.gift-card', '.loyalty-number'] });
    expect(recordings[0]!.options.selectors).toEqual(['.loyalty-number', '.gift-card']);
  });

  it('sends large batches in messages of at most 2,000 events', async () => {
    attachAnswer = viewing;
    await start();
    recordings[0]!.options.send(Array.from({ length: 4_500 }, (_, i) => ({ type: 3, timestamp: T0 + i, data: {} })));
    await settle();
    expect(sent('live:dom').map((m) => m.events.length)).toEqual([2_000, 2_000, 500]);
  });

  it('a viewer asking for a snapshot gets one', async () => {
    attachAnswer = viewing;
    await start();
    await fromHost({ type: 'live:snapshot' });
    expect(recordings[0]!.takeSnapshot).toHaveBeenCalledTimes(1);
  });

  it('follows single-page-app navigation: a new URL or title is sent as a page', async () => {
    attachAnswer = viewing;
    await start();
    here = { url: 'https://shop.example/p/2', title: 'Blue coat' };
    await vi.advanceTimersByTimeAsync(250);
    here = { url: 'https://shop.example/p/2', title: 'Red coat' };
    await vi.advanceTimersByTimeAsync(250);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent('live:page').map((p) => `${p.url} ${p.title}`)).toEqual([
      'https://shop.example/p/1 Blue coat',
      'https://shop.example/p/2 Blue coat',
      'https://shop.example/p/2 Red coat',
    ]);
  });

  it('shows the banner with one-click Stop, which ends the recording at once and tells the host', async () => {
    attachAnswer = viewing;
    await start();
    expect(bannerElement()!.dataset.fwSharing).toBe('view');
    expect(inBanner('[data-testid=live-banner-text]')!.textContent).toBe('Alex can see this tab');
    inBanner<HTMLButtonElement>('[data-action=stop-view]')!.click();
    await settle();
    expect(recordings[0]!.stop).toHaveBeenCalledTimes(1);
    expect(sent('live:revoke')).toEqual([{ type: 'live:revoke', scope: 'view' }]);
    expect(bannerElement()).toBeNull();
    // No more pages once it stopped.
    here = { url: 'https://shop.example/p/9', title: 'Hat' };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent('live:page')).toHaveLength(1);
  });

  it('the banner the shopper shrank to its chip stays a chip on the next page of the engagement, not in another', async () => {
    attachAnswer = viewing;
    await start();
    inBanner<HTMLButtonElement>('[data-action=shrink]')!.click();
    await settle();
    expect(await bannerChipItem.getValue()).toEqual({ engagementId: 'e1' });
    // The next page: a new content script.
    ctx.abort();
    ctx = new ContentScriptContext('live-test-2');
    await start();
    expect(bannerElement()!.dataset.fwChip).toBe('true');
    ctx.abort();
    ctx = new ContentScriptContext('live-test-3');
    attachAnswer = { ...viewing, engagementId: 'e2' };
    await start();
    expect(bannerElement()!.dataset.fwChip).toBe('false');
  });

  it('the host revoking the consent stops the recording too', async () => {
    attachAnswer = viewing;
    await start();
    await fromHost({ type: 'live:view', view: baseView });
    expect(recordings[0]!.stop).toHaveBeenCalledTimes(1);
    expect(bannerElement()).toBeNull();
  });

  it('nothing is recorded without the view consent', async () => {
    await start();
    await fromHost({ type: 'live:snapshot' });
    expect(recordings).toEqual([]);
    expect(sent('live:page')).toEqual([]);
  });
});

describe('being guided', () => {
  const guided = viewWith({ consents: { view: true, guide: true, voice: false } });

  it('applies the associate’s commands to the recording’s elements', async () => {
    attachAnswer = guided;
    await start();
    expect(inBanner('[data-testid=live-banner-text]')!.textContent).toBe('Alex can see this tab and guide you');
    await fromHost({ type: 'live:guide', command: { type: 'highlight', nodeId: 42 } });
    await fromHost({ type: 'live:guide', command: { type: 'pointer', x: 10, y: 20, visible: true } });
    expect(applied).toEqual([
      { v: 1, type: 'highlight', nodeId: 42 },
      { v: 1, type: 'pointer', x: 10, y: 20, visible: true },
    ]);
    expect(sent('live:guidance-refused')).toEqual([]);
  });

  it('sends back what the guide refused', async () => {
    attachAnswer = guided;
    refusal = { v: 1, type: 'guidance-refused', command: 'highlight', reason: 'masked' };
    await start();
    await fromHost({ type: 'live:guide', command: { type: 'highlight', nodeId: 7 } });
    expect(sent('live:guidance-refused')).toEqual([{ type: 'live:guidance-refused', command: 'highlight', reason: 'masked' }]);
  });

  it('refuses guidance without the guide consent', async () => {
    attachAnswer = viewWith({ consents: { view: true, guide: false, voice: false } });
    await start();
    await fromHost({ type: 'live:guide', command: { type: 'scroll-to', nodeId: 3 } });
    expect(applied).toEqual([]);
    expect(sent('live:guidance-refused')).toEqual([{ type: 'live:guidance-refused', command: 'scroll-to', reason: 'no_consent' }]);
  });

  it('Stop guidance clears the pointer and highlight and tells the host', async () => {
    attachAnswer = guided;
    await start();
    await fromHost({ type: 'live:guide', command: { type: 'highlight', nodeId: 42 } });
    inBanner<HTMLButtonElement>('[data-action=stop-guide]')!.click();
    await settle();
    expect(guideCleared).toBe(1);
    expect(sent('live:revoke')).toEqual([{ type: 'live:revoke', scope: 'guide' }]);
    expect(recordings[0]!.stop).not.toHaveBeenCalled();
    expect(inBanner('[data-testid=live-banner-text]')!.textContent).toBe('Alex can see this tab');
  });
});

describe('navigation the shopper agreed to', () => {
  it('goes to an allowed page', async () => {
    await start();
    await fromHost({ type: 'live:navigate', url: 'https://www.shop.example/p/2' });
    expect(navigated).toEqual(['https://www.shop.example/p/2']);
  });

  it.each(['https://evil.example/p/2', 'javascript:alert(1)', 'https://shop.example@evil.example/', 'http://localhost:4102/'])(
    'refuses %s, which is not one of the enterprise’s sites',
    async (url) => {
      await start();
      await fromHost({ type: 'live:navigate', url });
      expect(navigated).toEqual([]);
      expect(sent('live:guidance-refused')).toEqual([{ type: 'live:guidance-refused', command: 'navigate', reason: 'not_allowed' }]);
    },
  );

  it('goes nowhere without a live engagement', async () => {
    attachAnswer = null;
    await start();
    await fromHost({ type: 'live:navigate', url: 'https://shop.example/p/2' });
    expect(navigated).toEqual([]);
  });
});

describe('product cards in the chat', () => {
  const cards = [
    productCardLine('k1'),
    productCardLine('k2', { name: 'Tent elsewhere', url: 'https://other.example/p/tent' }),
  ];
  const sites = [
    { id: 's1', enterpriseId: 'ent-voltaire', domain: 'shop.example', name: 'Voltaire', adapter: null },
    { id: 's2', enterpriseId: 'ent-other', domain: 'other.example', name: 'Other', adapter: null },
  ];

  it('opens a card of the enterprise’s site in one click, in this tab; another shop’s card has no link and says why', async () => {
    attachAnswer = viewWith({ chat: cards.slice(0, 2) });
    await start({ siteEnterpriseId: 'ent-voltaire', sites });
    const shown = [...roots.get(dockElement()!)!.querySelectorAll<HTMLElement>('[data-testid=live-card]')];
    expect(shown.map((c) => c.dataset.openable)).toEqual(['true', 'false']);
    expect(shown[1]!.querySelector('[data-testid=live-card-why]')!.textContent).toBe('other.example is not one of Voltaire’s sites, so this link cannot be opened from the chat.');
    expect(shown[1]!.querySelector('a')).toBeNull();
    shown[0]!.querySelector<HTMLAnchorElement>('[data-testid=live-card-open]')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    expect(navigated).toEqual(['https://shop.example/p/trail-tent-2p']);
  });

  it('the site list has the last word: a domain the backend allows but the list gives to another enterprise does not open', async () => {
    attachAnswer = viewWith({ allowedDomains: ['shop.example', 'other.example'], chat: [cards[1]!] });
    await start({ siteEnterpriseId: 'ent-voltaire', sites });
    expect(inDock('[data-testid=live-card]')!.dataset.openable).toBe('false');
  });
});

describe('the end', () => {
  it('End asks the host to end it and stops sharing at once', async () => {
    attachAnswer = viewWith({ consents: { view: true, guide: false, voice: false } });
    await start();
    inDock<HTMLButtonElement>('[data-action=end]')!.click();
    await settle();
    expect(sent('live:end')).toEqual([{ type: 'live:end' }]);
    expect(recordings[0]!.stop).toHaveBeenCalledTimes(1);
  });

  it('live:ended removes everything', async () => {
    attachAnswer = viewWith({ consents: { view: true, guide: true, voice: false }, asks: [{ kind: 'consent', id: 'v', scope: 'voice', expiresAt: T0 + 30_000 }] });
    await start();
    await fromHost({ type: 'live:guide', command: { type: 'highlight', nodeId: 1 } });
    await fromHost({ type: 'live:ended', reason: 'done' });
    expect(dockElement()).toBeNull();
    expect(bannerElement()).toBeNull();
    expect(recordings[0]!.stop).toHaveBeenCalledTimes(1);
    expect(guideCleared).toBe(1);
    here = { url: 'https://shop.example/p/9', title: 'Hat' };
    const pages = sent('live:page').length;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent('live:page')).toHaveLength(pages);
  });

  it('a closed link shows why, stops sharing, and Close takes the dock away', async () => {
    attachAnswer = viewWith({ consents: { view: true, guide: false, voice: false } });
    await start();
    await fromHost({ type: 'live:view', view: viewWith({ link: 'closed', closedReason: 'Alex left', consents: { view: true, guide: false, voice: false } }) });
    expect(recordings[0]!.stop).toHaveBeenCalledTimes(1);
    expect(bannerElement()).toBeNull();
    expect(dockElement()!.dataset.fwLive).toBe('closed');
    expect(inDock('[data-testid=live-link]')!.textContent).toBe('Ended: Alex left');
    expect(inDock<HTMLInputElement>('[data-role=chat-input]')!.disabled).toBe(true);
    inDock<HTMLButtonElement>('[data-action=end]')!.click();
    expect(dockElement()).toBeNull();
    expect(sent('live:end')).toEqual([]);
  });

  it('nothing stays on the page when the extension goes away', async () => {
    attachAnswer = viewWith({ consents: { view: true, guide: false, voice: false } });
    await start();
    ctx.abort();
    expect(dockElement()).toBeNull();
    expect(bannerElement()).toBeNull();
    expect(recordings[0]!.stop).toHaveBeenCalledTimes(1);
    expect(await fromHost({ type: 'live:view', view: baseView })).toEqual([]);
    expect(dockElement()).toBeNull();
  });
});

describe('the shopper’s phone', () => {
  it('gives the number through the host (never on the page), and keeps it on this browser only when asked', async () => {
    await start();
    inDock<HTMLButtonElement>('[data-testid=live-call-me]')!.click();
    await settle();
    inDock<HTMLInputElement>('[data-testid=live-phone-input]')!.value = '+44 7700 900123';
    const remember = inDock<HTMLInputElement>('[data-testid=live-phone-remember]')!;
    remember.checked = true;
    inDock<HTMLButtonElement>('[data-testid=live-phone-submit]')!.click();
    await settle();
    expect(sent('live:phone-give')).toEqual([{ type: 'live:phone-give', phone: '+447700900123', purposes: ['call'], consent: true, callNow: true }]);
    expect(await rememberedPhoneItem.getValue()).toBe('+447700900123');
    expect(document.documentElement.outerHTML).not.toContain('7700');
  });

  it('says why when the host refuses, and hangs up through it', async () => {
    await start({
      request: async (message) => {
        requests.push(message);
        if (message.type === 'live:attach') return viewWith({ call: { callId: 'call-1', state: 'connected', outcome: null, startedAt: new Date(T0).toISOString(), connectedAt: T0, talkSeconds: null } });
        return { ok: false, message: 'A call is already under way.' };
      },
    });
    inDock<HTMLButtonElement>('[data-testid=live-call-hangup]')!.click();
    await settle();
    expect(sent('live:call-hangup')).toEqual([{ type: 'live:call-hangup', callId: 'call-1' }]);
    expect(inDock('[data-testid=live-call-alert]')!.textContent).toBe('A call is already under way.');
  });
});
