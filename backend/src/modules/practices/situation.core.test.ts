import { describe, expect, it } from 'vitest';
import { candidatesFor, fits, situationOf } from './situation.core';

const facts = { category: ['Audio', 'Headphones'], origin: 'detected' as const, reasons: [{ conditionId: 'cart', points: 2 }, { conditionId: 'long-dwell', points: 12 }, { conditionId: 'late', points: 12 }], channels: [], tier: 'Gold' };
const none = { categories: [], rules: [], channels: [], languages: [] };

describe('an engagement’s situation', () => {
  it('takes the rule that gave the most points (the first of equals), "asked" when asked, chat by default', () => {
    expect(situationOf(facts)).toEqual({ category: ['Audio', 'Headphones'], rule: 'long-dwell', channel: 'chat', tier: 'Gold' });
    expect(situationOf({ ...facts, origin: 'asked' }).rule).toBe('asked');
    expect(situationOf({ ...facts, reasons: [] }).rule).toBeNull();
    expect(situationOf({ ...facts, reasons: [{ conditionId: 42, points: 3 }, { points: 9 }] }).rule).toBeNull();
  });

  it('the channel in use started last, else the last used', () => {
    const channels = [
      { method: 'chat', startedAt: 1, open: true },
      { method: 'voice', startedAt: 5, open: false },
      { method: 'view', startedAt: 3, open: true },
    ];
    expect(situationOf({ ...facts, channels }).channel).toBe('view');
    expect(situationOf({ ...facts, channels: channels.map((c) => ({ ...c, open: false })) }).channel).toBe('voice');
  });
});

describe('which materials fit', () => {
  const s = situationOf(facts);
  it('a category tag is a prefix of the path, whatever its case; an empty list fits anything', () => {
    expect(fits(none, s, 'en')).toBe(true);
    expect(fits({ ...none, categories: [['audio']] }, s, 'en')).toBe(true);
    expect(fits({ ...none, categories: [['AUDIO', 'headphones']] }, s, 'en')).toBe(true);
    expect(fits({ ...none, categories: [['Audio', 'Headphones', 'Wireless']] }, s, 'en')).toBe(false);
    expect(fits({ ...none, categories: [['TV'], ['Audio']] }, s, 'en')).toBe(true);
    expect(fits({ ...none, categories: [['Headphones']] }, s, 'en')).toBe(false);
  });

  it('rules, channels and languages must name the situation’s; an unknown language passes', () => {
    expect(fits({ ...none, rules: ['long-dwell'] }, s, null)).toBe(true);
    expect(fits({ ...none, rules: ['asked'] }, s, null)).toBe(false);
    expect(fits({ ...none, rules: ['asked'] }, { ...s, rule: null }, null)).toBe(false);
    expect(fits({ ...none, channels: ['voice'] }, s, null)).toBe(false);
    expect(fits({ ...none, channels: ['voice', 'chat'] }, s, null)).toBe(true);
    expect(fits({ ...none, languages: ['fr'] }, s, 'en')).toBe(false);
    expect(fits({ ...none, languages: ['fr'] }, s, null)).toBe(true);
  });

  it('keeps the order given (the static ranking)', () => {
    const materials = [
      { id: 'c', tags: none },
      { id: 'a', tags: { ...none, categories: [['TV']] } },
      { id: 'b', tags: { ...none, rules: ['long-dwell'] } },
    ];
    expect(candidatesFor(materials, s, 'en')).toEqual(['c', 'b']);
  });
});
