import { createSignal, Index, onCleanup, Show } from '#imports';
import { linkUrl } from '../../../shared/page';
import { type ChatCard, deliveryMark } from '../live-link/chat-log.core';
import { formatMoney } from '../offers-panel/offer-text.core';
import type { ConsoleState } from './console.core';
import type { TextView } from '../../../shared/telephony';
import { chatWithReplies } from './phone.core';
import type { ConsoleEngagement } from './engagement';

/** Stop saying "typing" after this long without a key. */
const TYPING_IDLE_MS = 3_000;

/** The chat: both sides' lines as text (never HTML), delivery ticks, typing both ways; Enter sends. */
export function ChatPanel(props: { engagement: ConsoleEngagement; state: ConsoleState; remoteName: string; replies?: readonly TextView[] }) {
  const [draft, setDraft] = createSignal('');
  let idle: ReturnType<typeof setTimeout> | undefined;
  let list: HTMLOListElement | undefined;
  onCleanup(() => clearTimeout(idle));

  const typed = (value: string) => {
    setDraft(value);
    props.engagement.typing(value.trim().length > 0);
    clearTimeout(idle);
    idle = setTimeout(() => props.engagement.typing(false), TYPING_IDLE_MS);
  };
  const send = () => {
    if (props.engagement.sendChat(draft())) {
      setDraft('');
      clearTimeout(idle);
      queueMicrotask(() => list?.lastElementChild?.scrollIntoView?.({ block: 'end' }));
    }
  };
  const closed = () => props.state.link === 'closed';
  // The shopper's text replies are their lines too, marked so (once, from the texts or the transcript).
  const lines = () => chatWithReplies(props.state.chat.entries, props.replies ?? []);

  return (
    <section class="live-card live-chat" aria-label="Chat">
      <h2>Chat</h2>
      <ol class="chat-lines" ref={list} aria-live="polite">
        <Show when={lines().length === 0}>
          <li class="chat-empty muted small">Say hello: the shopper sees your messages in a small window on the page.</li>
        </Show>
        <Index each={lines()}>
          {(line) => (
            <li class="chat-line" classList={{ mine: line().from === 'own' }} data-testid="chat-line" data-from={line().from === 'own' ? 'associate' : 'shopper'} data-delivered={String(line().status === 'delivered')} data-card={line().card?.kind} data-via={line().byText ? 'text' : 'chat'}>
              <span class="chat-who">
                {line().from === 'own' ? 'You' : props.remoteName}
                <Show when={line().byText}>
                  <span class="chat-via" data-testid="chat-via-text">
                    {' '}
                    · by text message
                  </span>
                </Show>
              </span>
              <Show when={line().card} fallback={<span class="chat-text">{line().text}</span>}>
                {(card) => <ChatCardView card={card()} />}
              </Show>
              <Show when={line().from === 'own'}>
                <span class="chat-tick" data-testid="chat-tick" title={deliveryMark(line().status).label} aria-label={deliveryMark(line().status).label}>
                  {deliveryMark(line().status).mark}
                </span>
              </Show>
            </li>
          )}
        </Index>
      </ol>
      <p class="chat-typing muted small" data-testid="chat-typing" aria-live="polite">
        {props.state.remoteTyping ? `${props.remoteName} is typing…` : ''}
      </p>
      <form
        class="chat-compose"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <input
          data-testid="chat-input"
          type="text"
          placeholder={closed() ? 'The engagement has ended' : 'Write a message…'}
          aria-label="Message"
          maxLength={4000}
          autocomplete="off"
          disabled={closed()}
          value={draft()}
          onInput={(e) => typed(e.currentTarget.value)}
          onBlur={() => props.engagement.typing(false)}
        />
        <button class="primary" type="submit" data-testid="chat-send" disabled={closed() || draft().trim() === ''}>
          Send
        </button>
      </form>
    </section>
  );
}

/** A card sent into the chat, as the associate sees it: image, name, price, and its link (a new tab). */
function ChatCardView(props: { card: ChatCard }) {
  const title = () => (props.card.kind === 'product' ? props.card.card.name : props.card.card.title);
  const detail = () =>
    props.card.kind === 'product' ? formatMoney(props.card.card.price, props.card.card.currency) : props.card.card.kind === 'document' ? 'Document' : 'Link';
  const image = () => (props.card.kind === 'product' ? linkUrl(props.card.card.imageUrl) : null);
  return (
    <span class="chat-card" data-testid="chat-card">
      <Show when={image()}>{(src) => <img src={src()} alt="" loading="lazy" referrerpolicy="no-referrer" />}</Show>
      <span class="chat-card-body">
        <Show when={linkUrl(props.card.card.url)} fallback={<strong>{title()}</strong>}>
          {(href) => (
            <a href={href()} target="_blank" rel="noopener noreferrer">
              <strong>{title()}</strong>
            </a>
          )}
        </Show>
        <Show when={detail()}>{(d) => <span class="muted small">{d()}</span>}</Show>
      </span>
    </span>
  );
}
