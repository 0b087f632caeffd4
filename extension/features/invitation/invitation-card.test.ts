import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvitationShown } from '../../lib/messaging';
import { CARD_CSS } from './corner-card';
import { showInvitationCard, THANKS_MS } from './invitation-card';
import { showLeaveMessageCard } from './leave-message-card';

const T0 = Date.parse('2025-01-01T10:00:00Z');
let now: number;
const invitation: InvitationShown = {
  engagementId: 'e1',
  associateName: 'Ana',
  siteName: 'Voltaire',
  product: { name: 'Sony WH-1000XM5', url: 'http://localhost:4101/p/sony', price: '399.99', currency: 'USD' },
  expiresAt: T0 + 120_000,
};

beforeEach(() => {
  now = T0;
  document.body.innerHTML = '<header>Shop</header><main><p>Product</p></main><footer>Footer</footer>';
});
afterEach(() => {
  for (const host of document.querySelectorAll('floorwalker-invitation, floorwalker-message')) host.remove();
});

function show(answer: (accept: boolean) => Promise<void> = async () => undefined) {
  const onClosed = vi.fn();
  const card = showInvitationCard(document, { invitation, now: () => now, answer, onClosed, locale: 'en-US' });
  const $ = (id: string) => card.card.root.querySelector<HTMLElement>(`[data-testid=${id}]`)!;
  return { card, $, onClosed, text: () => card.card.root.querySelector('section')!.textContent ?? '' };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the invitation card on the shop’s page', () => {
  it('sits outside the shop’s body, in a closed shadow root, fixed in the corner', () => {
    const before = document.body.innerHTML;
    const { card } = show();
    expect(document.body.innerHTML).toBe(before); // nothing of the shop's page moved or changed
    expect(card.card.host.parentElement).toBe(document.documentElement);
    expect(card.card.host.shadowRoot).toBeNull(); // closed: the page cannot reach in
    const style = card.card.host.style;
    expect([style.getPropertyValue('position'), style.getPropertyPriority('position')]).toEqual(['fixed', 'important']);
    expect([style.getPropertyValue('z-index'), style.getPropertyValue('right'), style.getPropertyValue('bottom')]).toEqual(['2147483647', '16px', '16px']);
  });

  it('says who offers help, for which product, at what price, and until when', () => {
    const { text, $ } = show();
    expect(text()).toContain('Ana from Voltaire can help you');
    expect(text()).toContain('Sony WH-1000XM5');
    expect(text()).toContain('$399.99');
    expect(text()).toContain('This offer lapses in 2:00');
    expect($('invitation').getAttribute('role')).toBe('dialog');
    expect($('invitation').getAttribute('aria-labelledby')).toBe('fw-title');
  });

  it('never builds markup from the invitation’s text', () => {
    const { card } = showInvitationCard(document, {
      invitation: { ...invitation, associateName: '<img src=x onerror=alert(1)>' },
      now: () => now,
      answer: async () => undefined,
    });
    expect(card.root.querySelector('img')).toBeNull();
    expect(card.root.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('yes: sends the answer, then thanks the shopper and leaves after a while', async () => {
    const answer = vi.fn(async () => undefined);
    const { card, $, onClosed, text } = show(answer);
    $('invitation-yes').click();
    await settle();
    expect(answer).toHaveBeenCalledWith(true);
    expect(card.state()).toBe('accepted');
    expect($('invitation-thanks').hidden).toBe(false);
    expect(text()).toContain('Ana will be with you here shortly.');
    now += THANKS_MS;
    card.tick();
    expect(card.card.host.isConnected).toBe(false);
    expect(onClosed).toHaveBeenCalledOnce();
  });

  it.each([
    ['No', (c: ReturnType<typeof show>) => c.$('invitation-no').click()],
    ['closing it (×)', (c: ReturnType<typeof show>) => c.$('invitation-close').click()],
    ['Escape', (c: ReturnType<typeof show>) => c.$('invitation-yes').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))],
  ])('%s answers no and takes the card away', async (_, act) => {
    const answer = vi.fn(async () => undefined);
    const shown = show(answer);
    act(shown);
    await settle();
    expect(answer).toHaveBeenCalledWith(false);
    expect(shown.card.card.host.isConnected).toBe(false);
  });

  it('a failed answer is shown on the card, and the shopper can try again', async () => {
    const { card, $ } = show(async () => {
      throw new Error('Your answer could not be sent: the server is down.');
    });
    $('invitation-yes').click();
    await settle();
    const alert = card.card.root.querySelector<HTMLElement>('[role=alert]')!;
    expect(alert.hidden).toBe(false);
    expect(alert.textContent).toBe('Your answer could not be sent: the server is down.');
    expect(card.state()).toBe('open');
    expect(($('invitation-yes') as HTMLButtonElement).disabled).toBe(false);
  });

  it('waits for the answer with its buttons disabled (no double answer)', async () => {
    let release!: () => void;
    const answer = vi.fn(() => new Promise<void>((r) => (release = r)));
    const { card, $ } = show(answer);
    $('invitation-yes').click();
    $('invitation-no').click();
    expect(card.state()).toBe('sending');
    expect(($('invitation-no') as HTMLButtonElement).disabled).toBe(true);
    release();
    await settle();
    expect(answer).toHaveBeenCalledTimes(1);
  });

  it('counts down and lapses at its expiry (no answer sent: the server expires it)', () => {
    const answer = vi.fn(async () => undefined);
    const { card, text } = show(answer);
    now += 61_000;
    card.tick();
    expect(text()).toContain('This offer lapses in 0:59');
    now = invitation.expiresAt;
    card.tick();
    expect(card.card.host.isConnected).toBe(false);
    expect(answer).not.toHaveBeenCalled();
  });

  it('is reachable with the keyboard and announced without taking the focus', () => {
    const { card } = show();
    const buttons = [...card.card.root.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['×', 'Yes, please', 'No, thanks']);
    expect(buttons.every((b) => b.tabIndex === 0)).toBe(true);
    expect(document.activeElement).toBe(document.body);
    expect(card.card.root.querySelector('[role=status]')!.textContent).toContain('Ana from Voltaire can help you with Sony WH-1000XM5');
  });
});

