import type { Browser } from '#imports';
import { logOnce } from '../../lib/log';
import { isExtensionContext } from '../../lib/messaging';
import { createLiveLink } from '../live-link/link';
import { createLiveHost, type LiveHost, type LiveHostDeps } from './host';
import { acceptLiveStreams } from './live-stream';
import { LIVE_BACKGROUND_TARGET, LIVE_TAB_TARGET } from './messages';

export interface LiveHostPageOptions {
  runtime: {
    id: string;
    getURL(path: '/'): string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: (raw: unknown, sender: unknown, sendResponse: (reply: unknown) => void) => boolean | undefined): void };
    /** Where the shared page's recording streams in (live-stream.ts). */
    onConnect: Parameters<typeof acceptLiveStreams>[0];
  };
  /** Where the associate's voice plays (an <audio autoplay> element). */
  audio: HTMLAudioElement;
  /** Firefox's background page forwards to the tab itself (its own sendMessage does not reach it). */
  toTab?: LiveHostDeps['toTab'];
  toBackground?: LiveHostDeps['toBackground'];
}

/**
 * Runs the shopper's live host in this document (the offscreen document; on Firefox the
 * background page): answers the `live-host` messages, takes the shared page's recording from
 * its `live-stream` port, reaches the tab and the background
 * through runtime messages, captures the microphone and plays the associate's voice.
 */
export function startLiveHostPage(options: LiveHostPageOptions): LiveHost {
  const { runtime, audio } = options;
  const host = createLiveHost({
    createLink: createLiveLink,
    fetch: (input, init) => fetch(input, init),
    toTab: options.toTab ?? ((message) => runtime.sendMessage({ target: LIVE_TAB_TARGET, message })),
    toBackground: options.toBackground ?? ((message) => runtime.sendMessage({ target: LIVE_BACKGROUND_TARGET, ...message })),
    getMicrophone: () => navigator.mediaDevices.getUserMedia({ audio: true }),
    playAudio: (stream) => {
      audio.srcObject = stream;
      if (stream) void audio.play().catch((error: unknown) => logOnce('live-host audio', error));
    },
  });
  runtime.onMessage.addListener((raw: unknown, sender: unknown, sendResponse: (reply: unknown) => void) => {
    const from = sender as Browser.runtime.MessageSender;
    // Controls (start with the shopper's token, stop, the microphone's answer) come from the extension only, never from a page's content script.
    const reply = host.handle(raw, from, isExtensionContext(from, runtime.id, runtime.getURL('/')));
    if (!reply) return false;
    void reply.then(sendResponse, (error: unknown) => {
      logOnce('live-host', error);
      sendResponse(undefined);
    });
    return true;
  });
  acceptLiveStreams(runtime.onConnect, (raw, sender) => {
    const from = sender as Browser.runtime.MessageSender;
    return host.handle(raw, from, isExtensionContext(from, runtime.id, runtime.getURL('/')));
  });
  return host;
}
