import { type PeerCommunicationMethod, type ConsentScope, LIVE_LIMITS, LIVE_VERSION, type LiveMessage, type LiveMessageOf } from '../../../shared/live';
import * as consent from '../live-link/consents.core';
import type { LinkClosedReason, LinkState } from '../live-link/types';
import { allowedUrl } from '../live-engagement/allowed-url.core';
import * as chatLog from '../live-link/chat-log.core';
import type { PhonePurpose } from '../../../shared/telephony';
import type { PhoneAsk } from './phone.core';

/**
 * The associate's side of a live engagement, as state: what the link is doing, the chat, what
 * the shopper lets the associate do (as the shopper last reported it), the requests waiting for
 * the shopper's answer, the shopper's page, the call. `step` is the one way it changes: an event
 * in, the new state and what to do about it out (messages to send, communication methods that
 * started or stopped, the microphone to start or stop). No I/O, no clock: times come in events.
 * The consents follow the same core as the shopper's side (`live-link/consents.core`).
 */

export type VoiceState = 'off' | 'calling' | 'on';
/** A navigation request: asking (the shopper decides), then answered; not_allowed never went. */
export type AskAnswer = 'asking' | 'yes' | 'no' | 'lapsed' | 'not_allowed';

/** A page the associate asked the shopper to go to. */
export interface Ask {
  kind: 'navigate';
  id: string;
  url: string;
  askedAt: number;
  lapsesAt: number;
  answer: AskAnswer;
}

/** How often and how long (ms) each method was used so far, and since when it is in use (null: not now). */
export type Usage = Record<PeerCommunicationMethod, { uses: number; ms: number; since: number | null }>;

export interface GuidanceRefusalSeen {
  command: LiveMessageOf<'guidance-refused'>['command'];
  reason: LiveMessageOf<'guidance-refused'>['reason'];
  at: number;
}

/** Who ended a call: the associate before the shopper's yes or on the call, or the shopper's side. */
export type CallEnd = 'you-cancelled' | 'you-hung-up' | 'shopper-hung-up';

export interface ConsoleState {
  link: LinkState;
  closedReason: LinkClosedReason | null;
  /** Whether the link was ever open (a reconnection asks for a fresh snapshot). */
  everOpen: boolean;
  chat: chatLog.ChatLog;
  /** The shopper is typing / the associate told the shopper it is typing. */
  remoteTyping: boolean;
  localTyping: boolean;
  consents: consent.Consents;
  /** Navigation requests, the latest last. */
  asks: Ask[];
  page: { url: string; title: string } | null;
  /** A fresh snapshot is wanted (view granted) and not yet asked for on an open link. */
  snapshotWanted: boolean;
  /** `ended`: who ended the last call, when this side knows (null: a consent answer or the engagement's end says it). */
  voice: { local: VoiceState; muted: boolean; remote: 'on' | 'muted' | 'off'; error: string | null; ended: CallEnd | null };
  refusals: GuidanceRefusalSeen[];
  invalid: number;
  /** Methods in use now, as reported to the backend. */
  channels: PeerCommunicationMethod[];
  /** What was used in this engagement, for the summary at the end. */
  usage: Usage;
  allowedDomains: readonly string[];
  /** The shopper's tab left the enterprise's sites: viewing and guidance are paused there. */
  shopperLeft: boolean;
  /** Numbers asked of the shopper (`phone-ask`: for a call or for texts), the latest last. */
  phoneAsks: PhoneAsk[];
}

