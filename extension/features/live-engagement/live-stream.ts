import { logOnce } from '../../lib/log';
import { LIVE_HOST_TARGET, LIVE_STREAM_PORT, type LiveStreamMessage } from './messages';

/** The part of a runtime port both ends use (browser.runtime.Port). */
export interface StreamPort {
  name: string;
  sender?: unknown;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface LiveStream {
  /** Hands a message to the host; nothing waits for an answer. */
  send(message: LiveStreamMessage): void;
  /** Closes the port (the next send opens another). */
  close(): void;
}

/**
 * The shared page's side: one port to the host, opened on the first message and opened again
 * after the host went away (a new offscreen document, a restarted browser). A message through
 * `runtime.sendMessage` opens a channel and waits for an answer each time, which on a page that
 * changes ten times a second cost the shop's page more than the recording itself; a port costs
 * one post per batch. A message posted while nobody listens is lost, as an unanswered
 * sendMessage was: the host asks for a new snapshot when it needs one. Each message goes as
 * JSON text.
 * e.g. const stream = connectLiveStream(() => browser.runtime.connect({ name: LIVE_STREAM_PORT }))
 */
export function connectLiveStream(connect: () => StreamPort): LiveStream {
  let port: StreamPort | null = null;
  const open = () => {
    const opened = connect();
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
    });
    return opened;
  };
  // As JSON text: the extension's messaging copies a string at once, where a batch of events as
  // objects is converted value by value on the shop page's main thread.
  const post = (message: LiveStreamMessage) => (port ??= open()).postMessage(JSON.stringify({ target: LIVE_HOST_TARGET, ...message }));
  return {
    send(message) {
      try {
        post(message);
      } catch {
        // A port whose other end went without our noticing yet: once more on a new one.
        port = null;
        try {
          post(message);
        } catch (error) {
          logOnce('live', error);
        }
      }
    },
    close() {
      port?.disconnect();
      port = null;
    },
  };
}

function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const STREAMED = new Set<unknown>(['live:dom', 'live:page'] satisfies LiveStreamMessage['type'][]);

/**
 * The host's side: every `live:dom` and `live:page` (JSON text) on a `live-stream` port goes to `handle`
 * with the port's sender (the host checks that it is the live tab), as a runtime message would;
 * nothing is answered, and nothing else is taken on the port. Ports of other names are left alone.
 */
export function acceptLiveStreams(
  onConnect: { addListener(listener: (port: StreamPort) => void): void },
  handle: (raw: unknown, sender: unknown) => Promise<unknown> | undefined,
): void {
  onConnect.addListener((port) => {
    if (port.name !== LIVE_STREAM_PORT) return;
    port.onMessage.addListener((text) => {
      const raw = parsed(text);
      const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
      if (!STREAMED.has(type)) return;
      void handle(raw, port.sender)?.catch((error: unknown) => logOnce('live-host', error));
    });
  });
}
