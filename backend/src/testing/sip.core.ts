/*
 * SIP (RFC 3261) messages as the local Twilio's user agent client speaks them (sip-client.ts):
 * parsing what comes in over UDP, building the INVITE with its SDP offer, the ACK, the CANCEL and
 * the BYE, answering a request, and Twilio's status for how the far end ended a call. No I/O and
 * no randomness: branches, tags and Call-IDs come from the caller.
 */

export type SipScheme = 'sip' | 'sips';
export type SipTransport = 'udp' | 'tcp' | 'tls';

/** A SIP URI as this client reaches it: `sip:user@host[:port][;transport=…]`. */
export interface SipUri {
  scheme: SipScheme;
  user: string;
  host: string;
  /** The port given, or the scheme's default (5060, 5061 for sips). */
  port: number;
  transport: SipTransport;
}

const SIP_URI = /^(sips?):([A-Za-z0-9._~+\-]+)@([A-Za-z0-9.-]+)(?::(\d{1,5}))?((?:;[^;?]*)*)$/i;

/** A SIP URI's parts, or null when it is not `sip:`/`sips:` `user@host`, optionally a port and parameters. */
export function parseSipUri(uri: string): SipUri | null {
  const m = SIP_URI.exec(uri.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase() as SipScheme;
  const port = m[4] === undefined ? (scheme === 'sips' ? 5061 : 5060) : Number(m[4]);
  if (port < 1 || port > 65535) return null;
  const transport = /;transport=(udp|tcp|tls)\b/i.exec(m[5] ?? '')?.[1]?.toLowerCase() as SipTransport | undefined;
  return { scheme, user: m[2]!, host: m[3]!.toLowerCase(), port, transport: transport ?? (scheme === 'sips' ? 'tls' : 'udp') };
}

/** Whether a call's `To` (or a `<Sip>` noun) is a SIP address rather than a phone number. */
export const isSipAddress = (to: string): boolean => /^sips?:/i.test(to.trim());

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: [string, string][];
  body: string;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** The compact header names (RFC 3261 §7.3.3 and the common extensions) in their full form. */
const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type', k: 'supported', s: 'subject', e: 'content-encoding' };

const canonical = (name: string) => COMPACT[name.toLowerCase()] ?? name.toLowerCase();

/** Headers that may be comma-joined lists of values (split so that each value stands alone). */
const LISTS = new Set(['via', 'route', 'record-route']);

/**
 * A datagram's SIP message, or null when it is none: a request line (`INVITE sip:… SIP/2.0`) or a
 * status line (`SIP/2.0 180 Ringing`), headers (folded lines joined, compact names expanded, Via
 * lists split), then the body, cut to Content-Length.
 */
export function parseSipMessage(text: string): SipMessage | null {
  const split = text.search(/\r?\n\r?\n/);
  const head = split === -1 ? text : text.slice(0, split);
  const rest = split === -1 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  const lines = head.split(/\r?\n/).reduce<string[]>((all, line) => {
    if (/^[ \t]/.test(line) && all.length > 1) all[all.length - 1] += ` ${line.trim()}`;
    else all.push(line);
    return all;
  }, []);
  const first = lines.shift()?.trim() ?? '';
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = canonical(line.slice(0, colon).trim());
    const value = line.slice(colon + 1).trim();
    for (const v of LISTS.has(name) ? splitList(value) : [value]) headers.push([name, v]);
  }
  const length = headerOf({ headers }, 'content-length');
  const body = length !== null && /^\d+$/.test(length) ? Buffer.from(rest, 'utf8').subarray(0, Number(length)).toString('utf8') : rest;
  const status = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/i.exec(first);
  if (status) return { kind: 'response', status: Number(status[1]), reason: status[2]!, headers, body };
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/i.exec(first);
  if (request) return { kind: 'request', method: request[1]!.toUpperCase(), uri: request[2]!, headers, body };
  return null;
}

/** A comma-joined header value split at the commas outside quotes and angle brackets. */
function splitList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts.filter(Boolean);
}

