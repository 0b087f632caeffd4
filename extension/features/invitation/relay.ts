import { type Browser, browser, storage } from '#imports';
import { SESSION_GAP_MS } from '../../../shared/session';
import { findSite, type ParticipatingSite } from '../../../shared/sites';
import type { Fetch } from '../../lib/api';
import { createLock } from '../../lib/lock';
import { logOnce } from '../../lib/log';
import { type InvitationShown, type MessageHandlers, sendToTab, type TabMessage } from '../../lib/messaging';
import { type ClientMessage, ShopperServerMessage } from '../../../shared/realtime';
import type { OpenSocket } from '../../lib/socket';
import { backendUrlItem, shopperItem, sitesItem } from '../../lib/storage';
import { createShopperAnswersApi } from '../agent-sign-in/agent-api';
import { mayObserve } from '../consent/consent';
import { localDeadline } from '../offers-panel/board.core';
import { createRealtimeClient } from '../realtime-client/realtime-client';

/** The shop tab the shopper was last active in, and what is shown there. */
export interface ShopperLink {
  /** The last participating tab that reported activity; where an invitation goes. */
  tab: { tabId: number; url: string } | null;
  /** When the shopper's extension last reported activity (epoch ms): the browsing session lasts SESSION_GAP_MS after. */
  lastActivityAt: number | null;
  /** The open invitation, and the tab showing it (one of the inviting enterprise's sites). */
  invitation: (InvitationShown & { tabId: number | null }) | null;
  /** Nobody could help: the offer to leave a message, and the tab showing it. */
  leaveMessage: { opportunityId: string; siteName: string | null; tabId: number | null; enterpriseId?: string | null } | null;
  /** The shopper asked for someone (the popup): the opportunity, until it is answered or given up. */
  asked: { opportunityId: string; shopName: string } | null;
}
const NO_LINK: ShopperLink = { tab: null, lastActivityAt: null, invitation: null, leaveMessage: null, asked: null };
// Session storage: it outlives a service-worker restart, not the browser; content scripts cannot read it.
export const shopperLinkItem = storage.defineItem<ShopperLink>('session:shopperLink', { fallback: NO_LINK });

export interface InvitationRelayDeps {
  fetch: Fetch;
  openSocket: OpenSocket;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimer?: (id: ReturnType<typeof setTimeout>) => void;
  /** The shopper accepted engagement `engagementId` in tab `tabId` (the live engagement starts). */
  onAccepted?: (engagementId: string, tabId: number) => Promise<void>;
  /** A phone call of an engagement moved (the live engagement's dock shows it). */
  onCall?: (engagementId: string, call: Extract<ShopperServerMessage, { type: 'call' }>['call']) => Promise<void>;
  /** The connection (re)opened: pushes may have been missed while it was down. */
  onReady?: () => Promise<void>;
  /** Whether a live engagement needs the connection (its call's pushes) past the browsing session's gap. */
  keepOpen?: () => Promise<boolean>;
}

type RelayMessages = 'invitation:answer' | 'opportunity:message' | 'opportunity:message-dismiss' | 'opportunity:ask';

/**
 * The shopper's side of routing, in the background: while the shopper's browsing session lasts
 * (activity within the session gap) and may be observed, it keeps the realtime connection, so
 * an associate's invitation arrives at once even when the shopper is idle on a page. It shows
 * the invitation in the shop tab the shopper was last active in (moving it when they go on in
 * another tab or page), records their answer, and offers to leave a message when nobody could
 * help. The connection closes once the session gap has passed.
 */
