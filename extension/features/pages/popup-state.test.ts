import { describe, expect, it } from 'vitest';
import type { Consent } from '../../lib/storage';
import { popupState, type PopupFacts, type PopupState } from './popup-state';

const given: Consent = { state: 'given', at: '2026-12-01T10:00:00.000Z' };
const declined: Consent = { state: 'declined', at: '2026-12-01T10:00:00.000Z' };
const shop = ['*://shop.example/*'];

describe('popupState', () => {
  it.each<[string, PopupFacts, PopupState]>([
    ['nothing read yet', { consent: undefined, observing: undefined, missingAccess: undefined, mode: 'shopper' }, 'loading'],
    ['consent read, nothing else yet', { consent: undefined, observing: true, missingAccess: [], mode: 'shopper' }, 'loading'],
    ['not answered', { consent: null, observing: true, missingAccess: [], mode: 'shopper' }, 'pending'],
    ['not answered, switch and access unknown', { consent: null, observing: undefined, missingAccess: undefined, mode: 'shopper' }, 'pending'],
    ['declined (or withdrawn)', { consent: declined, observing: true, missingAccess: [], mode: 'shopper' }, 'declined'],
    ['declined, with shops still not allowed', { consent: declined, observing: true, missingAccess: shop, mode: 'shopper' }, 'declined'],
    ['given, switch not read yet', { consent: given, observing: undefined, missingAccess: [], mode: 'shopper' }, 'loading'],
    ['given, access not read yet', { consent: given, observing: true, missingAccess: undefined, mode: 'shopper' }, 'loading'],
    ['given, on, every shop allowed', { consent: given, observing: true, missingAccess: [], mode: 'shopper' }, 'observing'],
    ['given, on, a shop not allowed', { consent: given, observing: true, missingAccess: shop, mode: 'shopper' }, 'access-missing'],
    ['given, switched off', { consent: given, observing: false, missingAccess: [], mode: 'shopper' }, 'paused'],
    ['given, switched off, a shop not allowed', { consent: given, observing: false, missingAccess: shop, mode: 'shopper' }, 'paused'],
    ['agent mode, whatever the consent', { consent: given, observing: true, missingAccess: [], mode: 'agent' }, 'agent'],
    ['agent mode, nothing else read yet', { consent: undefined, observing: undefined, missingAccess: undefined, mode: 'agent' }, 'agent'],
    ['shopper mode, as before', { consent: given, observing: true, missingAccess: [], mode: 'shopper' }, 'observing'],
    ['mode not read yet', { consent: given, observing: true, missingAccess: [], mode: undefined }, 'loading'],
  ])('%s → %s', (_, facts, expected) => {
    expect(popupState(facts)).toBe(expected);
  });
});
