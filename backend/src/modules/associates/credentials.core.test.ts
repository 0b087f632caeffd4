import { describe, expect, it } from 'vitest';
import { deviceLabel, lastUseStale, linkRefusal, linkUrl } from './credentials.core';

describe('linkRefusal', () => {
  const live = { expiresAt: 1_000, usedAt: null, accountActive: true };
  it.each([
    ['a live link', live, 999, null],
    ['an unknown link', undefined, 0, 'invalid'],
    ['a link of a deactivated account', { ...live, accountActive: false }, 0, 'invalid'],
    ['a used link', { ...live, usedAt: 500 }, 600, 'used'],
    ['a used link past its expiry', { ...live, usedAt: 500 }, 2_000, 'used'],
    ['an expired link', live, 1_000, 'expired'],
  ] as const)('%s', (_, link, now, refusal) => expect(linkRefusal(link, now)).toBe(refusal));
});

describe('linkUrl', () => {
  it('puts the token in the fragment of the purpose’s page', () => {
    expect(linkUrl('https://fw.example', 'invitation', 'fwi_a-b')).toBe('https://fw.example/associates/set-password#token=fwi_a-b');
    expect(linkUrl('https://fw.example', 'reset', 'fwr_x')).toBe('https://fw.example/associates/reset-password#token=fwr_x');
  });
});

describe('deviceLabel', () => {
  it.each([
    ['the name given', 'Work laptop', 'Mozilla/5.0', 'Work laptop'],
    ['else the user agent', undefined, 'Mozilla/5.0 (X11)', 'Mozilla/5.0 (X11)'],
    ['nothing', undefined, undefined, null],
    ['control characters taken out', 'a\nb\u0000c', undefined, 'a b c'],
    ['at most 100 characters', undefined, 'x'.repeat(300), 'x'.repeat(100)],
  ])('%s', (_, name, agent, label) => expect(deviceLabel(name, agent)).toBe(label));
});

describe('lastUseStale', () => {
  it.each([
    [null, 0, true],
    [0, 59_999, false],
    [0, 60_000, true],
  ])('last used %s, now %s: %s', (last, now, stale) => expect(lastUseStale(last, now)).toBe(stale));
});
