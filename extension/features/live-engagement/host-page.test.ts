import { describe, expect, it, vi } from 'vitest';
import { startLiveHostPage } from './host-page';

type Listener = (raw: unknown, sender: unknown, sendResponse: (reply: unknown) => void) => boolean | undefined;

function fakeRuntime() {
  const listeners: Listener[] = [];
  const sent: unknown[] = [];
  return {
    sent,
    listeners,
    runtime: { id: 'test-extension-id', getURL: () => 'chrome-extension://test-extension-id/', sendMessage: vi.fn(async (m: unknown) => void sent.push(m)), onMessage: { addListener: (l: Listener) => void listeners.push(l) }, onConnect: { addListener: () => undefined } },
  };
}

describe('the live host page', () => {
  it('answers the host’s messages with sendResponse and leaves the others', async () => {
    const { runtime, listeners } = fakeRuntime();
    startLiveHostPage({ runtime, audio: document.createElement('audio') });
    const respond = vi.fn();
    expect(listeners[0]!({ target: 'live-host', type: 'live:attach', url: 'https://shop.example/', title: '' }, {}, respond)).toBe(true);
    await vi.waitFor(() => expect(respond).toHaveBeenCalledWith(null));
    const other = vi.fn();
    expect(listeners[0]!({ type: 'observe:set', on: true }, {}, other)).toBe(false);
    expect(listeners[0]!({ target: 'live-tab', message: { type: 'live:snapshot' } }, {}, other)).toBe(false);
    expect(other).not.toHaveBeenCalled();
  });

  it('takes controls from the extension only, never from a shop page’s content script', async () => {
    const { runtime, listeners } = fakeRuntime();
    startLiveHostPage({ runtime, audio: document.createElement('audio') });
    const stop = { target: 'live-host', type: 'live:stop' };
    const fromPage = vi.fn();
    listeners[0]!(stop, { id: 'test-extension-id', url: 'https://shop.example/', tab: { id: 4 } }, fromPage);
    await vi.waitFor(() => expect(fromPage).toHaveBeenCalledWith({ ok: false }));
    const fromBackground = vi.fn();
    listeners[0]!(stop, { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/background.js' }, fromBackground);
    await vi.waitFor(() => expect(fromBackground).toHaveBeenCalledWith({ stopped: true }));
  });
});
