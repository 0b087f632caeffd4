import { browser, createEffect, createSignal, Match, on, onCleanup, Switch } from '#imports';
import { newId } from '../../lib/ids';
import { useStored } from '../../lib/stored';
import { agentItem, type AgentSignIn } from '../agent-session/agent-state';
import { createLiveReplay } from '../cobrowse/replay';
import type { LiveReplay } from '../cobrowse/types';
import { createLiveApi } from '../live-link/live-api';
import { createLiveLink } from '../live-link/link';
import type { LiveLink } from '../live-link/types';
import { Brand } from '../pages/Brand';
import { LiveConsole } from './LiveConsole';
import { type ConsoleSession, createConsoleSession } from './session';

declare global {
  interface Window {
    /** Test hook (only with `&test=1` in the page's address): the e2e specs read what the link received and its stats. */
    __fwLive?: { link: LiveLink | null; replay: LiveReplay | null; session: ConsoleSession };
  }
}

/** Where a console page is: `live.html?engagement=<id>` (and `&test=1` for the e2e hook). */
export function consoleParams(search: string): { engagementId: string | null; test: boolean } {
  const params = new URLSearchParams(search);
  return { engagementId: params.get('engagement')?.trim() || null, test: params.get('test') === '1' };
}

/** The live console's page: the signed-in associate (from agent mode) and the engagement in the address. */
export function LiveConsolePage() {
  const agent = useStored(agentItem);
  const { engagementId, test } = consoleParams(location.search);
  const [session, setSession] = createSignal<ConsoleSession | null>(null);
  let replay: LiveReplay | null = null;

  // One session per page, made once the sign-in is known (a later change of sign-in does not reconnect).
  createEffect(
    on(agent, (signedIn) => {
      if (!signedIn || !engagementId || session()) return;
      const s = openSession(signedIn, engagementId, test);
      setSession(s);
      // Test hook for the e2e specs only: never set without `&test=1` in the address.
      if (test) window.__fwLive = { get link() { return s.link(); }, get replay() { return replay; }, session: s };
      void s.start();
    }),
  );
  onCleanup(() => session()?.dispose());
  addEventListener('pagehide', () => session()?.dispose());

  return (
    <Switch>
      <Match when={!engagementId}>
        <Notice title="No engagement">Open the console from the side panel, on an accepted engagement.</Notice>
      </Match>
      <Match when={agent() === undefined}>
        <p class="muted live-loading">Loading…</p>
      </Match>
      <Match when={agent() === null}>
        <Notice title="Sign in to agent mode first">
          The live console works for a signed-in associate. Sign in on the settings page, then open the engagement again from the side panel.
        </Notice>
      </Match>
      <Match when={session()}>
        {(s) => <LiveConsole session={s()} createReplay={(container) => createLiveReplay(container, { onNeedSnapshot: () => s().requestSnapshot() })} onReplay={(r) => (replay = r)} />}
      </Match>
    </Switch>
  );
}

function openSession(agent: AgentSignIn, engagementId: string, test: boolean): ConsoleSession {
  const fetch = globalThis.fetch.bind(globalThis);
  const api = createLiveApi({ fetch, backendUrl: agent.backendUrl, token: agent.token });
  return createConsoleSession({
    engagementId,
    api,
    newId: () => newId(),
    openLink: ({ credentials, chatSeen }) =>
      createLiveLink({ role: 'associate', name: agent.associate.displayName, backendUrl: agent.backendUrl, credentials, chatSeen, keepRaw: test }),
    getMicrophone: () => navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video: false }),
  });
}

function Notice(props: { title: string; children: string }) {
  return (
    <main class="page" data-testid="live-console" data-state="unavailable">
      <header>
        <Brand tagline="Live console" />
      </header>
      <div class="notice warn" data-testid="live-notice">
        <h2>{props.title}</h2>
        <p>{props.children}</p>
        <div class="actions">
          <button class="primary" onClick={() => void browser.runtime.openOptionsPage()}>
            Open the settings
          </button>
        </div>
      </div>
    </main>
  );
}
