import { browser, For, Match, Show, Switch } from '#imports';
import { modeItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { type AgentBoard, agentItem, agentLinkItem, boardItem } from '../agent-sign-in/agent-state';
import { PresenceSwitch } from '../agent-mode/PresenceSwitch';
import { SignInForm } from '../agent-mode/SignInForm';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Brand } from '../pages/Brand';
import { boardAt, emptyBoard, secondsLeft } from './board.core';
import { useNow } from './clock';
import { EngagementList } from './EngagementList';
import { MessageList } from './MessageList';
import { OfferCard } from './OfferCard';

type PanelState = 'loading' | 'shopper-mode' | 'signed-out' | 'ready';

/** The side panel in agent mode: presence, live offers with their countdowns, the engagements won, and the messages shoppers left. */
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
