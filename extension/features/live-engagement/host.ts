import type { Fetch } from '../../lib/api';
import { newId as randomId } from '../../lib/ids';
import { errorMessage, logOnce } from '../../lib/log';
import { seenIds, toTranscript } from '../live-link/chat-log.core';
import type { LiveLinkOptions } from '../live-link/link';
import { createLiveApi, type LiveApi } from '../live-link/live-api';
import { createOutbox, type Outbox } from '../live-link/outbox';
import type { LiveLink } from '../live-link/types';
import { CallView } from '../../../shared/telephony';
import { LIVE_HOST_TARGET, type LiveBackgroundNotice, LiveHostControl, LiveHostRequest, type LiveTabMessage, type LiveView, type DialInReply, type PhoneReply } from './messages';
import { initialEngagement, NO_PHONE, reduceEngagement, type EngagementEffect, type EngagementInput, type EngagementState, toView } from './engagement.core';
import { createPhoneApi, type PhoneApi } from '../../lib/phone-api';
import { phoneRefusal } from './phone.core';

/** How often pending asks are checked for their lapse. */
export const TICK_MS = 1_000;
/** Own chat messages are posted to the transcript together when sent within this long. */
export const TRANSCRIPT_BATCH_MS = 500;
/** After the end, the backend calls still waiting get this long before the host lets go. */
export const FINISH_GRACE_MS = 10_000;
/** The shopper sees why it ended for this long before the tab is told to remove everything. */
export const ENDED_LINGER_MS = 4_000;

type Timer = unknown;

export interface LiveHostDeps {
  /** createLiveLink, or a fake. */
  createLink: (options: LiveLinkOptions) => LiveLink;
  fetch: Fetch;
  /** To the live tab (through the background, which forwards it). */
  toTab: (message: LiveTabMessage) => Promise<unknown>;
  toBackground: (message: LiveBackgroundNotice) => Promise<unknown>;
  /** navigator.mediaDevices.getUserMedia({ audio: true }). */
  getMicrophone: () => Promise<MediaStream>;
  /** Plays the associate's voice (null: stop). */
  playAudio: (stream: MediaStream | null) => void;
  now?: () => number;
  newId?: () => string;
  setTimer?: (run: () => void, ms: number) => Timer;
  clearTimer?: (timer: Timer) => void;
}

interface Engagement {
  id: string;
  /** The live tab; requests from other tabs are not answered. */
  tabId: number | null;
  api: LiveApi;
  phoneApi: PhoneApi;
  link: LiveLink;
  state: EngagementState;
  unsubscribe: (() => void)[];
  tick: Timer | null;
  microphone: MediaStream | null;
  /** The microphone page was opened for this call; the host waits for its word. */
  waitingForMicrophone: boolean;
  askedForMicrophone: boolean;
  transcriptTimer: Timer | null;
  /** Backend calls in order (channel changes, transcript posts, the end), each tried until it went through. */
  outbox: Outbox;
  finished: boolean;
}

/**
 * The shopper's side of a live engagement, where it outlives page navigation (Chrome: the
 * offscreen document; Firefox: the background page, untried). The background starts it when
 * the shopper accepts an invitation; it holds the peer link, feeds engagement.core with what the
 * link, the tab and the clock say, and carries out what the core decides: messages to the
 * associate and the tab, the microphone, the associate's voice, the transcript and the channel
 * usage on the backend, the end. It also asks the backend, for the shopper, to take their number
 * and to call or hang up, and follows the calls (the background forwards the realtime pushes).
 * Its state lives in memory only.
 */
