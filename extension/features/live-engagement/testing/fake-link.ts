import type { LiveMessage, PeerCredentials } from '../../../../shared/live';
import type { LiveLinkOptions } from '../../live-link/link';
import type { LinkClosedReason, LinkEvents, LinkState, LiveLink } from '../../live-link/types';

/**
 * A LiveLink a test drives by hand: it records what the host sends and the audio it gets, and
 * the test makes the associate's side speak (`receive`, `hello`), the state change and the
 * remote audio arrive. `connect()` fetches credentials the way the real link does.
 */
export class FakeLink implements LiveLink {
  state: LinkState = 'connecting';
  credentials: PeerCredentials | null = null;
  readonly sent: LiveMessage[] = [];
  buffered = 0;
  invalidCount = 0;
  audio: MediaStream | null = null;
  closedWith: string | null = null;
  private readonly listeners: { [E in keyof LinkEvents]: Set<LinkEvents[E]> } = {
    message: new Set(),
    state: new Set(),
    remoteAudio: new Set(),
    hello: new Set(),
  };

  constructor(readonly options: LiveLinkOptions) {}

  /** Fetches credentials, then opens (as the real link does once the data channel is up). */
  async connect(): Promise<void> {
    this.credentials = await this.options.credentials();
    this.setState('open');
  }
  setState(state: LinkState, reason?: LinkClosedReason): void {
    this.state = state;
    for (const l of this.listeners.state) l(state, { reason });
  }
  receive(message: LiveMessage): void {
    for (const l of this.listeners.message) l(message);
  }
  hello(chatSeen: string[] = [], name = 'Alex'): void {
    for (const l of this.listeners.hello) l({ v: 1, type: 'hello', role: 'associate', name, chatSeen });
  }
  remoteAudio(stream: MediaStream | null): void {
    for (const l of this.listeners.remoteAudio) l(stream);
  }
  sentOf<T extends LiveMessage['type']>(type: T): Extract<LiveMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<LiveMessage, { type: T }> => m.type === type);
  }

  send(message: LiveMessage): boolean {
    if (this.state === 'closed') return false;
    this.sent.push(message);
    return true;
  }
  startAudio(stream: MediaStream): void {
    this.audio = stream;
  }
  stopAudio(): void {
    this.audio = null;
  }
  on<E extends keyof LinkEvents>(event: E, listener: LinkEvents[E]): () => void {
    (this.listeners[event] as Set<LinkEvents[E]>).add(listener);
    return () => (this.listeners[event] as Set<LinkEvents[E]>).delete(listener);
  }
  close(reason: 'done' | 'declined' = 'done'): void {
    if (this.state === 'closed') return;
    this.closedWith = reason;
    this.setState('closed', 'ended_here');
  }
}
