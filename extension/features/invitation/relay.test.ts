import type { Browser } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_GAP_MS } from '../../../shared/session';
import { dispatchMessage, type Message, type TabMessage } from '../../lib/messaging';
import { fromContentScript, fromExtensionPage, testSenderCheck } from '../../lib/testing/senders';
import { consentItem, modeItem, observingItem, shopperItem, sitesItem } from '../../lib/storage';
import { createFakeBackend, DEMO_SITES, type FakeBackend } from '../../lib/testing/fake-backend';
import { createFakeRealtime, type FakeRealtime } from '../../lib/testing/fake-realtime';
import { createInvitationRelay, shopperLinkItem } from './relay';

const T0 = Date.parse('2025-01-01T10:00:00Z');
const SHOP = 'http://localhost:4101';
let backend: FakeBackend;
let server: FakeRealtime;
let relay: ReturnType<typeof createInvitationRelay>;
/** Tabs with a content script listening, and what each got. */
let delivered: Map<number, TabMessage[]>;

const tab = (id: number, url = `${SHOP}/p/sony`) => fromContentScript(id, url);
const flush = () => vi.advanceTimersByTimeAsync(0);
const got = (tabId: number) => (delivered.get(tabId) ?? []).map((m) => m.type);
async function answer(message: Message, sender: Browser.runtime.MessageSender = tab(1)) {
  const envelope = await dispatchMessage(relay.handlers, message, sender, testSenderCheck(() => true));
  if (!envelope) throw new Error('not handled');
  return envelope;
}
const invitation = (engagementId = 'e1', change: object = {}) => ({
  type: 'invitation',
  engagementId,
  associate: { displayName: 'Ana' },
  enterprise: { id: 'enterprise_audio', name: 'Demo Audio Holdings Ltd' },
  product: { name: 'Sony WH-1000XM5', url: `${SHOP}/p/sony`, price: '399.99', currency: 'USD' },
  expiresAt: new Date(Date.now() + 120_000).toISOString(),
  ...change,
});

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
  backend = createFakeBackend();
  server = createFakeRealtime();
  delivered = new Map([
    [1, []],
    [2, []],
  ]);
  fakeBrowser.tabs.sendMessage = vi.fn(async (tabId: number, message: TabMessage) => {
    const inbox = delivered.get(tabId);
    if (!inbox) throw new Error('Could not establish connection. Receiving end does not exist.');
    inbox.push(message);
    return { ok: true };
  }) as never;
  await consentItem.setValue({ state: 'given', at: new Date(T0).toISOString() });
  await sitesItem.setValue({ backendUrl: 'http://localhost:8787', sites: DEMO_SITES, fetchedAt: T0, expiresAt: T0 + 300_000 });
  // The shopper's token, as registering at the first batch left it.
  const created = await (await backend.fetch('http://localhost:8787/api/v1/shoppers', { method: 'POST', body: '{}' })).json();
  await shopperItem.setValue({ backendUrl: 'http://localhost:8787', ...created });
  relay = createInvitationRelay({ fetch: backend.fetch, openSocket: server.open, random: () => 1 });
});
afterEach(async () => {
  await relay.stop();
  vi.useRealTimers();
});

/** The shopper is active in tab 1 and the connection is up. */
async function activeAndConnected() {
  await relay.onShopperActivity(tab(1));
  await flush();
  return server.connectLast({ type: 'ready', role: 'shopper' });
}

