import { type ConsentScope, LIVE_LIMITS, LIVE_VERSION, type LiveMessage, type LiveMessageOf } from '../../../shared/live';
import type { LinkClosedReason, LinkState } from '../live-link/types';
import { allowedUrl } from '../live-session/allowed-url.core';
import * as chatLog from '../live-link/chat-log.core';

/**
 * The associate's side of a live engagement, as state: what the link is doing, the chat, what
 * the shopper lets the associate do (as the shopper last reported it), the requests waiting for
 * the shopper's answer, the shopper's page, the call. `step` is the one way it changes: an event
 * in, the new state and what to do about it out (messages to send, communication methods that
 * started or stopped, the microphone to start or stop). No I/O, no clock: times come in events.
 */

export type VoiceState = 'off' | 'calling' | 'on';
export type AskAnswer = 'waiting' | 'yes' | 'no' | 'lapsed' | 'not_allowed';
export type CommunicationMethod = 'chat' | 'voice' | 'view' | 'guide';

/** A question put to the shopper: a consent, or a page to go to. */
export type Ask = { id: string; askedAt: number; lapsesAt: number; answer: AskAnswer } & (
  | { kind: 'consent'; scope: ConsentScope }
  | { kind: 'navigate'; url: string }
);

export interface GuidanceRefusalSeen {
  command: LiveMessageOf<'guidance-refused'>['command'];
  reason: LiveMessageOf<'guidance-refused'>['reason'];
  at: number;
}

export interface ConsoleState {
  link: LinkState;
  closedReason: LinkClosedReason | null;
  /** Whether the link was ever open (a reconnection asks for a fresh snapshot). */
  everOpen: boolean;
  chat: chatLog.ChatLog;
  /** The shopper is typing / the associate told the shopper it is typing. */
  remoteTyping: boolean;
  localTyping: boolean;
  consents: Record<ConsentScope, boolean>;
  asks: Ask[];
  page: { url: string; title: string } | null;
  /** A fresh snapshot is wanted (view granted) and not yet asked for on an open link. */
  snapshotWanted: boolean;
  voice: { local: VoiceState; muted: boolean; remote: 'on' | 'muted' | 'off'; error: string | null };
  refusals: GuidanceRefusalSeen[];
  invalid: number;
  /** Methods in use now, as reported to the backend. */
  channels: CommunicationMethod[];
  allowedDomains: readonly string[];
  /** The shopper's tab left the enterprise's sites: viewing and guidance are paused there. */
  shopperLeft: boolean;
}

export type ConsoleEvent =
  | { type: 'link'; state: LinkState; reason?: LinkClosedReason }
  | { type: 'received'; message: LiveMessage; at: number }
  /** The other side's hello (on each connection): the ids of our chat lines it already has. */
  | { type: 'hello'; chatSeen: readonly string[] }
  | { type: 'chat-send'; id: string; text: string; at: number }
  | { type: 'typing'; typing: boolean }
  | { type: 'ask'; id: string; scope: ConsentScope; at: number }
  | { type: 'navigate'; id: string; url: string; at: number }
  | { type: 'tick'; at: number }
  | { type: 'call'; id: string; at: number }
  /** The microphone is live and sent (`ok`), or could not be had. */
  | { type: 'audio-started'; ok: true }
  | { type: 'audio-started'; ok: false; error: string }
  | { type: 'mute'; muted: boolean }
  | { type: 'hang-up' }
  /** The other side's audio arrived or ended. */
  | { type: 'remote-audio'; on: boolean }
  | { type: 'invalid'; count: number }
  /** The backend's transcript has these own chat lines now. */
  | { type: 'posted'; ids: string[] }
  /** The backend's transcript, read when the console opens (after a reload the chat is still there). */
  | { type: 'restored'; lines: { id: string; own: boolean; text: string; sentAt: number }[] };

export type ConsoleEffect =
  | { kind: 'send'; message: LiveMessage }
  | { kind: 'channel'; method: CommunicationMethod; state: 'started' | 'stopped' }
  /** Get the microphone and start the call. */
  | { kind: 'start-audio' }
  /** Stop the call and release the microphone. */
  | { kind: 'stop-audio' }
  /** Mute or unmute the local microphone's tracks. */
  | { kind: 'mute-audio'; muted: boolean };

export interface Step {
  state: ConsoleState;
  effects: ConsoleEffect[];
}

