import { describe, expect, it } from 'vitest';
import type { CheckStateView } from '../../../../shared/registration';
import {
  addCodes,
  checkFacts,
  checkTone,
  checkWords,
  COUNTRY_CODE,
  confirmation,
  decisionBody,
  decisionErrors,
  emptyQueueText,
  eventMessageLabel,
  joinBody,
  joinErrors,
  joinFormOf,
  otherApplicationLabel,
  queueQuery,
  reviewActions,
  waitingFor,
} from './vetting.core';

const day = (iso: string) => iso.slice(0, 10);
const check = (patch: Partial<CheckStateView> = {}): CheckStateView => ({
  provider: 'checkr',
  package: 'tasker_standard',
  invitationStatus: 'completed',
  reportStatus: 'complete',
  reportResult: 'clear',
  adjudication: null,
  preAdverseAt: null,
  postAdverseDueAt: null,
  postAdverseAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  completedAt: '2026-12-02T10:00:00.000Z',
  ...patch,
});

describe('the queue', () => {
  it('asks the server for the status chosen and the search, every status when none', () => {
    expect(queueQuery('review', '  lea ', 25, null)).toEqual({ status: 'review', q: 'lea', limit: 25, after: undefined });
    expect(queueQuery('', '', 25, 'abc')).toEqual({ status: undefined, q: undefined, limit: 25, after: 'abc' });
  });

  it('says why the queue is empty for the filter and the search', () => {
    expect(emptyQueueText('review', '')).toMatch(/^Nothing to review/);
    expect(emptyQueueText('adverse_action', '')).toBe('No application is adverse action.');
    expect(emptyQueueText('review', 'zed')).toBe('No application matches “zed” among those to review.');
  });

  it('tells how long an application has waited', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(waitingFor('2026-12-06T11:48:00Z', now)).toBe('12 min');
    expect(waitingFor('2026-12-06T07:00:00Z', now)).toBe('5 h');
    expect(waitingFor('2026-12-03T12:00:00Z', now)).toBe('3 days');
    expect(waitingFor('2026-12-07T12:00:00Z', now)).toBe('0 min');
  });
});

describe('the check in words', () => {
  it('says where the check stands, step by step', () => {
    expect(checkWords(null, day)).toBe('Not started');
    expect(checkWords(check({ invitationStatus: 'pending', reportStatus: null, reportResult: null }), day)).toBe('Invitation sent, not filled in yet');
    expect(checkWords(check({ invitationStatus: 'expired', reportStatus: null, reportResult: null }), day)).toBe('Invitation expired');
    expect(checkWords(check({ reportStatus: 'pending', reportResult: null }), day)).toBe('Report in progress');
    expect(checkWords(check({ reportStatus: 'suspended', reportResult: null }), day)).toMatch(/^Report paused/);
    expect(checkWords(check({ reportStatus: 'dispute' }), day)).toBe('Report disputed by the applicant');
    expect(checkWords(check(), day)).toBe('Complete: clear');
    expect(checkWords(check({ reportResult: 'consider' }), day)).toBe('Complete: consider');
    expect(checkWords(check({ adjudication: 'engaged' }), day)).toBe('Clear: engaged');
  });

  it('names the end of the waiting period on the adverse-action path, and its end', () => {
    const waiting = check({ reportResult: 'consider', adjudication: 'pre_adverse_action', preAdverseAt: '2026-12-03T10:00:00.000Z', postAdverseDueAt: '2026-12-10T10:00:00.000Z' });
    expect(checkWords(waiting, day)).toBe('Consider: pre-adverse notice sent, waiting until 2026-12-10');
    expect(checkWords({ ...waiting, postAdverseDueAt: null }, day)).toMatch(/stopped by a dispute/);
    expect(checkWords({ ...waiting, adjudication: 'post_adverse_action', postAdverseAt: '2026-12-10T11:00:00.000Z' }, day)).toBe('Consider: adverse action final');
    const facts = Object.fromEntries(checkFacts(waiting, day));
    expect(facts).toMatchObject({ Result: 'consider', 'Pre-adverse notice sent': '2026-12-03', 'Waiting period ends': '2026-12-10', Adjudication: 'Pre-adverse action' });
    expect(facts['Final notice sent']).toBeUndefined();
  });

  it('lists only what is known of a check still running', () => {
    const facts = Object.fromEntries(checkFacts(check({ invitationStatus: 'pending', reportStatus: null, reportResult: null, completedAt: null }), day));
    expect(facts).toMatchObject({ Invitation: 'Sent, not filled in yet', Report: 'Not started yet', Result: 'Not known until complete', Adjudication: 'None yet' });
    expect(facts.Completed).toBeUndefined();
  });

  it('tones the check: clear, consider, or still pending', () => {
    expect(checkTone(check())).toBe('clear');
    expect(checkTone(check({ reportResult: 'consider' }))).toBe('consider');
    expect(checkTone(check({ reportStatus: 'pending', reportResult: null }))).toBe('pending');
    expect(checkTone(null)).toBe('pending');
  });
});

describe('the history', () => {
  it('reads an applicant’s answer as theirs, everything else as what they were told', () => {
    expect(eventMessageLabel('applicant', 'replied')).toBe('The applicant answered:');
    expect(eventMessageLabel('applicant', 'document_uploaded')).toBe('The applicant was told:');
    expect(eventMessageLabel('operator', 'more_info_requested')).toBe('The applicant was told:');
  });
});

