import { browser } from '#imports';
import { startLiveHostPage } from './host-page';
import type { LiveHostChannel, LiveRelay } from './live-relay';
import { inProcessHostChannel } from './live-relay';

/**
 * Firefox (untried): no offscreen documents, so the host runs in the background page, and its
 * messages to the tab and the background go to the relay directly (the page's own
 * runtime.sendMessage does not reach its own listeners). Firefox rejects getUserMedia in a
 * background page, so voice does not start there yet.
 */
export function backgroundHostChannel(relay: () => LiveRelay): LiveHostChannel {
  const host = startLiveHostPage({
    runtime: browser.runtime,
    audio: new Audio(),
    toTab: (message) => relay().forward(message),
    toBackground: (message) => relay().handle({ target: 'background', ...message }) ?? Promise.resolve(undefined),
  });
  return inProcessHostChannel(host);
}
