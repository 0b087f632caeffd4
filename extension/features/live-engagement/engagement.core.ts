import { type PeerCommunicationMethod, type ConsentScope, LIVE_LIMITS, LIVE_VERSION, type LiveMessage, type LiveMessageOf } from '../../../shared/live';
import type { CallView } from '../../../shared/telephony';
import { addOwn, ack, type ChatLog, emptyChatLog, helloReceived, markPosted, receive } from '../live-link/chat-log.core';
import * as consent from '../live-link/consents.core';
import type { LinkClosedReason, LinkState } from '../live-link/types';
import { isAllowedUrl } from './allowed-url.core';
import type { LiveCall, LiveHostRequest, LivePhone, LiveTabMessage, LiveView, PendingAsk } from './messages';
import { mergeCall } from './phone.core';

/**
 * The shopper's side of a live engagement as a reducer: (state, input, now) → { state, effects }.
 * It holds the consents (view, guide and voice, each asked and revoked on its own), the chat, the
 * associate's questions and the call, the number the shopper gave and the phone call (as the
 * backend tells them), answers the associate, and says what the host must do:
 * send on the link, tell the tab, switch the microphone, record channel usage, post the
 * transcript, end the engagement. The consents follow the same core as the associate's console
 * (`live-link/consents.core`). Pure: the clock and the ids come in with the inputs.
 */

export interface EngagementState {
  engagementId: string;
  associateName: string;
  link: LinkState;
  closedReason: string | null;
  chat: ChatLog;
  typing: boolean;
  consents: consent.Consents;
  /** The associate's requests to go to a page, waiting for the shopper. */
  navigations: Extract<PendingAsk, { kind: 'navigate' }>[];
  voice: LiveView['voice'];
  allowedDomains: string[];
  maskSelectors: string[];
  /** The chat channel was recorded as started (at the first message either way). */
  chatStarted: boolean;
  /** Where the shared tab is: undefined until known; null on a page the extension may not see. */
  tabUrl: string | null | undefined;
  /** The shared tab is off the enterprise's sites: viewing and guidance pause. */
  away: boolean;
  /** The participating site's name the tab's page gave (null: none said, or not a participating page). */
  tabSiteName: string | null;
  /** The enterprise's shop the tab was last on, to name in "you left …". */
  shopName: string | null;
  /** The associate's proposals to call or text the shopper's phone, waiting for a number or a no. */
  phoneAsks: Extract<PendingAsk, { kind: 'phone' }>[];
  /** The number the shopper gave, as the backend shows it (masked). */
  phone: LivePhone;
  /** The engagement's latest phone call. */
  call: LiveCall | null;
}

/** What the host feeds in. */
export type EngagementInput =
  | { kind: 'link'; state: LinkState; reason?: LinkClosedReason }
  /** The link's credentials arrived: the associate's name and the enterprise's rules. */
  | { kind: 'credentials'; associateName: string; allowedDomains: string[]; maskSelectors: string[] }
  /** The associate's hello, on each (re)connection. */
  | { kind: 'hello'; message: LiveMessageOf<'hello'> }
  | { kind: 'message'; message: LiveMessage }
  /** A request of the tab; `chatId` names a chat-send's new message. */
  | { kind: 'request'; request: LiveHostRequest; chatId?: string }
  /** How starting the microphone went. */
  | { kind: 'microphone'; ok: boolean; error?: string }
  /** The backend stored these own chat messages. */
  | { kind: 'transcript-posted'; ids: string[] }
  /** The shared tab is (loading) `url`; `siteName`: the participating site's name, when its page said. */
  | { kind: 'location'; url: string | null; siteName?: string }
  /** The backend's word on the shopper's number (after they gave or removed it, or a fetch). */
  | { kind: 'phone'; phone: LivePhone }
  /** Calls of the engagement as the backend tells them: a realtime push (`live`) or a fetch. */
  | { kind: 'calls'; calls: CallView[]; live: boolean }
  | { kind: 'tick' };

