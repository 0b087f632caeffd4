import { ApiError, ShopperCreated } from '../../shared/api';
import { EventBatchAccepted, type ShopperEvent } from '../../shared/events';
import { SitesResponse } from '../../shared/sites';
import type { z } from 'zod';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

/** The backend's answer: the parsed body, or why there is none (status 0 = no answer at all). */
export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; code: string; message: string; issues: ApiIssue[]; retryAfterMs: number | null };

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Requests to the backend at `baseUrl`: `call` answers with the body parsed by `schema`, or
 * with why there is none (never throws); `json` builds a JSON request with a bearer token.
 */
export function createApiRequests(options: { fetch: Fetch; baseUrl: string; timeoutMs?: number }) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;

  async function call<S extends z.ZodType>(path: string, schema: S, init: RequestInit = {}): Promise<ApiResult<z.infer<S>>> {
    let response: Response;
    try {
      // No cookies: the backend is not the shop, and on one host (localhost) the shops' cookies would go along.
      response = await options.fetch(`${base}${path}`, { ...init, credentials: 'omit', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return failure(0, 'network', `The backend at ${base} could not be reached (${message}).`);
    }
    const json: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return { ok: true, status: response.status, body: parsed.data };
      return failure(response.status, 'bad_response', `The backend answered ${path} with an unexpected body.`);
    }
    const error = ApiError.safeParse(json);
    return {
      ok: false,
      status: response.status,
      code: error.success ? error.data.error.code : 'http_error',
      message: error.success ? error.data.error.message : `The backend answered ${response.status}.`,
      issues: error.success ? (error.data.error.issues ?? []) : [],
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    };
  }

  const json = (method: string, body: unknown, token?: string): RequestInit => ({
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

  return { baseUrl: base, call, json };
}

/** Client for the shopper endpoints of the backend at `baseUrl`. */
export function createApiClient(options: { fetch: Fetch; baseUrl: string; timeoutMs?: number }) {
  const { baseUrl, call, json } = createApiRequests(options);
  return {
    baseUrl,
    /** GET /api/v1/sites: the participating sites (no auth). */
    getSites: () => call('/api/v1/sites', SitesResponse),
    /** POST /api/v1/shoppers: a new shopper identity and its bearer token. */
    createShopper: (body: { locale?: string }) => call('/api/v1/shoppers', ShopperCreated, json('POST', body)),
    /** POST /api/v1/events: one batch; replays are stored once. */
    postEvents: (token: string, events: ShopperEvent[]) =>
      call('/api/v1/events', EventBatchAccepted, json('POST', { events }, token)),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

function failure(status: number, code: string, message: string): ApiResult<never> {
  return { ok: false, status, code, message, issues: [], retryAfterMs: null };
}

/** `Retry-After` as milliseconds from now: delta seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
