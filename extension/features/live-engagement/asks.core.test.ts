import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS } from '../../../shared/live';
import { askCountdown, askText, displayUrl, linkLabel, openAsks, sharingText, typingText, unreadBadge, unreadCount, voiceBar } from './asks.core';
import type { ChatLine, LiveView, PendingAsk } from './messages';

const T0 = 1_000_000;
const consent = (scope: 'view' | 'guide' | 'voice', id: string = scope): PendingAsk => ({ kind: 'consent', id, scope, expiresAt: T0 + 30_000 });

describe('askText', () => {
  it.each<[string, PendingAsk, string]>([
    ['view', consent('view'), 'Alex would like to see this tab'],
    ['guide', consent('guide'), 'Alex would like to guide you (point, highlight, scroll)'],
    ['voice', consent('voice'), 'Alex would like to talk (uses your microphone)'],
    ['navigate', { kind: 'navigate', id: 'n', url: 'https://shop.example/p/2?c=red', expiresAt: T0 }, 'Alex suggests going to shop.example/p/2?c=red'],
    ['phone: call', { kind: 'phone', id: 'p', purpose: 'call', expiresAt: T0 }, 'Alex would like to call you'],
    ['phone: text', { kind: 'phone', id: 'p', purpose: 'text', expiresAt: T0 }, 'Alex would like to text you'],
  ])('%s', (_, ask, title) => {
    const text = askText(ask, 'Alex');
    expect(text.title).toBe(title);
    expect(text.detail.length).toBeGreaterThan(0);
  });

  it('names someone even when the name is blank', () => {
    expect(askText(consent('view'), '  ').title).toBe('The associate would like to see this tab');
  });
});

describe('displayUrl', () => {
  it.each([
    ['https://shop.example/', 'shop.example'],
    ['https://shop.example/?q=1', 'shop.example/?q=1'],
    ['http://localhost:4101/product/2', 'localhost:4101/product/2'],
    ['https://shop.example/p#frag', 'shop.example/p'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, shown) => {
    expect(displayUrl(url)).toBe(shown);
  });

  it('shortens a long URL with an ellipsis', () => {
    const shown = displayUrl(`https://shop.example/${'a'.repeat(200)}`, 30);
    expect(shown).toHaveLength(30);
    expect(shown.endsWith('…')).toBe(true);
  });
});

describe('askCountdown starts at the lapse’s length', () => {
  it.each([
    ['the tab’s clock 400 ms behind the host’s', -400, '0:30'],
    ['on time', 0, '0:30'],
    ['1 ms later', 1, '0:30'],
    ['a second later', 1_000, '0:29'],
  ])('%s: %s', (_name, late, label) => {
    expect(askCountdown(T0 + LIVE_LIMITS.consentLapsesMs, T0 + late).label).toBe(`Lapses in ${label}`);
  });
});

describe('askCountdown', () => {
  it.each([
    [30_000, 30, false, 'Lapses in 0:30'],
    [29_001, 30, false, 'Lapses in 0:30'],
    [1, 1, false, 'Lapses in 0:01'],
    [90_000, 30, false, 'Lapses in 0:30'],
    [0, 0, true, 'Lapsed'],
    [-5_000, 0, true, 'Lapsed'],
  ])('%i ms left → %i s', (left, seconds, lapsed, label) => {
    expect(askCountdown(T0 + left, T0)).toEqual({ seconds, lapsed, label });
  });
});

describe('openAsks', () => {
  it('leaves out the lapsed and those answered here', () => {
    const asks = [consent('view', 'a'), { ...consent('guide', 'b'), expiresAt: T0 }, consent('voice', 'c')];
    expect(openAsks(asks, new Set(['c']), T0).map((a) => a.id)).toEqual(['a']);
    expect(openAsks(asks, new Set(), T0 + 30_000)).toEqual([]);
  });
});

describe('linkLabel', () => {
  it.each<[LiveView['link'], string | null, string]>([
    ['connecting', null, 'Connecting…'],
    ['open', null, 'Connected'],
    ['lost', null, 'Reconnecting…'],
    ['closed', null, 'Ended'],
    ['closed', 'Alex left', 'Ended: Alex left'],
  ])('%s (%s) → %s', (link, reason, label) => {
    expect(linkLabel(link, reason)).toBe(label);
  });
});

describe('sharingText', () => {
  it.each([
    [false, false, null],
    [true, false, 'Alex can see this tab'],
    [true, true, 'Alex can see this tab and guide you'],
    [false, true, 'Alex can guide you on this tab'],
  ])('view %s, guide %s → %s', (view, guide, text) => {
    expect(sharingText({ view, guide, voice: false }, 'Alex')).toBe(text);
  });

  it('voice alone is no sharing of the tab', () => {
    expect(sharingText({ view: false, guide: false, voice: true }, 'Alex')).toBeNull();
  });
});

describe('voiceBar', () => {
  const voice = (v: Partial<LiveView['voice']>): LiveView['voice'] => ({ state: 'on', muted: false, remoteMuted: false, error: null, ...v });
  it.each<[string, Partial<LiveView['voice']>, string | null, 'mute' | 'unmute' | null]>([
    ['no call', { state: 'off' }, null, null],
    ['calling', { state: 'starting' }, 'Calling…', 'mute'],
    ['on call', {}, 'On call', 'mute'],
    ['muted here', { muted: true }, 'On call (you are muted)', 'unmute'],
    ['muted there', { remoteMuted: true }, 'Alex muted', 'mute'],
    ['a failure', { error: 'The microphone is blocked' }, 'The microphone is blocked', 'mute'],
  ])('%s', (_, v, label, action) => {
    const bar = voiceBar(voice(v), 'Alex');
    expect(bar?.label ?? null).toBe(label);
    expect(bar?.toggle.action ?? null).toBe(action);
  });
});

describe('typingText', () => {
  it.each([
    [true, 'Alex is typing…'],
    [false, null],
  ])('%s → %s', (typing, text) => {
    expect(typingText(typing, 'Alex')).toBe(text);
  });
});

describe('unreadCount', () => {
  const line = (id: string, from: ChatLine['from']): ChatLine => ({ id, from, text: id, sentAt: T0, delivered: true });
  const chat = [line('1', 'associate'), line('2', 'shopper'), line('3', 'associate'), line('4', 'associate')];
  it.each<[string, readonly ChatLine[], string | null, number]>([
    ['nothing read yet: every line of the associate', chat, null, 3],
    ['read up to the first', chat, '1', 2],
    ['read up to the shopper’s own line', chat, '2', 2],
    ['read everything', chat, '4', 0],
    ['an empty chat', [], null, 0],
    ['only the shopper’s lines', [line('a', 'shopper')], null, 0],
    ['a read line no longer there', chat, 'gone', 0],
  ])('%s → %i', (_, lines, lastRead, count) => {
    expect(unreadCount(lines, lastRead)).toBe(count);
  });
});

describe('unreadBadge', () => {
  it.each([
    [0, ''],
    [1, '1'],
    [9, '9'],
    [10, '9+'],
  ])('%i → "%s"', (count, badge) => {
    expect(unreadBadge(count)).toBe(badge);
  });
});
