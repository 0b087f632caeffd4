import { describe, expect, it, vi } from 'vitest';
import { acceptLiveStreams, connectLiveStream, type StreamPort } from './live-stream';
import type { LiveStreamMessage } from './messages';

function fakePort(name = 'live-stream', sender?: unknown) {
  const messageListeners: ((message: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const port = {
    name,
    sender,
    posted: [] as unknown[],
    broken: false,
    disconnected: false,
    postMessage(message: unknown) {
      if (port.broken) throw new Error('Attempting to use a disconnected port object');
      port.posted.push(message);
    },
    disconnect() {
      port.disconnected = true;
    },
    onMessage: { addListener: (l: (message: unknown) => void) => void messageListeners.push(l) },
    onDisconnect: { addListener: (l: () => void) => void disconnectListeners.push(l) },
    /** The other end posts (the page, as the host sees it). */
    receive: (message: unknown) => messageListeners.forEach((l) => l(message)),
    /** The other end went away. */
    drop: () => disconnectListeners.forEach((l) => l()),
  };
  return port satisfies StreamPort;
}

const page = { type: 'live:page', url: 'https://shop.example/p/1', title: 'Blue coat' } as const;
const dom: LiveStreamMessage = { type: 'live:dom', events: [{ type: 3, data: { source: 3, x: 0, y: 120 }, timestamp: 1 }] };

describe('the live stream, from the shared page', () => {
  it('opens one port on the first message and posts every message on it, addressed to the host, in order', () => {
    const ports: ReturnType<typeof fakePort>[] = [];
    const stream = connectLiveStream(() => ports[ports.push(fakePort()) - 1]!);
    expect(ports).toHaveLength(0);
    stream.send(page);
    stream.send(dom);
    expect(ports).toHaveLength(1);
    expect(ports[0]!.posted).toEqual([JSON.stringify({ target: 'live-host', ...page }), JSON.stringify({ target: 'live-host', ...dom })]);
  });

  it('opens another port once the host went away', () => {
    const ports: ReturnType<typeof fakePort>[] = [];
    const stream = connectLiveStream(() => ports[ports.push(fakePort()) - 1]!);
    stream.send(page);
    ports[0]!.drop();
    stream.send(dom);
    expect(ports).toHaveLength(2);
    expect(ports[1]!.posted.map((text) => JSON.parse(text as string))).toEqual([{ target: 'live-host', ...dom }]);
  });

  it('tries a new port when the old one refuses, and swallows a second refusal', () => {
    const ports: ReturnType<typeof fakePort>[] = [];
    let breakNext = false;
    const stream = connectLiveStream(() => {
      const port = fakePort();
      port.broken = breakNext;
      return ports[ports.push(port) - 1]!;
    });
    stream.send(page);
    ports[0]!.broken = true;
    stream.send(dom);
    expect(ports.map((p) => p.posted.length)).toEqual([1, 1]);
    breakNext = true;
    ports[1]!.broken = true;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => stream.send(dom)).not.toThrow();
    expect(ports).toHaveLength(3);
    warn.mockRestore();
  });

  it('closes its port, and opens a new one for the next message', () => {
    const ports: ReturnType<typeof fakePort>[] = [];
    const stream = connectLiveStream(() => ports[ports.push(fakePort()) - 1]!);
    stream.send(page);
    stream.close();
    expect(ports[0]!.disconnected).toBe(true);
    stream.send(page);
    expect(ports).toHaveLength(2);
  });
});

describe('the live stream, at the host', () => {
  function host() {
    const connectListeners: ((port: StreamPort) => void)[] = [];
    const handled: { raw: unknown; sender: unknown }[] = [];
    let result: Promise<unknown> | undefined = Promise.resolve(undefined);
    acceptLiveStreams({ addListener: (l) => void connectListeners.push(l) }, (raw, sender) => {
      handled.push({ raw, sender });
      return result;
    });
    return {
      handled,
      fail: () => (result = Promise.reject(new Error('host gone'))),
      connect: (port: ReturnType<typeof fakePort>) => connectListeners.forEach((l) => l(port)),
    };
  }

  it('hands the page’s recording and pages to the host with the port’s sender', () => {
    const h = host();
    const sender = { tab: { id: 4 }, url: 'https://shop.example/p/1' };
    const port = fakePort('live-stream', sender);
    h.connect(port);
    port.receive(JSON.stringify({ target: 'live-host', ...page }));
    port.receive(JSON.stringify({ target: 'live-host', ...dom }));
    expect(h.handled).toEqual([
      { raw: { target: 'live-host', ...page }, sender },
      { raw: { target: 'live-host', ...dom }, sender },
    ]);
  });

  it('takes nothing else on the stream, and leaves ports of other names alone', () => {
    const h = host();
    const port = fakePort('live-stream', { tab: { id: 4 } });
    h.connect(port);
    port.receive(JSON.stringify({ target: 'live-host', type: 'live:stop' }));
    port.receive(JSON.stringify({ target: 'live-host', type: 'live:chat-send', text: 'hi' }));
    port.receive({ target: 'live-host', ...dom }); // not JSON text
    port.receive('live:dom');
    port.receive('{"type":"live:dom",');
    port.receive(null);
    const other = fakePort('something-else');
    h.connect(other);
    other.receive(JSON.stringify({ target: 'live-host', ...dom }));
    expect(h.handled).toEqual([]);
  });

  it('a host that fails on a message keeps taking the next', async () => {
    const h = host();
    const port = fakePort();
    h.connect(port);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    h.fail();
    port.receive(JSON.stringify({ target: 'live-host', ...dom }));
    await Promise.resolve();
    port.receive(JSON.stringify({ target: 'live-host', ...page }));
    expect(h.handled).toHaveLength(2);
    warn.mockRestore();
  });
});
