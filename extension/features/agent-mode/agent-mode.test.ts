import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OfferView } from '../../../shared/realtime';
import { consoleContextsItem, newPushes, phonePushesItem, practicesChangedItem } from '../live-console/console-context';
import { dispatchMessage, type Message } from '../../lib/messaging';
import { testSenderCheck, usualSender } from '../../lib/testing/senders';
import { backendUrlItem, consentItem, modeItem } from '../../lib/storage';
import { createFakeBackend, DEMO_ASSOCIATE, type FakeBackend, fakeEngagement } from '../../lib/testing/fake-backend';
import { createFakeRealtime, type FakeRealtime } from '../../lib/testing/fake-realtime';
import { mayObserve } from '../consent/consent';
import { admissionsItem, agentItem, agentLinkItem, boardItem } from '../agent-sign-in/agent-state';
import { AGENT_ALARM, createAgentMode } from './agent-mode';
import type { OfferNotifier } from './offer-notifications';
import type { Surfaces } from './surfaces';

let backend: FakeBackend;
let server: FakeRealtime;
let agent: ReturnType<typeof createAgentMode>;
let surfaces: { applied: string[]; opened: number; failOpen: boolean } & Surfaces;
let shown: { offerId: string; title: string; message: string; assigned: boolean; silent: boolean }[];
let cleared: string[];
let modeChanges: string[];

const T0 = Date.parse('2025-01-01T10:00:00Z');

async function reply(message: Message) {
  const envelope = await dispatchMessage(agent.handlers, message, usualSender(message), testSenderCheck());
  if (!envelope?.ok) throw new Error(envelope?.error ?? 'no answer');
  return envelope.value as Record<string, unknown>;
}
async function failure(message: Message): Promise<string> {
  const envelope = await dispatchMessage(agent.handlers, message, usualSender(message), testSenderCheck());
  if (envelope?.ok !== false) throw new Error(`expected a failure, got ${JSON.stringify(envelope)}`);
  return envelope.error;
}
const signIn = () => reply({ type: 'agent:sign-in', email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password });
const flush = () => vi.advanceTimersByTimeAsync(0);

function offerView(id: string, change: Partial<OfferView> = {}): OfferView {
  return {
    id,
    opportunityId: `opportunity-of-${id}`,
    priority: 'may',
    offeredAt: new Date(Date.now()).toISOString(),
    expiresAt: new Date(Date.now() + 15_000).toISOString(),
    score: 0.82,
    reasons: [
      { rule: 'accreditation', part: 0.8, weight: 2 },
      { rule: 'available_now', part: 1, weight: 0 },
    ],
    signals: [{ conditionId: 'dwell', description: 'Lingers on an expensive product', points: 3 }],
    wave: 1,
    colleagues: 1,
    segment: { category: ['Audio', 'Headphones'], minLevel: 2 },
    needs: [],
    session: {
      site: 'localhost:4101',
      products: [{ name: 'Sony WH-1000XM5', url: 'http://localhost:4101/p/sony', price: '399.99', currency: 'USD', dwellMs: 180_000, views: 2 }],
      searches: ['headphones'],
      cart: { lines: 0, value: '0', currency: null },
      customer: null,
      returning: false,
      customerClaim: null,
    },
    ...change,
  };
}

/** Signed in, connected and ready: the state most tests start from. */
async function connected() {
  await reply({ type: 'mode:set', mode: 'agent' });
  await signIn();
  await flush();
  const socket = server.connectLast();
  await flush(); // the profile read that follows `ready`
  return socket;
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
  backend = createFakeBackend();
  server = createFakeRealtime();
  shown = [];
  cleared = [];
  modeChanges = [];
  surfaces = {
    applied: [],
    opened: 0,
    failOpen: false,
    panelOnAction: true,
    async apply(mode) {
      surfaces.applied.push(mode);
    },
    async openPanel() {
      if (surfaces.failOpen) throw new Error('`sidePanel.open()` may only be called in response to a user gesture.');
      surfaces.opened += 1;
    },
  };
  const notifier: OfferNotifier = {
    async show(offerId, content) {
      shown.push({ offerId, ...content });
      return true;
    },
    async clear(offerId) {
      cleared.push(offerId);
    },
  };
  agent = createAgentMode({
    fetch: backend.fetch,
    openSocket: server.open,
    surfaces,
    notifier,
    onModeChanged: async (mode) => void modeChanges.push(mode),
    random: () => 1,
    locale: () => 'en-US',
  });
});
afterEach(async () => {
  await reply({ type: 'mode:set', mode: 'shopper' }); // closes the connection and its timers
  vi.useRealTimers();
});

