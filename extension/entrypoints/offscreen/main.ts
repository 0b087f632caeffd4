import { browser } from '#imports';
import { startLiveHostPage } from '../../features/live-session/host-page';

// Chrome's offscreen document for the shopper's live engagement (created by the background).
const host = startLiveHostPage({ runtime: browser.runtime, audio: document.getElementById('associate-voice') as HTMLAudioElement });
// For the end-to-end test's look at the call (ICE state, audio bytes): only the extension's own
// pages can reach this document's globals, never a web page.
(globalThis as { __fwLiveHost?: unknown }).__fwLiveHost = host;
