/**
 * Where an application may go from where it stands, and what the applicant is told at each
 * step: pure, so the routes, the check's changes and the status page agree.
 */
import type { ApplicationStatus, DocumentKind } from '../../db/schema/registration';
import type { CheckChange, CheckState } from './ports';
import { documentName } from './rules.core';

/** No move leaves these: the application is decided (or withdrawn), and only what the decision needs is kept. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['declined', 'approved', 'rejected', 'withdrawn'];

export function isFinal(status: ApplicationStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Statuses the operator may reject from (the adverse-action path is vetting's, not a plain rejection). */
const REJECTABLE: readonly ApplicationStatus[] = ['unverified', 'checking', 'review', 'more_info'];

export type DecisionKind = 'approve' | 'reject' | 'more_info';

/** Why a decision cannot be made now: a 409 with its own code, or a plain conflict naming the status. */
export type DecisionRefusal =
  | { code: 'adverse_action_required'; message: string }
  | { code: 'check_incomplete'; message: string }
  | { code: 'conflict'; message: string };

/** Whether the operator's decision may be made on an application at `status` with the check at `check`; null when it may. */
export function decisionRefusal(decision: DecisionKind, status: ApplicationStatus, check: CheckState | null): DecisionRefusal | null {
  if (decision === 'reject') {
    if (status === 'adverse_action' || check?.reportResult === 'consider')
      return {
        code: 'adverse_action_required',
        message: 'The check came back "consider": rejecting goes through the adverse-action path (a pre-adverse notice, a waiting period, then the final notice), which the vetting screen starts.',
      };
    return REJECTABLE.includes(status) ? null : { code: 'conflict', message: `An application that is ${status.replace('_', ' ')} cannot be rejected.` };
  }
  if (status !== 'review') return { code: 'conflict', message: `Only an application in review can be ${decision === 'approve' ? 'approved' : 'asked for more'}; this one is ${status.replace('_', ' ')}.` };
  if (decision === 'approve' && (check === null || check.reportStatus !== 'complete' || check.reportResult === null))
    return { code: 'check_incomplete', message: 'The check is not complete yet: an application is approved only on a complete report.' };
  return null;
}

/** Where the applicant may withdraw from: anywhere not decided. */
export function mayWithdraw(status: ApplicationStatus): boolean {
  return !isFinal(status);
}

/** What a change in the check does: the status it moves to (null: stays) and what the applicant is told. */
export interface CheckMove {
  to: ApplicationStatus | null;
  kind: string;
  message: string;
  /** Whether the applicant is mailed (not for the invitation: the provider mails it itself). */
  mail: boolean;
}

