import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngagementTimeline } from '../../../../shared/engagement-history';
import { EngagementDetail } from '../../../../shared/offers';
import { type ServerMessage } from '../../../../shared/realtime';
import { AssociateList, AssociateView } from '../../../../shared/associates';
import { CallList, CallView, ShopperPhoneGiven, ShopperPhoneView, TelephonySettingsView } from '../../../../shared/telephony';
import type { App } from '../../app';
import { auditEntries, channelUsages, dialInCodes, engagementPhones, phoneCalls, phoneTexts, telephonySettings } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { listen, type SeededAssociate, seedAssociate } from '../../testing/offers';
import { startSipp } from '../../testing/sipp-phone';
import { liveEngagement, servedWithTwilio, setAssociatePhone as setPhone, useTwilioServer } from '../../testing/telephony';
import { type TwilioDelivery, type TwilioServer } from '../../testing/twilio-server';
import { STALE_CALL_AFTER_MS } from './service';
import { numberHash } from './texts';

const ASSOCIATE_PHONE = '+14155550101';
const SHOPPER_PHONE = '+14155550199';
const OUR_NUMBER = '+14155550000';
const SIP_ADDRESS = 'sip:agent@pbx.example.com';

const twilioServer = useTwilioServer();
let twilio: TwilioServer;
beforeAll(() => {
  twilio = twilioServer();
});