/** What the host must do. */
export type EngagementEffect =
  | { type: 'send'; message: LiveMessage }
  | { type: 'tab'; message: LiveTabMessage }
  | { type: 'microphone'; on: boolean }
  | { type: 'mute'; muted: boolean }
  | { type: 'channel'; method: PeerCommunicationMethod; state: 'started' | 'stopped'; at: number }
  /** Own chat messages are waiting for the backend's transcript. */
  | { type: 'post-transcript' }
  /** The engagement is over: close the link (sending `end` when `closeLink`), tell the backend (`api`), clean up. */
  | { type: 'finish'; closeLink: boolean; api: 'done' | 'peer_lost' | null };

export interface EngagementStep {
  state: EngagementState;
  effects: EngagementEffect[];
}

const SCOPES = consent.CONSENT_SCOPES;
const isOn = (state: EngagementState, scope: ConsentScope) => state.consents[scope].state === 'on';
const VOICE_OFF: LiveView['voice'] = { state: 'off', muted: false, remoteMuted: false, error: null };
/** No number given. */
export const NO_PHONE: LivePhone = { given: false, masked: null, purposes: [] };

/** The state when the shopper just accepted engagement `engagementId` (nothing consented yet). */
export function initialEngagement(engagementId: string, associateName = 'Your associate'): EngagementState {
  return {
    engagementId,
    associateName,
    link: 'connecting',
    closedReason: null,
    chat: emptyChatLog,
    typing: false,
    consents: consent.noConsents,
    navigations: [],
    voice: VOICE_OFF,
    allowedDomains: [],
    maskSelectors: [],
    chatStarted: false,
    tabUrl: undefined,
    away: false,
    tabSiteName: null,
    shopName: null,
    phoneAsks: [],
    phone: NO_PHONE,
    call: null,
  };
}

/** What the shop tab shows of `state`. */
export function toView(state: EngagementState): LiveView {
  return {
    engagementId: state.engagementId,
    associateName: state.associateName,
    link: state.link,
    closedReason: state.closedReason,
    chat: state.chat.entries.map((e) => ({
      id: e.id,
      from: e.from === 'own' ? 'shopper' : 'associate',
      text: e.text,
      sentAt: e.sentAt,
      delivered: e.status === 'delivered',
      ...(e.card ? { card: e.card } : {}),
    })),
    typing: state.typing,
    consents: consent.granted(state.consents),
    asks: pendingAsks(state),
    voice: state.voice,
    allowedDomains: state.allowedDomains,
    maskSelectors: state.maskSelectors,
    away: state.away,
    shopName: state.shopName,
    phone: state.phone,
    call: state.call,
  };
}

/** What the shopper is asked now, the oldest first: the consents asked for, the pages to go to, the phone proposals. */
function pendingAsks(state: EngagementState): PendingAsk[] {
  const consents: PendingAsk[] = SCOPES.flatMap((scope) => {
    const a = state.consents[scope].ask;
    return a ? [{ kind: 'consent' as const, id: a.id, scope, expiresAt: a.lapsesAt }] : [];
  });
  return [...consents, ...state.navigations, ...state.phoneAsks].sort((a, b) => a.expiresAt - b.expiresAt);
}

/** Applies one input; the tab gets the new view whenever what it shows changed. */
export function reduceEngagement(state: EngagementState, input: EngagementInput, now: number): EngagementStep {
  const step = apply(state, input, now);
  if (step.state !== state && JSON.stringify(toView(step.state)) !== JSON.stringify(toView(state))) {
    // The view first: a navigation or an end that follows acts on what the tab already shows.
    const at = step.effects.findIndex((e) => e.type === 'tab' || e.type === 'finish');
    const view: EngagementEffect = { type: 'tab', message: { type: 'live:view', view: toView(step.state) } };
    if (at < 0) step.effects.push(view);
    else step.effects.splice(at, 0, view);
  }
  return step;
}

