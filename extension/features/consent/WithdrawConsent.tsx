import { createSignal, Show } from '#imports';
import { sendMessage } from '../../lib/messaging';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { serviceTerms } from '../privacy/service-terms';

/** Withdraws consent after the shopper confirms what that means; a failure is shown. */
export function WithdrawConsent(props: { compact?: boolean }) {
  const [confirming, setConfirming] = createSignal(false);
  const withdraw = createAction('Your consent could not be withdrawn', async () => {
    await sendMessage({ type: 'consent:set', given: false });
    setConfirming(false);
  });

  return (
    <div class="withdraw" classList={{ confirming: confirming() }}>
      <Show
        when={confirming()}
        fallback={
          <button
            classList={{ link: props.compact, danger: true }}
            data-testid="consent-withdraw"
            onClick={() => setConfirming(true)}
          >
            Withdraw consent
          </button>
        }
      >
        <div class="confirm" role="group" aria-label="Withdraw consent">
          <p>
            <strong>Withdraw your consent?</strong> Floorwalker stops observing at once and deletes what it has not sent
            yet. What the service already received is deleted within {serviceTerms.retentionDays} days.
          </p>
          <div class="actions">
            <button
              class="danger"
              data-testid="consent-withdraw-confirm"
              disabled={withdraw.busy()}
              onClick={() => void withdraw.run()}
            >
              Withdraw
            </button>
            <button data-testid="consent-withdraw-cancel" disabled={withdraw.busy()} onClick={() => setConfirming(false)}>
              Keep it on
            </button>
          </div>
        </div>
      </Show>
      <Alert message={withdraw.error()} />
    </div>
  );
}