describe.each(DB_KINDS)('click-to-call over Twilio on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let app: App;
  let close: (() => Promise<void>) | null = null;
  /** The live engagement of the test: its id, its associate (with a phone), its shopper (h.token). */
  let engagementId: string;
  let associate: SeededAssociate;
  let shopperId: string;

  /** The app calling the local Twilio, listening on 127.0.0.1 (its PUBLIC_URL) for Twilio's webhooks. */
  async function withTwilio() {
    h = api();
    ({ app, close } = await servedWithTwilio(h, twilio));
  }

  afterEach(async () => {
    await twilio.idle();
    await close?.();
    close = null;
  });

  const putSettings = (body: Record<string, unknown>, key = h.seed.voltKey) => call(app, 'PUT', '/api/v1/telephony/settings', key, body);
  const twilioAccount = (over: Record<string, unknown> = {}) => ({ provider: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, numbers: [OUR_NUMBER], ...over });
  const setAssociatePhone = (phone: string | null) => setPhone(h, associate.id, phone);

  /**
   * Voltaire with its Twilio account set (unless told not to), and a live engagement: the
   * shopper accepted; its associate's phone in their contact preferences (unless null).
   */
  async function live(options: { settings?: boolean; associatePhone?: string | null } = {}): Promise<void> {
    await withTwilio();
    if (options.settings !== false) expect((await putSettings(twilioAccount())).status).toBe(200);
    ({ engagementId, associate, shopperId } = await liveEngagement(h, app, options.associatePhone === undefined ? ASSOCIATE_PHONE : options.associatePhone));
  }

  const path = (rest = '') => `/api/v1/engagements/${engagementId}${rest}`;
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  const givePhone = (body: Record<string, unknown> = {}, token = h.token) => call(app, 'PUT', path('/phone'), token, { phone: SHOPPER_PHONE, purposes: ['call'], consent: true, ...body });
  /** The associate calls (POST …/calls) and the call's id and Twilio sid once placed. */
  async function startCall(token = associate.token): Promise<{ callId: string; sid: string; view: CallView }> {
    const res = await call(app, 'POST', path('/calls'), token);
    expect(res.status).toBe(201);
    const view = CallView.parse(await res.json());
    const [row] = await h.db.db.select({ sid: phoneCalls.sid }).from(phoneCalls).where(eq(phoneCalls.id, view.callId));
    return { callId: view.callId, sid: row!.sid!, view };
  }
  const callList = async (token = h.token) => CallList.parse(await (await call(app, 'GET', path('/calls'), token)).json()).calls;
  /** The states of the `call` pushes heard, each once in a row. */
  const statesHeard = (heard: ServerMessage[]) =>
    heard.filter((m): m is Extract<ServerMessage, { type: 'call' }> => m.type === 'call').map((m) => m.call.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);

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

  it('takes the shopper’s number with callNow: both legs ring, answer and complete, each state pushed to both, the phone in channel usage and the timeline', async () => {
    await live();
    const heardAssociate = await listen(app, { associateId: associate.id });
    const heardShopper = await listen(app, { shopperId });
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'answer', talkSeconds: 42 });
    const res = await givePhone({ purposes: ['call', 'text'], callNow: true });
    expect(res.status).toBe(200);
    const given = ShopperPhoneGiven.parse(await res.json());
    expect(given).toMatchObject({ given: true, masked: '+•• ••• ••• •99', purposes: ['call', 'text'], call: { engagementId, state: 'calling-associate', direction: 'click-to-call', associateVia: 'phone', outcome: null } });
    await twilio.idle();
    expect(twilio.problems).toEqual([]);
    const callId = given.call!.callId;
    const sid = (await legs(callId)).associate.sid!;
    // The call went to the associate's phone from our number, the TwiML dialled the shopper with our number as caller id.
    const parent = twilio.calls.get(sid)!;
    expect({ to: parent.to, from: parent.from }).toEqual({ to: ASSOCIATE_PHONE, from: OUR_NUMBER });
    const child = twilio.childOf(sid)!;
    expect({ to: child.to, from: child.from }).toEqual({ to: SHOPPER_PHONE, from: OUR_NUMBER });
    for (const s of [sid, child.sid]) expect(statusesOf(s)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(callbacks().map((d) => [d.status, JSON.parse(d.body).result])).toEqual(callbacks().map(() => [200, 'taken']));
    // Each party heard every state, in order; the associate heard the number given.
    for (const heard of [heardAssociate, heardShopper]) expect(statesHeard(heard)).toEqual(['calling-associate', 'calling-shopper', 'connected', 'ended']);
    expect(heardAssociate.filter((m) => m.type === 'shopper-phone')).toEqual([{ v: 1, type: 'shopper-phone', engagementId, given: true }]);
    expect(heardShopper.some((m) => m.type === 'shopper-phone')).toBe(false);
    // The call as either party reads it: completed, 42 seconds of talk.
    for (const token of [h.token, associate.token]) {
      const [listed] = await callList(token);
      expect(listed).toMatchObject({ callId, state: 'ended', outcome: 'completed', talkSeconds: 42 });
      expect(listed!.legs.map((l) => [l.leg, l.status])).toEqual([['associate', 'completed'], ['shopper', 'completed']]);
    }
    // The shopper's leg is the engagement's phone: from its answer, for the 42 seconds talked.
    const [usage] = await h.db.db.select().from(channelUsages).where(and(eq(channelUsages.engagementId, engagementId), eq(channelUsages.method, 'phone')));
    const shopperLeg = (await legs(callId)).shopper!;
    expect(usage).toMatchObject({ startedAt: shopperLeg.answeredAt, stoppedAt: new Date(shopperLeg.answeredAt!.getTime() + 42_000) });
    const detail = EngagementDetail.parse(await (await call(app, 'GET', path(), associate.token)).json());
    expect(detail.channels.find((c) => c.method === 'phone')).toMatchObject({ seconds: 42, uses: 1, open: false });
    const timeline = EngagementTimeline.parse(await (await call(app, 'GET', path('/timeline'), h.seed.voltKey)).json());
    expect(timeline.calls.map((c) => [c.callId, c.outcome, c.talkSeconds])).toEqual([[callId, 'completed', 42]]);
    expect(timeline.channels.find((c) => c.method === 'phone')).toMatchObject({ durationMs: 42_000 });
    expect(timeline.textCount).toBe(0);
    // The number is kept sealed with the statement agreed to, and shown masked to both parties; never in clear.
    const [kept] = await h.db.db.select().from(engagementPhones);
    expect(kept).toMatchObject({ engagementId, masked: '+•• ••• ••• •99', purposes: ['call', 'text'], numberHash: numberHash(h.seed.volt.id, SHOPPER_PHONE) });
    expect(kept!.consentText).toContain('may call and text this number about this conversation only');
    for (const token of [h.token, associate.token]) expect(ShopperPhoneView.parse(await (await call(app, 'GET', path('/phone'), token)).json())).toMatchObject({ given: true, masked: '+•• ••• ••• •99' });
    expect(JSON.stringify([await h.db.db.select().from(phoneCalls), kept])).not.toContain(SHOPPER_PHONE.slice(1));
    expect(JSON.stringify(h.logged)).not.toContain(SHOPPER_PHONE.slice(1));
  });

  it('tells each refusal of a call by its code, and each leg’s end apart: associate busy or not answering, shopper busy or not answering', async () => {
    await live({ settings: false, associatePhone: null });
    const start = (token: string) => call(app, 'POST', path('/calls'), token);
    expect(await errorOf(await start(h.token))).toEqual([409, 'telephony_not_configured']);
    expect((await putSettings(twilioAccount())).status).toBe(200);
    expect(await errorOf(await start(associate.token))).toEqual([409, 'associate_has_no_phone']);
    await setAssociatePhone(ASSOCIATE_PHONE);
    expect(await errorOf(await start(h.token))).toEqual([409, 'no_shopper_phone']);
    // A number for texts only is no number for calls; a call now needs `call`.
    expect((await givePhone({ purposes: ['text'] })).status).toBe(200);
    expect(await errorOf(await start(h.token))).toEqual([409, 'no_shopper_phone']);
    expect((await givePhone({ purposes: ['text'], callNow: true })).status).toBe(400);
    for (const bad of [{ consent: false }, { phone: '0415 555 019' }, { purposes: [] }, { purposes: ['call', 'call'] }, { extra: 1 }]) expect((await givePhone(bad)).status, JSON.stringify(bad)).toBe(400);
    // Only the shopper gives a number; strangers and the enterprise are refused.
    const stranger = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id });
    expect((await givePhone({}, associate.token)).status).toBe(401);
    expect((await call(app, 'GET', path('/phone'), stranger.token)).status).toBe(404);
    expect((await start(stranger.token)).status).toBe(404);
    expect((await start(h.seed.voltKey)).status).toBe(401);
    expect((await call(app, 'POST', '/api/v1/engagements/' + crypto.randomUUID() + '/calls', h.token)).status).toBe(404);
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
    expect((await givePhone()).status).toBe(200);

    const outcomes: [string, string, string][] = [
      [SHOPPER_PHONE, 'busy', 'shopper-busy'],
      [SHOPPER_PHONE, 'no-answer', 'shopper-no-answer'],
      [ASSOCIATE_PHONE, 'busy', 'associate-busy'],
      [ASSOCIATE_PHONE, 'no-answer', 'associate-no-answer'],
    ];
    for (const [i, [number, outcome, expected]] of outcomes.entries()) {
      twilio.reset();
      twilio.scriptCall(number, { outcome: outcome as 'busy' | 'no-answer' });
      // Either party may call.
      const { callId } = await startCall(i % 2 === 0 ? associate.token : h.token);
      await twilio.idle();
      expect((await callList()).find((c) => c.callId === callId), expected).toMatchObject({ state: 'ended', outcome: expected, talkSeconds: 0 });
    }
    // An associate who did not answer: nobody else was dialled.
    expect(twilio.deliveries.filter((d) => d.kind === 'twiml')).toEqual([]);
    // No shopper leg answered: no phone in the channels.
    expect(await h.db.db.select().from(channelUsages).where(eq(channelUsages.method, 'phone'))).toEqual([]);
  });

  it('calls a SIP address as such, one call at a time; either party hangs up: Twilio ends it, it is closed here and both told', async () => {
    // The associate's contact-centre phone: SIPp, reached over SIP by the local Twilio (sip.test.ts has the dialogue itself).
    const sipp = await startSipp('uas');
    await live({ associatePhone: sipp.address() });
    expect((await givePhone()).status).toBe(200);
    const heardShopper = await listen(app, { shopperId });
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'hold' });
    const placed = await startCall();
    await twilio.idle();
    expect(twilio.calls.get(placed.sid)!.to).toBe(sipp.address());
    expect(placed.view.associateVia).toBe('sip');
    expect((await callList())[0]).toMatchObject({ state: 'connected', associateVia: 'sip' });
    expect(await errorOf(await call(app, 'POST', path('/calls'), h.token))).toEqual([409, 'call_in_progress']);
    expect(await errorOf(await givePhone({ callNow: true }))).toEqual([409, 'call_in_progress']);
    // Someone else's hang-up, or of a call that is not the engagement's: 404.
    expect((await call(app, 'POST', path(`/calls/${crypto.randomUUID()}/hangup`), h.token)).status).toBe(404);
    expect((await call(app, 'POST', path('/calls/not-a-call/hangup'), h.token)).status).toBe(404);
    const hungUp = await call(app, 'POST', path(`/calls/${placed.callId}/hangup`), h.token);
    expect(hungUp.status).toBe(200);
    expect(CallView.parse(await hungUp.json())).toMatchObject({ state: 'ended', outcome: 'completed' });
    await twilio.idle();
    expect(twilio.requests.some((r) => r.path.endsWith(`/Calls/${placed.sid}.json`) && r.form.get('Status') === 'completed')).toBe(true);
    const closed = await legs(placed.callId);
    expect([closed.associate.endedBy, closed.shopper!.endedBy]).toEqual(['hangup', 'hangup']);
    expect(closed.associate.shopperNumber).toBeNull();
    // Twilio's callbacks after it change nothing.
    expect(callbacks().slice(-2).map((d) => JSON.parse(d.body).result)).toEqual(['unchanged', 'unchanged']);
    expect(statesHeard(heardShopper).at(-1)).toBe('ended');
    const [usage] = await h.db.db.select().from(channelUsages).where(eq(channelUsages.method, 'phone'));
    expect(usage!.stoppedAt).not.toBeNull();
    // A second hang-up answers the call as it is; the next call is taken.
    expect((await call(app, 'POST', path(`/calls/${placed.callId}/hangup`), associate.token)).status).toBe(200);
    // (on a phone number: SIPp took its one call and is gone)
    expect((await sipp.exited).code).toBe(0);
    await setAssociatePhone(ASSOCIATE_PHONE);
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'answer' });
    await startCall(h.token);
    await twilio.idle();
    // (the test's clock stands still: both calls began at the same instant)
    expect((await callList()).map((c) => [c.associateVia, c.outcome]).sort()).toEqual([['phone', 'completed'], ['sip', 'completed']]);
  });

  it('tells its listeners (the live floor) each time a call moves: placed, each leg’s callbacks, the end', async () => {
    await live();
    const moved: string[] = [];
    app.telephony.onCallChanged((enterpriseId) => moved.push(enterpriseId));
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'answer' });
    expect((await givePhone({ callNow: true })).status).toBe(200);
    await twilio.idle();
    // Placed, then the associate's leg and the shopper's each ringing, answered and completed.
    expect(moved.length).toBeGreaterThanOrEqual(5);
    expect(new Set(moved)).toEqual(new Set([h.seed.volt.id]));
  });

  it('hangs up and erases everything of the phone when the engagement ends: the number, the dial-in code, the texts’ numbers', async () => {
    await live();
    const heardAssociate = await listen(app, { associateId: associate.id });
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'hold' });
    const given = ShopperPhoneGiven.parse(await (await givePhone({ purposes: ['call', 'text'], callNow: true })).json());
    await twilio.idle();
    const now = h.clock.now();
    await h.db.db.insert(dialInCodes).values({ engagementId, enterpriseId: h.seed.volt.id, code: '123456', createdAt: now, expiresAt: new Date(now.getTime() + 600_000) });
    await h.db.db.insert(phoneTexts).values({ id: crypto.randomUUID(), enterpriseId: h.seed.volt.id, engagementId, direction: 'out', sid: `SM${'e'.repeat(32)}`, status: 'sent', ourNumber: OUR_NUMBER, shopperNumber: 'sealed', numberHash: numberHash(h.seed.volt.id, SHOPPER_PHONE), sentAt: now, updatedAt: now });
    expect((await call(app, 'POST', path('/end'), associate.token, { reason: 'done' })).status).toBe(200);
    await twilio.idle();
    const closed = await legs(given.call!.callId);
    expect([closed.associate.endedBy, closed.shopper!.endedBy]).toEqual(['hangup', 'hangup']);
    expect(twilio.calls.get(closed.associate.sid!)!.status).toBe('completed');
    expect(await h.db.db.select().from(engagementPhones)).toEqual([]);
    expect(await h.db.db.select().from(dialInCodes)).toEqual([]);
    expect((await h.db.db.select().from(phoneTexts)).map((t) => t.shopperNumber)).toEqual([null]);
    expect(ShopperPhoneView.parse(await (await call(app, 'GET', path('/phone'), associate.token)).json())).toEqual({ given: false, masked: null, purposes: [], givenAt: null });
    expect(statesHeard(heardAssociate).at(-1)).toBe('ended');
    // Ended, the engagement takes no number and no call.
    expect(await errorOf(await givePhone())).toEqual([409, 'engagement_ended']);
    expect(await errorOf(await call(app, 'POST', path('/calls'), h.token))).toEqual([409, 'engagement_ended']);
  });

  it('erases the number at once when the shopper takes it back, and leaves the number as it was when a call now cannot be placed', async () => {
    await live();
    const heardAssociate = await listen(app, { associateId: associate.id });
    expect((await givePhone({ purposes: ['text'] })).status).toBe(200);
    const before = await h.db.db.select().from(engagementPhones);
    // Twilio refusing (a wrong token): 502, the number given before stays as it was, no call left behind.
    expect((await putSettings(twilioAccount({ authToken: 'e'.repeat(32) }))).status).toBe(200);
    expect(await errorOf(await givePhone({ phone: '+14155550123', callNow: true }))).toEqual([502, 'provider_unavailable']);
    expect(await h.db.db.select().from(engagementPhones)).toEqual(before);
    expect(await h.db.db.select().from(phoneCalls)).toEqual([]);
    expect((await call(app, 'DELETE', path('/phone'), associate.token)).status).toBe(401);
    expect((await call(app, 'DELETE', path('/phone'), h.token)).status).toBe(204);
    expect(await h.db.db.select().from(engagementPhones)).toEqual([]);
    expect(heardAssociate.filter((m) => m.type === 'shopper-phone').map((m) => (m as { given: boolean }).given)).toEqual([true, false]);
    expect((await call(app, 'DELETE', path('/phone'), h.token)).status).toBe(204);
  });

  it('keeps the associate’s phone their own: in their own view, never in an enterprise’s', async () => {
    await live({ associatePhone: null });
    const contact = { notify: true, sound: false, channels: ['chat'], phone: SIP_ADDRESS };
    const patched = await call(app, 'PATCH', '/api/v1/associates/me', associate.token, { contact });
    expect(patched.status).toBe(200);
    expect(AssociateView.parse(await patched.json()).contact.phone).toBe(SIP_ADDRESS);
    expect(AssociateView.parse(await (await call(app, 'GET', '/api/v1/associates/me', associate.token)).json()).contact.phone).toBe(SIP_ADDRESS);
    expect((await call(app, 'PATCH', '/api/v1/associates/me', associate.token, { contact: { ...contact, phone: 'tel:123' } })).status).toBe(400);
    const listed = AssociateList.parse(await (await call(app, 'GET', '/api/v1/associates', h.seed.voltKey)).json());
    const seen = listed.associates.find((a) => a.id === associate.id)!;
    expect(seen.contact).toEqual({ notify: true, sound: false, channels: ['chat'] });
    expect(JSON.stringify(listed)).not.toContain('pbx.example.com');
    const accredited = await call(app, 'PUT', `/api/v1/associates/${associate.id}/accreditations`, h.seed.voltKey, { accreditations: [] });
    expect(await accredited.text()).not.toContain('pbx.example.com');
  });

  it('takes replayed and out-of-order callbacks without moving a leg back', async () => {
    await live();
    expect((await givePhone()).status).toBe(200);
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'ring' });
    const placed = await startCall();
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
    await live();
    expect((await givePhone()).status).toBe(200);
    twilio.scriptCall(ASSOCIATE_PHONE, { outcome: 'ring' });
    const placed = await startCall();
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
    await live();
    expect((await givePhone()).status).toBe(200);
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'hold' });
    const held = await startCall();
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

});
