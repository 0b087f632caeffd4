import { browser, Match, Show, Switch } from '#imports';
import { consentItem, modeItem, observingItem, siteAccessItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { AgentPopup } from '../agent-mode/AgentPopup';
import { CONSENT_PAGE, REVIEW_HASH } from '../consent/consent-view';
import { ObservationSwitch } from '../consent/ObservationSwitch';
import { WithdrawConsent } from '../consent/WithdrawConsent';
import { AskForSomeone } from '../invitation/AskForSomeone';
import { privacyPolicyHref, serviceTerms } from '../privacy/service-terms';
import { DeliveryStatus } from '../reporting/DeliveryStatus';
import { createSiteAccessRequest, MissingSiteAccess } from '../site-access/SiteAccessRequest';
import { CurrentTabSite } from '../sites/CurrentTabSite';
import { createAction } from './action';
import { Alert } from './Alert';
import { Brand } from './Brand';
import { popupState } from './popup-state';

/** The toolbar popup: one state at a time, each with one main action. */
export function Popup() {
  const consent = useStored(consentItem);
  const observing = useStored(observingItem);
  const access = useStored(siteAccessItem);
  const mode = useStored(modeItem);
  const state = () => popupState({ consent: consent(), observing: observing(), missingAccess: access()?.missing, mode: mode() });
  const accessRequest = createSiteAccessRequest();

  const openConsentPage = createAction('Could not open the consent page', async (hash: string) => {
    await browser.tabs.create({ url: browser.runtime.getURL(CONSENT_PAGE) + hash });
  });
  const openSettings = createAction('Could not open the settings', () => browser.runtime.openOptionsPage());

  return (
    <main class="popup" data-testid="popup-state" data-state={state()}>
      <Brand size={28} />
      <div class="state">
        <Switch>
          <Match when={state() === 'loading'}>
            <p class="muted">Loading…</p>
          </Match>
          <Match when={state() === 'pending'}>
            <div>
              <h2>Floorwalker is not on yet</h2>
              <p class="muted">It asks before it observes anything. Until you decide, nothing is observed or sent.</p>
            </div>
            <div class="actions">
              <button
                class="primary"
                data-testid="consent-review"
                disabled={openConsentPage.busy()}
                onClick={() => void openConsentPage.run('')}
              >
                Review and decide
              </button>
            </div>
          </Match>
          <Match when={state() === 'declined'}>
            <div>
              <h2>Floorwalker is off</h2>
              <p class="muted">You said no, so nothing is observed or sent.</p>
            </div>
            <div class="actions">
              <button
                class="primary"
                data-testid="consent-review"
                disabled={openConsentPage.busy()}
                onClick={() => void openConsentPage.run(REVIEW_HASH)}
              >
                Review your decision
              </button>
            </div>
          </Match>
          <Match when={state() === 'access-missing'}>
            <MissingSiteAccess request={accessRequest} />
            <ObservationSwitch />
          </Match>
          <Match when={state() === 'observing'}>
            <ObservationSwitch />
            <CurrentTabSite />
            <AskForSomeone />
            <DeliveryStatus />
          </Match>
          <Match when={state() === 'agent'}>
            <AgentPopup />
          </Match>
          <Match when={state() === 'paused'}>
            <ObservationSwitch />
            <p class="muted">Nothing is observed until you switch it back on.</p>
            <DeliveryStatus />
          </Match>
        </Switch>
        <Alert message={openConsentPage.error()} />
      </div>
      <Show when={state() !== 'loading'}>
        <footer>
          <span class="actions">
            <button class="link" onClick={() => void openSettings.run()}>
              Settings
            </button>
            <a href={privacyPolicyHref(serviceTerms)} target="_blank" rel="noopener">
              Privacy
            </a>
          </span>
          <Show when={consent()?.state === 'given' && state() !== 'agent'}>
            <WithdrawConsent compact />
          </Show>
        </footer>
        <Alert message={openSettings.error()} />
      </Show>
    </main>
  );
}
