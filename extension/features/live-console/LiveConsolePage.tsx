import { browser, createEffect, createSignal, Match, on, onCleanup, Switch } from '#imports';
import { newId } from '../../lib/ids';
import { useStored } from '../../lib/stored';
import { agentItem, type AgentSignIn } from '../agent-sign-in/agent-state';
import { createLiveReplay } from '../cobrowse/replay';
import { createLiveApi } from '../live-link/live-api';
import { createLiveLink } from '../live-link/link';
import { Brand } from '../pages/Brand';
import { LiveConsole } from './LiveConsole';
import { type ConsoleEngagement, createConsoleEngagement } from './engagement';
import { consoleContextsItem, newPushes, phonePushesItem, practicesChangedItem } from './console-context';
import { createPhoneDesk, type PhoneDesk } from './phone';
import { createPhoneApi } from '../../lib/phone-api';
import { createSalesDesk, type SalesDesk } from './sales';

/** Where a console page is: `live.html?engagement=<id>`. */
export function consoleParams(search: string): { engagementId: string | null } {
  const params = new URLSearchParams(search);
  return { engagementId: params.get('engagement')?.trim() || null };
}

/** The live console's page: the signed-in associate (from agent mode) and the engagement in the address. */
export function LiveConsolePage() {
  const agent = useStored(agentItem);
  const { engagementId } = consoleParams(location.search);
  const [engagement, setEngagement] = createSignal<ConsoleEngagement | null>(null);
  const [desk, setDesk] = createSignal<SalesDesk | null>(null);
  const contexts = useStored(consoleContextsItem);
  // The backend's word that the ranking changed (relayed by agent mode): this engagement's practices again.
  const unwatchPractices = practicesChangedItem.watch((changed) => {
    if (changed && changed.engagementId === engagementId) void desk()?.refreshPractices();
  });
  onCleanup(unwatchPractices);
  // The backend's pushes about this engagement's calls, texts and the shopper's number (relayed by agent mode).
  const [phone, setPhone] = createSignal<PhoneDesk | null>(null);
  let pushSeen = 0;
  void phonePushesItem.getValue().then((pushes) => (pushSeen = Math.max(pushSeen, pushes.at(-1)?.seq ?? 0)));
  const unwatchPhone = phonePushesItem.watch((pushes) => {
    if (!engagementId) return;
    const fresh = newPushes(pushes ?? [], engagementId, pushSeen);
    pushSeen = fresh.last;
    fresh.pushes.forEach((p) => phone()?.pushed(p));
  });
  onCleanup(unwatchPhone);

  // One engagement per page, opened once the agent sign-in is known (a later change of sign-in does not reconnect).
  createEffect(
    on(agent, (signedIn) => {
      if (!signedIn || !engagementId || engagement()) return;
      const e = openEngagement(signedIn, engagementId);
      const d = createSalesDesk({ engagementId, api: createLiveApi({ fetch: globalThis.fetch.bind(globalThis), backendUrl: signedIn.backendUrl, token: signedIn.token }) });
      const p = createPhoneDesk({ engagementId, api: createPhoneApi({ fetch: globalThis.fetch.bind(globalThis), backendUrl: signedIn.backendUrl, token: signedIn.token }) });
      setDesk(d);
      setPhone(p);
      setEngagement(e);
      void e.start();
      void d.start();
      void p.start();
    }),
  );
  const dispose = () => {
    engagement()?.dispose();
    desk()?.dispose();
    phone()?.dispose();
  };
  onCleanup(dispose);
  addEventListener('pagehide', dispose);

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
      <Match when={engagement()}>
        {(e) => (
          <LiveConsole
            engagement={e()}
            sales={desk() ?? undefined}
            phone={phone() ?? undefined}
            associatePhone={() => agent()?.associate.contact?.phone ?? null}
            context={(engagementId && contexts()?.[engagementId]) || null}
            createReplay={(container) => createLiveReplay(container, { onNeedSnapshot: () => e().requestSnapshot() })}
          />
        )}
      </Match>
    </Switch>
  );
}

function openEngagement(agent: AgentSignIn, engagementId: string): ConsoleEngagement {
  const fetch = globalThis.fetch.bind(globalThis);
  const api = createLiveApi({ fetch, backendUrl: agent.backendUrl, token: agent.token });
  return createConsoleEngagement({
    engagementId,
    api,
    newId: () => newId(),
    openLink: ({ credentials, chatSeen }) =>
      createLiveLink({ role: 'associate', name: agent.associate.displayName, backendUrl: agent.backendUrl, credentials, chatSeen }),
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
