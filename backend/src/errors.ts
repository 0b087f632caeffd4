/**
 * Failures in the domain's words. Services throw these; the one error mapper in
 * `http/errors.ts` turns each into a status and a code.
 */
export abstract class DomainError extends Error {}

/** A credential that is missing, unknown or revoked. */
export class Unauthorized extends DomainError {}

/** Something the caller may not see, or that does not exist. */
export class NotFound extends DomainError {
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}

/** A write that would break a uniqueness rule (a slug or a domain taken). */
export class Conflict extends DomainError {}

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
