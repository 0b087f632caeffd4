import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ContactPreferences } from '../../../../shared/associates';
import type { App } from '../../app';
import { OfferAccepted } from '../../../../shared/offers';
import { ShopperPhoneGiven } from '../../../../shared/telephony';
import { associates, phoneCalls } from '../../db/schema';
import { createOutbound } from '../../outbound/client';
import { type ApiHarness, call as callApi, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { bodyText, localServer, serveOnLoopback } from '../../testing/local-server';
import { seedOffered } from '../../testing/offers';
import { type Sipp, type SippScenario, startSipp } from '../../testing/sipp-phone';
import { type TwilioDelivery, TwilioServer } from '../../testing/twilio-server';
import type { Telephony } from './telephony';
import { bridgeTwiml, emptyTwiml, hangupTwiml } from './twiml.core';
import { twilioTelephony } from './twilio';

/*
 * SIP for contact-centre phones: the local Twilio calls a SIP address as Twilio does, in real SIP
 * over UDP, and SIPp (sip-tester) is the phone. Without SIPp each test that calls it fails,
 * saying what to install (startSipp); none is skipped.
 */

const OURS = '+15005550006';
const SHOPPER = '+14155550199';

let twilio: TwilioServer;
/** Our side of the webhooks: TwiML where Twilio expects it; what was asked is in the stand-in's `deliveries`. */
let receiver: { base: string; close: () => Promise<void> };
let telephony: Telephony;
const sipps: Sipp[] = [];

/** A SIPp phone for one call, stopped after the test if still running. */
async function phone(scenario: SippScenario, options: { reject?: [number, string] } = {}): Promise<Sipp> {
  const sipp = await startSipp(scenario, options);
  sipps.push(sipp);
  return sipp;
}

beforeAll(async () => {
  twilio = await TwilioServer.start();
  const server = await localServer((req, res) => {
    void bodyText(req).then(() => {
      const path = new URL(`${server.url}${req.url}`).pathname;
      const twiml = path === '/twiml' ? emptyTwiml() : path === '/dial-done' ? hangupTwiml() : null;
      res.writeHead(twiml ? 200 : 204, twiml ? { 'content-type': 'text/xml' } : {});
      res.end(twiml ?? undefined);
    });
  });
  receiver = { base: server.url, close: server.close };
  telephony = twilioTelephony({ baseUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken }, createOutbound({ allowHosts: [twilio.host] }));
});
afterEach(async () => {
  for (const sipp of sipps.splice(0)) sipp.stop();
  await twilio.idle();
  twilio.reset();
});
afterAll(async () => {
  await twilio?.close();
  await receiver?.close();
});

const param = (d: TwilioDelivery, name: string) => new URLSearchParams(d.params).get(name);
const at = (path: string) => twilio.deliveries.filter((d) => d.url && new URL(d.url).pathname === path);
const statuses = (path = '/status') => at(path).map((r) => param(r, 'CallStatus'));
const place = (to: string, timeoutSeconds = 10) => telephony.placeCall({ to, from: OURS, instructions: { url: `${receiver.base}/twiml` }, statusCallback: `${receiver.base}/status`, timeoutSeconds }, AbortSignal.timeout(5000));
/** What the stand-in's SIP user agent sent and received, in order (`>` out, `<` in). */
const wire = async () => (await twilio.sip()).trace.map((t) => `${t.direction === 'out' ? '>' : '<'}${t.message.kind === 'request' ? t.message.method : t.message.status}`);

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the local Twilio calling a SIP address, SIPp answering', () => {
  it('walks a call the phone answers and hangs up: queued → initiated → ringing → in-progress → completed, signed callbacks, its real duration', async () => {
    const sipp = await phone('answer-hangup');
    (await twilio.sip()).trace.length = 0;
    const placed = await place(sipp.address());
    expect(placed.status).toBe('queued');
    const done = await twilio.walked(placed.sid);
    expect((await sipp.exited).code).toBe(0);
    expect(twilio.problems).toEqual([]);
    expect(statuses()).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(at('/status').map((r) => param(r, 'SequenceNumber'))).toEqual(['0', '1', '2', '3']);
    for (const r of twilio.deliveries) {
      expect([r.status, telephony.signatureMatches(r.url, r.params, r.signature)], `${r.url} is signed`).toEqual([r.kind === 'twiml' ? 200 : 204, true]);
      expect([param(r, 'CallSid'), param(r, 'To'), param(r, 'From')]).toEqual([placed.sid, sipp.address(), OURS]);
    }
    // The TwiML was fetched once, on answer.
    expect(at('/twiml').map((r) => param(r, 'CallStatus'))).toEqual(['in-progress']);
    // The scenario talks two seconds.
    const duration = Number(param(at('/status').at(-1)!, 'CallDuration'));
    expect(duration).toBeGreaterThanOrEqual(2);
    expect(duration).toBeLessThanOrEqual(3);
    expect(done).toMatchObject({ status: 'completed', to: sipp.address(), duration: String(duration) });
    expect(await wire()).toEqual(['>INVITE', '<100', '<180', '<200', '>ACK', '<BYE', '>200']);
  });

  it('sends a BYE when the call is hung up through the API (Status=completed)', async () => {
    const sipp = await phone('uas');
    (await twilio.sip()).trace.length = 0;
    const placed = await place(sipp.address());
    // Answered, its TwiML run: the call waits for a side to hang up.
    await twilio.idle();
    expect(statuses()).toEqual(['initiated', 'ringing', 'in-progress']);
    expect((await telephony.hangUp(placed.sid, AbortSignal.timeout(5000))).sid).toBe(placed.sid);
    expect(await twilio.walked(placed.sid)).toMatchObject({ status: 'completed' });
    expect((await sipp.exited).code).toBe(0);
    expect(statuses()).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(await wire()).toEqual(['>INVITE', '<180', '<200', '>ACK', '>BYE', '<200']);
  });

  it('reports busy for 486 (and 600), no-answer for 480, failed for 603 and 404: the rejection ACKed', async () => {
    for (const [reject, status] of [[[486, 'Busy Here'], 'busy'], [[600, 'Busy Everywhere'], 'busy'], [[480, 'Temporarily Unavailable'], 'no-answer'], [[603, 'Decline'], 'failed'], [[404, 'Not Found'], 'failed']] as const) {
      twilio.reset();
      const sipp = await phone('busy', { reject: [...reject] });
      (await twilio.sip()).trace.length = 0;
      const placed = await place(sipp.address());
      expect(await twilio.walked(placed.sid), String(reject[0])).toMatchObject({ status, duration: '0' });
      expect((await sipp.exited).code, String(reject[0])).toBe(0);
      expect(statuses(), String(reject[0])).toEqual(['initiated', status]);
      expect(param(at('/status').at(-1)!, 'CallDuration')).toBe('0');
      expect(at('/twiml')).toEqual([]);
      expect(await wire()).toEqual(['>INVITE', '<100', `<${reject[0]}`, '>ACK']);
    }
  });

  it('cancels a call ringing past its Timeout (no-answer), and one hung up while ringing (canceled)', async () => {
    const sipp = await phone('ring');
    (await twilio.sip()).trace.length = 0;
    const unanswered = await place(sipp.address(), 1);
    expect(await twilio.walked(unanswered.sid)).toMatchObject({ status: 'no-answer' });
    expect((await sipp.exited).code).toBe(0);
    expect(statuses()).toEqual(['initiated', 'ringing', 'no-answer']);
    expect(await wire()).toEqual(['>INVITE', '<100', '<180', '>CANCEL', '<200', '<487', '>ACK']);

    twilio.reset();
    const again = await phone('ring');
    const hungUp = await place(again.address(), 30);
    await until(() => statuses().includes('ringing'), 'ringing');
    await telephony.hangUp(hungUp.sid, AbortSignal.timeout(5000));
    expect(await twilio.walked(hungUp.sid)).toMatchObject({ status: 'canceled' });
    expect((await again.exited).code).toBe(0);
    expect(statuses()).toEqual(['initiated', 'ringing', 'canceled']);
  });

  it('dials a <Sip> leg from a call’s TwiML: the leg walks by SIP with its own callbacks, then the <Dial> action', async () => {
    const sipp = await phone('answer-hangup');
    const twiml = bridgeTwiml({ associate: sipp.address(), action: `${receiver.base}/dial-done`, legStatusCallback: `${receiver.base}/leg-status`, callerId: OURS, timeoutSeconds: 10 });
    const placed = await telephony.placeCall({ to: SHOPPER, from: OURS, instructions: { twiml }, statusCallback: `${receiver.base}/status` }, AbortSignal.timeout(5000));
    // The SIP leg lasts until the phone hangs up (idle() does not wait for a person): the whole call's walk does.
    await twilio.walked(placed.sid);
    expect((await sipp.exited).code).toBe(0);
    const leg = twilio.childOf(placed.sid)!;
    expect(leg).toMatchObject({ to: sipp.address(), status: 'completed', parent_call_sid: placed.sid });
    expect(statuses('/leg-status')).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(at('/leg-status').every((r) => param(r, 'ParentCallSid') === placed.sid)).toBe(true);
    expect(at('/dial-done').map((r) => [param(r, 'DialCallStatus'), param(r, 'DialCallSid')])).toEqual([['completed', leg.sid]]);
    expect(Number(leg.duration)).toBeGreaterThanOrEqual(2);
    expect(twilio.calls.get(placed.sid)).toMatchObject({ status: 'completed', duration: leg.duration });
  });

  it('refuses a To that is neither a number nor a SIP address', async () => {
    await expect(place('sip:nobody')).rejects.toThrowError(/21211/);
    await expect(place('agent@127.0.0.1')).rejects.toThrowError(/21211/);
  });
});

