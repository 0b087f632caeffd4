import type { Page } from 'puppeteer-core';

/**
 * What a page's WebRTC connections carry, read as DevTools would: the protocol finds every
 * RTCPeerConnection on the page's heap (Runtime.queryObjects), so the extension needs no hook
 * for tests. Closed connections are skipped.
 */
export interface WebRtcFigures {
  /** iceConnectionState of each open connection. */
  ice: string[];
  audioBytesReceived: number;
  audioBytesSent: number;
  /** Over the data channels: what the other side sent this one. */
  dataBytesReceived: number;
  dataMessagesReceived: number;
}

export async function webrtcFigures(page: Page): Promise<WebRtcFigures> {
  const prototype = await page.evaluateHandle(() => RTCPeerConnection.prototype);
  const connections = await page.queryObjects(prototype);
  try {
    return await connections.evaluate(async (list) => {
      const out = { ice: [] as string[], audioBytesReceived: 0, audioBytesSent: 0, dataBytesReceived: 0, dataMessagesReceived: 0 };
      for (const pc of list as RTCPeerConnection[]) {
        if (pc.connectionState === 'closed') continue;
        out.ice.push(pc.iceConnectionState);
        const report = await pc.getStats();
        report.forEach((r: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number; messagesReceived?: number }) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioBytesReceived += r.bytesReceived ?? 0;
          if (r.type === 'outbound-rtp' && r.kind === 'audio') out.audioBytesSent += r.bytesSent ?? 0;
          if (r.type === 'data-channel') {
            out.dataBytesReceived += r.bytesReceived ?? 0;
            out.dataMessagesReceived += r.messagesReceived ?? 0;
          }
        });
      }
      return out;
    });
  } finally {
    await connections.dispose();
    await prototype.dispose();
  }
}

/** The peer id a page registered on the signalling server with (from its open signalling socket's address). */
export async function signallingPeerIds(page: Page): Promise<string[]> {
  const prototype = await page.evaluateHandle(() => WebSocket.prototype);
  const sockets = await page.queryObjects(prototype);
  try {
    return await sockets.evaluate((list) =>
      (list as WebSocket[])
        .filter((s) => s.readyState === WebSocket.OPEN && s.url.includes('/peerjs?'))
        .map((s) => new URL(s.url).searchParams.get('id') ?? '')
        .filter(Boolean),
    );
  } finally {
    await sockets.dispose();
    await prototype.dispose();
  }
}

/**
 * Starts keeping every frame the page's open data channels receive from now on, as a listener
 * the test adds through the protocol (the extension has no hook for it). Call again after a
 * reconnection: channels already tapped are skipped. Read them with `tappedFrames`.
 */
export async function tapDataChannels(page: Page): Promise<number> {
  const prototype = await page.evaluateHandle(() => RTCDataChannel.prototype);
  const channels = await page.queryObjects(prototype);
  try {
    return await channels.evaluate((list) => {
      const store = globalThis as unknown as { __e2eFrames?: string[] };
      store.__e2eFrames ??= [];
      let tapped = 0;
      for (const channel of list as (RTCDataChannel & { __e2eTapped?: boolean })[]) {
        if (channel.readyState !== 'open' || channel.__e2eTapped) continue;
        channel.__e2eTapped = true;
        channel.addEventListener('message', (event: MessageEvent) => store.__e2eFrames!.push(typeof event.data === 'string' ? event.data : '[binary]'));
        tapped += 1;
      }
      return tapped;
    });
  } finally {
    await channels.dispose();
    await prototype.dispose();
  }
}

/** The frames kept since `tapDataChannels`, and forgets them. */
export async function tappedFrames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const store = globalThis as unknown as { __e2eFrames?: string[] };
    const frames = store.__e2eFrames ?? [];
    store.__e2eFrames = [];
    return frames;
  });
}