describe('the mode switch', () => {
  it('agent mode: stops observation (even with consent), the toolbar button opens the panel, the wake alarm runs', async () => {
    await consentItem.setValue({ state: 'given', at: '2025-01-01T09:00:00.000Z' });
    expect(await mayObserve()).toBe(true);
    expect(await reply({ type: 'mode:set', mode: 'agent' })).toEqual({ mode: 'agent' });
    expect(await modeItem.getValue()).toBe('agent');
    expect(await mayObserve()).toBe(false);
    expect(modeChanges).toEqual(['agent']);
    expect(surfaces.applied).toEqual(['agent']);
    expect(await fakeBrowser.alarms.get(AGENT_ALARM)).toMatchObject({ periodInMinutes: 0.5 });
  });

  it('back to shopper mode: signs out (the token revoked), observes again, the popup is back', async () => {
    await connected();
    expect(await reply({ type: 'mode:set', mode: 'shopper' })).toEqual({ mode: 'shopper' });
    expect(await agentItem.getValue()).toBeNull();
    expect(backend.requestsTo('/api/v1/associates/sign-out')).toHaveLength(1);
    expect(server.live()).toEqual([]);
    expect(modeChanges).toEqual(['agent', 'shopper']);
    expect(surfaces.applied.at(-1)).toBe('shopper');
    expect(await fakeBrowser.alarms.get(AGENT_ALARM)).toBeUndefined();
  });

  it('start applies the stored mode and reconnects a signed-in associate (a restarted service worker)', async () => {
    await connected();
    await agent.start();
    await flush();
    expect(surfaces.applied.at(-1)).toBe('agent');
    expect(server.sockets).toHaveLength(2);
  });
});