/** Refusals kept for display: the latest few. */
const KEEP_REFUSALS = 5;
/** Asks kept (answered ones too, to show the last answer). */
const KEEP_ASKS = 30;

/** The state before anything happened. */
export function initialConsole(allowedDomains: readonly string[]): ConsoleState {
  return {
    link: 'connecting',
    closedReason: null,
    everOpen: false,
    chat: chatLog.emptyChatLog,
    remoteTyping: false,
    localTyping: false,
    consents: { view: false, guide: false, voice: false },
    asks: [],
    page: null,
    snapshotWanted: false,
    voice: { local: 'off', muted: false, remote: 'off', error: null },
    refusals: [],
    invalid: 0,
    channels: [],
    allowedDomains,
    shopperLeft: false,
  };
}

const msg = <T extends LiveMessage['type']>(message: Omit<LiveMessageOf<T>, 'v'> & { type: T }): ConsoleEffect => ({
  kind: 'send',
  message: { v: LIVE_VERSION, ...message } as LiveMessage,
});

/** Applies one event. */
export function step(state: ConsoleState, event: ConsoleEvent): Step {
  if (state.link === 'closed' && !['tick', 'invalid', 'link', 'posted'].includes(event.type)) return { state, effects: [] };
  switch (event.type) {
    case 'link':
      return onLink(state, event.state, event.reason ?? null);
    case 'received':
      return onMessage(state, event.message, event.at);
    case 'hello': {
      // What the shopper missed while the link was down goes again (it keeps each id once).
      const { log, resend } = chatLog.helloReceived(state.chat, event.chatSeen);
      return { state: { ...state, chat: log }, effects: resend.map((message) => ({ kind: 'send' as const, message })) };
    }
    case 'chat-send': {
      const text = event.text.trim();
      if (!text || text.length > LIVE_LIMITS.chatChars) return { state, effects: [] };
      const own = chatLog.addOwn(state.chat, { id: event.id, text, sentAt: event.at });
      if (!own.send) return { state, effects: [] };
      const s = { ...state, chat: own.log, localTyping: false };
      const effects: ConsoleEffect[] = [{ kind: 'send', message: own.send }];
      if (state.localTyping) effects.push(msg({ type: 'typing', typing: false }));
      return withChannel({ state: s, effects }, 'chat', true);
    }
    case 'typing':
      if (event.typing === state.localTyping || state.link !== 'open') return { state, effects: [] };
      return { state: { ...state, localTyping: event.typing }, effects: [msg({ type: 'typing', typing: event.typing })] };
    case 'ask': {
      // One question per scope at a time: asking again while the shopper decides would stack prompts.
      if (waitingFor(state, event.scope)) return { state, effects: [] };
      const ask: Ask = { kind: 'consent', scope: event.scope, id: event.id, askedAt: event.at, lapsesAt: event.at + LIVE_LIMITS.consentLapsesMs, answer: 'waiting' };
      return { state: { ...state, asks: keepAsks([...state.asks, ask]) }, effects: [msg({ type: 'consent-request', id: event.id, scope: event.scope })] };
    }
    case 'navigate': {
      const allowed = allowedUrl(event.url, state.allowedDomains) !== null && state.consents.guide;
      const ask: Ask = { kind: 'navigate', url: event.url, id: event.id, askedAt: event.at, lapsesAt: event.at + LIVE_LIMITS.consentLapsesMs, answer: allowed ? 'waiting' : 'not_allowed' };
      return { state: { ...state, asks: keepAsks([...state.asks, ask]) }, effects: allowed ? [msg({ type: 'navigate-request', id: event.id, url: event.url })] : [] };
    }
    case 'tick':
      return onTick(state, event.at);
    case 'call': {
      if (state.voice.local !== 'off') return { state, effects: [] };
      const s = { ...state, voice: { ...state.voice, local: 'calling' as const, muted: false, error: null } };
      // Consent already given (a second call in one engagement): no need to ask again.
      if (state.consents.voice) return { state: s, effects: [{ kind: 'start-audio' }] };
      return step(s, { type: 'ask', id: event.id, scope: 'voice', at: event.at });
    }
    case 'audio-started': {
      if (state.voice.local !== 'calling') return { state, effects: event.ok ? [{ kind: 'stop-audio' }] : [] };
      if (!event.ok) return { state: { ...state, voice: { ...state.voice, local: 'off', error: event.error } }, effects: [] };
      const s = { ...state, voice: { ...state.voice, local: 'on' as const, error: null } };
      return withChannel({ state: s, effects: [msg({ type: 'voice', state: 'on' })] }, 'voice', true);
    }
    case 'mute':
      if (state.voice.local !== 'on' || state.voice.muted === event.muted) return { state, effects: [] };
      return {
        state: { ...state, voice: { ...state.voice, muted: event.muted } },
        effects: [{ kind: 'mute-audio', muted: event.muted }, msg({ type: 'voice', state: event.muted ? 'muted' : 'on' })],
      };
    case 'hang-up':
      return hangUp(state, true);
    case 'remote-audio':
      // The shopper's side closed the call: ours ends too.
      if (!event.on && state.voice.local === 'on') return hangUp(state, false);
      return { state, effects: [] };
    case 'invalid':
      return { state: { ...state, invalid: event.count }, effects: [] };
    case 'posted':
      return { state: { ...state, chat: chatLog.markPosted(state.chat, event.ids) }, effects: [] };
    case 'restored':
      return { state: { ...state, chat: chatLog.restore(state.chat, event.lines) }, effects: [] };
  }
}

