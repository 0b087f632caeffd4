import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { DialInBody, SendTextBody, ShopperPhoneBody, StartCallBody, TelephonySettingsBody } from '../../../../shared/telephony';
import { Unauthorized } from '../../errors';
import type { Auth, EnterpriseEnv, PartyEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import { readCapped } from '../../streams';
import { audited } from '../audit/routes';
import { attemptOf } from './dial-in.core';
import type { DialInService } from './dial-in';
import type { SignedRequest, TelephonyService } from './service';
import type { TextService } from './texts';

/** A Twilio webhook's form: a callback is well under two kilobytes. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/** GET/PUT/DELETE /api/v1/telephony/settings: the enterprise's Twilio account (owner and admins: it holds a secret). */
export function telephonySettingsRoutes(telephony: TelephonyService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/settings', enterprise, async (c) => c.json(await telephony.settings(c.var.enterpriseId)))
    .put('/settings', enterprise, async (c) => {
      const body = parseBody(TelephonySettingsBody, await readJson(c, 2_000), 'The telephony settings');
      const before = await telephony.settings(c.var.enterpriseId);
      const after = await telephony.putSettings(c.var.enterpriseId, body);
      audited(c, { subject: 'telephony settings', before, after: { ...after, authTokenChanged: body.authToken !== undefined } });
      return c.json(after);
    })
    .delete('/settings', enterprise, async (c) => {
      const before = await telephony.settings(c.var.enterpriseId);
      await telephony.deleteSettings(c.var.enterpriseId);
      audited(c, { subject: 'telephony settings', before, after: null });
      return c.body(null, 204);
    });
}

/**
 * PUT/GET/DELETE /api/v1/engagements/:id/phone: the number the engagement's shopper gives for
 * calls and texts (GET: either party, masked).
 * POST/GET /api/v1/engagements/:id/calls, POST …/calls/:callId/hangup: either party calls (Twilio
 * rings the associate's phone, then the shopper's), lists the calls, hangs up.
 * POST /api/v1/engagements/:id/texts: the engagement's associate texts the number the shopper gave for texts.
 * GET /api/v1/engagements/:id/texts: the engagement's texts, both ways, for its associate.
 */
export function engagementCallRoutes(telephony: TelephonyService, texts: TextService, auth: Pick<Auth, 'associate' | 'shopper' | 'side'>) {
  return new Hono()
    .put('/:id/phone', auth.shopper, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(ShopperPhoneBody, await readJson(c, 1_000), 'The number');
      return c.json(await telephony.giveShopperPhone(c.var.shopperId, id, body));
    })
    .get('/:id/phone', auth.side, async (c) => c.json(await telephony.shopperPhone(sideOf(c.var.party), uuidParam(c.req.param('id'), 'The engagement'))))
    .delete('/:id/phone', auth.shopper, async (c) => {
      await telephony.takeBackShopperPhone(c.var.shopperId, uuidParam(c.req.param('id'), 'The engagement'));
      return c.body(null, 204);
    })
    .post('/:id/calls', auth.side, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      parseBody(StartCallBody, await readJson(c, 1_000, { emptyAs: {} }), 'The call');
      return c.json(await telephony.startCall(sideOf(c.var.party), id), 201);
    })
    .get('/:id/calls', auth.side, async (c) => c.json(await telephony.calls(sideOf(c.var.party), uuidParam(c.req.param('id'), 'The engagement'))))
    .post('/:id/calls/:callId/hangup', auth.side, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      await readJson(c, 1_000, { emptyAs: {} });
      return c.json(await telephony.hangUp(sideOf(c.var.party), id, c.req.param('callId')));
    })
    .post('/:id/texts', auth.associate, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(SendTextBody, await readJson(c, 16_000), 'The text');
      return c.json(await texts.send(c.var.associateId, id, body), 201);
    })
    .get('/:id/texts', auth.associate, async (c) => c.json(await texts.list(c.var.associateId, uuidParam(c.req.param('id'), 'The engagement'))));
}

/** POST /api/v1/engagements/:id/dial-in: the engagement's shopper asks for the enterprise's number and the code that joins the associate by phone. */
export function dialInRoutes(dialIn: DialInService, auth: Pick<Auth, 'shopper'>) {
  return new Hono().post('/:id/dial-in', auth.shopper, async (c) => {
    const id = uuidParam(c.req.param('id'), 'The engagement');
    parseBody(DialInBody, await readJson(c, 1_000, { emptyAs: {} }), 'The request');
    return c.json(await dialIn.issue(c.var.shopperId, id));
  });
}

/** The shopper or the associate of a request `side` let through (an enterprise never is). */
function sideOf(party: PartyEnv['Variables']['party']): { shopperId: string } | { associateId: string } {
  if ('enterpriseId' in party) throw new Unauthorized('Send the shopper token or the associate token of the engagement.');
  return party;
}

/**
 * POST /api/v1/webhooks/twilio/calls/:callId/twiml and …/status, …/texts/:textId/status and
 * …/texts/incoming: Twilio's requests about a bridge or a text, each signed (X-Twilio-Signature) with the enterprise's auth token over the URL it
 * requested and the form.
 */
export function twilioWebhookRoutes(telephony: TelephonyService, texts: TextService) {
  return new Hono()
    .post('/texts/incoming', async (c) => c.body(await texts.incoming(await signedRequest(c)), 200, { 'content-type': 'text/xml; charset=utf-8' }))
    .post('/texts/:textId/status', async (c) => c.json(await texts.status(c.req.param('textId'), await signedRequest(c))))
    .post('/calls/:callId/twiml', async (c) => {
      const xml = await telephony.twiml(c.req.param('callId'), await signedRequest(c));
      return c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8' });
    })
    .post('/calls/:callId/status', async (c) => c.json(await telephony.callStatus(c.req.param('callId'), await signedRequest(c))));
}

/**
 * POST /api/v1/webhooks/twilio/calls/incoming and …/calls/incoming/code: a call to one of an
 * enterprise's numbers (the number's voice URL), then the code its caller keyed in; both signed
 * with the auth token of the enterprise whose number is `To`. Both answer TwiML.
 */
export function dialInWebhookRoutes(dialIn: DialInService) {
  const twiml = (c: Context, xml: string) => c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  return new Hono()
    .post('/calls/incoming', async (c) => twiml(c, await dialIn.incoming(await signedRequest(c))))
    .post('/calls/incoming/code', async (c) => twiml(c, await dialIn.code(await signedRequest(c), attemptOf(c.req.query('attempt')))));
}

/** The request as Twilio signed it: the path with its query, the form's fields in order, the signature header. */
async function signedRequest(c: Context): Promise<SignedRequest> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > MAX_WEBHOOK_BYTES) throw fail.tooLarge(`The body is ${declared} bytes; at most ${MAX_WEBHOOK_BYTES} are accepted.`);
  const raw = await readCapped(c.req.raw.body, MAX_WEBHOOK_BYTES, () => fail.tooLarge(`The body is larger than ${MAX_WEBHOOK_BYTES} bytes.`));
  const form = (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(raw.toString('utf8')) : new URLSearchParams();
  const url = new URL(c.req.url);
  return { pathAndQuery: `${url.pathname}${url.search}`, params: [...form], signature: c.req.header('x-twilio-signature') };
}