describe('the shopper’s connection', () => {
  it('opens with the shopper’s activity on a shop, authenticated by the first message', async () => {
    expect(server.sockets).toEqual([]);
    const socket = await activeAndConnected();
    expect(socket.url).toBe('ws://localhost:8787/api/v1/realtime');
    expect(socket.sent[0]).toEqual({ v: 1, type: 'auth', token: 'token-1' });
  });

  it.each([
    ['without consent', () => consentItem.setValue({ state: 'declined', at: new Date(T0).toISOString() })],
    ['with the switch off', () => observingItem.setValue(false)],
    ['in agent mode', () => modeItem.setValue('agent')],
    ['before the shopper is registered', () => shopperItem.setValue(null)],
  ])('stays closed %s', async (_, arrange) => {
    await arrange();
    await relay.onShopperActivity(tab(1));
    await flush();
    expect(server.sockets).toEqual([]);
  });

  it('connects as soon as the shopper is registered, when the first activity came before', async () => {
    await shopperItem.setValue(null);
    await relay.start();
    await relay.onShopperActivity(tab(1));
    await flush();
    expect(server.sockets).toEqual([]);
    await shopperItem.setValue({ backendUrl: 'http://localhost:8787', shopperId: 'shopper-1', token: 'token-1', createdAt: new Date(T0).toISOString() });
    await flush();
    expect(server.sockets).toHaveLength(1);
  });

  it('closes once the session gap has passed without activity, and opens again with new activity', async () => {
    await activeAndConnected();
    await vi.advanceTimersByTimeAsync(SESSION_GAP_MS - 1_000);
    await relay.onShopperActivity(tab(1)); // still browsing: the gap starts over
    await vi.advanceTimersByTimeAsync(SESSION_GAP_MS - 1_000);
    // (The fake server never pings, so the client keeps reconnecting meanwhile: it is kept up, not off.)
    expect(relay.connection().status).not.toBe('off');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(relay.connection().status).toBe('off');
    expect(server.live()).toEqual([]);
    await relay.onShopperActivity(tab(1));
    await flush();
    expect(server.live()).toHaveLength(1);
  });

  it('a restarted background reconnects while the browsing session lasts, not after the gap', async () => {
    await activeAndConnected();
    const restarted = createInvitationRelay({ fetch: backend.fetch, openSocket: server.open });
    await restarted.start();
    await flush();
    expect(server.sockets).toHaveLength(2);
    restarted.stop();
    vi.setSystemTime(T0 + SESSION_GAP_MS);
    const later = createInvitationRelay({ fetch: backend.fetch, openSocket: server.open });
    await later.start();
    await flush();
    expect(server.sockets).toHaveLength(2);
  });

  it('the wake alarm closes it when observation stopped meanwhile', async () => {
    const socket = await activeAndConnected();
    await observingItem.setValue(false);
    await relay.onAlarm();
    expect(socket.closed).not.toBeNull();
  });
});

