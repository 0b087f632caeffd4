import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { type ApiError, ErrorCode } from '../../../shared/api';
import { AdmissionRefused, ApplicationRefused, AskRefused, AtCapacity, BadSignature, PhoneRefused, DocumentRefused, Conflict, DomainError, Forbidden, EngagementClosed, EngagementNotLive, EventsRefused, InvalidInput, LinkUnusable, MaterialRefused, MaterialUnusable, MessageNotWanted, MessageTaken, NotFound, OfferUnavailable, OrderRefused, PlanRefused, ProviderUnavailable, RateLimited, RecipientOptedOut, type RefusalReason, SecondFactorRequired, TestRefused, TranscriptFull, Unauthorized, UrlNotAllowed, VersionInvalid } from '../errors';
import { describeError, type Log } from '../log';

type Issue = NonNullable<ApiError['error']['issues']>[number];

/** A failure of the request itself (its body, its type, its method): answered as it is. */
export class ApiFailure extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** A path id that is not a UUID names nothing: 404 naming `what`, before it reaches a uuid column. */
export function uuidParam(id: string, what: string): string {
  if (!z.uuid().safeParse(id).success) throw fail.notFound(what);
  return id;
}

export const fail = {
  invalidJson: (message: string) => new ApiFailure(400, ErrorCode.invalidJson, message),
  invalidBody: (issues: Issue[], what = 'The request body') =>
    new ApiFailure(400, ErrorCode.invalidBody, `${what} does not match the schema.`, issues),
  invalidQuery: (issues: Issue[]) => new ApiFailure(400, ErrorCode.invalidQuery, 'The query parameters are not valid.', issues),
  invalidPath: (issues: Issue[], what: string) => new ApiFailure(400, ErrorCode.invalidPath, `${what} in the path is not valid.`, issues),
  notFound: (what: string) => new ApiFailure(404, ErrorCode.notFound, `${what} was not found.`),
  methodNotAllowed: (method: string, path: string, allowed: string[]) =>
    new ApiFailure(405, ErrorCode.methodNotAllowed, `${path} does not take ${method}; it takes ${allowed.join(', ')}.`, undefined, {
      allow: allowed.join(', '),
    }),
  tooLarge: (message: string) => new ApiFailure(413, ErrorCode.payloadTooLarge, message),
  unsupportedMediaType: (message: string) => new ApiFailure(415, ErrorCode.unsupportedMediaType, message),
};

const refusals: Record<RefusalReason, { status: ContentfulStatusCode; code: string }> = {
  not_participating: { status: 403, code: ErrorCode.notParticipating },
  too_old: { status: 400, code: ErrorCode.eventTooOld },
  amount_out_of_range: { status: 400, code: ErrorCode.amountOutOfRange },
};

const askCodes: Record<AskRefused['reason'], string> = {
  no_site: ErrorCode.noParticipatingSite,
  no_session: ErrorCode.noSession,
  asked_elsewhere: ErrorCode.alreadyAsked,
};

const offerCodes: Record<OfferUnavailable['reason'], string> = {
  taken: ErrorCode.offerTaken,
  expired: ErrorCode.offerExpired,
  answered: ErrorCode.offerAnswered,
};