describe('signing in', () => {
  it('is refused outside agent mode', async () => {
    expect(await failure({ type: 'agent:sign-in', email: 'a@b.c', password: 'x' })).toBe('Switch to agent mode first.');
    expect(backend.requests).toEqual([]);
  });

  it('keeps the token in session storage (not storage.local) and connects with it as the first message, never in the URL', async () => {
    await reply({ type: 'mode:set', mode: 'agent' });
    await backendUrlItem.setValue('http://127.0.0.1:9000');
    expect(await signIn()).toEqual({ displayName: 'Ana' });
    const saved = await agentItem.getValue();
    expect(saved).toMatchObject({ backendUrl: 'http://127.0.0.1:9000', token: 'fwa_1', associate: { displayName: 'Ana', presence: 'available' } });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('fwa_1');
    expect(await fakeBrowser.storage.session.get('agent')).toMatchObject({ agent: { token: 'fwa_1' } });
    await flush();
    const socket = server.connectLast();
    expect(socket.url).toBe('ws://127.0.0.1:9000/api/v1/realtime');
    expect(socket.sent[0]).toEqual({ v: 1, type: 'auth', token: 'fwa_1' });
    await flush();
    expect((await agentLinkItem.getValue()).connection.status).toBe('ready');
  });

  it.each([
    ['wrong credentials', () => undefined, { email: DEMO_ASSOCIATE.email, password: 'wrong' }, 'Wrong email or password.'],
    [
      'the backend unreachable',
      (b: FakeBackend) => b.next('/api/v1/associates/sign-in', 'network-error'),
      { email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password },
      'The Floorwalker server at http://localhost:8787 could not be reached. Check the server address under Advanced, or try again in a moment.',
    ],
    [
      'rate limited',
      (b: FakeBackend) =>
        b.next('/api/v1/associates/sign-in', b.json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'retry-after': '30' })),
      { email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password },
      'Too many sign-in attempts. Try again in 30 s.',
    ],
    [
      'a server error',
      (b: FakeBackend) => b.next('/api/v1/associates/sign-in', b.json(500, { error: { code: 'internal', message: 'Something broke.' } })),
      { email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password },
      'The server could not sign you in (500): Something broke.',
    ],
  ])('says why it failed: %s', async (_, arrange, credentials, message) => {
    await reply({ type: 'mode:set', mode: 'agent' });
    arrange(backend);
    expect(await failure({ type: 'agent:sign-in', ...credentials })).toBe(message);
    expect(await agentItem.getValue()).toBeNull();
    await flush();
    expect(server.sockets).toEqual([]);
  });

  it('signing out revokes the token, closes the connection and clears the board', async () => {
    await connected();
    server.last().push({ type: 'offer', offer: offerView('o1') });
    await flush();
    expect(await reply({ type: 'agent:sign-out' })).toEqual({ signedOut: true });
    expect(backend.requestsTo('/api/v1/associates/sign-out').map((r) => r.token)).toEqual(['fwa_1']);
    expect(server.live()).toEqual([]);
    expect((await boardItem.getValue()).offers).toEqual([]);
    expect(await agentItem.getValue()).toBeNull();
  });

  it('a token the server refuses (close 4401) is forgotten here, with a notice, and nothing reconnects', async () => {
    await connected();
    server.last().drop(4401, 'signed out');
    await flush();
    expect(await agentItem.getValue()).toBeNull();
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain('fwa_1');
    expect((await agentLinkItem.getValue()).notice).toBe('You were signed out (password changed, signed out elsewhere, or your session expired).');
    expect((await agentLinkItem.getValue()).connection.status).toBe('off');
    // Neither the retry timers nor the wake alarm open another socket.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await agent.onAlarm(AGENT_ALARM);
    await flush();
    expect(server.sockets).toHaveLength(1);
  });

  it('too many sockets (close 4429): stays signed in, says why, and waits at least 30 s before trying again', async () => {
    await connected();
    server.last().drop(4429, 'too many sockets for this token');
    await flush();
    expect(await agentItem.getValue()).not.toBeNull();
    expect((await agentLinkItem.getValue()).connection).toMatchObject({ status: 'waiting', crowded: true, error: expect.stringMatching(/^Too many Floorwalker connections are open/) });
    await vi.advanceTimersByTimeAsync(29_000);
    await agent.onAlarm(AGENT_ALARM); // the wake alarm does not cut the wait short
    expect(server.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.sockets).toHaveLength(2);
  });

  it('the wake alarm signs out an expired sign-in and otherwise keeps the connection up', async () => {
    await connected();
    server.last().drop(1006);
    await agent.onAlarm(AGENT_ALARM);
    expect(server.sockets).toHaveLength(1); // waiting for its retry, not doubled
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.sockets).toHaveLength(2);
    vi.setSystemTime(T0 + 13 * 3600_000);
    await agent.onAlarm(AGENT_ALARM);
    expect(await agentItem.getValue()).toBeNull();
  });
});

describe('presence', () => {
  it('available / away goes to the server and shows what it took', async () => {
    await connected();
    expect(await reply({ type: 'agent:presence', presence: 'away' })).toEqual({ presence: 'away' });
    expect(backend.requestsTo('/api/v1/associates/me').map((r) => [r.method, r.body])).toEqual([
      ['GET', undefined], // once connected: the profile as it is now
      ['PATCH', { presence: 'away' }],
    ]);
    expect((await agentItem.getValue())!.associate.presence).toBe('away');
  });

  it('the server setting the associate away (missed offers) shows with its reason', async () => {
    const socket = await connected();
    socket.push({ type: 'presence', presence: 'away', reason: 'missed_offers' });
    await flush();
    expect((await agentItem.getValue())!.associate).toMatchObject({ presence: 'away', presenceReason: 'missed_offers' });
  });

  it('a failure is shown, not swallowed; an expired token signs out', async () => {
    await connected();
    backend.next('/api/v1/associates/me', backend.json(503, { error: { code: 'unavailable', message: 'Down for maintenance.' } }));
    expect(await failure({ type: 'agent:presence', presence: 'away' })).toBe('Down for maintenance.');
    backend.forgetTokens();
    expect(await failure({ type: 'agent:presence', presence: 'away' })).toMatch(/^You were signed out/);
    expect(await agentItem.getValue()).toBeNull();
  });

  it('refuses while signed out', async () => {
    await reply({ type: 'mode:set', mode: 'agent' });
    expect(await failure({ type: 'agent:presence', presence: 'away' })).toMatch(/signed out/);
  });
});

