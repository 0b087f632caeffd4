import { randomBytes, randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import {
  ackFor,
  byeRequest,
  cancelFor,
  destinationOf,
  dialogOf,
  formatSipMessage,
  headerOf,
  inDialog,
  inviteRequest,
  type LocalEnd,
  parseSipMessage,
  parseSipUri,
  responseTo,
  sdpOffer,
  type SipDialog,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  transactionOf,
  twilioStatusOfRejection,
} from './sip.core';

/*
 * A SIP user agent client over UDP (RFC 3261), as much of one as the local Twilio needs to call a
 * SIP address the way Twilio does: an INVITE with an SDP offer (retransmitted on timer A until a
 * response, given up on timer B), ringing on 180/183, the 2xx ACKed (again for each retransmitted
 * 2xx) and the call answered, a rejection ACKed and told as Twilio's status (486/600 busy, 480/408
 * no-answer, anything else failed), a CANCEL when it rings longer than the timeout (no-answer) or
 * is hung up while ringing (canceled), a BYE to hang up an answered call (completed), and the far
 * end's BYE answered 200 (completed). No media is sent, no digest authentication, UDP only.
 */

/** RFC 3261's timers: T1 the round-trip estimate, T2 the longest retransmission interval, 64·T1 a transaction's life. */
const T1 = 500;
const T2 = 4000;
const TRANSACTION_MS = 64 * T1;

/** What a call tells, in order: ringing (once), answered, then its end with Twilio's status. */
export type SipCallEvent =
  | { type: 'ringing'; code: number }
  | { type: 'answered' }
  | { type: 'ended'; status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'; code: number | null; by: 'remote' | 'local' };

export type SipEnd = Extract<SipCallEvent, { type: 'ended' }>;

export interface SipCallOptions {
  /** The SIP address called: `sip:agent@pbx.example.com[:port]`. */
  to: string;
  /** Who calls: the user part of our From (the call's From number). */
  caller: string;
  /** How long it may ring before it is canceled as unanswered, in seconds (Twilio's Timeout). */
  ringSeconds: number;
}

const token = (bytes = 8) => randomBytes(bytes).toString('hex');

/** The SIP side of the local Twilio: one UDP socket on 127.0.0.1 (or `host`), any number of calls. */
export class SipUserAgent {
  readonly local: LocalEnd;
  /** Every datagram sent and received, for tests to read (`out`: ours). */
  readonly trace: { direction: 'in' | 'out'; message: SipMessage }[] = [];
  private readonly transactions = new Map<string, (response: SipResponse) => void>();
  private readonly calls = new Map<string, SipCall>();

  private constructor(private readonly socket: Socket) {
    const address = socket.address() as AddressInfo;
    this.local = { host: address.address, port: address.port };
    socket.on('message', (data, from) => this.receive(data.toString('utf8'), { host: from.address, port: from.port }));
  }

  static async start(host = '127.0.0.1'): Promise<SipUserAgent> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // A send's failure is told to its callback; nothing else may bring the process down.
    socket.on('error', () => {});
    return new SipUserAgent(socket);
  }

  /** Calls a SIP address: the INVITE goes out at once; read the call's events with `next()`. */
  call(options: SipCallOptions): SipCall {
    const call = new SipCall(this, options, token(12));
    this.calls.set(call.callId, call);
    call.start();
    return call;
  }

  /** Stops every call's timers and closes the socket. */
  async close(): Promise<void> {
    for (const call of this.calls.values()) call.stop();
    this.calls.clear();
    this.transactions.clear();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  /** @internal Sends a message to `to` (a request's destination, or where a request came from); a failure (unresolvable host) is told to `failed`. */
  send(message: SipMessage, to: { host: string; port: number }, failed?: () => void): void {
    this.trace.push({ direction: 'out', message });
    this.socket.send(formatSipMessage(message), to.port, to.host, (err) => {
      if (err) failed?.();
    });
  }

  /** @internal A client transaction's responses go to `handler`, by its branch. */
  listen(branch: string, handler: ((response: SipResponse) => void) | null): void {
    if (handler) this.transactions.set(branch, handler);
    else this.transactions.delete(branch);
  }

  private receive(text: string, from: { host: string; port: number }): void {
    const message = parseSipMessage(text);
    if (!message) return;
    this.trace.push({ direction: 'in', message });
    if (message.kind === 'response') {
      const transaction = transactionOf(message);
      if (transaction) this.transactions.get(transaction.branch)?.(message);
      return;
    }
    if (message.method === 'ACK') return;
    const call = this.calls.get(headerOf(message, 'call-id') ?? '');
    if (!call || !call.takes(message, from)) this.send(responseTo(message, 481, 'Call/Transaction Does Not Exist'), from);
  }
}

type CallState = 'calling' | 'proceeding' | 'answered' | 'ended';

/** One outgoing call: its INVITE transaction, then its dialog. */
export class SipCall {
  readonly callId: string;
  private state: CallState = 'calling';
  private readonly invite: SipRequest | null;
  private readonly destination: { host: string; port: number } | null;
  private dialog: SipDialog | null = null;
  private lastAck: SipRequest | null = null;
  private cseq = 1;
  private ringing = false;
  /** Set once we asked the call to end before it was answered: the status it ends with. */
  private cancelling: 'no-answer' | 'canceled' | null = null;
  private cancelSent = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queue: SipCallEvent[] = [];
  private readonly readers: ((event: SipCallEvent) => void)[] = [];
  private end: SipEnd | null = null;

  constructor(
    private readonly agent: SipUserAgent,
    private readonly options: SipCallOptions,
    callId: string,
  ) {
    this.callId = `${callId}@${agent.local.host}`;
    const target = parseSipUri(options.to);
    // The stand-in reaches SIP addresses over UDP only.
    if (!target || target.transport !== 'udp') {
      this.invite = null;
      this.destination = null;
      return;
    }
    this.invite = inviteRequest({
      target,
      caller: options.caller,
      local: agent.local,
      callId: this.callId,
      fromTag: token(),
      branch: `z9hG4bK${token()}`,
      cseq: this.cseq,
      sdp: sdpOffer(agent.local.host, 40000 + 2 * randomInt(5000), randomInt(1_000_000_000)),
    });
    this.destination = { host: target.host, port: target.port };
  }

  /** The next event of the call (ringing, answered, ended), in order; after the end, the end again. */
  next(): Promise<SipCallEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.end) return Promise.resolve(this.end);
    return new Promise((resolve) => this.readers.push(resolve));
  }

  /** How the call ended, once it has. */
  get ended(): SipEnd | null {
    return this.end;
  }

  /** @internal */
  start(): void {
    if (!this.invite || !this.destination) return this.finish('failed', null, 'local');
    const invite = this.invite;
    const branch = transactionOf(invite)!.branch;
    this.agent.listen(branch, (response) => this.onInviteResponse(response));
    this.agent.send(invite, this.destination, () => this.finish('failed', null, 'local'));
    // Timer A: the INVITE again at T1, 2·T1, 4·T1… until any response comes; timer B gives up.
    let interval = T1;
    const retransmit = () => {
      if (this.state !== 'calling' || this.end) return;
      this.agent.send(invite, this.destination!);
      interval *= 2;
      this.later(interval, retransmit);
    };
    this.later(interval, retransmit);
    this.later(TRANSACTION_MS, () => {
      if (this.state === 'calling') this.finish(this.cancelling ?? 'failed', null, 'local');
    });
    // The ring timeout: unanswered by then, it is canceled (no response at all: nobody is there).
    this.later(this.options.ringSeconds * 1000, () => {
      if (this.state === 'proceeding') this.cancel('no-answer');
      else if (this.state === 'calling') this.finish('failed', null, 'local');
    });
  }

  /**
   * Hangs up as Twilio does when the API or the other leg ends the call: a BYE once answered
   * (completed), a CANCEL while it rings (canceled).
   */
  hangUp(): void {
    if (this.end) return;
    if (this.state === 'answered') return this.bye();
    this.cancel('canceled');
  }

  /** @internal Stops retransmissions and timers (the agent closing). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** @internal A request from the far end with this call's Call-ID: taken when it belongs to the dialog. */
  takes(request: SipRequest, from: { host: string; port: number }): boolean {
    if (!this.dialog || !inDialog(this.dialog, request)) return false;
    if (request.method === 'BYE') {
      this.agent.send(responseTo(request, 200, 'OK'), from);
      if (this.state === 'answered') this.finish('completed', null, 'remote');
    } else if (request.method === 'OPTIONS') this.agent.send(responseTo(request, 200, 'OK'), from);
    else if (request.method === 'INVITE') this.agent.send(responseTo(request, 488, 'Not Acceptable Here'), from);
    else this.agent.send(responseTo(request, 501, 'Not Implemented'), from);
    return true;
  }

  private onInviteResponse(response: SipResponse): void {
    const invite = this.invite!;
    const method = transactionOf(response)?.method;
    if (method === 'CANCEL') return; // Its 200 only says the CANCEL came; the INVITE's 487 ends the call.
    if (method !== 'INVITE') return;
    if (response.status < 200) {
      if (this.state === 'calling') this.state = 'proceeding';
      if (this.cancelling && !this.cancelSent) this.sendCancel();
      if ((response.status === 180 || response.status === 183) && !this.ringing && !this.end && !this.cancelling) {
        this.ringing = true;
        this.push({ type: 'ringing', code: response.status });
      }
      return;
    }
    if (response.status >= 300) {
      // The rejection's ACK, sent again for each retransmission of it.
      this.agent.send(ackFor(invite, response, ''), this.destination!);
      if (this.end) return;
      if (this.cancelling && response.status === 487) return this.finish(this.cancelling, response.status, 'local');
      return this.finish(twilioStatusOfRejection(response.status), response.status, 'remote');
    }
    // A 2xx: ACKed every time it comes (the far end retransmits it until the ACK arrives).
    if (this.lastAck) return this.agent.send(this.lastAck, destinationOf(this.lastAck) ?? this.destination!);
    const dialog = dialogOf(invite, response);
    this.lastAck = ackFor(invite, response, `z9hG4bK${token()}`);
    this.agent.send(this.lastAck, destinationOf(this.lastAck) ?? this.destination!);
    if (!dialog) return this.finish('failed', response.status, 'remote');
    this.dialog = dialog;
    if (this.end) return;
    if (this.cancelling) {
      // Answered as the CANCEL crossed it: the call is ended with a BYE, as it was meant to end.
      this.state = 'answered';
      return this.bye(this.cancelling);
    }
    this.state = 'answered';
    this.push({ type: 'answered' });
  }

  private cancel(outcome: 'no-answer' | 'canceled'): void {
    if (this.end || this.cancelling) return;
    this.cancelling = outcome;
    // A CANCEL goes only after a provisional response; before one, it waits for it (or timer B).
    if (this.state === 'proceeding') this.sendCancel();
    // Should the 487 never come, the call is over all the same.
    this.later(TRANSACTION_MS, () => this.finish(outcome, null, 'local'));
  }

  private sendCancel(): void {
    this.cancelSent = true;
    this.nonInvite(cancelFor(this.invite!), this.destination!, () => {});
  }

  private bye(status: 'completed' | 'no-answer' | 'canceled' = 'completed'): void {
    if (this.end || !this.dialog) return;
    const request = byeRequest(this.dialog, `z9hG4bK${token()}`, ++this.cseq);
    this.nonInvite(request, destinationOf(request) ?? this.destination!, (response) => this.finish(status, response?.status ?? null, 'local'));
  }

  /** A non-INVITE client transaction: sent again on timer E (T1 doubling up to T2) until a final response, given up on timer F. */
  private nonInvite(request: SipRequest, to: { host: string; port: number }, done: (response: SipResponse | null) => void): void {
    const branch = transactionOf(request)!.branch;
    let finished = false;
    const finish = (response: SipResponse | null) => {
      if (finished) return;
      finished = true;
      // A CANCEL shares the INVITE's branch: the INVITE's responses still go to the INVITE.
      if (request.method !== 'CANCEL') this.agent.listen(branch, null);
      done(response);
    };
    if (request.method !== 'CANCEL') {
      this.agent.listen(branch, (response) => {
        if (response.status >= 200) finish(response);
      });
    } else {
      const invite = (r: SipResponse) => this.onInviteResponse(r);
      this.agent.listen(branch, (response) => {
        if (transactionOf(response)?.method === 'CANCEL' && response.status >= 200) finish(response);
        else invite(response);
      });
    }
    this.agent.send(request, to);
    let interval = T1;
    const retransmit = () => {
      if (finished || (this.end && request.method === 'CANCEL')) return;
      this.agent.send(request, to);
      interval = Math.min(interval * 2, T2);
      this.later(interval, retransmit);
    };
    this.later(interval, retransmit);
    this.later(TRANSACTION_MS, () => finish(null));
  }

  private finish(status: SipEnd['status'], code: number | null, by: SipEnd['by']): void {
    if (this.end) return;
    this.state = 'ended';
    this.end = { type: 'ended', status, code, by };
    this.push(this.end);
    // Timers of retransmission and give-up stop, but the call still answers the far end (a retransmitted BYE or 2xx).
    this.stop();
  }

  private push(event: SipCallEvent): void {
    const reader = this.readers.shift();
    if (reader) reader(event);
    else this.queue.push(event);
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