describe('an invitation', () => {
  it('shows at once in the tab the shopper was last active in, named after the shop', async () => {
    const socket = await activeAndConnected();
    socket.push(invitation());
    await flush();
    expect(delivered.get(1)).toEqual([
      {
        type: 'invitation:show',
        invitation: {
          engagementId: 'e1',
          associateName: 'Ana',
          siteName: 'Demo Audio',
          enterpriseId: 'enterprise_audio',
          product: { name: 'Sony WH-1000XM5', url: `${SHOP}/p/sony`, price: '399.99', currency: 'USD' },
          expiresAt: T0 + 120_000,
        },
      },
    ]);
    expect(got(2)).toEqual([]);
  });

  it('names the shop the shopper is on, not the company, with or without the enterprise’s name', async () => {
    const socket = await activeAndConnected();
    socket.push(invitation('e1'));
    socket.push(invitation('e2', { enterprise: null }));
    await flush();
    expect(delivered.get(1)!.map((m) => (m as Extract<TabMessage, { type: 'invitation:show' }>).invitation.siteName)).toEqual(['Demo Audio', 'Demo Audio']);
  });

  it('follows the shopper to another tab or a new page', async () => {
    const socket = await activeAndConnected();
    socket.push(invitation());
    await flush();
    await relay.onShopperActivity(tab(2));
    expect(got(1)).toEqual(['invitation:show', 'invitation:hide']);
    expect(got(2)).toEqual(['invitation:show']);
    await relay.onShopperActivity(tab(2)); // a heartbeat on the same page: nothing new
    await relay.onShopperActivity(tab(2, `${SHOP}/p/other`));
    expect(got(2)).toEqual(['invitation:show', 'invitation:show']);
  });

  it('goes to another shop tab when the last one is gone', async () => {
    await fakeBrowser.tabs.create({ url: `${SHOP}/p/sony` }); // id 1 in fakeBrowser's list: a shop tab
    await relay.onShopperActivity(tab(7)); // a tab that closed since
    await flush();
    server.connectLast({ type: 'ready', role: 'shopper' }).push(invitation());
    await flush();
    expect((await shopperLinkItem.getValue()).invitation?.tabId).not.toBe(7);
    expect([...delivered.values()].flat().map((m) => m.type)).toEqual(['invitation:show']);
  });

  it('the shopper’s yes is sent with their token, and the invitation is closed', async () => {
    const socket = await activeAndConnected();
    socket.push(invitation());
    await flush();
    expect(await answer({ type: 'invitation:answer', engagementId: 'e1', accept: true })).toEqual({ ok: true, value: { status: 'accepted' } });
    expect(backend.requestsTo('/api/v1/engagements/e1/answer').map((r) => [r.token, r.body])).toEqual([['token-1', { accept: true }]]);
    expect((await shopperLinkItem.getValue()).invitation).toBeNull();
  });

  it('a yes starts the live engagement in the tab that answered; a no does not', async () => {
    const started: [string, number][] = [];
    await relay.stop();
    relay = createInvitationRelay({ fetch: backend.fetch, openSocket: server.open, random: () => 1, onAccepted: async (id, tabId) => void started.push([id, tabId]) });
    let socket = await activeAndConnected();
    socket.push(invitation());
    await flush();
    await answer({ type: 'invitation:answer', engagementId: 'e1', accept: false }, tab(2));
    expect(started).toEqual([]);
    socket = server.connectLast({ type: 'ready', role: 'shopper' });
    socket.push(invitation('e2'));
    await flush();
    expect(await answer({ type: 'invitation:answer', engagementId: 'e2', accept: true }, tab(2))).toEqual({ ok: true, value: { status: 'accepted' } });
    expect(started).toEqual([['e2', 2]]);
  });

  it('only the open invitation can be answered', async () => {
    await activeAndConnected();
    expect(await answer({ type: 'invitation:answer', engagementId: 'e9', accept: true })).toEqual({ ok: false, error: 'This invitation is no longer open.' });
    expect(backend.requestsTo(/answer$/)).toEqual([]);
  });

  it('a failed answer says why and keeps the invitation open', async () => {
    const socket = await activeAndConnected();
    socket.push(invitation());
    await flush();
    backend.next('/api/v1/engagements/e1/answer', 'network-error');
    const envelope = await answer({ type: 'invitation:answer', engagementId: 'e1', accept: false });
    expect(envelope).toMatchObject({ ok: false, error: expect.stringMatching(/^Your answer could not be sent: The backend at .* could not be reached/) });
    expect((await shopperLinkItem.getValue()).invitation?.engagementId).toBe('e1');
  });

  it('an invitation that ended elsewhere (expired, withdrawn) leaves the page', async () => {
    const socket = await activeAndConnected();
    socket.push(invitation());
    socket.push({ type: 'invitation-update', engagementId: 'e1', status: 'expired' });
    await flush();
    expect(got(1)).toEqual(['invitation:show', 'invitation:hide']);
    expect((await shopperLinkItem.getValue()).invitation).toBeNull();
  });

  it('stopping (consent withdrawn, agent mode) closes the connection and takes the card off the page', async () => {
    const socket = await activeAndConnected();
    socket.push(invitation());
    await flush();
    await relay.stop();
    expect(socket.closed).not.toBeNull();
    expect(got(1)).toEqual(['invitation:show', 'invitation:hide']);
    expect(await shopperLinkItem.getValue()).toEqual({ tab: null, lastActivityAt: null, invitation: null, leaveMessage: null, asked: null });
  });
});