function onLink(state: ConsoleState, link: LinkState, reason: LinkClosedReason | null): Step {
  if (state.link === 'closed') return { state, effects: [] };
  if (link === 'closed') {
    let out: Step = { state: { ...state, link, closedReason: reason, remoteTyping: false }, effects: [] };
    if (state.voice.local !== 'off') out = merge(out, hangUp(out.state, false));
    for (const method of state.channels) out = withChannel(out, method, false);
    // Nothing will answer now: what waits counts as no.
    out.state = { ...out.state, asks: out.state.asks.map((a) => (a.answer === 'waiting' ? { ...a, answer: 'lapsed' as const } : a)) };
    return out;
  }
  if (link !== 'open') return { state: { ...state, link, remoteTyping: false }, effects: [] };
  const effects: ConsoleEffect[] = [];
  // Back after a blip, the replay may have missed changes: a fresh snapshot.
  const wantSnapshot = state.snapshotWanted || (state.everOpen && state.consents.view);
  if (wantSnapshot) effects.push(msg({ type: 'snapshot-request' }));
  return { state: { ...state, link, everOpen: true, snapshotWanted: false }, effects };
}

function onMessage(state: ConsoleState, m: LiveMessage, at: number): Step {
  switch (m.type) {
    case 'chat': {
      const { log, isNew, ack } = chatLog.receive(state.chat, m);
      const out: Step = { state: { ...state, chat: log, remoteTyping: isNew ? false : state.remoteTyping }, effects: [{ kind: 'send', message: ack }] };
      return isNew ? withChannel(out, 'chat', true) : out;
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
        effects: m.onShop && state.shopperLeft && state.consents.view && state.link === 'open' ? [msg({ type: 'snapshot-request' })] : [],
      };
    case 'guidance-refused':
      return { state: { ...state, refusals: [...state.refusals, { command: m.command, reason: m.reason, at }].slice(-KEEP_REFUSALS) }, effects: [] };
    case 'navigate-answer':
      return {
        state: {
          ...state,
          asks: state.asks.map((a) =>
            a.id === m.id && a.kind === 'navigate' && a.answer === 'waiting'
              ? { ...a, answer: m.accepted ? 'yes' : m.reason === 'lapsed' ? 'lapsed' : m.reason === 'not_allowed' ? 'not_allowed' : 'no' }
              : a,
          ),
        },
        effects: [],
      };
    case 'voice': {
      const s = { ...state, voice: { ...state.voice, remote: m.state } };
      if (m.state === 'off' && state.voice.local !== 'off') return hangUp(s, false);
      return { state: s, effects: [] };
    }
    default:
      // dom goes to the replay, not here; end closes the link; the rest is not for this side.
      return { state, effects: [] };
  }
}