export type ConsoleEvent =
  | { kind: 'link'; state: LinkState; reason?: LinkClosedReason; at: number }
  | { kind: 'message'; message: LiveMessage; at: number }
  /** The other side's hello (on each connection): the ids of our chat lines it already has. */
  | { kind: 'hello'; chatSeen: readonly string[] }
  | { kind: 'chat-send'; id: string; text: string; at: number }
  /** A product or material card into the chat (shown in both chats, acknowledged like a line). */
  | { kind: 'card-send'; id: string; card: chatLog.ChatCard; at: number }
  | { kind: 'typing'; typing: boolean }
  | { kind: 'ask'; id: string; scope: ConsentScope; at: number }
  | { kind: 'navigate'; id: string; url: string; at: number }
  /** Propose a call to the shopper's phone, or ask for a number for texts. */
  | { kind: 'phone-ask'; id: string; purpose: PhonePurpose; at: number }
  | { kind: 'tick'; at: number }
  | { kind: 'call'; id: string; at: number }
  /** The microphone is live and sent (`ok`), or could not be had. */
  | { kind: 'audio-started'; ok: true; at: number }
  | { kind: 'audio-started'; ok: false; error: string; at: number }
  | { kind: 'mute'; muted: boolean }
  | { kind: 'hang-up'; at: number }
  /** The other side's audio arrived or ended. */
  | { kind: 'remote-audio'; on: boolean; at: number }
  | { kind: 'invalid'; count: number }
  /** The backend's transcript has these own chat lines now. */
  | { kind: 'posted'; ids: string[] }
  /** The backend's transcript, read when the console opens (after a reload the chat is still there). */
  | { kind: 'restored'; lines: { id: string; own: boolean; text: string; sentAt: number }[] };

export type ConsoleEffect =
  | { type: 'send'; message: LiveMessage }
  | { type: 'channel'; method: PeerCommunicationMethod; state: 'started' | 'stopped'; at: number }
  /** Get the microphone and start the call. */
  | { type: 'start-audio' }
  /** Stop the call and release the microphone. */
  | { type: 'stop-audio' }
  /** Mute or unmute the local microphone's tracks. */
  | { type: 'mute-audio'; muted: boolean };

export interface Step {
  state: ConsoleState;
  effects: ConsoleEffect[];
}

/** Refusals kept for display: the latest few. */
const KEEP_REFUSALS = 5;
/** Asks kept (answered ones too, to show the last answer). */
const KEEP_ASKS = 30;

const UNUSED = { uses: 0, ms: 0, since: null };

/** The state before anything happened. */
export function initialConsole(allowedDomains: readonly string[]): ConsoleState {
  return {
    link: 'connecting',
    closedReason: null,
    everOpen: false,
    chat: chatLog.emptyChatLog,
    remoteTyping: false,
    localTyping: false,
    consents: consent.noConsents,
    asks: [],
    page: null,
    snapshotWanted: false,
    voice: { local: 'off', muted: false, remote: 'off', error: null, ended: null },
    refusals: [],
    invalid: 0,
    channels: [],
    usage: { chat: UNUSED, voice: UNUSED, view: UNUSED, guide: UNUSED },
    allowedDomains,
    shopperLeft: false,
    phoneAsks: [],
  };
}

const msg = <T extends LiveMessage['type']>(message: Omit<LiveMessageOf<T>, 'v'> & { type: T }): ConsoleEffect => ({
  type: 'send',
  message: { v: LIVE_VERSION, ...message } as LiveMessage,
});

