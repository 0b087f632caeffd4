import { errorMessage } from '../../lib/log';
import { el, markIcon, mountCornerCard } from './corner-card';

export interface LeaveMessageOptions {
  opportunityId: string;
  siteName: string | null;
  /** Sends the message; throws with a message to show. */
  send: (message: string, contact: string | undefined) => Promise<void>;
  /** The shopper closed it without sending. */
  dismiss: () => void;
  now: () => number;
}

const MAX_MESSAGE = 2000;
const MAX_CONTACT = 320;
const SENT_MS = 6_000;

/**
 * When nobody could take the shopper's opportunity: a small form in the corner to leave a
 * message for later (and how to be reached), or not.
 */
export function showLeaveMessageCard(doc: Document, options: LeaveMessageOptions) {
  const card = mountCornerCard(doc, 'message');
  let state: 'open' | 'sending' | 'sent' | 'closed' = 'open';
  let closeAt: number | null = null;

  const who = options.siteName ?? 'the shop';
  const message = el(doc, 'textarea', { maxlength: String(MAX_MESSAGE), required: '', 'data-testid': 'message-text', rows: '3' });
  const contact = el(doc, 'input', { type: 'text', maxlength: String(MAX_CONTACT), autocomplete: 'email', placeholder: 'Email or phone', 'data-testid': 'message-contact' });
  const sendButton = el(doc, 'button', { class: 'answer primary', type: 'submit', 'data-testid': 'message-send' }, 'Send');
  const later = el(doc, 'button', { class: 'answer', type: 'button', 'data-testid': 'message-dismiss' }, 'Not now');
  const close = el(doc, 'button', { class: 'close', type: 'button', 'aria-label': 'Close' }, '×');
  const alert = el(doc, 'p', { class: 'alert', role: 'alert', hidden: '' });
  const form = el(
    doc,
    'form',
    // Checked here, with a message on the card: the browser's own bubble would not fit its look.
    { novalidate: '' },
    el(doc, 'h2', { id: 'fw-message-title' }, `Nobody from ${who} is free right now`),
    el(doc, 'p', { class: 'muted' }, 'Leave a message and a sales associate will get back to you.'),
    el(doc, 'label', {}, 'Your message', message),
    el(doc, 'label', {}, 'How to reach you (optional)', contact),
    el(doc, 'div', { class: 'actions' }, sendButton, later),
  );
  const sent = el(doc, 'div', { hidden: '', 'data-testid': 'message-sent' }, el(doc, 'h2', {}, 'Message sent'), el(doc, 'p', { class: 'muted' }, `${who} will get back to you.`));
  const section = el(
    doc,
    'section',
    { class: 'card', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'fw-message-title', 'data-testid': 'leave-message' },
    el(doc, 'div', { class: 'top' }, markIcon(doc), el(doc, 'span', { class: 'brand' }, 'Floorwalker'), close),
    form,
    sent,
    alert,
    el(doc, 'p', { class: 'sr', role: 'status' }, `Nobody from ${who} is free right now. You can leave a message.`),
  );
  card.root.append(section);

  function remove(): void {
    state = 'closed';
    card.remove();
  }
  function dismiss(): void {
    if (state === 'sending') return;
    if (state === 'open') options.dismiss();
    remove();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (state !== 'open') return;
    const text = message.value.trim();
    if (!text) {
      alert.textContent = 'Write a message first.';
      alert.hidden = false;
      message.focus();
      return;
    }
    state = 'sending';
    sendButton.disabled = later.disabled = true;
    alert.hidden = true;
    options.send(text, contact.value.trim() || undefined).then(
      () => {
        state = 'sent';
        form.hidden = true;
        sent.hidden = false;
        closeAt = options.now() + SENT_MS;
      },
      (error: unknown) => {
        state = 'open';
        sendButton.disabled = later.disabled = false;
        alert.textContent = errorMessage(error);
        alert.hidden = false;
      },
    );
  });
  later.addEventListener('click', dismiss);
  close.addEventListener('click', dismiss);
  section.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismiss();
  });

  return {
    card,
    opportunityId: options.opportunityId,
    state: () => state,
    remove,
    tick(): void {
      if (state === 'sent' && closeAt !== null && options.now() >= closeAt) remove();
    },
  };
}
export type LeaveMessageCard = ReturnType<typeof showLeaveMessageCard>;
