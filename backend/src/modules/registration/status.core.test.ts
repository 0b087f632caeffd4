import { describe, expect, it } from 'vitest';
import type { CheckState } from './ports';
import { checkMove, checkProgress, decisionRefusal, mayWithdraw, nextStep } from './status.core';

const check = (over: Partial<CheckState> = {}): CheckState => ({
  provider: 'checkr',
  package: 'tasker_standard',
  invitationStatus: 'completed',
  reportStatus: 'complete',
  reportResult: 'clear',
  adjudication: null,
  preAdverseAt: null,
  postAdverseDueAt: null,
  postAdverseAt: null,
  createdAt: new Date('2026-12-01T00:00:00Z'),
  completedAt: new Date('2026-12-02T00:00:00Z'),
  ...over,
});

describe('the application’s moves', () => {
  it('approves only in review on a complete report, clear or consider', () => {
    expect(decisionRefusal('approve', 'review', check())).toBeNull();
    expect(decisionRefusal('approve', 'review', check({ reportResult: 'consider' }))).toBeNull();
    expect(decisionRefusal('approve', 'review', null)?.code).toBe('check_incomplete');
    expect(decisionRefusal('approve', 'review', check({ reportStatus: 'pending', reportResult: null }))?.code).toBe('check_incomplete');
    expect(decisionRefusal('approve', 'checking', check())?.code).toBe('conflict');
    expect(decisionRefusal('approve', 'approved', check())?.code).toBe('conflict');
  });

  it('refuses a plain rejection of a consider report: that is the adverse-action path', () => {
    expect(decisionRefusal('reject', 'review', check({ reportResult: 'consider' }))?.code).toBe('adverse_action_required');
    expect(decisionRefusal('reject', 'adverse_action', check({ reportResult: 'consider' }))?.code).toBe('adverse_action_required');
    expect(decisionRefusal('reject', 'review', check())).toBeNull();
    expect(decisionRefusal('reject', 'checking', null)).toBeNull();
    expect(decisionRefusal('reject', 'withdrawn', null)?.code).toBe('conflict');
  });

  it('asks for more only in review; withdraws from anything undecided', () => {
    expect(decisionRefusal('more_info', 'review', null)).toBeNull();
    expect(decisionRefusal('more_info', 'more_info', null)?.code).toBe('conflict');
    expect(mayWithdraw('checking')).toBe(true);
    expect(mayWithdraw('approved')).toBe(false);
    expect(mayWithdraw('declined')).toBe(false);
  });

  it('moves on the check’s changes where sensible, and tells the applicant each', () => {
    expect(checkMove('checking', { kind: 'completed', result: 'clear' })).toMatchObject({ to: 'review', mail: true });
    expect(checkMove('withdrawn', { kind: 'completed', result: 'clear' }).to).toBeNull();
    // A dispute settled clear brings an application on the adverse-action path back to review; settled consider, it stays.
    expect(checkMove('adverse_action', { kind: 'completed', result: 'clear' }).to).toBe('review');
    expect(checkMove('adverse_action', { kind: 'completed', result: 'consider' }).to).toBeNull();
    expect(checkMove('checking', { kind: 'suspended' })).toMatchObject({ to: null, kind: 'check_suspended' });
    expect(checkMove('checking', { kind: 'invited' }).mail).toBe(false);
    const started = checkMove('review', { kind: 'adverse_started', dueAt: new Date('2026-12-13T10:00:00Z') });
    expect(started.to).toBe('adverse_action');
    expect(started.message).toContain('2026-12-13');
    expect(checkMove('adverse_action', { kind: 'adverse_final' }).to).toBe('rejected');
    expect(checkMove('rejected', { kind: 'adverse_final' }).to).toBeNull();
  });

  it('says the check’s progress and what to do next in plain words, never the result', () => {
    expect(checkProgress(null)).toBeNull();
    expect(checkProgress(check({ reportResult: 'consider' }))).toBe('Your check is complete.');
    expect(checkProgress(check({ reportStatus: null, reportResult: null, invitationStatus: 'pending' }))).toContain('invitation');
    expect(nextStep('unverified', false, []).step).toBe('verify_email');
    expect(nextStep('unverified', true, ['identity'])).toEqual({ step: 'upload_documents', next: 'Upload an identity document; we go on as soon as they are in.' });
    expect(nextStep('more_info', true, []).step).toBe('answer_question');
  });
});
