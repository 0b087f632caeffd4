import { describe, expect, it } from 'vitest';
import type { AdmissionStatus } from '../../../../shared/associates';
import { type AdmissionAnswer, answerAdmission } from './admission.core';

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
