import type { CheckChange } from '../registration/ports';

/*
 * The check's state machine. A check moves by what the provider tells (webhooks, each read
 * against the report as it stands at the provider) and by what the operator decides (engage, the
 * adverse-action path). Webhooks come out of order and more than once, so every step here only
 * moves forward: a report that is complete never goes back to pending or suspended, an
 * adjudication once made is not unmade (but for a pre-adverse one whose dispute the applicant
 * won: the report came back clear), and seeing the same thing twice changes nothing.
 */

/** The fields of a stored check this machine reads and writes (table background_checks). */
export interface StoredCheck {
  invitationStatus: string | null;
  reportId: string | null;
  reportStatus: string | null;
  reportResult: string | null;
  adjudication: string | null;
  adverseActionId: string | null;
  preAdverseAt: Date | null;
  postAdverseDueAt: Date | null;
  postAdverseAt: Date | null;
  completedAt: Date | null;
}

/** What one webhook says, after the report it names was read at the provider. */
export type Observation =
  | { kind: 'invitation'; type: 'invitation.completed' | 'invitation.expired'; reportId: string | null }
  /** A report event (`report.completed`, `report.disputed`, `report.pre_adverse_action`, …) with the report as it stands. */
  | { kind: 'report'; type: string; report: { id: string; status: string; result: string | null } };

export interface Step {
  /** The fields to write; empty when nothing changes. */
  patch: Partial<StoredCheck>;
  /** What registration is told, in order. */
  changes: CheckChange[];
}

const NOTHING: Step = { patch: {}, changes: [] };

/**
 * Where a report status stands: pending, suspended and paused come and go while the provider
 * works; once complete, canceled or disputed the report never goes back to them.
 */
const SETTLED = new Set(['complete', 'dispute', 'canceled']);

/** The event types vetting acts on; others are acknowledged and ignored. */
export const HANDLED_EVENTS = new Set([
  'invitation.completed',
  'invitation.expired',
  'report.created',
  'report.updated',
  'report.completed',
  'report.suspended',
  'report.resumed',
  'report.disputed',
  'report.canceled',
  'report.engaged',
  'report.pre_adverse_action',
  'report.post_adverse_action',
]);

/** The next state of a check after an observation; out-of-order and repeated observations change nothing. */
export function observe(check: StoredCheck, seen: Observation, now: Date, waitingMs: number): Step {
  if (seen.kind === 'invitation') return observeInvitation(check, seen);
  return observeReport(check, seen, now, waitingMs);
}

function observeInvitation(check: StoredCheck, seen: Extract<Observation, { kind: 'invitation' }>): Step {
  if (seen.type === 'invitation.completed') {
    const patch: Partial<StoredCheck> = {};
    if (check.invitationStatus !== 'completed') patch.invitationStatus = 'completed';
    if (!check.reportId && seen.reportId) patch.reportId = seen.reportId;
    return { patch, changes: [] };
  }
  // Expired: only an invitation still pending (a late expiry never undoes a completion).
  if (check.invitationStatus === 'pending' && !check.reportId) return { patch: { invitationStatus: 'expired' }, changes: [{ kind: 'invitation_expired' }] };
  return NOTHING;
}

