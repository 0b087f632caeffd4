import { el } from '../../invitation/corner-card';
import { askCountdown, askText, openAsks } from '../asks.core';
import type { PendingAsk } from '../messages';

/** The test id of an ask's card: live-ask-view, live-ask-guide, live-ask-voice, live-ask-navigate, live-ask-phone-call, live-ask-phone-text. */
export const askTestId = (ask: PendingAsk) => `live-ask-${ask.kind === 'consent' ? ask.scope : ask.kind === 'phone' ? `phone-${ask.purpose}` : 'navigate'}`;

/**
 * The associate's pending questions, one card each, with Allow / No and the time left. An
 * answered card goes at once (the host's next view confirms it); a lapsed one goes at its
 * expiry, since an unanswered ask counts as no. A phone ask's yes opens the phone form
 * (`givePhone`), which answers it once the number is given.
 */
export function createAskCards(doc: Document, answer: (askId: string, yes: boolean) => void, givePhone: (ask: Extract<PendingAsk, { kind: 'phone' }>) => void = () => undefined) {
  const section = el(doc, 'div', { class: 'section asks', 'data-testid': 'live-asks' });
  const cards = new Map<string, { card: HTMLElement; lapse: HTMLElement; ask: PendingAsk }>();
  const answered = new Set<string>();
  let asks: readonly PendingAsk[] = [];
  let associateName = '';

  function card(ask: PendingAsk) {
    const text = askText(ask, associateName);
    const testId = askTestId(ask);
    const allow = el(doc, 'button', { class: 'answer primary', type: 'button', 'data-action': 'allow', 'data-testid': `${testId}-allow` }, ask.kind === 'phone' ? 'Give a number' : 'Allow');
    const no = el(doc, 'button', { class: 'answer', type: 'button', 'data-action': 'deny', 'data-testid': `${testId}-no` }, 'No');
    const lapse = el(doc, 'p', { class: 'lapse', 'data-testid': `${testId}-lapse` });
    const title = el(doc, 'h3');
    title.textContent = text.title;
    if (ask.kind === 'navigate') title.title = ask.url;
    const node = el(
      doc,
      'div',
      { class: 'ask', role: 'group', 'data-testid': testId, 'data-ask-id': ask.id, 'data-kind': ask.kind },
      title,
      el(doc, 'p', {}, text.detail),
      el(doc, 'div', { class: 'actions' }, allow, no),
      lapse,
    );
    const reply = (yes: boolean) => {
      if (answered.has(ask.id)) return;
      answered.add(ask.id);
      node.remove();
      cards.delete(ask.id);
      if (yes && ask.kind === 'phone') givePhone(ask);
      else answer(ask.id, yes);
    };
    allow.addEventListener('click', () => reply(true));
    no.addEventListener('click', () => reply(false));
    return { card: node, lapse, ask };
  }

  /** Brings the cards in line with the asks and the clock; returns how many are open. */
  function update(now: number): number {
    const open = openAsks(asks, answered, now);
    const ids = new Set(open.map((a) => a.id));
    for (const [id, entry] of cards) {
      if (ids.has(id)) continue;
      entry.card.remove();
      cards.delete(id);
    }
    for (const ask of open) {
      let entry = cards.get(ask.id);
      if (!entry) {
        entry = card(ask);
        cards.set(ask.id, entry);
      }
      entry.ask = ask;
      section.append(entry.card); // keeps the host's order
      entry.lapse.textContent = askCountdown(ask.expiresAt, now).label;
    }
    return open.length;
  }

  return {
    section,
    /** New asks from the host's view. */
    render(next: readonly PendingAsk[], name: string, now: number): number {
      asks = next;
      associateName = name;
      return update(now);
    },
    /** Every second: the countdowns and the lapses. */
    tick: update,
  };
}
export type AskCards = ReturnType<typeof createAskCards>;