describe('the card’s look', () => {
  it('moves only for those who did not ask for reduced motion', () => {
    const outside = CARD_CSS.replace(/@media \(prefers-reduced-motion: no-preference\) \{[\s\S]*?\n\}/, '');
    expect(CARD_CSS).toContain('@media (prefers-reduced-motion: no-preference)');
    expect(outside).not.toMatch(/animation|transition/);
  });

  it('has a dark scheme, and sizes in px (the shop’s rem is the shop’s)', () => {
    expect(CARD_CSS).toContain('@media (prefers-color-scheme: dark)');
    expect(CARD_CSS).not.toMatch(/\drem\b/);
  });
});

describe('leaving a message when nobody could help', () => {
  function showForm(send = vi.fn(async () => undefined)) {
    const dismiss = vi.fn();
    const form = showLeaveMessageCard(document, { opportunityId: 'op1', siteName: 'Voltaire', send, dismiss, now: () => now });
    const $ = <T extends HTMLElement>(id: string) => form.card.root.querySelector<T>(`[data-testid=${id}]`)!;
    return { form, $, send, dismiss };
  }

  it('sends the message and how to reach the shopper', async () => {
    const { form, $, send } = showForm();
    expect(form.card.root.textContent).toContain('Nobody from Voltaire is free right now');
    $<HTMLTextAreaElement>('message-text').value = '  Is the XM5 in stock in black?  ';
    $<HTMLInputElement>('message-contact').value = 'me@example.com';
    $('message-send').click();
    await settle();
    expect(send).toHaveBeenCalledWith('Is the XM5 in stock in black?', 'me@example.com');
    expect($('message-sent').hidden).toBe(false);
    now += 6_000;
    form.tick();
    expect(form.card.host.isConnected).toBe(false);
  });

  it('asks for a message before sending', async () => {
    const { form, $, send } = showForm();
    $('message-send').click();
    await settle();
    expect(send).not.toHaveBeenCalled();
    expect(form.card.root.querySelector('[role=alert]')!.textContent).toBe('Write a message first.');
  });

  it('"Not now" closes it and says so to the background', () => {
    const { form, $, dismiss } = showForm();
    $('message-dismiss').click();
    expect(dismiss).toHaveBeenCalledOnce();
    expect(form.card.host.isConnected).toBe(false);
  });

  it('a failure to send is shown, and the text is kept', async () => {
    const { form, $ } = showForm(
      vi.fn(async () => {
        throw new Error('Your message could not be sent: offline.');
      }),
    );
    $<HTMLTextAreaElement>('message-text').value = 'Hello';
    $('message-send').click();
    await settle();
    expect(form.card.root.querySelector('[role=alert]')!.textContent).toBe('Your message could not be sent: offline.');
    expect($<HTMLTextAreaElement>('message-text').value).toBe('Hello');
    expect(form.state()).toBe('open');
  });
});
