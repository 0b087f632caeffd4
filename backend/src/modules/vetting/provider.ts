/**
 * What vetting needs of a background-check provider (Checkr: checkr.ts). The service speaks only
 * to this interface, so a test or another provider can stand in. Nothing here carries a report's
 * contents: only ids, states and the result.
 */

/** The provider's answer to the one report we ask about: the fields the decision needs and the candidate it is of. */
export interface ProviderReport {
  id: string;
  candidateId: string;
  /** pending, suspended, paused, complete, canceled, dispute (Checkr's report statuses). */
  status: string;
  /** clear, consider, or null until complete. */
  result: string | null;
}

/** An adverse action at the provider: pending, complete, dispute, canceled. */
export interface ProviderAdverseAction {
  id: string;
  status: string;
}

export interface BackgroundCheckProvider {
  /** Stored as the check's `provider`: 'checkr'. */
  readonly name: string;
  /** A candidate for the hosted flow: the provider collects everything else (and the FCRA disclosures) itself. */
  createCandidate(candidate: { email: string; firstName: string; lastName: string }, signal: AbortSignal): Promise<{ id: string }>;
  /** An invitation for a package; completing it creates the report. */
  createInvitation(invitation: { candidateId: string; package: string; country: string }, signal: AbortSignal): Promise<{ id: string; status: string }>;
  /** The report as it stands now (webhooks may come out of order: this is the truth), or null when the provider knows none by that id. */
  report(reportId: string, signal: AbortSignal): Promise<ProviderReport | null>;
  /** Starts the pre-adverse action on a report: the provider sends the pre-adverse notice, and the post-adverse one at `postNoticeAt`. */
  startAdverseAction(reportId: string, postNoticeAt: Date, signal: AbortSignal): Promise<ProviderAdverseAction>;
  /** The report's adverse actions. */
  adverseActions(reportId: string, signal: AbortSignal): Promise<ProviderAdverseAction[]>;
  /** Whether a webhook's signature header is the provider's signature of its raw body. */
  signatureMatches(raw: Uint8Array, header: string | undefined): boolean;
}

/** Why a call to the provider failed, in words safe for the log (no key, no candidate data). */
export class ProviderFailure extends Error {
  constructor(
    readonly reason: string,
    /** The provider's HTTP status, when it answered. */
    readonly status: number | null = null,
  ) {
    super(reason);
    this.name = 'ProviderFailure';
  }
}
