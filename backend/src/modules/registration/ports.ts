/**
 * The seam between registration (applications, their rules and decisions) and vetting (the
 * third party's background and credit check). Registration owns the application's status and
 * tells the applicant; vetting owns the check and calls the provider. Neither writes the
 * other's tables.
 */

/** What registration asks of vetting (implemented by the vetting module). */
export interface ApplicationVetting {
  /**
   * Starts the check of an application whose e-mail is verified and whose rules passed: the
   * candidate and the invitation at the provider, for the package the operator's rules name.
   * Doing it again for the same application changes nothing.
   */
  start(applicationId: string): Promise<void>;
  /** The check's state as the operator's review shows it; null when none was started. */
  state(applicationId: string): Promise<CheckState | null>;
  /**
   * The operator engages the applicant (approves with a complete report): recorded as the
   * adjudication `engaged`. Refused (Conflict) unless the report is complete.
   */
  engage(applicationId: string, operatorUserId: string): Promise<void>;
}

/** Only what the decision needs: never the report's contents. */
export interface CheckState {
  provider: string;
  package: string;
  invitationStatus: string | null;
  reportStatus: string | null;
  reportResult: 'clear' | 'consider' | null;
  adjudication: 'engaged' | 'pre_adverse_action' | 'post_adverse_action' | null;
  preAdverseAt: Date | null;
  postAdverseDueAt: Date | null;
  postAdverseAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** A change in the check that moves the application or that the applicant is told about. */
export type CheckChange =
  | { kind: 'invited' }
  | { kind: 'invitation_expired' }
  | { kind: 'completed'; result: 'clear' | 'consider' }
  | { kind: 'suspended' }
  | { kind: 'disputed' }
  | { kind: 'canceled' }
  /** The operator started the adverse-action path: the pre-adverse notice went out; the final one may go at `dueAt`. */
  | { kind: 'adverse_started'; dueAt: Date }
  /** The waiting period ended without a dispute: the post-adverse notice went out; the application is rejected. */
  | { kind: 'adverse_final' };

/** What vetting tells registration (implemented by the registration module). */
export interface CheckListener {
  checkChanged(applicationId: string, change: CheckChange): Promise<void>;
}