describe('an invitation stays on the inviting enterprise’s own sites', () => {
  const OUTLET = 'http://localhost:4102';
  const OTHER_SHOP = 'http://shop.example';
  const shownIn = (tabId: number) =>
    (delivered.get(tabId) ?? []).filter((m) => m.type === 'invitation:show').map((m) => (m as Extract<TabMessage, { type: 'invitation:show' }>).invitation.siteName);
  beforeEach(async () => {
    // Enterprise A (Demo Audio) has two shops; B (Example Shop) is another participating enterprise.
    const sites = [...DEMO_SITES, { id: 'site_3', enterpriseId: 'enterprise_audio', domain: 'localhost:4102', name: 'Demo Audio Outlet', adapter: null }];
    await sitesItem.setValue({ backendUrl: 'http://localhost:8787', sites, fetchedAt: T0, expiresAt: T0 + 300_000 });
    delivered.set(3, []);
    delivered.set(4, []);
  });
  /** The browser's tabs: 2 on B's shop, 3 on A's outlet, 4 on a site that does not participate. */
  function openTabs(...tabs: [number, string, boolean][]) {
    fakeBrowser.tabs.query = vi.fn(async () => tabs.map(([id, url, active]) => ({ id, url, active, lastAccessed: id }))) as never;
  }

  it('is not shown on another enterprise’s shop nor on a site that does not participate; it is on the enterprise’s other shop', async () => {
    openTabs([2, `${OTHER_SHOP}/p/1`, true], [4, 'http://elsewhere.example/', false], [3, `${OUTLET}/p/sony`, false]);
    await relay.onShopperActivity(tab(2, `${OTHER_SHOP}/p/1`)); // last active on B's shop
    await flush();
    server.connectLast({ type: 'ready', role: 'shopper' }).push(invitation());
    await flush();
    expect(got(2)).toEqual([]);
    expect(got(4)).toEqual([]);
    expect(shownIn(3)).toEqual(['Demo Audio Outlet']); // A's other shop, named after it
    expect((await shopperLinkItem.getValue()).invitation).toMatchObject({ tabId: 3, siteName: 'Demo Audio Outlet' });
  });

  it('so does the offer to leave a message', async () => {
    openTabs([2, `${OTHER_SHOP}/p/1`, true]);
    await relay.onShopperActivity(tab(2, `${OTHER_SHOP}/p/1`));
    await flush();
    server.connectLast({ type: 'ready', role: 'shopper' }).push({ type: 'leave-message', opportunityId: 'op1', enterpriseId: 'enterprise_audio', reason: 'nobody_accepted' });
    await flush();
    expect(got(2)).toEqual([]);
    await relay.onShopperActivity(tab(3, `${OUTLET}/p/sony`));
    expect(delivered.get(3)).toEqual([{ type: 'leave-message:show', opportunityId: 'op1', siteName: 'Demo Audio Outlet' }]);
    await relay.onShopperActivity(tab(2, `${OTHER_SHOP}/p/2`));
    expect(got(2)).toEqual([]);
  });

  it('waits when no tab is on the enterprise’s sites, and follows the shopper onto them, not off them', async () => {
    openTabs([2, `${OTHER_SHOP}/p/1`, true]);
    await relay.onShopperActivity(tab(2, `${OTHER_SHOP}/p/1`));
    await flush();
    server.connectLast({ type: 'ready', role: 'shopper' }).push(invitation());
    await flush();
    expect([...delivered.values()].flat()).toEqual([]);
    expect((await shopperLinkItem.getValue()).invitation?.tabId).toBeNull();
    await relay.onShopperActivity(tab(3, `${OUTLET}/p/sony`));
    expect(shownIn(3)).toEqual(['Demo Audio Outlet']);
    await relay.onShopperActivity(tab(2, `${OTHER_SHOP}/p/2`)); // to B's shop: it stays where it is
    await relay.onShopperActivity(tab(4, 'http://elsewhere.example/'));
    expect(got(2)).toEqual([]);
    expect(got(4)).toEqual([]);
    expect(got(3)).toEqual(['invitation:show']);
    await relay.onShopperActivity(tab(1)); // A's first shop: it moves there, named after it
    expect(got(3)).toEqual(['invitation:show', 'invitation:hide']);
    expect(shownIn(1)).toEqual(['Demo Audio']);
  });
});

