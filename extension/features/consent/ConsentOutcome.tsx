import { Show } from '#imports';
import type { SitesRefresh } from '../../lib/messaging';
import { siteAccessItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { MissingSiteAccess, type SiteAccessRequest } from '../site-access/SiteAccessRequest';
import { SiteList } from '../sites/SiteList';

/** After a yes: which shops are observed, the access the browser still has to allow, and how to stop. */
export function ConsentGiven(props: { access: SiteAccessRequest; sites: SitesRefresh | null }) {
  const siteAccess = useStored(siteAccessItem);
  // "On" only once the browser lets Floorwalker see the shops: until then it observes nothing there.
  const allowed = () => (siteAccess()?.missing.length ?? 0) === 0;
  return (
    <div class="result">
      <Show
        when={allowed()}
        fallback={
          <>
            <h1>
              <span class="status-dot" /> Almost on
            </h1>
            <p class="lead">You said yes. Your browser still has to let Floorwalker see the participating shops below.</p>
          </>
        }
      >
        <h1>
          <span class="status-dot on" /> Floorwalker is on
        </h1>
        <p class="lead">Thank you. Floorwalker observes the participating shops below, and nothing else.</p>
      </Show>
      <MissingSiteAccess request={props.access} />
      <section class="card">
        <h2>Participating shops</h2>
        <SiteList />
        <Show when={props.sites && !props.sites.ok ? props.sites : undefined}>
          {(failed) => (
            <p class="muted small" data-testid="sites-error">
              The list could not be fetched just now ({failed().error}). Floorwalker tries again shortly.
            </p>
          )}
        </Show>
      </section>
      <section class="card">
        <h2>To stop</h2>
        <p>
          Click the Floorwalker button in your browser's toolbar and turn the switch off: nothing is observed until you
          turn it on again. To withdraw your consent, which also deletes what has not been sent yet, use the same button
          or the settings.
        </p>
      </section>
    </div>
  );
}

/** After a no (or a withdrawal): nothing is observed, and how to change one's mind. */
export function ConsentDeclined(props: { onReview: () => void }) {
  return (
    <div class="result">
      <h1>
        <span class="status-dot" /> Floorwalker is off
      </h1>
      <p class="lead">You said no, so Floorwalker observes nothing and sends nothing.</p>
      <section class="card">
        <h2>Changed your mind?</h2>
        <p>
          Review your decision here, or later from the Floorwalker button in your browser's toolbar. Until you say yes,
          nothing changes.
        </p>
        <div class="actions">
          <button class="primary" data-testid="consent-review" onClick={() => props.onReview()}>
            Review my decision
          </button>
        </div>
      </section>
    </div>
  );
}
