import { randomBytes } from 'node:crypto';
import { serveOnLoopback } from '../../testing/local-server';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { associateTokens, engagements, phoneTexts, smsOptOuts, transcriptMessages } from '../../db/schema';
import { defaultLimits } from '../../deps';
import { createSealer } from '../../sealing';
import { hashSecret, newSecret } from '../../secrets';
import { createOutbound } from '../../outbound/client';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { seedEngagements } from '../../testing/orders';
import { TwilioServer, type TwilioDelivery } from '../../testing/twilio-server';

const SHOPPER_PHONE = '+14155550199';
const sealer = createSealer(randomBytes(32));
const OUR_NUMBER = '+14155550000';

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
  let token: string;

  /** The app calling the local Twilio and listening on 127.0.0.1 (its PUBLIC_URL); Voltaire's account set, one live engagement and its associate's token. */
  async function configured(more: Partial<Parameters<ApiHarness['appWith']>[0]> = {}) {
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
    token = await tokenOf(engagement!.associateId);
  }

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

  const send = (body: unknown = { to: SHOPPER_PHONE, body: 'The kettle: https://volt.example/p/kettle' }, t = token, id = engagementId) => call(app, 'POST', `/api/v1/engagements/${id}/texts`, t, body);
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  const texts = () => h.db.db.select().from(phoneTexts);
  const statusCallbacks = () => twilio.deliveries.filter((d) => d.kind === 'message-status');
  const redeliver = (d: TwilioDelivery, signature?: string | null) => twilio.deliver(d.kind, d.url, d.params, signature);
  const transcript = () => h.db.db.select().from(transcriptMessages).where(eq(transcriptMessages.engagementId, engagementId));

  it('sends a text that walks queued → sent → delivered by signed callbacks; replays and older callbacks change nothing', async () => {
    await configured();
    const res = await send();
    expect(res.status).toBe(201);
    const sent = (await res.json()) as { textId: string; status: string };
    expect(sent.status).toBe('queued');
    await twilio.idle();
    const message = [...twilio.messages.values()].filter((m) => m.direction === 'outbound-api').at(-1)!;
    expect({ to: message.to, from: message.from, body: message.body }).toEqual({ to: SHOPPER_PHONE, from: OUR_NUMBER, body: 'The kettle: https://volt.example/p/kettle' });
    expect(statusCallbacks().map((d) => [d.url.endsWith(`/api/v1/webhooks/twilio/texts/${sent.textId}/status`), d.status])).toEqual([
      [true, 200],
      [true, 200],
    ]);
    const [row] = await texts();
    expect(row).toMatchObject({ id: sent.textId, engagementId, enterpriseId: h.seed.volt.id, direction: 'out', sid: message.sid, status: 'delivered', errorCode: null, ourNumber: OUR_NUMBER });
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

  it('puts the shopper’s reply into the engagement’s transcript once; from a number never texted it is kept nowhere', async () => {
    await configured();
    expect((await send()).status).toBe(201);
    await twilio.idle();
    const reply = await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Does it come in red?' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await transcript()).map((m) => [m.sender, m.text])).toEqual([['shopper', 'Does it come in red?']]);
    // Its replay is kept once.
    expect((await redeliver(reply)).status).toBe(200);
    expect((await transcript()).length).toBe(1);
    expect((await texts()).map((t) => [t.direction, t.status])).toEqual([
      ['out', 'delivered'],
      ['in', 'received'],
    ]);
    // Over HTTP the associate reads it as the shopper's.
    const read = await call(app, 'GET', `/api/v1/engagements/${engagementId}/transcript`, token);
    expect(((await read.json()) as { messages: { from: string; text: string }[] }).messages).toMatchObject([{ from: 'shopper', text: 'Does it come in red?' }]);
    expect((await twilio.receiveMessage({ from: '+14155550123', to: OUR_NUMBER, body: 'Who is this?' })).status).toBe(200);
    expect((await transcript()).length).toBe(1);
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
    for (const bad of [{ to: SHOPPER_PHONE }, { to: '0415 555 019', body: 'hi' }, { to: SHOPPER_PHONE, body: '' }, { to: SHOPPER_PHONE, body: 'x'.repeat(1601) }, { to: SHOPPER_PHONE, body: 'hi', extra: 1 }]) {
      expect((await send(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    await h.db.db.update(engagements).set({ status: 'ended' }).where(eq(engagements.id, engagementId));
    expect(await errorOf(await send())).toEqual([409, 'engagement_ended']);
    expect(await texts()).toEqual([]);
  });
});
