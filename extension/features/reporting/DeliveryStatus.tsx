import { Show } from '#imports';
import { deliveryItem, queueItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

/** How many events wait to be sent, and when the backend last acknowledged some. */
export function DeliveryStatus() {
  const queue = useStored(queueItem);
  const delivery = useStored(deliveryItem);
  const lastAck = () => delivery()?.lastAckAt;
  return (
    <dl>
      <dt>Waiting to be sent</dt>
      <dd data-testid="queue-count">{queue()?.events.length ?? 0}</dd>
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
            <dd class="error">{reason()}</dd>
          </>
        )}
      </Show>
    </dl>
  );
}
