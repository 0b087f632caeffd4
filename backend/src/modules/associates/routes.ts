import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { AccreditationList, Admission, type AdmissionSent, CreateAssociate, SignIn, UpdateAssociate } from '../../../../shared/associates';
import type { AppDeps } from '../../deps';
import { type AssociateEnv, type EnterpriseEnv, requireAssociate, requireEnterpriseKey } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { clientAddress } from '../../http/client-address';
import { fail } from '../../http/errors';
import { rateLimit } from '../../http/rate-limit';
import type { TenancyService } from '../tenancy/service';
import type { AdmissionAnswer } from './admission.core';
import type { AssociatesService } from './service';

type SignInEnv = { Variables: { signIn: SignIn } };

/** The sign-in body, read before the rate limits so the per-address budget can be keyed by it. */
const signInBody = createMiddleware<SignInEnv>(async (c, next) => {
  c.set('signIn', parseBody(SignIn, await readJson(c, 10_000)));
  await next();
});

/** An id in a path; anything else is a 404, never a database error. */
function pathId(raw: string, what = 'The associate'): string {
  if (!z.uuid().safeParse(raw).success) throw fail.notFound(what);
  return raw;
}

const INVITATION_SENT = 'An invitation is sent if there is an independent associate with that address.';

/**
 * Associates: the enterprise creates, lists, invites and accredits them (API key); an
 * associate signs in, keeps their own settings and presence, and answers invitations (associate token).
 */
export function associateRoutes(deps: AppDeps, associates: AssociatesService, tenancy: TenancyService) {
  const enterprise = requireEnterpriseKey({ find: (key) => tenancy.enterpriseForKey(key) });
  const associate = requireAssociate({ find: (token) => associates.associateForToken(token) });
  const now = () => deps.clock().getTime();
  const answer = (what: AdmissionAnswer) => async (c: Context<AssociateEnv>) =>
    c.json(await associates.answerInvitation(c.var.associateId, pathId(c.req.param('enterpriseId') ?? '', 'The invitation'), what));
  return new Hono<EnterpriseEnv & AssociateEnv & SignInEnv>()
    .post('/', enterprise, async (c) => c.json(await associates.create(c.var.enterpriseId, parseBody(CreateAssociate, await readJson(c, 20_000))), 201))
    .get('/', enterprise, async (c) => c.json({ associates: await associates.associatesOf(c.var.enterpriseId) }))
    .post('/admissions', enterprise, async (c) => {
      const { email } = parseBody(Admission, await readJson(c, 10_000));
      await associates.invite(c.var.enterpriseId, email);
      return c.json({ email, message: INVITATION_SENT } satisfies AdmissionSent, 202);
    })
    .get('/admissions', enterprise, async (c) => c.json(await associates.invitationsOf(c.var.enterpriseId)))
    .put('/:id/accreditations', enterprise, async (c) =>
      c.json(await associates.setAccreditations(c.var.enterpriseId, pathId(c.req.param('id')), parseBody(AccreditationList, await readJson(c, 50_000)))),
    )
    .post(
      '/sign-in',
      rateLimit({ ...deps.limits.signIn.perAddress, now, key: clientAddress, message: 'Too many sign-in attempts from this address' }),
      signInBody,
      rateLimit<SignInEnv>({ ...deps.limits.signIn.perEmail, now, key: (c) => c.var.signIn.email, message: 'Too many sign-in attempts for this e-mail address' }),
      async (c) => c.json(await associates.signIn(c.var.signIn.email, c.var.signIn.password)),
    )
    .post('/sign-out', associate, async (c) => {
      await associates.signOut((c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '').trim());
      return c.body(null, 204);
    })
    .get('/me', associate, async (c) => c.json(await associates.me(c.var.associateId)))
    .patch('/me', associate, async (c) => c.json(await associates.update(c.var.associateId, parseBody(UpdateAssociate, await readJson(c, 20_000)))))
    .get('/me/admissions', associate, async (c) => c.json(await associates.admissionsOf(c.var.associateId)))
    .post('/me/admissions/:enterpriseId/accept', associate, answer('accept'))
    .post('/me/admissions/:enterpriseId/decline', associate, answer('decline'))
    .post('/me/admissions/:enterpriseId/withdraw', associate, answer('withdraw'));
}
