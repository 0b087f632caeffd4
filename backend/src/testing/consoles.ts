import type { Role } from '../../../shared/console';
import { CONSOLE_COOKIE, CSRF_HEADER, ENTERPRISE_HEADER } from '../../../shared/console';
import type { App } from '../app';
import { Forbidden } from '../errors';
import type { ConsoleCredentials, ConsoleSessionGrant } from '../http/auth';

/** A console session a test signed in: what a request carries (cookie token, CSRF token) and whose it is. */
export interface TestSession {
  userId: string;
  token: string;
  csrfToken: string;
}

/**
 * Console sessions without the console accounts module: a test signs users in (an operator, or a
 * member of an enterprise with a role) and passes `credentials` to the app as `deps.consoles`.
 * Like the accounts module's `standing`, a suspended enterprise's members are refused, once
 * `suspendedBy` says whose tenancy to ask.
 */
export function testConsoles() {
  const sessions = new Map<string, ConsoleSessionGrant>();
  const roles = new Map<string, Role>();
  let isSuspended: (enterpriseId: string) => Promise<boolean> = async () => false;
  const credentials: ConsoleCredentials = {
    session: async (token) => sessions.get(token),
    standing: async (userId, enterpriseId) => {
      const role = roles.get(`${userId}|${enterpriseId}`);
      if (!role) return undefined;
      if (await isSuspended(enterpriseId)) throw new Forbidden('enterprise_suspended', 'The marketplace operator suspended this enterprise.');
      return { role, supportAccessId: null };
    },
  };
  const signIn = (operator: boolean): TestSession => {
    const userId = crypto.randomUUID();
    const session = { userId, token: `console-${crypto.randomUUID()}`, csrfToken: `csrf-${crypto.randomUUID()}` };
    sessions.set(session.token, { userId, csrfToken: session.csrfToken, operator });
    return session;
  };
  return {
    credentials,
    /** A marketplace operator's session. */
    operator: () => signIn(true),
    /** A member of the enterprise with this role. */
    member: (enterpriseId: string, role: Role) => {
      const session = signIn(false);
      roles.set(`${session.userId}|${enterpriseId}`, role);
      return session;
    },
    /** Members of a suspended enterprise are refused (as the accounts module's standing does). */
    suspendedBy: (app: App) => {
      isSuspended = (id) => app.tenancy.isSuspended(id);
    },
  };
}

/** A request as a console session (cookie, CSRF token, the enterprise named when given); a body is sent as JSON. */
export function consoleCall(app: App, method: string, path: string, session: TestSession, body?: unknown, enterpriseId?: string): Promise<Response> {
  return Promise.resolve(
    app.http.request(path, {
      method,
      headers: {
        cookie: `${CONSOLE_COOKIE}=${session.token}`,
        [CSRF_HEADER]: session.csrfToken,
        ...(enterpriseId ? { [ENTERPRISE_HEADER]: enterpriseId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
}
