import { describe, expect, it } from 'vitest';
import { accessOpen, freshStep, leavesNoOwner, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionLive, standingOf, totpStep, overHttps } from './accounts.core';

describe('sessionLive', () => {
  const live = { expiresAt: SESSION_ABSOLUTE_MS, lastUsedAt: 0, signedOutAt: null, userDisabled: false };
  it('works until 12 h unused or 7 days after sign-in, not once signed out or disabled', () => {
    expect(sessionLive(live, SESSION_IDLE_MS - 1)).toBe(true);
    expect(sessionLive(live, SESSION_IDLE_MS)).toBe(false);
    expect(sessionLive({ ...live, lastUsedAt: SESSION_ABSOLUTE_MS - 1 }, SESSION_ABSOLUTE_MS)).toBe(false);
    expect(sessionLive({ ...live, signedOutAt: 1 }, 2)).toBe(false);
    expect(sessionLive({ ...live, userDisabled: true }, 2)).toBe(false);
  });
});

describe('support access and standing', () => {
  it('an access is open until it ends or someone ends it', () => {
    expect(accessOpen({ endsAt: 10, endedAt: null }, 9)).toBe(true);
    expect(accessOpen({ endsAt: 10, endedAt: null }, 10)).toBe(false);
    expect(accessOpen({ endsAt: 10, endedAt: 5 }, 6)).toBe(false);
  });
  it('a member has their role; an operator is admin inside an open access only', () => {
    expect(standingOf('analyst', true, 'a')).toEqual({ role: 'analyst', supportAccessId: null });
    expect(standingOf(undefined, true, 'a')).toEqual({ role: 'admin', supportAccessId: 'a' });
    expect(standingOf(undefined, true, undefined)).toBeUndefined();
    expect(standingOf(undefined, false, 'a')).toBeUndefined();
  });
});

describe('leavesNoOwner', () => {
  it('refuses demoting or removing the only owner, not one of two, and not others', () => {
    expect(leavesNoOwner(['o'], 'o', 'admin')).toBe(true);
    expect(leavesNoOwner(['o'], 'o', null)).toBe(true);
    expect(leavesNoOwner(['o'], 'o', 'owner')).toBe(false);
    expect(leavesNoOwner(['o', 'p'], 'o', null)).toBe(false);
    expect(leavesNoOwner(['o'], 'x', null)).toBe(false);
  });
});

describe('overHttps', () => {
  it('believes the URL, and X-Forwarded-Proto only from trusted proxies (the nearest one’s entry)', () => {
    expect(overHttps('https://fw.example/x', undefined, 0)).toBe(true);
    expect(overHttps('http://fw.example/x', 'https', 0)).toBe(false);
    expect(overHttps('http://fw.example/x', 'https', 1)).toBe(true);
    expect(overHttps('http://fw.example/x', 'https, http', 1)).toBe(false);
    expect(overHttps('http://fw.example/x', 'https, http', 2)).toBe(true);
  });
});

describe('TOTP steps', () => {
  it('a code is accepted for a step later than the last one only', () => {
    expect(totpStep(90_000, -1)).toBe(2);
    expect(freshStep(3, null)).toBe(true);
    expect(freshStep(3, 3)).toBe(false);
    expect(freshStep(4, 3)).toBe(true);
  });
});
