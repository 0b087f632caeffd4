import type { CallOutcome, CallState, CallView, PhonePurpose, ShopperPhoneView, TextView } from '../../../shared/telephony';
import type { MaterialCard, ProductCard } from '../../../shared/sales';
import type { ChatEntry } from '../live-link/chat-log.core';

/**
 * The associate's side of bridging out to the shopper's phone, as pure decisions: the calls and
 * texts as the backend last told them (its reads and its realtime pushes, in whatever order they
 * arrive), what the Phone panel says about them, when its buttons may be used and why not, the
 * refusals in words, the text a product or material becomes, and the shopper's text replies in
 * the chat. No I/O, no clock: times come in as arguments.
 */

// ---- calls --------------------------------------------------------------------------------

const CALL_STEP: Record<CallState, number> = { 'calling-associate': 0, 'calling-shopper': 1, connected: 2, ended: 3 };

/** Whether `next` tells more of the same call than `known` (a push and a read may cross: the further one wins). */
function callIsNewer(known: CallView, next: CallView): boolean {
  if (CALL_STEP[next.state] !== CALL_STEP[known.state]) return CALL_STEP[next.state] > CALL_STEP[known.state];
  const legs = (c: CallView) => c.legs.reduce((n, l) => n + (l.answeredAt ? 1 : 0) + (l.endedAt ? 1 : 0) + LEG_STEP(l.status), 0);
  return legs(next) >= legs(known);
}
const LEG_STEP = (status: string) => ({ queued: 0, initiated: 1, ringing: 2, 'in-progress': 3 })[status] ?? 4;

