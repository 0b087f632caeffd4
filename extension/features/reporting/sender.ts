import { MAX_BATCH_BYTES, type ShopperEvent } from '../../../shared/events';
import { createApiClient, type ApiClient, type ApiIssue, type ApiResult, type Fetch } from '../../lib/api';
import { backendUrlItem, deliveryItem, shopperItem, type DeliveryState } from '../../lib/storage';
import { isConsentGiven } from '../consent/consent';
import { backoffDelay } from './backoff';
import type { EventQueue } from './queue';

const BATCH_SIZE = 100;
/** Room left in a batch for `{"events":[...]}` around the events. */
const BATCH_BYTES = MAX_BATCH_BYTES - 1024;

export type FlushOutcome =
  /** Nothing was waiting. */
  | { status: 'idle' }
  /** The queue was emptied: `acked` events acknowledged, `dropped` refused for good. */
  | { status: 'sent'; acked: number; dropped: number }
  /** Nothing more until `until` (epoch ms): backing off after a failure, or rate limited. */
  | { status: 'waiting'; until: number; reason: string }
  /** No consent: nothing is sent. */
  | { status: 'no-consent' };

export interface SenderDeps {
  queue: EventQueue;
  fetch: Fetch;
  now: () => number;
  random?: () => number;
  /** Sent when registering the shopper, e.g. "en-GB". */
  locale?: () => string | undefined;
  batchSize?: number;
}

/**
 * Sends queued events to the backend in batches until the queue is empty or the backend
 * fails. Events leave the queue only once acknowledged (202) or refused for good (403 for
 * that event, or an event the backend can never accept). The backoff lives in storage, so
 * a restarted service worker keeps to it. One flush at a time.
 */
export function createSender(deps: SenderDeps) {
  const random = deps.random ?? Math.random;
  const batchSize = deps.batchSize ?? BATCH_SIZE;
  let inflight: Promise<FlushOutcome> | null = null;

  async function setDelivery(change: Partial<DeliveryState>): Promise<DeliveryState> {
    const next = { ...(await deliveryItem.getValue()), ...change };
    await deliveryItem.setValue(next);
    return next;
  }

  async function backOff(reason: string, retryAfterMs?: number | null): Promise<FlushOutcome> {
    const { failures } = await deliveryItem.getValue();
    const count = retryAfterMs == null ? failures + 1 : failures;
    const until = deps.now() + (retryAfterMs ?? backoffDelay(count, random));
    await setDelivery({ failures: count, nextAttemptAt: until, lastError: reason });
    return { status: 'waiting', until, reason };
  }

  /** The bearer token for this backend, registering a shopper first if there is none. */
  async function token(api: ApiClient): Promise<ApiResult<string>> {
    const saved = await shopperItem.getValue();
    if (saved && saved.backendUrl === api.baseUrl) return { ok: true, status: 200, body: saved.token };
    const locale = deps.locale?.()?.slice(0, 35);
    const created = await api.createShopper(locale ? { locale } : {});
    if (!created.ok) return created;
    await shopperItem.setValue({ backendUrl: api.baseUrl, ...created.body });
    return { ok: true, status: created.status, body: created.body.token };
  }

  async function run(): Promise<FlushOutcome> {
    if (!(await isConsentGiven())) return { status: 'no-consent' };
    const delivery = await deliveryItem.getValue();
    if (delivery.nextAttemptAt !== null && delivery.nextAttemptAt > deps.now()) {
      return { status: 'waiting', until: delivery.nextAttemptAt, reason: delivery.lastError ?? 'backing off' };
    }
    const api = createApiClient({ fetch: deps.fetch, baseUrl: await backendUrlItem.getValue() });
    let size = batchSize;
    let acked = 0;
    let dropped = 0;
    let reRegistered = false;

    for (;;) {
      if (!(await isConsentGiven())) return { status: 'no-consent' };
      const batch = await deps.queue.peek(size, BATCH_BYTES);
      if (batch.length === 0) return acked + dropped === 0 ? { status: 'idle' } : { status: 'sent', acked, dropped };

      const auth = await token(api);
      if (!auth.ok) return backOff(`Could not register with the backend: ${auth.message}`, retryAfter(auth));

      const answer = await api.postEvents(auth.body, batch);
      if (answer.ok) {
        acked += await deps.queue.remove(batch.map((e) => e.id));
        await setDelivery({ failures: 0, nextAttemptAt: null, lastError: null, lastAckAt: new Date(deps.now()).toISOString() });
        continue;
      }
      switch (answer.status) {
        case 401:
          // The backend does not know the token (e.g. its database was reset): register again, once.
          if (reRegistered) return backOff(answer.message);
          reRegistered = true;
          await shopperItem.removeValue();
          continue;
        case 403:
        case 400: {
          // Events the backend refuses by index (not participating, or invalid) can never be sent.
          const refused = refusedEvents(answer.issues, batch);
          if (refused.length === 0) return backOff(answer.message);
          dropped += await deps.queue.remove(refused);
          console.warn(`[floorwalker] ${refused.length} event(s) refused by the backend: ${answer.message}`);
          continue;
        }
        case 413:
          if (batch.length > 1) {
            size = Math.ceil(batch.length / 2);
            continue;
          }
          dropped += await deps.queue.remove([batch[0]!.id]);
          console.warn('[floorwalker] an event too large for the backend was dropped');
          continue;
        case 429:
          return backOff(answer.message, retryAfter(answer));
        default:
          return backOff(answer.message);
      }
    }
  }

  return {
    /** Sends what is queued, unless backing off; joins a flush already under way. */
    flush(): Promise<FlushOutcome> {
      inflight ??= run().finally(() => {
        inflight = null;
      });
      return inflight;
    },
  };
}

/** A 429's wait: its Retry-After, else one second. */
function retryAfter(answer: { status: number; retryAfterMs: number | null }): number | null {
  return answer.status === 429 ? (answer.retryAfterMs ?? 1000) : null;
}

/** Ids of the batch's events an error's issues point at, by their `["events", i, ...]` path. */
export function refusedEvents(issues: readonly ApiIssue[], batch: readonly ShopperEvent[]): string[] {
  const ids = new Set<string>();
  for (const { path } of issues) {
    const index = path[0] === 'events' ? path[1] : undefined;
    const event = typeof index === 'number' ? batch[index] : undefined;
    if (event) ids.add(event.id);
  }
  return [...ids];
}