const msg = <T extends LiveMessage['type']>(type: T, body: Omit<LiveMessageOf<T>, 'v' | 'type'>): LiveMessage =>
  ({ v: LIVE_VERSION, type, ...body }) as LiveMessage;
const send = (message: LiveMessage): EngagementEffect => ({ type: 'send', message });
const tab = (message: LiveTabMessage): EngagementEffect => ({ type: 'tab', message });
const channel = (method: PeerCommunicationMethod, on: boolean, at: number): EngagementEffect => ({ type: 'channel', method, state: on ? 'started' : 'stopped', at });

function apply(state: EngagementState, input: EngagementInput, now: number): EngagementStep {
  // The last transcript posts still land after the end.
  if (input.kind === 'transcript-posted') return posted(state, input.ids);
  // Once closed nothing more happens; the tab may still ask for the (closed) view.
  if (state.link === 'closed') return { state, effects: [] };
  switch (input.kind) {
    case 'link':
      return onLink(state, input.state, input.reason, now);
    case 'credentials':
      // The enterprise's sites are known now: where the tab already is counts.
      return placed({ ...state, associateName: input.associateName || state.associateName, allowedDomains: input.allowedDomains, maskSelectors: input.maskSelectors });
    case 'location':
      // The page's own report names the site; the browser's (loading) keeps the name for the same address.
      return placed({ ...state, tabUrl: input.url, tabSiteName: input.siteName ?? (input.url === state.tabUrl ? state.tabSiteName : null) });
    case 'hello': {
      // A (re)connection: what the associate missed goes again, and the consents as they are.
      const { log, resend } = helloReceived(state.chat, input.message.chatSeen);
      const effects: EngagementEffect[] = SCOPES.filter((s) => isOn(state, s)).map((scope) => send(msg('consent', { scope, granted: true })));
      if (state.away) effects.push(send(msg('location', { onShop: false })));
      effects.push(...resend.map(send));
      const name = input.message.name.trim();
      return { state: { ...state, chat: log, associateName: name || state.associateName }, effects };
    }
    case 'message':
      return onMessage(state, input.message, now);
    case 'request':
      return onRequest(state, input.request, input.chatId, now);
    case 'microphone':
      return onMicrophone(state, input.ok, input.error, now);
    case 'phone':
      return onPhone(state, input.phone);
    case 'calls': {
      let call = state.call;
      for (const c of input.calls) if (c.engagementId === state.engagementId) call = mergeCall(call, c, now, input.live);
      return { state: call === state.call ? state : { ...state, call }, effects: [] };
    }
    case 'tick':
      return lapse(state, now);
  }
}

/**
 * Whether the shared tab is on the enterprise's sites, from where it is: off them (another
 * participating shop, any other site) viewing and guidance pause and the associate is told;
 * back on them they resume under the consents already given. Undecided until both the sites
 * (credentials) and the tab's address are known.
 */
function placed(state: EngagementState): EngagementStep {
  if (state.allowedDomains.length === 0 || state.tabUrl === undefined) return { state, effects: [] };
  const away = state.tabUrl === null || !isAllowedUrl(state.tabUrl, state.allowedDomains);
  // On the enterprise's sites the page's name is the shop's (also when the page said it before the sites were known).
  const shopName = !away && state.tabSiteName ? state.tabSiteName : state.shopName;
  if (away === state.away) return { state: { ...state, shopName }, effects: [] };
  return { state: { ...state, away, shopName }, effects: [send(msg('location', { onShop: !away }))] };
}

function posted(state: EngagementState, ids: string[]): EngagementStep {
  const chat = markPosted(state.chat, ids);
  return { state: chat === state.chat ? state : { ...state, chat }, effects: [] };
}

