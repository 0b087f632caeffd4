import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { answerJson, bodyText, closeServer, listenOnLoopback } from './local-server';
import { type SipCall, SipUserAgent } from './sip-client';
import { isSipAddress, parseSipUri } from './sip.core';

/*
 * A local stand-in for Twilio's Voice and Messaging API, for tests, the end-to-end test and demos:
 * the calls telephony makes, answered as Twilio answers them, and the webhooks Twilio sends,
 * signed as Twilio signs them (X-Twilio-Signature: base64 HMAC-SHA1, under the auth token, of the
 * URL followed by each form field's name and value sorted by name).
 *
 *   POST /2010-04-01/Accounts/:AccountSid/Calls.json         GET /2010-04-01/Accounts/:AccountSid/Calls/:Sid.json
 *   POST /2010-04-01/Accounts/:AccountSid/Calls/:Sid.json    (Status=completed|canceled: hang up)
 *   POST /2010-04-01/Accounts/:AccountSid/Messages.json      GET /2010-04-01/Accounts/:AccountSid/Messages/:Sid.json
 *
 * Every call needs HTTP Basic with the account SID and auth token (401 otherwise); refusals carry
 * Twilio's `{"code", "message", "more_info", "status"}`. A call walks by itself, as each number's
 * script says (`script`): queued → initiated → ringing → in-progress, its TwiML run (fetched from
 * `Url`, or the inline `Twiml`), a `<Dial><Number>` dialled as a child call that walks by its own
 * number's script with its own callbacks, the `<Dial action>` requested when that leg ends, then
 * completed; or busy, no-answer, failed. A message goes queued → sent → delivered, or undelivered
 * or failed. A call to a SIP address (`To=sip:agent@host[:port]`, or a `<Dial><Sip>`) walks by the
 * real SIP dialogue instead (sip-client.ts, over UDP): INVITE, ringing on 180/183, in-progress once
 * the 200 is ACKed, completed on a BYE from either side (a hang-up through the API sends one), busy
 * on 486/600, no-answer on 480/408 or when it rings past the call's `Timeout` (`<Dial timeout>`),
 * which sends a CANCEL, failed otherwise; its duration is the real time it was answered.
 * `receiveMessage` is a person texting our number: the message is posted, signed, to
 * `incomingMessageUrl`, and a STOP stops further messages to that person as Twilio does (21610).
 * Time is simulated (durations are the script's, nothing waits); `idle()` waits for the walking.
 *
 * `receiveCall` is a person calling our number: the call is posted, signed, to `incomingCallUrl`,
 * the digits they key in to each `<Gather>`'s action, and the `<Dial>` it comes to run as above.
 *
 * Standalone: `npx tsx backend/src/testing/twilio-server.ts [incoming-message-url] [incoming-call-url]` prints its URL and credentials
 * (`npm start` runs it so, as a process of its own: demo/telephony.ts).
 */

/**
 * What the phone at a number does when called: answers and talks `talkSeconds` then hangs up
 * (`answer`), answers and stays on until hung up through the API (`hold`), rings until hung up
 * (`ring`), or ends the call unanswered (`busy`, `no-answer`, `failed`). Unscripted numbers answer.
 */
/**
 * What the phone at a number does when called. `answer` talks `talkSeconds` (simulated) and hangs
 * up; `hold` stays on the line until hung up (through the API, or the other leg ending). Either may
 * ring `ringMs` of real time before it is picked up, as a person takes a moment to (demos and
 * browser tests watch the ringing).
 */
export type CallScript = { outcome: 'answer'; talkSeconds?: number; ringMs?: number } | { outcome: 'hold'; ringMs?: number } | { outcome: 'ring' | 'busy' | 'no-answer' | 'failed' };

/** What happens to a message to a number: delivered, or undelivered (30003, unreachable), or failed (30008). */
export type MessageScript = 'deliver' | 'undeliver' | 'fail';

type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
type CallEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

export interface TwilioCall {
  sid: string;
  account_sid: string;
  parent_call_sid: string | null;
  to: string;
  from: string;
  status: CallStatus;
  direction: 'outbound-api' | 'outbound-dial' | 'inbound';
  date_created: string;
  date_updated: string;
  start_time: string | null;
  end_time: string | null;
  duration: string | null;
  answered_by: null;
  api_version: '2010-04-01';
  price: null;
  uri: string;
}

export interface TwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';
  direction: 'outbound-api' | 'inbound';
  num_segments: string;
  num_media: '0';
  error_code: number | null;
  error_message: string | null;
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  messaging_service_sid: null;
  api_version: '2010-04-01';
  price: null;
  uri: string;
}

/** How a call was asked to report, and what it runs once answered. */
interface CallPlan {
  statusCallback: string | null;
  events: Set<CallEvent>;
  twiml: string | null;
  url: string | null;
  /** Callbacks sent so far: the next one's SequenceNumber. */
  sequence: number;
  /** Resumes a call waiting to be hung up (ringing or holding); null when it is not waiting. */
  hangUp: (() => void) | null;
  /** The bridged leg's call, while a `<Dial>` has one. */
  child: TwilioCall | null;
  /** How long the call may ring unanswered, in seconds (Calls.json `Timeout`, `<Dial timeout>`); only a SIP call waits that long for real. */
  ringSeconds: number;
  /** A call to a SIP address: its SIP dialogue. */
  sip: SipCall | null;
  /** A SIP call asked to hang up (its BYE or CANCEL sent), before its end is known. */
  hangingUp: boolean;
}

