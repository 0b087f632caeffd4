import { LIVE_LIMITS } from '../../../../shared/live';
import { el } from '../../invitation/corner-card';
import { TYPING_IDLE_MS, typingText } from '../asks.core';
import type { ChatLine, LiveView } from '../messages';
import { deliveryMark } from '../../live-link/chat-log.core';
import { formatMoney } from '../../offers-panel/offer-text.core';
import type { CardLink } from '../card-link.core';

export interface Timers {
  setTimeout(run: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

export interface ChatActions {
  /** Sends a line; a rejection puts the text back in the field and shows why. */
  send(text: string): Promise<unknown> | void;
  /** The shopper started or stopped typing. */
  typing(on: boolean): void;
  /** The shopper opened a product card's page (the same tab; checked again before going). */
  openCard(url: string): void;
}

/** Whether a card in the chat may be opened, and why not (card-link.core, with what the page knows). */
export type CardLinks = (card: NonNullable<ChatLine['card']>) => CardLink;

/**
 * The chat: the lines (the shopper's on the right, the associate's on the left, each set as
 * text, never parsed as markup), delivered ticks, "Alex is typing…", and a field where Enter
 * sends. Typing is announced once, and its end after TYPING_IDLE_MS without a keystroke.
 */
export function createChat(doc: Document, actions: ChatActions, timers: Timers, cardLinks: CardLinks) {
  const list = el(doc, 'ol', { class: 'chat', 'data-testid': 'live-chat-list', 'aria-label': 'Chat', 'aria-live': 'polite' });
  const empty = el(doc, 'li', { class: 'empty' }, 'Say hello: the associate sees your messages here.');
  list.append(empty);
  const typingLine = el(doc, 'div', { class: 'typing', 'data-testid': 'live-typing', 'aria-live': 'polite' });
  const input = el(doc, 'input', {
    type: 'text',
    maxlength: String(LIVE_LIMITS.chatChars),
    placeholder: 'Write a message',
    'aria-label': 'Message',
    autocomplete: 'off',
    'data-role': 'chat-input',
    'data-testid': 'live-chat-input',
  });
  const sendButton = el(doc, 'button', { class: 'answer primary', type: 'button', 'data-action': 'send', 'data-testid': 'live-chat-send' }, 'Send');
  const compose = el(doc, 'div', { class: 'compose' }, input, sendButton);
  const alert = el(doc, 'p', { class: 'alert', role: 'alert', hidden: '', 'data-testid': 'live-chat-alert' });
  const lines = new Map<string, { item: HTMLLIElement; tick: HTMLSpanElement | null }>();

  let typingOn = false;
  let idle: number | null = null;
  function stopTyping(): void {
    if (idle !== null) timers.clearTimeout(idle);
    idle = null;
    if (typingOn) {
      typingOn = false;
      actions.typing(false);
    }
  }
  input.addEventListener('input', () => {
    if (!input.value.trim()) return stopTyping();
    if (!typingOn) {
      typingOn = true;
      actions.typing(true);
    }
    if (idle !== null) timers.clearTimeout(idle);
    idle = timers.setTimeout(stopTyping, TYPING_IDLE_MS);
  });

  function send(): void {
    const text = input.value.trim();
    if (!text || input.disabled) return;
    input.value = '';
    alert.hidden = true;
    stopTyping();
    void Promise.resolve()
      .then(() => actions.send(text))
      .catch((error: unknown) => {
        if (!input.value) input.value = text;
        alert.textContent = `Not sent: ${error instanceof Error ? error.message : String(error)}`;
        alert.hidden = false;
      });
  }
  sendButton.addEventListener('click', send);
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    send();
  });

  /** A card: image, name, price, and a link when it may be opened, else why not; every text set as text. */
  function cardItem(line: ChatLine, card: NonNullable<ChatLine['card']>) {
    const link = cardLinks(card);
    const product = card.kind === 'product' ? card.card : null;
    const title = card.kind === 'product' ? card.card.name : card.card.title;
    const name = el(doc, 'strong', { class: 'card-name' });
    name.textContent = title;
    const body = el(doc, 'div', { class: 'card-body' }, name);
    if (product) {
      const price = formatMoney(product.price, product.currency);
      if (price) body.append(el(doc, 'span', { class: 'card-price', 'data-testid': 'live-card-price' }, price));
    } else if (card.kind === 'material') body.append(el(doc, 'span', { class: 'card-kind' }, card.card.kind === 'document' ? 'Document' : 'Link'));
    if (link.open) {
      const a = el(doc, 'a', { class: 'card-open', href: link.open.href, 'data-action': 'open-card', 'data-testid': 'live-card-open' }, product ? 'View the product' : 'Open');
      a.setAttribute('aria-label', `${product ? 'View' : 'Open'} ${title}`);
      if (product) {
        // One click, the same tab; the content script checks the address once more before it goes.
        a.addEventListener('click', (event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          actions.openCard(link.open.href);
        });
      } else {
        a.setAttribute('target', '_blank');
        a.setAttribute('rel', 'noopener noreferrer');
      }
      body.append(a);
    } else body.append(el(doc, 'span', { class: 'card-why', 'data-testid': 'live-card-why' }, link.why));
    const image = product?.imageUrl && /^https:\/\//i.test(product.imageUrl) ? el(doc, 'img', { class: 'card-image', src: product.imageUrl, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' }) : null;
    image?.addEventListener('error', () => image.remove());
    const item = el(
      doc,
      'li',
      { class: 'line theirs card', 'data-from': line.from, 'data-id': line.id, 'data-card': card.kind, 'data-openable': String(link.open !== null), 'data-testid': 'live-card' },
      image,
      body,
    );
    return { item, tick: null };
  }

  function lineItem(line: ChatLine) {
    if (line.card) return cardItem(line, line.card);
    const mine = line.from === 'shopper';
    // textContent only: a message is shown as the characters it holds, never as markup.
    const body = el(doc, 'span', { class: 'text' });
    body.textContent = line.text;
    const tick = mine ? el(doc, 'span', { class: 'tick' }) : null;
    const item = el(doc, 'li', { class: `line ${mine ? 'mine' : 'theirs'}`, 'data-from': line.from, 'data-id': line.id }, body, tick);
    return { item, tick };
  }

  /** Shows the chat of `view`: new lines appended, ticks updated, the typing indicator. */
  function render(view: LiveView): void {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
    let added = false;
    const wanted = new Set(view.chat.map((line) => line.id));
    for (const [id, { item }] of lines) {
      if (wanted.has(id)) continue;
      item.remove();
      lines.delete(id);
    }
    for (const line of view.chat) {
      let entry = lines.get(line.id);
      if (!entry) {
        entry = lineItem(line);
        lines.set(line.id, entry);
        list.append(entry.item);
        added = true;
      }
      if (entry.tick) {
        const tick = deliveryMark(line.delivered ? 'delivered' : 'pending');
        entry.tick.textContent = tick.mark;
        entry.tick.setAttribute('aria-label', tick.label);
        entry.tick.title = tick.label;
        entry.item.dataset.delivered = String(line.delivered);
      }
    }
    empty.hidden = lines.size > 0;
    if (added && atBottom) list.scrollTop = list.scrollHeight;
    typingLine.textContent = (view.link !== 'closed' && typingText(view.typing, view.associateName)) || '';
    const closed = view.link === 'closed';
    input.disabled = closed;
    sendButton.disabled = closed;
    if (closed) stopTyping();
  }

  return { list, typingLine, compose, alert, input, render, stopTyping };
}
export type Chat = ReturnType<typeof createChat>;
