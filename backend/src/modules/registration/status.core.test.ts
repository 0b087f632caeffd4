import { describe, expect, it } from 'vitest';
import type { ApplicationStatus } from '../../db/schema/registration';
import type { CheckState } from './ports';
import { checkMove, checkProgress, decisionRefusal, mayWithdraw, nextStep, reapplyFrom, reapplyStanding, utcMinute } from './status.core';

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

describe('applying again', () => {
  const DAY = 86_400_000;
  const decidedAt = new Date('2026-03-02T10:00:00Z');
  const ended = (status: ApplicationStatus, over: Partial<Parameters<typeof reapplyStanding>[0]> = {}) => ({ status, decidedAt, updatedAt: decidedAt, emailVerifiedAt: decidedAt, previousApplicationId: null, ...over });

  it('waits the operator’s days after a rejection, dated by the decision, and nothing after a withdrawal or a decline', () => {
    expect(reapplyFrom(ended('rejected', { updatedAt: new Date('2026-04-01T00:00:00Z') }), 30)).toEqual(new Date(decidedAt.getTime() + 30 * DAY));
    expect(reapplyFrom(ended('rejected'), 0)).toEqual(decidedAt);
    expect(reapplyFrom(ended('withdrawn', { decidedAt: null }), 180)).toEqual(decidedAt);
    expect(reapplyFrom(ended('declined'), 180)).toEqual(decidedAt);
    for (const open of ['unverified', 'checking', 'review', 'more_info', 'adverse_action', 'approved'] as const) expect(reapplyFrom(ended(open), 180)).toBeNull();
  });

  it('makes a new application once the date is reached, tells the date before it, and keeps an open or approved one', () => {
    const at = (days: number) => new Date(decidedAt.getTime() + days * DAY);
    expect(reapplyStanding(ended('rejected'), 30, at(29))).toEqual({ kind: 'wait', from: at(30) });
    expect(reapplyStanding(ended('rejected'), 30, at(30))).toEqual({ kind: 'may' });
    expect(reapplyStanding(ended('withdrawn'), 30, decidedAt)).toEqual({ kind: 'may' });
    expect(reapplyStanding(ended('approved'), 30, at(400))).toEqual({ kind: 'standing' });
    expect(reapplyStanding(ended('review'), 30, at(400))).toEqual({ kind: 'standing' });
    // A first application not confirmed yet stands (its account was made with it); an unconfirmed re-application gives way.
    expect(reapplyStanding(ended('unverified', { emailVerifiedAt: null }), 30, decidedAt)).toEqual({ kind: 'standing' });
    expect(reapplyStanding(ended('unverified', { emailVerifiedAt: null, previousApplicationId: crypto.randomUUID() }), 30, decidedAt)).toEqual({ kind: 'unconfirmed' });
    expect(reapplyStanding(ended('unverified', { previousApplicationId: crypto.randomUUID() }), 30, decidedAt)).toEqual({ kind: 'standing' });
  });

  it('writes an instant to the minute in UTC', () => {
    expect(utcMinute(new Date('2026-08-29T10:00:59.999Z'))).toBe('2026-08-29 10:00 UTC');
  });
});
