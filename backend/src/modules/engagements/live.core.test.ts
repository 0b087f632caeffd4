import { describe, expect, it } from 'vitest';
import type { ChannelUsage, CommunicationMethod } from '../../../../shared/live';
import type { EngagementStatus } from '../../../../shared/realtime';
import { channelUsage, clampTime, LATE_FLUSH_MS, maskSelectorsOf, type PeerRefusal, peerAccess, writeWindow } from './live.core';

const NOW = Date.parse('2026-03-02T11:00:00.000Z');
const S = 1000;

describe('who may still write to an engagement', () => {
  it.each<[string, EngagementStatus, number | null, ReturnType<typeof writeWindow>]>([
    ['accepted: open', 'accepted', null, 'open'],
    ['invited: not live yet', 'invited', null, 'not_live'],
    ['declined: never live', 'declined', NOW - S, 'not_live'],
    ['expired: never live', 'expired', NOW - S, 'not_live'],
    ['ended a second ago: late flushes taken', 'ended', NOW - S, 'open'],
    ['ended exactly the late-flush window ago: still taken', 'ended', NOW - LATE_FLUSH_MS, 'open'],
    ['ended past the window: ended', 'ended', NOW - LATE_FLUSH_MS - 1, 'ended'],
    ['ended with no end time recorded: ended', 'ended', null, 'ended'],
  ])('%s', (_name, status, endedAt, expected) => {
    expect(writeWindow({ status, endedAt }, NOW)).toBe(expected);
  });
});

describe('client times kept within what the server knows', () => {
  it.each([
    ['inside', 50, 0, 100, 50],
    ['before the start', -10, 0, 100, 0],
    ['in the future', 500, 0, 100, 100],
    ['an empty range keeps the start', 7, 10, 5, 10],
  ])('%s', (_name, at, from, to, expected) => {
    expect(clampTime(at, from, to)).toBe(expected);
  });
});

describe('channel usage', () => {
  type Use = { method: CommunicationMethod; startedAt: number; stoppedAt: number | null };
  it.each<[string, Use[], ChannelUsage[]]>([
    ['nothing used', [], []],
    ['one closed use', [{ method: 'voice', startedAt: NOW - 90 * S, stoppedAt: NOW - 30 * S }], [{ method: 'voice', seconds: 60, uses: 1, open: false }]],
    ['an open use counts to now', [{ method: 'chat', startedAt: NOW - 12.5 * S, stoppedAt: null }], [{ method: 'chat', seconds: 12.5, uses: 1, open: true }]],
    [
      'uses of one method add up; methods in a fixed order',
      [
        { method: 'view', startedAt: NOW - 100 * S, stoppedAt: NOW - 90 * S },
        { method: 'chat', startedAt: NOW - 100 * S, stoppedAt: null },
        { method: 'view', startedAt: NOW - 50 * S, stoppedAt: NOW - 45 * S },
      ],
      [
        { method: 'chat', seconds: 100, uses: 1, open: true },
        { method: 'view', seconds: 15, uses: 2, open: false },
      ],
    ],
    ['a stop before its start counts nothing', [{ method: 'guide', startedAt: NOW, stoppedAt: NOW - S }], [{ method: 'guide', seconds: 0, uses: 1, open: false }]],
  ])('%s', (_name, uses, expected) => {
    expect(channelUsage(uses, NOW)).toEqual(expected);
  });
});

describe('mask selectors of the enterprise', () => {
  it.each<[string, ({ mask?: string[] } | null)[], string[]]>([
    ['no adapters', [], []],
    ['adapters without masks', [null, {}], []],
    ['the union, once each, in order', [{ mask: ['.iban', '#acct'] }, null, { mask: ['#acct', '.loyalty-no'] }], ['.iban', '#acct', '.loyalty-no']],
  ])('%s', (_name, adapters, expected) => {
    expect(maskSelectorsOf(adapters)).toEqual(expected);
  });
});

describe('signalling access', () => {
  const live = { tokenMatches: true, expiresAt: NOW + S, engagementStatus: 'accepted' as EngagementStatus };
  it.each<[string, Parameters<typeof peerAccess>[0], PeerRefusal | null]>([
    ['the latest token of a live engagement', live, null],
    ['an unknown peer id', undefined, 'unknown_peer'],
    ['a wrong (or superseded) token', { ...live, tokenMatches: false }, 'bad_token'],
    ['an ended engagement', { ...live, engagementStatus: 'ended' }, 'not_live'],
    ['an invitation not accepted', { ...live, engagementStatus: 'invited' }, 'not_live'],
    ['credentials past their expiry', { ...live, expiresAt: NOW }, 'expired'],
    ['credentials never issued', { ...live, expiresAt: null }, 'expired'],
  ])('%s', (_name, peer, expected) => {
    expect(peerAccess(peer, NOW)).toBe(expected);
  });
});