/** Applies one event. */
export function step(state: ConsoleState, event: ConsoleEvent): Step {
  if (state.link === 'closed' && !['tick', 'invalid', 'link', 'posted'].includes(event.kind)) return { state, effects: [] };
  switch (event.kind) {
    case 'link':
      return onLink(state, event.state, event.reason ?? null, event.at);
    case 'message':
      return onMessage(state, event.message, event.at);
    case 'hello': {
      // What the shopper missed while the link was down goes again (it keeps each id once).
      const { log, resend } = chatLog.helloReceived(state.chat, event.chatSeen);
      return { state: { ...state, chat: log }, effects: resend.map((message) => ({ type: 'send' as const, message })) };
    }
    case 'chat-send': {
      const text = event.text.trim();
      if (!text || text.length > LIVE_LIMITS.chatChars) return { state, effects: [] };
      const own = chatLog.addOwn(state.chat, { id: event.id, text, sentAt: event.at });
      if (!own.send) return { state, effects: [] };
      const s = { ...state, chat: own.log, localTyping: false };
      const effects: ConsoleEffect[] = [{ type: 'send', message: own.send }];
      if (state.localTyping) effects.push(msg({ type: 'typing', typing: false }));
      return withChannel({ state: s, effects }, 'chat', true, event.at);
    }
    case 'card-send': {
      const own = chatLog.addOwn(state.chat, { id: event.id, card: event.card, sentAt: event.at });
      if (!own.send) return { state, effects: [] };
      return withChannel({ state: { ...state, chat: own.log }, effects: [{ type: 'send', message: own.send }] }, 'chat', true, event.at);
    }
    case 'typing':
      if (event.typing === state.localTyping || state.link !== 'open') return { state, effects: [] };
      return { state: { ...state, localTyping: event.typing }, effects: [msg({ type: 'typing', typing: event.typing })] };
    case 'ask': {
      // The shared policy: nothing asked while allowed; a new request replaces one that waits (the shopper's side lapses it).
      const asked = consent.ask(state.consents, event.scope, event.id, event.at);
      if (asked.outcome.kind !== 'asked') return { state, effects: [] };
      return { state: { ...state, consents: asked.consents }, effects: [msg({ type: 'consent-request', id: event.id, scope: event.scope })] };
    }
    case 'navigate': {
      const allowed = allowedUrl(event.url, state.allowedDomains) !== null && isOn(state, 'guide');
      const ask: Ask = { kind: 'navigate', url: event.url, id: event.id, askedAt: event.at, lapsesAt: event.at + LIVE_LIMITS.consentLapsesMs, answer: allowed ? 'asking' : 'not_allowed' };
      return { state: { ...state, asks: keepAsks([...state.asks, ask]) }, effects: allowed ? [msg({ type: 'navigate-request', id: event.id, url: event.url })] : [] };
    }
    case 'phone-ask': {
      // One question at a time, only to a shopper who is there to answer.
      if (state.link !== 'open' || state.phoneAsks.some((a) => a.answer === 'asking')) return { state, effects: [] };
      const ask: PhoneAsk = { id: event.id, purpose: event.purpose, askedAt: event.at, answer: 'asking' };
      return { state: { ...state, phoneAsks: [...state.phoneAsks, ask].slice(-KEEP_ASKS) }, effects: [msg({ type: 'phone-ask', id: event.id, purpose: event.purpose })] };
    }
    case 'tick':
      return onTick(state, event.at);
    case 'call': {
      if (state.voice.local !== 'off') return { state, effects: [] };
      const s = { ...state, voice: { ...state.voice, local: 'calling' as const, muted: false, error: null, ended: null } };
      // Consent already given (a second call in one engagement): no need to ask again.
      if (isOn(state, 'voice')) return { state: s, effects: [{ type: 'start-audio' }] };
      return step(s, { kind: 'ask', id: event.id, scope: 'voice', at: event.at });
    }
    case 'audio-started': {
      if (state.voice.local !== 'calling') return { state, effects: event.ok ? [{ type: 'stop-audio' }] : [] };
      if (!event.ok) return { state: { ...state, voice: { ...state.voice, local: 'off', error: event.error } }, effects: [] };
      const s = { ...state, voice: { ...state.voice, local: 'on' as const, error: null } };
      return withChannel({ state: s, effects: [msg({ type: 'voice', state: 'on' })] }, 'voice', true, event.at);
    }
    case 'mute':
      if (state.voice.local !== 'on' || state.voice.muted === event.muted) return { state, effects: [] };
      return {
        state: { ...state, voice: { ...state.voice, muted: event.muted } },
        effects: [{ type: 'mute-audio', muted: event.muted }, msg({ type: 'voice', state: event.muted ? 'muted' : 'on' })],
      };
    case 'hang-up':
      return hangUp(state, true, event.at, state.voice.local === 'calling' ? 'you-cancelled' : 'you-hung-up');
    case 'remote-audio':
      // The shopper's side closed the call: ours ends too.
      if (!event.on && state.voice.local === 'on') return hangUp(state, false, event.at, 'shopper-hung-up');
      return { state, effects: [] };
    case 'invalid':
      return { state: { ...state, invalid: event.count }, effects: [] };
    case 'posted':
      return { state: { ...state, chat: chatLog.markPosted(state.chat, event.ids) }, effects: [] };
    case 'restored':
      return { state: { ...state, chat: chatLog.restore(state.chat, event.lines) }, effects: [] };
  }
}

