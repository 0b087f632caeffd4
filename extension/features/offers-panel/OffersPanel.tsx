import { browser, createMemo, createSignal, For, Match, Show, Switch } from '#imports';
import { modeItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { createAgentApi } from '../agent-sign-in/agent-api';
import { type AgentBoard, admissionsItem, agentItem, agentLinkItem, boardItem } from '../agent-sign-in/agent-state';
import { PresenceSwitch } from '../agent-mode/PresenceSwitch';
import { SignInForm } from '../agent-mode/SignInForm';
import { consoleContextsItem } from '../live-console/console-context';
import { createLiveApi } from '../live-link/live-api';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Brand } from '../pages/Brand';
import { boardAt, emptyBoard, secondsLeft } from './board.core';
import { useNow } from './clock';
import { EngagementGlances, usePageVisible } from './EngagementGlance';
import { EngagementList } from './EngagementList';
import { MessageList } from './MessageList';
import { MyResults } from './MyResults';
import { MyTests } from './MyTests';
import { OfferCard } from './OfferCard';

type PanelState = 'loading' | 'shopper-mode' | 'signed-out' | 'ready';
type PanelView = 'offers' | 'results' | 'tests';
const VIEWS: readonly { id: PanelView; label: string }[] = [
  { id: 'offers', label: 'Offers' },
  { id: 'results', label: 'My results' },
  { id: 'tests', label: 'Tests' },
];

/**
 * The side panel in agent mode: presence, then three views: live offers with their countdowns, the
 * engagements won and the messages shoppers left; the associate's own results; and their
 * accreditation tests.
 */
