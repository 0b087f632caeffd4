import { hmacSha1 } from '../../hmac';
import { type Outbound, type OutboundAnswer, whyCallFailed } from '../../outbound/client';
import { readCapped } from '../../streams';
import { type FailureKind, type Telephony, TelephonyFailure } from './telephony';
import { twilioSignatureMatches } from './signature.core';
import { CALL_PROGRESS_EVENTS } from './twiml.core';
import { isCallStatus, isMessageStatus, SID } from './status.core';

/**
 * Twilio's REST API (https://www.twilio.com/docs/usage/api), the calls telephony makes:
 *
 *   POST {base}/2010-04-01/Accounts/{AccountSid}/Calls.json        To, From, Twiml|Url, StatusCallback,
 *                                                                  StatusCallbackEvent (repeated), Timeout → 201 {sid:"CA…", status:"queued", …}
 *   POST {base}/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json  Status=completed                      → 200 {sid, status, …}
 *   POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json     To, From, Body, StatusCallback         → 201 {sid:"SM…", status:"queued", …}
 *
 * HTTP Basic with the account SID and auth token; bodies are forms
 * (application/x-www-form-urlencoded), a list sent as the same key repeated. Refusals come as
 * `{"code": 21211, "message": "…", "more_info": "…", "status": 400}`. Webhooks are signed with the
 * auth token (signature.core.ts).
 */
export interface TwilioConfig {
  /** `https://api.twilio.com` unless a stand-in's. */
  baseUrl?: string;
  /** `AC` and 32 hex digits. */
  accountSid: string;
  authToken: string;
}

export const TWILIO_API_URL = 'https://api.twilio.com';

/** A call's longest wait for Twilio. */
const CALL_TIMEOUT_MS = 10_000;
/** Largest answer read: a call or message resource is about two kilobytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A form's fields in order; an absent value is left out, a list becomes the key repeated. */
export function formOf(fields: Record<string, string | number | readonly string[] | undefined>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of typeof value === 'object' ? value : [String(value)]) form.append(name, v);
  }
  return form;
}

/** Twilio, called through `outbound` (the guard every outbound call goes through). */
export function twilioTelephony(config: TwilioConfig, outbound: Outbound): Telephony {
  if (!/^AC[0-9a-f]{32}$/.test(config.accountSid)) throw new Error('the Twilio account SID is not AC and 32 hex digits');
  if (!config.authToken) throw new Error('the Twilio auth token is empty');
  const account = `${(config.baseUrl ?? TWILIO_API_URL).replace(/\/+$/, '')}/2010-04-01/Accounts/${config.accountSid}`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`,
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  };

  /** POSTs a form, and the answer's object when its status is one of `ok`; else a failure naming Twilio's error. */
  const post = async (what: string, path: string, form: URLSearchParams, ok: number, signal: AbortSignal): Promise<Record<string, unknown>> => {
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(CALL_TIMEOUT_MS)]);
    let status: number;
    let json: unknown = null;
    try {
      const res: OutboundAnswer = await outbound.send(new URL(`${account}${path}`), { method: 'POST', headers, body: form.toString(), signal: timeout });
      status = res.status;
      const text = (await readCapped(res.body, MAX_ANSWER_BYTES, () => new TelephonyFailure(`twilio's answer is larger than ${MAX_ANSWER_BYTES} bytes`))).toString('utf8');
      json = parsed(text);
    } catch (err) {
      throw failureOf(err, timeout);
    }
    if (status !== ok) throw refusal(what, status, json);
    if (!json || typeof json !== 'object') throw new TelephonyFailure(`twilio answered ${what} without an object`, 'other', status);
    return json as Record<string, unknown>;
  };

  return {
    name: 'twilio',
    async placeCall(call, signal) {
      const form = formOf({
        To: call.to,
        From: call.from,
        ...('twiml' in call.instructions ? { Twiml: call.instructions.twiml } : { Url: call.instructions.url, Method: 'POST' }),
        StatusCallback: call.statusCallback,
        StatusCallbackMethod: 'POST',
        StatusCallbackEvent: CALL_PROGRESS_EVENTS,
        Timeout: call.timeoutSeconds,
      });
      const created = await post('a new call', '/Calls.json', form, 201, signal);
      return { sid: sidOf(created, 'CA', 'call'), status: isCallStatus(created.status) ? created.status : 'queued' };
    },
    async sendMessage(message, signal) {
      const form = formOf({ To: message.to, From: message.from, Body: message.body, StatusCallback: message.statusCallback });
      const created = await post('a new message', '/Messages.json', form, 201, signal);
      return { sid: sidOf(created, 'SM', 'message'), status: isMessageStatus(created.status) ? created.status : 'queued' };
    },
    async hangUp(callSid, signal) {
      if (!SID.test(callSid) || !callSid.startsWith('CA')) throw new TelephonyFailure('not a call SID', 'not-found');
      const updated = await post('the hang-up', `/Calls/${callSid}.json`, formOf({ Status: 'completed' }), 200, signal);
      return { sid: sidOf(updated, 'CA', 'call'), status: isCallStatus(updated.status) ? updated.status : 'completed' };
    },
    signatureMatches: (url, params, header) => twilioSignatureMatches(hmacSha1, config.authToken, url, params, header),
  };
}

function parsed(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

function sidOf(o: Record<string, unknown>, prefix: string, what: string): string {
  // A message sent with media is MM…; any other kind is refused rather than stored.
  const kinds = prefix === 'SM' ? ['SM', 'MM'] : [prefix];
  if (typeof o.sid !== 'string' || !SID.test(o.sid) || !kinds.includes(o.sid.slice(0, 2))) throw new TelephonyFailure(`twilio answered a ${what} without its SID`);
  return o.sid;
}

/** Twilio's error codes and what they are about (https://www.twilio.com/docs/api/errors). */
const KIND_OF_CODE: Record<number, FailureKind> = {
  20003: 'unauthorized',
  20404: 'not-found',
  20429: 'rate-limited',
  21211: 'invalid-number',
  21214: 'invalid-number',
  21217: 'invalid-number',
  21401: 'invalid-number',
  21614: 'invalid-number',
  21610: 'opted-out',
};

const KIND_OF_STATUS: Record<number, FailureKind> = { 401: 'unauthorized', 403: 'unauthorized', 404: 'not-found', 429: 'rate-limited' };

/** A refusal in clear words: Twilio's code and message (its phone numbers taken out: they are a person's). */
function refusal(what: string, status: number, json: unknown): TelephonyFailure {
  const body = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const code = typeof body.code === 'number' && Number.isInteger(body.code) ? body.code : null;
  const message = typeof body.message === 'string' ? body.message.replace(/\+?\d[\d ()-]{5,}\d/g, '…').slice(0, 200) : '';
  const kind = (code !== null ? KIND_OF_CODE[code] : undefined) ?? KIND_OF_STATUS[status] ?? 'other';
  const said = code !== null ? ` (${code})${message ? `: ${message}` : ''}` : message ? `: ${message}` : '';
  return new TelephonyFailure(`twilio answered ${status} to ${what}${said}`, kind, status, code);
}

function failureOf(err: unknown, signal: AbortSignal): TelephonyFailure {
  return err instanceof TelephonyFailure ? err : new TelephonyFailure(whyCallFailed('twilio', err, signal));
}
