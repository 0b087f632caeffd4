import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import {
  AccreditationList,
  Admission,
  type AdmissionSent,
  ChangePassword,
  CreateAssociate,
  IndependentQuery,
  LocalDate,
  ResetRequest,
  type ResetRequested,
  ScheduleExceptionBody,
  ScheduleExceptionQuery,
  SetPassword,
  SignIn,
  UpdateAssociate,
} from '../../../../shared/associates';
import { cursorParam } from '../../db/keyset';
import type { AppDeps } from '../../deps';
import type { AssociateEnv, Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { clientAddress } from '../../http/client-address';
import { fail, uuidParam } from '../../http/errors';
import { NotFound } from '../../errors';
import { rateLimit } from '../../http/rate-limit';
import { signInThrottle } from '../../http/sign-in-throttle';
import { hashSecret } from '../../secrets';
import type { RateLimiter } from '../../http/limiter';
import type { AdmissionAnswer } from './admission.core';
import type { AssociatesService } from './service';
import { decodeListingCursor, type IndependentsDirectory } from './directory';
import type { ScheduleExceptionsService } from './exceptions';
import { audited } from '../audit/routes';

type SignInEnv = { Variables: { signIn: SignIn } };
type ResetEnv = { Variables: { resetEmail: string } };

/** The sign-in body, read before the rate limits so the per-account budget can be keyed by it. */
const signInBody = createMiddleware<SignInEnv>(async (c, next) => {
  c.set('signIn', parseBody(SignIn, await readJson(c, 10_000)));
  await next();
});

const resetBody = createMiddleware<ResetEnv>(async (c, next) => {
  c.set('resetEmail', parseBody(ResetRequest, await readJson(c, 2_000)).email);
  await next();
});

const INVITATION_SENT = 'An invitation is sent if there is an independent associate with that address.';
const INVITATION_SENT_TO_ID = 'The associate is invited; they see the invitation and answer it.';

/** The bearer token of the request (checked by `requireAssociate` before), as its hash. */
function tokenHashOf(authorization: string | undefined): string {
  return hashSecret((authorization ?? '').replace(/^Bearer\s+/i, '').trim());
}

/** The same answer for a known and an unknown address. */
const RESET_REQUESTED: ResetRequested = { message: 'If an associate account has this address, a link to choose a new password is on its way. It works once, for 30 minutes.' };

/**
 * Associates: the enterprise invites, lists, admits, accredits and deactivates them, and reads
 * their schedule exceptions (API key); an associate sets their password through a one-time
 * link, signs in, keeps their own settings, presence, password, devices and schedule exceptions,
 * and answers enterprises' invitations (associate token).
 */
export function associateRoutes(
  deps: AppDeps,
  limiter: RateLimiter,
  associates: AssociatesService,
  auth: Pick<Auth, 'enterprise' | 'associate'>,
  exceptions: ScheduleExceptionsService,
) {
  const { enterprise, associate } = auth;
  /** The date of /me/schedule-exceptions/:date, or 400 `invalid_path`. */
  const dateParam = (c: Context) => {
    const parsed = LocalDate.safeParse(c.req.param('date'));
    if (!parsed.success) throw fail.invalidPath([{ path: ['date'], message: parsed.error.issues[0]?.message ?? 'a date "YYYY-MM-DD"' }], 'The date');
    return parsed.data;
  };
  const answer = (what: AdmissionAnswer) => async (c: Context<AssociateEnv>) =>
    c.json(await associates.answerInvitation(c.var.associateId, uuidParam(c.req.param('enterpriseId') ?? '', 'The invitation'), what));
  // Requests for mail and uses of links are limited like failed sign-ins: per network address, and per address and e-mail.
  const address = (c: Context) => clientAddress(c, deps.trustedProxyHops ?? 0);
  const perAddress = (message: string) => rateLimit({ limiter, budget: deps.limits.signIn.perAddress, key: (c) => `links:${address(c)}`, message });
  const associateOf = async (enterpriseId: string, id: string) => (await associates.associatesOf(enterpriseId)).find((a) => a.id === id) ?? null;
  // The enterprise takes an associate off (or back): recorded with the status before and after.
  const setActive = (active: boolean) => async (c: Context<EnterpriseEnv>) => {
    await readJson(c, 1_000, { emptyAs: {} });
    const id = uuidParam(c.req.param('id') ?? '', 'The associate');
    const before = await associateOf(c.var.enterpriseId, id);
    const after = await (active ? associates.reactivate(c.var.enterpriseId, id) : associates.deactivate(c.var.enterpriseId, id));
    audited(c, { subject: `associate ${after.email} ${active ? 'reactivated' : 'deactivated'}`, before: before && { status: before.status }, after: { status: after.status } });
    return c.json(after);
  };
  return new Hono<EnterpriseEnv & AssociateEnv & SignInEnv & ResetEnv>()
    .post('/', enterprise, async (c) => c.json(await associates.invite(c.var.enterpriseId, parseBody(CreateAssociate, await readJson(c, 20_000))), 201))
    .get('/', enterprise, async (c) => c.json({ associates: await associates.associatesOf(c.var.enterpriseId) }))
    .post('/admissions', enterprise, async (c) => {
      const body = parseBody(Admission, await readJson(c, 10_000));
      const options = body.requiredBankId ? { requiredBankId: body.requiredBankId } : {};
      if ('associateId' in body) {
        await associates.inviteIndependent(c.var.enterpriseId, body.associateId, options);
        return c.json({ associateId: body.associateId, message: INVITATION_SENT_TO_ID } satisfies AdmissionSent, 202);
      }
      await associates.inviteToPool(c.var.enterpriseId, body.email, options);
      return c.json({ email: body.email, message: INVITATION_SENT } satisfies AdmissionSent, 202);
    })
    .get('/admissions', enterprise, async (c) => c.json(await associates.invitationsOf(c.var.enterpriseId)))
    .put('/:id/accreditations', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The associate');
      const body = parseBody(AccreditationList, await readJson(c, 50_000));
      const before = await associateOf(c.var.enterpriseId, id);
      const after = await associates.setAccreditations(c.var.enterpriseId, id, body);
      audited(c, { subject: `accreditations of ${after.email}`, before: before && { accreditations: before.accreditations }, after: { accreditations: after.accreditations } });
      return c.json(after);
    })
    .post('/:id/invitation', enterprise, async (c) => {
      await readJson(c, 1_000, { emptyAs: {} });
      return c.json(await associates.reinvite(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The associate')), 201);
    })
    .post('/:id/deactivate', enterprise, setActive(false))
    .post('/:id/reactivate', enterprise, setActive(true))
    .post('/password/set', perAddress('Too many attempts from this address'), async (c) => {
      const body = parseBody(SetPassword, await readJson(c, 2_000));
      return c.json(await associates.setPassword(body.token, body.password));
    })
    .post(
      '/password/reset-request',
      perAddress('Too many reset requests from this address'),
      resetBody,
      rateLimit<ResetEnv>({ limiter, budget: deps.limits.signIn.perAccount, key: (c) => `reset:${address(c)}:${c.var.resetEmail}`, message: 'Too many reset requests for this e-mail address from this address' }),
      async (c) => {
        associates.requestReset(c.var.resetEmail);
        return c.json(RESET_REQUESTED, 202);
      },
    )
    .post('/sign-in', signInBody, signInThrottle(deps, limiter), async (c) =>
      c.json(await associates.signIn(c.var.signIn.email, c.var.signIn.password, { name: c.var.signIn.device, userAgent: c.req.header('user-agent') })),
    )
    .post('/sign-out', associate, async (c) => {
      await associates.signOut((c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '').trim());
      return c.body(null, 204);
    })
    .get('/me', associate, async (c) => c.json(await associates.me(c.var.associateId)))
    .patch('/me', associate, async (c) => c.json(await associates.update(c.var.associateId, parseBody(UpdateAssociate, await readJson(c, 20_000)))))
    .get('/me/admissions', associate, async (c) => c.json(await associates.admissionsOf(c.var.associateId)))
    .get('/me/schedule-exceptions', associate, async (c) => c.json(await exceptions.list(c.var.associateId)))
    .put('/me/schedule-exceptions/:date', associate, async (c) => {
      const date = dateParam(c);
      return c.json(await exceptions.set(c.var.associateId, date, parseBody(ScheduleExceptionBody, await readJson(c, 10_000))));
    })
    .delete('/me/schedule-exceptions/:date', associate, async (c) => {
      await exceptions.remove(c.var.associateId, dateParam(c));
      return c.body(null, 204);
    })
    // After the associate's own /me routes: "me" is no associate's id, and the first route that answers wins.
    .get('/:id/schedule-exceptions', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The associate');
      const range = parseQuery(ScheduleExceptionQuery, c.req.query());
      // Its employees and the independents it admitted; anyone else's is not found, as if there were none.
      if (!(await associates.worksFor(id, c.var.enterpriseId))) throw new NotFound('The associate');
      return c.json(await exceptions.list(id, range));
    })
    .post('/me/admissions/:enterpriseId/accept', associate, answer('accept'))
    .post('/me/admissions/:enterpriseId/decline', associate, answer('decline'))
    .post('/me/admissions/:enterpriseId/withdraw', associate, answer('withdraw'))
    .post('/me/password', associate, async (c) => {
      const body = parseBody(ChangePassword, await readJson(c, 2_000));
      await associates.changePassword(c.var.associateId, tokenHashOf(c.req.header('authorization')), body.currentPassword, body.newPassword);
      return c.body(null, 204);
    })
    .get('/me/devices', associate, async (c) => c.json({ devices: await associates.devices(c.var.associateId, tokenHashOf(c.req.header('authorization'))) }))
    .delete('/me/devices/:id', associate, async (c) => {
      await associates.removeDevice(c.var.associateId, uuidParam(c.req.param('id'), 'The device'));
      return c.body(null, 204);
    })
    .post('/me/sign-out-everywhere', associate, async (c) => {
      await readJson(c, 1_000, { emptyAs: {} });
      await associates.signOutEverywhere(c.var.associateId);
      return c.body(null, 204);
    });
}

/** The directory's query with its cursor decoded: the last listing of the previous page, else 400. */
const DirectoryQuery = IndependentQuery.extend({ after: z.string().transform(cursorParam(decodeListingCursor)).optional() });

/** /api/v1/independents: the enterprise's directory of the marketplace's approved independents (API key or console). */
export function independentRoutes(directory: IndependentsDirectory, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/', auth.enterprise, async (c) => c.json(await directory.page(c.var.enterpriseId, parseQuery(DirectoryQuery, c.req.query()))));
}
