import { Match, Show, Switch } from '#imports';
import { consentItem, modeItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { AgentSettings } from '../agent-mode/AgentSettings';
import { ModeChoice } from '../agent-mode/ModeChoice';
import { CONSENT_PAGE, consentState, REVIEW_HASH } from '../consent/consent-view';
import { ObservationSwitch } from '../consent/ObservationSwitch';
import { WithdrawConsent } from '../consent/WithdrawConsent';
import { Brand } from '../pages/Brand';
import { privacyPolicyHref, serviceTerms } from '../privacy/service-terms';
import { createSiteAccessRequest, MissingSiteAccess } from '../site-access/SiteAccessRequest';
import { SiteList } from '../sites/SiteList';
import { BackendSettings } from './BackendSettings';

/** The settings page, for the shopper first; the backend address waits under "Advanced". */
export function SettingsPage() {
  const consent = useStored(consentItem);
  const mode = useStored(modeItem);
  const agentMode = () => mode() === 'agent';
  const given = () => consent()?.state === 'given';
  const access = createSiteAccessRequest();
  const answeredOn = () => new Date(consent()?.at ?? 0).toLocaleDateString(undefined, { dateStyle: 'long' });

  return (
    <main class="page" data-testid="consent-state" data-state={consentState(consent())}>
      <header>
        <Brand tagline="Live help from a real sales associate" />
      </header>
      <h1>Settings</h1>

      <Show when={agentMode()}>
        <section class="card">
          <ModeChoice />
        </section>
        <p class="notice" data-testid="agent-mode-note">
          <strong>Agent mode: Floorwalker observes nothing in this browser.</strong> An associate’s own browsing is not a
          shopper’s, so nothing is observed or reported until you switch back to shopper mode.
        </p>
        <AgentSettings />
      </Show>

      {/* The shopper's side: in agent mode nothing is observed, so none of it applies. */}
      <Show when={!agentMode()}>
        <section class="card">
          <h2>Your consent</h2>
          <Switch>
            <Match when={consent() === undefined}>
              <p class="muted">Loading…</p>
            </Match>
            <Match when={consent() === null}>
              <p>You have not decided yet, so Floorwalker observes nothing.</p>
              <a class="button primary" href={CONSENT_PAGE}>
                Review and decide
              </a>
            </Match>
            <Match when={consent()?.state === 'declined'}>
              <p>You said no on {answeredOn()}, so Floorwalker observes nothing and sends nothing.</p>
              <a class="button" href={CONSENT_PAGE + REVIEW_HASH}>
                Review your decision
              </a>
            </Match>
            <Match when={given()}>
              <p>You allowed Floorwalker to observe the participating shops on {answeredOn()}.</p>
              <WithdrawConsent />
            </Match>
          </Switch>
        </section>

        <Show when={given()}>
          <section class="card">
            <h2>Observing</h2>
            <p class="muted">Off stops observing at once, on every shop, until you switch it on again.</p>
            <ObservationSwitch />
          </section>
        </Show>

        <section class="card">
          <h2>Participating shops</h2>
          <Show
            when={given()}
            fallback={
              <p class="muted">
                Shown once you accept: until then Floorwalker does not even fetch the list.
              </p>
            }
          >
            <MissingSiteAccess request={access} />
            <SiteList />
          </Show>
        </section>
      </Show>

      <section class="card">
        <h2>Privacy</h2>
        <p>The service keeps what it receives for {serviceTerms.retentionDays} days, then deletes it.</p>
        <p>
          <a href={privacyPolicyHref(serviceTerms)} target="_blank" rel="noopener" data-testid="privacy-link">
            Read the privacy policy
          </a>
          , which also says who runs the service.
        </p>
      </section>

      {/* A shopper's browser rarely changes sides: the choice waits below what matters to them. */}
      <Show when={mode() === 'shopper'}>
        <section class="card">
          <ModeChoice />
        </section>
      </Show>

      <details class="card advanced" data-testid="advanced">
        <summary>Advanced</summary>
        <BackendSettings access={access} />
      </details>
    </main>
  );
}
