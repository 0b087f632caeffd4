import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_LIMITS, LIVE_VERSION as v, type PeerCredentials } from '../../../shared/live';
import type { LiveLinkOptions } from '../live-link/link';
import { RETRY_FIRST_MS } from '../live-link/outbox.core';
import { createLiveHost, ENDED_LINGER_MS, TRANSCRIPT_BATCH_MS } from './host';
import type { LiveTabMessage, LiveView } from './messages';
import { FakeLink } from './testing/fake-link';

const BACKEND = 'http://backend.test';
const CREDENTIALS: PeerCredentials = {
  engagementId: 'eng-1',
  role: 'shopper',
  peerId: 'p-shopper',
  token: 't',
  remotePeerId: 'p-associate',
  signalling: { path: '/api/v1/peer', key: 'floorwalker' },
  iceServers: [],
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  remoteName: 'Alex',
  allowedDomains: ['shop.example'],
  maskSelectors: ['.loyalty'],
};

interface Call {
  method: string;
  path: string;
  body: unknown;
  auth: string | null;
}

function fakeTrack() {
  return { enabled: true, stop: vi.fn() };
}
function fakeStream() {
  const tracks = [fakeTrack()];
  return { tracks, stream: { getTracks: () => tracks, getAudioTracks: () => tracks } as unknown as MediaStream };
}
const denied = () => Object.assign(new Error('Permission dismissed'), { name: 'NotAllowedError' });

function setup() {
  const calls: Call[] = [];
  /** Status to answer per path suffix, in order; 200 once the list is used up. */
  const failures = new Map<string, number[]>();
  /** Answers by `METHOD suffix` (e.g. `PUT phone`): a status and a body; 200 and {} otherwise. */
  const answers = new Map<string, { status: number; body?: unknown }>();
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const path = new URL(input).pathname;
    const method = init?.method ?? 'GET';
    calls.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined, auth: new Headers(init?.headers).get('authorization') });
    const suffix = path.split('/').at(-1)!;
    const status = failures.get(suffix)?.shift() ?? 200;
    if (status !== 200) return new Response(JSON.stringify({ error: { code: 'busy', message: 'busy' } }), { status, headers: { 'content-type': 'application/json' } });
    const answer = answers.get(`${method} ${suffix}`);
    if (answer?.status === 204) return new Response(null, { status: 204 });
    const body = suffix === 'peer' ? CREDENTIALS : (answer?.body ?? {});
    return new Response(JSON.stringify(body), { status: answer?.status ?? 200, headers: { 'content-type': 'application/json' } });
  });
  const links: FakeLink[] = [];
  const tab: LiveTabMessage[] = [];
  const background: unknown[] = [];
  const played: (MediaStream | null)[] = [];
  const microphone = vi.fn<() => Promise<MediaStream>>();
  let ids = 0;
  const host = createLiveHost({
    createLink: (options: LiveLinkOptions) => {
      const link = new FakeLink(options);
      links.push(link);
      return link;
    },
    fetch,
    toTab: async (message) => void tab.push(message),
    toBackground: async (message) => void background.push(message),
    getMicrophone: microphone,
    playAudio: (stream) => void played.push(stream),
    newId: () => `c${++ids}`,
  });
  const ask = (message: object) => host.handle({ target: 'live-host', ...message });
  const views = () => tab.flatMap((m) => (m.type === 'live:view' ? [m.view] : []));
  const lastView = (): LiveView => views().at(-1)!;
  return { host, ask, calls, failures, answers, links, tab, views, lastView, background, played, microphone, link: () => links.at(-1)! };
}