export function createLiveHost(deps: LiveHostDeps) {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => randomId());
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let current: Engagement | null = null;
  // Inputs arriving while one is applied (a fake link that answers at once) wait their turn.
  let feeding = false;
  const waiting: [Engagement, EngagementInput][] = [];

  function feed(e: Engagement, input: EngagementInput): void {
    waiting.push([e, input]);
    if (feeding) return;
    feeding = true;
    try {
      for (let next = waiting.shift(); next; next = waiting.shift()) {
        const [engagement, item] = next;
        const step = reduceEngagement(engagement.state, item, now());
        engagement.state = step.state;
        for (const effect of step.effects) perform(engagement, effect);
      }
    } finally {
      feeding = false;
    }
  }

  function perform(e: Engagement, effect: EngagementEffect): void {
    switch (effect.type) {
      case 'send':
        e.link.send(effect.message);
        return;
      case 'tab':
        void deps.toTab(effect.message).catch((error: unknown) => logOnce('live-host tab', error));
        return;
      case 'microphone':
        if (effect.on) void startMicrophone(e, true);
        else stopMicrophone(e);
        return;
      case 'mute':
        for (const track of e.microphone?.getAudioTracks() ?? []) track.enabled = !effect.muted;
        return;
      case 'channel':
        void e.outbox.post(() => e.api.channel(e.id, { method: effect.method, state: effect.state, at: new Date(effect.at).toISOString() }), `channel ${effect.method} ${effect.state}`);
        return;
      case 'post-transcript':
        if (e.transcriptTimer === null) e.transcriptTimer = setTimer(() => flushTranscript(e), TRANSCRIPT_BATCH_MS);
        return;
      case 'finish':
        finish(e, effect);
        return;
    }
  }

  function flushTranscript(e: Engagement): void {
    e.transcriptTimer = null;
    const post = toTranscript(e.state.chat);
    if (!post) return;
    const ids = post.messages.map((m) => m.id);
    void e.outbox.post(
      () => e.api.postTranscript(e.id, post.messages),
      'transcript',
      () => {
        feed(e, { kind: 'transcript-posted', ids });
        // More than one post's worth: the rest goes next.
        if (toTranscript(e.state.chat)) flushTranscript(e);
      },
    );
  }

  async function startMicrophone(e: Engagement, fresh: boolean): Promise<void> {
    if (fresh) e.askedForMicrophone = false;
    let stream: MediaStream;
    try {
      stream = await deps.getMicrophone();
    } catch (error) {
      // The offscreen document cannot show the browser's prompt: a visible page asks once.
      if (error instanceof Error && error.name === 'NotAllowedError' && !e.askedForMicrophone) {
        e.askedForMicrophone = true;
        e.waitingForMicrophone = true;
        await deps.toBackground({ type: 'live:need-microphone' }).catch((failure: unknown) => {
          e.waitingForMicrophone = false;
          feed(e, { kind: 'microphone', ok: false, error: `The microphone could not be asked for (${errorMessage(failure)}).` });
        });
        return;
      }
      feed(e, { kind: 'microphone', ok: false, error: `The microphone could not be used (${errorMessage(error)}).` });
      return;
    }
    if (e.finished || e.state.voice.state !== 'starting') {
      // Hung up (or ended) while the browser was asking: nothing is sent.
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    e.microphone = stream;
    e.link.startAudio(stream);
    feed(e, { kind: 'microphone', ok: true });
  }

  function stopMicrophone(e: Engagement): void {
    e.waitingForMicrophone = false;
    e.link.stopAudio();
    for (const track of e.microphone?.getTracks() ?? []) track.stop();
    e.microphone = null;
    deps.playAudio(null);
  }

  function finish(e: Engagement, how: Extract<EngagementEffect, { type: 'finish' }>): void {
    if (e.finished) return;
    e.finished = true;
    if (e.tick !== null) clearTimer(e.tick);
    e.tick = null;
    if (e.transcriptTimer !== null) clearTimer(e.transcriptTimer);
    e.transcriptTimer = null;
    flushTranscript(e);
    stopMicrophone(e);
    for (const off of e.unsubscribe) off();
    if (how.closeLink) e.link.close('done');
    const reason = how.api;
    if (reason) void e.outbox.post(() => e.api.end(e.id, reason), 'end');
    // Removing everything closes this document (the background does it on live:ended): the
    // backend calls get a moment to finish first, the shopper a moment to read why it ended.
    const closedReason = e.state.closedReason ?? 'The conversation ended.';
    const done = new Promise<void>((resolve) => {
      let lingered = false;
      let drained = false;
      const check = () => lingered && drained && resolve();
      setTimer(() => {
        lingered = true;
        check();
      }, ENDED_LINGER_MS);
      const grace = setTimer(() => {
        drained = true;
        check();
      }, FINISH_GRACE_MS);
      void e.outbox.idle().then(() => {
        clearTimer(grace);
        drained = true;
        check();
      });
    });
    void done.then(() => {
      // A newer engagement started meanwhile: the document stays for it (live:ended would close it).
      if (current !== e) return;
      current = null;
      return deps.toTab({ type: 'live:ended', reason: closedReason }).catch((error: unknown) => logOnce('live-host tab', error));
    });
  }

  /** The number given and the calls, as the backend knows them (at the start, and when realtime pushes may have been missed). */
  function refreshPhone(e: Engagement): void {
    void e.phoneApi.phone(e.id).then((answer) => {
      if (answer.ok && !e.finished) feed(e, { kind: 'phone', phone: { given: answer.body.given, masked: answer.body.masked, purposes: answer.body.purposes } });
      else if (!answer.ok) logOnce('live-host phone', new Error(`GET phone: ${answer.code}`));
    });
    refreshCalls(e);
  }

  function refreshCalls(e: Engagement): void {
    void e.phoneApi.calls(e.id).then((answer) => {
      if (answer.ok && !e.finished) feed(e, { kind: 'calls', calls: answer.body.calls, live: false });
      else if (!answer.ok) logOnce('live-host phone', new Error(`GET calls: ${answer.code}`));
    });
  }

  /** A call the backend answered with (started, hung up): shown at once; an answer without one fetches them. */
  function called(e: Engagement, body: unknown): void {
    const call = CallView.safeParse(body);
    if (call.success) feed(e, { kind: 'calls', calls: [call.data], live: true });
    else refreshCalls(e);
  }

  /** The shopper's phone requests: each asks the backend and answers whether it went through (never echoing the number). */
  async function onPhoneRequest(e: Engagement, request: Extract<LiveHostRequest, { type: `live:phone-${string}` | `live:call-${string}` }>): Promise<PhoneReply> {
    const refused = (answer: { status: number; code: string; message: string }): PhoneReply => ({ ok: false, message: phoneRefusal(answer, e.state.associateName) });
    switch (request.type) {
      case 'live:phone-give': {
        const callNow = request.callNow && request.purposes.includes('call');
        const answer = await e.phoneApi.givePhone(e.id, { phone: request.phone, purposes: request.purposes, consent: true, callNow });
        if (!answer.ok) return refused(answer);
        if (e.finished) return { ok: true };
        const { given, masked, purposes, call } = answer.body;
        feed(e, { kind: 'phone', phone: { given, masked, purposes } });
        if (call) feed(e, { kind: 'calls', calls: [call], live: true });
        else if (callNow) refreshCalls(e);
        return { ok: true };
      }
      case 'live:phone-remove': {
        const answer = await e.phoneApi.removePhone(e.id);
        if (!answer.ok) return refused(answer);
        if (!e.finished) feed(e, { kind: 'phone', phone: NO_PHONE });
        return { ok: true };
      }
      case 'live:call-again': {
        const answer = await e.phoneApi.startCall(e.id);
        if (!answer.ok) return refused(answer);
        if (!e.finished) called(e, answer.body);
        return { ok: true };
      }
      case 'live:call-hangup': {
        const answer = await e.phoneApi.hangUp(e.id, request.callId);
        if (!answer.ok) return refused(answer);
        if (!e.finished) called(e, answer.body);
        return { ok: true };
      }
    }
  }

  /** The shop's number and the engagement's code to call in with (the backend answers the same code while it works). */
  async function onDialIn(e: Engagement): Promise<DialInReply> {
    const answer = await e.phoneApi.dialIn(e.id);
    if (!answer.ok) return { ok: false, message: phoneRefusal(answer, e.state.associateName) };
    return { ok: true, dialIn: answer.body };
  }

  function scheduleTick(e: Engagement): void {
    e.tick = setTimer(() => {
      if (e.finished) return;
      feed(e, { kind: 'tick' });
      scheduleTick(e);
    }, TICK_MS);
  }

  function start(message: Extract<LiveHostControl, { type: 'live:start' }>): { started: boolean } {
    if (current && !current.finished && current.id === message.engagementId) return { started: false };
    if (current && !current.finished) feed(current, { kind: 'request', request: { type: 'live:end' } });
    const api = createLiveApi({ fetch: deps.fetch, backendUrl: message.backendUrl, token: message.shopperToken });
    const e: Engagement = {
      id: message.engagementId,
      tabId: message.tabId ?? null,
      api,
      phoneApi: createPhoneApi({ fetch: deps.fetch, backendUrl: message.backendUrl, token: message.shopperToken }),
      link: null as unknown as LiveLink,
      state: initialEngagement(message.engagementId),
      unsubscribe: [],
      tick: null,
      microphone: null,
      waitingForMicrophone: false,
      askedForMicrophone: false,
      transcriptTimer: null,
      outbox: createOutbox({ setTimer, clearTimer, log: (error) => logOnce('live-host backend', error) }),
      finished: false,
    };
    current = e;
    e.link = deps.createLink({
      role: 'shopper',
      name: 'Shopper',
      backendUrl: message.backendUrl,
      credentials: async () => {
        const answer = await api.peerCredentials(e.id);
        if (!answer.ok) throw new Error(`The live connection could not be set up: ${answer.message}`);
        const { remoteName, allowedDomains, maskSelectors } = answer.body;
        feed(e, { kind: 'credentials', associateName: remoteName, allowedDomains, maskSelectors });
        // On each (re)connection: a call or a number may have moved meanwhile.
        refreshPhone(e);
        return answer.body;
      },
      chatSeen: () => seenIds(e.state.chat),
    });
    e.unsubscribe.push(
      e.link.on('state', (state, detail) => feed(e, { kind: 'link', state, reason: detail.reason })),
      e.link.on('message', (m) => feed(e, { kind: 'message', message: m })),
      e.link.on('hello', (m) => feed(e, { kind: 'hello', message: m })),
      e.link.on('remoteAudio', (stream) => deps.playAudio(stream)),
    );
    scheduleTick(e);
    // The tab shows "connecting" at once.
    void deps.toTab({ type: 'live:view', view: toView(e.state) }).catch((error: unknown) => logOnce('live-host tab', error));
    return { started: true };
  }

  function onRequest(request: LiveHostRequest, fromTab: number | undefined): unknown {
    // Another shop tab (the shopper went on elsewhere) neither shows nor records the engagement.
    const e = current && (current.tabId === null || fromTab === undefined || fromTab === current.tabId) ? current : null;
    if (request.type === 'live:attach') {
      // The page says where the tab is and which shop that is (named in "you left …").
      if (e && !e.finished) feed(e, { kind: 'request', request });
      return e ? toView(e.state) : null;
    }
    switch (request.type) {
      case 'live:phone-give':
      case 'live:phone-remove':
      case 'live:call-again':
      case 'live:call-hangup':
        if (!e || e.finished) return { ok: false, message: 'The conversation has ended.' } satisfies PhoneReply;
        return onPhoneRequest(e, request);
      case 'live:dial-in':
        if (!e || e.finished) return { ok: false, message: 'The conversation has ended.' } satisfies DialInReply;
        return onDialIn(e);
    }
    if (!e || e.finished) return { ok: false };
    if (request.type === 'live:chat-send') {
      const id = newId();
      feed(e, { kind: 'request', request, chatId: id });
      return { ok: true, id };
    }
    feed(e, { kind: 'request', request });
    return { ok: true };
  }

  function onControl(control: LiveHostControl): unknown {
    switch (control.type) {
      case 'live:start':
        return start(control);
      case 'live:location':
        if (current && !current.finished) feed(current, { kind: 'location', url: control.url });
        return { ok: true };
      case 'live:stop':
        if (current && !current.finished) feed(current, { kind: 'request', request: { type: 'live:end' } });
        return { stopped: true };
      case 'live:call':
        if (current && !current.finished && current.id === control.engagementId) feed(current, { kind: 'calls', calls: [control.call], live: true });
        return { ok: true };
      case 'live:phone-refresh':
        if (current && !current.finished) refreshPhone(current);
        return { ok: true };
      case 'live:microphone': {
        const e = current;
        if (!e || !e.waitingForMicrophone) return { ok: true };
        e.waitingForMicrophone = false;
        if (control.granted) void startMicrophone(e, false);
        else feed(e, { kind: 'microphone', ok: false, error: 'The microphone was not allowed.' });
        return { ok: true };
      }
    }
  }

  return {
    /**
     * Answers a runtime message meant for the host (`target: 'live-host'`); undefined for any
     * other message, which the caller leaves to other listeners. `sender`: the runtime's
     * sender, whose tab must be the live tab; `fromExtension`: the sender is the extension's
     * own context (isExtensionContext), the only one whose controls are taken.
     */
    handle(raw: unknown, sender?: { tab?: { id?: number } }, fromExtension = true): Promise<unknown> | undefined {
      if (typeof raw !== 'object' || raw === null || (raw as { target?: unknown }).target !== LIVE_HOST_TARGET) return undefined;
      const control = LiveHostControl.safeParse(raw);
      if (control.success) {
        if (fromExtension) return Promise.resolve(onControl(control.data));
        logOnce('live-host', new Error(`"${control.data.type}" refused: it comes from a page, not from Floorwalker.`));
        return Promise.resolve({ ok: false });
      }
      const request = LiveHostRequest.safeParse(raw);
      if (request.success) return Promise.resolve(onRequest(request.data, sender?.tab?.id));
      // A phone request the schema refused: said plainly, without echoing what was sent (it may hold a number).
      if ((raw as { type?: unknown }).type === 'live:phone-give') return Promise.resolve({ ok: false, message: 'That phone number could not be sent.' } satisfies PhoneReply);
      return undefined;
    },
    /** The view of the engagement now (null: none). */
    view(): LiveView | null {
      return current ? toView(current.state) : null;
    },
  };
}
export type LiveHost = ReturnType<typeof createLiveHost>;
