import WebSocket from 'ws';
import { REALTIME_PATH } from '../../../shared/realtime';

/** A message as the server sent it (parsed JSON; tests check it against the shared schemas). */
export type Received = { type: string } & Record<string, unknown>;

/**
 * A real WebSocket client of the realtime endpoint for tests: every message it receives is
 * queued, `next` takes them in order, `closed` resolves with the close code and reason.
 */
export class TestSocket {
  private readonly queue: Received[] = [];
  private readonly waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Answer pings with pongs, as a real client does (the ping is still queued). */
  autoPong = true;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Received;
      if (message.type === 'ping' && this.autoPong && ws.readyState === WebSocket.OPEN) ws.send('{"v":1,"type":"pong"}');
      const waiter = this.waiters.findIndex((w) => w.match(message));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(message);
      else this.queue.push(message);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens a socket to the backend at `baseUrl` (http://…); `path` defaults to the realtime endpoint; `headers` go on the upgrade (a browser's Cookie, Origin). */
  static open(baseUrl: string, path = REALTIME_PATH, headers: Record<string, string> = {}): Promise<TestSocket> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + path, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('error', reject);
    });
  }

  /** Opens a socket and authenticates; resolves with the socket once `ready` arrived. */
  static async authenticated(baseUrl: string, token: string): Promise<TestSocket> {
    const socket = await TestSocket.open(baseUrl);
    socket.send({ v: 1, type: 'auth', token });
    await socket.next('ready');
    return socket;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message (of the given type, skipping others only when a type is given), or a failure after `timeoutMs`. */
  next(type?: string, timeoutMs = 3_000): Promise<Received> {
    const match = (m: Received) => !type || m.type === type;
    const index = this.queue.findIndex(match);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: Received) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${type ?? 'message'} within ${timeoutMs} ms; queued: ${JSON.stringify(this.queue.map((m) => m.type))}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Messages received and not yet taken, without waiting. */
  pending(): Received[] {
    return [...this.queue];
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}