/** A request the stand-in made: a status callback, a TwiML fetch, a `<Dial>` action, an incoming message. */
export interface TwilioDelivery {
  kind: 'call-status' | 'twiml' | 'dial-action' | 'message-status' | 'incoming-message' | 'incoming-call' | 'gather';
  url: string;
  params: [string, string][];
  signature: string;
  /** The receiver's answer (0: none). */
  status: number;
  body: string;
}

/** Twilio's error answer. */
export interface TwilioError {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Twilio's SIDs: two letters for the kind and 32 hex digits. */
const newSid = (kind: string) => `${kind}${randomBytes(16).toString('hex')}`;

const E164 = /^\+[1-9]\d{1,14}$/;

/** Twilio's signature of a request to `url` with `params` (X-Twilio-Signature). */
export function twilioRequestSignature(authToken: string, url: string, params: readonly (readonly [string, string])[]): string {
  const sorted = [...params].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return createHmac('sha1', authToken).update(sorted.reduce((s, [k, v]) => s + k + v, url)).digest('base64');
}

/** Twilio's date form in resources and callbacks (RFC 2822). */
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

const FINAL = new Set<CallStatus>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export interface TwilioServerOptions {
  accountSid?: string;
  authToken?: string;
  /** Where a person's texts to our numbers are posted; none: kept in `deliveries`, not posted. */
  incomingMessageUrl?: string | null;
  /** Where calls to our numbers are posted (the numbers' voice URL); none: kept in `deliveries`, not posted. */
  incomingCallUrl?: string | null;
  port?: number;
  clock?: () => Date;
}

export class TwilioServer {
  readonly accountSid: string;
  readonly authToken: string;
  incomingMessageUrl: string | null;
  incomingCallUrl: string | null;
  /** The base URL telephony is configured with, `http://127.0.0.1:<port>` (Twilio's is https://api.twilio.com). */
  url = '';
  readonly calls = new Map<string, TwilioCall>();
  readonly messages = new Map<string, TwilioMessage>();
  /** Every API request: its method, path, whether its credentials were right, and its form. */
  readonly requests: { method: string; path: string; authorized: boolean; form: URLSearchParams }[] = [];
  readonly deliveries: TwilioDelivery[] = [];
  /** What went wrong while walking calls (a TwiML fetch that failed, TwiML that was not understood). */
  readonly problems: string[] = [];
  private readonly callScripts = new Map<string, CallScript>();
  private readonly messageScripts = new Map<string, MessageScript>();
  /** "sender receiver" pairs where the receiver texted STOP to the sender. */
  private readonly optedOut = new Set<string>();
  private readonly plans = new Map<string, CallPlan>();
  /** Each call's walk, for `walked()`. */
  private readonly walks = new Map<string, Promise<void>>();
  /** The SIP user agent calls to SIP addresses go out from, started with the first of them. */
  private sipAgent: Promise<SipUserAgent> | null = null;
  private readonly server: Server;
  private readonly clock: () => Date;
  /** Walks under way and not waiting to be hung up; idle() waits for none. */
  private active = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(options: TwilioServerOptions) {
    this.accountSid = options.accountSid ?? newSid('AC');
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
    this.incomingMessageUrl = options.incomingMessageUrl ?? null;
    this.incomingCallUrl = options.incomingCallUrl ?? null;
    this.clock = options.clock ?? (() => new Date());
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => answerJson(res, 500, { code: 20500, message: String(err), more_info: '', status: 500 }));
    });
  }

  static async start(options: TwilioServerOptions = {}): Promise<TwilioServer> {
    const twilio = new TwilioServer(options);
    twilio.url = await listenOnLoopback(twilio.server, options.port);
    return twilio;
  }

  /** `127.0.0.1:<port>`, for OUTBOUND_ALLOW_HOSTS. */
  get host(): string {
    return new URL(this.url).host;
  }

  async close(): Promise<void> {
    await this.idle();
    await closeServer(this.server);
    await (await this.sipAgent)?.close();
  }

  /** Waits until the call has walked to its end (its final callback answered), however long that takes (a SIP call ends when either side hangs up). */
  async walked(sid: string): Promise<TwilioCall> {
    await this.walks.get(sid);
    return this.calls.get(sid)!;
  }

  /** The SIP user agent, for tests to read what went over the wire (`trace`). */
  sip(): Promise<SipUserAgent> {
    this.sipAgent ??= SipUserAgent.start();
    return this.sipAgent;
  }

  /** Waits until every call and message has walked as far as it goes by itself (a ringing or holding call waits to be hung up). */
  async idle(): Promise<void> {
    while (this.active > 0) await new Promise<void>((resolve) => this.waiters.add(resolve));
  }

  /** What the phone at `number` does when called, from now on. */
  scriptCall(number: string, script: CallScript): void {
    this.callScripts.set(number, script);
  }

  /** What happens to messages to `number`, from now on. */
  scriptMessages(number: string, script: MessageScript): void {
    this.messageScripts.set(number, script);
  }

  /** Resets scripts, opt-outs and the logs (calls and messages stay, as at Twilio). */
  reset(): void {
    this.callScripts.clear();
    this.messageScripts.clear();
    this.optedOut.clear();
    this.requests.length = 0;
    this.deliveries.length = 0;
    this.problems.length = 0;
  }

  /** The child call a `<Dial>` made from a call. */
  childOf(parentSid: string): TwilioCall | undefined {
    return [...this.calls.values()].find((c) => c.parent_call_sid === parentSid);
  }

  /** Hangs up a call as its party would (or as the API does): a ringing call is canceled, an answered one completed. */
  hangUp(sid: string): TwilioCall {
    const call = this.calls.get(sid);
    if (!call) throw new Error(`no call ${sid}`);
    const plan = this.plans.get(sid);
    // A bridged call ends with its leg: hanging up either ends both, the leg first.
    const target = plan?.child && !FINAL.has(plan.child.status) ? plan.child : call;
    const targetPlan = this.plans.get(target.sid);
    const waiting = targetPlan?.hangUp;
    // A SIP call is hung up in SIP (BYE once answered, CANCEL while ringing); its walk goes on from what the far end answers.
    if (targetPlan && isSipAddress(target.to)) {
      if (!FINAL.has(target.status)) {
        targetPlan.hangingUp = true;
        targetPlan.sip?.hangUp();
      }
    } else if (waiting) waiting();
    else if (!FINAL.has(target.status)) this.track(this.end(target, target.status === 'in-progress' ? 'completed' : 'canceled', null));
    return call;
  }

  /** A person texts `to` (our number) from `from`: Twilio posts it, signed, to the incoming-message URL. */
  async receiveMessage(message: { from: string; to: string; body: string }, options: { signature?: string | null } = {}): Promise<TwilioDelivery> {
    const now = this.clock();
    const sid = newSid('SM');
    this.messages.set(sid, {
      ...this.messageResource(sid, message.to, message.from, message.body, now),
      status: 'received',
      direction: 'inbound',
      date_sent: rfc2822(now),
    });
    const word = message.body.trim().toUpperCase();
    if (['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'].includes(word)) this.optedOut.add(`${message.to} ${message.from}`);
    if (['START', 'UNSTOP', 'YES'].includes(word)) this.optedOut.delete(`${message.to} ${message.from}`);
    const params: [string, string][] = [
      ['ToCountry', 'US'],
      ['SmsMessageSid', sid],
      ['NumMedia', '0'],
      ['SmsSid', sid],
      ['SmsStatus', 'received'],
      ['Body', message.body],
      ['To', message.to],
      ['NumSegments', String(segments(message.body))],
      ['MessageSid', sid],
      ['AccountSid', this.accountSid],
      ['From', message.from],
      ['ApiVersion', '2010-04-01'],
    ];
    return this.deliver('incoming-message', this.incomingMessageUrl, params, options.signature);
  }

  /**
   * A person calls `to` (our number) from `from` and, each time the call asks (`<Gather>`), keys
   * in the next of `digits` (none left: they stay silent). Twilio posts the call, signed (or with
   * `signature`), to the incoming-call URL, then each `<Gather>`'s digits to its action, until
   * the answer hangs up or dials: a `<Dial>` is run as for a call we placed (the child leg with
   * its callbacks, the action requested when it ends), then the call completes. Answers once the
   * call reached its `<Dial>` or its end; `idle()` waits for the rest.
   */
  async receiveCall(inbound: { from: string; to: string; digits?: string | readonly string[] }, options: { signature?: string | null } = {}): Promise<TwilioCall> {
    const call = this.newCall(inbound.to, inbound.from, null, { statusCallback: null, events: new Set(), twiml: null, url: null, ringSeconds: 30 });
    call.direction = 'inbound';
    call.status = 'ringing';
    const keyed = typeof inbound.digits === 'string' ? [inbound.digits] : [...(inbound.digits ?? [])];
    let answer = await this.deliver('incoming-call', this.incomingCallUrl, this.callParams(call), options.signature);
    call.start_time = rfc2822(this.clock());
    call.status = 'in-progress';
    for (;;) {
      if (answer.status < 200 || answer.status >= 300 || FINAL.has(call.status)) break;
      const gather = gatherOf(answer.body);
      const digits = gather ? keyed.shift() : undefined;
      if (!gather || digits === undefined) break;
      answer = await this.deliver('gather', gather.action, [...this.callParams(call), ['Digits', digits], ['FinishedOnKey', '']]);
    }
    const plan = this.plans.get(call.sid)!;
    plan.twiml = answer.status >= 200 && answer.status < 300 && dialOf(answer.body) ? answer.body : null;
    this.track(
      (async () => {
        const bridged = plan.twiml ? await this.run(call) : null;
        await this.end(call, 'completed', bridged ?? 0);
      })(),
    );
    return call;
  }

  /** Posts a form to `url`, signed (or with `signature` when given, none when null), and records it. */
  async deliver(kind: TwilioDelivery['kind'], url: string | null, params: [string, string][], signatureOverride?: string | null): Promise<TwilioDelivery> {
    const signature = signatureOverride === undefined ? (url ? twilioRequestSignature(this.authToken, url, params) : '') : (signatureOverride ?? '');
    const delivery: TwilioDelivery = { kind, url: url ?? '', params, signature, status: 0, body: '' };
    this.deliveries.push(delivery);
    if (!url) return delivery;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1 (local stand-in)', accept: '*/*' };
    if (signatureOverride !== null) headers['x-twilio-signature'] = signature;
    try {
      const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
      delivery.status = res.status;
      delivery.body = await res.text();
    } catch {
      delivery.status = 0;
    }
    return delivery;
  }

  private track(work: Promise<unknown>): void {
    this.active++;
    void work
      .catch((err: unknown) => void this.problems.push(String(err)))
      .finally(() => {
        this.active--;
        this.wake();
      });
  }

  private wake(): void {
    if (this.active > 0) return;
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }

  // ---- calls --------------------------------------------------------------------------------

  private newCall(to: string, from: string, parent: TwilioCall | null, plan: Omit<CallPlan, 'sequence' | 'hangUp' | 'child' | 'sip' | 'hangingUp'>): TwilioCall {
    const now = rfc2822(this.clock());
    const sid = newSid('CA');
    const call: TwilioCall = {
      sid,
      account_sid: this.accountSid,
      parent_call_sid: parent?.sid ?? null,
      to,
      from,
      status: 'queued',
      direction: parent ? 'outbound-dial' : 'outbound-api',
      date_created: now,
      date_updated: now,
      start_time: null,
      end_time: null,
      duration: null,
      answered_by: null,
      api_version: '2010-04-01',
      price: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${sid}.json`,
    };
    this.calls.set(sid, call);
    this.plans.set(sid, { ...plan, sequence: 0, hangUp: null, child: null, sip: null, hangingUp: false });
    return call;
  }

  /** The fields every voice request about `call` carries. */
  private callParams(call: TwilioCall, status: string = call.status): [string, string][] {
    return [
      ['AccountSid', this.accountSid],
      ['ApiVersion', '2010-04-01'],
      ['CallSid', call.sid],
      ['CallStatus', status],
      ['Called', call.to],
      ['Caller', call.from],
      ['Direction', call.direction],
      ['From', call.from],
      ['To', call.to],
      ...(call.parent_call_sid ? [['ParentCallSid', call.parent_call_sid] as [string, string]] : []),
    ];
  }

  /** Moves the call to `status` and sends the event's callback when the call asked for it. */
  private async step(call: TwilioCall, status: CallStatus, event: CallEvent): Promise<void> {
    if (FINAL.has(call.status)) return;
    call.status = status;
    call.date_updated = rfc2822(this.clock());
    const plan = this.plans.get(call.sid)!;
    if (!plan.statusCallback || !plan.events.has(event)) return;
    const params: [string, string][] = [
      // The initiated event's callback says so, though the call itself goes from queued to ringing.
      ...this.callParams(call, event === 'initiated' ? 'initiated' : call.status),
      ['CallbackSource', 'call-progress-events'],
      ['SequenceNumber', String(plan.sequence++)],
      ['Timestamp', call.date_updated],
      ...(event === 'completed' ? [['CallDuration', call.duration ?? '0'] as [string, string]] : []),
    ];
    await this.deliver('call-status', plan.statusCallback, params);
  }

  /**
   * Waits until the call is hung up (the script said ring or hold). The wait is not work of the
   * server's own: idle() returns during it; the hang-up counts the walk as active again at once.
   */
  private waitForHangUp(call: TwilioCall): Promise<void> {
    const plan = this.plans.get(call.sid)!;
    this.active--;
    this.wake();
    return new Promise<void>((resolve) => {
      plan.hangUp = () => {
        plan.hangUp = null;
        this.active++;
        resolve();
      };
    });
  }

  /** Ends the call; an answered one after `talkSeconds` of simulated time, or (null) as long as the clock says it lasted. */
  private async end(call: TwilioCall, status: CallStatus, talkSeconds: number | null = 0): Promise<void> {
    if (FINAL.has(call.status)) return;
    const now = this.clock().getTime();
    const started = call.start_time && status === 'completed' ? Date.parse(call.start_time) : now;
    const seconds = talkSeconds ?? Math.max(0, Math.round((now - started) / 1000));
    call.end_time = rfc2822(new Date(Math.max(now, started + seconds * 1000)));
    call.duration = String(status === 'completed' ? seconds : 0);
    await this.step(call, status, 'completed');
  }

  /** One call from queued to its end (kept for `walked()`). */
  private walk(call: TwilioCall): Promise<void> {
    const walk = isSipAddress(call.to) ? this.walkSip(call) : this.walkScripted(call);
    this.walks.set(call.sid, walk.catch(() => {}));
    return walk;
  }

  /**
   * A call to a SIP address, as its SIP dialogue goes: initiated with the INVITE, ringing on
   * 180/183, in-progress once the 200 is ACKed (then its TwiML runs, unless it is a `<Dial>`ed
   * leg), completed on a BYE from either side; or busy, no-answer, failed, canceled as the far end
   * turned it down or it was canceled. Once the TwiML is over (a `<Dial>` ended), the stand-in
   * hangs up as Twilio does; with nothing dialled, the call lasts until a side hangs up.
   */
  private async walkSip(call: TwilioCall): Promise<void> {
    const plan = this.plans.get(call.sid)!;
    const sip = (await this.sip()).call({ to: call.to, caller: call.from, ringSeconds: plan.ringSeconds });
    plan.sip = sip;
    // Hung up before the INVITE went out: it is canceled at once.
    if (plan.hangingUp) sip.hangUp();
    await this.step(call, 'queued', 'initiated');
    let event = await sip.next();
    if (event.type === 'ringing') {
      await this.step(call, 'ringing', 'ringing');
      event = await sip.next();
    }
    if (event.type === 'ended') return this.end(call, event.status === 'completed' ? 'failed' : event.status);
    const answered = performance.now();
    call.start_time = rfc2822(this.clock());
    await this.step(call, 'in-progress', 'answered');
    const over = sip.next();
    // The far end hanging up ends the leg it was bridged to.
    void over.then(() => {
      const child = plan.child;
      if (child && !FINAL.has(child.status)) this.hangUp(child.sid);
    });
    const bridged = call.parent_call_sid ? null : await this.run(call);
    if (bridged !== null) {
      sip.hangUp();
      await over;
    } else {
      // Waiting for a side to hang up is not the stand-in's own work: idle() returns meanwhile.
      await this.inactiveUntil(over);
    }
    const talked = Math.round((performance.now() - answered) / 1000);
    return this.end(call, 'completed', Math.max(talked, bridged ?? 0));
  }

  /** Waits for `promise` as a walk waiting on someone else (a person hanging up): not counted by idle(). */
  private async inactiveUntil<T>(promise: Promise<T>): Promise<T> {
    this.active--;
    this.wake();
    try {
      return await promise;
    } finally {
      this.active++;
    }
  }

  /** One call from queued to its end, as its number's script says; a hang-up through the API may end it at any step. */
  private async walkScripted(call: TwilioCall): Promise<void> {
    const script = this.callScripts.get(call.to) ?? { outcome: 'answer' };
    await this.step(call, 'queued', 'initiated');
    if (script.outcome === 'failed') return this.end(call, 'failed');
    await this.step(call, 'ringing', 'ringing');
    if (script.outcome === 'busy' || script.outcome === 'no-answer') return this.end(call, script.outcome);
    if (script.outcome === 'ring') {
      if (!FINAL.has(call.status)) await this.waitForHangUp(call);
      return this.end(call, 'canceled');
    }
    if ('ringMs' in script && script.ringMs) await new Promise((resolve) => setTimeout(resolve, script.ringMs));
    if (FINAL.has(call.status)) return;
    call.start_time = rfc2822(this.clock());
    await this.step(call, 'in-progress', 'answered');
    // A bridged leg runs no TwiML of its own; a call that dialled one ends when the leg does.
    const bridged = call.parent_call_sid ? null : await this.run(call);
    if (bridged !== null) return this.end(call, 'completed', bridged);
    if (script.outcome === 'hold') {
      if (!FINAL.has(call.status)) await this.waitForHangUp(call);
      return this.end(call, 'completed', null);
    }
    return this.end(call, 'completed', script.outcome === 'answer' ? (script.talkSeconds ?? 5) : 5);
  }

  /** Runs an answered call's TwiML: a `<Dial><Number>` bridges a leg, and the answer is its seconds; null when nothing was dialled. */
  private async run(call: TwilioCall): Promise<number | null> {
    const plan = this.plans.get(call.sid)!;
    let twiml = plan.twiml;
    if (plan.url) {
      const fetched = await this.deliver('twiml', plan.url, this.callParams(call));
      if (fetched.status < 200 || fetched.status >= 300) {
        this.problems.push(`the TwiML at ${plan.url} answered ${fetched.status}`);
        return null;
      }
      twiml = fetched.body;
    }
    // Hung up while its TwiML was being fetched: nothing more to run.
    if (FINAL.has(call.status) || plan.hangingUp || plan.sip?.ended) return null;
    const dial = dialOf(twiml ?? '');
    if (!dial) {
      if (!/<Response\b/.test(twiml ?? '')) this.problems.push('the call’s TwiML has no <Response>');
      return null;
    }
    const leg = this.newCall(dial.number, dial.callerId ?? call.from, call, {
      statusCallback: dial.statusCallback,
      events: dial.events,
      twiml: null,
      url: null,
      ringSeconds: dial.timeout,
    });
    plan.child = leg;
    await this.walk(leg);
    plan.child = null;
    if (dial.action) {
      const params: [string, string][] = [
        ...this.callParams(call),
        ['DialCallSid', leg.sid],
        ['DialCallStatus', leg.status],
        ['DialCallDuration', leg.duration ?? '0'],
        ['DialBridged', String(leg.status === 'completed')],
      ];
      const next = await this.deliver('dial-action', dial.action, params);
      // The action's TwiML goes on with the call; anything but <Hangup/> or nothing is beyond this stand-in.
      if (next.body && !/<Response\s*\/>|<Hangup\s*\/>|<Response>\s*<\/Response>/.test(next.body)) this.problems.push('the <Dial> action answered TwiML beyond <Hangup/>');
    }
    return Number(leg.duration ?? 0);
  }

  // ---- messages -----------------------------------------------------------------------------

  private messageResource(sid: string, to: string, from: string, body: string, now: Date): TwilioMessage {
    return {
      sid,
      account_sid: this.accountSid,
      to,
      from,
      body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: String(segments(body)),
      num_media: '0',
      error_code: null,
      error_message: null,
      date_created: rfc2822(now),
      date_updated: rfc2822(now),
      date_sent: null,
      messaging_service_sid: null,
      api_version: '2010-04-01',
      price: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    };
  }

  /** queued (no callback, as at Twilio) → sent → delivered, or undelivered, or failed. */
  private async send(message: TwilioMessage, statusCallback: string | null): Promise<void> {
    const script = this.messageScripts.get(message.to) ?? 'deliver';
    const report = async (status: TwilioMessage['status'], error: [number, string] | null) => {
      const now = this.clock();
      Object.assign(message, { status, date_updated: rfc2822(now), error_code: error?.[0] ?? null, error_message: error?.[1] ?? null });
      if (status === 'sent') message.date_sent = rfc2822(now);
      if (!statusCallback) return;
      const params: [string, string][] = [
        ['AccountSid', this.accountSid],
        ['ApiVersion', '2010-04-01'],
        ['MessageSid', message.sid],
        ['SmsSid', message.sid],
        ['MessageStatus', status],
        ['SmsStatus', status],
        ['From', message.from],
        ['To', message.to],
        ...(error ? [['ErrorCode', String(error[0])] as [string, string]] : []),
        ...(status === 'delivered' || status === 'undelivered' ? [['RawDlrDoneDate', rawDlrDate(now)] as [string, string]] : []),
      ];
      await this.deliver('message-status', statusCallback, params);
    };
    if (script === 'fail') return report('failed', [30008, 'Unknown error']);
    await report('sent', null);
    if (script === 'undeliver') return report('undelivered', [30003, 'Unreachable destination handset']);
    return report('delivered', null);
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await bodyText(req);
    if (url.pathname.startsWith('/_control/')) return this.control(req.method ?? 'GET', url.pathname, raw, res);
    const form = new URLSearchParams(req.headers['content-type']?.includes('application/x-www-form-urlencoded') ? raw : '');
    const authorized = req.headers.authorization === `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorized, form });
    if (!authorized) return refuse(res, 401, 20003, 'Authenticate');
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(Calls|Messages)(?:\/([A-Za-z0-9]+))?\.json$/.exec(url.pathname);
    if (!m || m[1] !== this.accountSid) return refuse(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
    const [, , kind, sid] = m as unknown as [string, string, 'Calls' | 'Messages', string | undefined];
    const found = sid ? (kind === 'Calls' ? this.calls.get(sid) : this.messages.get(sid)) : undefined;
    if (sid && !found) return refuse(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
    if (req.method === 'GET' && found) return answerJson(res, 200, found);
    if (req.method !== 'POST') return refuse(res, 405, 20004, 'Method not allowed');
    if (kind === 'Messages') return sid ? refuse(res, 400, 20001, 'Only a message’s body can be changed, and not here') : this.createMessage(form, res);
    return sid ? this.updateCall(found as TwilioCall, form, res) : this.createCall(form, res);
  }

  private createCall(form: URLSearchParams, res: ServerResponse): void {
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    if (!to) return refuse(res, 400, 21201, "No 'To' number is specified");
    if (!from) return refuse(res, 400, 21213, "No 'From' number is specified");
    // A SIP address is called over SIP (Twilio's SIP interface); the stand-in reaches it over UDP.
    if (!E164.test(to) && !(isSipAddress(to) && parseSipUri(to))) return refuse(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!E164.test(from)) return refuse(res, 400, 21212, `Invalid 'From' Phone Number: ${from}`);
    const twiml = form.get('Twiml');
    const twimlUrl = form.get('Url');
    if (!twiml && !twimlUrl && !form.get('ApplicationSid')) return refuse(res, 400, 21205, 'Url parameter is required.');
    if (twiml && !twimlUrl && twiml.length > 4000) return refuse(res, 400, 21208, 'Twiml is longer than 4000 characters.');
    for (const u of [twimlUrl, form.get('StatusCallback')]) if (u && !/^https?:\/\//.test(u)) return refuse(res, 400, 21205, `Url is not a valid URL: ${u}`);
    const timeout = form.get('Timeout');
    if (timeout !== null && (!/^\d+$/.test(timeout) || Number(timeout) > 600)) return refuse(res, 400, 21216, 'Timeout must be an integer between 1 and 600.');
    const asked = form.getAll('StatusCallbackEvent').flatMap((e) => e.split(' ')).filter(Boolean);
    if (asked.some((e) => !['initiated', 'ringing', 'answered', 'completed'].includes(e))) return refuse(res, 400, 21626, 'StatusCallbackEvent must be one of initiated, ringing, answered, completed.');
    const call = this.newCall(to, from, null, {
      statusCallback: form.get('StatusCallback'),
      // With no events named, only completed is reported.
      events: new Set((asked.length ? asked : ['completed']) as CallEvent[]),
      twiml: twimlUrl ? null : twiml,
      url: twimlUrl,
      ringSeconds: timeout === null ? 60 : Math.max(1, Number(timeout)),
    });
    answerJson(res, 201, call);
    this.track(this.walk(call));
  }

  /** `Status=completed` hangs a call up (cancels it when not yet answered); `Status=canceled` only cancels one not yet answered. */
  private updateCall(call: TwilioCall, form: URLSearchParams, res: ServerResponse): void {
    const status = form.get('Status');
    if (status !== 'completed' && status !== 'canceled') return refuse(res, 400, 21218, 'Status must be completed or canceled.');
    if (!FINAL.has(call.status) && (status === 'completed' || call.status !== 'in-progress')) this.hangUp(call.sid);
    answerJson(res, 200, call);
  }

  private createMessage(form: URLSearchParams, res: ServerResponse): void {
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!to) return refuse(res, 400, 21604, "A 'To' phone number is required.");
    if (!from && !form.get('MessagingServiceSid')) return refuse(res, 400, 21603, "A 'From' phone number is required.");
    if (!body && !form.get('MediaUrl')) return refuse(res, 400, 21602, 'Message body is required.');
    if (!E164.test(to)) return refuse(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!E164.test(from)) return refuse(res, 400, 21212, `Invalid 'From' Phone Number: ${from}`);
    if (body.length > 1600) return refuse(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (this.optedOut.has(`${from} ${to}`)) return refuse(res, 400, 21610, 'Attempt to send to unsubscribed recipient');
    const statusCallback = form.get('StatusCallback');
    if (statusCallback && !/^https?:\/\//.test(statusCallback)) return refuse(res, 400, 21609, `StatusCallback is not a valid URL: ${statusCallback}`);
    const message = this.messageResource(newSid('SM'), to, from, body, this.clock());
    this.messages.set(message.sid, message);
    answerJson(res, 201, message);
    this.track(this.send(message, statusCallback));
  }

  /** The demo's levers, as HTTP: the same steps a test calls as methods. */
  private async control(method: string, path: string, raw: string, res: ServerResponse): Promise<void> {
    let body: Record<string, unknown> = {};
    try {
      body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    } catch {
      return answerJson(res, 400, { error: 'the body is not JSON' });
    }
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    try {
      if (method === 'POST' && path === '/_control/scripts/calls') {
        const outcome = text('outcome') as CallScript['outcome'];
        if (!['answer', 'hold', 'ring', 'busy', 'no-answer', 'failed'].includes(outcome)) throw new Error('outcome: answer, hold, ring, busy, no-answer or failed');
        const ringMs = typeof body.ringMs === 'number' && body.ringMs >= 0 ? Math.min(body.ringMs, 60_000) : undefined;
        const talkSeconds = typeof body.talkSeconds === 'number' ? body.talkSeconds : undefined;
        this.scriptCall(text('number'), outcome === 'answer' ? { outcome, talkSeconds, ringMs } : outcome === 'hold' ? { outcome, ringMs } : ({ outcome } as CallScript));
        return answerJson(res, 200, { ok: true });
      }
      if (method === 'POST' && path === '/_control/scripts/messages') {
        const script = text('script') as MessageScript;
        if (!['deliver', 'undeliver', 'fail'].includes(script)) throw new Error('script: deliver, undeliver or fail');
        this.scriptMessages(text('number'), script);
        return answerJson(res, 200, { ok: true });
      }
      if (method === 'POST' && path === '/_control/webhooks') {
        const incoming = text('incomingMessageUrl');
        if (!/^https?:\/\//.test(incoming)) throw new Error('incomingMessageUrl: an http(s) URL');
        this.incomingMessageUrl = incoming;
        // Calls to our numbers: optional, an http(s) URL when given.
        if (body.incomingCallUrl !== undefined) {
          const calls = text('incomingCallUrl');
          if (!/^https?:\/\//.test(calls)) throw new Error('incomingCallUrl: an http(s) URL');
          this.incomingCallUrl = calls;
        }
        return answerJson(res, 200, { incomingMessageUrl: incoming, incomingCallUrl: this.incomingCallUrl });
      }
      if (method === 'POST' && path === '/_control/messages/incoming') {
        const delivery = await this.receiveMessage({ from: text('from'), to: text('to'), body: text('body') });
        return answerJson(res, 200, { delivered: delivery.status, answer: delivery.body });
      }
      if (method === 'POST' && path === '/_control/calls/incoming') {
        const digits = Array.isArray(body.digits) ? body.digits.filter((d): d is string => typeof d === 'string') : text('digits');
        const inbound = await this.receiveCall({ from: text('from'), to: text('to'), digits });
        return answerJson(res, 200, inbound);
      }
      const hang = /^\/_control\/calls\/(CA[0-9a-f]{32})\/hang-up$/.exec(path);
      if (method === 'POST' && hang) return answerJson(res, 200, this.hangUp(hang[1]!));
      if (method === 'GET' && path === '/_control/state') return answerJson(res, 200, { calls: [...this.calls.values()], messages: [...this.messages.values()], deliveries: this.deliveries, problems: this.problems });
      return answerJson(res, 404, { error: 'Not found' });
    } catch (err) {
      return answerJson(res, 400, { error: (err as Error).message });
    }
  }
}

/** The `<Gather>` of a call's TwiML: where its digits go; null without one. */
function gatherOf(twiml: string): { action: string } | null {
  const gather = /<Gather\b([^>]*)>/.exec(twiml);
  const action = gather ? attributesOf(gather[1]!).action : undefined;
  return action ? { action } : null;
}

/** The `<Dial>` of a call's TwiML, as far as this stand-in runs it: its action, caller id, timeout and one `<Number>` or `<Sip>`. */
function dialOf(twiml: string): { number: string; action: string | null; callerId: string | null; statusCallback: string | null; events: Set<CallEvent>; timeout: number } | null {
  const dial = /<Dial\b([^>]*)>([\s\S]*?)<\/Dial>/.exec(twiml);
  if (!dial) return null;
  const found = /<(Number|Sip)\b([^>]*)>([^<]*)<\/\1>/.exec(dial[2]!);
  if (!found) return null;
  const number = [found[0], found[2], found[3]] as const;
  const dialAttrs = attributesOf(dial[1]!);
  const numberAttrs = attributesOf(number[1]!);
  const events = (numberAttrs.statusCallbackEvent ?? '').split(/\s+/).filter(Boolean) as CallEvent[];
  return {
    number: unescapeXml(number[2]!.trim()),
    action: dialAttrs.action ?? null,
    callerId: dialAttrs.callerId ?? null,
    statusCallback: numberAttrs.statusCallback ?? null,
    events: new Set(events.length ? events : ['completed']),
    timeout: /^\d+$/.test(dialAttrs.timeout ?? '') ? Math.max(1, Number(dialAttrs.timeout)) : 30,
  };
}

function attributesOf(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeXml(m[2]!)]));
}

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
}

/** SMS segments: 160 characters in one, 153 each when split (GSM-7; near enough for a stand-in). */
function segments(body: string): number {
  return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
}

/** RawDlrDoneDate: YYMMDDhhmm in UTC. */
function rawDlrDate(d: Date): string {
  return d.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, '$1$2$3$4$5');
}

function refuse(res: ServerResponse, status: number, code: number, message: string): void {
  const error: TwilioError = { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
  answerJson(res, status, error);
}

// Standalone, for a demo: prints where it listens and its credentials, and posts incoming texts to the URL given.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const incomingMessageUrl = process.argv[2] ?? process.env.TWILIO_INCOMING_MESSAGE_URL ?? null;
  const incomingCallUrl = process.argv[3] ?? process.env.TWILIO_INCOMING_CALL_URL ?? null;
  const twilio = await TwilioServer.start({ incomingMessageUrl, incomingCallUrl, port: Number(process.env.TWILIO_PORT ?? 0), accountSid: process.env.TWILIO_ACCOUNT_SID, authToken: process.env.TWILIO_AUTH_TOKEN });
  console.log(`Local Twilio stand-in at ${twilio.url}`);
  console.log(`  TWILIO_API_URL=${twilio.url} TWILIO_ACCOUNT_SID=${twilio.accountSid} TWILIO_AUTH_TOKEN=${twilio.authToken} OUTBOUND_ALLOW_HOSTS=${twilio.host}`);
  console.log(`  incoming texts go to ${incomingMessageUrl ?? '(none: pass the backend’s incoming-message webhook URL)'}`);
  console.log(`  calls to our numbers go to ${incomingCallUrl ?? '(none: pass the backend’s incoming-call webhook URL second)'}`);
  console.log(`  levers: POST ${twilio.url}/_control/calls/incoming {"from","to","digits"}, …/_control/scripts/calls {"number","outcome","ringMs","talkSeconds"}, …/_control/scripts/messages {"number","script"}, …/_control/messages/incoming {"from","to","body"}, …/_control/webhooks {"incomingMessageUrl","incomingCallUrl"}, …/_control/calls/<sid>/hang-up, GET …/_control/state`);
  // Started by another process (npm start) over IPC: tell it where it listens, and end with it.
  if (process.send) {
    process.send({ url: twilio.url });
    process.once('disconnect', () => process.exit(0));
  }
  // Calls on hold wait forever: stopping does not wait for them.
  process.once('SIGTERM', () => process.exit(0));
}
