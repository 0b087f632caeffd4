import type { OpenSocket, SocketLike } from '../socket';

/** One socket the code under test opened; the test plays the server's side. */
export interface FakeSocket extends SocketLike {
  url: string;
  /** What the client sent, parsed. */
  sent: Record<string, unknown>[];
  closed: { code?: number; reason?: string } | null;
  /** The server accepts the connection. */
  accept(): void;
  /** The server sends a message (wrapped with `v: 1` unless it has a `v`). */
  push(message: Record<string, unknown>): void;
  /** The server sends raw text. */
  pushRaw(text: string): void;
  /** The server (or the network) ends the connection. */
  drop(code?: number, reason?: string): void;
}

/**
 * A stand-in for the backend's realtime endpoint: `open` is what the code under test gets
 * instead of `new WebSocket`; every socket it opens is kept for the test to drive.
 */
export function createFakeRealtime() {
  const sockets: FakeSocket[] = [];

  const open: OpenSocket = (url) => {
    const socket: FakeSocket = {
      url,
      sent: [],
      closed: null,
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send(data) {
        if (socket.closed) throw new Error('send on a closed socket');
        socket.sent.push(JSON.parse(data) as Record<string, unknown>);
      },
      close(code, reason) {
        socket.closed ??= { code, reason };
      },
      accept: () => socket.onopen?.({}),
      push: (message) => socket.onmessage?.({ data: JSON.stringify({ v: 1, ...message }) }),
      pushRaw: (text) => socket.onmessage?.({ data: text }),
      drop(code = 1006, reason = '') {
        socket.closed ??= { code, reason };
        socket.onclose?.({ code, reason });
      },
    };
    sockets.push(socket);
    return socket;
  };

  return {
    open,
    sockets,
    /** The socket opened last. */
    last: (): FakeSocket => {
      const s = sockets.at(-1);
      if (!s) throw new Error('no socket was opened');
      return s;
    },
    /** Sockets not closed by either side. */
    live: () => sockets.filter((s) => !s.closed),
    /** Accepts the last socket and, once it has authenticated, says it is ready (as the server does). */
    connectLast(ready: Record<string, unknown> = { type: 'ready', role: 'associate', associateId: 'associate-1' }) {
      const s = sockets.at(-1)!;
      s.accept();
      s.push(ready);
      return s;
    },
  };
}
export type FakeRealtime = ReturnType<typeof createFakeRealtime>;
