import { Show } from '#imports';
import { BackendSettings } from '../../features/settings/BackendSettings';
import { SiteList } from '../../features/sites/SiteList';
import { consentItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';

export function App() {
  const consent = useStored(consentItem);
  return (
    <main>
      <h1>Floorwalker settings</h1>
      <BackendSettings />
      <h2>Participating shops</h2>
      <Show
        when={consent()?.state === 'given'}
        fallback={<p class="muted">Shown once you accept observation in the Floorwalker popup.</p>}
      >
        <SiteList />
      </Show>
    </main>
  );
}
