import { createSignal, onMount } from '#imports';
import { errorMessage } from '../../lib/log';
import { sendMessage, type SitesRefresh } from '../../lib/messaging';
import { backendUrlItem } from '../../lib/storage';
import type { SiteAccessRequest } from '../site-access/SiteAccessRequest';
import { parseBackendUrl } from './backend-url';

type Status = { state: 'idle' | 'saving' | 'saved' | 'error'; text: string };

function savedText(sites: SitesRefresh | null): string {
  if (!sites) return 'Saved. The list of participating shops is fetched once you accept observation.';
  if (sites.ok) return `Saved. ${sites.count} participating shop${sites.count === 1 ? '' : 's'}.`;
  return `Saved, but the list of participating shops could not be fetched: ${sites.error}`;
}

/**
 * The backend address: checked here, stored and acted on (new site list) by the background.
 * A new list may name shops the browser has not allowed yet: they are asked for in the same click.
 */
export function BackendSettings(props: { access: SiteAccessRequest }) {
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
      // Asked before "Saved" shows: saved means the shopper has also answered the browser (a refusal shows beside the shops).
      if (reply.missingAccess.length > 0) await props.access.ask(reply.missingAccess);
      setStatus({ state: 'saved', text: savedText(reply.sites) });
    } catch (e) {
      setStatus({ state: 'error', text: `Error: ${errorMessage(e)}` });
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} novalidate>
      <h2>Floorwalker server</h2>
      <p class="muted">
        Where Floorwalker sends what it observes. Change it only if the service's operator asks you to.
      </p>
      <div class="field">
        <input
          type="url"
          data-testid="backend-url"
          aria-label="Server address"
          placeholder="http://localhost:8787"
          value={url()}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <button class="primary" type="submit" data-testid="save" disabled={status().state === 'saving'}>
          Save
        </button>
      </div>
      <p
        data-testid="status"
        data-state={status().state}
        role={status().state === 'error' ? 'alert' : 'status'}
        classList={{ alert: status().state === 'error', small: true }}
      >
        {status().text}
      </p>
    </form>
  );
}