describe('offers', () => {
  it('an offer lands on the board with a notification; a reconnect’s resend notifies once', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    socket.push({ type: 'offer', offer: offerView('o1') });
    await flush();
    const board = await boardItem.getValue();
    expect(board.offers.map((o) => [o.offer.id, o.phase, o.deadline])).toEqual([['o1', 'open', T0 + 15_000]]);
    expect(shown).toEqual([
      { offerId: 'o1', title: 'New offer: Sony WH-1000XM5', message: '$399.99 · looked at it for 3 min · match 82%', assigned: false, silent: true },
    ]);
  });

  it('the notification has a sound only when the associate asked for one', async () => {
    const socket = await connected();
    const saved = (await agentItem.getValue())!;
    await agentItem.setValue({ ...saved, associate: { ...saved.associate, contact: { ...saved.associate.contact, sound: true } } });
    socket.push({ type: 'offer', offer: offerView('o1') });
    await flush();
    await agentItem.setValue({ ...saved, associate: { ...saved.associate, contact: { ...saved.associate.contact, sound: false } } });
    socket.push({ type: 'offer', offer: offerView('o2') });
    await flush();
    expect(shown.map((s) => [s.offerId, s.silent])).toEqual([
      ['o1', false],
      ['o2', true],
    ]);
  });

  it('the notification says which channel the opportunity expects', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1', { needs: ['voice'] }) });
    await flush();
    expect(shown.map((s) => s.message)).toEqual(['Expects a voice call · $399.99 · looked at it for 3 min · match 82%']);
  });

  it('a must-contact offer notifies as assigned; no notification when the associate turned them off', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1', { priority: 'must' }) });
    await flush();
    expect(shown.map((s) => [s.title, s.assigned])).toEqual([['Assigned to you: Sony WH-1000XM5', true]]);
    expect(await reply({ type: 'agent:notify', on: false })).toEqual({ notify: false });
    socket.push({ type: 'offer', offer: offerView('o2') });
    await flush();
    expect(shown).toHaveLength(1);
    expect((await boardItem.getValue()).offers).toHaveLength(2);
  });

  it('accepting: won, the engagement shows at once and follows its pushes; the notification cleared', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    await flush();
    expect(await reply({ type: 'offer:accept', offerId: 'o1' })).toEqual({ outcome: 'won', engagementId: 'engagement-of-o1' });
    const board = await boardItem.getValue();
    expect(board.offers[0]).toMatchObject({ phase: 'won', engagementId: 'engagement-of-o1' });
    expect(board.engagements.map((e) => [e.id, e.status])).toEqual([['engagement-of-o1', 'invited']]);
    expect(cleared).toContain('o1');
    socket.push({ type: 'engagement', engagement: fakeEngagement('engagement-of-o1', 'opportunity-of-o1', 'accepted') });
    await flush();
    expect((await boardItem.getValue()).engagements.map((e) => [e.id, e.status])).toEqual([['engagement-of-o1', 'accepted']]);
  });

  it('keeps what the offer said of the shopper for the console, apart from the board', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    await flush();
    await reply({ type: 'offer:accept', offerId: 'o1' });
    socket.push({ type: 'engagement', engagement: fakeEngagement('engagement-of-o1', 'opportunity-of-o1', 'accepted') });
    await flush();
    // The board drops the won offer a few seconds later; the console's copy stays (storage.session).
    await boardItem.setValue({ offers: [], engagements: [] });
    const kept = (await consoleContextsItem.getValue())['engagement-of-o1']!;
    expect(kept.offer).toEqual(offerView('o1'));
    expect(kept.engagement?.status).toBe('accepted');
  });

  it('relays the backend’s word that an engagement’s practices changed to its console', async () => {
    const socket = await connected();
    socket.push({ type: 'practices', engagementId: 'e1' });
    await flush();
    expect(await practicesChangedItem.getValue()).toMatchObject({ engagementId: 'e1' });
  });

  it('relays the telephone of an engagement (call, text, shopper-phone) to its console, in order', async () => {
    const socket = await connected();
    const call = { callId: 'c1', engagementId: 'e1', direction: 'click-to-call', associateVia: 'phone', state: 'connected', outcome: null, startedAt: '2026-03-01T12:00:00Z', connectedAt: '2026-03-01T12:00:20Z', endedAt: null, talkSeconds: null, legs: [] };
    const text = { textId: 't1', direction: 'in', body: 'Thanks', status: 'received', errorCode: null, sentAt: '2026-03-01T12:01:00Z', updatedAt: '2026-03-01T12:01:00Z' };
    socket.push({ type: 'shopper-phone', engagementId: 'e1', given: true });
    socket.push({ type: 'call', engagementId: 'e1', call });
    socket.push({ type: 'text', engagementId: 'e2', text });
    await flush();
    const pushes = await phonePushesItem.getValue();
    expect(pushes.map((p) => [p.seq, p.engagementId, p.push.type])).toEqual([
      [1, 'e1', 'shopper-phone'],
      [2, 'e1', 'call'],
      [3, 'e2', 'text'],
    ]);
    expect(newPushes(pushes, 'e1', 1)).toEqual({ pushes: [{ type: 'call', call }], last: 3 });
  });

  it('opens the live console by itself once the shopper accepts, once per engagement', async () => {
    const socket = await connected();
    socket.push({ type: 'engagement', engagement: fakeEngagement('e1', 'opportunity-1', 'invited') });
    await flush();
    const consoles = async () => (await fakeBrowser.tabs.query({})).map((t) => t.url).filter((u) => u?.includes('/live.html'));
    expect(await consoles()).toEqual([]);
    socket.push({ type: 'engagement', engagement: fakeEngagement('e1', 'opportunity-1', 'accepted') });
    await flush();
    socket.push({ type: 'engagement', engagement: fakeEngagement('e1', 'opportunity-1', 'accepted') });
    await flush();
    expect(await consoles()).toEqual(['chrome-extension://test-extension-id/live.html?engagement=e1']);
  });

  it('accepting one a colleague took first: "taken", shown at once, gone a few seconds later', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    await flush();
    backend.next('/api/v1/offers/o1/accept', backend.json(409, { error: { code: 'offer_taken', message: 'A colleague took this shopper.' } }));
    expect(await reply({ type: 'offer:accept', offerId: 'o1' })).toEqual({ outcome: 'taken', message: 'A colleague took this shopper.' });
    expect((await boardItem.getValue()).offers[0]).toMatchObject({ phase: 'taken', note: 'Taken by a colleague' });
    vi.setSystemTime(T0 + 5_000);
    await agent.onAlarm(AGENT_ALARM);
    expect((await boardItem.getValue()).offers).toEqual([]);
  });

  it('"taken" pushed by the server ends the offer at once', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    socket.push({ type: 'offer-update', offerId: 'o1', status: 'withdrawn', reason: 'taken' });
    await flush();
    expect((await boardItem.getValue()).offers[0]).toMatchObject({ phase: 'taken' });
    expect(cleared).toEqual(['o1']);
  });

  it('an accept that fails (network) reopens the offer and says why', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    await flush();
    backend.next('/api/v1/offers/o1/accept', 'network-error');
    expect(await failure({ type: 'offer:accept', offerId: 'o1' })).toMatch(/^The offer could not be accepted: The backend at .* could not be reached/);
    expect((await boardItem.getValue()).offers[0]).toMatchObject({ phase: 'open' });
  });

  it('declining, and "decline and go away"', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    socket.push({ type: 'offer', offer: offerView('o2') });
    await flush();
    expect(await reply({ type: 'offer:decline', offerId: 'o1', goAway: false })).toEqual({ declined: true });
    expect(await reply({ type: 'offer:decline', offerId: 'o2', goAway: true })).toEqual({ declined: true });
    expect(backend.requestsTo(/decline$/).map((r) => [r.path, r.body])).toEqual([
      ['/api/v1/offers/o1/decline', { goAway: false }],
      ['/api/v1/offers/o2/decline', { goAway: true }],
    ]);
    expect((await boardItem.getValue()).offers.map((o) => o.phase)).toEqual(['declined', 'declined']);
    expect((await agentItem.getValue())!.associate.presence).toBe('away');
  });

  it('dismissing an ended offer removes it at once', async () => {
    const socket = await connected();
    socket.push({ type: 'offer', offer: offerView('o1') });
    socket.push({ type: 'offer-update', offerId: 'o1', status: 'expired' });
    await flush();
    expect(await reply({ type: 'offer:dismiss', offerId: 'o1' })).toEqual({ dismissed: true });
    expect((await boardItem.getValue()).offers).toEqual([]);
  });
});

