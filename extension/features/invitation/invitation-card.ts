import { errorMessage } from '../../lib/log';
import type { InvitationShown } from '../../lib/messaging';
import { formatCountdown, secondsLeft } from '../offers-panel/board.core';
import { formatMoney } from '../offers-panel/offer-text.core';
import { el, markIcon, mountCornerCard, type CornerCard } from './corner-card';

export type InvitationCardState = 'open' | 'sending' | 'accepted' | 'closed';

export interface InvitationCardOptions {
  invitation: InvitationShown;
  now: () => number;
  /** Sends the shopper's answer; throws with a message to show. */
  answer: (accept: boolean) => Promise<void>;
  /** The card left the page (answered no, lapsed, closed after yes, hidden). */
  onClosed?: () => void;
  locale?: string;
}

/** How long the thank-you stays after a yes. */
export const THANKS_MS = 10_000;

/**
 * An associate's invitation in the corner of the shop's page: who offers help, for which
 * product, Yes / No. Closing it (×, Escape) is a no; it lapses at its expiry. It never takes
 * the focus: it is announced to screen readers and reachable with Tab.
 */
export function showInvitationCard(doc: Document, options: InvitationCardOptions) {
  const { invitation } = options;
  const card: CornerCard = mountCornerCard(doc, 'invitation');
  let state: InvitationCardState = 'open';
  let closedAt: number | null = null;

  const who = invitation.siteName ? `${invitation.associateName} from ${invitation.siteName}` : invitation.associateName;
  const title = `${who} can help you`;
  const price = invitation.product ? formatMoney(invitation.product.price, invitation.product.currency, options.locale) : null;

  const close = el(doc, 'button', { class: 'close', type: 'button', 'aria-label': 'No, thanks (close)', 'data-testid': 'invitation-close' }, '×');
  const yes = el(doc, 'button', { class: 'answer primary', type: 'button', 'data-testid': 'invitation-yes' }, 'Yes, please');
  const no = el(doc, 'button', { class: 'answer', type: 'button', 'data-testid': 'invitation-no' }, 'No, thanks');
  const lapse = el(doc, 'p', { class: 'lapse', 'aria-hidden': 'true' });
  const alert = el(doc, 'p', { class: 'alert', role: 'alert', hidden: '' });
  const question = el(
    doc,
    'div',
    {},
    el(doc, 'h2', { id: 'fw-title' }, title),
    invitation.product
      ? el(
          doc,
          'p',
          { class: 'product', id: 'fw-product' },
          el(doc, 'span', { class: 'name' }, invitation.product.name),
          price ? el(doc, 'span', { class: 'price' }, price) : null,
        )
      : el(doc, 'p', { class: 'muted', id: 'fw-product' }, 'A sales associate offers to help with what you are looking at.'),
    el(doc, 'p', { class: 'muted' }, 'Would you like to talk with them?'),
    el(doc, 'div', { class: 'actions' }, yes, no),
    lapse,
  );
  const thanks = el(
    doc,
    'div',
    { hidden: '', 'data-testid': 'invitation-thanks' },
    el(doc, 'h2', {}, 'Thank you'),
    el(doc, 'p', { class: 'muted' }, `${invitation.associateName} will be with you here shortly.`),
  );
  const section = el(
    doc,
    'section',
    { class: 'card', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'fw-title', 'aria-describedby': 'fw-product', 'data-testid': 'invitation', 'data-state': state },
    el(doc, 'div', { class: 'top' }, markIcon(doc), el(doc, 'span', { class: 'brand' }, 'Floorwalker'), close),
    question,
    thanks,
    alert,
    // Announced once, politely, without moving the focus.
    el(doc, 'p', { class: 'sr', role: 'status' }, `${title}${invitation.product ? ` with ${invitation.product.name}` : ''}. Yes or no buttons at the end of the page.`),
  );
  card.root.append(section);

  function setState(next: InvitationCardState): void {
    state = next;
    section.dataset.state = next;
    for (const b of [yes, no, close]) b.disabled = next === 'sending';
  }

  function remove(): void {
    if (state === 'closed' && !card.host.isConnected) return;
    setState('closed');
    card.remove();
    options.onClosed?.();
  }

  async function send(accept: boolean): Promise<void> {
    if (state !== 'open') return;
    setState('sending');
    alert.hidden = true;
    try {
      await options.answer(accept);
    } catch (error) {
      setState('open');
      alert.textContent = errorMessage(error);
      alert.hidden = false;
      return;
    }
    if (!accept) return remove();
    setState('accepted');
    closedAt = options.now() + THANKS_MS;
    question.hidden = true;
    thanks.hidden = false;
    close.setAttribute('aria-label', 'Close');
  }

  yes.addEventListener('click', () => void send(true));
  no.addEventListener('click', () => void send(false));
  close.addEventListener('click', () => (state === 'accepted' ? remove() : void send(false)));
  section.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (state === 'accepted') remove();
    else void send(false);
  });

  /** Call every second: the countdown, the lapse at expiry, the thank-you's end. */
  function tick(): void {
    const now = options.now();
    if (state === 'accepted') {
      if (closedAt !== null && now >= closedAt) remove();
      return;
    }
    if (state === 'closed') return;
    const left = secondsLeft(invitation.expiresAt, now);
    if (left <= 0 && state === 'open') return remove();
    lapse.textContent = `This offer lapses in ${formatCountdown(left)}`;
  }
  tick();

  return { card, tick, remove, state: () => state, engagementId: invitation.engagementId };
}
export type InvitationCard = ReturnType<typeof showInvitationCard>;
