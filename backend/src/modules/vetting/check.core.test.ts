import { describe, expect, it } from 'vitest';
import { adverseRefusal, adverseStarted, dueStep, engageRefusal, observe, type Observation, type StoredCheck } from './check.core';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const WAIT = 7 * 86_400_000;
const fresh: StoredCheck = {
  invitationStatus: 'pending',
  reportId: null,
  reportStatus: null,
  reportResult: null,
  adjudication: null,
  adverseActionId: null,
  preAdverseAt: null,
  postAdverseDueAt: null,
  postAdverseAt: null,
  completedAt: null,
};
const report = (type: string, status: string, result: string | null = null, id = 'r1'): Observation => ({ kind: 'report', type, report: { id, status, result } });

/** Applies observations in order, as the service does, and collects what registration is told. */
function run(start: StoredCheck, seen: Observation[]) {
  let check = start;
  const told: string[] = [];
  for (const o of seen) {
    const step = observe(check, o, NOW, WAIT);
    check = { ...check, ...step.patch };
    told.push(...step.changes.map((c) => ('result' in c ? `${c.kind}:${c.result}` : c.kind)));
  }
  return { check, told };
}

describe('the check’s state machine', () => {
  it('follows an invitation to a clear report', () => {
    const { check, told } = run(fresh, [
      { kind: 'invitation', type: 'invitation.completed', reportId: 'r1' },
      report('report.created', 'pending'),
      report('report.completed', 'complete', 'clear'),
    ]);
    expect(check).toMatchObject({ invitationStatus: 'completed', reportId: 'r1', reportStatus: 'complete', reportResult: 'clear', completedAt: NOW });
    expect(told).toEqual(['completed:clear']);
  });

  it('tells of a suspension, a dispute, a cancellation and an expired invitation', () => {
    expect(run(fresh, [report('report.suspended', 'suspended')]).told).toEqual(['suspended']);
    expect(run(fresh, [report('report.completed', 'complete', 'consider'), report('report.disputed', 'dispute')]).told).toEqual(['completed:consider', 'disputed']);
    expect(run(fresh, [report('report.canceled', 'canceled')]).told).toEqual(['canceled']);
    expect(run(fresh, [{ kind: 'invitation', type: 'invitation.expired', reportId: null }]).told).toEqual(['invitation_expired']);
  });

  it('never moves backwards: a late suspension or creation after completion, an expiry after completion, anything after cancellation', () => {
    const done = run(fresh, [report('report.completed', 'complete', 'clear')]).check;
    expect(observe(done, report('report.suspended', 'suspended'), NOW, WAIT)).toEqual({ patch: {}, changes: [] });
    expect(observe(done, report('report.created', 'pending'), NOW, WAIT)).toEqual({ patch: {}, changes: [] });
    expect(observe(done, { kind: 'invitation', type: 'invitation.expired', reportId: null }, NOW, WAIT)).toEqual({ patch: {}, changes: [] });
    const canceled = run(fresh, [report('report.canceled', 'canceled')]).check;
    expect(observe(canceled, report('report.completed', 'complete', 'clear'), NOW, WAIT)).toEqual({ patch: {}, changes: [] });
    // A completed report seen before its invitation.completed: the invitation is completed, the report kept.
    const early = run(fresh, [report('report.completed', 'complete', 'consider'), { kind: 'invitation', type: 'invitation.completed', reportId: 'r1' }]);
    expect(early.check).toMatchObject({ invitationStatus: 'completed', reportId: 'r1', reportStatus: 'complete', reportResult: 'consider' });
    expect(early.told).toEqual(['completed:consider']);
  });

  it('changes nothing when it sees the same thing twice, nor for another report of the candidate', () => {
    const done = run(fresh, [report('report.completed', 'complete', 'clear')]).check;
    expect(observe(done, report('report.completed', 'complete', 'clear'), NOW, WAIT)).toEqual({ patch: {}, changes: [] });
    expect(observe(done, report('report.completed', 'complete', 'consider', 'r2'), NOW, WAIT)).toEqual({ patch: {}, changes: [] });
  });

  it('takes a suspension back to pending when resumed (the provider works on)', () => {
    const { check, told } = run(fresh, [report('report.suspended', 'suspended'), report('report.resumed', 'pending'), report('report.completed', 'complete', 'clear')]);
    expect(check.reportStatus).toBe('complete');
    expect(told).toEqual(['suspended', 'completed:clear']);
  });

  it('lets the operator engage a complete report, twice the same, and not one on the adverse path', () => {
    expect(engageRefusal(fresh)).toMatch(/not complete/);
    const done = run(fresh, [report('report.completed', 'complete', 'clear')]).check;
    expect(engageRefusal(done)).toBeNull();
    expect(engageRefusal({ ...done, adjudication: 'engaged' })).toBeNull();
    expect(engageRefusal({ ...done, adjudication: 'pre_adverse_action' })).toMatch(/adverse/);
  });

  it('takes the adverse path only on a complete consider report: started, disputed (the clock stops), final only with a running clock', () => {
    const clear = run(fresh, [report('report.completed', 'complete', 'clear')]).check;
    expect(adverseRefusal(clear)).toMatch(/consider/);
    const consider = run(fresh, [report('report.completed', 'complete', 'consider')]).check;
    expect(adverseRefusal(consider)).toBeNull();
    expect(adverseRefusal({ ...consider, adjudication: 'engaged' })).toMatch(/engaged/);

    const started = adverseStarted(NOW, WAIT, 'aa1');
    expect(started.changes).toEqual([{ kind: 'adverse_started', dueAt: new Date(NOW.getTime() + WAIT) }]);
    const waiting = { ...consider, ...started.patch };
    expect(waiting).toMatchObject({ adjudication: 'pre_adverse_action', adverseActionId: 'aa1', preAdverseAt: NOW, postAdverseDueAt: new Date(NOW.getTime() + WAIT) });
    expect(adverseRefusal(waiting)).toMatch(/under way/);
    // The provider's own pre-adverse event after ours changes nothing.
    expect(observe(waiting, report('report.pre_adverse_action', 'complete', 'consider'), NOW, WAIT).changes).toEqual([]);

    // The final word: by webhook…
    const final = run(waiting, [report('report.post_adverse_action', 'complete', 'consider')]);
    expect(final.told).toEqual(['adverse_final']);
    expect(final.check).toMatchObject({ adjudication: 'post_adverse_action', postAdverseAt: NOW });
    expect(adverseRefusal(final.check)).toMatch(/final/);
    // …or by the sweep once the wait passed and the provider completed it.
    const later = new Date(NOW.getTime() + WAIT);
    expect(dueStep(waiting, new Date(later.getTime() - 1), 'complete').changes).toEqual([]);
    expect(dueStep(waiting, later, 'pending').changes).toEqual([]);
    expect(dueStep(waiting, later, 'complete')).toEqual({ patch: { adjudication: 'post_adverse_action', postAdverseAt: later }, changes: [{ kind: 'adverse_final' }] });

    // A dispute during the wait stops the clock: no final word, by webhook or by sweep.
    const disputed = run(waiting, [report('report.disputed', 'dispute')]);
    expect(disputed.told).toEqual(['disputed']);
    expect(disputed.check).toMatchObject({ reportStatus: 'dispute', postAdverseDueAt: null, adjudication: 'pre_adverse_action' });
    expect(run(disputed.check, [report('report.post_adverse_action', 'dispute', 'consider')]).told).toEqual([]);
    expect(dueStep(disputed.check, new Date(later.getTime() + WAIT), 'complete').changes).toEqual([]);
    // Settled with `consider` again: the operator may start the path again.
    const settled = run(disputed.check, [report('report.completed', 'complete', 'consider')]);
    expect(settled.told).toEqual(['completed:consider']);
    expect(adverseRefusal(settled.check)).toBeNull();
    // Settled with `clear`: the path ends; no final word comes of it, and the operator may engage.
    const cleared = run(disputed.check, [report('report.completed', 'complete', 'clear')]);
    expect(cleared.told).toEqual(['completed:clear']);
    expect(cleared.check).toMatchObject({ reportStatus: 'complete', reportResult: 'clear', adjudication: null, postAdverseDueAt: null });
    expect(engageRefusal(cleared.check)).toBeNull();
    expect(run(cleared.check, [report('report.post_adverse_action', 'complete', 'clear')]).told).toEqual([]);
    expect(dueStep(cleared.check, new Date(later.getTime() + WAIT), 'complete').changes).toEqual([]);
  });

  it('follows an adverse path started at the provider (its dashboard): the same wait', () => {
    const consider = run(fresh, [report('report.completed', 'complete', 'consider')]).check;
    const step = observe(consider, report('report.pre_adverse_action', 'complete', 'consider'), NOW, WAIT);
    expect(step.changes).toEqual([{ kind: 'adverse_started', dueAt: new Date(NOW.getTime() + WAIT) }]);
    expect(step.patch).toMatchObject({ adjudication: 'pre_adverse_action', preAdverseAt: NOW });
    // A post-adverse event without a pre-adverse one: nothing (the path was not ours to finish).
    expect(observe(consider, report('report.post_adverse_action', 'complete', 'consider'), NOW, WAIT).changes).toEqual([]);
  });
});
