/**
 * The console's way to the API (same origin, the session in its cookie): JSON in and out, the
 * session's CSRF token on every change, the enterprise acted in named on every request, and
 * every refusal turned into one shape the pages show: a code, a message, and the message for
 * each field at fault, keyed by its path (`email`, `accreditations.0.level`).
 */
import { CSRF_HEADER, ENTERPRISE_HEADER } from '../../../shared/console';

export interface Problem {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  /** The server's code (`invalid_body`, `role_forbids`, `second_factor_required`…), or `network`/`bad_answer`. */
  code: string;
  message: string;
  /** The server's words for each field at fault, by path joined with dots. */
  fields: Record<string, string>;
}

/** A refusal as an Error, for the promise that asked. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'ApiProblem';
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A field's path as the console keys it: ["accreditations", 0, "level"] → "accreditations.0.level". */
export function fieldKey(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

/** The problem an answer's body (the shared error shape, or anything else) stands for. */
export function problemFrom(status: number, body: unknown): Problem {
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown; issues?: unknown } | undefined;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string')
    return { status, code: 'bad_answer', message: `The server answered ${status} without saying why. Try again.`, fields: {} };
  const fields: Record<string, string> = {};
  if (Array.isArray(error.issues)) {
    for (const issue of error.issues as { path?: unknown; message?: unknown }[]) {
      if (!Array.isArray(issue?.path) || typeof issue.message !== 'string') continue;
      const key = fieldKey(issue.path as (string | number)[]);
      // The first word on a field stands: it is the one the server found first.
      fields[key] ??= issue.message;
    }
  }
  return { status, code: error.code, message: error.message, fields };
}

export const UNREACHABLE: Problem = { status: 0, code: 'network', message: 'The server could not be reached. Check your connection and try again.', fields: {} };

export interface ApiOptions {
  fetch: typeof fetch;
  /** The signed-in session's CSRF token, or null before sign-in. */
  csrfToken: () => string | null;
  /** The enterprise acted in, or null (own-account and operator routes). */
  enterpriseId: () => string | null;
  /** Told of every 401 (the session ended): the app goes back to sign-in. */
  onUnauthorized?: (problem: Problem) => void;
}

export interface Api {
  get<T>(path: string, query?: Record<string, string | number | undefined | null>): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** A path under /api/v1 with its query (empty values left out). */
export function apiUrl(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const q = params.toString();
  return `/api/v1${path}${q ? `?${q}` : ''}`;
}

/** The headers of one request: JSON, the enterprise, and the CSRF token on a change. */
export function requestHeaders(method: string, options: Pick<ApiOptions, 'csrfToken' | 'enterpriseId'>, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  const enterprise = options.enterpriseId();
  if (enterprise) headers[ENTERPRISE_HEADER] = enterprise;
  const csrf = options.csrfToken();
  if (!SAFE.has(method.toUpperCase()) && csrf) headers[CSRF_HEADER] = csrf;
  return headers;
}

export function createApi(options: ApiOptions): Api {
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await options.fetch(url, {
        method,
        credentials: 'same-origin',
        headers: requestHeaders(method, options, body !== undefined),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiProblem(UNREACHABLE);
    }
    const text = await res.text();
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (!res.ok) {
      const problem = problemFrom(res.status, parsed);
      if (res.status === 401) options.onUnauthorized?.(problem);
      throw new ApiProblem(problem);
    }
    return parsed as T;
  };
  return {
    get: (path, query) => call('GET', apiUrl(path, query)),
    send: (method, path, body) => call(method, apiUrl(path), body),
  };
}

/** The problem behind any failure (an ApiProblem's, or a generic one for anything else). */
export function problemOf(err: unknown): Problem {
  if (err instanceof ApiProblem) return err.problem;
  return { status: 0, code: 'client', message: err instanceof Error ? err.message : 'Something went wrong.', fields: {} };
}