const DISPLAY: Record<string, string> = { via: 'Via', from: 'From', to: 'To', 'call-id': 'Call-ID', cseq: 'CSeq', contact: 'Contact', 'content-length': 'Content-Length', 'content-type': 'Content-Type', 'max-forwards': 'Max-Forwards', 'user-agent': 'User-Agent', allow: 'Allow', 'record-route': 'Record-Route', route: 'Route' };

/** The message as sent: its start line, each header (Content-Length set from the body), a blank line, the body. */
export function formatSipMessage(message: SipMessage): string {
  const start = message.kind === 'request' ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const headers = message.headers.filter(([name]) => canonical(name) !== 'content-length');
  const lines = headers.map(([name, value]) => `${DISPLAY[canonical(name)] ?? name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(message.body, 'utf8')}`);
  return `${start}\r\n${lines.join('\r\n')}\r\n\r\n${message.body}`;
}

/** A header's first value (any case, compact names too), or null. */
export function headerOf(message: Pick<SipMessage, 'headers'>, name: string): string | null {
  const wanted = canonical(name);
  return message.headers.find(([n]) => canonical(n) === wanted)?.[1] ?? null;
}

/** Every value of a header, in order. */
export function headersOf(message: Pick<SipMessage, 'headers'>, name: string): string[] {
  const wanted = canonical(name);
  return message.headers.filter(([n]) => canonical(n) === wanted).map(([, v]) => v);
}

/** A header parameter (`;tag=…`, `;branch=…`) of a name-addr or Via value, outside its `<…>`. */
export function parameterOf(value: string, name: string): string | null {
  const outside = value.replace(/<[^>]*>/g, '').replace(/"[^"]*"/g, '');
  return new RegExp(`;\\s*${name}=([^;,\\s]+)`, 'i').exec(outside)?.[1] ?? null;
}

/** The URI of a name-addr (`"Agent" <sip:agent@pbx>;tag=1` → `sip:agent@pbx`) or of an addr-spec. */
export function uriOfAddress(value: string): string {
  const angled = /<([^>]*)>/.exec(value);
  return (angled ? angled[1]! : value.split(';')[0]!).trim();
}

/** CSeq's number and method. */
export function cseqOf(message: Pick<SipMessage, 'headers'>): { number: number; method: string } | null {
  const m = /^(\d+)\s+([A-Z]+)$/i.exec(headerOf(message, 'cseq') ?? '');
  return m ? { number: Number(m[1]), method: m[2]!.toUpperCase() } : null;
}

/** The Twilio status of a call the far end ended with a final response of 300 or more: 486 and 600 busy, 480 and 408 no-answer, anything else failed. */
export function twilioStatusOfRejection(status: number): 'busy' | 'no-answer' | 'failed' {
  if (status === 486 || status === 600) return 'busy';
  if (status === 480 || status === 408) return 'no-answer';
  return 'failed';
}

/** The local end a request is sent from: where the far end answers (Via), and our Contact. */
export interface LocalEnd {
  host: string;
  port: number;
}

export interface InviteParams {
  /** The SIP address called (the Request-URI and To). */
  target: SipUri;
  /** Who is calling: the user part of our From (a phone number), and its display name. */
  caller: string;
  local: LocalEnd;
  callId: string;
  fromTag: string;
  branch: string;
  cseq: number;
  /** The SDP offer (sdpOffer). */
  sdp: string;
  userAgent?: string;
}

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS';

/** The Request-URI of a target: scheme, user, host and the port when it is not the default; the transport only when given as other than UDP. */
export function formatSipUri(uri: SipUri): string {
  const port = uri.port === (uri.scheme === 'sips' ? 5061 : 5060) ? '' : `:${uri.port}`;
  const transport = uri.transport === (uri.scheme === 'sips' ? 'tls' : 'udp') ? '' : `;transport=${uri.transport}`;
  return `${uri.scheme}:${uri.user}@${uri.host}${port}${transport}`;
}

const via = (local: LocalEnd, branch: string) => `SIP/2.0/UDP ${local.host}:${local.port};branch=${branch};rport`;

