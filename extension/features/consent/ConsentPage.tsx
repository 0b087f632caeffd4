import { createSignal, Match, Switch } from '#imports';
import { sendMessage, type SitesRefresh } from '../../lib/messaging';
import { consentItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { createAction } from '../pages/action';
import { Brand } from '../pages/Brand';
import { privacyPolicyHref, serviceTerms } from '../privacy/service-terms';
import { createSiteAccessRequest } from '../site-access/SiteAccessRequest';
import { ConsentNotice } from './ConsentNotice';
import { ConsentDeclined, ConsentGiven } from './ConsentOutcome';
import { consentState, consentView, REVIEW_HASH } from './consent-view';

/** The consent page: opened on install, and from the popup to review a decision. */
export function ConsentPage(props: { hash: string }) {
  const consent = useStored(consentItem);
  const [reviewing, setReviewing] = createSignal(props.hash === REVIEW_HASH);
  const [sites, setSites] = createSignal<SitesRefresh | null>(null);
  const access = createSiteAccessRequest();

  const answer = createAction('Your answer could not be saved', async (given: boolean) => {
    const reply = await sendMessage({ type: 'consent:set', given }); // the page follows the stored consent
    setReviewing(false);
    setSites(reply.sites);
    // Still within the click: the browser asks for access to the shops the list just named.
    if (given && reply.missingAccess.length > 0) await access.ask(reply.missingAccess);
  });

  const view = () => consentView(consent(), reviewing());
  return (
    <main class="page" data-testid="consent-state" data-state={consentState(consent())} data-view={view()}>
      <header>
        <Brand tagline="Live help from a real sales associate" />
      </header>
      <Switch>
        <Match when={view() === 'question'}>
          <ConsentNotice answer={answer} previous={consent() ?? null} />
        </Match>
        <Match when={view() === 'given'}>
          <ConsentGiven access={access} sites={sites()} />
        </Match>
        <Match when={view() === 'declined'}>
          <ConsentDeclined onReview={() => setReviewing(true)} />
        </Match>
      </Switch>
      <footer>
        <a href={privacyPolicyHref(serviceTerms)} target="_blank" rel="noopener">
          Privacy policy
        </a>
        <a href="/options.html" target="_blank" rel="noopener">
          Settings
        </a>
      </footer>
    </main>
  );
}