function onLink(state: ConsoleState, link: LinkState, reason: LinkClosedReason | null, at: number): Step {
  if (state.link === 'closed') return { state, effects: [] };
  if (link === 'closed') {
    let out: Step = { state: { ...state, link, closedReason: reason, remoteTyping: false }, effects: [] };
    if (state.voice.local !== 'off') out = merge(out, hangUp(out.state, false, at, null));
    for (const method of state.channels) out = withChannel(out, method, false, at);
    // Nothing will answer now: every consent ends with the engagement, what waits counts as no.
    out.state = {
      ...out.state,
      consents: consent.endAll(out.state.consents),
      snapshotWanted: false,
      asks: out.state.asks.map((a) => (a.answer === 'asking' ? { ...a, answer: 'lapsed' as const } : a)),
      phoneAsks: out.state.phoneAsks.map((a) => (a.answer === 'asking' ? { ...a, answer: 'lapsed' as const } : a)),
    };
    return out;
  }
  if (link !== 'open') return { state: { ...state, link, remoteTyping: false }, effects: [] };
  const effects: ConsoleEffect[] = [];
  // Back after a blip, the replay may have missed changes: a fresh snapshot.
  const wantSnapshot = state.snapshotWanted || (state.everOpen && isOn(state, 'view'));
  if (wantSnapshot) effects.push(msg({ type: 'snapshot-request' }));
  return { state: { ...state, link, everOpen: true, snapshotWanted: false }, effects };
}

function onMessage(state: ConsoleState, m: LiveMessage, at: number): Step {
  switch (m.type) {
    case 'chat': {
      const { log, isNew, ack } = chatLog.receive(state.chat, m);
      const out: Step = { state: { ...state, chat: log, remoteTyping: isNew ? false : state.remoteTyping }, effects: [{ type: 'send', message: ack }] };
      return isNew ? withChannel(out, 'chat', true, at) : out;
    }
    case 'chat-ack':
      return { state: { ...state, chat: chatLog.ack(state.chat, m.id) }, effects: [] };
    case 'typing':
      return { state: { ...state, remoteTyping: m.typing }, effects: [] };
    case 'consent':
      return onConsent(state, m, at);
    case 'page':
      return { state: { ...state, page: { url: m.url, title: m.title } }, effects: [] };
    case 'location':
      // Back on the shop with viewing allowed: the replay starts again from a fresh snapshot.
      return {
        state: { ...state, shopperLeft: !m.onShop },
        effects: m.onShop && state.shopperLeft && isOn(state, 'view') && state.link === 'open' ? [msg({ type: 'snapshot-request' })] : [],
      };
    case 'guidance-refused':
      return { state: { ...state, refusals: [...state.refusals, { command: m.command, reason: m.reason, at }].slice(-KEEP_REFUSALS) }, effects: [] };
    case 'navigate-answer':
      return {
        state: {
          ...state,
          asks: state.asks.map((a) =>
            a.id === m.id && a.answer === 'asking'
              ? { ...a, answer: m.accepted ? 'yes' : m.reason === 'lapsed' ? 'lapsed' : m.reason === 'not_allowed' ? 'not_allowed' : 'no' }
              : a,
          ),
        },
        effects: [],
      };
    case 'phone-answer':
      return {
        state: {
          ...state,
          phoneAsks: state.phoneAsks.map((a) => (a.id === m.id && a.answer === 'asking' ? { ...a, answer: m.given ? 'given' : m.reason === 'lapsed' ? 'lapsed' : 'refused' } : a)),
        },
        effects: [],
      };
    case 'voice': {
      const s = { ...state, voice: { ...state.voice, remote: m.state } };
      if (m.state === 'off' && state.voice.local !== 'off') return hangUp(s, false, at, 'shopper-hung-up');
      return { state: s, effects: [] };
    }
    default:
      // dom goes to the replay, not here; end closes the link; the rest is not for this side.
      return { state, effects: [] };
  }
}

