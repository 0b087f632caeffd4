import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutbound } from '../../outbound/client';
import { bodyText, localServer } from '../../testing/local-server';
import { TwilioServer } from '../../testing/twilio-server';
import { keywordOf } from './keywords.core';
import { applyCallCallback, applyMessageCallback, callCallbackOf, messageCallbackOf, NEW_CALL, NEW_MESSAGE } from './status.core';
import { type Telephony, TelephonyFailure } from './telephony';
import { bridgeTwiml, emptyTwiml, hangupTwiml } from './twiml.core';
import { formOf, twilioTelephony } from './twilio';

const OURS = '+15005550006';
const ASSOCIATE = '+14155550101';
const SHOPPER = '+14155550199';

/** A request Twilio made to us, as our webhook receives it. */
interface Received {
  path: string;
  url: string;
  params: [string, string][];
  signature: string | undefined;
}

/** Our side of the webhooks, on loopback: it records each request and answers TwiML where Twilio expects it. */
async function startReceiver() {
  const received: Received[] = [];
  const server = await localServer((req, res) => {
    void bodyText(req).then((text) => {
      const url = `${server.url}${req.url}`;
      const path = new URL(url).pathname;
      received.push({ path, url, params: [...new URLSearchParams(text)], signature: req.headers['x-twilio-signature'] as string | undefined });
      const twiml = path === '/twiml' ? bridgeTwiml(bridge(server.url)) : path === '/dial-done' ? hangupTwiml() : path === '/incoming' ? emptyTwiml() : null;
      res.writeHead(twiml ? 200 : 204, twiml ? { 'content-type': 'text/xml' } : {});
      res.end(twiml ?? undefined);
    });
  });
  return { base: server.url, received, close: server.close, at: (path: string) => received.filter((r) => r.path === path) };
}

const bridge = (base: string) => ({ shopper: SHOPPER, action: `${base}/dial-done?engagement=e1`, legStatusCallback: `${base}/leg-status?engagement=e1` });
const param = (r: Received, name: string) => r.params.find(([k]) => k === name)?.[1];
const statusesOf = (rs: Received[]) => rs.map((r) => param(r, 'CallStatus'));

let twilio: TwilioServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let telephony: Telephony;
const signal = () => AbortSignal.timeout(5_000);

beforeAll(async () => {
  twilio = await TwilioServer.start();
  receiver = await startReceiver();
  // Loopback is refused unless allowed: the stand-in's host is, as OUTBOUND_ALLOW_HOSTS would say.
  telephony = twilioTelephony({ baseUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken }, createOutbound({ allowHosts: [twilio.host] }));
  twilio.incomingMessageUrl = `${receiver.base}/incoming`;
});
afterAll(async () => {
  await twilio.close();
  await receiver.close();
});
beforeEach(async () => {
  await twilio.idle();
  twilio.reset();
  receiver.received.length = 0;
});

/** Every request Twilio made to us carries Twilio's signature of it, as the client checks it. */
function expectAllSigned(): void {
  expect(receiver.received.length).toBeGreaterThan(0);
  for (const r of receiver.received) expect(telephony.signatureMatches(r.url, r.params, r.signature), `${r.path} is signed`).toBe(true);
}

