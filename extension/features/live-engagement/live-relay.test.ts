import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backendUrlItem, shopperItem } from '../../lib/storage';
import { createLiveRelay, type LiveHostChannel, listenForLiveRelay, liveTabItem, offscreenHostChannel } from './live-relay';
import type { LiveHostControl, LiveTabMessage } from './messages';

const BACKEND = 'http://localhost:8787';

function fakeHost() {
  const sent: LiveHostControl[] = [];
  const host: LiveHostChannel & { ensured: number; closed: number } = {
    ensured: 0,
    closed: 0,
    ensure: async () => void host.ensured++,
    send: async (message) => void sent.push(message),
    close: async () => void host.closed++,
  };
  return { host, sent };
}

let delivered: [number, LiveTabMessage][];
beforeEach(async () => {
  fakeBrowser.reset();
  delivered = [];
  fakeBrowser.tabs.sendMessage = vi.fn(async (tabId: number, message: LiveTabMessage) => {
    if (tabId === 99) throw new Error('Could not establish connection. Receiving end does not exist.');
    delivered.push([tabId, message]);
    return { ok: true };
  }) as never;
  await backendUrlItem.setValue(BACKEND);
  await shopperItem.setValue({ backendUrl: BACKEND, shopperId: 's1', token: 'fws_token' } as never);
});

const view = { type: 'live:snapshot' } as const;

describe('the live relay', () => {
  it('starts the host with the backend and the shopper token, and remembers the tab', async () => {
    const { host, sent } = fakeHost();
    await createLiveRelay({ host }).start('eng-1', 4);
    expect(host.ensured).toBe(1);
    expect(sent).toEqual([{ type: 'live:start', engagementId: 'eng-1', backendUrl: BACKEND, shopperToken: 'fws_token', tabId: 4 }]);
    expect(await liveTabItem.getValue()).toEqual({ engagementId: 'eng-1', tabId: 4 });
  });

  it('does not start without a shopper registered at this backend', async () => {
    await shopperItem.setValue(null);
    const { host, sent } = fakeHost();
    await expect(createLiveRelay({ host }).start('eng-1', 4)).rejects.toThrow(/not registered/);
    expect(sent).toEqual([]);
  });

  it("forwards the host's messages to the live tab, also after a service-worker restart", async () => {
    const { host } = fakeHost();
    await createLiveRelay({ host }).start('eng-1', 4);
    const restarted = createLiveRelay({ host });
    expect(await restarted.handle({ target: 'live-tab', message: view })).toEqual({ ok: true });
    expect(delivered).toEqual([[4, view]]);
  });

  it('keeps going when the tab is between pages', async () => {
    const { host } = fakeHost();
    await liveTabItem.setValue({ engagementId: 'eng-1', tabId: 99 });
    expect(await createLiveRelay({ host }).handle({ target: 'live-tab', message: view })).toEqual({ ok: true });
  });

  it('on the end, tells the tab, forgets it and lets the host go', async () => {
    const { host } = fakeHost();
    const relay = createLiveRelay({ host });
    await relay.start('eng-1', 4);
    await relay.handle({ target: 'live-tab', message: { type: 'live:ended', reason: 'done' } });
    expect(delivered).toEqual([[4, { type: 'live:ended', reason: 'done' }]]);
    expect(await liveTabItem.getValue()).toBeNull();
    expect(host.closed).toBe(1);
  });

  it.each([
    ['the offscreen host', { id: fakeBrowser.runtime.id, url: `chrome-extension://${fakeBrowser.runtime.id}/offscreen.html` }, 1],
    ['a shop page’s content script', { id: fakeBrowser.runtime.id, url: 'http://localhost:4101/p', tab: { id: 4 } }, 0],
    ['another extension', { id: 'other', url: 'chrome-extension://other/offscreen.html' }, 0],
  ])('forwards to the live tab what %s sends: %i', async (_who, sender, forwarded) => {
    const { host } = fakeHost();
    const relay = createLiveRelay({ host });
    await relay.start('eng-1', 4);
    listenForLiveRelay(relay);
    const navigate = { type: 'live:navigate', url: 'http://localhost:4101/p/other' } as const;
    await fakeBrowser.runtime.onMessage.trigger({ target: 'live-tab', message: navigate }, sender as never);
    await vi.waitFor(() => expect(delivered).toHaveLength(forwarded));
    expect(delivered).toEqual(forwarded ? [[4, navigate]] : []);
  });

  it.each([
    ['starts loading a participating page', 4, { status: 'loading', url: 'https://other.example/p' }, {}, [{ type: 'live:location', url: 'https://other.example/p' }]],
    ['starts loading a page it may not see', 4, { status: 'loading' }, {}, [{ type: 'live:location', url: null }]],
    ['finished loading (nothing new)', 4, { status: 'complete' }, { url: 'https://shop.example/' }, []],
    ['is another tab', 5, { status: 'loading', url: 'https://other.example/p' }, {}, []],
  ])('tells the host where the live tab is when it %s', async (_case, tabId, change, tab, expected) => {
    const { host, sent } = fakeHost();
    const relay = createLiveRelay({ host });
    await relay.start('eng-1', 4);
    sent.length = 0;
    await relay.onTabUpdated(tabId, change, tab);
    expect(sent).toEqual(expected);
  });

  it('opens the microphone page when the host asks', async () => {
    const { host } = fakeHost();
    await createLiveRelay({ host }).handle({ target: 'background', type: 'live:need-microphone' });
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.flatMap((t) => (t.url ? [t.url] : []))).toEqual([`chrome-extension://${fakeBrowser.runtime.id}/microphone.html`]);
  });

  it.each([
    ['a request for the host', { target: 'live-host', type: 'live:attach', url: 'https://shop.example/', title: '' }],
    ['a message of the background', { type: 'observe:set', on: true }],
    ['an invalid tab message', { target: 'live-tab', message: { type: 'live:run', code: 'x' } }],
    ['an unknown notice', { target: 'background', type: 'live:whatever' }],
  ])('leaves %s alone', async (_name, raw) => {
    const { host } = fakeHost();
    expect(createLiveRelay({ host }).handle(raw)).toBeUndefined();
    expect(delivered).toEqual([]);
  });

  it('stops the host only while an engagement is live', async () => {
    const { host, sent } = fakeHost();
    const relay = createLiveRelay({ host });
    await relay.stop();
    expect(sent).toEqual([]);
    await relay.start('eng-1', 4);
    await relay.stop();
    expect(sent.at(-1)).toEqual({ type: 'live:stop' });
  });
});

