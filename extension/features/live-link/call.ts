import { logOnce } from '../../lib/log';
import type { Handler, MediaConnectionLike, PeerLike } from './peer';

/**
 * The voice call of one side's link: the local microphone stream going out, the other side's
 * stream coming in, and who wins when both call at once (the associate). It calls through the
 * link's Peer of the moment; the link tells it when the data connection reopens (`resume`) and
 * when the Peer goes (`drop`).
 */
export interface CallDeps {
  role: 'shopper' | 'associate';
  /** The Peer in use now, and the other side's peer id (null before credentials). */
  peer: () => PeerLike | null;
  remotePeerId: () => string | null;
  /** The link is closed: nothing more is taken. */
  closed: () => boolean;
  /** The other side's audio arrived (or ended: null). */
  onRemoteAudio: (stream: MediaStream | null) => void;
}

export function createCall(deps: CallDeps) {
  let localStream: MediaStream | null = null;
  let media: MediaConnectionLike | null = null;
  /** Whether `media` is this side's own call (not an answered one). */
  let mediaOutgoing = false;
  let waitingCall: MediaConnectionLike | null = null;
  let remoteStream: MediaStream | null = null;

  const endRemote = () => {
    if (!remoteStream) return;
    remoteStream = null;
    deps.onRemoteAudio(null);
  };

  const attach = (call: MediaConnectionLike, outgoing: boolean) => {
    media = call;
    mediaOutgoing = outgoing;
    call.on('stream', ((stream: MediaStream) => {
      if (media !== call || deps.closed()) return;
      remoteStream = stream;
      deps.onRemoteAudio(stream);
    }) as Handler);
    call.on('close', () => {
      if (media !== call) return;
      media = null;
      endRemote();
    });
    call.on('error', ((error: unknown) => logOnce('live-link call', error)) as Handler);
  };

  const dial = (stream: MediaStream) => {
    const peer = deps.peer();
    const remote = deps.remotePeerId();
    if (!peer || remote === null || peer.destroyed) return;
    const call = peer.call(remote, stream);
    if (call) attach(call, true);
  };

  /** Drops the call without forgetting the local stream (it is called again after reconnecting). */
  const drop = () => {
    waitingCall?.close();
    waitingCall = null;
    const call = media;
    media = null;
    call?.close();
    endRemote();
  };

  return {
    /** A call from the Peer: taken from the other side only, answered at once when this side's stream is set, held otherwise. */
    incoming(call: MediaConnectionLike): void {
      if (call.peer !== deps.remotePeerId() || deps.closed()) {
        call.close();
        return;
      }
      // Both called at once: the associate's call wins, on both sides.
      if (media && mediaOutgoing && deps.role === 'associate') {
        call.close();
        return;
      }
      waitingCall?.close();
      waitingCall = null;
      if (localStream) {
        const previous = media;
        attach(call, false);
        previous?.close();
        call.answer(localStream);
      } else {
        waitingCall = call;
      }
    },
    start(stream: MediaStream): void {
      if (deps.closed()) return;
      localStream = stream;
      if (waitingCall) {
        const call = waitingCall;
        waitingCall = null;
        attach(call, false);
        call.answer(stream);
      } else if (!media) {
        dial(stream);
      }
    },
    /** Hangs up both ways and forgets the local stream. */
    stop(): void {
      localStream = null;
      drop();
    },
    drop,
    /** The data connection reopened: the call went down with it, so the associate calls again (the shopper answers at once, its stream is set). */
    resume(): void {
      if (localStream && !media && !waitingCall && deps.role === 'associate') dial(localStream);
    },
  };
}
export type Call = ReturnType<typeof createCall>;
