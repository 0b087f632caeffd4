import { describe, expect, it, vi } from 'vitest';
import { startLiveHostPage } from './host-page';

type Listener = (raw: unknown, sender: unknown, sendResponse: (reply: unknown) => void) => boolean | undefined;

function fakeRuntime() {
  const listeners: Listener[] = [];
  const sent: unknown[] = [];
  return {
    sent,
    listeners,
    runtime: { sendMessage: vi.fn(async (m: unknown) => void sent.push(m)), onMessage: { addListener: (l: Listener) => void listeners.push(l) } },
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
});