function observeReport(check: StoredCheck, seen: Extract<Observation, { kind: 'report' }>, now: Date, waitingMs: number): Step {
  const { report } = seen;
  // A check follows one report: another one of the same candidate is not ours to follow.
  if (check.reportId && check.reportId !== report.id) return NOTHING;
  const patch: Partial<StoredCheck> = {};
  const changes: CheckChange[] = [];
  if (!check.reportId) patch.reportId = report.id;
  // A report exists: its invitation was completed, whatever order the events came in.
  if (check.invitationStatus !== 'completed') patch.invitationStatus = 'completed';

  const before = check.reportStatus;
  const moves = before !== report.status && before !== 'canceled' && !(SETTLED.has(before ?? '') && !SETTLED.has(report.status));
  if (moves) {
    patch.reportStatus = report.status;
    if (report.status === 'complete') {
      const result = report.result === 'consider' ? 'consider' : 'clear';
      patch.reportResult = result;
      patch.completedAt = check.completedAt ?? now;
      // A dispute settled in the applicant's favour ends the adverse-action path it interrupted:
      // no final notice may follow, and the operator may engage them.
      if (result === 'clear' && check.adjudication === 'pre_adverse_action' && !check.postAdverseAt) Object.assign(patch, { adjudication: null, postAdverseDueAt: null });
      changes.push({ kind: 'completed', result });
    } else if (report.status === 'suspended') {
      changes.push({ kind: 'suspended' });
    } else if (report.status === 'dispute') {
      // A dispute during the waiting period stops the clock: no final adverse action until it is settled.
      if (check.adjudication === 'pre_adverse_action' && !check.postAdverseAt) patch.postAdverseDueAt = null;
      changes.push({ kind: 'disputed' });
    } else if (report.status === 'canceled') {
      changes.push({ kind: 'canceled' });
    }
  }
  const status = patch.reportStatus ?? before;
  const adjudication = check.adjudication;
  if (seen.type === 'report.engaged' && adjudication === null && status === 'complete') {
    patch.adjudication = 'engaged';
  } else if (seen.type === 'report.pre_adverse_action' && adjudication === null && status === 'complete') {
    // Started at the provider (its dashboard) rather than here: the same path, the same wait.
    const dueAt = new Date(now.getTime() + waitingMs);
    Object.assign(patch, { adjudication: 'pre_adverse_action', preAdverseAt: now, postAdverseDueAt: dueAt });
    changes.push({ kind: 'adverse_started', dueAt });
  } else if (seen.type === 'report.post_adverse_action' && adjudication === 'pre_adverse_action' && !check.postAdverseAt && status === 'complete' && (patch.postAdverseDueAt ?? check.postAdverseDueAt) !== null) {
    Object.assign(patch, finalAdverse(now));
    changes.push({ kind: 'adverse_final' });
  }
  return { patch, changes };
}

function finalAdverse(now: Date): Partial<StoredCheck> {
  return { adjudication: 'post_adverse_action', postAdverseAt: now };
}

/** Why the operator may not do something to a check; null when they may. */
export type Refusal = string | null;

/** The operator engages the applicant: only on a complete report not on the adverse path; engaging twice is the same. */
export function engageRefusal(check: StoredCheck): Refusal {
  if (check.reportStatus !== 'complete') return 'The check’s report is not complete.';
  if (check.adjudication !== null && check.adjudication !== 'engaged') return 'The adverse-action path was started for this check.';
  return null;
}

/**
 * The operator starts the adverse-action path: only on a complete `consider` report, not
 * engaged, and not already waiting (again after a dispute settled with `consider`: its clock was stopped).
 */
export function adverseRefusal(check: StoredCheck): Refusal {
  if (check.reportStatus !== 'complete') return 'The check’s report is not complete.';
  if (check.reportResult !== 'consider') return 'Only a report that came back `consider` can lead to an adverse action.';
  if (check.adjudication === 'engaged') return 'The applicant was engaged.';
  if (check.postAdverseAt) return 'The adverse action is final.';
  if (check.adjudication === 'pre_adverse_action' && check.postAdverseDueAt !== null) return 'The adverse-action path is under way.';
  return null;
}

/** The pre-adverse notice went out at `now`: the wait runs until the post-adverse notice may go. */
export function adverseStarted(now: Date, waitingMs: number, adverseActionId: string): Step {
  const dueAt = new Date(now.getTime() + waitingMs);
  return { patch: { adjudication: 'pre_adverse_action', adverseActionId, preAdverseAt: now, postAdverseDueAt: dueAt }, changes: [{ kind: 'adverse_started', dueAt }] };
}

/**
 * The sweep's step for a check whose wait passed, given its adverse action's status at the
 * provider: final when the provider completed it (the post-adverse notice went out), nothing
 * otherwise (still pending, disputed or canceled there: the webhook or the operator follows).
 */
export function dueStep(check: StoredCheck, now: Date, adverseStatus: string | null): Step {
  if (check.adjudication !== 'pre_adverse_action' || check.postAdverseAt || !check.postAdverseDueAt) return NOTHING;
  if (check.postAdverseDueAt.getTime() > now.getTime() || check.reportStatus !== 'complete') return NOTHING;
  if (adverseStatus !== 'complete') return NOTHING;
  return { patch: finalAdverse(now), changes: [{ kind: 'adverse_final' }] };
}