describe('clicking an offer’s notification', () => {
  it('opens the panel', async () => {
    await agent.onNotificationClicked('floorwalker-offer:o1');
    expect(surfaces.opened).toBe(1);
    expect(cleared).toEqual(['o1']);
  });

  it('opens the panel in a tab where the browser does not allow it from a notification', async () => {
    surfaces.failOpen = true;
    await agent.onNotificationClicked('floorwalker-offer:o1');
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('chrome-extension://test-extension-id/sidepanel.html');
  });

  it('ignores other notifications', async () => {
    await agent.onNotificationClicked('something-else');
    expect(surfaces.opened).toBe(0);
  });

  it('messages left: read and stepped with the associate’s token; a colleague’s take is said as the server says it', async () => {
    await connected();
    expect(await reply({ type: 'messages:list' })).toEqual({ messages: [] });
    expect(await failure({ type: 'message:step', messageId: 'm1', step: 'take' })).toBe('A colleague took this message first.');
    expect(backend.requestsTo('/api/v1/messages/m1/take').map((r) => r.method)).toEqual(['POST']);
  });
});

describe('admissions (an independent associate)', () => {
  const invitation = (enterpriseId: string, enterpriseName: string) => ({
    enterpriseId,
    enterpriseName,
    status: 'invited' as const,
    invitedAt: new Date(T0).toISOString(),
    answeredAt: null,
    paused: false,
  });

  it('a new invitation shows at once; accepting and declining go to the server, the list follows', async () => {
    const socket = await connected();
    expect(await admissionsItem.getValue()).toEqual([]);
    backend.admissions.push(invitation('enterprise-2', 'Summit Outdoor Co.'), invitation('enterprise-3', 'Harbor Books'));
    socket.push({ type: 'admission', enterpriseId: 'enterprise-2', enterpriseName: 'Summit Outdoor Co.' });
    await flush();
    expect((await admissionsItem.getValue()).map((a) => [a.enterpriseName, a.status])).toEqual([
      ['Summit Outdoor Co.', 'invited'],
      ['Harbor Books', 'invited'],
    ]);

    expect(await reply({ type: 'agent:admission', enterpriseId: 'enterprise-2', answer: 'accept' })).toEqual({ status: 'accepted' });
    expect(await reply({ type: 'agent:admission', enterpriseId: 'enterprise-3', answer: 'decline' })).toEqual({ status: 'declined' });
    expect(backend.requestsTo(/\/me\/admissions\/.+/).map((r) => [r.method, r.path, r.token])).toEqual([
      ['POST', '/api/v1/associates/me/admissions/enterprise-2/accept', 'fwa_1'],
      ['POST', '/api/v1/associates/me/admissions/enterprise-3/decline', 'fwa_1'],
    ]);
    expect((await admissionsItem.getValue()).map((a) => [a.enterpriseName, a.status])).toEqual([
      ['Summit Outdoor Co.', 'accepted'],
      ['Harbor Books', 'declined'],
    ]);
    expect(await failure({ type: 'agent:admission', enterpriseId: 'enterprise-9', answer: 'accept' })).toBe('The invitation was not found.');
  });

  it('a pause by one enterprise leaves the presence as it is and shows on that enterprise; available again ends it', async () => {
    backend.admissions.push({ ...invitation('enterprise-2', 'Summit Outdoor Co.'), status: 'accepted' });
    const socket = await connected();
    backend.admissions[0]!.paused = true;
    socket.push({ type: 'presence', presence: 'available', reason: 'missed_offers', enterprise: { id: 'enterprise-2', name: 'Summit Outdoor Co.' } });
    await flush();
    expect((await agentItem.getValue())!.associate).toMatchObject({ presence: 'available', presenceReason: null });
    expect((await admissionsItem.getValue())[0]).toMatchObject({ status: 'accepted', paused: true });
    backend.admissions[0]!.paused = false;
    await reply({ type: 'agent:presence', presence: 'available' });
    expect((await admissionsItem.getValue())[0]!.paused).toBe(false);
  });

  it('signing out forgets them', async () => {
    backend.admissions.push(invitation('enterprise-2', 'Summit Outdoor Co.'));
    await connected();
    expect(await admissionsItem.getValue()).toHaveLength(1);
    await reply({ type: 'agent:sign-out' });
    expect(await admissionsItem.getValue()).toEqual([]);
  });
});