describe('Twilio’s REST API, through the outbound guard', () => {
  it('sends a form with repeated keys and HTTP Basic, and is refused loopback unless it is allowed', async () => {
    expect(formOf({ To: '+1', StatusCallbackEvent: ['initiated', 'ringing'], Timeout: 20, Url: undefined }).toString()).toBe('To=%2B1&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&Timeout=20');
    const guarded = twilioTelephony({ baseUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken }, createOutbound());
    await expect(guarded.sendMessage({ to: SHOPPER, from: OURS, body: 'hi' }, signal())).rejects.toThrowError(/refused/);
    expect(twilio.requests).toEqual([]);
    expect(() => twilioTelephony({ accountSid: 'AC123', authToken: 'x' }, createOutbound())).toThrowError(/account SID/);
  });

  it('places the bridge call: Twiml, the status callback and its four events as repeated keys, the timeout', async () => {
    const twiml = bridgeTwiml(bridge(receiver.base));
    const call = await telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { twiml }, statusCallback: `${receiver.base}/call-status?engagement=e1`, timeoutSeconds: 25 }, signal());
    expect(call).toEqual({ sid: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'queued' });
    const [request] = twilio.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${twilio.accountSid}/Calls.json`, authorized: true });
    expect(request!.form.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(Object.fromEntries(request!.form)).toMatchObject({ To: ASSOCIATE, From: OURS, Twiml: twiml, StatusCallback: `${receiver.base}/call-status?engagement=e1`, StatusCallbackMethod: 'POST', Timeout: '25' });
    await twilio.idle();

    // The associate's call: initiated, ringing, answered, then completed once the shopper's leg ends.
    const parent = receiver.at('/call-status');
    expect(statusesOf(parent)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(parent.map((r) => param(r, 'SequenceNumber'))).toEqual(['0', '1', '2', '3']);
    expect(parent.every((r) => param(r, 'CallSid') === call.sid && param(r, 'CallbackSource') === 'call-progress-events' && param(r, 'Timestamp'))).toBe(true);
    // The shopper's leg: a child call with its own callbacks and sequence, naming its parent.
    const child = twilio.childOf(call.sid)!;
    expect(child).toMatchObject({ to: SHOPPER, from: OURS, direction: 'outbound-dial', parent_call_sid: call.sid, status: 'completed', duration: '5' });
    const leg = receiver.at('/leg-status');
    expect(statusesOf(leg)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(leg.every((r) => param(r, 'CallSid') === child.sid && param(r, 'ParentCallSid') === call.sid)).toBe(true);
    expect(param(leg.at(-1)!, 'CallDuration')).toBe('5');
    // The <Dial action> hears how the leg ended; the associate's call lasted as long as the bridge.
    const [done] = receiver.at('/dial-done');
    expect(done!.url).toBe(`${receiver.base}/dial-done?engagement=e1`);
    expect([param(done!, 'DialCallStatus'), param(done!, 'DialCallSid'), param(done!, 'DialCallDuration')]).toEqual(['completed', child.sid, '5']);
    expect(param(parent.at(-1)!, 'CallDuration')).toBe('5');
    expectAllSigned();
    expect(twilio.problems).toEqual([]);

    // Read by the status core, the callbacks in any order tell the same end.
    const fold = (rs: Received[]) => rs.reduce((s, r) => applyCallCallback(s, callCallbackOf(new URLSearchParams(r.params))!).state, NEW_CALL);
    expect(fold(parent)).toEqual({ status: 'completed', sequence: 3, durationSeconds: 5 });
    expect(fold([...parent].reverse())).toEqual(fold(parent));
  });

  it('fetches the TwiML from Url (POST, signed) when given one instead', async () => {
    const call = await telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { url: `${receiver.base}/twiml?engagement=e1` }, statusCallback: `${receiver.base}/call-status` }, signal());
    await twilio.idle();
    const [fetched] = receiver.at('/twiml');
    expect([param(fetched!, 'CallSid'), param(fetched!, 'CallStatus'), param(fetched!, 'Direction')]).toEqual([call.sid, 'in-progress', 'outbound-api']);
    expect(twilio.childOf(call.sid)?.to).toBe(SHOPPER);
    expect(twilio.calls.get(call.sid)?.status).toBe('completed');
    expectAllSigned();
  });

  it.each(['busy', 'no-answer', 'failed'] as const)('ends the call %s when the associate’s phone does so, dialling nobody', async (outcome) => {
    twilio.scriptCall(ASSOCIATE, { outcome });
    const call = await telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { url: `${receiver.base}/twiml` }, statusCallback: `${receiver.base}/call-status` }, signal());
    await twilio.idle();
    expect(statusesOf(receiver.at('/call-status'))).toEqual(outcome === 'failed' ? ['initiated', outcome] : ['initiated', 'ringing', outcome]);
    expect(param(receiver.at('/call-status').at(-1)!, 'CallDuration')).toBe('0');
    expect(receiver.at('/twiml')).toEqual([]);
    expect(twilio.childOf(call.sid)).toBeUndefined();
  });

  it.each(['busy', 'no-answer', 'failed'] as const)('tells the <Dial action> when the shopper’s phone is %s, and ends the associate’s call', async (outcome) => {
    twilio.scriptCall(SHOPPER, { outcome });
    const call = await telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { twiml: bridgeTwiml(bridge(receiver.base)) }, statusCallback: `${receiver.base}/call-status` }, signal());
    await twilio.idle();
    expect(param(receiver.at('/dial-done')[0]!, 'DialCallStatus')).toBe(outcome);
    expect(statusesOf(receiver.at('/leg-status')).at(-1)).toBe(outcome);
    expect(twilio.calls.get(call.sid)).toMatchObject({ status: 'completed', duration: '0' });
  });

  it('hangs up: a bridged call ends both legs, a ringing one is canceled, a call over stays over', async () => {
    twilio.scriptCall(SHOPPER, { outcome: 'hold' });
    const bridged = await telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { twiml: bridgeTwiml(bridge(receiver.base)) }, statusCallback: `${receiver.base}/call-status` }, signal());
    await twilio.idle();
    expect(twilio.calls.get(bridged.sid)?.status).toBe('in-progress');
    expect(twilio.childOf(bridged.sid)?.status).toBe('in-progress');
    expect(await telephony.hangUp(bridged.sid, signal())).toEqual({ sid: bridged.sid, status: expect.any(String) });
    await twilio.idle();
    expect(twilio.childOf(bridged.sid)?.status).toBe('completed');
    expect(twilio.calls.get(bridged.sid)?.status).toBe('completed');
    expect(param(receiver.at('/dial-done')[0]!, 'DialCallStatus')).toBe('completed');
    expect(twilio.requests.at(-1)).toMatchObject({ path: `/2010-04-01/Accounts/${twilio.accountSid}/Calls/${bridged.sid}.json`, authorized: true });
    expect(twilio.requests.at(-1)!.form.get('Status')).toBe('completed');

    twilio.scriptCall(ASSOCIATE, { outcome: 'ring' });
    const ringing = await telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { twiml: bridgeTwiml(bridge(receiver.base)) }, statusCallback: `${receiver.base}/ringing-status` }, signal());
    await twilio.idle();
    expect(twilio.calls.get(ringing.sid)?.status).toBe('ringing');
    await telephony.hangUp(ringing.sid, signal());
    await twilio.idle();
    expect(statusesOf(receiver.at('/ringing-status'))).toEqual(['initiated', 'ringing', 'canceled']);
    // Hanging up again is harmless: the call is as it was.
    expect(await telephony.hangUp(ringing.sid, signal())).toEqual({ sid: ringing.sid, status: 'canceled' });
    await twilio.idle();
    expect(receiver.at('/ringing-status')).toHaveLength(3);
  });

  it('sends a text: queued, then sent and delivered, signed; or undelivered or failed with Twilio’s error code', async () => {
    const sent = await telephony.sendMessage({ to: SHOPPER, from: OURS, body: 'Your associate will call in a minute — Floorwalker', statusCallback: `${receiver.base}/message-status` }, signal());
    expect(sent).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });
    expect(Object.fromEntries(twilio.requests[0]!.form)).toEqual({ To: SHOPPER, From: OURS, Body: 'Your associate will call in a minute — Floorwalker', StatusCallback: `${receiver.base}/message-status` });
    await twilio.idle();
    const reports = receiver.at('/message-status');
    expect(reports.map((r) => param(r, 'MessageStatus'))).toEqual(['sent', 'delivered']);
    expect(reports.every((r) => param(r, 'MessageSid') === sent.sid)).toBe(true);
    expect(param(reports[1]!, 'RawDlrDoneDate')).toMatch(/^\d{10}$/);
    expectAllSigned();

    const UNREACHABLE = '+14155550111';
    const BROKEN = '+14155550112';
    twilio.scriptMessages(UNREACHABLE, 'undeliver');
    twilio.scriptMessages(BROKEN, 'fail');
    for (const to of [UNREACHABLE, BROKEN]) await telephony.sendMessage({ to, from: OURS, body: 'hello', statusCallback: `${receiver.base}/status-${to.slice(-3)}` }, signal());
    await twilio.idle();
    const end = (path: string) => receiver.at(path).reduce((s, r) => applyMessageCallback(s, messageCallbackOf(new URLSearchParams(r.params))!).state, NEW_MESSAGE);
    expect(end('/status-111')).toEqual({ status: 'undelivered', errorCode: 30003 });
    expect(end('/status-112')).toEqual({ status: 'failed', errorCode: 30008 });
  });

  it('posts a person’s reply, signed, to the incoming-message URL; after STOP, Twilio refuses to text them until START', async () => {
    const delivery = await twilio.receiveMessage({ from: SHOPPER, to: OURS, body: ' Stop ' });
    expect(delivery.status).toBe(200);
    expect(delivery.body).toBe(emptyTwiml());
    const [incoming] = receiver.at('/incoming');
    expect([param(incoming!, 'From'), param(incoming!, 'To'), param(incoming!, 'SmsStatus'), param(incoming!, 'AccountSid')]).toEqual([SHOPPER, OURS, 'received', twilio.accountSid]);
    expect(keywordOf(param(incoming!, 'Body')!)).toBe('opt-out');
    expect(messageCallbackOf(new URLSearchParams(incoming!.params))?.status).toBe('received');
    expectAllSigned();

    const refused = await telephony.sendMessage({ to: SHOPPER, from: OURS, body: 'Still there?' }, signal()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TelephonyFailure);
    expect(refused).toMatchObject({ kind: 'opted-out', status: 400, code: 21610, message: 'twilio answered 400 to a new message (21610): Attempt to send to unsubscribed recipient' });

    await twilio.receiveMessage({ from: SHOPPER, to: OURS, body: 'START' });
    await expect(telephony.sendMessage({ to: SHOPPER, from: OURS, body: 'Welcome back' }, signal())).resolves.toMatchObject({ status: 'queued' });
  });

  it('signs what it posts so a tampered or unsigned request fails the check', async () => {
    await twilio.receiveMessage({ from: SHOPPER, to: OURS, body: 'Hello' }, { signature: null });
    await twilio.receiveMessage({ from: SHOPPER, to: OURS, body: 'Hello' }, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    await twilio.receiveMessage({ from: SHOPPER, to: OURS, body: 'Hello' });
    const [unsigned, wrong, good] = receiver.at('/incoming');
    expect(telephony.signatureMatches(unsigned!.url, unsigned!.params, unsigned!.signature)).toBe(false);
    expect(telephony.signatureMatches(wrong!.url, wrong!.params, wrong!.signature)).toBe(false);
    expect(telephony.signatureMatches(good!.url, good!.params, good!.signature)).toBe(true);
    const tampered = good!.params.map(([k, v]) => [k, k === 'Body' ? 'STOP' : v] as const);
    expect(telephony.signatureMatches(good!.url, tampered, good!.signature)).toBe(false);
  });

  it('maps Twilio’s refusals to clear failures, without the phone numbers in them', async () => {
    const wrongToken = twilioTelephony({ baseUrl: twilio.url, accountSid: twilio.accountSid, authToken: 'not-the-token' }, createOutbound({ allowHosts: [twilio.host] }));
    await expect(wrongToken.sendMessage({ to: SHOPPER, from: OURS, body: 'hi' }, signal())).rejects.toMatchObject({ kind: 'unauthorized', status: 401, code: 20003, message: 'twilio answered 401 to a new message (20003): Authenticate' });

    const invalid = await telephony.placeCall({ to: '0415 555 0100', from: OURS, instructions: { twiml: '<Response/>' }, statusCallback: `${receiver.base}/s` }, signal()).catch((e: unknown) => e as TelephonyFailure);
    expect(invalid).toMatchObject({ kind: 'invalid-number', status: 400, code: 21211, message: "twilio answered 400 to a new call (21211): Invalid 'To' Phone Number: …" });
    expect((invalid as Error).message).not.toContain('555');

    await expect(telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { url: 'ftp://nowhere' }, statusCallback: `${receiver.base}/s` }, signal())).rejects.toMatchObject({ kind: 'other', code: 21205 });
    await expect(telephony.sendMessage({ to: SHOPPER, from: OURS, body: 'x'.repeat(1601) }, signal())).rejects.toMatchObject({ kind: 'other', code: 21617 });
    await expect(telephony.hangUp(`CA${'0'.repeat(32)}`, signal())).rejects.toMatchObject({ kind: 'not-found', status: 404, code: 20404 });
    await expect(telephony.hangUp('../Messages', signal())).rejects.toMatchObject({ kind: 'not-found', status: null });

    const otherAccount = twilioTelephony({ baseUrl: twilio.url, accountSid: `AC${'1'.repeat(32)}`, authToken: twilio.authToken }, createOutbound({ allowHosts: [twilio.host] }));
    await expect(otherAccount.sendMessage({ to: SHOPPER, from: OURS, body: 'hi' }, signal())).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    await twilio.idle();
    expect(receiver.received).toEqual([]);
  });
});

describe('the stand-in, spoken to directly', () => {
  const post = (path: string, fields: Record<string, string | string[]>, auth = `${twilio.accountSid}:${twilio.authToken}`) =>
    fetch(`${twilio.url}/2010-04-01/Accounts/${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: formOf(fields).toString(),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  it('refuses as Twilio does: its error shape, 400 for a bad form, 401 without the credentials, 404 for what it does not know', async () => {
    const calls = `${twilio.accountSid}/Calls.json`;
    const twiml = '<Response/>';
    const before = { calls: twilio.calls.size, messages: twilio.messages.size };
    expect(await post(calls, { From: OURS, Twiml: twiml })).toEqual({ status: 400, json: { code: 21201, message: "No 'To' number is specified", more_info: 'https://www.twilio.com/docs/errors/21201', status: 400 } });
    expect((await post(calls, { To: ASSOCIATE, Twiml: twiml })).json.code).toBe(21213);
    expect((await post(calls, { To: ASSOCIATE, From: OURS })).json.code).toBe(21205);
    expect((await post(calls, { To: ASSOCIATE, From: OURS, Twiml: 'x'.repeat(4001) })).json.code).toBe(21208);
    expect((await post(calls, { To: ASSOCIATE, From: OURS, Twiml: twiml, Timeout: '601' })).json.code).toBe(21216);
    expect((await post(calls, { To: ASSOCIATE, From: OURS, Twiml: twiml, StatusCallbackEvent: ['ringing', 'hung-up'] })).json.code).toBe(21626);
    expect((await post(`${twilio.accountSid}/Messages.json`, { To: SHOPPER, From: OURS })).json.code).toBe(21602);
    expect((await post(`${twilio.accountSid}/Messages.json`, { From: OURS, Body: 'hi' })).json.code).toBe(21604);
    expect(await post(calls, { To: ASSOCIATE, From: OURS, Twiml: twiml }, `${twilio.accountSid}:wrong`)).toMatchObject({ status: 401, json: { code: 20003, status: 401 } });
    expect(await post(`AC${'2'.repeat(32)}/Calls.json`, { To: ASSOCIATE, From: OURS, Twiml: twiml })).toMatchObject({ status: 404, json: { code: 20404 } });
    expect(await post(`${twilio.accountSid}/Calls/CA${'3'.repeat(32)}.json`, { Status: 'completed' })).toMatchObject({ status: 404, json: { code: 20404 } });
    // Nothing refused was made.
    expect({ calls: twilio.calls.size, messages: twilio.messages.size }).toEqual(before);
  });

  it('reports only the completed event when no events are named, and answers a call’s resource', async () => {
    const created = await post(`${twilio.accountSid}/Calls.json`, { To: ASSOCIATE, From: OURS, Twiml: '<Response/>', StatusCallback: `${receiver.base}/only-completed` });
    expect(created).toMatchObject({ status: 201, json: { status: 'queued', direction: 'outbound-api', to: ASSOCIATE, from: OURS, parent_call_sid: null } });
    await twilio.idle();
    expect(statusesOf(receiver.at('/only-completed'))).toEqual(['completed']);
    expect(param(receiver.at('/only-completed')[0]!, 'SequenceNumber')).toBe('0');
    const sid = created.json.sid as string;
    const fetched = await fetch(`${twilio.url}/2010-04-01/Accounts/${twilio.accountSid}/Calls/${sid}.json`, { headers: { authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}` } });
    expect(await fetched.json()).toMatchObject({ sid, status: 'completed', duration: '5' });
  });

  it('keeps an answered call on the line until it is hung up, and times it by the clock', async () => {
    let now = Date.parse('2026-12-06T09:00:00Z');
    const timed = await TwilioServer.start({ clock: () => new Date(now) });
    try {
      timed.scriptCall(ASSOCIATE, { outcome: 'hold' });
      const client = twilioTelephony({ baseUrl: timed.url, accountSid: timed.accountSid, authToken: timed.authToken }, createOutbound({ allowHosts: [timed.host] }));
      const call = await client.placeCall({ to: ASSOCIATE, from: OURS, instructions: { twiml: '<Response><Pause length="600"/></Response>' }, statusCallback: `${receiver.base}/held` }, signal());
      await timed.idle();
      expect(timed.calls.get(call.sid)?.status).toBe('in-progress');
      now += 95_000;
      await client.hangUp(call.sid, signal());
      await timed.idle();
      expect(timed.calls.get(call.sid)).toMatchObject({ status: 'completed', duration: '95', end_time: 'Sun, 06 Dec 2026 09:01:35 +0000' });
      expect(param(receiver.at('/held').at(-1)!, 'CallDuration')).toBe('95');
      // Signed with that account's token: its client accepts them, another account's does not.
      expect(receiver.at('/held').every((r) => client.signatureMatches(r.url, r.params, r.signature))).toBe(true);
      expect(receiver.at('/held').some((r) => telephony.signatureMatches(r.url, r.params, r.signature))).toBe(false);
    } finally {
      await timed.close();
    }
  });
});

describe('the stand-in’s levers over HTTP, for demos', () => {
  it('scripts numbers, texts our number and hangs up calls, and shows its state', async () => {
    const control = (path: string, body?: object) => fetch(`${twilio.url}/_control/${path}`, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
    expect((await control('scripts/calls', { number: ASSOCIATE, outcome: 'ring' })).status).toBe(200);
    expect((await control('scripts/calls', { number: ASSOCIATE, outcome: 'sing' })).status).toBe(400);
    expect((await control('scripts/messages', { number: SHOPPER, script: 'undeliver' })).status).toBe(200);
    const call = await telephony.placeCall({ to: ASSOCIATE, from: OURS, instructions: { twiml: '<Response/>' }, statusCallback: `${receiver.base}/s` }, signal());
    await twilio.idle();
    expect((await control(`calls/${call.sid}/hang-up`, {})).json).toMatchObject({ sid: call.sid });
    await twilio.idle();
    expect(twilio.calls.get(call.sid)?.status).toBe('canceled');
    expect((await control('messages/incoming', { from: SHOPPER, to: OURS, body: 'HELP' })).json).toEqual({ delivered: 200, answer: emptyTwiml() });
    const state = (await control('state')).json;
    expect((state.calls as { sid: string }[]).map((c) => c.sid)).toContain(call.sid);
    expect((state.messages as { body: string }[]).some((m) => m.body === 'HELP')).toBe(true);
  });
});