/** The calls with `incoming` taken in (a new one added, a known one moved forward, never back), oldest first. */
export function mergeCalls(calls: readonly CallView[], incoming: readonly CallView[]): CallView[] {
  const byId = new Map(calls.map((c) => [c.callId, c]));
  for (const call of incoming) {
    const known = byId.get(call.callId);
    if (!known || callIsNewer(known, call)) byId.set(call.callId, call);
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** The call the panel is about: one under way, else the latest (null: none yet). */
export function currentCall(calls: readonly CallView[]): CallView | null {
  return calls.findLast((c) => c.state !== 'ended') ?? calls.at(-1) ?? null;
}

/** "0:07", "1:23", "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const OUTCOME_TEXT: Record<CallOutcome, string> = {
  completed: 'The call ended',
  'associate-busy': 'Your phone was busy: the shopper was not called',
  'associate-no-answer': 'You did not answer your phone: the shopper was not called',
  'shopper-busy': 'The shopper’s line was busy',
  'shopper-no-answer': 'The shopper did not answer',
  failed: 'The call could not go through',
  canceled: 'The call was hung up before it connected',
};

/** How a call ended, in words. */
export function outcomeText(outcome: CallOutcome | null): string {
  return outcome ? OUTCOME_TEXT[outcome] : 'The call ended';
}

/** What the panel says of a call now: its state in the associate's words, and a tone for the look. */
export function callStatus(call: CallView, now: number): { text: string; tone: 'waiting' | 'action' | 'live' | 'ended' } {
  switch (call.state) {
    case 'calling-associate': {
      const mine = call.legs.find((l) => l.leg === 'associate');
      if (call.direction === 'dial-in') return { text: 'The shopper called in: answer your phone', tone: 'action' };
      // Twilio says `ringing` once the associate's phone rings: time to pick it up.
      if (mine?.status === 'ringing') return { text: 'Answer your phone', tone: 'action' };
      return { text: 'Ringing your phone…', tone: 'waiting' };
    }
    case 'calling-shopper':
      return { text: 'Calling the shopper…', tone: 'waiting' };
    case 'connected': {
      const since = call.connectedAt ? Date.parse(call.connectedAt) : now;
      return { text: `Connected ${clock((now - since) / 1000)}`, tone: 'live' };
    }
    case 'ended': {
      const talk = call.talkSeconds ?? 0;
      return { text: talk > 0 ? `${outcomeText(call.outcome)} · talked ${clock(talk)}` : `${outcomeText(call.outcome)}`, tone: 'ended' };
    }
  }
}

/** Whether the shopper's number may be used for `purpose`. */
export function gaveFor(view: ShopperPhoneView | null, purpose: PhonePurpose): boolean {
  return Boolean(view?.given && view.purposes.includes(purpose));
}

/** What the panel says of the shopper's number (never the number: the backend shows it masked). */
export function shopperPhoneText(view: ShopperPhoneView | null): string {
  if (!view) return 'Checking whether the shopper gave a number…';
  if (!view.given) return 'The shopper has not given a phone number.';
  const what = view.purposes.includes('call') && view.purposes.includes('text') ? 'calls and texts' : view.purposes.includes('text') ? 'texts only' : 'calls only';
  return `${view.masked ?? 'A number'} · for ${what}`;
}

export interface CallButtonInput {
  ended: boolean;
  /** The associate's own phone or SIP address in their preferences (null: none). */
  associatePhone: string | null;
  shopperPhone: ShopperPhoneView | null;
  calls: readonly CallView[];
  /** A start is on its way to the backend. */
  placing: boolean;
}

/** "Call the shopper": whether it may be pressed, and why not (in words) when it may not. */
export function callButton(input: CallButtonInput): { show: boolean; disabled: string | null } {
  const live = currentCall(input.calls);
  if (live && live.state !== 'ended') return { show: false, disabled: 'A call is under way.' };
  if (input.ended) return { show: true, disabled: 'The engagement has ended.' };
  if (input.placing) return { show: true, disabled: 'Placing the call…' };
  if (!input.associatePhone) return { show: true, disabled: 'Add your phone for calls in the agent settings first: it rings before the shopper’s.' };
  if (!input.shopperPhone) return { show: true, disabled: 'Checking whether the shopper gave a number…' };
  if (!gaveFor(input.shopperPhone, 'call')) return { show: true, disabled: 'The shopper has not given a number for calls: propose a call first.' };
  return { show: true, disabled: null };
}

/** A refused call start or hang-up in plain words. */
export function callRefusalText(result: { status: number; code: string; message: string }): string {
  switch (result.code) {
    case 'no_shopper_phone':
      return 'The shopper has not given a number for calls (or took it back): propose a call to ask for one.';
    case 'associate_has_no_phone':
      return 'You have no phone for calls in your agent settings: add one there, then call again.';
    case 'telephony_not_configured':
      return 'This shop has not set up phone calls yet: ask its administrator to connect a Twilio account.';
    case 'call_in_progress':
      return 'A call is already under way in this engagement.';
    case 'engagement_not_live':
    case 'engagement_ended':
      return 'The engagement is no longer live.';
  }
  return requestFailureText('the call', result);
}

/** A failure the phone routes share (no answer, signed out, too many requests…). */
function requestFailureText(what: string, result: { status: number; message: string }): string {
  if (result.status === 0) return `Could not reach the server for ${what}. Check the connection, then try again.`;
  if (result.status === 401) return `You were signed out: sign in again in the side panel, then try again.`;
  if (result.status === 429) return `Too many requests just now: try ${what} again in a moment.`;
  if (result.status === 502 || result.status === 503 || result.status === 504) return `The phone service did not answer for ${what}: try again in a moment.`;
  return `Could not do ${what}: ${result.message}`;
}

// ---- asking the shopper for a number ------------------------------------------------------

export type PhoneAskAnswer = 'asking' | 'given' | 'refused' | 'lapsed';

/** A `phone-ask` sent to the shopper and how they answered. */
export interface PhoneAsk {
  id: string;
  purpose: PhonePurpose;
  askedAt: number;
  answer: PhoneAskAnswer;
}

/** Why the associate cannot propose a call / ask for a number for texts now (null: they can). */
export function cannotAskPhone(input: { link: string; asks: readonly PhoneAsk[]; shopperPhone: ShopperPhoneView | null }, purpose: PhonePurpose): string | null {
  if (input.link === 'closed') return 'The engagement has ended.';
  if (input.link !== 'open') return 'Not connected to the shopper right now.';
  if (input.asks.some((a) => a.answer === 'asking')) return 'Asked: waiting for the shopper’s answer.';
  if (gaveFor(input.shopperPhone, purpose)) return purpose === 'call' ? 'The shopper already gave a number for calls.' : 'The shopper already gave a number for texts.';
  return null;
}

/** The shopper's latest answer in words (null: nothing asked yet). */
export function askAnswerText(ask: PhoneAsk | null): string | null {
  if (!ask) return null;
  const what = ask.purpose === 'call' ? 'a call' : 'texts';
  switch (ask.answer) {
    case 'asking':
      return ask.purpose === 'call' ? 'Proposed a call: waiting for the shopper’s answer…' : 'Asked for a number for texts: waiting for the shopper’s answer…';
    case 'given':
      return `The shopper gave a number for ${what}.`;
    case 'refused':
      return `The shopper declined ${what}.`;
    case 'lapsed':
      return 'The shopper did not answer.';
  }
}

// ---- texts --------------------------------------------------------------------------------

const TEXT_STEP: Record<string, number> = { queued: 0, accepted: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, received: 3, read: 4 };

/** The texts with `incoming` taken in (each moved forward only, never back), oldest first. */
export function mergeTexts(texts: readonly TextView[], incoming: readonly TextView[]): TextView[] {
  const byId = new Map(texts.map((t) => [t.textId, t]));
  for (const text of incoming) {
    const known = byId.get(text.textId);
    if (!known || (TEXT_STEP[text.status] ?? 0) >= (TEXT_STEP[known.status] ?? 0)) byId.set(text.textId, known && text.body === null && known.body !== null ? { ...text, body: known.body } : text);
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
}

/** Twilio's error codes for texts that did not arrive, in words. */
const TEXT_ERRORS: Record<number, string> = {
  21211: 'the number is not a valid phone number',
  21408: 'texts to that country are not enabled on the shop’s account',
  21610: 'the shopper replied STOP',
  21612: 'the shop’s number cannot text that number',
  21614: 'the number is not a mobile number',
  30003: 'the shopper’s phone is off or out of reach',
  30004: 'the shopper’s carrier blocked it',
  30005: 'the number does not exist or is no longer in use',
  30006: 'the number is a landline or cannot receive texts',
  30007: 'the carrier filtered it as spam',
  30008: 'the carrier gave no reason',
  30034: 'the shop’s number is not registered for texting in the US',
};

/** A text's delivery in the associate's words, and whether it went wrong. */
export function textStatus(text: Pick<TextView, 'status' | 'errorCode' | 'direction'>): { text: string; problem: boolean } {
  if (text.direction === 'in') return { text: 'Reply', problem: false };
  const why = text.errorCode !== null ? (TEXT_ERRORS[text.errorCode] ?? `error ${text.errorCode}`) : null;
  switch (text.status) {
    case 'queued':
    case 'accepted':
    case 'sending':
      return { text: 'Sending…', problem: false };
    case 'sent':
      return { text: 'Sent', problem: false };
    case 'delivered':
    case 'read':
      return { text: 'Delivered', problem: false };
    case 'undelivered':
      return { text: `Not delivered: ${why ?? 'the carrier gave no reason'}`, problem: true };
    case 'failed':
      return { text: `Failed: ${why ?? 'the phone service could not send it'}`, problem: true };
    default:
      return { text: text.status, problem: false };
  }
}

/** Why "Text to shopper" cannot be used now (null: it can); `hidden` when the shopper gave no number for texts. */
export function textButton(input: { ended: boolean; shopperPhone: ShopperPhoneView | null; optedOut: boolean }): { show: boolean; disabled: string | null } {
  if (!gaveFor(input.shopperPhone, 'text')) return { show: false, disabled: 'The shopper has not given a number for texts.' };
  if (input.ended) return { show: true, disabled: 'The engagement has ended.' };
  if (input.optedOut) return { show: true, disabled: OPTED_OUT };
  return { show: true, disabled: null };
}

const OPTED_OUT = 'The shopper replied STOP: texts to this number are blocked.';

/** A refused text in plain words. */
export function textRefusalText(result: { status: number; code: string; message: string }): string {
  switch (result.code) {
    case 'recipient_opted_out':
      return OPTED_OUT;
    case 'no_shopper_phone':
      return 'The shopper has not given a number for texts (or took it back): ask for one first.';
    case 'telephony_not_configured':
      return 'This shop has not set up text messages yet: ask its administrator to connect a Twilio account.';
    case 'engagement_not_live':
    case 'engagement_ended':
      return 'The engagement is no longer live.';
  }
  return requestFailureText('the text', result);
}

/** Texts are kept to two SMS segments' worth, which the shopper's phone shows as one message. */
export const SMS_MAX_CHARS = 320;

// GSM 03.38: the basic set (one septet each; the escape itself left out) and its extension (two septets: escape and the character).
const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * How many SMS a body goes as: in GSM-7 when every character is in GSM 03.38 (160 to one text,
 * 153 to each part of a longer one, an extension character such as € counting two), otherwise in
 * UCS-2 (70 UTF-16 units to one, 67 to each part): an emoji or a curly quote halves the room.
 */
export function smsSegments(body: string): { encoding: 'GSM-7' | 'UCS-2'; units: number; segments: number } {
  let septets = 0;
  for (const c of body) {
    if (GSM_BASIC.has(c)) septets += 1;
    else if (GSM_EXTENDED.has(c)) septets += 2;
    else {
      const units = body.length;
      return { encoding: 'UCS-2', units, segments: units === 0 ? 0 : units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** The composer's count in words: "42 characters · 1 text", and why the room is smaller when it is. */
export function smsCountText(body: string): string {
  const { encoding, segments } = smsSegments(body);
  const chars = [...body].length;
  const count = `${chars} character${chars === 1 ? '' : 's'} · ${segments} text${segments === 1 ? '' : 's'}`;
  return encoding === 'UCS-2' ? `${count} (an emoji or special character: 70 to a text)` : count;
}

/** What goes into a text: a product (name, price, link) or a material (title, link). */
export type Textable = { kind: 'product'; name: string; price: string | null; currency: string | null; url: string } | { kind: 'material'; title: string; materialKind: 'document' | 'link'; url: string };

/** A product card or a material card as something to text (null: nothing to text). */
export function textable(card: { kind: 'product'; card: ProductCard | null } | { kind: 'material'; card: MaterialCard | null }): Textable | null {
  if (!card.card) return null;
  if (card.kind === 'product') return { kind: 'product', name: card.card.name, price: card.card.price, currency: card.card.currency, url: card.card.url };
  return { kind: 'material', title: card.card.title, materialKind: card.card.kind, url: card.card.url };
}

/**
 * The plain text for a product or a material: "Trail Tent 2P, 349.00 EUR: https://…", at most
 * SMS_MAX_CHARS. The link is kept whole (a cut link is no link): the name is shortened with "…"
 * to make room, and null when even the link does not fit.
 */
export function smsText(item: Textable): string | null {
  const url = item.url.trim();
  const name = (item.kind === 'product' ? item.name : item.title).replace(/\s+/g, ' ').trim();
  const extra = item.kind === 'product' ? (item.price ? `, ${item.price}${item.currency ? ` ${item.currency}` : ''}` : '') : item.materialKind === 'document' ? ' (document)' : '';
  const tail = `${extra}: ${url}`;
  if (!url || url.length > SMS_MAX_CHARS - 8) return null;
  const room = SMS_MAX_CHARS - tail.length;
  if (room < 4) return url.length <= SMS_MAX_CHARS ? url : null;
  const shown = name.length <= room ? name : `${name.slice(0, room - 1).trimEnd()}…`;
  return `${shown || 'Link'}${tail}`;
}

// ---- replies in the chat ------------------------------------------------------------------

/** A chat line as the console shows it: an entry of the chat, marked when it came by text message. */
export type ChatLine = ChatEntry & { byText: boolean };

/** A transcript id of a text reply: `sms:<MessageSid>`. */
const SMS_ID = /^sms:/;
/** A reply and a transcript line are the same message when their words match and their times are this close. */
const SAME_REPLY_MS = 60_000;

/**
 * The chat with the shopper's text replies in it, in time order: each reply (`direction: 'in'`)
 * is a line of the shopper's marked "by text message", once, whether it came from the texts
 * (GET …/texts, a realtime `text`) or from the transcript (id `sms:<sid>`), or both.
 */
export function chatWithReplies(entries: readonly ChatEntry[], texts: readonly TextView[]): ChatLine[] {
  const lines: ChatLine[] = entries.map((e) => ({ ...e, byText: e.from === 'other' && SMS_ID.test(e.id) }));
  const fromTranscript = lines.filter((l) => l.byText);
  const used = new Set<string>();
  for (const t of texts) {
    if (t.direction !== 'in') continue;
    const at = Date.parse(t.sentAt);
    const body = t.body ?? '';
    const same = fromTranscript.find((l) => !used.has(l.id) && (t.body === null || l.text === body) && Math.abs(l.sentAt - at) <= SAME_REPLY_MS);
    if (same) {
      used.add(same.id);
      continue;
    }
    lines.push({ id: `text:${t.textId}`, from: 'other', text: t.body ?? 'A text message (its words are no longer kept).', sentAt: at, status: 'delivered', byText: true });
  }
  return lines.sort((a, b) => a.sentAt - b.sentAt);
}