describe('the offscreen host channel', () => {
  function fakeOffscreen() {
    let open = 0;
    const created: unknown[] = [];
    Object.assign(fakeBrowser.runtime, {
      getContexts: vi.fn(async () => Array.from({ length: open }, () => ({ contextType: 'OFFSCREEN_DOCUMENT' }))),
    });
    Object.assign(fakeBrowser, {
      offscreen: {
        createDocument: vi.fn(async (options: unknown) => {
          if (open > 0) throw new Error('Only a single offscreen document may be created.');
          await Promise.resolve();
          created.push(options);
          open++;
        }),
        closeDocument: vi.fn(async () => {
          if (open === 0) throw new Error('No current offscreen document.');
          open--;
        }),
      },
    });
    return { created, isOpen: () => open > 0 };
  }

  it('creates the document once, even when asked twice at the same time', async () => {
    const offscreen = fakeOffscreen();
    const channel = offscreenHostChannel();
    await Promise.all([channel.ensure(), channel.ensure()]);
    await channel.ensure();
    expect(offscreen.created).toEqual([{ url: 'offscreen.html', reasons: ['WEB_RTC', 'USER_MEDIA'], justification: expect.any(String) }]);
    await channel.close();
    expect(offscreen.isOpen()).toBe(false);
    await channel.close(); // nothing left to close: no error
  });

  it('sends to the host, waiting for a document that does not listen yet', async () => {
    vi.useFakeTimers();
    try {
      const channel = offscreenHostChannel();
      const reply = channel.send({ type: 'live:stop' });
      await vi.advanceTimersByTimeAsync(150);
      const got: unknown[] = [];
      fakeBrowser.runtime.onMessage.addListener((raw: unknown) => {
        got.push(raw);
        return Promise.resolve({ stopped: true });
      });
      await vi.advanceTimersByTimeAsync(200);
      expect(await reply).toEqual({ stopped: true });
      expect(got).toEqual([{ target: 'live-host', type: 'live:stop' }]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a phone call pushed to the shopper', () => {
  const call = (engagementId: string) => ({
    callId: 'call-1',
    engagementId,
    direction: 'click-to-call' as const,
    associateVia: 'phone' as const,
    state: 'calling-shopper' as const,
    outcome: null,
    startedAt: '2025-01-01T10:00:00.000Z',
    connectedAt: null,
    endedAt: null,
    talkSeconds: null,
    legs: [],
  });

  it('goes to the host of its engagement only, and a reconnection has the host fetch again', async () => {
    const { host, sent } = fakeHost();
    const relay = createLiveRelay({ host });
    await relay.call('eng-1', call('eng-1'));
    await relay.realtimeReady();
    expect(sent).toEqual([]);
    expect(await relay.live()).toBe(false);
    await relay.start('eng-1', 4);
    sent.length = 0;
    await relay.call('eng-2', call('eng-2'));
    await relay.call('eng-1', call('eng-1'));
    await relay.realtimeReady();
    expect(sent).toEqual([{ type: 'live:call', engagementId: 'eng-1', call: call('eng-1') }, { type: 'live:phone-refresh' }]);
    expect(await relay.live()).toBe(true);
  });
});
