import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ServerMessage } from '../../../../shared/realtime';
import { CallList, DialIn } from '../../../../shared/telephony';
import type { App } from '../../app';
import { defaultLimits } from '../../deps';
import { channelUsages, dialInCodes, phoneCalls } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { listen, type SeededAssociate } from '../../testing/offers';
import { liveEngagement, servedWithTwilio, setAssociatePhone as setPhone, useTwilioServer } from '../../testing/telephony';
import type { TwilioServer } from '../../testing/twilio-server';
import { DIAL_IN_CODE_TTL_MS } from './dial-in.core';

const ASSOCIATE_PHONE = '+14155550101';
const SHOPPER_PHONE = '+14155550199';
const OUR_NUMBER = '+14155550000';

const twilioServer = useTwilioServer();
let twilio: TwilioServer;
beforeAll(() => {
  twilio = twilioServer();
});

describe.each(DB_KINDS)('dial-in over Twilio on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let app: App;
  let base = '';
  let close: (() => Promise<void>) | null = null;
  let engagementId: string;
  let associate: SeededAssociate;
  let shopperId: string;

  afterEach(async () => {
    await twilio.idle();
    await close?.();
    close = null;
  });

  const twilioAccount = () => ({ provider: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, numbers: [OUR_NUMBER, '+14155550001'] });
  const setAssociatePhone = (phone: string | null) => setPhone(h, associate.id, phone);

  /** The app calling the local Twilio and taking its webhooks on 127.0.0.1; a live engagement, its associate's phone set. */
  async function live(options: { settings?: boolean; associatePhone?: string | null } = {}): Promise<void> {
    h = api();
    ({ app, base, close } = await servedWithTwilio(h, twilio));
    twilio.incomingCallUrl = `${base}/api/v1/webhooks/twilio/calls/incoming`;
    if (options.settings !== false) expect((await call(app, 'PUT', '/api/v1/telephony/settings', h.seed.voltKey, twilioAccount())).status).toBe(200);
    ({ engagementId, associate, shopperId } = await liveEngagement(h, app, options.associatePhone === undefined ? ASSOCIATE_PHONE : options.associatePhone));
  }

  const path = (rest = '') => `/api/v1/engagements/${engagementId}${rest}`;
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  const dialIn = async () => {
    const res = await call(app, 'POST', path('/dial-in'), h.token);
    expect(res.status).toBe(200);
    return DialIn.parse(await res.json());
  };
  const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  /** What the call was answered at each step: the incoming call's and each code's TwiML. */
  const answers = () => twilio.deliveries.filter((d) => d.kind === 'incoming-call' || d.kind === 'gather').map((d) => ({ kind: d.kind, status: d.status, body: d.body }));
  const statesHeard = (heard: ServerMessage[]) =>
    heard.filter((m): m is Extract<ServerMessage, { type: 'call' }> => m.type === 'call').map((m) => [m.call.state, m.call.direction]).filter((s, i, all) => i === 0 || all[i - 1]![0] !== s[0]);
  const callList = async (token = h.token) => CallList.parse(await (await call(app, 'GET', path('/calls'), token)).json()).calls;

  it('issues the enterprise’s first number and a six-digit code for thirty minutes, the same when asked again, a new one once expired', async () => {
    await live();
    const first = await dialIn();
    expect(first).toEqual({ number: OUR_NUMBER, code: expect.stringMatching(/^\d{6}$/), expiresAt: new Date(h.clock.now().getTime() + DIAL_IN_CODE_TTL_MS).toISOString() });
    h.clock.advance(60_000);
    expect(await dialIn()).toEqual(first);
    const [row] = await h.db.db.select().from(dialInCodes);
    expect(row).toMatchObject({ engagementId, enterpriseId: h.seed.volt.id, code: first.code });
    h.clock.advance(DIAL_IN_CODE_TTL_MS);
    const renewed = await dialIn();
    expect(renewed.expiresAt).toBe(new Date(h.clock.now().getTime() + DIAL_IN_CODE_TTL_MS).toISOString());
    expect(await h.db.db.select().from(dialInCodes)).toHaveLength(1);
    // Only the engagement's shopper asks, with an empty body at most.
    expect((await call(app, 'POST', path('/dial-in'), associate.token)).status).toBe(401);
    expect((await call(app, 'POST', path('/dial-in'), h.token, { extra: 1 })).status).toBe(400);
  });

  it('refuses a code when the enterprise has no Twilio account or the associate no phone, and once the engagement ended', async () => {
    await live({ settings: false, associatePhone: null });
    expect(await errorOf(await call(app, 'POST', path('/dial-in'), h.token))).toEqual([409, 'telephony_not_configured']);
    expect((await call(app, 'PUT', '/api/v1/telephony/settings', h.seed.voltKey, twilioAccount())).status).toBe(200);
    expect(await errorOf(await call(app, 'POST', path('/dial-in'), h.token))).toEqual([409, 'associate_has_no_phone']);
    expect(await h.db.db.select().from(dialInCodes)).toEqual([]);
    await setAssociatePhone(ASSOCIATE_PHONE);
    const { code } = await dialIn();
    expect((await call(app, 'POST', path('/end'), associate.token, { reason: 'done' })).status).toBe(200);
    // The end deleted the code: calling with it is a wrong code.
    expect(await h.db.db.select().from(dialInCodes)).toEqual([]);
    expect(await errorOf(await call(app, 'POST', path('/dial-in'), h.token))).toEqual([409, 'engagement_ended']);
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [code] });
    await twilio.idle();
    expect(answers()[1]!.body).toContain('that code is not valid');
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
  });

  it('bridges a caller with the right code to the associate: calling-associate, connected, ended, pushed to both; the code used up; the phone channel for the talk', async () => {
    await live();
    const { code } = await dialIn();
    const heardAssociate = await listen(app, { associateId: associate.id });
    const heardShopper = await listen(app, { shopperId });
    twilio.scriptCall(ASSOCIATE_PHONE, { outcome: 'answer', talkSeconds: 42 });
    const inbound = await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: code });
    await twilio.idle();
    expect(twilio.problems).toEqual([]);
    const [asked, dialled] = answers();
    expect(asked).toMatchObject({ kind: 'incoming-call', status: 200 });
    expect(asked!.body).toContain(`<Gather input="dtmf" numDigits="6" timeout="10" action="${base}/api/v1/webhooks/twilio/calls/incoming/code?attempt=1" method="POST">`);
    expect(dialled!.status).toBe(200);
    expect(dialled!.body).toMatch(/<Dial answerOnBridge="true" action="[^"]+\/twiml" method="POST" callerId="\+14155550000" timeout="30" timeLimit="7200"><Number statusCallback="[^"]+\/status" statusCallbackEvent="initiated ringing answered completed"/);
    // The associate's phone rang from our number (never the shopper's), as a leg of the shopper's call.
    const child = twilio.childOf(inbound.sid)!;
    expect({ to: child.to, from: child.from }).toEqual({ to: ASSOCIATE_PHONE, from: OUR_NUMBER });
    expect(twilio.deliveries.filter((d) => d.kind === 'call-status').map((d) => [d.status, JSON.parse(d.body).result])).toEqual([
      [200, 'taken'],
      [200, 'taken'],
      [200, 'taken'],
      [200, 'taken'],
    ]);
    for (const heard of [heardAssociate, heardShopper])
      expect(statesHeard(heard)).toEqual([
        ['calling-associate', 'dial-in'],
        ['connected', 'dial-in'],
        ['ended', 'dial-in'],
      ]);
    const rows = await h.db.db.select().from(phoneCalls);
    const parent = rows.find((r) => r.leg === 'shopper')!;
    expect(parent).toMatchObject({ sid: inbound.sid, bridgeId: parent.id, direction: 'dial-in', associateVia: 'phone', fromNumber: OUR_NUMBER, shopperNumber: null, status: 'completed' });
    expect(rows.find((r) => r.leg === 'associate')).toMatchObject({ sid: child.sid, bridgeId: parent.id, status: 'completed', durationSeconds: 42 });
    for (const token of [h.token, associate.token]) {
      const [listed] = await callList(token);
      expect(listed).toMatchObject({ callId: parent.id, direction: 'dial-in', state: 'ended', outcome: 'completed', talkSeconds: 42 });
    }
    const [usage] = await h.db.db.select().from(channelUsages).where(and(eq(channelUsages.engagementId, engagementId), eq(channelUsages.method, 'phone')));
    const associateLeg = rows.find((r) => r.leg === 'associate')!;
    expect(usage).toMatchObject({ startedAt: associateLeg.answeredAt, stoppedAt: new Date(associateLeg.answeredAt!.getTime() + 42_000) });
    // Single use: gone, and calling again with it is a wrong code.
    expect(await h.db.db.select().from(dialInCodes)).toEqual([]);
    twilio.reset();
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [code] });
    await twilio.idle();
    expect(answers()[1]!.body).toContain('that code is not valid');
    expect(await h.db.db.select().from(phoneCalls)).toHaveLength(2);
    expect(JSON.stringify([rows, h.logged])).not.toContain(SHOPPER_PHONE.slice(1));
  });

  it('asks again after a wrong code, hangs up after the third; an expired code is a wrong one', async () => {
    await live();
    const { code } = await dialIn();
    const wrong = otherCode(code);
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [wrong, '12', wrong, code] });
    await twilio.idle();
    const seen = answers();
    expect(seen.map((a) => [a.kind, a.status])).toEqual([
      ['incoming-call', 200],
      ['gather', 200],
      ['gather', 200],
      ['gather', 200],
    ]);
    expect(seen[1]!.body).toContain('incoming/code?attempt=2');
    expect(seen[2]!.body).toContain('incoming/code?attempt=3');
    expect(seen[3]!.body).not.toContain('<Gather');
    expect(seen[3]!.body).toMatch(/<Say>[^<]*not valid[^<]*<\/Say><Hangup\/><\/Response>$/);
    // Nothing opened, the code still there.
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
    expect(await h.db.db.select().from(dialInCodes)).toHaveLength(1);
    h.clock.advance(DIAL_IN_CODE_TTL_MS);
    twilio.reset();
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [code] });
    await twilio.idle();
    expect(answers()[1]!.body).toContain('incoming/code?attempt=2');
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
  });

  it('hangs up on a phone that keyed in too many wrong codes, the right one too, until its budget refills; other phones still join', async () => {
    await live();
    const { code } = await dialIn();
    const wrong = otherCode(code);
    const { capacity, perSecond } = defaultLimits.dialInCodes.perCaller;
    // Two calls of three wrong codes spend the caller's six.
    for (let i = 0; i < capacity / 3; i++) await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [wrong, wrong, wrong] });
    await twilio.idle();
    twilio.reset();
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [code] });
    await twilio.idle();
    const refused = answers();
    expect(refused.map((a) => a.kind)).toEqual(['incoming-call']);
    expect(refused[0]!.body).toMatch(/<Say>Sorry, too many codes[^<]*<\/Say><Hangup\/><\/Response>$/);
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
    expect(await h.db.db.select().from(dialInCodes)).toHaveLength(1);
    // One token back: the same phone may try again, and the right code joins.
    h.clock.advance(Math.ceil(1_000 / perSecond));
    twilio.reset();
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [code] });
    await twilio.idle();
    expect(await h.db.db.select({ direction: phoneCalls.direction }).from(phoneCalls).where(eq(phoneCalls.leg, 'shopper'))).toEqual([{ direction: 'dial-in' }]);
  });

  it('keeps each phone’s wrong codes apart: another phone, spending its own, is not refused for the first one’s', async () => {
    await live();
    const { code } = await dialIn();
    const wrong = otherCode(code);
    for (let i = 0; i < 2; i++) await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [wrong, wrong, wrong] });
    await twilio.idle();
    twilio.reset();
    await twilio.receiveCall({ from: '+14155550177', to: OUR_NUMBER, digits: [wrong, code] });
    await twilio.idle();
    expect(answers().map((a) => a.kind)).toEqual(['incoming-call', 'gather', 'gather']);
    expect(await h.db.db.select({ direction: phoneCalls.direction }).from(phoneCalls).where(eq(phoneCalls.leg, 'shopper'))).toEqual([{ direction: 'dial-in' }]);
  });

  it('tells the associate busy apart, and a hang-up by either party ends the shopper’s own call', async () => {
    await live();
    twilio.scriptCall(ASSOCIATE_PHONE, { outcome: 'busy' });
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: (await dialIn()).code });
    await twilio.idle();
    expect((await callList()).map((c) => [c.direction, c.state, c.outcome])).toEqual([['dial-in', 'ended', 'associate-busy']]);
    twilio.scriptCall(ASSOCIATE_PHONE, { outcome: 'hold' });
    h.clock.advance(1000);
    const inbound = await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: (await dialIn()).code });
    await twilio.idle();
    const held = (await callList())[1]!;
    expect(held).toMatchObject({ state: 'connected', direction: 'dial-in' });
    // A second call in while one is under way is not bridged; its code is kept.
    const { code } = await dialIn();
    twilio.reset();
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: code });
    await twilio.idle();
    expect(answers()[1]!.body).toContain('cannot connect your call');
    expect(await h.db.db.select().from(dialInCodes)).toHaveLength(1);
    h.clock.advance(20_000);
    const hungUp = await call(app, 'POST', path(`/calls/${held.callId}/hangup`), associate.token);
    expect(hungUp.status).toBe(200);
    await twilio.idle();
    expect(twilio.calls.get(inbound.sid)!.status).toBe('completed');
    expect(twilio.childOf(inbound.sid)!.status).toBe('completed');
    expect((await callList())[1]).toMatchObject({ state: 'ended', outcome: 'completed' });
    expect((await h.db.db.select().from(phoneCalls).where(eq(phoneCalls.bridgeId, held.callId))).every((l) => l.endedAt !== null)).toBe(true);
  });

  it('takes a call in through the local Twilio’s demo lever too (POST /_control/calls/incoming)', async () => {
    await live();
    const { code } = await dialIn();
    const res = await fetch(`${twilio.url}/_control/calls/incoming`, { method: 'POST', body: JSON.stringify({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: [otherCode(code), code] }) });
    expect(res.status).toBe(200);
    const inbound = (await res.json()) as { sid: string; direction: string };
    expect(inbound.direction).toBe('inbound');
    await twilio.idle();
    expect(answers().map((a) => a.kind)).toEqual(['incoming-call', 'gather', 'gather']);
    expect(twilio.childOf(inbound.sid)).toMatchObject({ to: ASSOCIATE_PHONE, status: 'completed' });
    expect((await callList()).map((c) => [c.direction, c.state, c.outcome])).toEqual([['dial-in', 'ended', 'completed']]);
  });

  it('refuses an unsigned or badly signed call 401 and a number no enterprise lists 404, changing nothing', async () => {
    await live();
    const { code } = await dialIn();
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: code }, { signature: null });
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: code }, { signature: 'bm90IGEgc2lnbmF0dXJl' });
    await twilio.receiveCall({ from: SHOPPER_PHONE, to: '+14155559999', digits: code });
    await twilio.idle();
    expect(answers().map((a) => [a.status, a.status < 500 ? JSON.parse(a.body).error.code : null])).toEqual([
      [401, 'bad_signature'],
      [401, 'bad_signature'],
      [404, 'not_found'],
    ]);
    // The code's webhook, signed wrong or not at all, uses nothing.
    const url = `${base}/api/v1/webhooks/twilio/calls/incoming/code?attempt=1`;
    const params: [string, string][] = [['CallSid', `CA${'0'.repeat(32)}`], ['To', OUR_NUMBER], ['From', SHOPPER_PHONE], ['Digits', code]];
    for (const signature of [null, 'bm90IGEgc2lnbmF0dXJl']) expect((await twilio.deliver('gather', url, params, signature)).status).toBe(401);
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
    expect(await h.db.db.select().from(dialInCodes)).toHaveLength(1);
    // Signed right, the same form opens the bridge.
    const taken = await twilio.deliver('gather', url, params);
    expect(taken.status).toBe(200);
    expect(taken.body).toContain('<Dial');
    expect(await h.db.db.select().from(phoneCalls)).toHaveLength(1);
  });
});