function onConsent(state: ConsoleState, m: LiveMessageOf<'consent'>, at: number): Step {
  const heard = consent.hear(state.consents, m);
  if (heard.consents === state.consents) return { state, effects: [] };
  const on = heard.consents[m.scope].state === 'on';
  let out: Step = { state: { ...state, consents: heard.consents }, effects: [] };
  if (m.scope === 'view' || m.scope === 'guide') {
    if (heard.changed) out = withChannel(out, m.scope, on, at);
    if (m.scope === 'view' && on && heard.changed) {
      if (state.link === 'open') out.effects.push(msg({ type: 'snapshot-request' }));
      else out.state = { ...out.state, snapshotWanted: true };
    }
    if (m.scope === 'view' && !on) out.state = { ...out.state, snapshotWanted: false };
    return out;
  }
  // voice: a yes starts the call that waits; a no (or a revocation) ends it. A yes to a call the
  // associate cancelled meanwhile: the shopper's side is told there is no call (it hangs up there).
  if (on && state.voice.local === 'calling') out.effects.push({ type: 'start-audio' });
  else if (on && m.requestId !== undefined && state.voice.local === 'off' && state.link === 'open') out.effects.push(msg({ type: 'voice', state: 'off' }));
  else if (!on && state.voice.local !== 'off') out = merge(out, hangUp(out.state, state.voice.local === 'on', at, null));
  return out;
}

function onTick(state: ConsoleState, at: number): Step {
  const lapsedConsents = consent.lapse(state.consents, at);
  const lapsedNav = state.asks.some((a) => a.answer === 'asking' && a.lapsesAt <= at);
  if (lapsedConsents.lapsed.length === 0 && !lapsedNav) return { state, effects: [] };
  const asks = lapsedNav ? state.asks.map((a) => (a.answer === 'asking' && a.lapsesAt <= at ? { ...a, answer: 'lapsed' as const } : a)) : state.asks;
  const out: Step = { state: { ...state, consents: lapsedConsents.consents, asks }, effects: [] };
  // A call the shopper never answered is no call.
  if (lapsedConsents.lapsed.some((l) => l.scope === 'voice') && state.voice.local === 'calling') {
    out.state = { ...out.state, voice: { ...out.state.voice, local: 'off' } };
  }
  return out;
}

/**
 * Ends the call on this side; `tell` sends `voice: off` (not when the other side already hung up);
 * `by` is who ended it (null: the consent's answer or the engagement's end tells).
 */
function hangUp(state: ConsoleState, tell: boolean, at: number, by: CallEnd | null): Step {
  if (state.voice.local === 'off') return { state, effects: [] };
  const wasOn = state.voice.local === 'on';
  const s = { ...state, voice: { ...state.voice, local: 'off' as const, muted: false, ended: by } };
  const effects: ConsoleEffect[] = [{ type: 'stop-audio' }];
  if (tell && state.link === 'open') effects.push(msg({ type: 'voice', state: 'off' }));
  const out = { state: s, effects };
  return wasOn ? withChannel(out, 'voice', false, at) : out;
}

/** Adds a channel change when the method's use actually changes, and counts its time. */
function withChannel(out: Step, method: PeerCommunicationMethod, on: boolean, at: number): Step {
  const has = out.state.channels.includes(method);
  if (has === on) return out;
  const channels = on ? [...out.state.channels, method] : out.state.channels.filter((c) => c !== method);
  const was = out.state.usage[method];
  const usage = { ...out.state.usage, [method]: on ? { uses: was.uses + 1, ms: was.ms, since: at } : { uses: was.uses, ms: was.ms + Math.max(0, at - (was.since ?? at)), since: null } };
  return { state: { ...out.state, channels, usage }, effects: [...out.effects, { type: 'channel', method, state: on ? 'started' : 'stopped', at }] };
}

function merge(a: Step, b: Step): Step {
  return { state: b.state, effects: [...a.effects, ...b.effects] };
}

function keepAsks(asks: Ask[]): Ask[] {
  return asks.length <= KEEP_ASKS ? asks : asks.slice(asks.length - KEEP_ASKS);
}

