import { describe, expect, it } from 'vitest';
import type { Consent } from '../../lib/storage';
import { consentState, consentView, type ConsentView } from './consent-view';

const at = '2026-12-01T10:00:00.000Z';
const given: Consent = { state: 'given', at };
const declined: Consent = { state: 'declined', at };

describe('consentView', () => {
  it.each<[string, Consent | null | undefined, boolean, ConsentView]>([
    ['storage not read yet', undefined, false, 'loading'],
    ['not answered', null, false, 'question'],
    ['not answered, opened to review', null, true, 'question'],
    ['just accepted', given, false, 'given'],
    ['accepted, opened to review: nothing to decide, the outcome stands', given, true, 'given'],
    ['just declined (or withdrawn)', declined, false, 'declined'],
    ['declined, opened to review', declined, true, 'question'],
  ])('%s → %s', (_, consent, reviewing, expected) => {
    expect(consentView(consent, reviewing)).toBe(expected);
  });
});

describe('consentState', () => {
  it.each([
    [undefined, 'loading'],
    [null, 'pending'],
    [given, 'given'],
    [declined, 'declined'],
  ] as const)('%j → %s', (consent, expected) => {
    expect(consentState(consent)).toBe(expected);
  });
});
