import { Match, Switch } from '#imports';
import { sendMessage } from '../../lib/messaging';
import { useStored } from '../../lib/stored';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { useActiveTabSite } from '../sites/CurrentTabSite';
import { askView } from './ask-view';
import { shopperLinkItem } from './relay';

/**
 * "Talk to someone from <shop>" in the popup, over a participating shop's tab: the shopper
 * asks, the backend opens an opportunity at once, and the invitation arrives on the page as
 * any other; if nobody is free, the page offers to leave a message.
 */
export function AskForSomeone() {
  const { tab, site } = useActiveTabSite();
  const link = useStored(shopperLinkItem);
  const ask = createAction(null, async () => {
    const current = tab();
    if (!current?.url) return;
    await sendMessage({ type: 'opportunity:ask', url: current.url, ...(current.id !== undefined ? { tabId: current.id } : {}) });
  });
  const view = () => askView(link(), ask.busy());
  const shop = () => site()?.name ?? '';
  return (
    <Switch>
      <Match when={site()}>
        <section class="ask" data-testid="ask" data-step={view().step}>
          <Switch>
            <Match when={view().step === 'ask'}>
              <button class="primary" data-testid="ask-someone" onClick={() => void ask.run()}>
                Talk to someone from {shop()}
              </button>
            </Match>
            <Match when={view().step === 'asking'}>
              <p class="muted">Asking…</p>
            </Match>
            <Match when={view().step === 'asked' || view().step === 'invited'}>
              <p>Someone from {shop()} will be with you shortly.</p>
            </Match>
            <Match when={view().step === 'nobody'}>
              <p>Nobody from {shop()} is free right now: leave a message on the page.</p>
            </Match>
          </Switch>
          <Alert message={ask.error()} />
        </section>
      </Match>
    </Switch>
  );
}
