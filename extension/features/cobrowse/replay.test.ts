// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '../../../shared/live';
import { startRecording } from './record';
import { createLiveReplay, MASKED_ATTRIBUTE } from './replay';
import type { LiveReplay } from './types';

const immediate = (fn: () => void) => {
  queueMicrotask(fn);
  return () => undefined;
};
const frames = () => new Promise((resolve) => setTimeout(resolve, 80));

/** Records the shop page with the real recorder, then clears it: what the shopper's side would have sent. */
async function recordShop(change?: () => void): Promise<{ first: RecordedEvent[][]; later: RecordedEvent[][] }> {
  document.title = 'Trail shoe | Trail Store';
  document.body.innerHTML = `<h1 id="name">Trail shoe</h1><button id="add">Add to cart</button><section data-fw-mask><p>Ana, 12 Private Lane</p></section>`;
  const batches: RecordedEvent[][] = [];
  const recording = startRecording({ selectors: [], send: (events) => batches.push(events), schedule: immediate });
  await frames();
  const first = batches.splice(0);
  change?.();
  await frames();
  recording.stop();
  const later = batches.splice(0);
  document.body.innerHTML = '';
  document.title = 'Viewer';
  return { first, later };
}

// jsdom has no HTMLIFrameElement.sandbox (a DOMTokenList in browsers); rrweb reads it to make
// sure it rebuilds only into a frame sandboxed to allow-same-origin.
if (!('sandbox' in HTMLIFrameElement.prototype)) {
  Object.defineProperty(HTMLIFrameElement.prototype, 'sandbox', {
    configurable: true,
    get(this: HTMLIFrameElement) {
      return (this.getAttribute('sandbox') ?? '').split(/\s+/).filter(Boolean);
    },
  });
}

let container: HTMLElement;
let replay: LiveReplay | null;
let now: number;

beforeEach(() => {
  now = 1_000;
  replay = null;
});
afterEach(() => {
  replay?.destroy();
  container?.remove();
});

function mount(onNeedSnapshot = vi.fn()) {
  container = document.createElement('div');
  document.body.append(container);
  replay = createLiveReplay(container, { now: () => now, onNeedSnapshot });
  // jsdom does not scroll; rrweb scrolls the frame to the shopper's position on each snapshot.
  container.querySelector('iframe')!.contentWindow!.scrollTo = () => undefined;
  return { replay, onNeedSnapshot };
}
const frameDoc = () => container.querySelector('iframe')!.contentDocument!;

