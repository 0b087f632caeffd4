import { ContentScriptContext } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '../../lib/testing/fake-backend';
import { deliver, REPORT_RETRY_MS } from './deliver';

describe('deliver', () => {
  const events = [fakeEvent()];
  let ctx: ContentScriptContext;
  const lost = () => new Error('The message channel closed before a response was received.');

  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    ctx = new ContentScriptContext('deliver-test');
  });
  afterEach(() => {
    ctx.abort();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends once when the background answers', async () => {
    const send = vi.fn(async () => ({ accepted: 1, refused: 0 }));
    await deliver(ctx, events, send);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('tries again when the message is lost, with the same events, after 0.25 s, 1 s and 3 s, then gives up', async () => {
    const send = vi.fn(async (_sent: unknown) => {
      throw lost();
    });
    const done = deliver(ctx, events, send);
    await vi.advanceTimersByTimeAsync(0);
    const triesBeforeEachWaitEnds: number[] = [];
    for (const wait of REPORT_RETRY_MS) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      triesBeforeEachWaitEnds.push(send.mock.calls.length);
      await vi.advanceTimersByTimeAsync(1);
    }
    await done;
    expect(triesBeforeEachWaitEnds).toEqual([1, 2, 3]);
    expect(send).toHaveBeenCalledTimes(REPORT_RETRY_MS.length + 1);
    expect(send.mock.calls.every(([sent]) => sent === events)).toBe(true);
  });

  it('stops at once when the extension is gone, and its wait dies with the context', async () => {
    const send = vi.fn(async () => {
      throw lost();
    });
    void deliver(ctx, events, send);
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(1);
    ctx.abort(); // the extension reloads while the first retry waits
    await vi.advanceTimersByTimeAsync(10_000);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
