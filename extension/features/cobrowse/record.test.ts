// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../shared/live';
import { BATCH_MS, batchWait, type RecordingInternals, SAMPLING, startRecording } from './record';
import type { Recording } from './types';

// The secrets a shopper has on the page or types; none may appear in anything handed to `send`.
const SECRETS = {
  password: 'hunter2-Pa55word',
  card: '4111111111111111',
  cvc: '737',
  email: 'ana.shopper@example.org',
  marked: 'Ana Example, 12 Private Lane',
  markedAttr: 'account-778899',
  enterprise: 'LOYALTY-990011',
  hidden: 'csrf-5e3c7a1b',
  note: 'leave it with my neighbour Bob',
  textareaDefault: 'prefilled-note-4242',
};
const SEARCH = { typed: 'trail running shoes', prefilled: 'waterproof tent' };

function page() {
  document.title = 'Trail Store';
  document.body.innerHTML = `
    <header><form role="search" action="/search"><input type="search" name="q" id="q" value="${SEARCH.prefilled}"></form></header>
    <main>
      <h1>Trail shoe</h1>
      <button id="add">Add to cart</button>
      <form action="/checkout">
        <input type="password" name="pw" id="pw">
        <input type="text" name="card" id="card" autocomplete="cc-number">
        <input type="text" name="cvc" id="cvc">
        <input type="email" name="email" id="email">
        <input type="hidden" name="token" value="${SECRETS.hidden}">
        <textarea id="note">${SECRETS.textareaDefault}</textarea>
      </form>
      <section data-fw-mask data-account="${SECRETS.markedAttr}"><p id="marked">${SECRETS.marked}</p><input id="marked-search" type="search"></section>
      <div class="loyalty"><span id="loyalty">${SECRETS.enterprise}</span></div>
    </main>`;
}

