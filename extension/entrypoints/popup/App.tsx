import { browser, Match, Switch } from '#imports';
import { ConsentNotice } from '../../features/consent/ConsentNotice';
import { ObservationSwitch } from '../../features/consent/ObservationSwitch';
import { DeliveryStatus } from '../../features/reporting/DeliveryStatus';
import { CurrentTabSite } from '../../features/sites/CurrentTabSite';
import { SiteList } from '../../features/sites/SiteList';
import { sendMessage } from '../../lib/messaging';
import { consentItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

export function App() {
  const consent = useStored(consentItem);
  const state = () => (consent() === undefined ? 'loading' : (consent()?.state ?? 'pending'));

  return (
    <main class="popup">
      <h1 class="popup-title">Floorwalker</h1>
      <p data-testid="consent-state" data-state={state()} class="muted">
        <Switch fallback="Floorwalker has not been allowed to observe yet.">
          <Match when={state() === 'loading'}>…</Match>
          <Match when={consent()?.state === 'given'}>Consent given on {new Date(consent()!.at).toLocaleString()}.</Match>
          <Match when={consent()?.state === 'declined'}>You declined on {new Date(consent()!.at).toLocaleString()}.</Match>
        </Switch>
      </p>
      <Switch>
        <Match when={state() === 'pending' || state() === 'declined'}>
          <ConsentNotice declined={state() === 'declined'} />
        </Match>
        <Match when={state() === 'given'}>
          <ObservationSwitch />
          <CurrentTabSite />
          <DeliveryStatus />
          <details>
            <summary>Participating shops</summary>
            <SiteList />
          </details>
          <div class="actions">
            <button onClick={() => void browser.runtime.openOptionsPage()}>Settings</button>
            <button data-testid="consent-withdraw" onClick={() => void sendMessage({ type: 'consent:set', given: false })}>
              Withdraw consent
            </button>
          </div>
        </Match>
      </Switch>
    </main>
  );
}
