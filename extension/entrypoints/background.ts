import { browser, defineBackground } from '#imports';
import { createAgentMode } from '../features/agent-mode/agent-mode';
import { browserNotifier } from '../features/agent-mode/offer-notifications';
import { browserSurfaces } from '../features/agent-mode/surfaces';
import { openConsentPage } from '../features/consent/consent';
import { createInvitationRelay } from '../features/invitation/relay';
import { backgroundHostChannel } from '../features/live-engagement/background-host';
import { createLiveRelay, listenForLiveRelay, offscreenHostChannel } from '../features/live-engagement/live-relay';
import { cachedSiteFor } from '../features/sites/sites';
import { createShopperMode } from '../features/shopper-mode/shopper-mode';
import { logOnce } from '../lib/log';
import { listenForMessages, type MessageHandlers } from '../lib/messaging';
import type { SocketLike } from '../lib/socket';

export default defineBackground(() => {
  const fetchApi = (input: string, init?: RequestInit) => fetch(input, init);
  const openSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;
  const report = (error: unknown) => logOnce('background', error);

  const shopper = createShopperMode({ fetch: fetchApi, scripting: browser.scripting, locale: () => navigator.language });
  // The shopper's live engagement: Chrome hosts it in an offscreen document, Firefox here (untried).
  const live = createLiveRelay({ host: import.meta.env.FIREFOX ? backgroundHostChannel(() => live) : offscreenHostChannel() });
  const invitations = createInvitationRelay({
    fetch: fetchApi,
    openSocket,
    onAccepted: (engagementId, tabId) => live.start(engagementId, tabId),
    // The live engagement's phone call: its pushes go to the host, and keep the connection while it lasts.
    onCall: (engagementId, call) => live.call(engagementId, call),
    onReady: () => live.realtimeReady(),
    keepOpen: () => live.live(),
  });
  const agent = createAgentMode({
    fetch: fetchApi,
    openSocket,
    surfaces: browserSurfaces(),
    notifier: browserNotifier(),
    locale: () => navigator.language,
    // Agent mode observes nothing: the content script is unregistered (and back in shopper mode).
    onModeChanged: async (mode) => {
      await shopper.onAccessChanged();
      if (mode === 'agent') {
        await invitations.stop();
        await live.stop();
      }
    },
  });

  /** After a change that may stop observation, the shopper's connection and cards go too. */
  const stopInvitationsUnlessObserving = async <T>(reply: T, observing: boolean): Promise<T> => {
    if (!observing) {
      await invitations.stop();
      await live.stop();
    }
    return reply;
  };

  const handlers: MessageHandlers = {
    ...shopper.handlers,
    ...agent.handlers,
    ...invitations.handlers,
    'events:report': async (message, sender) => {
      const reply = await shopper.handlers['events:report'](message, sender);
      // The events are queued by now: a failure to follow the shopper must not make the page send them again.
      if (reply.accepted > 0) await invitations.onShopperActivity(sender).catch(report);
      return reply;
    },
    'consent:set': async (message, sender) =>
      stopInvitationsUnlessObserving(await shopper.handlers['consent:set'](message, sender), message.given),
    'observe:set': async (message, sender) => stopInvitationsUnlessObserving(await shopper.handlers['observe:set'](message, sender), message.on),
  };

  listenForMessages(handlers, {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    participating: async (url) => (await cachedSiteFor(url)) !== undefined,
  });
  listenForLiveRelay(live);
  browser.tabs.onUpdated.addListener((tabId, change, tab) => void live.onTabUpdated(tabId, change, tab).catch(report));
  browser.alarms.onAlarm.addListener((alarm) => {
    void shopper.onAlarm(alarm.name).catch(report);
    void agent.onAlarm(alarm.name).catch(report);
    void invitations.onAlarm().catch(report);
  });
  // The notifications API exists once the associate allowed it (an optional permission).
  let listeningToNotifications = false;
  const listenToNotifications = () => {
    if (listeningToNotifications || !browser.notifications) return;
    listeningToNotifications = true;
    browser.notifications.onClicked.addListener((id) => void agent.onNotificationClicked(id).catch(report));
  };
  listenToNotifications();
  browser.permissions.onAdded.addListener(() => {
    listenToNotifications();
    void shopper.onAccessChanged().catch(report);
  });
  browser.permissions.onRemoved.addListener(() => void shopper.onAccessChanged().catch(report));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void openConsentPage().catch(report);
  });
  void shopper.start().catch(report);
  void agent.start().catch(report);
  void invitations.start().catch(report);
});