function onConsent(state: ConsoleState, m: LiveMessageOf<'consent'>, at: number): Step {
  const was = state.consents[m.scope];
  const answer: AskAnswer = m.granted ? 'yes' : m.lapsed ? 'lapsed' : 'no';
  const asks = state.asks.map((a) =>
    a.kind === 'consent' && a.answer === 'waiting' && a.scope === m.scope && (m.requestId === undefined || a.id === m.requestId) ? { ...a, answer } : a,
  );
  let out: Step = { state: { ...state, asks, consents: { ...state.consents, [m.scope]: m.granted } }, effects: [] };
  void at;
  if (m.scope === 'view' || m.scope === 'guide') {
    if (m.granted !== was) out = withChannel(out, m.scope, m.granted);
    if (m.scope === 'view' && m.granted && !was) {
      if (state.link === 'open') out.effects.push(msg({ type: 'snapshot-request' }));
      else out.state = { ...out.state, snapshotWanted: true };
    }
    if (m.scope === 'view' && !m.granted) out.state = { ...out.state, snapshotWanted: false };
    return out;
  }
  // voice
  if (m.granted && state.voice.local === 'calling') out.effects.push({ kind: 'start-audio' });
  else if (!m.granted && state.voice.local !== 'off') out = merge(out, hangUp(out.state, state.voice.local === 'on'));
  return out;
}

function onTick(state: ConsoleState, at: number): Step {
  const lapsed = state.asks.filter((a) => a.answer === 'waiting' && a.lapsesAt <= at);
  if (lapsed.length === 0) return { state, effects: [] };
  const ids = new Set(lapsed.map((a) => a.id));
  let out: Step = { state: { ...state, asks: state.asks.map((a) => (ids.has(a.id) ? { ...a, answer: 'lapsed' as const } : a)) }, effects: [] };
  // A call the shopper never answered is no call.
  if (lapsed.some((a) => a.kind === 'consent' && a.scope === 'voice') && state.voice.local === 'calling') {
    out.state = { ...out.state, voice: { ...out.state.voice, local: 'off' } };
  }
  return out;
}

/** Ends the call on this side; `tell` sends `voice: off` (not when the other side already hung up). */
function hangUp(state: ConsoleState, tell: boolean): Step {
  if (state.voice.local === 'off') return { state, effects: [] };
  const wasOn = state.voice.local === 'on';
  const s = { ...state, voice: { ...state.voice, local: 'off' as const, muted: false } };
  const effects: ConsoleEffect[] = [{ kind: 'stop-audio' }];
  if (tell && state.link === 'open') effects.push(msg({ type: 'voice', state: 'off' }));
  const out = { state: s, effects };
  return wasOn ? withChannel(out, 'voice', false) : out;
}

/** Adds a channel change when the method's use actually changes. */
function withChannel(out: Step, method: CommunicationMethod, on: boolean): Step {
  const has = out.state.channels.includes(method);
  if (has === on) return out;
  const channels = on ? [...out.state.channels, method] : out.state.channels.filter((c) => c !== method);
  return { state: { ...out.state, channels }, effects: [...out.effects, { kind: 'channel', method, state: on ? 'started' : 'stopped' }] };
}

function merge(a: Step, b: Step): Step {
  return { state: b.state, effects: [...a.effects, ...b.effects] };
}

function keepAsks(asks: Ask[]): Ask[] {
  return asks.length <= KEEP_ASKS ? asks : asks.slice(asks.length - KEEP_ASKS);
}

/** Whether a consent request for `scope` is waiting for the shopper. */
export function waitingFor(state: ConsoleState, scope: ConsentScope): boolean {
  return state.asks.some((a) => a.kind === 'consent' && a.scope === scope && a.answer === 'waiting');
}

/** The latest consent request for `scope`, answered or not. */
export function lastAsk(state: ConsoleState, scope: ConsentScope): Ask | null {
  for (let i = state.asks.length - 1; i >= 0; i--) {
    const a = state.asks[i]!;
    if (a.kind === 'consent' && a.scope === scope) return a;
  }
  return null;
}

/** The latest navigation request, answered or not. */
export function lastNavigation(state: ConsoleState): Extract<Ask, { kind: 'navigate' }> | null {
  for (let i = state.asks.length - 1; i >= 0; i--) {
    const a = state.asks[i]!;
    if (a.kind === 'navigate') return a;
  }
  return null;
}

/** What to tell the associate about an answer. */
export function answerText(answer: AskAnswer): string {
  switch (answer) {
    case 'waiting':
      return 'Waiting for the shopper…';
    case 'yes':
      return 'The shopper said yes.';
    case 'no':
      return 'The shopper said no.';
    case 'lapsed':
      return 'The shopper did not answer.';
    case 'not_allowed':
      return 'Not allowed: that page is not one of the shop’s sites.';
  }
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