/** Whether the shopper allows `scope` now. */
export function isOn(state: Pick<ConsoleState, 'consents'>, scope: ConsentScope): boolean {
  return state.consents[scope].state === 'on';
}

/** Whether a consent request for `scope` is waiting for the shopper. */
export function waitingFor(state: Pick<ConsoleState, 'consents'>, scope: ConsentScope): boolean {
  return state.consents[scope].state === 'asking';
}

/** The latest navigation request, answered or not. */
export function lastNavigation(state: ConsoleState): Ask | null {
  return state.asks.at(-1) ?? null;
}

/** What the engagement used, for the summary shown once it ended. */
export interface EngagementSummary {
  messages: { sent: number; received: number };
  voiceSeconds: number;
  viewed: boolean;
  guided: boolean;
}

/** The channels used, from the state (times counted up to `at` for what is still in use). */
export function summary(state: ConsoleState, at: number): EngagementSummary {
  const used = (m: PeerCommunicationMethod) => state.usage[m].ms + (state.usage[m].since === null ? 0 : Math.max(0, at - state.usage[m].since!));
  const sent = state.chat.entries.filter((e) => e.from === 'own').length;
  return {
    messages: { sent, received: state.chat.entries.length - sent },
    voiceSeconds: Math.round(used('voice') / 1000),
    viewed: state.usage.view.uses > 0,
    guided: state.usage.guide.uses > 0,
  };
}

/** The summary's lines in the associate's words: "Chat: 5 messages (3 from you)", "Voice: 1:05", … */
export function summaryLines(s: EngagementSummary): { label: string; value: string }[] {
  const total = s.messages.sent + s.messages.received;
  const chat = total === 0 ? 'no messages' : `${total} message${total === 1 ? '' : 's'} (${s.messages.sent} from you)`;
  const voice = s.voiceSeconds === 0 ? 'no call' : `${Math.floor(s.voiceSeconds / 60)}:${String(s.voiceSeconds % 60).padStart(2, '0')}`;
  return [
    { label: 'Chat', value: chat },
    { label: 'Voice', value: voice },
    { label: 'Seeing the tab', value: s.viewed ? 'used' : 'not used' },
    { label: 'Guiding', value: s.guided ? 'used' : 'not used' },
  ];
}

/** What to tell the associate about a navigation's answer (the same words as a consent's). */
export function answerText(answer: AskAnswer): string {
  if (answer === 'asking') return 'Waiting for the shopper…';
  if (answer === 'not_allowed') return 'Not allowed: that page is not one of the shop’s sites.';
  return consent.answerText(answer)!;
}

/** Why the associate may not send the shopper to `url` (null: it may). Same rule as the shopper's side. */
export function navigationProblem(url: string, allowedDomains: readonly string[]): string | null {
  const raw = url.trim();
  if (!raw) return 'Enter the address of a page of the shop.';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'That is not a web address: it must start with https:// or http://.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Only web pages (https:// or http://) can be sent.';
  if (u.username || u.password) return 'An address with a user name or password in it cannot be sent.';
  if (allowedUrl(raw, allowedDomains) === null) {
    const list = allowedDomains.length ? allowedDomains.join(', ') : 'none';
    return `${u.host} is not one of the shop’s sites (allowed: ${list}).`;
  }
  return null;
}

/** The link state in the associate's words. */
export function linkText(state: LinkState, reason: LinkClosedReason | null): string {
  switch (state) {
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Connected';
    case 'lost':
      return 'Reconnecting…';
    case 'closed':
      switch (reason) {
        case 'ended_here':
          return 'Ended: you ended the engagement';
        case 'ended_there':
          return 'Ended: the shopper left';
        case 'peer_lost':
          return 'Ended: the connection to the shopper was lost';
        case 'refused':
          return 'Ended: the connection was refused';
        default:
          return 'Ended';
      }
  }
}

