import type { ShopperEvent } from '../../../shared/events';
import { createLock } from '../../lib/lock';
import { queueItem, type QueueState } from '../../lib/storage';

const QUEUE_CAP = 5000;
/** How many acknowledged or dropped ids are remembered to refuse a replayed id. */
const REMEMBERED_IDS = 2000;

export interface AppendResult {
  added: number;
  /** Already queued, or recently sent or dropped. */
  duplicates: number;
  /** Old events pushed out by the cap. */
  overflow: number;
}

/**
 * The persistent queue of events waiting for the backend. Every change is one locked
 * read-modify-write of one storage key, so nothing is lost between concurrent appends
 * and acknowledgements; an event leaves only when acknowledged or refused for good.
 */
export function createEventQueue(options: { cap?: number; rememberIds?: number } = {}) {
  const cap = options.cap ?? QUEUE_CAP;
  const rememberIds = options.rememberIds ?? REMEMBERED_IDS;
  const locked = createLock();

  const update = <T>(change: (state: QueueState) => { state: QueueState | null; result: T }) =>
    locked(async () => {
      const { state, result } = change(await queueItem.getValue());
      if (state) await queueItem.setValue(state);
      return result;
    });

  return {
    /** Adds events at the end, skipping ids already queued or recently sent. */
    append: (events: readonly ShopperEvent[]) =>
      update<AppendResult>(({ events: queued, recentIds }) => {
        const known = new Set([...recentIds, ...queued.map((e) => e.id)]);
        const fresh: ShopperEvent[] = [];
        for (const event of events) {
          if (known.has(event.id)) continue;
          known.add(event.id);
          fresh.push(event);
        }
        if (fresh.length === 0) return { state: null, result: { added: 0, duplicates: events.length, overflow: 0 } };
        const { kept, overflow } = applyCap([...queued, ...fresh], cap);
        return {
          state: { events: kept, recentIds },
          result: { added: fresh.length, duplicates: events.length - fresh.length, overflow },
        };
      }),

    /** The oldest events, at most `maxCount` and, serialised, about `maxBytes` (always at least one). */
    peek: async (maxCount: number, maxBytes = Number.POSITIVE_INFINITY): Promise<ShopperEvent[]> => {
      const { events } = await queueItem.getValue();
      const batch: ShopperEvent[] = [];
      let bytes = 0;
      for (const event of events) {
        if (batch.length >= maxCount) break;
        bytes += JSON.stringify(event).length + 1;
        if (batch.length > 0 && bytes > maxBytes) break;
        batch.push(event);
      }
      return batch;
    },

    /** Removes events for good (acknowledged, or refused by the backend) and remembers their ids. */
    remove: (ids: readonly string[]) =>
      update<number>(({ events, recentIds }) => {
        if (ids.length === 0) return { state: null, result: 0 };
        const gone = new Set(ids);
        const kept = events.filter((e) => !gone.has(e.id));
        const remembered = [...recentIds.filter((id) => !gone.has(id)), ...gone].slice(-rememberIds);
        return { state: { events: kept, recentIds: remembered }, result: events.length - kept.length };
      }),

    size: async (): Promise<number> => (await queueItem.getValue()).events.length,

    /** Forgets everything (consent withdrawn). */
    clear: () => locked(() => queueItem.removeValue()),
  };
}
export type EventQueue = ReturnType<typeof createEventQueue>;

/** Keeps at most `cap` events: the oldest heartbeats go first, then the oldest of the rest. */
export function applyCap(events: ShopperEvent[], cap: number): { kept: ShopperEvent[]; overflow: number } {
  const overflow = events.length - cap;
  if (overflow <= 0) return { kept: events, overflow: 0 };
  let toDrop = overflow;
  const kept: ShopperEvent[] = [];
  for (const event of events) {
    if (toDrop > 0 && event.type === 'heartbeat') toDrop--;
    else kept.push(event);
  }
  return { kept: kept.slice(toDrop), overflow };
}
