import { Hono } from 'hono';
import { type CheckView, StartAdverseAction } from '../../../../shared/vetting';
import type { Auth, OperatorEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import { readCapped } from '../../streams';
import { audited } from '../audit/routes';
import type { CheckState } from '../registration/ports';
import type { VettingService } from './service';

/** A webhook body: an event with its object is a few kilobytes; 1 MB is far past any. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * POST /api/v1/webhooks/checkr: Checkr's webhooks. The raw body is read as it came (its HMAC is
 * the signature) and handed to the service: 401 `bad_signature` for a missing or wrong signature,
 * 200 for every event taken, seen before or not about a check of ours.
 */
export function checkrWebhookRoutes(vetting: VettingService) {
  return new Hono().post('/checkr', async (c) => {
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > MAX_WEBHOOK_BYTES) throw fail.tooLarge(`The body is ${declared} bytes; at most ${MAX_WEBHOOK_BYTES} are accepted.`);
    const raw = await readCapped(c.req.raw.body, MAX_WEBHOOK_BYTES, () => fail.tooLarge(`The body is larger than ${MAX_WEBHOOK_BYTES} bytes.`));
    return c.json(await vetting.receive(raw, c.req.header('x-checkr-signature')));
  });
}

/** POST /api/v1/marketplace/applications/:id/check/adverse-action: the operator starts the adverse-action path. */
export function vettingOperatorRoutes(vetting: VettingService, auth: Pick<Auth, 'operator'>) {
  return new Hono<OperatorEnv>().post('/applications/:id/check/adverse-action', auth.operator, async (c) => {
    const id = uuidParam(c.req.param('id'), 'The application');
    parseBody(StartAdverseAction, await readJson(c, 1_000, { emptyAs: {} }), 'The adverse action');
    const before = await vetting.state(id);
    const after = checkView(await vetting.startAdverseAction(id));
    audited(c, { subject: `adverse action on application ${id}`, before: before && checkView(before), after });
    return c.json(after);
  });
}

export function checkView(state: CheckState): CheckView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    provider: state.provider,
    package: state.package,
    invitationStatus: state.invitationStatus as CheckView['invitationStatus'],
    reportStatus: state.reportStatus as CheckView['reportStatus'],
    reportResult: state.reportResult,
    adjudication: state.adjudication,
    preAdverseAt: iso(state.preAdverseAt),
    postAdverseDueAt: iso(state.postAdverseDueAt),
    postAdverseAt: iso(state.postAdverseAt),
    createdAt: state.createdAt.toISOString(),
    completedAt: iso(state.completedAt),
  };
}
