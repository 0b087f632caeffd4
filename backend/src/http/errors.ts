import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { type ApiError, ErrorCode } from '../../../shared/api';

type Issue = NonNullable<ApiError['error']['issues']>[number];

/** A failure the caller can act on; mapped to `{ error: { code, message, issues? } }`. */
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

/** zod issues in the wire shape: a path and a message each. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.slice(0, 100).map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
}

export const fail = {
  invalidBody: (error: z.ZodError, what = 'The request body') =>
    new ApiFailure(400, ErrorCode.invalidBody, `${what} does not match the schema.`, toIssues(error)),
  invalidQuery: (error: z.ZodError) =>
    new ApiFailure(400, ErrorCode.invalidQuery, 'The query parameters are not valid.', toIssues(error)),
  unauthorized: (message: string) => new ApiFailure(401, ErrorCode.unauthorized, message),
  notFound: (what: string) => new ApiFailure(404, ErrorCode.notFound, `${what} was not found.`),
  tooLarge: (message: string) => new ApiFailure(413, ErrorCode.payloadTooLarge, message),
};

export function errorBody(err: ApiFailure): ApiError {
  return { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
}

/** The one error mapper: every failure leaves as JSON with the right status; the unexpected ones are logged. */
export function errorHandler(log: (msg: string, err: unknown) => void) {
  return (err: Error, c: Context) => {
    if (err instanceof ApiFailure) return c.json(errorBody(err), err.status, err.headers);
    if (err instanceof HTTPException) {
      const body: ApiError = { error: { code: httpCode(err.status), message: err.message || 'Request failed.' } };
      return c.json(body, err.status as ContentfulStatusCode);
    }
    log(`unhandled error on ${c.req.method} ${c.req.path}`, err);
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
