import { browser } from '#imports';
import { startLiveHostPage } from '../../features/live-engagement/host-page';

// Chrome's offscreen document for the shopper's live engagement (created by the background).
startLiveHostPage({ runtime: browser.runtime, audio: document.getElementById('associate-voice') as HTMLAudioElement });
