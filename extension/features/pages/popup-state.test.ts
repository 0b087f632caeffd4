import { describe, expect, it } from 'vitest';
import type { Consent } from '../../lib/storage';
import { popupState, type PopupFacts, type PopupState } from './popup-state';

const given: Consent = { state: 'given', at: '2026-12-01T10:00:00.000Z' };
const declined: Consent = { state: 'declined', at: '2026-12-01T10:00:00.000Z' };
const shop = ['*://shop.example/*'];

describe('popupState', () => {
  it.each<[string, PopupFacts, PopupState]>([
    ['nothing read yet', { consent: undefined, observing: undefined, missingAccess: undefined }, 'loading'],
    ['consent read, nothing else yet', { consent: undefined, observing: true, missingAccess: [] }, 'loading'],
    ['not answered', { consent: null, observing: true, missingAccess: [] }, 'pending'],
    ['not answered, switch and access unknown', { consent: null, observing: undefined, missingAccess: undefined }, 'pending'],
    ['declined (or withdrawn)', { consent: declined, observing: true, missingAccess: [] }, 'declined'],
    ['declined, with shops still not allowed', { consent: declined, observing: true, missingAccess: shop }, 'declined'],
    ['given, switch not read yet', { consent: given, observing: undefined, missingAccess: [] }, 'loading'],
    ['given, access not read yet', { consent: given, observing: true, missingAccess: undefined }, 'loading'],
    ['given, on, every shop allowed', { consent: given, observing: true, missingAccess: [] }, 'observing'],
    ['given, on, a shop not allowed', { consent: given, observing: true, missingAccess: shop }, 'access-missing'],
    ['given, switched off', { consent: given, observing: false, missingAccess: [] }, 'paused'],
    ['given, switched off, a shop not allowed', { consent: given, observing: false, missingAccess: shop }, 'paused'],
  ])('%s → %s', (_, facts, expected) => {
    expect(popupState(facts)).toBe(expected);
  });
});