function onLink(state: EngagementState, link: LinkState, reason: LinkClosedReason | undefined, now: number): EngagementStep {
  if (link !== 'closed') return { state: link === state.link ? state : { ...state, link }, effects: [] };
  const why: Record<LinkClosedReason, string> = {
    ended_here: 'You ended the conversation.',
    ended_there: `${state.associateName} ended the conversation.`,
    peer_lost: 'The connection was lost.',
    refused: 'The connection could not be made.',
  };
  const api = reason === 'peer_lost' ? 'peer_lost' : reason === 'ended_here' ? 'done' : null;
  return finish(state, why[reason ?? 'peer_lost'], { closeLink: false, api }, now);
}

/** Everything stops: the consents, the call, the asks; usage closes; the host finishes. */
function finish(state: EngagementState, closedReason: string, how: { closeLink: boolean; api: 'done' | 'peer_lost' | null }, now: number): EngagementStep {
  const effects: EngagementEffect[] = [];
  for (const scope of SCOPES) if (isOn(state, scope) && scope !== 'voice') effects.push(channel(scope, false, now));
  if (state.voice.state !== 'off') effects.push({ type: 'microphone', on: false });
  if (state.voice.state === 'on') effects.push(channel('voice', false, now));
  if (state.chatStarted) effects.push(channel('chat', false, now));
  effects.push({ type: 'finish', ...how });
  return {
    state: {
      ...state,
      link: 'closed',
      closedReason,
      typing: false,
      navigations: [],
      phoneAsks: [],
      consents: consent.endAll(state.consents),
      voice: { ...state.voice, state: 'off' },
    },
    effects,
  };
}

function chatStarted(state: EngagementState, now: number): { state: EngagementState; effects: EngagementEffect[] } {
  if (state.chatStarted) return { state, effects: [] };
  return { state: { ...state, chatStarted: true }, effects: [channel('chat', true, now)] };
}

/** Sets consent `scope` (answering `requestId`), with what changes with it (usage, the microphone); sends nothing. */
function setConsent(state: EngagementState, scope: ConsentScope, granted: boolean, now: number, requestId?: string): EngagementStep {
  const heard = consent.hear(state.consents, { scope, granted, requestId });
  const next = { ...state, consents: heard.consents };
  if (!heard.changed) return { state: heard.consents === state.consents ? state : next, effects: [] };
  if (scope !== 'voice') return { state: next, effects: [channel(scope, granted, now)] };
  if (granted) return { state: { ...next, voice: { ...VOICE_OFF, state: 'starting' } }, effects: [{ type: 'microphone', on: true }] };
  const effects: EngagementEffect[] = [];
  if (state.voice.state !== 'off') effects.push({ type: 'microphone', on: false });
  if (state.voice.state === 'on') effects.push(channel('voice', false, now));
  return { state: { ...next, voice: { ...state.voice, state: 'off', muted: false, remoteMuted: false } }, effects };
}

