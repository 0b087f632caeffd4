import { describe, expect, it } from 'vitest';
import type { AdmissionStatus } from '../../../../shared/associates';
import { acceptRefusal, type AdmissionAnswer, answerAdmission } from './admission.core';

describe('answering an admission invitation', () => {
  const cases: [AdmissionStatus, AdmissionAnswer, AdmissionStatus | 'refused'][] = [
    ['invited', 'accept', 'accepted'],
    ['invited', 'decline', 'declined'],
    ['invited', 'withdraw', 'refused'],
    ['accepted', 'accept', 'accepted'],
    ['accepted', 'decline', 'refused'],
    ['accepted', 'withdraw', 'withdrawn'],
    ['declined', 'accept', 'accepted'],
    ['declined', 'decline', 'declined'],
    ['declined', 'withdraw', 'refused'],
    ['withdrawn', 'accept', 'accepted'],
    ['withdrawn', 'decline', 'refused'],
    ['withdrawn', 'withdraw', 'withdrawn'],
  ];
  it.each(cases)('%s, then %s → %s', (current, answer, expected) => {
    const next = answerAdmission(current, answer);
    expect(next.ok ? next.status : 'refused').toBe(expected);
  });
});

describe('accepting: what the marketplace and the enterprise require first', () => {
  const test = (passed: boolean) => ({ title: 'Headphones basics', passed });
  it.each<[boolean, { title: string; passed: boolean } | null, string | null]>([
    [true, null, null],
    [true, test(true), null],
    [true, test(false), 'test_required'],
    [false, null, 'not_approved'],
    // Not approved is said first: passing the test would not be enough.
    [false, test(false), 'not_approved'],
  ])('approved %s, test %j: %s', (approved, requiredTest, code) => {
    expect(acceptRefusal({ approved, requiredTest })?.code ?? null).toBe(code);
  });

  it('names the test to pass', () => {
    expect(acceptRefusal({ approved: true, requiredTest: test(false) })?.message).toContain('Headphones basics');
  });
});
