import type { ApiResult } from '../../lib/api';
import type { ChannelChange, ConsentScope, LiveMessage, PeerCredentials, RecordedEvent, Transcript, TranscriptPost } from '../../../shared/live';
import { LIVE_VERSION } from '../../../shared/live';
import type { PhonePurpose } from '../../../shared/telephony';
import { createOutbox } from '../live-link/outbox';
import type { LiveLink } from '../live-link/types';
import { type ChatCard, seenIds, toTranscript } from '../live-link/chat-log.core';
import { type ConsoleEffect, type ConsoleEvent, type ConsoleState, initialConsole, isOn, navigationProblem, step } from './console.core';

/** The backend calls the console makes (what `createLiveApi` gives, with the associate's token). */
export interface ConsoleApi {
  peerCredentials(engagementId: string): Promise<ApiResult<PeerCredentials>>;
  end(engagementId: string, reason: 'done' | 'peer_lost'): Promise<ApiResult<unknown>>;
  postTranscript(engagementId: string, messages: TranscriptPost['messages']): Promise<ApiResult<unknown>>;
  channel(engagementId: string, change: ChannelChange): Promise<ApiResult<unknown>>;
  transcript(engagementId: string): Promise<ApiResult<Transcript>>;
}

export interface ConsoleEngagementDeps {
  engagementId: string;
  api: ConsoleApi;
  /** Opens the link (createLiveLink with the associate's role and name). */
  openLink(options: { credentials: () => Promise<PeerCredentials>; chatSeen: () => string[] }): LiveLink;
  /** The microphone (getUserMedia in the page: a visible page can prompt). */
  getMicrophone(): Promise<MediaStream>;
  now?: () => number;
  /** One-shot timers (setTimeout by default): the backend outbox's retries, the transcript batch, the pointer. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  newId: () => string;
  log?: (error: unknown) => void;
}

/** How the page learns that something changed. */
type Listener = () => void;

/** Pointer moves sent at most this often (30 a second): smooth for the eye, light on the channel. */
export const POINTER_EVERY_MS = 34;
/** Own chat lines wait this long to go to the transcript together. */
const TRANSCRIPT_BATCH_MS = 1_000;

/**
 * One live engagement on the associate's side: gets the peer credentials, opens the link,
 * feeds what happens to the console core and carries out what it decides (messages, the
 * microphone, the backend's transcript and channel records). The page renders `state()`.
 */
export function createConsoleEngagement(deps: ConsoleEngagementDeps) {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((e: unknown) => console.warn('[floorwalker] live console:', e));
  let state: ConsoleState = initialConsole([]);
  let credentials: PeerCredentials | null = null;
  let failure: string | null = null;
  let link: LiveLink | null = null;
  let microphone: MediaStream | null = null;
  let remoteAudio: MediaStream | null = null;
  const listeners = new Set<Listener>();
  const domListeners = new Set<(events: RecordedEvent[]) => void>();
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const timers = new Set<unknown>();
  let disposed = false;

  // The backend: one call at a time, in order, each tried again under the one retry policy (live-link/outbox).
  const outbox = createOutbox({ setTimer, clearTimer, log });
  const backend = (call: () => Promise<ApiResult<unknown>>, what: string, then?: () => void) => outbox.post(call, what, then);

  const changed = () => listeners.forEach((l) => l());
  const later = (ms: number, fn: () => void) => {
    const id = setTimer(() => {
      timers.delete(id);
      if (!disposed) fn();
    }, ms);
    timers.add(id);
    return id;
  };

  function dispatch(event: ConsoleEvent): void {
    const out = step(state, event);
    const before = state;
    state = out.state;
    for (const effect of out.effects) run(effect);
    if (toTranscript(state.chat)) scheduleTranscript();
    if (state !== before) changed();
  }

  function run(effect: ConsoleEffect): void {
    switch (effect.type) {
      case 'send':
        link?.send(effect.message);
        return;
      case 'channel':
        void backend(() => deps.api.channel(deps.engagementId, { method: effect.method, state: effect.state, at: new Date(effect.at).toISOString() }), `channel ${effect.method} ${effect.state}`);
        return;
      case 'start-audio':
        void startAudio();
        return;
      case 'stop-audio':
        link?.stopAudio();
        releaseMicrophone();
        return;
      case 'mute-audio':
        microphone?.getAudioTracks().forEach((t) => (t.enabled = !effect.muted));
        return;
    }
  }

  async function startAudio(): Promise<void> {
    try {
      const stream = await deps.getMicrophone();
      if (state.voice.local !== 'calling' || !link) {
        stream.getTracks().forEach((t) => t.stop()); // hung up meanwhile
        return;
      }
      microphone = stream;
      link.startAudio(stream);
      dispatch({ kind: 'audio-started', ok: true, at: now() });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      dispatch({ kind: 'audio-started', ok: false, error: `The microphone could not be used (${why}). Allow it for this page and call again.`, at: now() });
    }
  }

  function releaseMicrophone(): void {
    microphone?.getTracks().forEach((t) => t.stop());
    microphone = null;
  }

  let transcriptTimer: unknown = null;
  function scheduleTranscript(): void {
    if (transcriptTimer !== null || transcriptPosting) return;
    transcriptTimer = later(TRANSCRIPT_BATCH_MS, () => {
      transcriptTimer = null;
      void flushTranscript();
    });
  }

  /** A transcript post is in the outbox: lines written meanwhile go in the next one, right after it. */
  let transcriptPosting = false;
  /** Posts the own lines the transcript lacks (ids make a repeat harmless). */
  function flushTranscript(): Promise<void> {
    const post = toTranscript(state.chat);
    if (!post || transcriptPosting) return outbox.idle();
    const { messages } = post;
    transcriptPosting = true;
    return backend(
      () => deps.api.postTranscript(deps.engagementId, messages),
      'transcript',
      () => dispatch({ kind: 'posted', ids: messages.map((m) => m.id) }),
    ).then((posted) => {
      transcriptPosting = false;
      if (posted && !disposed && toTranscript(state.chat)) return flushTranscript();
    });
  }

  // ---- pointer: at most 30 moves a second, the last one always arrives ----
  let pointerSentAt = -Infinity;
  let pointerPending: { x: number; y: number } | null = null;
  let pointerTimer: unknown = null;
  function sendPointer(p: { x: number; y: number }): void {
    pointerSentAt = now();
    link?.send({ v: LIVE_VERSION, type: 'pointer', x: p.x, y: p.y, visible: true });
  }

  const guided = () => isOn(state, 'guide') && state.link === 'open';
  const send = (message: LiveMessage) => link?.send(message) ?? false;

  let tick: ReturnType<typeof setInterval> | null = null;

  return {
    /** Gets the credentials and opens the link; a failure shows as `failure()`. */
    async start(): Promise<void> {
      const first = await deps.api.peerCredentials(deps.engagementId);
      if (!first.ok) {
        failure = first.status === 404 || first.status === 409 ? `This engagement is not live (${first.message}).` : `Could not connect to the shopper: ${first.message}`;
        state = { ...state, link: 'closed', closedReason: 'refused' };
        changed();
        return;
      }
      if (disposed) return;
      credentials = first.body;
      state = { ...state, allowedDomains: first.body.allowedDomains };
      changed();
      // The chat so far (this page may have been reloaded): the link's hello then tells the shopper's side what is here.
      const transcript = await deps.api.transcript(deps.engagementId);
      if (disposed) return;
      if (transcript.ok) {
        const lines = transcript.body.messages.map((m) => ({ id: m.id, own: m.from === 'associate', text: m.text, sentAt: Date.parse(m.sentAt) }));
        dispatch({ kind: 'restored', lines });
      }
      let handedFirst = false;
      link = deps.openLink({
        // The first credentials were just fetched; later calls (a refused or expired token) get fresh ones.
        credentials: async () => {
          if (!handedFirst) {
            handedFirst = true;
            return first.body;
          }
          const fresh = await deps.api.peerCredentials(deps.engagementId);
          if (!fresh.ok) throw new Error(fresh.message);
          credentials = fresh.body;
          return fresh.body;
        },
        chatSeen: () => seenIds(state.chat),
      });
      link.on('state', (s, detail) => {
        dispatch({ kind: 'link', state: s, reason: detail.reason, at: now() });
        if (s === 'closed') {
          void flushTranscript();
          // The backend records the end whoever ended it (a repeat is harmless); a vanished shopper is said so.
          if (detail.reason !== 'refused') void backend(() => deps.api.end(deps.engagementId, detail.reason === 'peer_lost' ? 'peer_lost' : 'done'), 'end');
          if (tick !== null) clearInterval(tick);
        }
      });
      link.on('message', (m) => {
        if (m.type === 'dom') {
          if (isOn(state, 'view')) domListeners.forEach((l) => l(m.events));
        } else dispatch({ kind: 'message', message: m, at: now() });
        if (link && link.invalidCount !== state.invalid) dispatch({ kind: 'invalid', count: link.invalidCount });
      });
      link.on('hello', (hello) => dispatch({ kind: 'hello', chatSeen: hello.chatSeen }));
      link.on('remoteAudio', (stream) => {
        remoteAudio = stream;
        dispatch({ kind: 'remote-audio', on: stream !== null, at: now() });
        changed();
      });
      tick = setInterval(() => {
        dispatch({ kind: 'tick', at: now() });
        if (link && link.invalidCount !== state.invalid) dispatch({ kind: 'invalid', count: link.invalidCount });
      }, 1_000);
      if (link.state !== state.link) dispatch({ kind: 'link', state: link.state, at: now() });
    },
    state: () => state,
    credentials: () => credentials,
    failure: () => failure,
    link: () => link,
    remoteAudio: () => remoteAudio,
    /** Follows every change of state. */
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Recorded DOM events for the replay (only while the shopper lets the associate view). */
    onDom(listener: (events: RecordedEvent[]) => void): () => void {
      domListeners.add(listener);
      return () => domListeners.delete(listener);
    },
    sendChat(text: string): boolean {
      if (!text.trim() || state.link === 'closed') return false;
      dispatch({ kind: 'chat-send', id: deps.newId(), text, at: now() });
      return true;
    },
    /** Sends a product or material card into the chat (both chats show it; acknowledged like a line). */
    sendCard(card: ChatCard): boolean {
      if (state.link === 'closed') return false;
      dispatch({ kind: 'card-send', id: deps.newId(), card, at: now() });
      return true;
    },
    typing: (typing: boolean) => dispatch({ kind: 'typing', typing }),
    ask: (scope: ConsentScope) => dispatch({ kind: 'ask', id: deps.newId(), scope, at: now() }),
    /** Asks the shopper to go to `url`; returns why not when it may not be sent. */
    navigate(url: string): string | null {
      const problem = navigationProblem(url, state.allowedDomains);
      if (problem) return problem;
      if (!isOn(state, 'guide')) return 'The shopper has not allowed guidance: ask to guide first.';
      dispatch({ kind: 'navigate', id: deps.newId(), url: url.trim(), at: now() });
      return null;
    },
    /** The associate's pointer at a point of the shopper's viewport. */
    pointer(p: { x: number; y: number }): void {
      if (!guided()) return;
      const wait = pointerSentAt + POINTER_EVERY_MS - now();
      if (wait <= 0 && pointerTimer === null) return sendPointer(p);
      pointerPending = p;
      if (pointerTimer === null)
        pointerTimer = later(Math.max(0, wait), () => {
          pointerTimer = null;
          if (pointerPending && guided()) sendPointer(pointerPending);
          pointerPending = null;
        });
    },
    hidePointer(): void {
      pointerPending = null;
      if (pointerTimer !== null) clearTimer(pointerTimer);
      pointerTimer = null;
      if (guided()) send({ v: LIVE_VERSION, type: 'pointer', x: 0, y: 0, visible: false });
    },
    /** The replay lost track (joined late): a fresh full snapshot, when viewing is allowed. */
    requestSnapshot: () => isOn(state, 'view') && state.link === 'open' && send({ v: LIVE_VERSION, type: 'snapshot-request' }),
    highlight: (nodeId: number | null) => guided() && send({ v: LIVE_VERSION, type: 'highlight', nodeId }),
    scrollTo: (nodeId: number) => guided() && send({ v: LIVE_VERSION, type: 'scroll-to', nodeId }),
    /** Proposes a call to the shopper's phone, or asks for a number for texts (`phone-ask`); the answer lands in `state().phoneAsks`. */
    askPhone: (purpose: PhonePurpose) => dispatch({ kind: 'phone-ask', id: deps.newId(), purpose, at: now() }),
    call: () => dispatch({ kind: 'call', id: deps.newId(), at: now() }),
    mute: (muted: boolean) => dispatch({ kind: 'mute', muted }),
    hangUp: () => dispatch({ kind: 'hang-up', at: now() }),
    /** Ends the engagement: the link says so to the shopper, the backend records it (on the link's close). */
    async end(): Promise<void> {
      if (!link) {
        await backend(() => deps.api.end(deps.engagementId, 'done'), 'end');
        return;
      }
      link.close('done');
      await outbox.idle();
    },
    /** Stops everything (the page is going away). */
    dispose(): void {
      disposed = true;
      outbox.stop();
      releaseMicrophone();
      if (tick !== null) clearInterval(tick);
      timers.forEach((t) => clearTimer(t));
      timers.clear();
      listeners.clear();
      domListeners.clear();
    },
  };
}
export type ConsoleEngagement = ReturnType<typeof createConsoleEngagement>;
