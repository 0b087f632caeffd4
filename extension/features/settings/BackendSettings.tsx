import { createSignal, onMount } from '#imports';
import { errorMessage } from '../../lib/log';
import { sendMessage, type SitesRefresh } from '../../lib/messaging';
import { backendUrlItem } from '../../lib/storage';
import { parseBackendUrl } from './backend-url';

type Status = { state: 'idle' | 'saving' | 'saved' | 'error'; text: string };

function savedText(sites: SitesRefresh | null): string {
  if (!sites) return 'Saved. The list of participating shops is fetched once you accept observation.';
  if (sites.ok) return `Saved. ${sites.count} participating shop${sites.count === 1 ? '' : 's'}.`;
  return `Saved, but the list of participating shops could not be fetched: ${sites.error}`;
}

/** The backend address: checked here, stored and acted on (new site list) by the background. */
export function BackendSettings() {
  const [url, setUrl] = createSignal('');
  const [status, setStatus] = createSignal<Status>({ state: 'idle', text: '' });
  onMount(() => void backendUrlItem.getValue().then(setUrl));

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const checked = parseBackendUrl(url());
    if (!checked.ok) {
      setStatus({ state: 'error', text: `Error: ${checked.error}` });
      return;
    }
    setStatus({ state: 'saving', text: 'Saving…' });
    try {
      const reply = await sendMessage({ type: 'backend:set', url: checked.url });
      setUrl(reply.url);
      setStatus({ state: 'saved', text: savedText(reply.sites) });
    } catch (e) {
      setStatus({ state: 'error', text: `Error: ${errorMessage(e)}` });
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} novalidate>
      <h2>Backend</h2>
      <p class="muted">The Floorwalker server your events go to.</p>
      <div class="row">
        <input
          type="url"
          data-testid="backend-url"
          aria-label="Backend address"
          placeholder="http://localhost:8787"
          value={url()}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <button class="primary" type="submit" data-testid="save" disabled={status().state === 'saving'}>
          Save
        </button>
      </div>
      <p data-testid="status" data-state={status().state} role="status" classList={{ error: status().state === 'error' }}>
        {status().text}
      </p>
    </form>
  );
}
