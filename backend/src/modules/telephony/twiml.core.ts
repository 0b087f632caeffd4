/*
 * TwiML, the XML Twilio fetches (or is given inline) to know what to do with a call. The
 * click-to-call bridge: Twilio first calls the associate's phone (the API call), and when they
 * answer, this TwiML dials the shopper into the same call. `answerOnBridge` keeps the associate
 * hearing ringing until the shopper answers; the `<Number>`'s status callbacks tell us of the
 * shopper's leg; `action` is requested when that leg ends, with DialCallStatus. The party dialled
 * may be the associate instead (a dial-in: the shopper called), and an associate's phone may be a
 * contact-centre phone's SIP address: then it is dialled with `<Sip>` rather than `<Number>`.
 */

import { SipAddress } from '../../../../shared/telephony';

/** A phone number as Twilio takes one: E.164, a plus and up to 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** The events of a leg we ask Twilio to report, in its words. */
export const CALL_PROGRESS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

/** Text made safe inside an XML element or a double-quoted attribute. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

type Attributes = Record<string, string | number | boolean | undefined>;

/** One element, its attributes in the order given (those undefined left out), its content already XML. */
function element(name: string, attributes: Attributes, content: string | null): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
  return content === null ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

function response(content: string | null): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element('Response', {}, content)}`;
}

/** Whether an associate's phone (their contact preferences) is a SIP address, rather than a number. */
export const isSipAddress = (phone: string): boolean => SipAddress.safeParse(phone).success;

/** How the associate's leg goes, for `phone_calls.associate_via`: `sip` to a SIP address, `phone` to a number. */
export const associateVia = (phone: string): 'phone' | 'sip' => (isSipAddress(phone) ? 'sip' : 'phone');

/** Words spoken with Twilio's default voice. */
const say = (words: string): string => element('Say', {}, xmlEscape(words));

interface BridgeOptions {
  /** Requested (POST) when the shopper's leg ends, with DialCallStatus, DialCallSid, DialCallDuration. */
  action: string;
  /** Where the shopper's leg reports initiated, ringing, answered and completed. */
  legStatusCallback: string;
  /** The number the shopper sees; Twilio uses the call's own `From` when absent. */
  callerId?: string;
  /** Seconds to let the shopper's phone ring (Twilio's default 30). */
  timeoutSeconds?: number;
  /** Longest the bridged call may last, in seconds. */
  timeLimitSeconds?: number;
  /** Said to the caller before dialling (a dial-in's "connecting you"). */
  say?: string;
}

/**
 * A bridge: once the call is answered, the other party is dialled. Either the shopper's number
 * (click-to-call: the associate answered) or the associate's phone, a number or a SIP address
 * (the shopper answered, or called in).
 */
export type Bridge = BridgeOptions & ({ /** The shopper's number (E.164). */ shopper: string; associate?: never } | { /** The associate's phone: E.164 or a SIP address. */ associate: string; shopper?: never });

/**
 * The TwiML that bridges the answered call to the other party: `<Number>` for a phone number,
 * `<Sip>` for the associate's SIP address. Throws on a shopper's number that is not E.164, an
 * associate's phone that is neither E.164 nor a SIP address, or a caller id that is not E.164.
 */
export function bridgeTwiml(bridge: Bridge): string {
  const dialled = bridge.shopper ?? bridge.associate;
  const sip = bridge.associate !== undefined && isSipAddress(bridge.associate);
  if (bridge.shopper !== undefined && !E164.test(bridge.shopper)) throw new RangeError('the shopper’s number is not E.164');
  if (bridge.associate !== undefined && !sip && !E164.test(bridge.associate)) throw new RangeError('the associate’s phone is neither E.164 nor a SIP address');
  if (bridge.callerId !== undefined && !E164.test(bridge.callerId)) throw new RangeError('the caller id is not E.164');
  const leg = { statusCallback: bridge.legStatusCallback, statusCallbackEvent: CALL_PROGRESS_EVENTS.join(' '), statusCallbackMethod: 'POST' };
  const noun = element(sip ? 'Sip' : 'Number', leg, xmlEscape(dialled!));
  const dial = element(
    'Dial',
    { answerOnBridge: true, action: bridge.action, method: 'POST', callerId: bridge.callerId, timeout: bridge.timeoutSeconds, timeLimit: bridge.timeLimitSeconds },
    noun,
  );
  return response((bridge.say ? say(bridge.say) : '') + dial);
}

/** TwiML that ends the call: the answer to the `<Dial>` action once the shopper's leg is over. */
export function hangupTwiml(): string {
  return response(element('Hangup', {}, null));
}

/** TwiML that does nothing: the answer to an incoming message we do not reply to. */
export function emptyTwiml(): string {
  return response(null);
}

/*
 * Dial-in: the shopper called the enterprise's number. `<Gather>` asks for the engagement's code
 * (keypad digits, posted to its action with `Digits`); no input falls through to the words after
 * it and the hang-up. A good code dials the associate: their number with `<Number>`, or their
 * contact-centre phone's SIP address with `<Sip>` (the same status callbacks either way).
 */

export interface CodeGather {
  /** Requested (POST) with `Digits` once they are keyed in. */
  action: string;
  prompt: string;
  numDigits: number;
  timeoutSeconds: number;
  /** Said when nothing was keyed in, before the hang-up. */
  noInput: string;
}

/** TwiML that asks for a code by the keypad, then, if nothing comes, says `noInput` and hangs up. */
export function gatherTwiml(gather: CodeGather): string {
  const asked = element('Gather', { input: 'dtmf', numDigits: gather.numDigits, timeout: gather.timeoutSeconds, action: gather.action, method: 'POST' }, say(gather.prompt));
  return response(asked + say(gather.noInput) + element('Hangup', {}, null));
}

/** TwiML that says `words` and ends the call. */
export function sayHangupTwiml(words: string): string {
  return response(say(words) + element('Hangup', {}, null));
}