describe('the decisions offered', () => {
  it('offers approve, ask for more and reject on an application to review with a clear report', () => {
    expect(reviewActions('review', check())).toEqual({ decisions: ['approve', 'more_info', 'reject'], adverseAction: false, none: null });
  });

  it('replaces reject by the adverse-action path on a consider report', () => {
    expect(reviewActions('review', check({ reportResult: 'consider' }))).toEqual({ decisions: ['approve', 'more_info'], adverseAction: true, none: null });
    // Once engaged, the path is not offered again.
    expect(reviewActions('review', check({ reportResult: 'consider', adjudication: 'engaged' })).adverseAction).toBe(false);
  });

  it('offers nothing on a decided application or one waiting out the adverse-action period', () => {
    expect(reviewActions('approved', check()).decisions).toEqual([]);
    expect(reviewActions('approved', check()).none).toMatch(/approved/);
    expect(reviewActions('adverse_action', check({ reportResult: 'consider', adjudication: 'pre_adverse_action' })).none).toMatch(/final notice follows/);
  });

  it('still offers the decisions while the check runs: the server says why an approval must wait', () => {
    expect(reviewActions('checking', check({ reportStatus: 'pending', reportResult: null })).decisions).toContain('approve');
  });
});

describe('the decision form', () => {
  it('wants a decision and a reason the applicant will read', () => {
    expect(decisionBody({ decision: null, reason: 'x' })).toEqual({ errors: { form: 'Choose a decision first.', fields: {} } });
    expect(decisionBody({ decision: 'approve', reason: '   ' })).toEqual({ errors: { form: null, fields: { reason: 'Write the reason the applicant will read.' } } });
    expect(decisionBody({ decision: 'reject', reason: 'x'.repeat(2001) })).toMatchObject({ errors: { fields: { reason: expect.any(String) } } });
    expect(decisionBody({ decision: 'more_info', reason: ' Please upload your ID. ' })).toEqual({ body: { decision: 'more_info', reason: 'Please upload your ID.' } });
  });

  it('asks before approving or rejecting, not before asking for more', () => {
    expect(confirmation('approve', 'Léa')?.confirm).toBe('Approve');
    expect(confirmation('reject', 'Léa')?.body).toMatch(/cannot be undone/);
    expect(confirmation('more_info', 'Léa')).toBeNull();
  });

  it('names the person’s other applications as made before or after the one reviewed', () => {
    expect(otherApplicationLabel({ createdAt: '2026-03-01T10:00:00.000Z' }, { createdAt: '2026-09-01T10:00:00.000Z' })).toBe('Previous application');
    expect(otherApplicationLabel({ createdAt: '2026-09-01T10:00:00.000Z' }, { createdAt: '2026-03-01T10:00:00.000Z' })).toBe('Later application');
  });

  it('shows the server’s refusal in its words', () => {
    expect(decisionErrors({ status: 409, code: 'check_incomplete', message: 'The check is not complete yet.', fields: {} })).toEqual({ form: 'The check is not complete yet.', fields: {} });
    expect(decisionErrors({ status: 400, code: 'invalid_body', message: 'The decision is not valid', fields: { reason: 'Too long' } })).toEqual({ form: null, fields: { reason: 'Too long' } });
  });
});

describe('the joining rules form', () => {
  const rules = { countries: ['FR', 'DE'], minimumAge: 18, requiredDocuments: ['identity' as const], languages: ['fr'], checkPackage: 'tasker_standard', reapplyAfterDays: 180 };

  it('sends what it shows, in the contract’s shape', () => {
    expect(joinBody(joinFormOf(rules))).toEqual({ body: rules });
    expect(joinBody({ ...joinFormOf(rules), requiredDocuments: ['resume', 'identity'] })).toMatchObject({ body: { requiredDocuments: ['identity', 'resume'] } });
  });

  it('puts the contract’s words on the field at fault as typed', () => {
    expect(joinBody({ ...joinFormOf(rules), minimumAge: '12' })).toEqual({ errors: { form: null, fields: { minimumAge: 'A whole number of years, 16 to 99.' } } });
    expect(joinBody({ ...joinFormOf(rules), minimumAge: 'eighteen' })).toEqual({ errors: { form: null, fields: { minimumAge: 'A whole number of years, 16 to 99.' } } });
    expect(joinBody({ ...joinFormOf(rules), checkPackage: 'Tasker Pro' })).toMatchObject({ errors: { fields: { checkPackage: 'a package name, e.g. "tasker_standard"' } } });
  });

  it('takes the days before a rejected person may apply again: 0 (at once) to ten years, never blank', () => {
    expect(joinFormOf(rules).reapplyAfterDays).toBe('180');
    expect(joinBody({ ...joinFormOf(rules), reapplyAfterDays: ' 0 ' })).toMatchObject({ body: { reapplyAfterDays: 0 } });
    expect(joinBody({ ...joinFormOf(rules), reapplyAfterDays: '3650' })).toMatchObject({ body: { reapplyAfterDays: 3650 } });
    const refused = { errors: { form: null, fields: { reapplyAfterDays: 'A whole number of days, 0 (at once) to 3650.' } } };
    for (const typed of ['3651', '-1', '1.5', 'six months', '']) expect(joinBody({ ...joinFormOf(rules), reapplyAfterDays: typed })).toEqual(refused);
  });

  it('places the server’s refusal on its field', () => {
    expect(joinErrors({ status: 400, code: 'invalid_body', message: 'The rules are not valid', fields: { 'countries.1': 'an ISO 3166-1 alpha-2 country code, e.g. "FR"' } })).toEqual({
      form: null,
      fields: { countries: 'an ISO 3166-1 alpha-2 country code, e.g. "FR"' },
    });
  });

  it('takes codes typed together, upper-cased, once each, and keeps what is not a code apart', () => {
    expect(addCodes(['FR'], 'de, fr es;France', COUNTRY_CODE, (c) => c.toUpperCase())).toEqual({ list: ['FR', 'DE', 'ES'], rejected: ['France'] });
  });
});
