import { record } from '@rrweb/record';
import type { RecordedEvent } from '../../../shared/live';
import { maskedValue } from './masking.core';
import { MASK_ATTRIBUTE, OVERLAY_ATTRIBUTE, pageMasking } from './masking';
import type { Recording, RecordingOptions } from './types';

/**
 * The shopper's page recorded with rrweb, masked here before any event exists outside this
 * browser: a masked value is replaced inside rrweb's serialiser, so it is never part of an
 * event, a batch or a message.
 *
 * It runs in the content script's isolated world, not the page's main world: the stream of
 * events never passes through the page's own window, where the shop's other scripts (analytics,
 * ads, anything injected) could read or alter it. The cost: rrweb's setter hooks patch the
 * isolated world's prototypes, so a value a page script sets through `input.value = ...` is not
 * seen until the next input/change event or snapshot; such values are masked anyway, except
 * search boxes, whose typed terms arrive through input events.
 *
 * Masking mapped onto rrweb:
 * - every <input>, <textarea>, <select> value goes through `maskInputFn`, which shows it only
 *   for search boxes (never password, payment, marked or enterprise ones). `maskInputOptions`
 *   lists `input` itself (not only rrweb's `maskAllInputs` types), so hidden and file inputs
 *   (tokens, file names) are masked too;
 * - `[data-fw-mask]` and the enterprise's selectors are *blocked*: rrweb sends an empty box of
 *   the same size and nothing of their attributes, text, images or children. Masking only their
 *   text would still send their attributes (links, image sources, data-*) and the shape of
 *   every word. They are also in `maskTextSelector`, as a second guard;
 * - text inside a <textarea> or a contenteditable region is typed by the shopper: masked;
 * - Floorwalker's own overlays (`[data-fw-overlay]`) are blocked: the associate's highlight is
 *   not echoed back.
 */

const OVERLAY = `[${OVERLAY_ATTRIBUTE}]`;
const MARKED = `[${MASK_ATTRIBUTE}]`;
/** Every input type rrweb knows, and the tag names themselves (so hidden, file... are masked too). */
const MASK_EVERY_INPUT = {
  input: true,
  textarea: true,
  select: true,
  color: true,
  date: true,
  'datetime-local': true,
  email: true,
  month: true,
  number: true,
  range: true,
  search: true,
  tel: true,
  text: true,
  time: true,
  url: true,
  week: true,
  password: true,
};

/** The longest batch handed to `send` (the `dom` message allows 2,000 events). */
export const MAX_BATCH_EVENTS = 500;
/**
 * At most one batch of events leaves every this long. Each batch is one message through the
 * extension's messaging, whose cost on the shop's page is mostly per message: a page that
 * changes all the time (a price ticker, a carousel) sends ten messages a second, not one per
 * change and per scroll. A change after a quiet spell goes at once (in a task of its own, so
 * what the same task changed goes with it): the associate sees a shopper's click sooner than
 * with the fixed 16 ms wait this replaced. (Waiting for the next animation frame instead
 * measured worse: the frames it asks for seem to cost the page more than the messages saved.)
 */
export const BATCH_MS = 100;

/**
 * How often rrweb samples what the shopper does, coarser than its defaults: the associate
 * follows the pointer and the scroll position, not every pixel of them. The pointer is read
 * every 100 ms (sent in rrweb's half-second batches), the scroll position every 150 ms, a
 * video's play/pause/seek every 800 ms. Not `input: 'last'`: rrweb then listens to `change`
 * only, so a search typed in the box would show when the shopper leaves it. Masked fields
 * cost nothing per keystroke: their value is always the same mark, and rrweb drops an input
 * event that changes nothing.
 */
export const SAMPLING = { mousemove: 100, scroll: 150, media: 800 } as const;

const enum EventType {
  FullSnapshot = 2,
  Meta = 4,
}

export interface RecordingInternals {
  /** Waits `ms` then calls `fn` (tests); setTimeout by default. Returns a canceller. */
  schedule?: (fn: () => void, ms: number) => () => void;
  /** The clock batches are paced by (tests); performance.now by default. */
  now?: () => number;
}

let current: Recording | null = null;

/** How long a batch started at `at` waits when the last one left at `lastSentAt`: none after a quiet spell, else until BATCH_MS has passed. */
export function batchWait(lastSentAt: number, at: number): number {
  return Math.max(0, lastSentAt + BATCH_MS - at);
}

/**
 * Starts recording this page for the associate: events are handed to `options.send` in order,
 * at most one batch every `BATCH_MS`, the first batch starting with the page's full snapshot
 * (its meta event, then the snapshot). Only one recording runs at a time (rrweb's recorder is one per page):
 * starting another stops the first. The first batch may be sent before this returns (rrweb
 * snapshots a loaded page at once).
 * e.g. const recording = startRecording({ selectors: creds.maskSelectors, send: (events) => link.send({ v: 1, type: 'dom', events }) })
 */
export function startRecording(options: RecordingOptions & RecordingInternals): Recording {
  current?.stop();
  const masking = pageMasking(document, options.selectors, options.searchSelector);
  const schedule = options.schedule ?? ((fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  });
  const now = options.now ?? (() => performance.now());

  let pending: RecordedEvent[] = [];
  let cancelFlush: (() => void) | null = null;
  let stopped = false;
  let lastSentAt = Number.NEGATIVE_INFINITY;

  const flush = () => {
    cancelFlush?.();
    cancelFlush = null;
    if (stopped || pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastSentAt = now();
    options.send(batch);
  };

  const emit = (event: RecordedEvent) => {
    if (stopped) return;
    // A meta event opens a new page (a snapshot follows): the batch before it goes out first,
    // so a batch that carries a full snapshot starts with it.
    if (event.type === EventType.Meta) flush();
    pending.push(event);
    // A snapshot is what the viewer waits for: no reason to hold it.
    if (event.type === EventType.FullSnapshot || pending.length >= MAX_BATCH_EVENTS) flush();
    else cancelFlush ??= schedule(flush, batchWait(lastSentAt, now()));
  };

  const blocked = [MARKED, ...masking.selectors, OVERLAY].join(',');
  const stopRecorder = record({
    emit: (event) => emit(event as unknown as RecordedEvent),
    maskAllInputs: false,
    maskInputOptions: MASK_EVERY_INPUT,
    maskInputFn: (text, element) => (masking.showsValue(element) ? text : maskedValue(text)),
    blockSelector: blocked,
    maskTextSelector: [MARKED, ...masking.selectors, 'textarea', '[contenteditable]:not([contenteditable=false])'].join(','),
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
    sampling: { ...SAMPLING },
    // Scripts, comments and head metadata mean nothing in a replay that runs no scripts: left
    // out of every snapshot and mutation (the title's changes still go).
    slimDOMOptions: true,
  });

  const recording: Recording = {
    takeSnapshot: () => {
      if (!stopped) record.takeFullSnapshot(true);
    },
    nodeById: (nodeId) => {
      const node = record.mirror.getNode(nodeId);
      return node && node.nodeType === 1 && node.isConnected ? (node as Element) : null;
    },
    isMasked: (element) => masking.isGuarded(element),
    stop: () => {
      if (stopped) return;
      stopped = true;
      // What was gathered but not sent stays here: after stop nothing leaves the page.
      cancelFlush?.();
      cancelFlush = null;
      pending = [];
      stopRecorder?.();
      if (current === recording) current = null;
    },
  };
  current = recording;
  return recording;
}
