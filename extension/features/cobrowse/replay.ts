import { Replayer } from '@rrweb/replay';
import type { RecordedEvent } from '../../../shared/live';
import type { LiveReplay } from './types';
import './replay.css';

/**
 * The shopper's tab replayed live in the associate's viewer.
 *
 * rrweb's Replayer builds the page in an iframe sandboxed to `allow-same-origin` only (rrweb
 * refuses to rebuild into anything else unless UNSAFE_replayCanvas is set, which it never is
 * here), so nothing in the shop's page runs: no script, no handler, no form submission. The
 * viewer still reads the frame's document (elementFromPoint, title).
 *
 * Latency: rrweb's live mode plays an event once `event.timestamp - baseline` has passed on the
 * viewer's clock. Played with the shopper's timestamps, every event would wait as long as the
 * first snapshot took to arrive (and any clock skew). So each event is stamped with the time it
 * arrives here and the live baseline is the first arrival: an event plays at the next animation
 * frame after it arrives, in order, whatever the two clocks say.
 */

const enum EventType {
  FullSnapshot = 2,
  IncrementalSnapshot = 3,
  Meta = 4,
}

export interface LiveReplayOptions {
  /** Epoch ms for `lastAppliedAt` (tests); Date.now by default. */
  now?: () => number;
  /**
   * Called when events arrive and no full snapshot has been seen yet (the viewer joined late or
   * lost one): the caller should send a `snapshot-request`. Called at most once per second.
   */
  onNeedSnapshot?: () => void;
}

/** Marks, in the replay, an element the shopper's side blocked (masked): drawn as a hatched box. */
export const MASKED_ATTRIBUTE = 'data-fw-masked';

