import { type Browser, browser, storage } from '#imports';
import type { CallView } from '../../../shared/telephony';
import { logOnce } from '../../lib/log';
import { isExtensionContext } from '../../lib/messaging';
import { backendUrlItem, shopperItem } from '../../lib/storage';
import { LIVE_BACKGROUND_TARGET, LIVE_HOST_TARGET, LIVE_TAB_TARGET, LiveBackgroundNotice, type LiveHostControl, LiveTabMessage } from './messages';

/** The live engagement's tab: where the host's messages go. */
export interface LiveTab {
  engagementId: string;
  tabId: number;
}
// Session storage: a service-worker restart keeps forwarding to the same tab.
export const liveTabItem = storage.defineItem<LiveTab | null>('session:liveTab', { fallback: null });

/** Where the host runs, as the background reaches it. */
export interface LiveHostChannel {
  /** Makes sure the host exists (creates the offscreen document). */
  ensure(): Promise<void>;
  send(message: LiveHostControl): Promise<unknown>;
  /** The engagement is over: the host may go (closes the offscreen document). */
  close(): Promise<void>;
}

export const OFFSCREEN_URL = 'offscreen.html';
export const MICROPHONE_PAGE = '/microphone.html';
/** A just-created offscreen document may not listen yet: live:start is tried this often, this far apart. */
const START_TRIES = 10;
const START_RETRY_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chrome: the host lives in the offscreen document, which outlives page navigation and holds the microphone. */
export function offscreenHostChannel(): LiveHostChannel {
  let creating: Promise<void> | null = null;
  const exists = async () => (await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType] })).length > 0;
  return {
    async ensure() {
      // Only one offscreen document may exist: concurrent starts share one creation.
      creating ??= (async () => {
        if (await exists()) return;
        await browser.offscreen.createDocument({
          url: OFFSCREEN_URL,
          reasons: ['WEB_RTC', 'USER_MEDIA'] as Browser.offscreen.Reason[],
          justification: 'Holds the live conversation (chat, voice, screen sharing) with a sales associate across page navigation.',
        });
      })().finally(() => {
        creating = null;
      });
      await creating;
    },
    async send(message) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await browser.runtime.sendMessage({ target: LIVE_HOST_TARGET, ...message });
        } catch (error) {
          if (attempt >= START_TRIES) throw error;
          await sleep(START_RETRY_MS);
        }
      }
    },
    async close() {
      if (await exists()) await browser.offscreen.closeDocument();
    },
  };
}

/** Firefox (untried): the host runs in the background page itself; messages go to it directly. */
export function inProcessHostChannel(host: { handle(raw: unknown, sender?: { tab?: { id?: number } }): Promise<unknown> | undefined }): LiveHostChannel {
  return {
    ensure: async () => undefined,
    send: async (message) => host.handle({ target: LIVE_HOST_TARGET, ...message }),
    close: async () => undefined,
  };
}

export interface LiveRelayDeps {
  host: LiveHostChannel;
  sendToTab?: (tabId: number, message: LiveTabMessage) => Promise<unknown>;
  openMicrophonePage?: () => Promise<unknown>;
}

/**
 * The background's part of the shopper's live engagement: starts the host when the shopper
 * accepts an invitation, forwards the host's messages to the engagement's tab (the host may
 * have no `tabs` API), opens the microphone page when the host may not ask, and lets the host
 * go when the engagement ends. It never answers the host's own requests.
 */
