import { expect } from 'vitest';
import { CONSOLE_COOKIE, ConsoleMe, CSRF_HEADER, ENTERPRISE_HEADER, type Role } from '../../../shared/console';
import type { App } from '../app';

/** A signed-in console user as a test holds them: the cookie's token, the CSRF token, and the enterprise they act in (if any). */
export interface ConsoleParty {
  userId: string;
  token: string;
  csrf: string;
  /** Sent in X-Floorwalker-Enterprise; null to name none. */
  enterpriseId: string | null;
}

export const CONSOLE_PASSWORD = 'a console password 1';

/** POST /api/v1/console/sign-in (no assertion on the answer). */
export function consoleSignIn(app: App, email: string, password = CONSOLE_PASSWORD, totp?: string): Promise<Response> {
  return Promise.resolve(
    app.http.request('/api/v1/console/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, ...(totp ? { totp } : {}) }) }),
  );
}

/** The session token a sign-in's answer set in its cookie. */
export function cookieTokenOf(res: Response): string {
  const found = new RegExp(`${CONSOLE_COOKIE}=([^;]+)`).exec(res.headers.get('set-cookie') ?? '');
  if (!found?.[1]) throw new Error(`no ${CONSOLE_COOKIE} cookie set`);
  return decodeURIComponent(found[1]);
}

/** Signs in (which must succeed) and gives the party acting in `enterpriseId`. */
export async function signedIn(app: App, email: string, enterpriseId: string | null, password = CONSOLE_PASSWORD): Promise<ConsoleParty> {
  const res = await consoleSignIn(app, email, password);
  expect(res.status, await res.clone().text()).toBe(200);
  const me = ConsoleMe.parse(await res.json());
  return { userId: me.user.id, token: cookieTokenOf(res), csrf: me.csrfToken, enterpriseId };
}

/** A console user with a password, a member of `enterpriseId` with `role` (or an operator), signed in. */
export async function consoleUser(app: App, input: { email: string; enterpriseId?: string; role?: Role; operator?: boolean; name?: string }): Promise<ConsoleParty> {
  await app.console.ensureUser({ name: input.name ?? input.email.split('@')[0]!, password: CONSOLE_PASSWORD, ...input });
  return signedIn(app, input.email, input.enterpriseId ?? null);
}

/**
 * A request as a console party: its cookie, the enterprise it names and, unless `csrf` is
 * false, its CSRF token; a body is sent as JSON.
 */
export function consoleCall(app: App, method: string, path: string, party: ConsoleParty, body?: unknown, options: { csrf?: boolean } = {}): Promise<Response> {
  const headers: Record<string, string> = { cookie: `${CONSOLE_COOKIE}=${party.token}` };
  if (party.enterpriseId) headers[ENTERPRISE_HEADER] = party.enterpriseId;
  if (options.csrf !== false) headers[CSRF_HEADER] = party.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return Promise.resolve(app.http.request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) }));
}
