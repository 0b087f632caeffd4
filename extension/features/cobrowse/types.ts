import type { LiveMessageOf, RecordedEvent } from '../../../shared/live';

/**
 * The co-browsing pieces both sides use (implemented in this folder):
 *
 * Shopper side (content script, the shop's page):
 *   startRecording(options): records the page with rrweb, masked in this browser, and hands
 *   batches of events to `send` as they happen (a full snapshot first, and again on
 *   `takeSnapshot()`).
 *   createGuide(options): shows the associate's pointer and highlight, scrolls to an element,
 *   and refuses what it may not do (masked elements, no consent).
 *
 * Associate side (an extension page):
 *   createLiveReplay(container): replays the events live in a frame that runs no scripts, and
 *   turns a point on it back into the recorded element's id (for highlight / scroll-to).
 */

export interface MaskOptions {
  /** Extra CSS selectors the enterprise masks on this site (site adapter's `mask`). */
  selectors: readonly string[];
  /** The site adapter's search box (`search.input.selector`): its value is shown like any search box's. */
  searchSelector?: string;
}

export interface RecordingOptions extends MaskOptions {
  /** Called with each batch of events, in order; the first batch starts with a full snapshot. */
  send(events: RecordedEvent[]): void;
}

export interface Recording {
  /** A fresh full snapshot (a viewer joined or lost track). */
  takeSnapshot(): void;
  /** The element recorded under `nodeId`, or null (unknown, or gone). */
  nodeById(nodeId: number): Element | null;
  /** Whether the associate may not act on this element (it or an ancestor is masked). */
  isMasked(element: Element): boolean;
  stop(): void;
}

export type GuidanceCommand = LiveMessageOf<'pointer'> | LiveMessageOf<'highlight'> | LiveMessageOf<'scroll-to'>;

export interface Guide {
  /** Applies a command; returns a refusal to send back, or null when done. */
  apply(command: GuidanceCommand): LiveMessageOf<'guidance-refused'> | null;
  /** Removes the pointer and highlight (guidance revoked or ended). */
  clear(): void;
}

export interface LiveReplay {
  /** Adds events as they arrive (a full snapshot starts a new page). */
  add(events: readonly RecordedEvent[]): void;
  /** The recorded element id under a point of the replay (coordinates in the container's CSS px), or null. */
  nodeIdAt(x: number, y: number): number | null;
  /** Converts a point in the container to the shopper's viewport coordinates (for the pointer). */
  toShopperViewport(x: number, y: number): { x: number; y: number } | null;
  /** The replayed page's title (document.title in the replay), for display and tests. */
  title(): string;
  /** Epoch ms of the last event applied to the replay (for the co-browse benchmark). */
  readonly lastAppliedAt: number;
  destroy(): void;
}