describe('when nobody could help', () => {
  it('offers to leave a message, and sends it with the shopper’s token', async () => {
    const socket = await activeAndConnected();
    socket.push({ type: 'leave-message', opportunityId: 'op1', reason: 'nobody_accepted' });
    await flush();
    expect(delivered.get(1)).toEqual([{ type: 'leave-message:show', opportunityId: 'op1', siteName: 'Demo Audio' }]);
    expect(await answer({ type: 'opportunity:message', opportunityId: 'op1', message: 'Call me about the XM5', contact: 'me@example.com' })).toEqual({
      ok: true,
      value: { sent: true },
    });
    expect(backend.requestsTo('/api/v1/opportunities/op1/message').map((r) => [r.token, r.body])).toEqual([
      ['token-1', { message: 'Call me about the XM5', contact: 'me@example.com' }],
    ]);
    expect((await shopperLinkItem.getValue()).leaveMessage).toBeNull();
  });

  it('"not now" forgets it', async () => {
    const socket = await activeAndConnected();
    socket.push({ type: 'leave-message', opportunityId: 'op1', reason: 'nobody_accepted' });
    await flush();
    expect(await answer({ type: 'opportunity:message-dismiss', opportunityId: 'op1' })).toEqual({ ok: true, value: { dismissed: true } });
    expect(await answer({ type: 'opportunity:message', opportunityId: 'op1', message: 'late' })).toEqual({ ok: false, error: 'This can no longer be answered.' });
  });

  it('asking for someone (the popup) opens the connection at once and keeps the ask until it is answered', async () => {
    expect(server.sockets).toEqual([]);
    const asked = await answer({ type: 'opportunity:ask', url: `${SHOP}/p/sony`, tabId: 1 }, fromExtensionPage());
    expect(asked).toEqual({ ok: true, value: { opportunityId: 'asked-1', shopName: 'Demo Audio Co.' } });
    expect(backend.requestsTo('/api/v1/opportunities/ask').map((r) => [r.token, r.body])).toEqual([['token-1', { url: `${SHOP}/p/sony` }]]);
    await flush();
    const socket = server.connectLast({ type: 'ready', role: 'shopper' });
    expect((await shopperLinkItem.getValue()).asked).toEqual({ opportunityId: 'asked-1', shopName: 'Demo Audio Co.' });
    // Nobody was free: the page offers to leave a message; sending it ends the ask.
    (await socket).push({ type: 'leave-message', opportunityId: 'asked-1', reason: 'no_eligible_associates' });
    await flush();
    expect(got(1)).toEqual(['leave-message:show']);
    await answer({ type: 'opportunity:message', opportunityId: 'asked-1', message: 'Call me' });
    expect((await shopperLinkItem.getValue()).asked).toBeNull();
  });

  it('asking is refused while Floorwalker is off', async () => {
    await observingItem.setValue(false);
    expect(await answer({ type: 'opportunity:ask', url: `${SHOP}/p/sony` }, fromExtensionPage())).toEqual({ ok: false, error: 'Floorwalker is off: switch it on to ask for someone.' });
    expect(backend.requestsTo('/api/v1/opportunities/ask')).toEqual([]);
  });
});

describe('a live engagement’s phone call', () => {
  const call = (engagementId = 'e1') => ({
    callId: 'call-1',
    engagementId,
    direction: 'click-to-call',
    associateVia: 'phone',
    state: 'connected',
    outcome: null,
    startedAt: new Date(T0).toISOString(),
    connectedAt: new Date(T0).toISOString(),
    endedAt: null,
    talkSeconds: null,
    legs: [],
  });

  async function withLive(live: { value: boolean }) {
    await relay.stop();
    const calls: unknown[] = [];
    let ready = 0;
    relay = createInvitationRelay({
      fetch: backend.fetch,
      openSocket: server.open,
      random: () => 1,
      onCall: async (engagementId, pushed) => void calls.push([engagementId, pushed.callId, pushed.state]),
      onReady: async () => void ready++,
      keepOpen: async () => live.value,
    });
    return { calls, ready: () => ready };
  }

  it('goes to the live engagement, and each (re)connection says pushes may have been missed', async () => {
    const seen = await withLive({ value: true });
    const socket = await activeAndConnected();
    await flush();
    expect(seen.ready()).toBe(1);
    socket.push({ type: 'call', engagementId: 'e1', call: call() });
    await flush();
    expect(seen.calls).toEqual([['e1', 'call-1', 'connected']]);
    // Nothing of it is shown in a tab by the relay itself.
    expect(got(1)).toEqual([]);
  });

  it('keeps the connection past the session gap while a live engagement goes on, and lets it go after', async () => {
    const live = { value: true };
    await withLive(live);
    await activeAndConnected();
    await vi.advanceTimersByTimeAsync(SESSION_GAP_MS + 1_000);
    expect(relay.connection().status).not.toBe('off');
    live.value = false;
    await relay.onAlarm();
    expect(relay.connection().status).toBe('off');
  });
});
