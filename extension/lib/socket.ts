// The realtime connection as the rest of the extension sees it: the socket it opens, and its state.

/** The part of a WebSocket the client uses: the browser's own, or a fake in tests. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type OpenSocket = (url: string) => SocketLike;

export type ConnectionStatus =
  /** Not wanted (stopped), or nobody to connect as. */
  | 'off'
  /** Opening the socket or waiting for the server's `ready`. */
  | 'connecting'
  /** Authenticated: pushes arrive. */
  | 'ready'
  /** Lost: trying again at `retryAt`. */
  | 'waiting'
  /** The server refused the token (close 4401): no retry until the owner starts again. */
  | 'refused';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Failed attempts in a row. */
  failures: number;
  /** When the next attempt starts (epoch ms), while waiting. */
  retryAt: number | null;
  /** Why the last connection ended, for the page to show. */
  error: string | null;
  /** The server refused the socket because too many are open (close 4429): retries wait minutes, and the page says why. */
  crowded?: boolean;
}

