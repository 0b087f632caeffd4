import { describe, expect, it, vi } from 'vitest';
import { useObservedPage } from '../testing/observed-page';
import { HEARTBEAT_MS } from './dwell';

describe('heartbeat and dwell', () => {
  const page = useObservedPage();

  it('sends a heartbeat with the active time every 15 s while visible and focused, and nothing while unfocused', async () => {
    page.start();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(page.ofType('heartbeat')).toEqual([expect.objectContaining({ activeMs: 15_000, productKey: 'sku:TT-2' })]);
    vi.mocked(document.hasFocus).mockReturnValue(false);
    window.dispatchEvent(new Event('blur'));
    await vi.advanceTimersByTimeAsync(2 * HEARTBEAT_MS);
    expect(page.ofType('heartbeat')).toHaveLength(1);
  });

  it('counts only the focused time: the leave gets what the heartbeats did not', async () => {
    page.start();
    await vi.advanceTimersByTimeAsync(3000);
    window.dispatchEvent(new Event('blur'));
    await vi.advanceTimersByTimeAsync(5000);
    window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(2000);
    page.setVisibility('hidden');
    expect(page.ofType('leave')).toEqual([expect.objectContaining({ activeMs: 5000 })]);
  });

  it('sends no heartbeat for a page already left', async () => {
    page.start();
    page.setVisibility('hidden');
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    await vi.advanceTimersByTimeAsync(2 * HEARTBEAT_MS);
    expect(page.ofType('heartbeat')).toEqual([]);
  });
});
