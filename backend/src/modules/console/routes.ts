import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { ResetRequested } from '../../../../shared/associates';
import {
  ChangeRole,
  CONSOLE_COOKIE,
  ConsolePasswordChange,
  ConsolePasswordSet,
  ConsoleResetRequest,
  ConsoleSignIn,
  InviteOwner,
  InviteUser,
  OpenSupportAccess,
  TotpConfirm,
  TotpDisable,
} from '../../../../shared/console';
import type { AppDeps } from '../../deps';
import type { Auth, ConsoleUserEnv, EnterpriseEnv, OperatorEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { clientAddress } from '../../http/client-address';
import { uuidParam } from '../../http/errors';
import type { RateLimiter } from '../../http/limiter';
import { rateLimit } from '../../http/rate-limit';
import { signInThrottle } from '../../http/sign-in-throttle';
import { overHttps, SESSION_ABSOLUTE_MS } from './accounts.core';
import type { ConsoleService } from './service';

type SignInEnv = { Variables: { signIn: ConsoleSignIn } };
type ResetEnv = { Variables: { resetEmail: string } };

/** The sign-in body, read before the throttle so the per-account budget can be keyed by it. */
const signInBody = createMiddleware<SignInEnv>(async (c, next) => {
  c.set('signIn', parseBody(ConsoleSignIn, await readJson(c, 10_000)));
  await next();
});

const resetBody = createMiddleware<ResetEnv>(async (c, next) => {
  c.set('resetEmail', parseBody(ConsoleResetRequest, await readJson(c, 2_000)).email);
  await next();
});

/** The same answer for a known and an unknown address. */
const RESET_REQUESTED: ResetRequested = { message: 'If a console account has this address, a link to choose a new password is on its way. It works once, for 30 minutes.' };

/** A body-less change: an empty body, or a small JSON one, is taken. */
const noBody = (c: Context) => readJson(c, 1_000, { emptyAs: {} });

/**
 * The console user's own account (/api/v1/console): sign-in (sets the `fw_console` cookie:
 * HttpOnly, SameSite=Strict, Path=/, Secure over https) and sign-out, who they are, their
 * password (changed, reset by mail, set through a link) and their second factor.
 */
export function consoleRoutes(deps: AppDeps, limiter: RateLimiter, consoles: ConsoleService, auth: Pick<Auth, 'consoleUser'>) {
  const { consoleUser } = auth;
  const address = (c: Context) => clientAddress(c, deps.trustedProxyHops ?? 0);
  const perAddress = (message: string) => rateLimit({ limiter, budget: deps.limits.signIn.perAddress, key: (c) => `console-links:${address(c)}`, message });
  const cookieToken = (c: Context) => getCookie(c, CONSOLE_COOKIE) ?? '';
  return new Hono<ConsoleUserEnv & SignInEnv & ResetEnv>()
    .post('/sign-in', signInBody, signInThrottle(deps, limiter, 'console-sign-in'), async (c) => {
      const { email, password, totp } = c.var.signIn;
      const signedIn = await consoles.signIn(email, password, totp);
      setCookie(c, CONSOLE_COOKIE, signedIn.token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: overHttps(c.req.url, c.req.header('x-forwarded-proto'), deps.trustedProxyHops ?? 0),
        maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
      });
      return c.json(signedIn.me);
    })
    .post('/sign-out', consoleUser, async (c) => {
      await consoles.signOut(cookieToken(c));
      deleteCookie(c, CONSOLE_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', consoleUser, async (c) => c.json(await consoles.me(c.var.consoleSession.userId, c.var.consoleSession.csrfToken)))
    .post('/password', consoleUser, async (c) => {
      const body = parseBody(ConsolePasswordChange, await readJson(c, 2_000));
      await consoles.changePassword(c.var.consoleSession.userId, cookieToken(c), body.current, body.next);
      return c.body(null, 204);
    })
    .post('/password/set', perAddress('Too many attempts from this address'), async (c) => {
      const body = parseBody(ConsolePasswordSet, await readJson(c, 2_000));
      return c.json(await consoles.setPassword(body.token, body.password));
    })
    .post(
      '/password/reset-request',
      perAddress('Too many reset requests from this address'),
      resetBody,
      rateLimit<ResetEnv>({ limiter, budget: deps.limits.signIn.perAccount, key: (c) => `console-reset:${address(c)}:${c.var.resetEmail}`, message: 'Too many reset requests for this e-mail address from this address' }),
      async (c) => {
        consoles.requestReset(c.var.resetEmail);
        return c.json(RESET_REQUESTED, 202);
      },
    )
    .post('/totp/setup', consoleUser, async (c) => {
      await noBody(c);
      return c.json(await consoles.totpSetup(c.var.consoleSession.userId));
    })
    .post('/totp/enable', consoleUser, async (c) => {
      await consoles.totpEnable(c.var.consoleSession.userId, parseBody(TotpConfirm, await readJson(c, 1_000)).code);
      return c.body(null, 204);
    })
    .post('/totp/disable', consoleUser, async (c) => {
      await consoles.totpDisable(c.var.consoleSession.userId, parseBody(TotpDisable, await readJson(c, 2_000)).password);
      return c.body(null, 204);
    });
}

/** Who ended an enterprise's support access: the console user, or nobody named (an API key). */
const personOf = (c: Context<EnterpriseEnv>) => (c.var.enterpriseActor.kind === 'user' ? c.var.enterpriseActor.userId : null);

/** An enterprise's console users (/api/v1/enterprise/users): its owners manage them, its admins read them (roles.core). */
export function enterpriseUserRoutes(consoles: ConsoleService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json({ users: await consoles.usersOf(c.var.enterpriseId) }))
    .post('/', enterprise, async (c) => c.json(await consoles.invite(c.var.enterpriseId, parseBody(InviteUser, await readJson(c, 5_000))), 201))
    .patch('/:id', enterprise, async (c) =>
      c.json(await consoles.changeRole(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The user'), parseBody(ChangeRole, await readJson(c, 1_000)).role)),
    )
    .delete('/:id', enterprise, async (c) => {
      await consoles.removeMember(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The user'));
      return c.body(null, 204);
    });
}

/** The support accesses to an enterprise (/api/v1/enterprise/support-access): its owners and admins see them, its owners end one. */
export function enterpriseSupportRoutes(consoles: ConsoleService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json({ accesses: await consoles.supportAccessesOf(c.var.enterpriseId) }))
    .post('/:id/end', enterprise, async (c) => {
      await noBody(c);
      return c.json(await consoles.endSupportAccess(uuidParam(c.req.param('id'), 'The support access'), { enterpriseId: c.var.enterpriseId, userId: personOf(c) }));
    });
}

/** The operator's side (/api/v1/marketplace): support accesses, and an enterprise's first owner. */
export function marketplaceConsoleRoutes(consoles: ConsoleService, auth: Pick<Auth, 'operator'>) {
  const { operator } = auth;
  return new Hono<OperatorEnv>()
    .post('/enterprises/:id/support-access', operator, async (c) => {
      const body = parseBody(OpenSupportAccess, await readJson(c, 2_000));
      return c.json(await consoles.openSupportAccess(c.var.operatorId, uuidParam(c.req.param('id'), 'The enterprise'), body.reason, body.minutes), 201);
    })
    .post('/support-access/:id/end', operator, async (c) => {
      await noBody(c);
      return c.json(await consoles.endSupportAccess(uuidParam(c.req.param('id'), 'The support access'), { operatorId: c.var.operatorId }));
    })
    .post('/enterprises/:id/users', operator, async (c) =>
      c.json(await consoles.inviteOwner(uuidParam(c.req.param('id'), 'The enterprise'), parseBody(InviteOwner, await readJson(c, 5_000))), 201),
    );
}