/** A started and connected engagement. */
async function started() {
  const t = setup();
  expect(await t.ask({ type: 'live:start', engagementId: 'eng-1', backendUrl: BACKEND, shopperToken: 'fws_secret' })).toEqual({ started: true });
  await t.link().connect();
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the live host', () => {
  it('answers only messages meant for it', async () => {
    const t = setup();
    expect(t.host.handle({ type: 'invitation:answer', engagementId: 'e', accept: true })).toBeUndefined();
    expect(t.host.handle({ target: 'live-tab', message: { type: 'live:snapshot' } })).toBeUndefined();
    expect(t.host.handle({ target: 'live-host', type: 'live:launch-missiles' })).toBeUndefined();
    expect(await t.ask({ type: 'live:attach', url: 'https://shop.example/', title: 'Shop' })).toBeNull();
  });

  it('starts a shopper link with the shopper token and shows the associate and the rules once connected', async () => {
    const t = setup();
    await t.ask({ type: 'live:start', engagementId: 'eng-1', backendUrl: BACKEND, shopperToken: 'fws_secret' });
    expect(t.link().options).toMatchObject({ role: 'shopper', backendUrl: BACKEND });
    expect(t.lastView()).toMatchObject({ engagementId: 'eng-1', link: 'connecting' });
    await t.link().connect();
    expect(t.calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/engagements/eng-1/peer', auth: 'Bearer fws_secret' });
    const view = (await t.ask({ type: 'live:attach', url: 'https://shop.example/', title: 'Shop' })) as LiveView;
    expect(view).toMatchObject({ associateName: 'Alex', link: 'open', allowedDomains: ['shop.example'], maskSelectors: ['.loyalty'] });
    expect(t.lastView()).toEqual(view);
    // The same engagement again is not a second link.
    expect(await t.ask({ type: 'live:start', engagementId: 'eng-1', backendUrl: BACKEND, shopperToken: 'fws_secret' })).toEqual({ started: false });
    expect(t.links).toHaveLength(1);
  });

  it("sends the shopper's chat, and posts it to the transcript, trying again while the backend is busy", async () => {
    const t = await started();
    t.failures.set('transcript', [503]);
    expect(await t.ask({ type: 'live:chat-send', text: 'Is this in blue?' })).toEqual({ ok: true, id: 'c1' });
    expect(t.link().sentOf('chat')).toMatchObject([{ id: 'c1', text: 'Is this in blue?' }]);
    await vi.advanceTimersByTimeAsync(TRANSCRIPT_BATCH_MS);
    const posts = () => t.calls.filter((c) => c.path.endsWith('/transcript'));
    expect(posts()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(posts()).toHaveLength(2);
    expect(posts()[1]!.body).toMatchObject({ messages: [{ id: 'c1', text: 'Is this in blue?' }] });
    expect(t.calls.filter((c) => c.path.endsWith('/channels')).map((c) => c.body)).toMatchObject([{ method: 'chat', state: 'started' }]);
    // Posted once: nothing more goes after another batch interval.
    await vi.advanceTimersByTimeAsync(TRANSCRIPT_BATCH_MS * 4);
    expect(posts()).toHaveLength(2);
  });

  it('asks the tab, passes the answer on, and lets guidance through only with the guide consent', async () => {
    const t = await started();
    t.link().receive({ v, type: 'highlight', nodeId: 7 });
    expect(t.link().sentOf('guidance-refused')).toEqual([{ v, type: 'guidance-refused', command: 'highlight', reason: 'no_consent' }]);
    t.link().receive({ v, type: 'consent-request', id: 'r1', scope: 'guide' });
    expect(t.lastView().asks).toMatchObject([{ kind: 'consent', id: 'r1', scope: 'guide' }]);
    await t.ask({ type: 'live:answer', askId: 'r1', yes: true });
    expect(t.link().sentOf('consent')).toEqual([{ v, type: 'consent', scope: 'guide', granted: true, requestId: 'r1' }]);
    t.link().receive({ v, type: 'highlight', nodeId: 7 });
    expect(t.tab.at(-1)).toEqual({ type: 'live:guide', command: { type: 'highlight', nodeId: 7 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls.filter((c) => c.path.endsWith('/channels')).map((c) => c.body)).toMatchObject([{ method: 'guide', state: 'started' }]);
  });

  it('answers only the pages of the tab that accepted', async () => {
    const t = setup();
    await t.ask({ type: 'live:start', engagementId: 'eng-1', backendUrl: BACKEND, shopperToken: 'fws_secret', tabId: 4 });
    await t.link().connect();
    const attach = { target: 'live-host', type: 'live:attach', url: 'https://shop.example/', title: '' };
    expect(await t.host.handle(attach, { tab: { id: 5 } })).toBeNull();
    expect(await t.host.handle({ target: 'live-host', type: 'live:chat-send', text: 'from elsewhere' }, { tab: { id: 5 } })).toEqual({ ok: false });
    expect(t.link().sentOf('chat')).toEqual([]);
    expect(await t.host.handle(attach, { tab: { id: 4 } })).toMatchObject({ engagementId: 'eng-1', link: 'open' });
  });

  it('learns the shop’s name from the page that attaches, to name it once the tab leaves the enterprise’s sites', async () => {
    const t = await started();
    await t.ask({ type: 'live:attach', url: 'https://shop.example/p/1', title: 'Coat', siteName: 'Voltaire Electronics' });
    await t.ask({ type: 'live:location', url: 'https://other.example/' });
    expect(t.lastView()).toMatchObject({ away: true, shopName: 'Voltaire Electronics' });
  });

  it('lets an unanswered request lapse on its own', async () => {
    const t = await started();
    t.link().receive({ v, type: 'consent-request', id: 'r1', scope: 'view' });
    await vi.advanceTimersByTimeAsync(LIVE_LIMITS.consentLapsesMs + 1_000);
    expect(t.link().sentOf('consent')).toEqual([{ v, type: 'consent', scope: 'view', granted: false, requestId: 'r1', lapsed: true }]);
    expect(t.lastView().asks).toEqual([]);
  });

  it('refuses a navigation outside the participating sites at once, and sends the tab where the shopper agreed to go', async () => {
    const t = await started();
    t.link().receive({ v, type: 'navigate-request', id: 'n1', url: 'https://elsewhere.example/' });
    expect(t.link().sentOf('navigate-answer')).toEqual([{ v, type: 'navigate-answer', id: 'n1', accepted: false, reason: 'not_allowed' }]);
    t.link().receive({ v, type: 'navigate-request', id: 'n2', url: 'https://shop.example/p/2' });
    await t.ask({ type: 'live:answer', askId: 'n2', yes: true });
    expect(t.tab.at(-1)).toEqual({ type: 'live:navigate', url: 'https://shop.example/p/2' });
  });

  it('starts the microphone on the voice consent and plays the associate', async () => {
    const t = await started();
    const { stream, tracks } = fakeStream();
    t.microphone.mockResolvedValueOnce(stream);
    t.link().receive({ v, type: 'consent-request', id: 'm', scope: 'voice' });
    await t.ask({ type: 'live:answer', askId: 'm', yes: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.link().audio).toBe(stream);
    expect(t.lastView().voice.state).toBe('on');
    expect(t.link().sentOf('voice')).toEqual([{ v, type: 'voice', state: 'on' }]);
    const remote = fakeStream().stream;
    t.link().remoteAudio(remote);
    expect(t.played).toEqual([remote]);
    await t.ask({ type: 'live:voice', action: 'mute' });
    expect(tracks[0]!.enabled).toBe(false);
    await t.ask({ type: 'live:voice', action: 'hang-up' });
    expect(tracks[0]!.stop).toHaveBeenCalled();
    expect(t.link().audio).toBeNull();
    expect(t.lastView().voice.state).toBe('off');
  });

  it('asks the background for the microphone page when the offscreen document may not ask, and tries again once allowed', async () => {
    const t = await started();
    const { stream } = fakeStream();
    t.microphone.mockRejectedValueOnce(denied()).mockResolvedValueOnce(stream);
    t.link().receive({ v, type: 'consent-request', id: 'm', scope: 'voice' });
    await t.ask({ type: 'live:answer', askId: 'm', yes: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.background).toEqual([{ type: 'live:need-microphone' }]);
    expect(t.lastView().voice.state).toBe('starting');
    await t.ask({ type: 'live:microphone', granted: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.microphone).toHaveBeenCalledTimes(2);
    expect(t.link().audio).toBe(stream);
    expect(t.lastView().voice.state).toBe('on');
  });

  it('gives up on the call when the microphone stays refused', async () => {
    const t = await started();
    t.microphone.mockRejectedValue(denied());
    t.link().receive({ v, type: 'consent-request', id: 'm', scope: 'voice' });
    await t.ask({ type: 'live:answer', askId: 'm', yes: true });
    await vi.advanceTimersByTimeAsync(0);
    await t.ask({ type: 'live:microphone', granted: false });
    expect(t.lastView().voice).toMatchObject({ state: 'off', error: 'The microphone was not allowed.' });
    expect(t.lastView().consents.voice).toBe(false);
    expect(t.link().sentOf('consent').at(-1)).toEqual({ v, type: 'consent', scope: 'voice', granted: false });
  });

  it('ends when the shopper ends: the link closes, the backend hears, the tab is cleared after a moment', async () => {
    const t = await started();
    await t.ask({ type: 'live:end' });
    expect(t.link().closedWith).toBe('done');
    expect(t.lastView()).toMatchObject({ link: 'closed', closedReason: 'You ended the conversation.' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls.find((c) => c.path.endsWith('/end'))?.body).toEqual({ reason: 'done' });
    expect(t.tab.some((m) => m.type === 'live:ended')).toBe(false);
    await vi.advanceTimersByTimeAsync(ENDED_LINGER_MS);
    expect(t.tab.at(-1)).toEqual({ type: 'live:ended', reason: 'You ended the conversation.' });
    expect(await t.ask({ type: 'live:attach', url: 'https://shop.example/', title: '' })).toBeNull();
  });

  it('ends when the associate vanishes, telling the backend the peer was lost', async () => {
    const t = await started();
    t.link().setState('lost');
    expect(t.lastView().link).toBe('lost');
    t.link().setState('closed', 'peer_lost');
    await vi.advanceTimersByTimeAsync(ENDED_LINGER_MS);
    expect(t.calls.find((c) => c.path.endsWith('/end'))?.body).toEqual({ reason: 'peer_lost' });
    expect(t.tab.at(-1)).toEqual({ type: 'live:ended', reason: 'The connection was lost.' });
  });

  it("does not call the backend's end when the associate ended it", async () => {
    const t = await started();
    t.link().receive({ v, type: 'end', reason: 'done' });
    await vi.advanceTimersByTimeAsync(ENDED_LINGER_MS);
    expect(t.calls.some((c) => c.path.endsWith('/end'))).toBe(false);
    expect(t.tab.at(-1)).toEqual({ type: 'live:ended', reason: 'Alex ended the conversation.' });
  });

  it('after a reconnection, resends the chat the associate did not get', async () => {
    const t = await started();
    await t.ask({ type: 'live:chat-send', text: 'one' });
    await t.ask({ type: 'live:chat-send', text: 'two' });
    t.link().setState('lost');
    t.link().setState('open');
    t.link().hello(['c1']);
    expect(t.link().sentOf('chat').map((m) => m.id)).toEqual(['c1', 'c2', 'c2']);
    expect(t.link().options.chatSeen?.()).toEqual([]);
  });
});

describe('the shopper’s phone', () => {
  const MASKED = '+44 ••• ••• ••23';
  const call = (change: object = {}) => ({
    callId: 'call-1',
    engagementId: 'eng-1',
    direction: 'click-to-call',
    associateVia: 'phone',
    state: 'calling-associate',
    outcome: null,
    startedAt: new Date().toISOString(),
    connectedAt: null,
    endedAt: null,
    talkSeconds: null,
    legs: [],
    ...change,
  });
  const give = { type: 'live:phone-give', phone: '+447700900123', purposes: ['call'], consent: true, callNow: true };
  const phonePaths = (t: ReturnType<typeof setup>) => t.calls.filter((c) => /\/(phone|calls|hangup)$/.test(c.path)).map((c) => `${c.method} ${c.path.replace('/api/v1/engagements/eng-1/', '')}`);

  it('on connecting, fetches the number given and the calls with the shopper’s token, and shows them', async () => {
    const t = setup();
    t.answers.set('GET phone', { status: 200, body: { given: true, masked: MASKED, purposes: ['call', 'text'], givenAt: new Date().toISOString() } });
    t.answers.set('GET calls', { status: 200, body: { calls: [call({ state: 'ended', outcome: 'completed', talkSeconds: 185 })] } });
    await t.ask({ type: 'live:start', engagementId: 'eng-1', backendUrl: BACKEND, shopperToken: 'fws_secret' });
    await t.link().connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(phonePaths(t)).toEqual(['GET phone', 'GET calls']);
    expect(t.calls.filter((c) => c.path.endsWith('/phone') || c.path.endsWith('/calls')).every((c) => c.auth === 'Bearer fws_secret')).toBe(true);
    expect(t.lastView()).toMatchObject({ phone: { given: true, masked: MASKED, purposes: ['call', 'text'] }, call: { callId: 'call-1', state: 'ended', talkSeconds: 185 } });
  });

  it('gives the number with the consent and calls now; the associate’s ask is answered yes; the call placed shows', async () => {
    const t = await started();
    t.link().receive({ v, type: 'phone-ask', id: 'p1', purpose: 'call' });
    expect(t.lastView().asks).toMatchObject([{ kind: 'phone', id: 'p1', purpose: 'call' }]);
    t.answers.set('PUT phone', { status: 200, body: { given: true, masked: MASKED, purposes: ['call'], givenAt: new Date().toISOString(), call: call() } });
    expect(await t.ask(give)).toEqual({ ok: true });
    expect(t.calls.find((c) => c.method === 'PUT')).toMatchObject({ path: '/api/v1/engagements/eng-1/phone', auth: 'Bearer fws_secret', body: { phone: '+447700900123', purposes: ['call'], consent: true, callNow: true } });
    expect(t.link().sentOf('phone-answer')).toEqual([{ v, type: 'phone-answer', id: 'p1', given: true }]);
    expect(t.lastView()).toMatchObject({ asks: [], phone: { given: true, masked: MASKED }, call: { state: 'calling-associate' } });
    // The number goes to the backend only: never to the associate, never into the tab's view.
    expect(JSON.stringify(t.link().sent)).not.toContain('7700900123');
    expect(JSON.stringify(t.tab)).not.toContain('7700900123');
  });

  it('a number for texts only never calls now', async () => {
    const t = await started();
    t.answers.set('PUT phone', { status: 200, body: { given: true, masked: MASKED, purposes: ['text'], givenAt: null } });
    expect(await t.ask({ ...give, purposes: ['text'] })).toEqual({ ok: true });
    expect(t.calls.find((c) => c.method === 'PUT')?.body).toMatchObject({ purposes: ['text'], callNow: false });
  });

  it('a refusal is said in plain words and changes nothing', async () => {
    const t = await started();
    t.answers.set('PUT phone', { status: 409, body: { error: { code: 'telephony_not_configured', message: 'The enterprise has not set its Twilio account.' } } });
    expect(await t.ask(give)).toEqual({ ok: false, message: 'This shop does not take phone calls yet.' });
    expect(t.lastView().phone.given).toBe(false);
  });

  it('a request the schema refuses is answered without echoing it, and nothing is sent', async () => {
    const t = await started();
    expect(await t.ask({ ...give, phone: '07700 900123' })).toEqual({ ok: false, message: 'That phone number could not be sent.' });
    expect(await t.ask({ ...give, consent: false })).toEqual({ ok: false, message: 'That phone number could not be sent.' });
    expect(t.calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('removes the number, hangs up, calls again', async () => {
    const t = await started();
    t.answers.set('PUT phone', { status: 200, body: { given: true, masked: MASKED, purposes: ['call'], givenAt: null, call: call() } });
    await t.ask(give);
    t.answers.set('POST hangup', { status: 200, body: call({ state: 'ended', outcome: 'canceled' }) });
    expect(await t.ask({ type: 'live:call-hangup', callId: 'call-1' })).toEqual({ ok: true });
    expect(t.lastView().call).toMatchObject({ state: 'ended', outcome: 'canceled' });
    t.answers.set('POST calls', { status: 201, body: call({ callId: 'call-2', startedAt: new Date(Date.now() + 1_000).toISOString() }) });
    expect(await t.ask({ type: 'live:call-again' })).toEqual({ ok: true });
    expect(t.lastView().call).toMatchObject({ callId: 'call-2', state: 'calling-associate' });
    t.answers.set('DELETE phone', { status: 204 });
    expect(await t.ask({ type: 'live:phone-remove' })).toEqual({ ok: true });
    expect(t.lastView().phone).toEqual({ given: false, masked: null, purposes: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(phonePaths(t).filter((p) => !p.startsWith('GET'))).toEqual(['PUT phone', 'POST calls/call-1/hangup', 'POST calls', 'DELETE phone']);
  });

  it('follows the calls the background forwards, only this engagement’s, and fetches them again when pushes may have been missed', async () => {
    const t = await started();
    await t.ask({ type: 'live:call', engagementId: 'eng-2', call: call({ engagementId: 'eng-2' }) });
    expect(t.lastView().call).toBeNull();
    await t.ask({ type: 'live:call', engagementId: 'eng-1', call: call({ state: 'calling-shopper' }) });
    expect(t.lastView().call).toMatchObject({ state: 'calling-shopper' });
    const before = phonePaths(t).length;
    await t.ask({ type: 'live:phone-refresh' });
    await vi.advanceTimersByTimeAsync(0);
    expect(phonePaths(t).slice(before)).toEqual(['GET phone', 'GET calls']);
  });

  it('takes the background’s controls only from the extension', async () => {
    const t = await started();
    expect(await t.host.handle({ target: 'live-host', type: 'live:call', engagementId: 'eng-1', call: call() }, { tab: { id: 1 } }, false)).toEqual({ ok: false });
    expect(t.lastView().call).toBeNull();
  });

  it('asks for the number and code to call in with, with the shopper’s token; the call placed with it shows', async () => {
    const t = await started();
    const dialIn = { number: '+14155550100', code: '123456', expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() };
    t.answers.set('POST dial-in', { status: 200, body: dialIn });
    expect(await t.ask({ type: 'live:dial-in' })).toEqual({ ok: true, dialIn });
    expect(t.calls.find((c) => c.path.endsWith('/dial-in'))).toMatchObject({ method: 'POST', path: '/api/v1/engagements/eng-1/dial-in', auth: 'Bearer fws_secret', body: {} });
    await t.ask({ type: 'live:call', engagementId: 'eng-1', call: call({ direction: 'dial-in' }) });
    expect(t.lastView().call).toMatchObject({ state: 'calling-associate', direction: 'dial-in' });
  });

  it.each([
    ['telephony_not_configured', 'This shop does not take phone calls yet.'],
    ['associate_has_no_phone', 'Sam has no phone to call from right now.'],
    ['engagement_ended', 'The conversation has ended.'],
    ['engagement_not_live', 'The conversation has ended.'],
  ])('a refused dial-in (%s) is said in plain words', async (code, words) => {
    const t = await started();
    t.answers.set('POST dial-in', { status: 409, body: { error: { code, message: 'The backend’s own words.' } } });
    expect(await t.ask({ type: 'live:dial-in' })).toEqual({ ok: false, message: words.replace('Sam', t.lastView().associateName || 'The associate') });
  });

  it('after the end, phone requests are refused', async () => {
    const t = await started();
    await t.ask({ type: 'live:end' });
    expect(await t.ask(give)).toEqual({ ok: false, message: 'The conversation has ended.' });
    expect(await t.ask({ type: 'live:dial-in' })).toEqual({ ok: false, message: 'The conversation has ended.' });
    expect(t.calls.some((c) => c.method === 'PUT' || c.path.endsWith('/dial-in'))).toBe(false);
  });
});
