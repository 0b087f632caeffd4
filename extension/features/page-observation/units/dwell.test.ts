import { afterEach, describe, expect, it, vi } from 'vitest';
import { useObservedPage } from '../testing/observed-page';
import { HEARTBEAT_MS, MARK_CHECK_MS } from './dwell';

describe('heartbeat and dwell', () => {
  const page = useObservedPage();
  afterEach(() => {
    delete page.site.dwellMarks;
  });

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

  it("reports the active time as it crosses the site's dwell mark, so a 20 s rule is not kept waiting for the 30 s heartbeat", async () => {
    page.site.dwellMarks = [20];
    page.start();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS + 4_500);
    expect(page.ofType('heartbeat').map((e) => e.activeMs)).toEqual([15_000]);
    await vi.advanceTimersByTimeAsync(MARK_CHECK_MS); // 20 s
    expect(page.ofType('heartbeat').map((e) => e.activeMs)).toEqual([15_000, 5_000]);
    await vi.advanceTimersByTimeAsync(10_000); // the heartbeat at 30 s goes on as before
    expect(page.ofType('heartbeat').map((e) => e.activeMs)).toEqual([15_000, 5_000, 10_000]);
  });

  it('counts only active time towards a mark: 25 s of it, with 10 s unfocused between, is reached at 35 s', async () => {
    page.site.dwellMarks = [25];
    page.start();
    await vi.advanceTimersByTimeAsync(10_000);
    vi.mocked(document.hasFocus).mockReturnValue(false);
    window.dispatchEvent(new Event('blur'));
    await vi.advanceTimersByTimeAsync(10_000);
    vi.mocked(document.hasFocus).mockReturnValue(true);
    window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(14_500); // 34.5 s: heartbeats at 15 s and 30 s, 20 s of activity in all
    expect(page.ofType('heartbeat').map((e) => e.activeMs)).toEqual([10_000, 10_000]);
    await vi.advanceTimersByTimeAsync(MARK_CHECK_MS);
    expect(page.ofType('heartbeat').map((e) => e.activeMs)).toEqual([10_000, 10_000, 5_000]);
  });

  it('sends no heartbeat for a page already left', async () => {
    page.start();
    page.setVisibility('hidden');
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    await vi.advanceTimersByTimeAsync(2 * HEARTBEAT_MS);
    expect(page.ofType('heartbeat')).toEqual([]);
  });
});
