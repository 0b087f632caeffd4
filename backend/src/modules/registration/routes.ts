import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ApplicationDecision, ApplicationQuery, ApplicationReply, DocumentUpload, JoinRules, MAX_DOCUMENT_BYTES, Registration, type Registered, VerifyEmail } from '../../../../shared/registration';
import { cursorParam, decodeCursor } from '../../db/keyset';
import type { AppDeps } from '../../deps';
import type { AssociateEnv, Auth, OperatorEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { clientAddress } from '../../http/client-address';
import { uuidParam } from '../../http/errors';
import type { RateLimiter } from '../../http/limiter';
import { rateLimit } from '../../http/rate-limit';
import { audited } from '../audit/routes';
import { REGISTERED_MESSAGE, type RegistrationService } from './service';

/** The queue's query with its cursor decoded: a `next` this API returned, else 400. */
const QueueQuery = ApplicationQuery.extend({ after: z.string().transform(cursorParam(decodeCursor)).optional() });

/** A document's JSON: its base64 (5 MB of bytes is about 6.7 MB of text) and the rest; a larger body is refused (413) before it is read whole. */
const MAX_UPLOAD_BODY = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 64_000;

const noBody = (c: Context) => readJson(c, 1_000, { emptyAs: {} });

/**
 * /api/v1/applications: applying to the marketplace (public, limited per network address like
 * sign-in), confirming the e-mail address by the mailed link, and the applicant's own
 * application (their associate sign-in token): status, documents, answers, withdrawal.
 */
export function applicationRoutes(deps: AppDeps, limiter: RateLimiter, registration: RegistrationService, auth: Pick<Auth, 'associate'>) {
  const { associate } = auth;
  const address = (c: Context) => clientAddress(c, deps.trustedProxyHops ?? 0);
  const perAddress = (what: string, message: string) => rateLimit({ limiter, budget: deps.limits.signIn.perAddress, key: (c) => `${what}:${address(c)}`, message });
  return new Hono<AssociateEnv>()
    .post('/', perAddress('register', 'Too many applications from this address'), async (c) => {
      await registration.register(parseBody(Registration, await readJson(c, 20_000), 'The application'));
      return c.json({ message: REGISTERED_MESSAGE } satisfies Registered, 202);
    })
    .post('/verify', perAddress('verify', 'Too many attempts from this address'), async (c) => c.json(await registration.verify(parseBody(VerifyEmail, await readJson(c, 2_000)).token)))
    .get('/me', associate, async (c) => c.json(await registration.mine(c.var.associateId)))
    .post('/me/verification', associate, async (c) => {
      await noBody(c);
      return c.json(await registration.resendVerification(c.var.associateId));
    })
    .post('/me/documents', associate, async (c) => c.json(await registration.upload(c.var.associateId, parseBody(DocumentUpload, await readJson(c, MAX_UPLOAD_BODY), 'The document'))))
    .post('/me/reply', associate, async (c) => c.json(await registration.reply(c.var.associateId, parseBody(ApplicationReply, await readJson(c, 20_000), 'The answer').message)))
    .post('/me/withdraw', associate, async (c) => {
      await noBody(c);
      return c.json(await registration.withdraw(c.var.associateId));
    });
}

/** A file name as a Content-Disposition header may carry it: ASCII without quotes or controls, the full name in `filename*`. */
function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** /api/v1/marketplace: the operator's vetting queue, decisions and rules of acceptability (an operator's console session). */
export function vettingQueueRoutes(registration: RegistrationService, auth: Pick<Auth, 'operator'>) {
  const { operator } = auth;
  const idOf = (c: Context) => uuidParam(c.req.param('id') ?? '', 'The application');
  return new Hono<OperatorEnv>()
    .get('/applications', operator, async (c) => c.json(await registration.queue(parseQuery(QueueQuery, c.req.query()))))
    .get('/applications/:id', operator, async (c) => c.json(await registration.detail(idOf(c))))
    .get('/applications/:id/documents/:documentId', operator, async (c) => {
      const doc = await registration.document(idOf(c), uuidParam(c.req.param('documentId'), 'The document'));
      return c.body(new Uint8Array(doc.content), 200, {
        'content-type': doc.contentType,
        'content-disposition': disposition(doc.fileName),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
    })
    .post('/applications/:id/decision', operator, async (c) => {
      const id = idOf(c);
      const body = parseBody(ApplicationDecision, await readJson(c, 10_000), 'The decision');
      const before = await registration.detail(id);
      const after = await registration.decide(id, c.var.operatorId, body);
      audited(c, {
        subject: `application of ${after.email}: ${body.decision.replace('_', ' ')}`,
        before: { status: before.status },
        after: { status: after.status, reason: body.reason },
      });
      return c.json(after);
    })
    .get('/join-settings', operator, async (c) => c.json(await registration.joinSettings()))
    .put('/join-settings', operator, async (c) => {
      const rules = parseBody(JoinRules, await readJson(c, 20_000), 'The rules');
      const before = await registration.joinSettings();
      const after = await registration.setJoinSettings(rules, c.var.operatorId);
      audited(c, { subject: 'rules of acceptability for joining the marketplace', before: before.rules, after: after.rules });
      return c.json(after);
    });
}