/** The INVITE with its SDP offer. `branch` must start with RFC 3261's magic cookie `z9hG4bK`. */
export function inviteRequest(p: InviteParams): SipRequest {
  if (!p.branch.startsWith('z9hG4bK')) throw new RangeError('a branch starts with z9hG4bK');
  const uri = formatSipUri(p.target);
  const caller = p.caller.replace(/[^A-Za-z0-9.+_-]/g, '');
  return {
    kind: 'request',
    method: 'INVITE',
    uri,
    headers: [
      ['Via', via(p.local, p.branch)],
      ['Max-Forwards', '70'],
      ['From', `"${caller}" <sip:${caller}@${p.local.host}:${p.local.port}>;tag=${p.fromTag}`],
      ['To', `<${uri}>`],
      ['Call-ID', p.callId],
      ['CSeq', `${p.cseq} INVITE`],
      ['Contact', `<sip:${caller}@${p.local.host}:${p.local.port}>`],
      ['Allow', ALLOW],
      ['User-Agent', p.userAgent ?? 'Floorwalker Twilio stand-in'],
      ['Content-Type', 'application/sdp'],
    ],
    body: p.sdp,
  };
}

/** An SDP offer of G.711 audio (PCMU, PCMA) and DTMF events at `host`:`rtpPort`. */
export function sdpOffer(host: string, rtpPort: number, sessionId: number): string {
  return [
    'v=0',
    `o=- ${sessionId} ${sessionId} IN IP4 ${host}`,
    's=Twilio stand-in',
    `c=IN IP4 ${host}`,
    't=0 0',
    `m=audio ${rtpPort} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/**
 * The ACK of a final response to the INVITE. For a rejection (300 and up) it is the INVITE
 * transaction's own: same Request-URI and branch. For a 2xx it is a request of the dialog: to the
 * remote target (the response's Contact), on a new branch, through the route set (Record-Route
 * reversed).
 */
export function ackFor(invite: SipRequest, response: SipResponse, newBranch: string): SipRequest {
  const cseq = cseqOf(invite)!;
  const to = headerOf(response, 'to') ?? headerOf(invite, 'to')!;
  const common = (branchVia: string, uri: string, routes: string[]): SipRequest => ({
    kind: 'request',
    method: 'ACK',
    uri,
    headers: [
      ['Via', branchVia],
      ['Max-Forwards', '70'],
      ['From', headerOf(invite, 'from')!],
      ['To', to],
      ['Call-ID', headerOf(invite, 'call-id')!],
      ['CSeq', `${cseq.number} ACK`],
      ...routes.map((r): [string, string] => ['Route', r]),
    ],
    body: '',
  });
  if (response.status >= 300) return common(headerOf(invite, 'via')!, invite.uri, []);
  const local = localEndOf(invite);
  return common(via(local, newBranch), remoteTargetOf(response, invite.uri), [...headersOf(response, 'record-route')].reverse());
}

/** The CANCEL of an INVITE still ringing: its Request-URI, Via (the same branch), From, To, Call-ID and CSeq number. */
export function cancelFor(invite: SipRequest): SipRequest {
  return {
    kind: 'request',
    method: 'CANCEL',
    uri: invite.uri,
    headers: [
      ['Via', headerOf(invite, 'via')!],
      ['Max-Forwards', '70'],
      ['From', headerOf(invite, 'from')!],
      ['To', headerOf(invite, 'to')!],
      ['Call-ID', headerOf(invite, 'call-id')!],
      ['CSeq', `${cseqOf(invite)!.number} CANCEL`],
    ],
    body: '',
  };
}

/** A dialog the INVITE's 2xx set up, as the caller holds it. */
export interface SipDialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From (with our tag) and the far end's To (with theirs), as sent in requests of the dialog. */
  from: string;
  to: string;
  /** Where requests of the dialog go: the far end's Contact. */
  remoteTarget: string;
  routes: string[];
  local: LocalEnd;
}

/** The dialog of an INVITE and its 2xx; null when the 2xx has no To tag (it sets up no dialog). */
export function dialogOf(invite: SipRequest, ok: SipResponse): SipDialog | null {
  const to = headerOf(ok, 'to');
  const from = headerOf(invite, 'from')!;
  const remoteTag = to ? parameterOf(to, 'tag') : null;
  if (!to || !remoteTag) return null;
  return {
    callId: headerOf(invite, 'call-id')!,
    localTag: parameterOf(from, 'tag')!,
    remoteTag,
    from,
    to,
    remoteTarget: remoteTargetOf(ok, invite.uri),
    routes: [...headersOf(ok, 'record-route')].reverse(),
    local: localEndOf(invite),
  };
}

/** A BYE in the dialog, our `cseq` (greater than the INVITE's). */
export function byeRequest(dialog: SipDialog, branch: string, cseq: number): SipRequest {
  return {
    kind: 'request',
    method: 'BYE',
    uri: dialog.remoteTarget,
    headers: [
      ['Via', via(dialog.local, branch)],
      ['Max-Forwards', '70'],
      ['From', dialog.from],
      ['To', dialog.to],
      ['Call-ID', dialog.callId],
      ['CSeq', `${cseq} BYE`],
      ...dialog.routes.map((r): [string, string] => ['Route', r]),
    ],
    body: '',
  };
}

/** Whether a request from the far end belongs to the dialog: its Call-ID, their tag in From, ours in To. */
export function inDialog(dialog: SipDialog, request: SipRequest): boolean {
  const from = headerOf(request, 'from');
  const to = headerOf(request, 'to');
  return headerOf(request, 'call-id') === dialog.callId && !!from && !!to && parameterOf(from, 'tag') === dialog.remoteTag && parameterOf(to, 'tag') === dialog.localTag;
}

/** The answer to a request: its Via, From, To (with `toTag` added when it has none), Call-ID and CSeq copied. */
export function responseTo(request: SipRequest, status: number, reason: string, toTag?: string): SipResponse {
  const to = headerOf(request, 'to') ?? '';
  return {
    kind: 'response',
    status,
    reason,
    headers: [
      ...headersOf(request, 'via').map((v): [string, string] => ['Via', v]),
      ['From', headerOf(request, 'from') ?? ''],
      ['To', toTag && !parameterOf(to, 'tag') ? `${to};tag=${toTag}` : to],
      ['Call-ID', headerOf(request, 'call-id') ?? ''],
      ['CSeq', headerOf(request, 'cseq') ?? ''],
      ...(status === 405 ? [['Allow', ALLOW] as [string, string]] : []),
    ],
    body: '',
  };
}

/** Where a response to our request goes back to, and which request it answers: the top Via's branch and the CSeq method. */
export function transactionOf(message: SipMessage): { branch: string; method: string } | null {
  const top = headerOf(message, 'via');
  const branch = top ? parameterOf(top, 'branch') : null;
  const cseq = cseqOf(message);
  if (!branch || !cseq) return null;
  return { branch, method: message.kind === 'request' && message.method !== 'ACK' && message.method !== 'CANCEL' ? message.method : cseq.method };
}

/** Where to send a request to a URI: its host and port (the first Route's when there is a route set). */
export function destinationOf(request: SipRequest): { host: string; port: number } | null {
  const route = headerOf(request, 'route');
  // A Contact or Route often names no user (`<sip:10.0.0.1:5070;transport=UDP>`, `<sip:proxy;lr>`).
  const m = /^(sips?):(?:[^@;>]*@)?([A-Za-z0-9.-]+)(?::(\d{1,5}))?/i.exec(uriOfAddress(route ?? request.uri));
  if (!m) return null;
  return { host: m[2]!.toLowerCase(), port: m[3] ? Number(m[3]) : m[1]!.toLowerCase() === 'sips' ? 5061 : 5060 };
}

function remoteTargetOf(response: SipResponse, fallback: string): string {
  const contact = headerOf(response, 'contact');
  return contact ? uriOfAddress(contact) : fallback;
}

function localEndOf(request: SipRequest): LocalEnd {
  const m = /^SIP\/2\.0\/\w+\s+([^;:\s]+)(?::(\d+))?/i.exec(headerOf(request, 'via') ?? '');
  return { host: m?.[1] ?? '127.0.0.1', port: Number(m?.[2] ?? 5060) };
}