/** How a change of the check moves an application at `status`; the date is written in UTC. */
export function checkMove(status: ApplicationStatus, change: CheckChange): CheckMove {
  switch (change.kind) {
    case 'invited':
      return { to: null, kind: 'check_invited', message: 'The check provider (Checkr) has e-mailed you an invitation: fill in its form so your check can start.', mail: false };
    case 'invitation_expired':
      return { to: null, kind: 'check_invitation_expired', message: 'The invitation to your check expired before it was filled in. We will send a new one, or tell you what to do.', mail: true };
    case 'completed':
      return {
        // Back from a dispute settled clear, an application on the adverse-action path is reviewed again.
        to: status === 'checking' || (status === 'adverse_action' && change.result === 'clear') ? 'review' : null,
        kind: 'check_completed',
        message: 'Your check is back; we are reviewing your application and will tell you our decision by e-mail.',
        mail: true,
      };
    case 'suspended':
      return { to: null, kind: 'check_suspended', message: 'Your check is paused: the check provider needs something from you. Look for their e-mail.', mail: true };
    case 'disputed':
      return { to: null, kind: 'check_disputed', message: 'You disputed a part of your check. We wait for the check provider’s answer before deciding.', mail: true };
    case 'canceled':
      return { to: null, kind: 'check_canceled', message: 'Your check was canceled. We will tell you what happens next.', mail: true };
    case 'adverse_started':
      return {
        to: status === 'review' || status === 'more_info' ? 'adverse_action' : null,
        kind: 'adverse_action_started',
        message: `We sent you a pre-adverse action notice with a copy of your report and a summary of your rights. You may dispute the report with the check provider until ${dayOf(change.dueAt)} (UTC); we decide after that.`,
        mail: true,
      };
    case 'adverse_final':
      return {
        to: isFinal(status) ? null : 'rejected',
        kind: 'adverse_action_final',
        message: 'We sent you the final adverse action notice: we cannot accept your application, based on your background check. The notice names the check provider and your rights.',
        mail: true,
      };
  }
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export type Step = 'verify_email' | 'upload_documents' | 'check' | 'review' | 'answer_question' | 'adverse_action' | 'done';

/** The step the application waits on, and what to do (or what happens) next, in the applicant's words. */
export function nextStep(status: ApplicationStatus, emailVerified: boolean, missing: readonly DocumentKind[]): { step: Step; next: string } {
  switch (status) {
    case 'unverified':
      if (!emailVerified) return { step: 'verify_email', next: 'Open the link we e-mailed you to confirm your address.' };
      return { step: 'upload_documents', next: `Upload ${missing.map(documentName).join(', ') || 'your documents'}; we go on as soon as they are in.` };
    case 'checking':
      return { step: 'check', next: 'Your background check is under way with the check provider; follow their e-mails. We tell you when it is back.' };
    case 'review':
      return { step: 'review', next: 'We are reviewing your application; we tell you our decision by e-mail.' };
    case 'more_info':
      return { step: 'answer_question', next: 'We asked you something: answer it here so we can go on.' };
    case 'adverse_action':
      return { step: 'adverse_action', next: 'We sent you a pre-adverse action notice. You may dispute your report with the check provider before we decide.' };
    case 'approved':
      return { step: 'done', next: 'You are approved: enterprises of the marketplace may now invite you. Take the accreditation tests of the categories you sell.' };
    case 'declined':
      return { step: 'done', next: 'We cannot take your application: see why below.' };
    case 'rejected':
      return { step: 'done', next: 'We cannot accept your application; the reason is below.' };
    case 'withdrawn':
      return { step: 'done', next: 'You withdrew your application.' };
  }
}

/** The check's progress in plain words, never what the report says (not even clear or consider, until we decide). */
export function checkProgress(check: CheckState | null): string | null {
  if (!check) return null;
  if (check.reportStatus === 'complete') return 'Your check is complete.';
  if (check.reportStatus === 'suspended' || check.reportStatus === 'paused') return 'Your check is paused: the check provider needs something from you.';
  if (check.reportStatus === 'dispute') return 'You disputed a part of your check; the check provider is looking into it.';
  if (check.reportStatus === 'canceled') return 'Your check was canceled.';
  if (check.reportStatus === 'pending') return 'Your check is in progress with the check provider.';
  if (check.invitationStatus === 'expired') return 'The invitation to your check expired.';
  if (check.invitationStatus === 'completed') return 'You filled in the check provider’s form; the check is starting.';
  return 'The check provider has e-mailed you an invitation to fill in its form.';
}

/** The subject and first line of the mail that tells the applicant of a move. */
export function mailSubject(kind: string): string {
  switch (kind) {
    case 'declined':
      return 'Your Floorwalker application cannot be accepted';
    case 'approved':
      return 'Welcome to the Floorwalker marketplace';
    case 'rejected':
    case 'adverse_action_final':
      return 'Your Floorwalker application';
    case 'more_info_requested':
      return 'A question about your Floorwalker application';
    default:
      return 'News about your Floorwalker application';
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the waiting period looks at of an application. */
export interface EndedFacts {
  status: ApplicationStatus;
  decidedAt: Date | null;
  updatedAt: Date;
}

/**
 * From when the person may apply again after this application: `reapplyAfterDays` after a
 * rejection (the operator's or the adverse-action path's end, both dated by `decidedAt`); at
 * once after a withdrawal or a decline by the rules (nothing was judged of the person, and the
 * rules apply again to the new answers). Null while the application is open or approved.
 */
export function reapplyFrom(app: EndedFacts, reapplyAfterDays: number): Date | null {
  if (app.status === 'rejected') return new Date((app.decidedAt ?? app.updatedAt).getTime() + reapplyAfterDays * DAY_MS);
  if (app.status === 'withdrawn' || app.status === 'declined') return app.updatedAt;
  return null;
}

/**
 * What applying again with an address whose account has `latest` as its newest application does:
 * - `standing`: it is open or approved; the person is told they have one already;
 * - `unconfirmed`: a re-application whose address was never confirmed: the new one takes its
 *   place (a mistyped form, or someone else's attempt, does not block the address's owner);
 * - `wait`: rejected, the waiting period not over; the person is told from when;
 * - `may`: a new application is made.
 */
export type ReapplyStanding = { kind: 'standing' } | { kind: 'unconfirmed' } | { kind: 'wait'; from: Date } | { kind: 'may' };

export function reapplyStanding(latest: EndedFacts & { emailVerifiedAt: Date | null; previousApplicationId: string | null }, reapplyAfterDays: number, now: Date): ReapplyStanding {
  const from = reapplyFrom(latest, reapplyAfterDays);
  if (from === null) return latest.status === 'unverified' && latest.emailVerifiedAt === null && latest.previousApplicationId !== null ? { kind: 'unconfirmed' } : { kind: 'standing' };
  return from.getTime() <= now.getTime() ? { kind: 'may' } : { kind: 'wait', from };
}

/** An instant as the mails write it: "2027-06-04 10:00 UTC". */
export function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
