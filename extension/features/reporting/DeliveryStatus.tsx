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
        <dl class="compact small">
          <dt>Waiting to be sent</dt>
          <dd data-testid="queue-count">{waiting()}</dd>
          <dt>Last received</dt>
          <dd data-testid="last-ack">
            <Show when={lastAck()} fallback="never">
              {(at) => <time datetime={at()}>{new Date(at()).toLocaleString()}</time>}
            </Show>
          </dd>
          <Show when={delivery()?.lastError}>
            {(reason) => (
              <>
                <dt>Problem</dt>
                <dd>{reason()}</dd>
              </>
            )}
          </Show>
        </dl>
        <Show when={delivery()?.lastError}>
          <p class="small">Nothing is lost: Floorwalker keeps them and tries again.</p>
        </Show>
      </div>
    </Show>
  );
}
