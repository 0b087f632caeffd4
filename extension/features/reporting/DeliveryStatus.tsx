import { Show } from '#imports';
import { deliveryItem, queueItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

/** Shown only while events wait to be sent or sending fails: how many wait, when the service last took some, why not now. */
export function DeliveryStatus() {
  const queue = useStored(queueItem);
  const delivery = useStored(deliveryItem);
  const waiting = () => queue()?.events.length ?? 0;
  const lastAck = () => delivery()?.lastAckAt;
  return (
    <Show when={waiting() > 0 || delivery()?.lastError}>
      <div class="notice" classList={{ warn: !!delivery()?.lastError }} data-testid="delivery">
        <p>
          <strong>
            <span data-testid="queue-count">{waiting()}</span> {waiting() === 1 ? 'event waits' : 'events wait'} to be sent
          </strong>
        </p>
        <p class="small">
          Last received by the service:{' '}
          <span data-testid="last-ack">
            <Show when={lastAck()} fallback="never">
              {(at) => <time datetime={at()}>{new Date(at()).toLocaleString()}</time>}
            </Show>
          </span>
        </p>
        <Show when={delivery()?.lastError}>
          {(reason) => (
            <>
              <p class="small">Problem: {reason()}</p>
              <p class="small">Nothing is lost: Floorwalker keeps them and tries again.</p>
            </>
          )}
        </Show>
      </div>
    </Show>
  );
}
