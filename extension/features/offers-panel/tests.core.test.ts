import { describe, expect, it } from 'vitest';
import type { AvailableTest } from '../../../shared/accreditation-tests';
import { formatRemaining, secondsLeftOf, sourceText, standingText } from './tests.core';

const test = (over: Partial<AvailableTest> = {}): AvailableTest => ({
  bankId: 'b1',
  title: 'Headphones',
  category: ['Audio'],
  level: 2,
  questionsPerTest: 10,
  timeLimitSeconds: 600,
  passPercent: 70,
  source: { kind: 'marketplace' },
  canStart: true,
  waitUntil: null,
  openAttemptId: null,
  passed: null,
  ...over,
});

describe('the tests view', () => {
  it('counts down from what the server said', () => {
    expect(formatRemaining(545)).toBe('9:05');
    expect(formatRemaining(-3)).toBe('0:00');
    expect(secondsLeftOf(600, 1_000, 11_500)).toBe(590);
    expect(secondsLeftOf(5, 0, 60_000)).toBe(0);
    expect(secondsLeftOf(600, 2_000, 1_500)).toBe(600);
  });

  it('says where the associate stands and whose test it is', () => {
    expect(standingText(test(), 'en-GB')).toBe('Not taken yet');
    expect(standingText(test({ openAttemptId: 'a1' }), 'en-GB')).toBe('In progress');
    expect(standingText(test({ canStart: false, waitUntil: '2026-03-03T10:00:00Z' }), 'en-GB')).toMatch(/^Next try from 3 Mar/);
    expect(standingText(test({ passed: { at: '2026-03-02T10:00:00Z', validUntil: '2027-03-02T10:00:00Z' } }), 'en-GB')).toBe('Passed; valid until 2 Mar 2027');
    expect(sourceText(test())).toBe('Marketplace test');
    expect(sourceText(test({ source: { kind: 'enterprise', enterpriseId: 'e1', enterpriseName: 'Voltaire' } }))).toBe('Voltaire’s test');
  });
});