describe('createLiveReplay', () => {
  it('draws the shopper’s page from the first full snapshot, in a frame that runs no scripts', async () => {
    const { first } = await recordShop();
    const { replay } = mount();
    expect(replay.title()).toBe('');
    replay.add(first.flat());
    await frames();
    expect(replay.title()).toBe('Trail shoe | Trail Store');
    expect(frameDoc().querySelector('#name')?.textContent).toBe('Trail shoe');
    const iframe = container.querySelector('iframe')!;
    expect(iframe.getAttribute('sandbox')).toBe('allow-same-origin');
    expect(replay.lastAppliedAt).toBe(1_000);
  });

  it('shows a masked block as a marked, empty box', async () => {
    const { first } = await recordShop();
    const { replay } = mount();
    replay.add(first.flat());
    await frames();
    const masked = frameDoc().querySelector(`[${MASKED_ATTRIBUTE}]`);
    expect(masked?.tagName).toBe('SECTION');
    expect(masked?.textContent).toBe('');
  });

  it('applies later changes as they arrive and records when', async () => {
    const { first, later } = await recordShop(() => {
      document.querySelector('#name')!.textContent = 'Trail shoe, blue';
    });
    expect(later.length).toBeGreaterThan(0);
    const { replay } = mount();
    replay.add(first.flat());
    await frames();
    now = 2_000;
    for (const batch of later) replay.add(batch);
    await frames();
    expect(frameDoc().querySelector('#name')?.textContent).toBe('Trail shoe, blue');
    expect(replay.lastAppliedAt).toBe(2_000);
  });

  it('plays an event as soon as it arrives, whatever its timestamp says (slow first snapshot, clock jumps)', async () => {
    const { first, later } = await recordShop(() => {
      document.querySelector('#name')!.textContent = 'Changed';
    });
    const skew = (batches: RecordedEvent[][], ms: number) => batches.flat().map((e) => ({ ...e, timestamp: e.timestamp + ms }));
    const { replay } = mount();
    // Played by the shopper's timestamps, the change would wait an hour after the snapshot.
    replay.add(first.flat());
    replay.add(skew(later, 3_600_000));
    await frames();
    expect(frameDoc().querySelector('#name')?.textContent).toBe('Changed');
  });

  it('drops changes that come before any full snapshot, keeps the meta event, and asks for a snapshot', async () => {
    const { first, later } = await recordShop(() => {
      document.querySelector('#name')!.textContent = 'Seen before the viewer joined';
    });
    const { replay, onNeedSnapshot } = mount();
    const [meta, snapshot] = first.flat();
    replay.add([meta!]);
    replay.add(later.flat());
    expect(onNeedSnapshot).toHaveBeenCalledTimes(1);
    replay.add(later.flat());
    expect(onNeedSnapshot).toHaveBeenCalledTimes(1); // not more than once a second
    await frames();
    expect(replay.title()).toBe('');
    replay.add([snapshot!]);
    await frames();
    expect(frameDoc().querySelector('#name')?.textContent).toBe('Trail shoe');
    // The meta event kept from before gave the replay the shopper's viewport size.
    expect(container.querySelector('iframe')!.getAttribute('width')).toBe(String(window.innerWidth));
  });

  it('starts a new page on a new full snapshot', async () => {
    const a = await recordShop();
    const { replay } = mount();
    replay.add(a.first.flat());
    await frames();
    // The shopper goes to another page: its recorder sends a meta event and a new snapshot.
    const second = a.first.flat();
    const snapshot = second.find((e) => e.type === 2)!;
    const json = JSON.stringify(snapshot).replaceAll('Trail shoe', 'Rain jacket');
    replay.add(second.map((e) => (e === snapshot ? (JSON.parse(json) as RecordedEvent) : e)));
    await frames();
    expect(frameDoc().querySelector('#name')?.textContent).toBe('Rain jacket');
    expect(replay.title()).toBe('Rain jacket | Trail Store');
  });

  it('maps a point in the container to the shopper’s viewport, scaled to fit, and to the recorded id under it', async () => {
    const { first } = await recordShop();
    const { replay } = mount();
    Object.defineProperty(container, 'clientWidth', { configurable: true, value: window.innerWidth / 2 });
    replay.add(first.flat());
    await frames();
    expect(replay.toShopperViewport(10, 20)).toEqual({ x: 20, y: 40 });
    expect(replay.toShopperViewport(-1, 5)).toBeNull();
    expect(replay.toShopperViewport(window.innerWidth, 5)).toBeNull();
    const frameDocument = frameDoc();
    const add = frameDocument.querySelector('#add')!;
    const seen: [number, number][] = [];
    frameDocument.elementFromPoint = (x: number, y: number) => {
      seen.push([x, y]);
      return add;
    };
    const id = replay.nodeIdAt(10, 20);
    expect(seen).toEqual([[20, 40]]);
    const snapshot = first.flat().find((e) => e.type === 2)!;
    expect(JSON.stringify(snapshot.data)).toContain(`"id":${id}`);
    expect(id).toBeGreaterThan(0);
  });

  it('answers null before anything is shown', () => {
    const { replay } = mount();
    expect(replay.nodeIdAt(1, 1)).toBeNull();
    expect(replay.toShopperViewport(1, 1)).toBeNull();
    expect(replay.lastAppliedAt).toBe(0);
  });

  it('destroy removes the replay and ignores what arrives after', async () => {
    const { first, later } = await recordShop(() => {
      document.querySelector('#name')!.textContent = 'late';
    });
    const { replay } = mount();
    replay.add(first.flat());
    await frames();
    replay.add(later.flat());
    replay.destroy();
    expect(container.children).toHaveLength(0);
    replay.add(first.flat());
    await frames();
    expect(container.children).toHaveLength(0);
    replay.destroy();
  });
});
