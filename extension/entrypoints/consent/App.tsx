import { Match, Switch } from '#imports';
import { ConsentNotice } from '../../features/consent/ConsentNotice';
import { SiteList } from '../../features/sites/SiteList';
import { consentItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

export function App() {
  const consent = useStored(consentItem);
  return (
    <main>
      <Switch fallback={<ConsentNotice />}>
        <Match when={consent()?.state === 'given'}>
          <h1 data-testid="consent-state" data-state="given">
            Thank you
          </h1>
          <p>
            Floorwalker now observes the participating shops below, and nothing else. Switch it off at any time in the
            toolbar popup.
          </p>
          <SiteList />
        </Match>
        <Match when={consent()?.state === 'declined'}>
          <h1 data-testid="consent-state" data-state="declined">
            Nothing will be observed
          </h1>
          <p>You can change your mind at any time in the Floorwalker toolbar popup.</p>
        </Match>
      </Switch>
    </main>
  );
}