function onMessage(state: EngagementState, message: LiveMessage, now: number): EngagementStep {
  switch (message.type) {
    case 'chat':
    case 'product-card':
    case 'material-card': {
      // A card is a chat entry too: shown once, acknowledged every time (the schema checked it on the link).
      const received = receive(state.chat, message);
      if (!received.isNew) return { state, effects: [send(received.ack)] };
      const started = chatStarted({ ...state, chat: received.log, typing: false }, now);
      return { state: started.state, effects: [...started.effects, send(received.ack)] };
    }
    case 'chat-ack': {
      const log = ack(state.chat, message.id);
      return { state: log === state.chat ? state : { ...state, chat: log }, effects: [] };
    }
    case 'typing':
      return { state: state.typing === message.typing ? state : { ...state, typing: message.typing }, effects: [] };
    case 'consent-request': {
      // The shared policy for a second ask: already granted, said again at once without bothering the shopper;
      // the same request, nothing; a new one replaces the earlier, which lapses.
      const asked = consent.ask(state.consents, message.scope, message.id, now);
      switch (asked.outcome.kind) {
        case 'already-on':
          return { state, effects: [send(msg('consent', { scope: message.scope, granted: true, requestId: message.id }))] };
        case 'repeat':
          return { state, effects: [] };
        case 'asked': {
          const replaced = asked.outcome.replaced;
          const effects = replaced === null ? [] : [send(msg('consent', { scope: message.scope, granted: false, requestId: replaced, lapsed: true }))];
          return { state: { ...state, consents: asked.consents }, effects };
        }
      }
    }
    case 'navigate-request': {
      if (!isAllowedUrl(message.url, state.allowedDomains)) {
        return { state, effects: [send(msg('navigate-answer', { id: message.id, accepted: false, reason: 'not_allowed' }))] };
      }
      if (state.navigations.some((a) => a.id === message.id)) return { state, effects: [] };
      const navigations = [...state.navigations, { kind: 'navigate' as const, id: message.id, url: message.url, expiresAt: now + LIVE_LIMITS.consentLapsesMs }];
      return { state: { ...state, navigations }, effects: [] };
    }
    case 'pointer':
      // A pointer without the guide consent (or off the shop) is dropped quietly (nothing to refuse: it changes nothing on the page).
      if (!isOn(state, 'guide') || state.away) return { state, effects: [] };
      return { state, effects: [tab({ type: 'live:guide', command: { type: 'pointer', x: message.x, y: message.y, visible: message.visible } })] };
    case 'highlight':
      if (!isOn(state, 'guide')) return { state, effects: [send(msg('guidance-refused', { command: 'highlight', reason: 'no_consent' }))] };
      if (state.away) return { state, effects: [send(msg('guidance-refused', { command: 'highlight', reason: 'not_allowed' }))] };
      return { state, effects: [tab({ type: 'live:guide', command: { type: 'highlight', nodeId: message.nodeId } })] };
    case 'scroll-to':
      if (!isOn(state, 'guide')) return { state, effects: [send(msg('guidance-refused', { command: 'scroll-to', reason: 'no_consent' }))] };
      if (state.away) return { state, effects: [send(msg('guidance-refused', { command: 'scroll-to', reason: 'not_allowed' }))] };
      return { state, effects: [tab({ type: 'live:guide', command: { type: 'scroll-to', nodeId: message.nodeId } })] };
    case 'snapshot-request':
      return { state, effects: isOn(state, 'view') && !state.away ? [tab({ type: 'live:snapshot' })] : [] };
    case 'voice': {
      if (message.state === 'off') {
        // The associate hung up: the call is over, and a new one is asked for again.
        if (!isOn(state, 'voice')) return { state, effects: [] };
        const stopped = setConsent(state, 'voice', false, now);
        return { state: stopped.state, effects: [...stopped.effects, send(msg('consent', { scope: 'voice', granted: false }))] };
      }
      const remoteMuted = message.state === 'muted';
      return { state: state.voice.remoteMuted === remoteMuted ? state : { ...state, voice: { ...state.voice, remoteMuted } }, effects: [] };
    }
    case 'phone-ask':
      return onPhoneAsk(state, message, now);
    case 'end':
      return finish(state, `${state.associateName} ended the conversation.`, { closeLink: false, api: null }, now);
    default:
      // hello/ping/pong are the link's; the rest is the shopper's own to send.
      return { state, effects: [] };
  }
}

