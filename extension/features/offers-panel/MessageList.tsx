import { createResource, For, Show } from '#imports';
import type { AssociateMessage } from '../../../shared/offers';
import { sendMessage } from '../../lib/messaging';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';

/**
 * The messages shoppers left when nobody was free, at the enterprises this associate works
 * for: open ones (take one: the first take wins) and those they took (mark done). Read when
 * the panel opens and after each step; "Refresh" reads them again.
 */
export function MessageList() {
  const [list, { refetch }] = createResource(async () => (await sendMessage({ type: 'messages:list' })).messages);
  const step = createAction(null, async (messageId: string, which: 'take' | 'done') => {
    try {
      await sendMessage({ type: 'message:step', messageId, step: which });
    } finally {
      await refetch();
    }
  });
  return (
    <section class="panel-section" data-testid="messages">
      <h2>
        Messages{' '}
        <Show when={(list() ?? []).length > 0}>
          <span class="count">{list()!.length}</span>
        </Show>
      </h2>
      <Show when={!list.error} fallback={<Alert message={`The messages could not be read: ${String(list.error?.message ?? list.error)}`} />}>
        <Show when={(list() ?? []).length > 0} fallback={<p class="empty muted">No messages left by shoppers.</p>}>
          <ul class="engagements">
            <For each={list()}>{(m) => <MessageItem message={m} busy={step.busy()} onStep={(which) => void step.run(m.id, which)} />}</For>
          </ul>
        </Show>
      </Show>
      <div class="actions">
        <button class="link" data-testid="messages-refresh" onClick={() => void refetch()}>
          Refresh
        </button>
      </div>
      <Alert message={step.error()} />
    </section>
  );
}

function MessageItem(props: { message: AssociateMessage; busy: boolean; onStep: (step: 'take' | 'done') => void }) {
  const m = () => props.message;
  const product = () => m().session.products[0];
  return (
    <li class="engagement" data-testid="message" data-message-id={m().id} data-status={m().status}>
      <div class="engagement-top">
        <span class="status">{m().mine ? 'Yours' : 'Open'}</span>
        <span class="muted small">{m().enterprise.name}</span>
      </div>
      <p>{m().message}</p>
      <Show when={m().contact}>{(contact) => <p class="small">Contact: {contact()}</p>}</Show>
      <Show when={product()}>{(p) => <p class="muted small">Looking at {p().name}</p>}</Show>
      <div class="actions">
        <Show
          when={m().mine}
          fallback={
            <button class="primary" data-testid="message-take" disabled={props.busy} onClick={() => props.onStep('take')}>
              Take it
            </button>
          }
        >
          <button data-testid="message-done" disabled={props.busy} onClick={() => props.onStep('done')}>
            Mark done
          </button>
        </Show>
      </div>
    </li>
  );
}