export function createLiveRelay(deps: LiveRelayDeps) {
  const sendToTab = deps.sendToTab ?? ((tabId, message) => browser.tabs.sendMessage(tabId, message));
  const openMicrophonePage = deps.openMicrophonePage ?? (() => browser.tabs.create({ url: browser.runtime.getURL(MICROPHONE_PAGE) }));

  /** Forwards a message of the host to the live tab; on the end, the host goes. */
  async function forward(message: LiveTabMessage): Promise<void> {
    const live = await liveTabItem.getValue();
    if (live) {
      // A tab between pages has no listener: its next page attaches by itself.
      await sendToTab(live.tabId, message).catch(() => undefined);
    }
    if (message.type === 'live:ended') {
      await liveTabItem.setValue(null);
      await deps.host.close();
    }
  }

  return {
    /** The shopper accepted engagement `engagementId` in tab `tabId`: the host connects to the associate. */
    async start(engagementId: string, tabId: number): Promise<void> {
      const [shopper, backendUrl] = await Promise.all([shopperItem.getValue(), backendUrlItem.getValue()]);
      if (!shopper || shopper.backendUrl !== backendUrl) throw new Error('Floorwalker is not registered with the shop’s server yet.');
      // The first tab stays the live one; a new page in it attaches by itself.
      await liveTabItem.setValue({ engagementId, tabId });
      await deps.host.ensure();
      await deps.host.send({ type: 'live:start', engagementId, backendUrl, shopperToken: shopper.token, tabId });
    },
    /**
     * A tab changed (tabs.onUpdated): when the live tab starts loading a page, the host learns
     * where, so viewing and guidance pause off the enterprise's sites at once, before any
     * script runs there. Without the `tabs` permission the URL is known only on sites the
     * shopper granted (the participating shops); any other page reads as null: not a shop.
     */
    async onTabUpdated(tabId: number, change: { status?: string; url?: string }, tab: { url?: string }): Promise<void> {
      if (change.status !== 'loading' && change.url === undefined) return;
      const live = await liveTabItem.getValue();
      if (live?.tabId !== tabId) return;
      await deps.host.send({ type: 'live:location', url: change.url ?? tab.url ?? null });
    },
    /**
     * The shopper's realtime connection pushed a call of engagement `engagementId`: the host of
     * that engagement shows it (a call of any other engagement goes nowhere).
     */
    async call(engagementId: string, call: CallView): Promise<void> {
      const live = await liveTabItem.getValue();
      if (live?.engagementId !== engagementId) return;
      await deps.host.send({ type: 'live:call', engagementId, call });
    },
    /** The realtime connection (re)opened: pushes may have been missed while it was down, so the host fetches again. */
    async realtimeReady(): Promise<void> {
      if (!(await liveTabItem.getValue())) return;
      await deps.host.send({ type: 'live:phone-refresh' });
    },
    /** Whether an engagement is live: the shopper's realtime connection stays open for its calls. */
    async live(): Promise<boolean> {
      return (await liveTabItem.getValue()) !== null;
    },
    /** Observation stopped: the engagement ends too (the host says live:ended when done). */
    async stop(): Promise<void> {
      if (!(await liveTabItem.getValue())) return;
      await deps.host.send({ type: 'live:stop' }).catch((error: unknown) => logOnce('live-relay', error));
    },
    forward,
    /**
     * Handles a runtime message for the background's live part (`target: 'live-tab'` from the
     * host, `target: 'background'` notices); undefined for anything else, including the host's
     * own requests, which the background leaves alone.
     */
    handle(raw: unknown): Promise<unknown> | undefined {
      if (typeof raw !== 'object' || raw === null) return undefined;
      const target = (raw as { target?: unknown }).target;
      if (target === LIVE_TAB_TARGET) {
        const parsed = LiveTabMessage.safeParse((raw as { message?: unknown }).message);
        if (!parsed.success) return undefined;
        return forward(parsed.data).then(() => ({ ok: true }));
      }
      if (target === LIVE_BACKGROUND_TARGET) {
        const parsed = LiveBackgroundNotice.safeParse(raw);
        if (!parsed.success) return undefined;
        return openMicrophonePage().then(() => ({ ok: true }));
      }
      return undefined;
    },
  };
}
export type LiveRelay = ReturnType<typeof createLiveRelay>;

/** Answers the live relay's runtime messages in the background (next to the background's own listener). */
export function listenForLiveRelay(relay: LiveRelay): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: unknown) => void) => {
    // Only the host (an extension context) has the live tab told things; a content script never does.
    if (!isExtensionContext(sender, browser.runtime.id, browser.runtime.getURL('/'))) return false;
    const reply = relay.handle(raw);
    if (!reply) return false;
    void reply.then(sendResponse, (error: unknown) => {
      logOnce('live-relay', error);
      sendResponse({ ok: false });
    });
    return true;
  });
}
