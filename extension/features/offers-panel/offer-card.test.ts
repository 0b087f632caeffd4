import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OfferView } from '../../../shared/realtime';
import { OfferCard } from './OfferCard';

let container: HTMLDivElement;
let dispose: (() => void) | null = null;

const NOW = Date.parse('2026-03-02T10:00:00Z');

function offerLooking(at: { name: string; url: string | null }[]): OfferView {
  return {
    id: 'o1',
    opportunityId: 'op1',
    priority: 'may',
    offeredAt: new Date(NOW).toISOString(),
    expiresAt: new Date(NOW + 15_000).toISOString(),
    score: 0.8,
    reasons: [],
    signals: [],
    wave: 1,
    colleagues: 0,
    segment: { category: [], minLevel: 1 },
    needs: [],
    session: {
      site: 'shop.example',
      products: at.map((p) => ({ ...p, price: null, currency: null, dwellMs: 60_000, views: 1 })),
      searches: [],
      cart: { lines: 0, value: '0', currency: null },
      customer: null,
      customerClaim: null,
      returning: false,
    },
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  dispose?.();
  container.remove();
});

describe('the offer card', () => {
  it('links a looked-at product only to an http(s) page; any other address is shown as text', () => {
    const offer = offerLooking([
      { name: 'Sony XM5', url: 'https://shop.example/p/sony' },
      { name: 'Trap', url: 'javascript:alert(1)' },
      { name: 'Blob', url: 'data:text/html,hi' },
      { name: 'No page', url: null },
    ]);
    dispose = render(
      () => createComponent(OfferCard, { live: { offer, phase: 'open', deadline: NOW + 15_000, endedAt: null, note: null, engagementId: null }, now: NOW }),
      container,
    );
    const items = [...container.querySelectorAll('[data-testid="offer-session"] .products li')];
    expect(items.map((li) => [li.textContent?.split(' · ')[0]?.trim(), li.querySelector('a')?.getAttribute('href') ?? null])).toEqual([
      ['Sony XM5', 'https://shop.example/p/sony'],
      ['Trap', null],
      ['Blob', null],
      ['No page', null],
    ]);
  });

  it.each([
    ['accepting', 'Your accept is on its way: the answer comes in a moment.'],
    ['declining', 'Your decline is on its way: the answer comes in a moment.'],
  ] as const)('while %s, Accept and both Declines look disabled and say why, as a tooltip and in words', (phase, why) => {
    const offer = offerLooking([{ name: 'Sony XM5', url: null }]);
    dispose = render(() => createComponent(OfferCard, { live: { offer, phase, deadline: NOW + 15_000, endedAt: null, note: null, engagementId: null }, now: NOW }), container);
    const buttons = ['offer-accept', 'offer-decline', 'offer-decline-away'].map((id) => container.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!);
    expect(buttons.map((b) => [b.disabled, b.title])).toEqual([
      [true, why],
      [true, why],
      [true, why],
    ]);
    expect(container.querySelector('[data-testid="offer-blocked"]')?.textContent).toBe(why);
  });

  it('says which channels the opportunity expects, and nothing when it needs none', () => {
    const showCard = (offer: OfferView) => render(() => createComponent(OfferCard, { live: { offer, phase: 'open', deadline: NOW + 15_000, endedAt: null, note: null, engagementId: null }, now: NOW }), container);
    dispose = showCard({ ...offerLooking([{ name: 'Sony XM5', url: null }]), needs: ['voice'] });
    expect(container.querySelector('[data-testid="offer-needs"]')?.textContent).toBe('Expects a voice call');
    dispose();
    dispose = showCard(offerLooking([{ name: 'Sony XM5', url: null }]));
    expect(container.querySelector('[data-testid="offer-needs"]')).toBeNull();
  });

  it('while open, every answer can be given: nothing disabled, no reason shown', () => {
    const offer = offerLooking([{ name: 'Sony XM5', url: null }]);
    dispose = render(() => createComponent(OfferCard, { live: { offer, phase: 'open', deadline: NOW + 15_000, endedAt: null, note: null, engagementId: null }, now: NOW }), container);
    const buttons = ['offer-accept', 'offer-decline', 'offer-decline-away'].map((id) => container.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!);
    expect(buttons.map((b) => [b.disabled, b.title])).toEqual([
      [false, ''],
      [false, ''],
      [false, ''],
    ]);
    expect(container.querySelector('[data-testid="offer-blocked"]')).toBeNull();
  });
});
