import { describe, expect, it } from 'vitest';
import {
  answerFailed,
  answerStarted,
  type Board,
  boardAt,
  emptyBoard,
  ENDED_OFFER_LINGER_MS,
  engagementChanged,
  formatCountdown,
  localDeadline,
  offerArrived,
  offerDismissed,
  offerEnded,
  type OfferEnding,
  type OfferPhase,
  offerSecondsLeft,
  secondsLeft,
} from './board.core';

type O = { id: string; expiresAt: string; offeredAt?: string; score?: number };
type E = { id: string; status: string };

const T0 = Date.parse('2025-01-01T10:00:00Z');
const offer = (id: string, seconds = 15, extra: Partial<O> = {}): O => ({
  id,
  offeredAt: new Date(T0).toISOString(),
  expiresAt: new Date(T0 + seconds * 1000).toISOString(),
  ...extra,
});
const board = (...offers: O[]): Board<O, E> => offers.reduce((b, o) => offerArrived(b, o, T0), emptyBoard<O, E>());
const phases = (b: Board<O, E>) => b.offers.map((o) => `${o.offer.id}:${o.phase}`);

describe('localDeadline: the countdown follows the offer’s length, not the two clocks', () => {
  it.each([
    ['15 s offer received on time', offer('a', 15), T0, T0 + 15_000],
    ['15 s offer, this clock 2 min ahead', offer('a', 15), T0 + 120_000, T0 + 135_000],
    ['15 s offer, this clock 1 min behind', offer('a', 15), T0 - 60_000, T0 - 45_000],
    ['no offeredAt: the server’s expiry as it is', { id: 'a', expiresAt: new Date(T0 + 9_000).toISOString() }, T0 + 60_000, T0 + 9_000],
    ['unreadable expiry: already due', { id: 'a', expiresAt: 'soon' }, T0, T0],
    ['expiry before the offer: due at once', offer('a', -5), T0, T0],
  ])('%s', (_, o, receivedAt, deadline) => {
    expect(localDeadline(o, receivedAt)).toBe(deadline);
  });
});

describe('offerArrived', () => {
  it('adds offers in arrival order, open', () => {
    expect(phases(board(offer('a'), offer('b')))).toEqual(['a:open', 'b:open']);
  });

  it('keeps what happened here when the same offer comes again (reconnect), with the newer content', () => {
    const b = answerStarted(board(offer('a', 15, { score: 1 })), 'a', 'accept');
    const again = offerArrived(b, offer('a', 15, { score: 2 }), T0 + 5_000);
    expect(phases(again)).toEqual(['a:accepting']);
    expect(again.offers[0]!.offer.score).toBe(2);
    expect(again.offers[0]!.deadline).toBe(T0 + 15_000);
  });
});

describe('offerEnded: how each ending reads', () => {
  it.each<[OfferEnding, string | undefined, OfferPhase, string]>([
    ['accepted', undefined, 'won', 'Yours: the shopper is being invited'],
    ['taken', undefined, 'taken', 'Taken by a colleague'],
    ['withdrawn', 'taken', 'taken', 'Taken by a colleague'],
    ['withdrawn', 'expired', 'expired', 'Expired'],
    ['withdrawn', 'reassigned', 'withdrawn', 'Withdrawn'],
    ['expired', undefined, 'expired', 'Expired'],
    ['missed', undefined, 'missed', 'Missed: it expired before you answered'],
    ['declined', undefined, 'declined', 'Declined'],
  ])('%s (reason %s) → %s', (status, reason, phase, note) => {
    const b = offerEnded(board(offer('a')), { offerId: 'a', status, reason, engagementId: status === 'accepted' ? 'e1' : null }, T0 + 3_000);
    expect(b.offers[0]).toMatchObject({ phase, note, endedAt: T0 + 3_000 });
    if (status === 'accepted') expect(b.offers[0]!.engagementId).toBe('e1');
  });

  it('the first ending stands: a "taken" after winning does not undo the win', () => {
    let b = offerEnded(board(offer('a')), { offerId: 'a', status: 'accepted', engagementId: 'e1' }, T0 + 1_000);
    b = offerEnded(b, { offerId: 'a', status: 'taken' }, T0 + 2_000);
    expect(b.offers[0]).toMatchObject({ phase: 'won', endedAt: T0 + 1_000 });
  });

  it('ends an offer that was being accepted (a colleague was quicker)', () => {
    const b = offerEnded(answerStarted(board(offer('a')), 'a', 'accept'), { offerId: 'a', status: 'taken' }, T0 + 1_000);
    expect(phases(b)).toEqual(['a:taken']);
  });

  it('leaves the board as it is for an unknown offer', () => {
    const b = board(offer('a'));
    expect(offerEnded(b, { offerId: 'zz', status: 'taken' }, T0)).toBe(b);
  });
});

