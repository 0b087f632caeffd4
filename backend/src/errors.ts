/**
 * Failures in the domain's words. Services throw these; the one error mapper in
 * `http/errors.ts` turns each into a status and a code.
 */
export abstract class DomainError extends Error {}

/** A credential that is missing, unknown or revoked. */
export class Unauthorized extends DomainError {}

/** A webhook whose signature is missing or not the sender's signature of its body: 401 `bad_signature`. */
export class BadSignature extends Unauthorized {}

/** A third party the request needs (the background-check provider) is not configured or did not answer: 502 `provider_unavailable`. */
export class ProviderUnavailable extends DomainError {}

/** The right password of a console user who turned the second factor on, without its code: 401 `second_factor_required`. */
export class SecondFactorRequired extends Unauthorized {}

/** A known caller who may not do this: a console role, a missing CSRF token, not a member, not an operator, a suspended enterprise. */
export class Forbidden extends DomainError {
  constructor(
    readonly code: 'role_forbids' | 'csrf_failed' | 'not_a_member' | 'operator_only' | 'enterprise_suspended',
    message: string,
  ) {
    super(message);
  }
}

/** Something the caller may not see, or that does not exist. */
export class NotFound extends DomainError {
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}

/** A write that would break a uniqueness rule (a slug or a domain taken). */
export class Conflict extends DomainError {}

/** A text to a number that opted out (STOP) of the enterprise's texts. */
export class RecipientOptedOut extends DomainError {}

/**
 * A call or a text that cannot be placed now (409 each, with its code): the shopper gave no number
 * for it, the associate has no phone in their contact preferences, the enterprise has no Twilio
 * account, or a call of the engagement is under way.
 */
export class PhoneRefused extends DomainError {
  constructor(
    readonly code: 'no_shopper_phone' | 'associate_has_no_phone' | 'telephony_not_configured' | 'call_in_progress',
    message: string,
  ) {
    super(message);
  }
}

/** An engagement's transcript at its size cap: the post would take it past. */
export class TranscriptFull extends DomainError {}

/** Over a budget; `retryAfterMs` says when there will be room again. */
export class RateLimited extends DomainError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** Why an event of a batch was refused. */
export type RefusalReason = 'not_participating' | 'too_old' | 'amount_out_of_range';

/** One refused event: its index in the batch, the field at fault (if one is) and why. */
export interface RefusedEvent {
  index: number;
  field?: (string | number)[];
  message: string;
}

/** A batch refused whole because of some of its events; nothing of it was stored. */
export class EventsRefused extends DomainError {
  constructor(
    readonly reason: RefusalReason,
    readonly events: RefusedEvent[],
    message: string,
  ) {
    super(message);
  }
}

/** An offer that can no longer be answered: taken by a colleague, expired, or answered already. */
export class OfferUnavailable extends DomainError {
  constructor(
    readonly reason: 'taken' | 'expired' | 'answered',
    message: string,
  ) {
    super(message);
  }
}

/** The associate has no free capacity for another engagement. */
export class AtCapacity extends DomainError {}

/** An engagement that can no longer change: answered already, or expired. */
export class EngagementClosed extends DomainError {
  constructor(
    readonly reason: 'answered' | 'expired',
    message: string,
  ) {
    super(message);
  }
}

/** An engagement that is not live for what was asked: not accepted (yet), or ended. */
export class EngagementNotLive extends DomainError {
  constructor(
    readonly reason: 'not_live' | 'ended',
    message: string,
  ) {
    super(message);
  }
}

/** A message left where none is asked for: the opportunity was not given up. */
export class MessageNotWanted extends DomainError {}

/** Input that passes the schema but breaks a rule of the domain (a weak password, say): 400 naming the field. */
export class InvalidInput extends DomainError {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/** A URL the backend will not call (not https, credentials in it, a private address): 400 naming why. */
export class UrlNotAllowed extends DomainError {
  constructor(
    readonly path: (string | number)[],
    readonly reason: string,
  ) {
    super(`The backend does not call this URL: ${reason}.`);
  }
}

/** A one-time link (invitation, password reset) that cannot be used: expired, used already, or not valid (unknown, replaced, account inactive). */
export class LinkUnusable extends DomainError {
  constructor(
    readonly reason: 'expired' | 'used' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** An ask for help that cannot open an opportunity: no participating shop, no session there, or another ask still live. */
export class AskRefused extends DomainError {
  constructor(
    readonly reason: 'no_site' | 'no_session' | 'asked_elsewhere',
    message: string,
  ) {
    super(message);
  }
}

/** A message a colleague took first. */
export class MessageTaken extends DomainError {}

/**
 * An invitation the associate cannot accept yet: the enterprise requires its own test, with no
 * valid pass of it (`test_required`), or the associate is not approved by the marketplace (`not_approved`): 409.
 */
export class AdmissionRefused extends DomainError {
  constructor(
    readonly code: 'test_required' | 'not_approved',
    message: string,
  ) {
    super(message);
  }
}

/** A commission plan that breaks the rules of commission: every problem, each with the rule it is about when it is about one. */
export class PlanRefused extends DomainError {
  constructor(readonly problems: { path: (string | number)[]; message: string }[]) {
    super(`The commission plan cannot be used: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`);
  }
}
/**
 * An old version of a rule document that today's schema refuses (a time zone the runtime no
 * longer knows, a limit since tightened): it cannot be made live again; nothing was written.
 */
export class VersionInvalid extends DomainError {
  constructor(
    readonly issues: { path: (string | number)[]; message: string }[],
    message: string,
  ) {
    super(message);
  }
}

/** A material's file refused: not one of the kept types by its bytes, markup, or a mismatch with the declared type. */
export class MaterialRefused extends DomainError {}

/** A material that cannot take what was asked: archived, or of another kind. */
export class MaterialUnusable extends DomainError {}
/** An order or refund the attribution refuses: the same id with other content, a refund naming a line the order lacks, another currency. */
export class OrderRefused extends DomainError {
  constructor(
    readonly code: 'order_conflict' | 'refund_conflict' | 'invalid_order' | 'invalid_refund' | 'mixed_currency' | 'unknown_line',
    message: string,
  ) {
    super(message);
  }
}

/**
 * An operator's decision on an application that cannot be made now: rejecting a `consider`
 * report outside the adverse-action path, approving before the check is complete, or a
 * decision the application's status does not take (409 each, with its code).
 */
export class ApplicationRefused extends DomainError {
  constructor(
    readonly code: 'adverse_action_required' | 'check_incomplete' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

/** An applicant's document that is not kept: larger than allowed (413), or not the PDF, PNG or JPEG it says it is (415). */
export class DocumentRefused extends DomainError {
  constructor(
    readonly reason: 'too_large' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

/** An accreditation test that cannot go on: the attempt's deadline passed (`expired`), or a retake before its wait is over (`retake_wait`, for `retryAfterSeconds` more). */
export class TestRefused extends DomainError {
  constructor(
    readonly reason: 'expired' | 'retake_wait',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
