import { randomBytes } from 'node:crypto';
import { serveOnLoopback } from '../../testing/local-server';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { TextList, type TextView } from '../../../../shared/telephony';
import { AssociateServerMessage } from '../../../../shared/realtime';
import { associateTokens, engagementPhones, engagements, phoneTexts, smsOptOuts, transcriptMessages } from '../../db/schema';
import { defaultLimits } from '../../deps';
import { createSealer } from '../../sealing';
import { hashSecret, newSecret } from '../../secrets';
import { createOutbound } from '../../outbound/client';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { seedEngagements } from '../../testing/orders';
import { TwilioServer, type TwilioDelivery } from '../../testing/twilio-server';
import { numberHash } from './texts';

const SHOPPER_PHONE = '+14155550199';
const sealer = createSealer(randomBytes(32));
const OUR_NUMBER = '+14155550000';
const KETTLE = 'The kettle: https://volt.example/p/kettle';
const DAY = 86_400_000;

let twilio: TwilioServer;
beforeAll(async () => {
  twilio = await TwilioServer.start();
});
afterAll(async () => {
  await twilio.close();
});

describe.each(DB_KINDS)('text messages over Twilio on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let app: App;
  let close: (() => Promise<void>) | null = null;
  let engagementId: string;
  let associateId: string;
  let token: string;

  /**
   * The app calling the local Twilio and listening on 127.0.0.1 (its PUBLIC_URL); Voltaire's
   * account set, one live engagement, its associate's token, and (unless `phone` is null) the
   * number its shopper gave for texts.
   */
  async function configured(more: Partial<Parameters<ApiHarness['appWith']>[0]> = {}, phone: { purposes: ('call' | 'text')[] } | null = { purposes: ['text'] }) {
    h = api();
    twilio.reset();
    let base = '';
    app = h.appWith({ sealer, outbound: createOutbound({ allowHosts: [twilio.host] }), twilioApiUrl: twilio.url, publicUrl: () => base, ...more });
    const served = await serveOnLoopback(app);
    base = served.url;
    twilio.incomingMessageUrl = `${base}/api/v1/webhooks/twilio/texts/incoming`;
    close = served.close;
    const put = await call(app, 'PUT', '/api/v1/telephony/settings', h.seed.voltKey, { provider: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, numbers: [OUR_NUMBER] });
    expect(put.status).toBe(200);
    const [engagement] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    engagementId = engagement!.id;
    associateId = engagement!.associateId;
    token = await tokenOf(engagement!.associateId);
    if (phone) await givePhone(engagementId, phone.purposes);
  }

  /** The shopper of `id` gives a number (sealed, hashed, masked, with the statement agreed), as PUT …/phone keeps it. */
  async function givePhone(id: string, purposes: ('call' | 'text')[], number = SHOPPER_PHONE) {
    await h.db.db.insert(engagementPhones).values({
      engagementId: id,
      enterpriseId: h.seed.volt.id,
      number: sealer.seal(number),
      numberHash: numberHash(h.seed.volt.id, number),
      masked: `+1 ••• ••• ••${number.slice(-2)}`,
      purposes,
      consentText: 'Voltaire may text this number about this conversation only.',
      givenAt: h.clock.now(),
    });
  }

  /** The realtime messages the associate's socket hears from now on. */
  function listen(who = associateId): AssociateServerMessage[] {
    const heard: AssociateServerMessage[] = [];
    app.realtime.join({ associateId: who }, { send: (text) => void heard.push(AssociateServerMessage.parse(JSON.parse(text))), close: () => {} });
    return heard;
  }
  const textsHeard = (heard: AssociateServerMessage[]) => heard.flatMap((m) => (m.type === 'text' ? [{ engagementId: m.engagementId, ...m.text }] : []));

  async function tokenOf(associateId: string): Promise<string> {
    const t = newSecret('fwa');
    await h.db.db.insert(associateTokens).values({ tokenHash: hashSecret(t), associateId, createdAt: h.clock.now(), expiresAt: new Date(h.clock.now().getTime() + 3600_000) });
    return t;
  }

  afterEach(async () => {
    await twilio.idle();
    await close?.();
    close = null;
  });

  const send = (body: unknown = { body: KETTLE }, t = token, id = engagementId) => call(app, 'POST', `/api/v1/engagements/${id}/texts`, t, body);
  const list = async (t = token, id = engagementId) => {
    const res = await call(app, 'GET', `/api/v1/engagements/${id}/texts`, t);
    return res.status === 200 ? TextList.parse(await res.json()) : res.status;
  };
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  const texts = () => h.db.db.select().from(phoneTexts);
  const statusCallbacks = () => twilio.deliveries.filter((d) => d.kind === 'message-status');
  const redeliver = (d: TwilioDelivery, signature?: string | null) => twilio.deliver(d.kind, d.url, d.params, signature);
  const transcript = () => h.db.db.select().from(transcriptMessages).where(eq(transcriptMessages.engagementId, engagementId));

  it('sends a text to the number the shopper gave, that walks queued → sent → delivered by signed callbacks; replays and older callbacks change nothing', async () => {
    await configured();
    const heard = listen();
    const res = await send();
    expect(res.status).toBe(201);
    const sent = (await res.json()) as { textId: string; status: string };
    expect(sent.status).toBe('queued');
    await twilio.idle();
    const message = [...twilio.messages.values()].filter((m) => m.direction === 'outbound-api').at(-1)!;
    expect({ to: message.to, from: message.from, body: message.body }).toEqual({ to: SHOPPER_PHONE, from: OUR_NUMBER, body: KETTLE });
    expect(statusCallbacks().map((d) => [d.url.endsWith(`/api/v1/webhooks/twilio/texts/${sent.textId}/status`), d.status])).toEqual([
      [true, 200],
      [true, 200],
    ]);
    const [row] = await texts();
    expect(row).toMatchObject({ id: sent.textId, engagementId, enterpriseId: h.seed.volt.id, direction: 'out', sid: message.sid, status: 'delivered', errorCode: null, ourNumber: OUR_NUMBER, body: KETTLE });
    // The associate heard each step (the send and each callback taken), as the view shows it: never a number.
    await expect.poll(() => textsHeard(heard).length).toBe(3);
    for (const t of textsHeard(heard)) expect(t).toMatchObject({ engagementId, textId: sent.textId, direction: 'out', body: KETTLE, errorCode: null });
    expect(textsHeard(heard).map((t) => t.status)).toContain('delivered');
    expect(JSON.stringify(heard)).not.toContain(SHOPPER_PHONE.slice(2));
    // The shopper's number is sealed.
    expect(row!.shopperNumber).not.toContain(SHOPPER_PHONE.slice(1));
    expect(sealer.open(row!.shopperNumber!)).toBe(SHOPPER_PHONE);
    // The `sent` callback again, then `delivered` again: neither moves it, nor back.
    const [sentCallback, delivered] = statusCallbacks();
    expect(JSON.parse((await redeliver(sentCallback!)).body)).toEqual({ result: 'unchanged', status: 'delivered' });
    expect(JSON.parse((await redeliver(delivered!)).body)).toEqual({ result: 'unchanged', status: 'delivered' });
    // A callback about another message is ignored.
    const other = delivered!.params.map(([k, v]): [string, string] => (k === 'MessageSid' ? [k, `SM${'e'.repeat(32)}`] : [k, v]));
    expect(JSON.parse((await twilio.deliver('message-status', delivered!.url, other)).body)).toEqual({ result: 'ignored', status: null });
    // Unsigned or wrongly signed: 401, nothing changed; an unknown text 404.
    expect((await redeliver(delivered!, null)).status).toBe(401);
    expect((await redeliver(delivered!, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=')).status).toBe(401);
    expect((await twilio.deliver('message-status', delivered!.url.replace(sent.textId, crypto.randomUUID()), delivered!.params)).status).toBe(404);
    expect(await texts()).toEqual([row]);
  });

  it('keeps an undelivered text’s error code, and takes an out-of-order callback only forward', async () => {
    await configured();
    twilio.scriptMessages(SHOPPER_PHONE, 'undeliver');
    const sent = (await (await send()).json()) as { textId: string };
    await twilio.idle();
    expect((await texts())[0]).toMatchObject({ id: sent.textId, status: 'undelivered', errorCode: 30003 });
    // A second text whose callbacks come in reverse: the final one first, then `sent` changes nothing.
    twilio.reset();
    twilio.scriptMessages(SHOPPER_PHONE, 'fail');
    const failed = (await (await send()).json()) as { textId: string };
    await twilio.idle();
    const [callback] = statusCallbacks();
    const asSent = callback!.params.map(([k, v]): [string, string] => (k === 'MessageStatus' || k === 'SmsStatus' ? [k, 'sent'] : [k, v])).filter(([k]) => k !== 'ErrorCode');
    expect(JSON.parse((await twilio.deliver('message-status', callback!.url, asSent)).body)).toEqual({ result: 'unchanged', status: 'failed' });
    const [row] = await h.db.db.select().from(phoneTexts).where(eq(phoneTexts.id, failed.textId));
    expect(row).toMatchObject({ status: 'failed', errorCode: 30008 });
  });

  it('puts the shopper’s reply in the engagement once: a text the associate hears and lists, and the transcript; from an unknown number it is kept nowhere', async () => {
    await configured();
    expect((await send()).status).toBe(201);
    await twilio.idle();
    const heard = listen();
    h.clock.advance(60_000);
    const reply = await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Does it come in red?' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await transcript()).map((m) => [m.sender, m.text])).toEqual([['shopper', 'Does it come in red?']]);
    // Its replay is kept once, and told once.
    expect((await redeliver(reply)).status).toBe(200);
    expect((await transcript()).length).toBe(1);
    expect((await texts()).map((t) => [t.direction, t.status, t.body])).toEqual([
      ['out', 'delivered', KETTLE],
      ['in', 'received', 'Does it come in red?'],
    ]);
    await expect.poll(() => textsHeard(heard)).toMatchObject([{ engagementId, direction: 'in', body: 'Does it come in red?', status: 'received', errorCode: null, sentAt: h.clock.now().toISOString() }]);
    // The associate lists both, oldest first, with no number anywhere.
    const listed = await list();
    expect(listed).toMatchObject({ optedOut: false, texts: [{ direction: 'out', body: KETTLE, status: 'delivered' }, { direction: 'in', body: 'Does it come in red?', status: 'received' }] });
    expect(JSON.stringify(listed)).not.toContain(SHOPPER_PHONE.slice(2));
    // Over HTTP the associate reads it as the shopper's.
    const read = await call(app, 'GET', `/api/v1/engagements/${engagementId}/transcript`, token);
    expect(((await read.json()) as { messages: { from: string; text: string }[] }).messages).toMatchObject([{ from: 'shopper', text: 'Does it come in red?' }]);
    expect((await twilio.receiveMessage({ from: '+14155550123', to: OUR_NUMBER, body: 'Who is this?' })).status).toBe(200);
    expect((await transcript()).length).toBe(1);
    expect((await texts()).length).toBe(2);
  });

  it('matches a reply by the number the shopper gave, before any text; the latest live engagement that knows the number takes it', async () => {
    await configured();
    // Nothing texted yet: the number given for texts is enough.
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Hi, it’s me' })).status).toBe(200);
    expect((await transcript()).map((m) => m.text)).toEqual(['Hi, it’s me']);
    // A later engagement of the same shopper's number (given for calls only there) takes the next reply.
    h.clock.advance(60_000);
    const [later] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    await givePhone(later!.id, ['call']);
    const heardLater = listen(later!.associateId);
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'About the tent' })).status).toBe(200);
    await expect.poll(() => textsHeard(heardLater).map((t) => [t.engagementId, t.body])).toEqual([[later!.id, 'About the tent']]);
    // The first engagement texting again makes it the latest.
    h.clock.advance(60_000);
    expect((await send()).status).toBe(201);
    await twilio.idle();
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Red, please' })).status).toBe(200);
    expect((await transcript()).map((m) => m.text)).toEqual(['Hi, it’s me', 'Red, please']);
    // Ended engagements take no reply, whatever they knew.
    await h.db.db.update(engagements).set({ status: 'ended' }).where(eq(engagements.id, engagementId));
    await h.db.db.update(engagements).set({ status: 'ended' }).where(eq(engagements.id, later!.id));
    const before = (await texts()).length;
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Hello?' })).status).toBe(200);
    expect((await texts()).length).toBe(before);
  });

  it('refuses 409 no_shopper_phone when the shopper gave no number for texts, writing nothing and asking Twilio nothing', async () => {
    await configured({}, null);
    const before = twilio.requests.length;
    const refused = await send();
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({ code: 'no_shopper_phone', message: expect.stringMatching(/no number for texts/) });
    // Given for calls only: still no.
    await givePhone(engagementId, ['call']);
    expect(await errorOf(await send())).toEqual([409, 'no_shopper_phone']);
    expect(twilio.requests.length).toBe(before);
    expect(await texts()).toEqual([]);
    // Given for texts: sent.
    await h.db.db.update(engagementPhones).set({ purposes: ['call', 'text'] }).where(eq(engagementPhones.engagementId, engagementId));
    expect((await send()).status).toBe(201);
  });

  it('lists the engagement’s texts for its associate only, live or ended, and says when the number opted out', async () => {
    await configured();
    expect(await list()).toEqual({ texts: [], optedOut: false });
    expect((await send()).status).toBe(201);
    h.clock.advance(1000);
    expect((await send({ body: 'And the toaster' })).status).toBe(201);
    await twilio.idle();
    expect(((await list()) as TextList).texts.map((t: TextView) => t.body)).toEqual([KETTLE, 'And the toaster']);
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'STOP' })).status).toBe(200);
    expect(await list()).toMatchObject({ optedOut: true });
    // Ended, and the number erased with it: still listed, the opt-out still told (by the texts' number).
    await h.db.db.update(engagements).set({ status: 'ended', endedAt: h.clock.now() }).where(eq(engagements.id, engagementId));
    await h.db.db.delete(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
    expect(await list()).toMatchObject({ optedOut: true, texts: [{ body: KETTLE }, { body: 'And the toaster' }] });
    const [other] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    expect(await list(await tokenOf(other!.associateId))).toBe(404);
    expect(await list(token, crypto.randomUUID())).toBe(404);
    expect(await list(token, 'not-an-id')).toBe(404);
    expect(await list(h.seed.voltKey)).toBe(401);
    expect(await list(h.token)).toBe(401);
  });

  it('erases the texts’ bodies with the transcript, by the live settings’ retention, and no others', async () => {
    await configured();
    expect((await call(app, 'PUT', '/api/v1/live/settings', h.seed.voltKey, { transcriptRetentionDays: 30 })).status).toBe(200);
    expect((await send()).status).toBe(201);
    await twilio.idle();
    h.clock.advance(1000);
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Does it come in red?' })).status).toBe(200);
    // Another engagement, still live, texts too.
    const [live] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    await givePhone(live!.id, ['text'], '+14155550177');
    expect((await send(undefined, await tokenOf(live!.associateId), live!.id)).status).toBe(201);
    await twilio.idle();
    await h.db.db.update(engagements).set({ status: 'ended', endedAt: h.clock.now() }).where(eq(engagements.id, engagementId));
    h.clock.advance(30 * DAY - 1);
    expect(await app.live.sweepTranscripts(h.clock.now())).toBe(0);
    h.clock.advance(2);
    // Two bodies and the transcript's one message.
    expect(await app.live.sweepTranscripts(h.clock.now())).toBe(3);
    expect((await texts()).map((t) => [t.engagementId === engagementId, t.direction, t.body]).sort()).toEqual([
      [false, 'out', KETTLE],
      [true, 'in', null],
      [true, 'out', null],
    ]);
    expect(await transcript()).toEqual([]);
    expect(await list(await tokenOf(associateId))).toMatchObject({ texts: [{ body: null, status: 'delivered' }, { body: null, status: 'received' }] });
    expect(await app.live.sweepTranscripts(h.clock.now())).toBe(0);
  });

  it('keeps a reply out of a transcript at its size cap, in phone_texts only', async () => {
    await configured({ limits: { ...defaultLimits, transcriptMaxBytes: 10 } });
    expect((await send()).status).toBe(201);
    await twilio.idle();
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Short' })).status).toBe(200);
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Far too long for it' })).status).toBe(200);
    expect((await transcript()).map((m) => m.text)).toEqual(['Short']);
    expect((await texts()).filter((t) => t.direction === 'in').length).toBe(2);
  });

  it('refuses a send after STOP with 409 recipient_opted_out, writing nothing and asking Twilio nothing; START allows it again', async () => {
    await configured();
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: ' stop ' })).status).toBe(200);
    const [optOut] = await h.db.db.select().from(smsOptOuts);
    expect(optOut).toMatchObject({ enterpriseId: h.seed.volt.id, source: 'keyword' });
    // Kept hashed: the number is nowhere in the row.
    expect(JSON.stringify(optOut)).not.toContain(SHOPPER_PHONE.slice(1));
    const before = twilio.requests.length;
    expect(await errorOf(await send())).toEqual([409, 'recipient_opted_out']);
    expect(twilio.requests.length).toBe(before);
    expect(await texts()).toEqual([]);
    expect(await transcript()).toEqual([]);
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'START' })).status).toBe(200);
    expect(await h.db.db.select().from(smsOptOuts)).toEqual([]);
    expect((await send()).status).toBe(201);
  });

  it('maps Twilio’s 21610 to the same 409 and records the opt-out, leaving no text behind', async () => {
    await configured();
    // The person texted STOP to Twilio while our webhook did not hear it.
    twilio.incomingMessageUrl = null;
    await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'UNSUBSCRIBE' });
    expect(await errorOf(await send())).toEqual([409, 'recipient_opted_out']);
    expect(await texts()).toEqual([]);
    expect(await h.db.db.select().from(smsOptOuts)).toMatchObject([{ source: 'carrier' }]);
    // The next send is refused before Twilio is asked.
    const before = twilio.requests.length;
    expect(await errorOf(await send())).toEqual([409, 'recipient_opted_out']);
    expect(twilio.requests.length).toBe(before);
  });

  it('refuses incoming texts unsigned or wrongly signed (401) and to a number no enterprise owns (404), changing nothing', async () => {
    await configured();
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'STOP' }, { signature: null })).status).toBe(401);
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'STOP' }, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })).status).toBe(401);
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: '+14155559999', body: 'STOP' })).status).toBe(404);
    expect(await h.db.db.select().from(smsOptOuts)).toEqual([]);
  });

  it('lets only the engagement’s associate text, while it is live, with a valid body', async () => {
    await configured();
    const [other] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now() });
    const stranger = await tokenOf(other!.associateId);
    expect((await send(undefined, stranger)).status).toBe(404);
    expect((await send(undefined, token, crypto.randomUUID())).status).toBe(404);
    expect((await send(undefined, h.seed.voltKey)).status).toBe(401);
    // The number is the one the shopper gave: a `to` is refused, as is a body that is not a text.
    for (const bad of [{}, { to: SHOPPER_PHONE, body: 'hi' }, { body: '' }, { body: 'x'.repeat(1601) }, { body: 'hi', extra: 1 }, { body: 42 }]) {
      expect(await errorOf(await send(bad)), JSON.stringify(bad)).toEqual([400, 'invalid_body']);
    }
    await h.db.db.update(engagements).set({ status: 'ended' }).where(eq(engagements.id, engagementId));
    expect(await errorOf(await send())).toEqual([409, 'engagement_ended']);
    expect(await texts()).toEqual([]);
  });
});