describe('answering', () => {
  it.each([
    ['accept', 'accepting'],
    ['decline', 'declining'],
  ] as const)('%s waits for the backend (%s)', (answer, phase) => {
    expect(phases(answerStarted(board(offer('a')), 'a', answer))).toEqual([`a:${phase}`]);
  });

  it('does not answer an offer that already ended', () => {
    const ended = offerEnded(board(offer('a')), { offerId: 'a', status: 'taken' }, T0);
    expect(answerStarted(ended, 'a', 'accept')).toBe(ended);
  });

  it('a failed answer reopens the offer with why', () => {
    const b = answerFailed(answerStarted(board(offer('a')), 'a', 'accept'), 'a', 'The backend could not be reached.');
    expect(b.offers[0]).toMatchObject({ phase: 'open', note: 'The backend could not be reached.' });
  });

  it('dismissing removes an ended offer, never an open one', () => {
    const b = offerEnded(board(offer('a'), offer('b')), { offerId: 'a', status: 'taken' }, T0);
    expect(phases(offerDismissed(offerDismissed(b, 'a'), 'b'))).toEqual(['b:open']);
  });
});

describe('boardAt: the board as the panel shows it at a given time', () => {
  const b = offerEnded(board(offer('a', 15), offer('b', 30), offer('c', 15)), { offerId: 'c', status: 'taken' }, T0 + 2_000);
  it.each([
    [T0 + 1_000, ['a:open', 'b:open', 'c:taken']],
    [T0 + 2_000 + ENDED_OFFER_LINGER_MS - 1, ['a:open', 'b:open', 'c:taken']],
    [T0 + 2_000 + ENDED_OFFER_LINGER_MS, ['a:open', 'b:open']],
    [T0 + 15_000, ['a:expired', 'b:open']],
    [T0 + 15_000 + ENDED_OFFER_LINGER_MS, ['b:open']],
    [T0 + 30_000 + ENDED_OFFER_LINGER_MS, []],
  ])('at +%i ms', (now, expected) => {
    expect(phases(boardAt(b, now))).toEqual(expected);
  });

  it('an offer being accepted does not expire here: the backend’s answer decides', () => {
    expect(phases(boardAt(answerStarted(board(offer('a')), 'a', 'accept'), T0 + 60_000))).toEqual(['a:accepting']);
  });

  it('returns the same board when nothing changed (no storage write)', () => {
    const open = board(offer('a'));
    expect(boardAt(open, T0 + 1_000)).toBe(open);
  });
});

describe('engagements', () => {
  it('newest first, one entry per engagement, updated in place, five kept', () => {
    let b = emptyBoard<O, E>();
    for (let i = 1; i <= 6; i++) b = engagementChanged(b, { id: `e${i}`, status: 'invited' });
    b = engagementChanged(b, { id: 'e4', status: 'accepted' });
    expect(b.engagements.map((e) => `${e.id}:${e.status}`)).toEqual(['e4:accepted', 'e6:invited', 'e5:invited', 'e3:invited', 'e2:invited']);
  });
});

describe('countdown', () => {
  it.each([
    [T0 + 15_000, T0, 15],
    [T0 + 15_000, T0 + 14_001, 1],
    [T0 + 15_000, T0 + 15_000, 0],
    [T0 + 15_000, T0 + 99_000, 0],
  ])('secondsLeft(%i, %i) = %i', (deadline, now, s) => expect(secondsLeft(deadline, now)).toBe(s));

  it.each([
    [0, '0:00'],
    [9, '0:09'],
    [90, '1:30'],
    [-3, '0:00'],
  ])('formatCountdown(%i) = %s', (s, text) => expect(formatCountdown(s)).toBe(text));

  it.each([
    // The panel's clock last ticked 600 ms before the offer arrived: 0:30, not 0:31.
    ['a stale panel clock', T0 + 30_000, T0 - 600, 30],
    ['on arrival', T0 + 30_000, T0, 30],
    ['a moment later', T0 + 30_000, T0 + 1, 30],
    ['a second later', T0 + 30_000, T0 + 1_000, 29],
  ])('a 30 s offer shows its countdown from 0:30 (%s)', (_name, deadline, now, seconds) => {
    const offer = { id: 'o', offeredAt: '2026-12-05T10:00:00.000Z', expiresAt: '2026-12-05T10:00:30.000Z' };
    expect(offerSecondsLeft({ offer, deadline }, now)).toBe(seconds);
    expect(formatCountdown(offerSecondsLeft({ offer, deadline }, T0 - 600))).toBe('0:30');
  });
  it('an offer that does not say when it was made counts down from its deadline', () => {
    expect(offerSecondsLeft({ offer: { id: 'o', expiresAt: '2026-12-05T10:00:30.000Z' }, deadline: T0 + 31_000 }, T0)).toBe(31);
  });
});
