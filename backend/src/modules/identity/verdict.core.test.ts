import { describe, expect, it } from 'vitest';
import { isRejection, judgeClaims } from './verdict.core';

const NOW = 1_800_000_000;
const DAY = 24 * 60 * 60;

describe('judgeClaims', () => {
  it.each([
    ['a token for the id, an hour ahead', { sub: 'C-1', exp: NOW + 3600, iat: NOW }, { verified: true }],
    ['a day exactly after its iat', { sub: 'C-1', exp: NOW + DAY, iat: NOW }, { verified: true }],
    ['no iat, a day ahead within the tolerance', { sub: 'C-1', exp: NOW + DAY + 60 }, { verified: true }],
    ['another customer’s token', { sub: 'C-2', exp: NOW + 3600 }, { verified: false, reason: 'wrong_subject' }],
    ['no subject', { exp: NOW + 3600 }, { verified: false, reason: 'wrong_subject' }],
    ['a numeric subject', { sub: 1, exp: NOW + 3600 }, { verified: false, reason: 'wrong_subject' }],
    ['no expiry', { sub: 'C-1' }, { verified: false, reason: 'invalid' }],
    ['an expiry as text', { sub: 'C-1', exp: String(NOW + 60) }, { verified: false, reason: 'invalid' }],
    ['a week ahead', { sub: 'C-1', exp: NOW + 7 * DAY }, { verified: false, reason: 'too_long' }],
    ['a week ahead with an iat in the future', { sub: 'C-1', exp: NOW + 7 * DAY, iat: NOW + 6 * DAY }, { verified: false, reason: 'too_long' }],
    ['two days after its iat, still ahead of now', { sub: 'C-1', exp: NOW + 3600, iat: NOW - 2 * DAY }, { verified: false, reason: 'too_long' }],
  ])('%s', (_, claims, verdict) => {
    expect(judgeClaims(claims, 'C-1', NOW)).toEqual(verdict);
  });
});

describe('isRejection', () => {
  it.each([
    [{ verified: true } as const, false],
    [{ verified: false, reason: 'no_token' } as const, false],
    [{ verified: false, reason: 'no_secret' } as const, false],
    [{ verified: false, reason: 'invalid' } as const, true],
    [{ verified: false, reason: 'expired' } as const, true],
    [{ verified: false, reason: 'wrong_subject' } as const, true],
    [{ verified: false, reason: 'too_long' } as const, true],
  ])('%j → %s', (verdict, counted) => {
    expect(isRejection(verdict)).toBe(counted);
  });
});