/** A domain error as the failure the client sees. */
export function fromDomain(err: DomainError): ApiFailure | undefined {
  if (err instanceof SecondFactorRequired) return new ApiFailure(401, ErrorCode.secondFactorRequired, err.message);
  if (err instanceof BadSignature) return new ApiFailure(401, ErrorCode.badSignature, err.message);
  if (err instanceof Unauthorized) return new ApiFailure(401, ErrorCode.unauthorized, err.message);
  if (err instanceof ProviderUnavailable) return new ApiFailure(502, ErrorCode.providerUnavailable, err.message);
  if (err instanceof Forbidden) return new ApiFailure(403, err.code, err.message);
  if (err instanceof NotFound) return new ApiFailure(404, ErrorCode.notFound, err.message);
  if (err instanceof InvalidInput) return new ApiFailure(400, ErrorCode.invalidBody, err.message, [{ path: err.path, message: err.message }]);
  if (err instanceof UrlNotAllowed) return new ApiFailure(400, ErrorCode.urlNotAllowed, err.message, [{ path: err.path, message: err.reason }]);
  if (err instanceof PlanRefused) return new ApiFailure(400, ErrorCode.invalidPlan, err.message, err.problems);
  if (err instanceof VersionInvalid) return new ApiFailure(422, ErrorCode.versionInvalid, err.message, err.issues);
  if (err instanceof Conflict) return new ApiFailure(409, ErrorCode.conflict, err.message);
  if (err instanceof ApplicationRefused) return new ApiFailure(409, err.code, err.message);
  if (err instanceof DocumentRefused) return err.reason === 'too_large' ? fail.tooLarge(err.message) : fail.unsupportedMediaType(err.message);
  if (err instanceof AdmissionRefused) return new ApiFailure(409, err.code === 'test_required' ? ErrorCode.testRequired : ErrorCode.notApproved, err.message);
  if (err instanceof OfferUnavailable) return new ApiFailure(409, offerCodes[err.reason], err.message);
  if (err instanceof AtCapacity) return new ApiFailure(409, ErrorCode.atCapacity, err.message);
  if (err instanceof EngagementClosed) return new ApiFailure(409, ErrorCode.engagementClosed, err.message);
  if (err instanceof EngagementNotLive) return new ApiFailure(409, err.reason === 'ended' ? ErrorCode.engagementEnded : ErrorCode.engagementNotLive, err.message);
  if (err instanceof LinkUnusable) {
    if (err.reason === 'invalid') return new ApiFailure(400, ErrorCode.linkInvalid, err.message);
    return new ApiFailure(410, err.reason === 'expired' ? ErrorCode.linkExpired : ErrorCode.linkUsed, err.message);
  }
  if (err instanceof MaterialRefused) return new ApiFailure(415, ErrorCode.unsupportedMaterial, err.message);
  if (err instanceof MaterialUnusable) return new ApiFailure(409, ErrorCode.materialUnusable, err.message);
  if (err instanceof TranscriptFull) return new ApiFailure(413, ErrorCode.transcriptFull, err.message);
  if (err instanceof PhoneRefused) return new ApiFailure(409, err.code, err.message);
  if (err instanceof RecipientOptedOut) return new ApiFailure(409, ErrorCode.recipientOptedOut, err.message);
  if (err instanceof MessageNotWanted) return new ApiFailure(409, ErrorCode.messageNotWanted, err.message);
  if (err instanceof MessageTaken) return new ApiFailure(409, ErrorCode.messageTaken, err.message);
  if (err instanceof OrderRefused) return new ApiFailure(err.code.endsWith('_conflict') ? 409 : 400, err.code, err.message);
  if (err instanceof AskRefused) return new ApiFailure(err.reason === 'asked_elsewhere' ? 409 : 404, askCodes[err.reason], err.message);
  if (err instanceof TestRefused) {
    if (err.reason === 'expired') return new ApiFailure(409, ErrorCode.attemptExpired, err.message);
    return new ApiFailure(409, ErrorCode.retakeWait, err.message, undefined, { 'retry-after': String(Math.max(1, err.retryAfterSeconds ?? 1)) });
  }
  if (err instanceof RateLimited) {
    const seconds = Math.max(1, Math.ceil(err.retryAfterMs / 1000));
    return new ApiFailure(429, ErrorCode.rateLimited, `${err.message}; try again in ${seconds} s.`, undefined, { 'retry-after': String(seconds) });
  }
  if (err instanceof EventsRefused) {
    const { status, code } = refusals[err.reason];
    // The path names the event (and the field) so the sender drops exactly those and resends the rest.
    const issues = err.events.map((e) => ({ path: ['events', e.index, ...(e.field ?? [])], message: e.message }));
    return new ApiFailure(status, code, err.message, issues);
  }
  return undefined;
}

export function errorBody(err: ApiFailure): ApiError {
  return { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
}

/** A request's path as the log may keep it: a shopper's signed link to a material is a credential, its token left out. */
export function loggablePath(path: string): string {
  return path.replace(/(\/materials\/shared\/)[^/]*/, '$1…');
}

/** The one error mapper: every failure leaves as JSON with the right status; the unexpected ones are logged, safely. */
export function errorHandler(log: Log) {
  return (err: Error, c: Context) => {
    const failure = (err instanceof DomainError && fromDomain(err)) || err;
    if (failure instanceof ApiFailure) return c.json(errorBody(failure), failure.status, failure.headers);
    if (failure instanceof HTTPException) {
      const body: ApiError = { error: { code: httpCode(failure.status), message: failure.message || 'Request failed.' } };
      return c.json(body, failure.status as ContentfulStatusCode);
    }
    log('unhandled error', { method: c.req.method, path: loggablePath(c.req.path), ...describeError(failure) });
    const body: ApiError = { error: { code: ErrorCode.internal, message: 'Something went wrong on our side; try again.' } };
    return c.json(body, 500);
  };
}

function httpCode(status: number): string {
  if (status === 401) return ErrorCode.unauthorized;
  if (status === 404) return ErrorCode.notFound;
  if (status === 413) return ErrorCode.payloadTooLarge;
  return status < 500 ? 'bad_request' : ErrorCode.internal;
}