function type(selector: string, value: string) {
  const input = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Flushes run at once in tests (the pacing is covered by its own test). */
const immediate: RecordingInternals['schedule'] = (fn) => {
  queueMicrotask(fn);
  return () => undefined;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

let recording: Recording | null = null;
let batches: RecordedEvent[][] = [];
const all = () => JSON.stringify(batches);
/** Every string anywhere in `value` (keys and values). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  return [];
}

beforeEach(() => {
  page();
  batches = [];
});
afterEach(() => {
  recording?.stop();
  recording = null;
});

function start(selectors: string[] = ['.loyalty', 'div[[broken'], schedule = immediate) {
  recording = startRecording({ selectors, send: (events) => batches.push(events), schedule });
  return recording;
}

describe('startRecording', () => {
  it('starts with a meta event and a full snapshot of the page', async () => {
    start();
    await settle();
    expect(batches.length).toBeGreaterThan(0);
    expect(batches[0]!.map((e) => e.type)).toEqual([4, 2]);
    expect(all()).toContain('Add to cart');
    expect(all()).toContain('Trail shoe');
  });

  it('never hands a password, card number, marked or enterprise text, or any other form value to send; search terms go through', async () => {
    start();
    type('#pw', SECRETS.password);
    type('#card', SECRETS.card);
    type('#cvc', SECRETS.cvc);
    type('#email', SECRETS.email);
    type('#note', SECRETS.note);
    type('#marked-search', 'marked search');
    type('#q', SECRETS.password.slice(0, 0) + SEARCH.typed);
    // The page changes what the shopper sees inside masked blocks, after the snapshot too.
    document.querySelector('#marked')!.textContent = `${SECRETS.marked} (changed)`;
    document.querySelector('#loyalty')!.append(document.createTextNode(` ${SECRETS.enterprise}-2`));
    const added = document.createElement('p');
    added.textContent = `${SECRETS.marked} again`;
    document.querySelector('[data-fw-mask]')!.append(added);
    recording!.takeSnapshot();
    await settle();

    const json = all();
    // Positive controls: the recording did capture the typing and the later changes.
    expect(json).toContain(SEARCH.typed);
    expect(json).toContain(SEARCH.prefilled);
    expect(json.match(/"type":3/g)?.length ?? 0).toBeGreaterThan(0);
    expect(batches.flat().filter((e) => e.type === 2)).toHaveLength(2);
    // In the texts sent, not in numbers: a short secret (the CVC's three digits) may be part of a timestamp.
    const texts = stringsIn(batches).join('\n');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(texts, `${name} leaked`).not.toContain(secret);
    }
    expect(json).not.toContain('marked search');
  });

  it('answers which recorded element an id names, and whether the associate may act on it', async () => {
    const rec = start();
    await settle();
    const snapshot = batches.flat().find((e) => e.type === 2)!;
    const ids = new Map<string, number>();
    (function walk(node: { id: number; attributes?: Record<string, string>; childNodes?: unknown[] }) {
      const id = node.attributes?.id;
      if (id) ids.set(id, node.id);
      for (const child of node.childNodes ?? []) walk(child as typeof node);
    })((snapshot.data as { node: { id: number } }).node);

    const add = rec.nodeById(ids.get('add')!);
    expect(add).toBe(document.querySelector('#add'));
    expect(rec.isMasked(add!)).toBe(false);
    expect(rec.isMasked(document.querySelector('#email')!)).toBe(false);
    expect(rec.isMasked(document.querySelector('#pw')!)).toBe(true);
    expect(rec.isMasked(document.querySelector('#card')!)).toBe(true);
    expect(rec.isMasked(document.querySelector('#marked')!)).toBe(true);
    expect(rec.isMasked(document.querySelector('#loyalty')!)).toBe(true);
    // Inside a blocked block nothing was recorded, so no id reaches it.
    expect(ids.has('marked')).toBe(false);
    expect(rec.nodeById(999_999)).toBeNull();
    document.querySelector('#add')!.remove();
    expect(rec.nodeById(ids.get('add')!)).toBeNull();
  });

  it('sends a change after a quiet spell at once, and then at most one batch every BATCH_MS', async () => {
    let clock = 1_000;
    const waits: number[] = [];
    const due: (() => void)[] = [];
    recording = startRecording({
      selectors: [],
      send: (events) => batches.push(events),
      schedule: (fn, ms) => {
        waits.push(ms);
        due.push(fn);
        return () => undefined;
      },
      now: () => clock,
    });
    await settle();
    const afterSnapshot = batches.length;
    // The snapshot just left: a change 30 ms later waits for the rest of BATCH_MS.
    clock += 30;
    document.querySelector('h1')!.textContent = 'Trail shoe, blue';
    document.querySelector('#add')!.textContent = 'Add to bag';
    await settle();
    expect(batches.length).toBe(afterSnapshot);
    expect(waits.at(-1)).toBe(BATCH_MS - 30);
    clock += BATCH_MS - 30;
    due.at(-1)!();
    expect(batches.length).toBe(afterSnapshot + 1);
    expect(JSON.stringify(batches.at(-1))).toContain('Add to bag');
    // After a quiet spell, no wait.
    clock += 5 * BATCH_MS;
    document.querySelector('h1')!.textContent = 'Trail shoe, red';
    await settle();
    expect(waits.at(-1)).toBe(0);
  });

  it('batchWait: none after a quiet spell, else the rest of BATCH_MS', () => {
    expect(batchWait(Number.NEGATIVE_INFINITY, 0)).toBe(0);
    expect(batchWait(1_000, 1_000)).toBe(BATCH_MS);
    expect(batchWait(1_000, 1_040)).toBe(BATCH_MS - 40);
    expect(batchWait(1_000, 1_000 + BATCH_MS)).toBe(0);
    expect(batchWait(1_000, 9_000)).toBe(0);
  });

  it('sends a change and the scroll after it in one batch', async () => {
    const due: (() => void)[] = [];
    start([], (fn) => {
      due.push(fn);
      return () => undefined;
    });
    await settle();
    const afterSnapshot = batches.length;
    document.querySelector('h1')!.textContent = 'Trail shoe, on sale';
    await settle();
    document.dispatchEvent(new Event('scroll'));
    await settle();
    for (const fn of due.splice(0)) fn();
    expect(batches.length).toBe(afterSnapshot + 1);
    // rrweb's incremental sources: 0 a mutation, 3 a scroll.
    const sources = batches.at(-1)!.map((e) => (e.data as { source?: number }).source);
    expect(sources).toEqual([0, 3]);
  });

  it('samples the pointer no finer than SAMPLING.mousemove', async () => {
    start();
    await settle();
    const startedAt = Date.now();
    for (let i = 0; i < 30; i++) {
      document.body.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: i * 10, clientY: 40 }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const movingMs = Date.now() - startedAt;
    // rrweb hands the gathered positions over every 500 ms.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const positions = batches
      .flat()
      .filter((e) => e.type === 3 && (e.data as { source?: number }).source === 1)
      .flatMap((e) => (e.data as { positions: unknown[] }).positions);
    expect(positions.length).toBeGreaterThan(1);
    // The first move, then one per sampling period, and a trailing one.
    expect(positions.length).toBeLessThanOrEqual(Math.floor(movingMs / SAMPLING.mousemove) + 2);
  });

  it('leaves scripts and comments out of the snapshot', async () => {
    document.body.insertAdjacentHTML('beforeend', '<!-- build 7f3a --><script>window.tracking = "pixel-123"</script>');
    start();
    await settle();
    expect(all()).toContain('Add to cart');
    expect(all()).not.toContain('build 7f3a');
    expect(all()).not.toContain('pixel-123');
  });

  it('sends nothing after stop, not even what was gathered before', async () => {
    const due: (() => void)[] = [];
    const rec = start([], (fn) => {
      due.push(fn);
      return () => undefined;
    });
    await settle();
    const before = batches.length;
    document.querySelector('h1')!.textContent = 'changed before stop';
    await settle();
    rec.stop();
    for (const fn of due) fn();
    document.querySelector('h1')!.textContent = 'changed after stop';
    rec.takeSnapshot();
    await settle();
    expect(batches.length).toBe(before);
  });

  it('starting a second recording stops the first', async () => {
    const first: RecordedEvent[][] = [];
    const a = startRecording({ selectors: [], send: (e) => first.push(e), schedule: immediate });
    await settle();
    recording = start([]);
    await settle();
    const seen = first.length;
    document.querySelector('h1')!.textContent = 'only the second sees this';
    await settle();
    expect(first.length).toBe(seen);
    expect(all()).toContain('only the second sees this');
    a.stop();
  });
});
