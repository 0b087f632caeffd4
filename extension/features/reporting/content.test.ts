import { describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '../../lib/testing/fake-backend';
import { deliver, REPORT_RETRY_MS } from './content';

describe('deliver', () => {
  const events = [fakeEvent()];
  const noWait = async () => undefined;

  it('sends once when the background answers', async () => {
    const send = vi.fn(async () => ({ accepted: 1, refused: 0 }));
    await deliver({ isValid: true }, events, send, noWait);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('tries again when the message is lost, with the same events', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new Error('The message channel closed before a response was received.'))
      .mockResolvedValueOnce({ accepted: 1, refused: 0 });
    await deliver({ isValid: true }, events, send, noWait);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1]![0]).toBe(events);
  });

  it('gives up after the last retry, and at once when the extension is gone', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = vi.fn(async () => {
      throw new Error('Could not establish connection.');
    });
    await deliver({ isValid: true }, events, failing, noWait);
    expect(failing).toHaveBeenCalledTimes(REPORT_RETRY_MS.length + 1);
    const gone = vi.fn(async () => {
      throw new Error('Extension context invalidated.');
    });
    await deliver({ isValid: false }, events, gone, noWait);
    expect(gone).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
