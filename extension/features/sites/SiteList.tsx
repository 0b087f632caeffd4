import { For, Show } from '#imports';
import { sitesItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

/** The participating shops, as last fetched from the backend. */
export function SiteList() {
  const cache = useStored(sitesItem);
  return (
    <Show when={cache()} fallback={<p class="muted">The list of participating shops has not been fetched yet.</p>}>
      {(c) => (
        <Show when={c().sites.length > 0} fallback={<p class="muted">No shop takes part yet.</p>}>
          <ul class="sites" data-testid="site-list">
            <For each={c().sites}>
              {(site) => (
                <li>
                  <span>{site.name}</span> <span class="muted">{site.domain}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      )}
    </Show>
  );
}