/** A guidance refusal in the associate's words. */
export function refusalText(r: Pick<GuidanceRefusalSeen, 'command' | 'reason'>): string {
  const what = r.command === 'highlight' ? 'highlight that' : r.command === 'scroll-to' ? 'scroll there' : 'go to that page';
  switch (r.reason) {
    case 'masked':
      return `Could not ${what}: the element is private (masked).`;
    case 'not_found':
      return `Could not ${what}: the element is no longer on the page.`;
    case 'no_consent':
      return `Could not ${what}: the shopper has not allowed guidance.`;
    case 'not_allowed':
      return `Could not ${what}: not allowed on this site.`;
  }
}

/**
 * Why a control that needs `scope` cannot be used now, in the associate's words (null: it can).
 * Every control that needs the shopper's permission is disabled with this as its reason.
 */
export function unavailable(state: Pick<ConsoleState, 'link' | 'consents' | 'shopperLeft'>, scope: ConsentScope): string | null {
  if (state.link === 'closed') return 'The engagement has ended.';
  if (state.link !== 'open') return 'Not connected to the shopper right now.';
  const what = scope === 'view' ? 'seeing the tab' : scope === 'guide' ? 'guiding' : 'a call';
  const c = state.consents[scope];
  if (c.state === 'asking') return `Waiting for the shopper to allow ${what}.`;
  if (c.state === 'off') return `The shopper has not allowed ${what}: ask first.`;
  if (scope !== 'voice' && state.shopperLeft) return 'Paused: the shopper left the shop.';
  return null;
}

/** Why the associate cannot ask for `scope` now (null: they can). */
export function cannotAsk(state: Pick<ConsoleState, 'link' | 'consents'>, scope: ConsentScope): string | null {
  if (state.link === 'closed') return 'The engagement has ended.';
  if (state.link !== 'open') return 'Not connected to the shopper right now.';
  if (state.consents[scope].state === 'asking') return 'Asked: waiting for the shopper’s answer.';
  if (state.consents[scope].state === 'on') return 'Already allowed.';
  return null;
}

const CALL_END_TEXT: Record<CallEnd, string> = {
  'you-cancelled': 'You cancelled the call.',
  'you-hung-up': 'You ended the call.',
  'shopper-hung-up': 'The shopper ended the call.',
};

/**
 * What the voice panel says while there is no call: the end of the engagement, who ended the last
 * call, or the shopper's latest answer to one (a revocation the associate's own hang-up caused on
 * the shopper's side is not the shopper's doing).
 */
export function noCallText(state: Pick<ConsoleState, 'link' | 'consents' | 'voice'>): string {
  if (state.link === 'closed') return 'The engagement has ended.';
  if (state.voice.ended) return CALL_END_TEXT[state.voice.ended];
  return consentAnswer(state, 'voice') ?? 'No call';
}

/**
 * The shopper's latest answer for `scope` as the consent bar says it while it is off (null: nothing
 * to say; after the end, the header says it once). A voice consent withdrawn on the shopper's side
 * because the associate ended the call says so, not that the shopper stopped it.
 */
export function consentAnswer(state: Pick<ConsoleState, 'link' | 'consents' | 'voice'>, scope: ConsentScope): string | null {
  const c = state.consents[scope];
  if (c.state !== 'off' || state.link === 'closed') return null;
  const ended = state.voice.ended;
  if (scope === 'voice' && c.last === 'revoked' && ended) return CALL_END_TEXT[ended];
  return consent.answerText(c.last);
}

/** The one call button: what it says and does now. */
export function callButton(state: Pick<ConsoleState, 'link' | 'consents' | 'voice'>): { label: string; action: 'call' | 'hang-up'; disabled: string | null } {
  if (state.voice.local === 'on') return { label: 'Hang up', action: 'hang-up', disabled: null };
  if (state.voice.local === 'calling') return { label: 'Cancel call', action: 'hang-up', disabled: null };
  const last = state.consents.voice.last;
  const label = last === 'no' || last === 'lapsed' ? 'Call again' : 'Call';
  if (state.link === 'closed') return { label, action: 'call', disabled: 'The engagement has ended.' };
  if (state.link !== 'open') return { label, action: 'call', disabled: 'Not connected to the shopper right now.' };
  return { label, action: 'call', disabled: null };
}