function onRequest(state: EngagementState, request: LiveHostRequest, chatId: string | undefined, now: number): EngagementStep {
  switch (request.type) {
    case 'live:attach':
      // The page of the tab that attached tells where the tab is now.
      return apply(state, { kind: 'location', url: request.url, siteName: request.siteName }, now);
    case 'live:chat-send': {
      if (!chatId) return { state, effects: [] };
      const added = addOwn(state.chat, { id: chatId, text: request.text, sentAt: now });
      if (!added.send) return { state, effects: [] };
      const started = chatStarted({ ...state, chat: added.log }, now);
      return { state: started.state, effects: [...started.effects, send(added.send), { type: 'post-transcript' }] };
    }
    case 'live:typing':
      return { state, effects: state.link === 'open' ? [send(msg('typing', { typing: request.typing }))] : [] };
    case 'live:answer':
      return answer(state, request.askId, request.yes, now);
    case 'live:revoke': {
      const pending = state.consents[request.scope].ask;
      if (pending) return answer(state, pending.id, false, now);
      if (!isOn(state, request.scope)) return { state, effects: [] };
      const revoked = setConsent(state, request.scope, false, now);
      return { state: revoked.state, effects: [...revoked.effects, send(msg('consent', { scope: request.scope, granted: false }))] };
    }
    case 'live:dom':
      // Only while the shopper lets the associate see: a late batch after a revocation stays here.
      // Off the enterprise's sites nothing of the page goes, whatever was recorded before the tab noticed.
      return { state, effects: isOn(state, 'view') && !state.away ? [send(msg('dom', { events: request.events }))] : [] };
    case 'live:page':
      return { state, effects: (isOn(state, 'view') || isOn(state, 'guide')) && !state.away ? [send(msg('page', { url: request.url, title: request.title }))] : [] };
    case 'live:guidance-refused':
      return { state, effects: [send(msg('guidance-refused', { command: request.command, reason: request.reason }))] };
    case 'live:voice':
      return onVoiceAction(state, request.action, now);
    case 'live:end':
      return finish(state, 'You ended the conversation.', { closeLink: true, api: 'done' }, now);
    case 'live:phone-give':
    case 'live:phone-remove':
    case 'live:call-hangup':
    case 'live:call-again':
    case 'live:dial-in':
      // The host asks the backend; its word comes back as a `phone` or `calls` input.
      return { state, effects: [] };
  }
}

function answer(state: EngagementState, askId: string, yes: boolean, now: number): EngagementStep {
  const nav = state.navigations.find((a) => a.id === askId);
  if (nav) {
    const effects: EngagementEffect[] = [send(msg('navigate-answer', yes ? { id: nav.id, accepted: true } : { id: nav.id, accepted: false, reason: 'refused' }))];
    if (yes) effects.push(tab({ type: 'live:navigate', url: nav.url }));
    return { state: { ...state, navigations: state.navigations.filter((a) => a !== nav) }, effects };
  }
  const phoneAsk = state.phoneAsks.find((a) => a.id === askId);
  if (phoneAsk) {
    // A yes needs a number: it comes with live:phone-give, and the backend's word answers the ask.
    if (yes) return { state, effects: [] };
    return {
      state: { ...state, phoneAsks: state.phoneAsks.filter((a) => a !== phoneAsk) },
      effects: [send(msg('phone-answer', { id: askId, given: false, reason: 'refused' }))],
    };
  }
  const scope = SCOPES.find((s) => state.consents[s].ask?.id === askId);
  if (!scope) return { state, effects: [] };
  const changed = setConsent(state, scope, yes, now, askId);
  return { state: changed.state, effects: [send(msg('consent', { scope, granted: yes, requestId: askId })), ...changed.effects] };
}

function onVoiceAction(state: EngagementState, action: 'mute' | 'unmute' | 'hang-up', now: number): EngagementStep {
  if (action === 'hang-up') {
    if (!state.consents.voice) return { state, effects: [] };
    const stopped = setConsent(state, 'voice', false, now);
    return { state: stopped.state, effects: [...stopped.effects, send(msg('voice', { state: 'off' })), send(msg('consent', { scope: 'voice', granted: false }))] };
  }
  const muted = action === 'mute';
  if (state.voice.state !== 'on' || state.voice.muted === muted) return { state, effects: [] };
  return {
    state: { ...state, voice: { ...state.voice, muted } },
    effects: [{ type: 'mute', muted }, send(msg('voice', { state: muted ? 'muted' : 'on' }))],
  };
}