describe.each(DB_KINDS)('an associate reached over SIP on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let app: App;
  let close: (() => Promise<void>) | null = null;

  afterEach(async () => {
    await twilio.idle();
    await close?.();
    close = null;
  });

  it('bridges the associate whose contact preference is a SIP address: their SIP phone rings, answers, the shopper is dialled, the stand-in hangs up with a BYE', async () => {
    h = api();
    let base = '';
    app = h.appWith({ outbound: createOutbound({ allowHosts: [twilio.host] }), twilioApiUrl: twilio.url, publicUrl: () => base });
    const served = await serveOnLoopback(app);
    base = served.url;
    close = served.close;
    const settings = await callApi(app, 'PUT', '/api/v1/telephony/settings', h.seed.voltKey, { provider: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, numbers: [OURS] });
    expect(settings.status).toBe(200);
    // A live engagement: the associate accepted the offer, the shopper said yes.
    const offered = await seedOffered(h);
    const won = OfferAccepted.parse(await (await callApi(app, 'POST', `/api/v1/offers/${offered.offerId}/accept`, offered.associate.token)).json());
    const engagementId = won.engagement.id;
    expect((await callApi(app, 'POST', `/api/v1/engagements/${engagementId}/answer`, h.token, { accept: true })).status).toBe(200);

    // The associate takes calls on a contact-centre phone: SIPp, their contact preference.
    const sipp = await phone('uas');
    const [associate] = await h.db.db.select({ contact: associates.contact }).from(associates).where(eq(associates.id, offered.associate.id));
    const contact = ContactPreferences.parse({ ...associate!.contact, phone: sipp.address() });
    await h.db.db.update(associates).set({ contact }).where(eq(associates.id, offered.associate.id));

    // The shopper gives a number and asks to be called now.
    twilio.scriptCall(SHOPPER, { outcome: 'answer', talkSeconds: 42 });
    const given = await callApi(app, 'PUT', `/api/v1/engagements/${engagementId}/phone`, h.token, { phone: SHOPPER, purposes: ['call'], consent: true, callNow: true });
    expect(given.status).toBe(200);
    const view = ShopperPhoneGiven.parse(await given.json()).call!;
    expect(view).toMatchObject({ associateVia: 'sip', direction: 'click-to-call' });
    await twilio.idle();
    expect(twilio.problems).toEqual([]);
    // The phone saw INVITE, ACK and the BYE the stand-in sent once the shopper's leg ended.
    expect((await sipp.exited).code).toBe(0);
    const rows = await h.db.db.select().from(phoneCalls).where(eq(phoneCalls.bridgeId, view.callId));
    const associateLeg = rows.find((r) => r.leg === 'associate')!;
    const shopperLeg = rows.find((r) => r.leg === 'shopper')!;
    expect(twilio.calls.get(associateLeg.sid!)).toMatchObject({ to: sipp.address(), from: OURS, status: 'completed' });
    expect(associateLeg).toMatchObject({ status: 'completed', sequence: 3, durationSeconds: 42, associateVia: 'sip', shopperNumber: null, endedBy: 'callback' });
    expect(shopperLeg).toMatchObject({ status: 'completed', durationSeconds: 42 });
    expect(associateLeg.answeredAt).toBeInstanceOf(Date);
    // The TwiML fetched on answer dialled the shopper's number.
    const twiml = twilio.deliveries.filter((d) => d.kind === 'twiml');
    expect(twiml.map((d) => [d.status, new URLSearchParams(d.params).get('To')])).toEqual([[200, sipp.address()]]);
    expect(twiml[0]!.body).toContain(`>${SHOPPER}</Number>`);
    expect(twilio.deliveries.filter((d) => d.kind === 'call-status').every((d) => d.status === 200)).toBe(true);
  });
});
