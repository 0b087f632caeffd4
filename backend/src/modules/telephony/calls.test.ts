import { serveOnLoopback } from '../../testing/local-server';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelephonySettingsView } from '../../../../shared/telephony';
import type { App } from '../../app';
import { associateTokens, auditEntries, engagements, phoneCalls, telephonySettings } from '../../db/schema';
import { hashSecret, newSecret } from '../../secrets';
import { createOutbound } from '../../outbound/client';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { seedEngagements } from '../../testing/orders';
import { TwilioServer, type TwilioDelivery } from '../../testing/twilio-server';
import { STALE_CALL_AFTER_MS } from './service';

const ASSOCIATE_PHONE = '+14155550101';
const SHOPPER_PHONE = '+14155550199';
const OUR_NUMBER = '+14155550000';

let twilio: TwilioServer;
beforeAll(async () => {
  twilio = await TwilioServer.start();
});
afterAll(async () => {
  await twilio.close();
});

describe.each(DB_KINDS)('click-to-call over Twilio on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let app: App;
  let close: (() => Promise<void>) | null = null;

  /** The app calling the local Twilio, listening on 127.0.0.1 (its PUBLIC_URL) for Twilio's webhooks. */
  async function withTwilio() {
    h = api();
    twilio.reset();
    let base = '';
    app = h.appWith({ outbound: createOutbound({ allowHosts: [twilio.host] }), twilioApiUrl: twilio.url, publicUrl: () => base });
    const served = await serveOnLoopback(app);
    base = served.url;
    close = served.close;
  }

  afterEach(async () => {
    await twilio.idle();
    await close?.();
    close = null;
  });

  const putSettings = (body: Record<string, unknown>, key = h.seed.voltKey) => call(app, 'PUT', '/api/v1/telephony/settings', key, body);
  const twilioAccount = (over: Record<string, unknown> = {}) => ({ provider: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, numbers: [OUR_NUMBER], ...over });

  /** Voltaire with its Twilio account set, and one of its engagements. */
  async function configured(): Promise<string> {
    await withTwilio();
    expect((await putSettings(twilioAccount())).status).toBe(200);
    const [engagement] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    return engagement!.id;
  }

  const legs = async (callId: string) => {
    const rows = await h.db.db.select().from(phoneCalls).where(eq(phoneCalls.bridgeId, callId)).orderBy(asc(phoneCalls.leg));
    return { associate: rows.find((r) => r.leg === 'associate')!, shopper: rows.find((r) => r.leg === 'shopper') };
  };
  const statusesOf = (sid: string) =>
    twilio.deliveries.filter((d) => d.kind === 'call-status' && d.params.some(([k, v]) => k === 'CallSid' && v === sid)).map((d) => new URLSearchParams(d.params).get('CallStatus'));
  const callbacks = () => twilio.deliveries.filter((d) => d.kind === 'call-status');
  const redeliver = (d: TwilioDelivery, signature?: string | null) => twilio.deliver(d.kind, d.url, d.params, signature);

  it('keeps the enterprise’s Twilio account: the auth token write-only and sealed, numbers in E.164; removed by DELETE', async () => {
    await withTwilio();
    const read = async () => TelephonySettingsView.parse(await (await call(app, 'GET', '/api/v1/telephony/settings', h.seed.voltKey)).json());
    expect(await read()).toEqual({ configured: false, provider: null, accountSid: null, authTokenSet: false, numbers: [], updatedAt: null });
    // The first settings need the token.
    const without = await putSettings(twilioAccount({ authToken: undefined }));
    expect(without.status).toBe(400);
    expect(await read()).toMatchObject({ configured: false });
    for (const bad of [{ accountSid: 'AC123' }, { accountSid: twilio.accountSid.toUpperCase() }, { authToken: 'short' }, { numbers: [] }, { numbers: ['4155550000'] }, { numbers: [OUR_NUMBER, OUR_NUMBER] }, { numbers: Array.from({ length: 21 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`) }, { provider: 'vonage' }, { extra: 1 }]) {
      const res = await putSettings(twilioAccount(bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const put = await putSettings(twilioAccount());
    const text = await put.text();
    expect(put.status).toBe(200);
    expect(text).not.toContain(twilio.authToken);
    expect(JSON.parse(text)).toMatchObject({ configured: true, provider: 'twilio', accountSid: twilio.accountSid, authTokenSet: true, numbers: [OUR_NUMBER] });
    const [row] = await h.db.db.select().from(telephonySettings).where(eq(telephonySettings.enterpriseId, h.seed.volt.id));
    expect(row!.authToken).not.toContain(twilio.authToken);
    // Left out later, the token stays; the other enterprise sees none of it.
    expect((await putSettings(twilioAccount({ authToken: undefined, numbers: ['+14155550001', OUR_NUMBER] }))).status).toBe(200);
    const [kept] = await h.db.db.select().from(telephonySettings).where(eq(telephonySettings.enterpriseId, h.seed.volt.id));
    expect(kept!.authToken).toBe(row!.authToken);
    expect(await read()).toMatchObject({ numbers: ['+14155550001', OUR_NUMBER], authTokenSet: true });
    expect(await (await call(app, 'GET', '/api/v1/telephony/settings', h.seed.summitKey)).json()).toMatchObject({ configured: false });
    expect((await call(app, 'DELETE', '/api/v1/telephony/settings', h.seed.voltKey)).status).toBe(204);
    expect(await read()).toMatchObject({ configured: false, authTokenSet: false });
    // Each change is in the audit log, the token never.
    const audit = await h.db.db.select().from(auditEntries).where(eq(auditEntries.enterpriseId, h.seed.volt.id));
    expect(audit.filter((e) => JSON.stringify(e).includes('telephony settings')).length).toBe(3);
    expect(JSON.stringify(audit)).not.toContain(twilio.authToken);
  });

  it('bridges associate and shopper: both legs walked queued → ringing → in-progress → completed, the shopper’s number dropped at the end', async () => {
    const engagementId = await configured();
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'answer', talkSeconds: 42 });
    const placed = await app.telephony.startBridge({ engagementId, associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE });
    expect(placed).toMatchObject({ status: 'queued' });
    await twilio.idle();
    expect(twilio.problems).toEqual([]);
    // The call went to the associate from our number, the TwiML dialled the shopper with our number as caller id.
    const parent = twilio.calls.get(placed.sid)!;
    expect({ to: parent.to, from: parent.from }).toEqual({ to: ASSOCIATE_PHONE, from: OUR_NUMBER });
    const child = twilio.childOf(placed.sid)!;
    expect({ to: child.to, from: child.from }).toEqual({ to: SHOPPER_PHONE, from: OUR_NUMBER });
    const twiml = twilio.deliveries.filter((d) => d.kind === 'twiml');
    expect(twiml.map((d) => d.status)).toEqual([200]);
    expect(twiml[0]!.body).toContain(`<Number statusCallback="${twiml[0]!.url.replace('/twiml', '/status')}"`);
    expect(twilio.deliveries.filter((d) => d.kind === 'dial-action').map((d) => d.body)).toEqual([expect.stringContaining('<Hangup/>')]);
    for (const sid of [placed.sid, child.sid]) expect(statusesOf(sid)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(callbacks().map((d) => [d.status, JSON.parse(d.body).result])).toEqual(callbacks().map(() => [200, 'taken']));

    const { associate, shopper } = await legs(placed.callId);
    expect(associate).toMatchObject({ engagementId, enterpriseId: h.seed.volt.id, sid: placed.sid, status: 'completed', sequence: 3, durationSeconds: 42, endedBy: 'callback', shopperNumber: null, fromNumber: OUR_NUMBER });
    expect(shopper).toMatchObject({ sid: child.sid, status: 'completed', sequence: 3, durationSeconds: 42, endedBy: 'callback' });
    for (const leg of [associate, shopper!]) {
      expect(leg.answeredAt).toBeInstanceOf(Date);
      expect(leg.endedAt).toBeInstanceOf(Date);
    }
    // The shopper's number was stored sealed while the call lasted, never in clear.
    expect(JSON.stringify(await h.db.db.select().from(phoneCalls))).not.toContain(SHOPPER_PHONE.slice(1));
  });

  it('records a busy shopper and an associate who does not answer (then nobody is dialled)', async () => {
    const engagementId = await configured();
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'busy' });
    const busy = await app.telephony.startBridge({ engagementId, associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE });
    await twilio.idle();
    const first = await legs(busy.callId);
    expect(first.shopper).toMatchObject({ status: 'busy', durationSeconds: 0, answeredAt: null });
    expect(first.associate).toMatchObject({ status: 'completed', shopperNumber: null });

    twilio.reset();
    twilio.scriptCall(ASSOCIATE_PHONE, { outcome: 'no-answer' });
    const unanswered = await app.telephony.startBridge({ engagementId, associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE });
    await twilio.idle();
    const second = await legs(unanswered.callId);
    expect(second.associate).toMatchObject({ status: 'no-answer', answeredAt: null, shopperNumber: null, endedBy: 'callback' });
    expect(second.shopper).toBeUndefined();
    expect(twilio.deliveries.filter((d) => d.kind === 'twiml')).toEqual([]);
  });

  it('takes replayed and out-of-order callbacks without moving a leg back', async () => {
    const engagementId = await configured();
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'ring' });
    const placed = await app.telephony.startBridge({ engagementId, associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE });
    await twilio.idle();
    const child = twilio.childOf(placed.sid)!;
    const ringing = await legs(placed.callId);
    expect([ringing.associate.status, ringing.shopper!.status]).toEqual(['in-progress', 'ringing']);
    // Older callbacks coming late: each answered `unchanged`, nothing moves.
    for (const d of [...callbacks()].reverse()) {
      const again = await redeliver(d);
      expect([again.status, JSON.parse(again.body).result]).toEqual([200, 'unchanged']);
    }
    expect(await legs(placed.callId)).toEqual(ringing);
    // The shopper's phone is hung up: it ends, the associate's leg with it.
    twilio.hangUp(child.sid);
    await twilio.idle();
    const ended = await legs(placed.callId);
    expect([ended.associate.status, ended.shopper!.status]).toEqual(['completed', 'canceled']);
    // Every callback again, in any order: the ends stand.
    for (const d of callbacks().slice(0, 12)) expect(JSON.parse((await redeliver(d)).body).result).toBe('unchanged');
    expect(await legs(placed.callId)).toEqual(ended);
    // A signed callback about a call that is neither leg changes nothing either.
    const stranger = callbacks()[0]!.params.map(([k, v]): [string, string] => [k, k === 'CallSid' ? `CA${'0'.repeat(32)}` : v]);
    expect(JSON.parse((await twilio.deliver('call-status', callbacks()[0]!.url, stranger)).body)).toEqual({ result: 'ignored', status: null });
  });

  it('refuses a callback without the enterprise’s signature (401, nothing changed), and an unknown call alike (404)', async () => {
    const engagementId = await configured();
    twilio.scriptCall(ASSOCIATE_PHONE, { outcome: 'ring' });
    const placed = await app.telephony.startBridge({ engagementId, associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE });
    await twilio.idle();
    const before = await legs(placed.callId);
    expect(before.associate.status).toBe('ringing');
    const ringing = callbacks().find((d) => new URLSearchParams(d.params).get('CallStatus') === 'ringing')!;
    const completed = ringing.params.map(([k, v]): [string, string] => [k, k === 'CallStatus' ? 'completed' : k === 'SequenceNumber' ? '9' : v]);
    const { twilioRequestSignature } = await import('../../testing/twilio-server');
    for (const signature of [null, '', 'x'.repeat(27) + '=', twilioRequestSignature('f'.repeat(32), ringing.url, completed), twilioRequestSignature(twilio.authToken, `${ringing.url}?x=1`, completed)]) {
      const res = await twilio.deliver('call-status', ringing.url, completed, signature);
      expect([res.status, JSON.parse(res.body).error.code]).toEqual([401, 'bad_signature']);
    }
    // The TwiML route alike.
    const twimlUrl = ringing.url.replace('/status', '/twiml');
    expect((await twilio.deliver('twiml', twimlUrl, ringing.params, null)).status).toBe(401);
    // Unknown and malformed call ids: 404, signed or not.
    for (const url of [ringing.url.replace(placed.callId, crypto.randomUUID()), ringing.url.replace(placed.callId, 'not-a-call')]) {
      const res = await twilio.deliver('call-status', url, completed);
      expect([res.status, JSON.parse(res.body).error.code]).toEqual([404, 'not_found']);
    }
    // Unsigned, an unknown call is refused for its signature before anything is looked up.
    expect((await twilio.deliver('call-status', ringing.url.replace(placed.callId, crypto.randomUUID()), completed, null)).status).toBe(401);
    // A form that is no callback, signed: 400.
    expect((await twilio.deliver('call-status', ringing.url, [['CallSid', placed.sid]])).status).toBe(400);
    expect(await legs(placed.callId)).toEqual(before);
    // Once the settings are removed, nothing verifies.
    expect((await call(app, 'DELETE', '/api/v1/telephony/settings', h.seed.voltKey)).status).toBe(204);
    expect((await twilio.deliver('call-status', ringing.url, completed)).status).toBe(401);
    expect(await legs(placed.callId)).toEqual(before);
    twilio.hangUp(placed.sid);
  });

  it('closes a call whose final callback never came once past the time limit; a recent one stays', async () => {
    const engagementId = await configured();
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'hold' });
    const held = await app.telephony.startBridge({ engagementId, associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE });
    await twilio.idle();
    expect((await legs(held.callId)).associate.status).toBe('in-progress');
    expect(await app.telephony.sweepStale()).toBe(0);
    h.clock.advance(STALE_CALL_AFTER_MS + 1000);
    expect(await app.telephony.sweepStale()).toBe(1);
    const swept = await legs(held.callId);
    expect(swept.associate).toMatchObject({ status: 'completed', endedBy: 'sweep', shopperNumber: null });
    expect(swept.shopper).toMatchObject({ status: 'completed', endedBy: 'sweep' });
    expect(await app.telephony.sweepStale()).toBe(0);
    // The callbacks that come after all change nothing.
    twilio.hangUp(held.sid);
    await twilio.idle();
    expect(await legs(held.callId)).toEqual(swept);
  });

  it('lets the engagement’s associate start a call over HTTP: while live, one at a time, nobody else', async () => {
    const engagementId = await configured();
    const [row] = await h.db.db.select().from(engagements).where(eq(engagements.id, engagementId));
    const tokenOf = async (associateId: string) => {
      const token = newSecret('fwa');
      await h.db.db.insert(associateTokens).values({ tokenHash: hashSecret(token), associateId, createdAt: h.clock.now(), expiresAt: new Date(h.clock.now().getTime() + 3600_000) });
      return token;
    };
    const own = await tokenOf(row!.associateId);
    const [other] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    const stranger = await tokenOf(other!.associateId);
    const body = { shopperPhone: SHOPPER_PHONE, associatePhone: ASSOCIATE_PHONE };
    const start = (token: string, b: unknown = body, id = engagementId) => call(app, 'POST', `/api/v1/engagements/${id}/calls`, token, b);

    expect((await start(stranger)).status).toBe(404);
    expect((await start(own, body, crypto.randomUUID())).status).toBe(404);
    expect((await start(h.seed.voltKey)).status).toBe(401);
    for (const bad of [{ shopperPhone: SHOPPER_PHONE }, { ...body, shopperPhone: '0415 555 019' }, { ...body, extra: true }]) expect((await start(own, bad)).status).toBe(400);
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);

    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'hold' });
    const res = await start(own);
    expect(res.status).toBe(201);
    const started = (await res.json()) as { callId: string; status: string };
    expect(started.status).toBe('queued');
    await twilio.idle();
    expect((await legs(started.callId)).associate).toMatchObject({ engagementId, status: 'in-progress' });
    // One at a time: refused while this one lasts, taken again once it ended.
    const busy = await start(own);
    expect([busy.status, ((await busy.json()) as { error: { code: string } }).error.code]).toEqual([409, 'conflict']);
    twilio.hangUp((await legs(started.callId)).associate.sid!);
    await twilio.idle();
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'answer' });
    expect((await start(own)).status).toBe(201);
    await twilio.idle();
    // An ended engagement takes no call.
    await h.db.db.update(engagements).set({ status: 'ended' }).where(eq(engagements.id, engagementId));
    const ended = await start(own);
    expect([ended.status, ((await ended.json()) as { error: { code: string } }).error.code]).toEqual([409, 'engagement_ended']);
    expect((await h.db.db.select().from(phoneCalls).where(eq(phoneCalls.leg, 'associate'))).length).toBe(2);
  });

  it('leaves nothing behind when the call cannot be placed: no settings, bad numbers, Twilio refusing', async () => {
    await withTwilio();
    const [engagement] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    const start = (over: Partial<{ associatePhone: string; shopperPhone: string }> = {}) =>
      app.telephony.startBridge({ engagementId: engagement!.id, associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE, ...over });
    await expect(start()).rejects.toThrowError(/no telephony settings/);
    expect((await putSettings(twilioAccount({ authToken: 'e'.repeat(32) }))).status).toBe(200);
    await expect(start({ shopperPhone: '0415' })).rejects.toThrowError(/E\.164/);
    await expect(start()).rejects.toThrowError(/Twilio did not place the call/);
    await expect(app.telephony.startBridge({ engagementId: crypto.randomUUID(), associatePhone: ASSOCIATE_PHONE, shopperPhone: SHOPPER_PHONE })).rejects.toThrowError(/engagement was not found/);
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
  });
});