export function createInvitationRelay(deps: InvitationRelayDeps) {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((id) => clearTimeout(id));
  const changing = createLock();
  let gapTimer: ReturnType<typeof setTimeout> | null = null;

  const edit = (change: (link: ShopperLink) => ShopperLink | Promise<ShopperLink>) =>
    changing(async () => {
      const next = await change(await shopperLinkItem.getValue());
      await shopperLinkItem.setValue(next);
      return next;
    });

  const realtime = createRealtimeClient<ShopperServerMessage, ClientMessage>({
    target: async () => {
      const [allowed, shopper, backendUrl, link] = await Promise.all([mayObserve(), shopperItem.getValue(), backendUrlItem.getValue(), shopperLinkItem.getValue()]);
      if (!allowed || !shopper || shopper.backendUrl !== backendUrl || !(await needed(link))) return null;
      return { backendUrl, token: shopper.token };
    },
    open: deps.openSocket,
    parse: (raw) => {
      const parsed = ShopperServerMessage.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
    onMessage: (message) => void onServerMessage(message).catch((e) => logOnce('invitation', e)),
    now,
    random: deps.random,
    setTimer,
    clearTimer,
  });

  const isLive = (link: ShopperLink) => link.lastActivityAt !== null && now() - link.lastActivityAt < SESSION_GAP_MS;
  /** The connection is needed while the browsing session lasts, and while a live engagement goes on (a phone call may outlast the gap). */
  const needed = async (link: ShopperLink) => isLive(link) || ((await deps.keepOpen?.().catch(() => false)) ?? false);

  /**
   * The participating site `url` is on, when it may show what enterprise `enterpriseId` sends:
   * only that enterprise's own sites, never another participating shop's (any participating site
   * when an older backend did not say whose it is).
   */
  async function siteFor(url: string | undefined, enterpriseId: string | null | undefined): Promise<ParticipatingSite | null> {
    const cache = await sitesItem.getValue();
    const site = url && cache ? findSite(cache.sites, url) : undefined;
    return site && (!enterpriseId || site.enterpriseId === enterpriseId) ? site : null;
  }

  /**
   * Sends `message(site)` to a shop tab on one of `enterpriseId`'s sites: the last active one,
   * else the most recently used other one; the tab and the site it is on, or null.
   */
  async function deliver(
    link: ShopperLink,
    enterpriseId: string | null | undefined,
    message: (site: ParticipatingSite) => TabMessage,
  ): Promise<{ tabId: number; site: ParticipatingSite } | null> {
    const here = link.tab ? await siteFor(link.tab.url, enterpriseId) : null;
    if (link.tab && here && (await sendToTab(link.tab.tabId, message(here)))) return { tabId: link.tab.tabId, site: here };
    const tabs = (await browser.tabs.query({})).filter((t) => t.id !== undefined && t.id !== link.tab?.tabId);
    tabs.sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
    for (const tab of tabs) {
      const site = await siteFor(tab.url, enterpriseId);
      if (site && (await sendToTab(tab.id!, message(site)))) return { tabId: tab.id!, site };
    }
    return null;
  }

  /** The invitation as the tab on `site` shows it: named after that shop. */
  const shownOn = (invitation: NonNullable<ShopperLink['invitation']>, site: ParticipatingSite): InvitationShown => {
    const { tabId: _tabId, ...shown } = invitation;
    return { ...shown, siteName: site.name };
  };

  async function onServerMessage(message: ShopperServerMessage): Promise<void> {
    switch (message.type) {
      case 'invitation':
        await edit(async (link) => {
          const invitation: NonNullable<ShopperLink['invitation']> = {
            engagementId: message.engagementId,
            associateName: message.associate.displayName,
            // Until it is shown on one of the enterprise's sites, which names it.
            siteName: message.enterprise?.name ?? null,
            enterpriseId: message.enterprise?.id ?? null,
            product: message.product
              ? { name: message.product.name, url: message.product.url, price: message.product.price ?? null, currency: message.product.currency ?? null }
              : null,
            expiresAt: localDeadline({ id: message.engagementId, expiresAt: message.expiresAt }, now()),
            tabId: null,
          };
          const shown = await deliver(link, invitation.enterpriseId, (site) => ({ type: 'invitation:show', invitation: shownOn(invitation, site) }));
          return { ...link, invitation: shown ? { ...invitation, siteName: shown.site.name, tabId: shown.tabId } : invitation };
        });
        return;
      case 'invitation-update':
        await hideInvitation(message.engagementId);
        return;
      case 'leave-message':
        await edit(async (link) => {
          const { opportunityId } = message;
          const enterpriseId = message.enterpriseId ?? null;
          const shown = await deliver(link, enterpriseId, (site) => ({ type: 'leave-message:show', opportunityId, siteName: site.name }));
          return { ...link, leaveMessage: { opportunityId, siteName: shown?.site.name ?? null, tabId: shown?.tabId ?? null, enterpriseId } };
        });
        return;
      case 'call':
        // Only the live engagement's host takes it (the call's number is never in it).
        await deps.onCall?.(message.engagementId, message.call);
        return;
      case 'ready':
        await deps.onReady?.();
        return;
      case 'error':
        logOnce('invitation', new Error(`the server said: ${message.code}: ${message.message}`));
        return;
      default:
        return;
    }
  }

  async function hideInvitation(engagementId: string): Promise<void> {
    await edit(async (link) => {
      if (link.invitation?.engagementId !== engagementId) return link;
      if (link.invitation.tabId !== null) await sendToTab(link.invitation.tabId, { type: 'invitation:hide', engagementId });
      return { ...link, invitation: null, asked: null };
    });
  }

  function armGapTimer(lastActivityAt: number): void {
    if (gapTimer !== null) clearTimer(gapTimer);
    gapTimer = setTimer(() => void closeIfIdle().catch((e) => logOnce('invitation', e)), Math.max(0, lastActivityAt + SESSION_GAP_MS - now()));
  }

  async function closeIfIdle(): Promise<void> {
    if (!(await needed(await shopperLinkItem.getValue()))) realtime.stop();
  }

  async function shopperToken(): Promise<string> {
    const shopper = await shopperItem.getValue();
    if (!shopper) throw new Error('Floorwalker is not registered with the shop’s server yet.');
    return shopper.token;
  }

  const answers = async () => createShopperAnswersApi({ fetch: deps.fetch, baseUrl: await backendUrlItem.getValue() });

  const handlers: MessageHandlers<RelayMessages> = {
    'invitation:answer': async ({ engagementId, accept }, sender) => {
      const { invitation } = await shopperLinkItem.getValue();
      if (invitation?.engagementId !== engagementId) throw new Error('This invitation is no longer open.');
      const answer = await (await answers()).answer(await shopperToken(), engagementId, accept);
      if (!answer.ok && answer.status !== 409) throw new Error(`Your answer could not be sent: ${answer.message}`);
      // Answered: an ask is over too (the popup offers to ask again).
      await edit((link) => (link.invitation?.engagementId === engagementId ? { ...link, invitation: null, asked: null } : link));
      if (!answer.ok) throw new Error('This invitation has lapsed.');
      const tabId = sender.tab?.id;
      // The answer stands even when the live connection cannot start here.
      if (accept && tabId !== undefined && deps.onAccepted) await deps.onAccepted(engagementId, tabId).catch((e) => logOnce('live', e));
      return { status: accept ? 'accepted' : 'declined' };
    },
    'opportunity:message': async ({ opportunityId, message, contact }) => {
      const { leaveMessage } = await shopperLinkItem.getValue();
      if (leaveMessage?.opportunityId !== opportunityId) throw new Error('This can no longer be answered.');
      const answer = await (await answers()).leaveMessage(await shopperToken(), opportunityId, contact ? { message, contact } : { message });
      if (!answer.ok) throw new Error(`Your message could not be sent: ${answer.message}`);
      await edit((link) => ({ ...link, leaveMessage: null, asked: null }));
      return { sent: true };
    },
    'opportunity:ask': async ({ url, tabId }) => {
      if (!(await mayObserve())) throw new Error('Floorwalker is off: switch it on to ask for someone.');
      const answer = await (await answers()).ask(await shopperToken(), url);
      if (!answer.ok) throw new Error(answer.code === 'no_session' || answer.code === 'already_asked' ? answer.message : `Your request could not be sent: ${answer.message}`);
      const asked = { opportunityId: answer.body.opportunityId, shopName: answer.body.enterprise.name };
      // Asking is activity: the connection opens (or stays) so the invitation arrives in this tab.
      const at = now();
      await edit((link) => ({ ...link, asked, lastActivityAt: at, tab: tabId !== undefined ? { tabId, url } : link.tab }));
      armGapTimer(at);
      realtime.ensure();
      return asked;
    },
    'opportunity:message-dismiss': async ({ opportunityId }) => {
      await edit((link) => (link.leaveMessage?.opportunityId === opportunityId ? { ...link, leaveMessage: null, asked: null } : link));
      return { dismissed: true };
    },
  };

  return {
    handlers,
    /**
     * A shop tab reported activity (events accepted from its content script): the browsing session
     * goes on, the connection is kept, and an open invitation follows the shopper to this tab.
     */
    async onShopperActivity(sender: Browser.runtime.MessageSender): Promise<void> {
      const tabId = sender.tab?.id;
      const url = sender.tab?.url ?? sender.url;
      const at = now();
      const link = await edit(async (current) => {
        const next: ShopperLink = { ...current, lastActivityAt: at, tab: tabId !== undefined && url ? { tabId, url } : current.tab };
        // A new page, or another tab: what is open is shown where the shopper is now.
        const moved = tabId !== undefined && (current.tab?.tabId !== tabId || current.tab?.url !== url);
        if (!moved) return next;
        // Only onto the inviting enterprise's own sites: on another shop it stays where it was.
        const site = next.invitation && next.invitation.expiresAt > at && url ? await siteFor(url, next.invitation.enterpriseId) : null;
        if (next.invitation && site) {
          const { tabId: shownIn, engagementId } = next.invitation;
          if (shownIn !== null && shownIn !== tabId) await sendToTab(shownIn, { type: 'invitation:hide', engagementId });
          const shown = await sendToTab(tabId, { type: 'invitation:show', invitation: shownOn(next.invitation, site) });
          next.invitation = shown ? { ...next.invitation, siteName: site.name, tabId } : { ...next.invitation, tabId: null };
        }
        const messageSite = next.leaveMessage && url ? await siteFor(url, next.leaveMessage.enterpriseId) : null;
        if (next.leaveMessage && messageSite) {
          const { tabId: shownIn, opportunityId } = next.leaveMessage;
          if (shownIn !== null && shownIn !== tabId) await sendToTab(shownIn, { type: 'leave-message:hide', opportunityId });
          const shown = await sendToTab(tabId, { type: 'leave-message:show', opportunityId, siteName: messageSite.name });
          next.leaveMessage = { ...next.leaveMessage, siteName: messageSite.name, tabId: shown ? tabId : null };
        }
        return next;
      });
      armGapTimer(at);
      if (link.lastActivityAt === at) realtime.ensure();
    },
    /** On every background start: back on line when a browsing session still lasts. */
    async start(): Promise<void> {
      // The first page view comes before the shopper is registered: connect as soon as they are
      // (and again with a new identity, after the backend forgot the old one).
      shopperItem.watch((shopper, previous) => {
        if (shopper && shopper.token !== previous?.token) void shopperLinkItem.getValue().then((link) => isLive(link) && realtime.start());
      });
      const link = await shopperLinkItem.getValue();
      if ((await needed(link)) && (await mayObserve())) {
        if (link.lastActivityAt !== null) armGapTimer(link.lastActivityAt);
        realtime.ensure();
      }
    },
    /** The periodic wake-up: closes the connection after the session gap, keeps it otherwise. */
    async onAlarm(): Promise<void> {
      const link = await shopperLinkItem.getValue();
      if (!(await needed(link)) || !(await mayObserve())) return realtime.stop();
      realtime.ensure();
    },
    /** Observation stopped (consent withdrawn, switch off, agent mode): no connection, nothing shown. */
    async stop(): Promise<void> {
      realtime.stop();
      if (gapTimer !== null) clearTimer(gapTimer);
      gapTimer = null;
      const link = await shopperLinkItem.getValue();
      if (link.invitation?.tabId != null) await sendToTab(link.invitation.tabId, { type: 'invitation:hide', engagementId: link.invitation.engagementId });
      if (link.leaveMessage?.tabId != null) await sendToTab(link.leaveMessage.tabId, { type: 'leave-message:hide', opportunityId: link.leaveMessage.opportunityId });
      await shopperLinkItem.setValue(NO_LINK);
    },
    connection: () => realtime.state(),
  };
}
export type InvitationRelay = ReturnType<typeof createInvitationRelay>;