export function OffersPanel() {
  const mode = useStored(modeItem);
  const agent = useStored(agentItem);
  const link = useStored(agentLinkItem);
  const stored = useStored(boardItem);
  const now = useNow();
  const board = (): AgentBoard => boardAt(stored() ?? (emptyBoard() as AgentBoard), now());
  const state = (): PanelState => {
    if (mode() === undefined || agent() === undefined) return 'loading';
    if (mode() !== 'agent') return 'shopper-mode';
    return agent() ? 'ready' : 'signed-out';
  };
  const openSettings = createAction('Could not open the settings', () => browser.runtime.openOptionsPage());
  const connection = () => link()?.connection;
  const openOffers = () => board().offers.filter((o) => o.phase === 'open').length;
  const admissions = useStored(admissionsItem);
  const [view, setView] = createSignal<PanelView>('offers');
  // "My results" is read the first time it is shown, then kept (hidden) while the offers show.
  const [resultsOpened, setResultsOpened] = createSignal(false);
  // The tests likewise; a test under way stays on screen while the other views show.
  const [testsOpened, setTestsOpened] = createSignal(false);
  const choose = (next: PanelView, focus = false) => {
    setView(next);
    if (next === 'results') setResultsOpened(true);
    if (next === 'tests') setTestsOpened(true);
    if (focus) document.getElementById(`panel-tab-${next}`)?.focus();
  };
  const onTabKey = (event: KeyboardEvent) => {
    const at = VIEWS.findIndex((v) => v.id === view());
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    choose(VIEWS[(to + VIEWS.length) % VIEWS.length]!.id, true);
  };
  const resultsApi = createMemo(() => {
    const url = agent()?.backendUrl;
    return url ? createAgentApi({ fetch: (input, init) => globalThis.fetch(input, init), baseUrl: url }) : null;
  });
  // The engagement in progress, read as its console reads it (a new api only with another server or token).
  const signedAt = createMemo(() => (agent() ? `${agent()!.backendUrl} ${agent()!.token}` : null));
  const liveApi = createMemo(() => {
    const at = signedAt();
    if (!at) return null;
    const [backendUrl, token] = at.split(' ') as [string, string];
    return createLiveApi({ fetch: (input, init) => globalThis.fetch(input, init), backendUrl, token });
  });
  const contexts = useStored(consoleContextsItem);
  const pageVisible = usePageVisible();

  return (
    <main class="panel" data-testid="agent-panel" data-state={state()}>
      <header class="panel-top">
        <Brand size={24} />
        <Show when={state() === 'ready'}>
          <span class="connection" data-testid="connection" data-status={connection()?.status ?? 'off'} title={connection()?.error ?? ''}>
            <span class="status-dot" classList={{ on: connection()?.status === 'ready' }} />
            {connectionText(connection()?.status, connection()?.retryAt ?? null, now())}
          </span>
        </Show>
      </header>
      <Switch>
        <Match when={state() === 'loading'}>
          <p class="muted">Loading…</p>
        </Match>
        <Match when={state() === 'shopper-mode'}>
          <div class="notice">
            <h2>Agent mode is off</h2>
            <p>This panel shows offers to help shoppers to sales associates. Switch to agent mode and sign in on the settings page.</p>
            <div class="actions">
              <button class="primary" onClick={() => void openSettings.run()}>
                Open the settings
              </button>
            </div>
          </div>
        </Match>
        <Match when={state() === 'signed-out'}>
          <section class="panel-section card" data-testid="panel-signed-out">
            <h2>Sign in to get offers</h2>
            <SignInForm />
          </section>
        </Match>
        <Match when={state() === 'ready'}>
          <Show when={connection()?.crowded && connection()?.status === 'waiting'}>
            <p class="notice warn" role="status" data-testid="connection-crowded">
              {connection()?.error} Next try in {secondsLeft(connection()?.retryAt ?? now(), now())} s.
            </p>
          </Show>
          <section class="panel-section me">
            <p class="who">
              <strong data-testid="panel-agent-name">{agent()?.associate.displayName}</strong>
            </p>
            <PresenceSwitch />
          </section>

          <div class="tabs" role="tablist" aria-label="Panel" data-testid="panel-tabs" onKeyDown={onTabKey}>
            <For each={VIEWS}>
              {(v) => (
                <button
                  role="tab"
                  id={`panel-tab-${v.id}`}
                  aria-controls={`panel-view-${v.id}`}
                  aria-selected={view() === v.id}
                  tabIndex={view() === v.id ? 0 : -1}
                  data-testid={`panel-tab-${v.id}`}
                  onClick={() => choose(v.id)}
                >
                  {v.label}
                  <Show when={v.id === 'offers' && openOffers() > 0}>
                    <span class="count" aria-hidden="true">
                      {openOffers()}
                    </span>
                    <span class="sr-only">, {openOffers()} open</span>
                  </Show>
                </button>
              )}
            </For>
          </div>
          <div class="panel-view" role="tabpanel" id="panel-view-offers" aria-labelledby="panel-tab-offers" hidden={view() !== 'offers'} data-testid="panel-view-offers">
            <EngagementGlances engagements={board().engagements} contexts={contexts()} api={liveApi()} visible={() => view() === 'offers' && pageVisible()} />
            <section class="panel-section">
              <h2>
                Offers{' '}
                <Show when={openOffers() > 0}>
                  <span class="count" data-testid="offers-count">
                    {openOffers()}
                  </span>
                </Show>
              </h2>
              <Show
                when={board().offers.length > 0}
                fallback={
                  <p class="empty muted" data-testid="offers-empty">
                    {agent()?.associate.presence === 'available'
                      ? 'No offers right now. When a shopper could use your help, the offer shows here with a notification.'
                      : 'You are away, so no offers come. Switch to available to get them.'}
                  </p>
                }
              >
                <div class="offers">
                  <For each={board().offers}>{(live) => <OfferCard live={live} now={now()} />}</For>
                </div>
              </Show>
            </section>

            <EngagementList engagements={board().engagements} now={now()} />
            <MessageList />
          </div>
          <div class="panel-view" role="tabpanel" id="panel-view-results" aria-labelledby="panel-tab-results" hidden={view() !== 'results'} data-testid="panel-view-results">
            <Show when={resultsOpened() && agent() && resultsApi()}>
              <MyResults api={resultsApi()!} token={agent()!.token} associate={agent()!.associate} admissions={admissions() ?? []} />
            </Show>
          </div>
          <div class="panel-view" role="tabpanel" id="panel-view-tests" aria-labelledby="panel-tab-tests" hidden={view() !== 'tests'} data-testid="panel-view-tests">
            <Show when={testsOpened() && agent() && resultsApi()}>
              <MyTests api={resultsApi()!} token={agent()!.token} />
            </Show>
          </div>
        </Match>
      </Switch>
      <Alert message={openSettings.error()} />
    </main>
  );
}

function connectionText(status: string | undefined, retryAt: number | null, now: number): string {
  switch (status) {
    case 'ready':
      return 'Connected';
    case 'connecting':
      return 'Connecting…';
    case 'waiting':
      return retryAt ? `Reconnecting in ${secondsLeft(retryAt, now)} s` : 'Reconnecting…';
    case 'refused':
      return 'Signed out';
    default:
      return 'Offline';
  }
}
