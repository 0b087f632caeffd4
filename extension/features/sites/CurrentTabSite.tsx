import { browser, createResource, Show } from '#imports';
import { findSite } from '../../../shared/sites';
import { sitesItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

/** The tab the popup was opened over: its id and address, and the participating site it belongs to (undefined when none). */
export function useActiveTabSite() {
  const cache = useStored(sitesItem);
  const [tab] = createResource(async () => {
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    return { id: active?.id, url: active?.url ?? '' };
  });
  return { tab, site: () => findSite(cache()?.sites ?? [], tab()?.url ?? '') };
}

/** What Floorwalker does on the tab the popup was opened over. */
export function CurrentTabSite() {
  const { site } = useActiveTabSite();
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
