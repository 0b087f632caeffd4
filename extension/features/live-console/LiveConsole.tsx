import { createEffect, createSignal, For, on, onCleanup, Show } from '#imports';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { Brand } from '../pages/Brand';
import { ConsentBar } from './ConsentBar';
import { ChatPanel } from './ChatPanel';
import { linkText, summary, summaryLines } from './console.core';
import { LiveView, type ReplayFactory } from './LiveView';
import type { ConsoleEngagement } from './engagement';
import { useConsoleState } from './use-console';
import { VoicePanel } from './VoicePanel';
import { MaterialsPanel } from './MaterialsPanel';
import { OfferFacts } from './OfferFacts';
import type { SalesDesk } from './sales';
import { type ConsoleContext, shopOf, shopperTitle } from './sales.core';
import { type CardSender, SalesPanel, useDesk } from './SalesPanel';
import type { PhoneDesk } from './phone';
import { PhonePanel, textSender, usePhone } from './PhonePanel';

/** What the console shows besides the live engagement: the offer kept from its acceptance, and the sales desk. */
export interface ConsoleExtras {
  context?: ConsoleContext | null;
  sales?: SalesDesk;
  /** The clock for "4 min ago" (tests pass theirs). */
  now?: () => number;
  copy?: (text: string) => Promise<void>;
  /** The engagement's telephone: the Phone panel, "Text to shopper", the shopper's text replies in the chat. */
  phone?: PhoneDesk;
  /** The associate's phone or SIP address for calls (their contact preferences; null: none). */
  associatePhone?: () => string | null;
}

/** The associate's live console for one engagement: the shopper's tab on the left, chat and voice on the right. */
export function LiveConsole(props: { engagement: ConsoleEngagement; createReplay: ReplayFactory } & ConsoleExtras) {
  const state = useConsoleState(props.engagement);
  const [remoteAudio, setRemoteAudio] = createSignal<MediaStream | null>(props.engagement.remoteAudio());
  onCleanup(props.engagement.subscribe(() => setRemoteAudio(props.engagement.remoteAudio())));
  const now = () => (props.now ?? Date.now)();
  const deskVersion = props.sales ? useDesk(props.sales) : () => 0;
  const customer = () => (deskVersion(), props.sales?.sales().data?.customer ?? null);
  // Read after state(): the credentials arrive with the engagement's first change.
  const remoteName = () => (state(), shopperTitle(props.engagement.credentials()?.remoteName, customer()));
  const shop = () => shopOf(props.context);
  const cards: CardSender = {
    send: (card) => props.engagement.sendCard(card),
    disabled: () => (state().link === 'closed' ? 'The engagement has ended.' : null),
  };
  // The shopper's page changed: the sales information follows once it settles (the desk waits).
  createEffect(
    on(
      () => state().page?.url,
      (url) => {
        if (url) props.sales?.pageChanged(url);
      },
    ),
  );
  const phoneVersion = props.phone ? usePhone(props.phone) : () => 0;
  const texts = props.phone ? textSender(props.phone, phoneVersion, () => state().link === 'closed') : undefined;
  const replies = () => (phoneVersion(), props.phone?.texts().data?.texts ?? []);
  const end = createAction('Could not end the engagement', () => props.engagement.end());
  const [confirming, setConfirming] = createSignal(false);
  const closed = () => state().link === 'closed';
  // Every channel stopped when the link closed: the summary no longer depends on the time.
  const ended = () => (closed() ? summaryLines(summary(state(), Date.now())) : null);

  return (
    <div class="live-console" data-testid="live-console" data-state={state().link}>
      <header class="live-top">
        <Brand size={28} />
        <div class="live-who">
          <h1 data-testid="live-shopper">
            {remoteName()}
            <Show when={shop()}>
              {(s) => (
                <span class="live-shop" data-testid="live-shop">
                  {' '}
                  on {s()}
                </span>
              )}
            </Show>
          </h1>
          <span class="live-state" data-testid="live-state" data-state={state().link} data-reason={state().closedReason ?? ''} role="status">
            <span class="status-dot" classList={{ on: state().link === 'open', lost: state().link === 'lost' }} />
            {props.engagement.failure() ?? linkText(state().link, state().closedReason)}
          </span>
        </div>
        <ConsentBar state={state()} />
        <Show
          when={confirming() && !closed()}
          fallback={
            <Show when={!closed()}>
              <button class="danger" data-testid="end" disabled={end.busy()} onClick={() => setConfirming(true)}>
                End
              </button>
            </Show>
          }
        >
          <div class="end-confirm" role="group" aria-label="End this engagement?">
            <span data-testid="end-question">End this engagement?</span>
            <button
              class="danger"
              data-testid="end-confirm"
              disabled={end.busy()}
              onClick={() => {
                setConfirming(false);
                void end.run();
              }}
            >
              End it
            </button>
            <button data-testid="end-cancel" onClick={() => setConfirming(false)}>
              Keep going
            </button>
          </div>
        </Show>
      </header>
      <Alert message={end.error()} />
      <Show when={ended()}>
        {(lines) => (
          <section class="live-ended" data-testid="summary" aria-label="What this engagement used">
            <strong>Engagement ended</strong>
            <dl>
              <For each={lines()}>
                {(line) => (
                  <div data-testid="summary-line">
                    <dt>{line.label}</dt>
                    <dd>{line.value}</dd>
                  </div>
                )}
              </For>
            </dl>
          </section>
        )}
      </Show>
      <main class="live-main" classList={{ 'with-sales': Boolean(props.sales || props.context !== undefined) }}>
        <Show when={props.sales || props.context !== undefined}>
          <aside class="live-info" aria-label="About the shopper">
            <Show when={props.sales}>{(desk) => <SalesPanel desk={desk()} cards={cards} now={now} texts={texts} />}</Show>
            <OfferFacts context={props.context ?? null} />
          </aside>
        </Show>
        <LiveView engagement={props.engagement} state={state()} createReplay={props.createReplay} />
        <aside class="live-side">
          <VoicePanel engagement={props.engagement} state={state()} remoteAudio={remoteAudio()} remoteName={remoteName()} />
          <Show when={props.phone}>
            {(phone) => <PhonePanel desk={phone()} engagement={props.engagement} state={state()} associatePhone={props.associatePhone?.() ?? null} now={now} />}
          </Show>
          <ChatPanel engagement={props.engagement} state={state()} remoteName={remoteName()} replies={replies()} />
          <Show when={props.sales}>{(desk) => <MaterialsPanel desk={desk()} cards={cards} copy={props.copy} texts={texts} />}</Show>
          <Show when={state().invalid > 0}>
            <p class="small muted" data-testid="invalid-count">
              {state().invalid} malformed message{state().invalid === 1 ? '' : 's'} from the shopper’s side ignored.
            </p>
          </Show>
        </aside>
      </main>
    </div>
  );
}
