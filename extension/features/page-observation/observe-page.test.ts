import { describe, expect, it, vi } from 'vitest';
import type { ObservationUnit } from './page-state';
import { useObservedPage } from './testing/observed-page';
import { OBSERVATION_UNITS } from './units';

describe('the observation units', () => {
  it('are all registered: every unit file under units/ is in the list, once', () => {
    const files = import.meta.glob<Record<string, unknown>>(['./units/*.ts', '!./units/*.test.ts'], { eager: true });
    const declared = Object.entries(files).flatMap(([file, exports]) =>
      Object.values(exports)
        .filter((value): value is ObservationUnit => typeof value === 'object' && value !== null && 'start' in value && 'name' in value)
        .map((unit) => ({ file, unit })),
    );
    expect(Object.keys(files).length).toBeGreaterThan(0);
    // One unit per file, and nothing else in the folder.
    expect(declared.map((d) => d.file).sort()).toEqual(Object.keys(files).sort());
    expect([...OBSERVATION_UNITS].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      declared.map((d) => d.unit).sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(new Set(OBSERVATION_UNITS.map((u) => u.name)).size).toBe(OBSERVATION_UNITS.length);
  });
});

describe('observePage', () => {
  const page = useObservedPage();
  const failingAtStart: ObservationUnit = {
    name: 'broken at start',
    start() {
      throw new Error('selector exploded');
    },
  };
  const failingOnClick: ObservationUnit = {
    name: 'broken on click',
    start({ ctx, guard }) {
      ctx.addEventListener(
        document,
        'click',
        guard(() => {
          throw new Error('handler exploded');
        }),
        { capture: true },
      );
    },
  };

  it("goes on with the other units when one fails, at start or in a listener, and logs the unit's name", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    page.start({ units: [failingAtStart, failingOnClick, ...OBSERVATION_UNITS] });
    document.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault());
    document.querySelector('button')!.click();
    expect(page.types()).toEqual(['page_view', 'product_view', 'cart_add']);
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      '[floorwalker] observation: broken at start: selector exploded',
      '[floorwalker] observation: broken on click: handler exploded',
    ]);
  });

  it('reports nothing more once stopped', async () => {
    page.start();
    page.stop();
    document.querySelector('button')!.click();
    await vi.advanceTimersByTimeAsync(30_000);
    page.setVisibility('hidden');
    expect(page.types()).toEqual(['page_view', 'product_view']);
  });

  it('leaves no listener or timer behind when the extension context goes away', async () => {
    page.start();
    page.ctx.abort();
    await vi.advanceTimersByTimeAsync(30_000); // heartbeats
    document.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault());
    document.querySelector('button')!.click(); // a cart add
    history.pushState(null, '', '/elsewhere'); // an in-page navigation
    await vi.advanceTimersByTimeAsync(2_000);
    page.setVisibility('hidden'); // a leave
    window.dispatchEvent(new Event('pagehide'));
    expect(page.types()).toEqual(['page_view', 'product_view']);
  });

  it('leaves no idle callback behind either: a page read in idle time is never reported after', () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    page.start({ runSteps: undefined }); // the default: the page's idle callbacks, through ctx
    page.ctx.abort();
    for (const callback of idle.splice(0)) callback();
    expect(page.types()).toEqual([]);
    vi.unstubAllGlobals();
  });
});