interface SerializedNode {
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

/** Marks the blocked elements (rrweb sends them as an empty node with only rr_width/rr_height) of a serialized tree. */
function markBlocked(node: SerializedNode | undefined): void {
  if (!node) return;
  if (node.attributes && 'rr_width' in node.attributes) node.attributes[MASKED_ATTRIBUTE] = '';
  for (const child of node.childNodes ?? []) markBlocked(child);
}

/** Marks blocked elements in a full snapshot or in the nodes a mutation adds. */
export function markMasked(event: RecordedEvent): void {
  const data = event.data as { node?: SerializedNode; source?: number; adds?: { node?: SerializedNode }[] } | null;
  if (!data) return;
  if (event.type === EventType.FullSnapshot) markBlocked(data.node);
  else if (event.type === EventType.IncrementalSnapshot && data.source === 0) for (const add of data.adds ?? []) markBlocked(add.node);
}

/** A monotonic clock in epoch ms, the one rrweb's live timer runs on (performance.now). */
const monotonic = () => performance.timeOrigin + performance.now();

/**
 * Replays the shopper's events in `container` (which must be in the document), scaled to its
 * width. Events before the first full snapshot cannot be drawn (they change a page not seen
 * yet): a meta event is kept for it, the rest are dropped and `onNeedSnapshot` asks for one.
 * e.g. const replay = createLiveReplay(div, { onNeedSnapshot: () => link.send({ v: 1, type: 'snapshot-request' }) }); onDom = (m) => replay.add(m.events)
 */
export function createLiveReplay(container: HTMLElement, options: LiveReplayOptions = {}): LiveReplay {
  const now = options.now ?? Date.now;
  const doc = container.ownerDocument;
  const stage = doc.createElement('div');
  stage.className = 'fw-replay-stage';
  const frame = doc.createElement('div');
  frame.className = 'fw-replay-frame';
  stage.append(frame);
  container.append(stage);

  const replayer = new Replayer([], {
    root: frame,
    liveMode: true,
    mouseTail: false,
    UNSAFE_replayCanvas: false,
    triggerFocus: false,
    // rrweb pauses the page's CSS animations unless "playing"; live is not "playing".
    pauseAnimation: false,
    // Blocked (masked) elements arrive as empty boxes: show them as such.
    insertStyleRules: [`[${MASKED_ATTRIBUTE}] { background: repeating-linear-gradient(45deg, #d8ddda 0 6px, #eef1ef 6px 12px) !important; }`],
    showWarning: false,
  });
  // The replayer's own mouse div is pointer-free, and nothing in the frame is interactive.
  replayer.disableInteract();

  let viewport: { width: number; height: number } | null = null;
  let scale = 1;
  let started = false;
  let destroyed = false;
  let lastStamp = 0;
  let lastAppliedAt = 0;
  let pendingMeta: RecordedEvent | null = null;
  let askedAt = -Infinity;

  const fit = () => {
    if (!viewport) return;
    const width = container.clientWidth;
    scale = width > 0 ? width / viewport.width : 1;
    frame.style.width = `${viewport.width}px`;
    frame.style.height = `${viewport.height}px`;
    frame.style.transform = `scale(${scale})`;
    stage.style.height = `${Math.round(viewport.height * scale)}px`;
  };
  const resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(fit) : null;
  resizeObserver?.observe(container);

  replayer.on('resize', (dimension) => {
    const { width, height } = dimension as { width: number; height: number };
    if (width > 0 && height > 0) viewport = { width, height };
    fit();
  });
  replayer.on('event-cast', (cast) => {
    lastAppliedAt = now();
    const event = cast as { type: number };
    if (event.type === EventType.FullSnapshot) forgetBefore(event);
  });

  /** In live mode rrweb keeps every event; what came before the page now shown is no use. */
  const forgetBefore = (snapshot: object) => {
    const events = replayer.service.state.context.events as object[];
    const index = events.indexOf(snapshot);
    const keepFrom = index > 0 && (events[index - 1] as { type: number }).type === EventType.Meta ? index - 1 : index;
    if (keepFrom > 0) events.splice(0, keepFrom);
  };

  const feed = (event: RecordedEvent) => {
    markMasked(event);
    lastStamp = Math.max(lastStamp, monotonic());
    replayer.addEvent({ ...event, timestamp: lastStamp } as Parameters<Replayer['addEvent']>[0]);
  };

  const askForSnapshot = () => {
    const at = now();
    if (at - askedAt < 1000) return;
    askedAt = at;
    options.onNeedSnapshot?.();
  };

  const pointInFrame = (x: number, y: number): { x: number; y: number } | null => {
    if (!started || !viewport) return null;
    const offset = stage.getBoundingClientRect();
    const box = container.getBoundingClientRect();
    const px = (x - (offset.left - box.left)) / scale;
    const py = (y - (offset.top - box.top)) / scale;
    if (!(px >= 0 && py >= 0 && px < viewport.width && py < viewport.height)) return null;
    return { x: px, y: py };
  };

  return {
    add(events) {
      if (destroyed) return;
      for (const event of events) {
        if (!started) {
          if (event.type === EventType.Meta) {
            pendingMeta = event;
            continue;
          }
          if (event.type !== EventType.FullSnapshot) {
            askForSnapshot();
            continue;
          }
          started = true;
          lastStamp = monotonic();
          replayer.startLive(lastStamp);
          if (pendingMeta) feed(pendingMeta);
          pendingMeta = null;
        }
        feed(event);
      }
    },
    nodeIdAt(x, y) {
      const point = pointInFrame(x, y);
      const frameDoc = replayer.iframe.contentDocument;
      if (!point || !frameDoc) return null;
      const element = frameDoc.elementFromPoint(point.x, point.y);
      if (!element) return null;
      const id = replayer.getMirror().getId(element);
      return id > 0 ? id : null;
    },
    toShopperViewport(x, y) {
      return pointInFrame(x, y);
    },
    title() {
      return replayer.iframe.contentDocument?.title ?? '';
    },
    get lastAppliedAt() {
      return lastAppliedAt;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      resizeObserver?.disconnect();
      // Events waiting for their frame must not be drawn into a removed replay.
      replayer.timer.clear();
      replayer.destroy();
      stage.remove();
    },
  };
}
