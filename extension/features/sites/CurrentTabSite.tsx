import { browser, createResource, Show } from '#imports';
import { findSite } from '../../../shared/sites';
import { sitesItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

/** What Floorwalker does on the tab the popup was opened over. */
export function CurrentTabSite() {
  const cache = useStored(sitesItem);
  const [tabUrl] = createResource(async () => {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.url ?? '';
  });
  const site = () => findSite(cache()?.sites ?? [], tabUrl() ?? '');
  return (
    <p data-testid="tab-site" data-participating={site() ? 'yes' : 'no'}>
      <Show when={site()} fallback={<span class="muted">This tab is not a participating shop: nothing is observed here.</span>}>
        {(s) => (
          <>
            <strong>{s().name}</strong> takes part: Floorwalker observes what you look at here.
          </>
        )}
      </Show>
    </p>
  );
}