describe('the associate’s own credentials', () => {
  const change = (currentPassword: string, newPassword: string) => ({ type: 'agent:password' as const, currentPassword, newPassword });

  it('changes the password with the current one; this device stays signed in, the others are signed out', async () => {
    await connected();
    const other = await backend.fetch('http://localhost:8787/api/v1/associates/sign-in', { method: 'POST', body: JSON.stringify({ email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password }) });
    expect(other.status).toBe(200);
    expect(await reply(change(DEMO_ASSOCIATE.password, 'a much longer secret'))).toEqual({ changed: true });
    expect(backend.requestsTo('/api/v1/associates/me/password').map((r) => [r.token, r.body])).toEqual([
      ['fwa_1', { currentPassword: DEMO_ASSOCIATE.password, newPassword: 'a much longer secret' }],
    ]);
    expect(backend.associateTokens()).toEqual(['fwa_1']);
    expect(await agentItem.getValue()).not.toBeNull();
  });

  it.each([
    ['a wrong current password (the backend says)', 'not it at all', 'a much longer secret', 'Your current password is not right. Check it and try again.', 1],
    ['the backend’s policy', DEMO_ASSOCIATE.password, 'ana-is-my-password', 'The new password must not contain the e-mail address.', 1],
    ['too short (the shared contract, nothing sent)', DEMO_ASSOCIATE.password, 'short', 'The new password must have at least 10 characters.', 0],
    ['no current password (nothing sent)', '', 'a much longer secret', 'Enter your current password.', 0],
  ])('says why a change is refused, in the associate’s words: %s', async (_, current, fresh, message, sent) => {
    await connected();
    expect(await failure(change(current, fresh))).toBe(message);
    expect(backend.requestsTo('/api/v1/associates/me/password')).toHaveLength(sent);
    expect(await agentItem.getValue()).not.toBeNull();
  });

  it('a rate-limited change says when to try again', async () => {
    await connected();
    backend.next('/api/v1/associates/me/password', backend.json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'retry-after': '20' }));
    expect(await failure(change(DEMO_ASSOCIATE.password, 'a much longer secret'))).toBe('Too many attempts. Try again in 20 s.');
  });

  it('lists the signed-in devices, this one marked and named after the browser', async () => {
    await connected();
    await backend.fetch('http://localhost:8787/api/v1/associates/sign-in', { method: 'POST', body: JSON.stringify({ email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password, device: 'Phone' }) });
    const { devices } = (await reply({ type: 'agent:devices' })) as { devices: { id: string; label: string; current: boolean }[] };
    expect(devices.map((d) => [d.id, d.label, d.current])).toEqual([
      ['device-2', 'Phone', false],
      ['device-1', expect.stringMatching(/^Floorwalker/), true],
    ]);
  });

  it('signs another device out and shows the list without it; this one stays signed in', async () => {
    await connected();
    await backend.fetch('http://localhost:8787/api/v1/associates/sign-in', { method: 'POST', body: JSON.stringify({ email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password }) });
    expect(await reply({ type: 'agent:device-sign-out', deviceId: 'device-2' })).toEqual({ devices: [expect.objectContaining({ id: 'device-1', current: true })], signedOutHere: false });
    expect(backend.associateTokens()).toEqual(['fwa_1']);
    expect(await agentItem.getValue()).not.toBeNull();
  });

  it('signing this device out from the list signs out here', async () => {
    await connected();
    expect(await reply({ type: 'agent:device-sign-out', deviceId: 'device-1' })).toEqual({ devices: [], signedOutHere: true });
    expect(await agentItem.getValue()).toBeNull();
    expect(server.live()).toEqual([]);
    expect((await agentLinkItem.getValue()).notice).toBe('You signed this device out from your list of devices.');
  });

  it('signing out everywhere signs this device out too, and says so', async () => {
    await connected();
    await backend.fetch('http://localhost:8787/api/v1/associates/sign-in', { method: 'POST', body: JSON.stringify({ email: DEMO_ASSOCIATE.email, password: DEMO_ASSOCIATE.password }) });
    expect(await reply({ type: 'agent:sign-out-everywhere' })).toEqual({ signedOut: true });
    expect(backend.associateTokens()).toEqual([]);
    expect(await agentItem.getValue()).toBeNull();
    expect(server.live()).toEqual([]);
    expect((await agentLinkItem.getValue()).notice).toBe('You signed out on every device, this one included.');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.sockets).toHaveLength(1);
  });

  it('a revoked token met by a devices call signs out here with the notice', async () => {
    await connected();
    backend.forgetTokens();
    expect(await failure({ type: 'agent:devices' })).toBe('You were signed out (password changed, signed out elsewhere, or your session expired).');
    expect(await agentItem.getValue()).toBeNull();
  });

  it.each([
    ['202 from the backend', () => undefined],
    ['a 404 (an older backend)', (b: FakeBackend) => b.next('/api/v1/associates/password/reset-request', b.json(404, { error: { code: 'not_found', message: 'No such route.' } }))],
    ['a 500', (b: FakeBackend) => b.next('/api/v1/associates/password/reset-request', b.json(500, { error: { code: 'internal', message: 'Oops.' } }))],
  ])('"Forgot password?" says the same whatever the answer (%s), signed out, at the current server', async (_, arrange) => {
    await reply({ type: 'mode:set', mode: 'agent' });
    await backendUrlItem.setValue('http://127.0.0.1:9000');
    arrange(backend);
    expect(await reply({ type: 'agent:reset-request', email: ' Someone@Example.com ' })).toEqual({
      message: "If that address belongs to an associate, we've sent a link to choose a new password. It works once, for 30 minutes.",
    });
    expect(backend.requestsTo('/api/v1/associates/password/reset-request').map((r) => [r.base, r.body])).toEqual([['http://127.0.0.1:9000', { email: 'someone@example.com' }]]);
  });

  it.each([
    ['not an e-mail address (nothing sent)', 'ana', () => undefined, 'Enter the e-mail address you sign in with.'],
    ['the server unreachable', DEMO_ASSOCIATE.email, (b: FakeBackend) => b.next('/api/v1/associates/password/reset-request', 'network-error'), 'No link was sent: the Floorwalker server could not be reached. Try again in a moment.'],
    [
      'rate limited',
      DEMO_ASSOCIATE.email,
      (b: FakeBackend) => b.next('/api/v1/associates/password/reset-request', b.json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'retry-after': '60' })),
      'Too many attempts. Try again in 60 s.',
    ],
  ])('"Forgot password?" says when no link could be asked for: %s', async (_, email, arrange, message) => {
    await reply({ type: 'mode:set', mode: 'agent' });
    arrange(backend);
    expect(await failure({ type: 'agent:reset-request', email })).toBe(message);
  });
});