function onMicrophone(state: EngagementState, ok: boolean, error: string | undefined, now: number): EngagementStep {
  // A late answer after a hang-up or a revocation: the host stops the stream it got.
  if (state.voice.state !== 'starting') return { state, effects: ok ? [{ type: 'microphone', on: false }] : [] };
  if (ok) {
    return {
      state: { ...state, voice: { ...state.voice, state: 'on', muted: false, error: null } },
      effects: [channel('voice', true, now), send(msg('voice', { state: 'on' }))],
    };
  }
  // No microphone, no call: the associate learns the voice consent is off again.
  return {
    state: { ...state, consents: consent.hear(state.consents, { scope: 'voice', granted: false }).consents, voice: { ...VOICE_OFF, error: error ?? 'The microphone could not be used.' } },
    effects: [send(msg('consent', { scope: 'voice', granted: false }))],
  };
}

function lapse(state: EngagementState, now: number): EngagementStep {
  const consents = consent.lapse(state.consents, now);
  const navigations = state.navigations.filter((a) => a.expiresAt <= now);
  const phoneAsks = state.phoneAsks.filter((a) => a.expiresAt <= now);
  if (consents.lapsed.length === 0 && navigations.length === 0 && phoneAsks.length === 0) return { state, effects: [] };
  const effects = [
    ...consents.lapsed.map((a) => send(msg('consent', { scope: a.scope, granted: false, requestId: a.id, lapsed: true }))),
    ...navigations.map((a) => send(msg('navigate-answer', { id: a.id, accepted: false, reason: 'lapsed' }))),
    ...phoneAsks.map((a) => send(msg('phone-answer', { id: a.id, given: false, reason: 'lapsed' }))),
  ];
  return {
    state: {
      ...state,
      consents: consents.consents,
      navigations: state.navigations.filter((a) => a.expiresAt > now),
      phoneAsks: state.phoneAsks.filter((a) => a.expiresAt > now),
    },
    effects,
  };
}

/**
 * The associate proposes to call or text the shopper's phone. As with a consent: a number
 * already given for it is said at once without bothering the shopper; the same ask again is
 * nothing; a new ask for the same purpose replaces the earlier, which lapses.
 */
function onPhoneAsk(state: EngagementState, message: LiveMessageOf<'phone-ask'>, now: number): EngagementStep {
  if (state.phone.given && state.phone.purposes.includes(message.purpose)) return { state, effects: [send(msg('phone-answer', { id: message.id, given: true }))] };
  if (state.phoneAsks.some((a) => a.id === message.id)) return { state, effects: [] };
  const replaced = state.phoneAsks.filter((a) => a.purpose === message.purpose);
  const ask = { kind: 'phone' as const, id: message.id, purpose: message.purpose, expiresAt: now + LIVE_LIMITS.consentLapsesMs };
  return {
    state: { ...state, phoneAsks: [...state.phoneAsks.filter((a) => a.purpose !== message.purpose), ask] },
    effects: replaced.map((a) => send(msg('phone-answer', { id: a.id, given: false, reason: 'lapsed' }))),
  };
}

/** The backend's word on the number: once given, the asks its purposes cover are answered yes. */
function onPhone(state: EngagementState, phone: LivePhone): EngagementStep {
  const same = JSON.stringify(phone) === JSON.stringify(state.phone);
  const covered = phone.given ? state.phoneAsks.filter((a) => phone.purposes.includes(a.purpose)) : [];
  if (same && covered.length === 0) return { state, effects: [] };
  return {
    state: { ...state, phone: same ? state.phone : phone, phoneAsks: state.phoneAsks.filter((a) => !covered.includes(a)) },
    effects: covered.map((a) => send(msg('phone-answer', { id: a.id, given: true }))),
  };
}
