import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS, LIVE_VERSION, type LiveMessage } from '../../../shared/live';
import type { LiveHostRequest } from './messages';
import { granted } from '../live-link/consents.core';
import { initialEngagement, reduceEngagement, type EngagementEffect, type EngagementInput, type EngagementState, toView } from './engagement.core';

const v = LIVE_VERSION;
const T0 = 1_000_000;

const fromAssociate = (message: LiveMessage): EngagementInput => ({ kind: 'message', message });
const fromTab = (request: LiveHostRequest, chatId?: string): EngagementInput => ({ kind: 'request', request, chatId });
const OPEN: EngagementInput[] = [
  { kind: 'credentials', associateName: 'Alex', allowedDomains: ['shop.example'], maskSelectors: ['.secret'] },
  { kind: 'link', state: 'open' },
];

/** Runs `inputs` (each at its `at`, default T0) from a fresh open engagement; returns the final state and every effect. */
function run(inputs: (EngagementInput | [EngagementInput, number])[], start: EngagementState = initialEngagement('eng-1')): { state: EngagementState; effects: EngagementEffect[]; last: EngagementEffect[] } {
  let state = start;
  const effects: EngagementEffect[] = [];
  let last: EngagementEffect[] = [];
  for (const item of [...OPEN, ...inputs]) {
    const [input, at] = Array.isArray(item) ? item : [item, T0];
    const step = reduceEngagement(state, input, at);
    state = step.state;
    last = step.effects;
    effects.push(...step.effects);
  }
  return { state, effects, last };
}

const sent = (effects: EngagementEffect[]) => effects.flatMap((e) => (e.type === 'send' ? [e.message] : []));
const toTab = (effects: EngagementEffect[]) => effects.flatMap((e) => (e.type === 'tab' ? [e.message] : []));
const channels = (effects: EngagementEffect[]) => effects.flatMap((e) => (e.type === 'channel' ? [`${e.method}:${e.state}`] : []));
const withoutViews = (effects: EngagementEffect[]) => effects.filter((e) => !(e.type === 'tab' && e.message.type === 'live:view'));

const ask = (id: string, scope: 'view' | 'guide' | 'voice'): EngagementInput => fromAssociate({ v, type: 'consent-request', id, scope });
const answer = (askId: string, yes: boolean): EngagementInput => fromTab({ type: 'live:answer', askId, yes });
const navigate = (id: string, url: string): EngagementInput => fromAssociate({ v, type: 'navigate-request', id, url });

describe('consents', () => {
  const cases: { name: string; inputs: (EngagementInput | [EngagementInput, number])[]; consents: { view: boolean; guide: boolean; voice: boolean }; last: unknown[]; channels: string[] }[] = [
    {
      name: 'granting view answers the request and starts the view channel',
      inputs: [ask('r1', 'view'), answer('r1', true)],
      consents: { view: true, guide: false, voice: false },
      last: [{ type: 'send', message: { v, type: 'consent', scope: 'view', granted: true, requestId: 'r1' } }, { type: 'channel', method: 'view', state: 'started', at: T0 }],
      channels: ['view:started'],
    },
    {
      name: 'refusing says no and records nothing',
      inputs: [ask('r1', 'guide'), answer('r1', false)],
      consents: { view: false, guide: false, voice: false },
      last: [{ type: 'send', message: { v, type: 'consent', scope: 'guide', granted: false, requestId: 'r1' } }],
      channels: [],
    },
    {
      name: 'view and guide are separate consents',
      inputs: [ask('r1', 'view'), ask('r2', 'guide'), answer('r2', true)],
      consents: { view: false, guide: true, voice: false },
      last: [{ type: 'send', message: { v, type: 'consent', scope: 'guide', granted: true, requestId: 'r2' } }, { type: 'channel', method: 'guide', state: 'started', at: T0 }],
      channels: ['guide:started'],
    },
    {
      name: 'an unanswered request lapses and counts as no',
      inputs: [ask('r1', 'view'), [{ kind: 'tick' }, T0 + LIVE_LIMITS.consentLapsesMs - 1], [{ kind: 'tick' }, T0 + LIVE_LIMITS.consentLapsesMs]],
      consents: { view: false, guide: false, voice: false },
      last: [{ type: 'send', message: { v, type: 'consent', scope: 'view', granted: false, requestId: 'r1', lapsed: true } }],
      channels: [],
    },
    {
      name: 'an answer after the lapse changes nothing',
      inputs: [ask('r1', 'view'), [{ kind: 'tick' }, T0 + LIVE_LIMITS.consentLapsesMs], answer('r1', true)],
      consents: { view: false, guide: false, voice: false },
      last: [],
      channels: [],
    },
    {
      name: 'revoking view stops the view channel and tells the associate',
      inputs: [ask('r1', 'view'), answer('r1', true), [fromTab({ type: 'live:revoke', scope: 'view' }), T0 + 5_000]],
      consents: { view: false, guide: false, voice: false },
      last: [{ type: 'channel', method: 'view', state: 'stopped', at: T0 + 5_000 }, { type: 'send', message: { v, type: 'consent', scope: 'view', granted: false } }],
      channels: ['view:started', 'view:stopped'],
    },
    {
      name: 'revoking view leaves guide granted',
      inputs: [ask('r1', 'view'), answer('r1', true), ask('r2', 'guide'), answer('r2', true), fromTab({ type: 'live:revoke', scope: 'view' })],
      consents: { view: false, guide: true, voice: false },
      last: [{ type: 'channel', method: 'view', state: 'stopped', at: T0 }, { type: 'send', message: { v, type: 'consent', scope: 'view', granted: false } }],
      channels: ['view:started', 'guide:started', 'view:stopped'],
    },
    {
      name: 'asking again for what is granted is answered at once',
      inputs: [ask('r1', 'view'), answer('r1', true), ask('r2', 'view')],
      consents: { view: true, guide: false, voice: false },
      last: [{ type: 'send', message: { v, type: 'consent', scope: 'view', granted: true, requestId: 'r2' } }],
      channels: ['view:started'],
    },
    {
      name: 'a second request for a pending scope replaces the first, which lapses',
      inputs: [ask('r1', 'guide'), ask('r2', 'guide')],
      consents: { view: false, guide: false, voice: false },
      last: [{ type: 'send', message: { v, type: 'consent', scope: 'guide', granted: false, requestId: 'r1', lapsed: true } }],
      channels: [],
    },
  ];
  it.each(cases)('$name', ({ inputs, consents, last, channels: expected }) => {
    const result = run(inputs);
    expect(granted(result.state.consents)).toEqual(consents);
    expect(withoutViews(result.last)).toEqual(last);
    expect(channels(result.effects)).toEqual(expected);
  });

  it('the tab sees each ask and the consents in the view sent after each change', () => {
    const { effects, state } = run([ask('r1', 'view')]);
    const views = toTab(effects).filter((m) => m.type === 'live:view');
    expect(views.at(-1)).toEqual({ type: 'live:view', view: toView(state) });
    expect(toView(state).asks).toEqual([{ kind: 'consent', id: 'r1', scope: 'view', expiresAt: T0 + LIVE_LIMITS.consentLapsesMs }]);
    const granted = run([ask('r1', 'view'), answer('r1', true)]);
    const lastView = toTab(granted.last).find((m) => m.type === 'live:view');
    expect(lastView?.type === 'live:view' && lastView.view.consents.view).toBe(true);
    expect(lastView?.type === 'live:view' && lastView.view.asks).toEqual([]);
  });
});

describe('guidance', () => {
  const guided = [ask('g', 'guide'), answer('g', true)];
  const cases: { name: string; inputs: EngagementInput[]; sent: unknown[]; tab: unknown[] }[] = [
    {
      name: 'highlight without the guide consent is refused no_consent',
      inputs: [fromAssociate({ v, type: 'highlight', nodeId: 12 })],
      sent: [{ v, type: 'guidance-refused', command: 'highlight', reason: 'no_consent' }],
      tab: [],
    },
    {
      name: 'scroll-to without the guide consent is refused no_consent',
      inputs: [fromAssociate({ v, type: 'scroll-to', nodeId: 3 })],
      sent: [{ v, type: 'guidance-refused', command: 'scroll-to', reason: 'no_consent' }],
      tab: [],
    },
    { name: 'a pointer without the guide consent is dropped', inputs: [fromAssociate({ v, type: 'pointer', x: 1, y: 2, visible: true })], sent: [], tab: [] },
    {
      name: 'highlight with the guide consent goes to the tab',
      inputs: [...guided, fromAssociate({ v, type: 'highlight', nodeId: 12 })],
      sent: [],
      tab: [{ type: 'live:guide', command: { type: 'highlight', nodeId: 12 } }],
    },
    {
      name: 'pointer with the guide consent goes to the tab',
      inputs: [...guided, fromAssociate({ v, type: 'pointer', x: 10, y: 20, visible: true })],
      sent: [],
      tab: [{ type: 'live:guide', command: { type: 'pointer', x: 10, y: 20, visible: true } }],
    },
    {
      name: 'after revoking guide, highlight is refused again',
      inputs: [...guided, fromTab({ type: 'live:revoke', scope: 'guide' }), fromAssociate({ v, type: 'highlight', nodeId: 12 })],
      sent: [{ v, type: 'guidance-refused', command: 'highlight', reason: 'no_consent' }],
      tab: [],
    },
    { name: 'a snapshot request without the view consent is ignored', inputs: [fromAssociate({ v, type: 'snapshot-request' })], sent: [], tab: [] },
    {
      name: 'a snapshot request while viewing goes to the tab',
      inputs: [ask('w', 'view'), answer('w', true), fromAssociate({ v, type: 'snapshot-request' })],
      sent: [],
      tab: [{ type: 'live:snapshot' }],
    },
    {
      name: "the tab's refusal is passed on",
      inputs: [fromTab({ type: 'live:guidance-refused', command: 'highlight', reason: 'masked' })],
      sent: [{ v, type: 'guidance-refused', command: 'highlight', reason: 'masked' }],
      tab: [],
    },
  ];
  it.each(cases)('$name', ({ inputs, sent: expectedSent, tab: expectedTab }) => {
    const { last } = run(inputs);
    expect(sent(last)).toEqual(expectedSent);
    expect(toTab(last).filter((m) => m.type !== 'live:view')).toEqual(expectedTab);
  });
});

describe('navigation', () => {
  const cases: { name: string; inputs: (EngagementInput | [EngagementInput, number])[]; sent: unknown[]; tab: unknown[]; asks: number }[] = [
    {
      name: 'a URL outside the allowed domains is refused not_allowed without asking',
      inputs: [navigate('n1', 'https://evil.example/p')],
      sent: [{ v, type: 'navigate-answer', id: 'n1', accepted: false, reason: 'not_allowed' }],
      tab: [],
      asks: 0,
    },
    {
      name: 'a non-http URL is refused not_allowed',
      inputs: [navigate('n1', 'javascript:alert(1)')],
      sent: [{ v, type: 'navigate-answer', id: 'n1', accepted: false, reason: 'not_allowed' }],
      tab: [],
      asks: 0,
    },
    { name: 'a subdomain of an allowed domain is asked', inputs: [navigate('n1', 'https://www.shop.example/p/2')], sent: [], tab: [], asks: 1 },
    {
      name: 'accepted: answered and the tab navigates',
      inputs: [navigate('n1', 'https://shop.example/p/2'), answer('n1', true)],
      sent: [{ v, type: 'navigate-answer', id: 'n1', accepted: true }],
      tab: [{ type: 'live:navigate', url: 'https://shop.example/p/2' }],
      asks: 0,
    },
    {
      name: 'refused: answered refused, the tab stays',
      inputs: [navigate('n1', 'https://shop.example/p/2'), answer('n1', false)],
      sent: [{ v, type: 'navigate-answer', id: 'n1', accepted: false, reason: 'refused' }],
      tab: [],
      asks: 0,
    },
    {
      name: 'unanswered: lapses',
      inputs: [navigate('n1', 'https://shop.example/p/2'), [{ kind: 'tick' }, T0 + LIVE_LIMITS.consentLapsesMs]],
      sent: [{ v, type: 'navigate-answer', id: 'n1', accepted: false, reason: 'lapsed' }],
      tab: [],
      asks: 0,
    },
  ];
  it.each(cases)('$name', ({ inputs, sent: expectedSent, tab: expectedTab, asks }) => {
    const { last, state } = run(inputs);
    expect(sent(last)).toEqual(expectedSent);
    expect(toTab(last).filter((m) => m.type !== 'live:view')).toEqual(expectedTab);
    expect(toView(state).asks).toHaveLength(asks);
  });

  it('the view goes to the tab before the navigation', () => {
    const { last } = run([navigate('n1', 'https://shop.example/p/2'), answer('n1', true)]);
    expect(toTab(last).map((m) => m.type)).toEqual(['live:view', 'live:navigate']);
  });
});

describe('viewing', () => {
  const dom: LiveHostRequest = { type: 'live:dom', events: [{ type: 2, timestamp: 1, data: {} }] };
  const page: LiveHostRequest = { type: 'live:page', url: 'https://shop.example/p/1', title: 'Shoes' };
  const cases: { name: string; inputs: EngagementInput[]; sent: unknown[] }[] = [
    { name: 'recorded events without the view consent stay here', inputs: [fromTab(dom)], sent: [] },
    { name: 'recorded events while viewing are sent', inputs: [ask('w', 'view'), answer('w', true), fromTab(dom)], sent: [{ v, type: 'dom', events: dom.type === 'live:dom' ? dom.events : [] }] },
    { name: 'a late batch after revoking stays here', inputs: [ask('w', 'view'), answer('w', true), fromTab({ type: 'live:revoke', scope: 'view' }), fromTab(dom)], sent: [] },
    { name: 'the page while guided is sent', inputs: [ask('g', 'guide'), answer('g', true), fromTab(page)], sent: [{ v, type: 'page', url: 'https://shop.example/p/1', title: 'Shoes' }] },
    { name: 'the page without view or guide stays here', inputs: [fromTab(page)], sent: [] },
  ];
  it.each(cases)('$name', ({ inputs, sent: expected }) => {
    expect(sent(run(inputs).last)).toEqual(expected);
  });
});

describe('chat', () => {
  const chat = (id: string, text = 'hi'): LiveMessage => ({ v, type: 'chat', id, text, sentAt: 5 });

  it('the first message either way starts the chat channel, once', () => {
    const { effects } = run([fromAssociate(chat('a1')), fromTab({ type: 'live:chat-send', text: 'hello' }, 's1'), fromAssociate(chat('a2'))]);
    expect(channels(effects)).toEqual(['chat:started']);
  });

  it("the associate's message is acknowledged and shown once, even when re-sent", () => {
    const { state, effects } = run([fromAssociate({ v, type: 'typing', typing: true }), fromAssociate(chat('a1', 'Hello <b>')), fromAssociate(chat('a1', 'Hello <b>'))]);
    expect(sent(effects)).toEqual([
      { v, type: 'chat-ack', id: 'a1' },
      { v, type: 'chat-ack', id: 'a1' },
    ]);
    expect(toView(state).chat).toEqual([{ id: 'a1', from: 'associate', text: 'Hello <b>', sentAt: 5, delivered: true }]);
    expect(state.typing).toBe(false);
  });

  it('own messages are sent, posted to the transcript, and delivered on ack', () => {
    const sentStep = run([[fromTab({ type: 'live:chat-send', text: 'where is it?' }, 's1'), T0 + 7]]);
    expect(withoutViews(sentStep.last)).toEqual([
      { type: 'channel', method: 'chat', state: 'started', at: T0 + 7 },
      { type: 'send', message: { v, type: 'chat', id: 's1', text: 'where is it?', sentAt: T0 + 7 } },
      { type: 'post-transcript' },
    ]);
    expect(toView(sentStep.state).chat[0]?.delivered).toBe(false);
    const acked = reduceEngagement(sentStep.state, fromAssociate({ v, type: 'chat-ack', id: 's1' }), T0 + 8);
    expect(toView(acked.state).chat[0]?.delivered).toBe(true);
  });

  it('a product card from the associate is a chat line with its card, acknowledged like a message and shown once', () => {
    const card = { sku: 'TT-2P', name: 'Trail Tent 2P', price: '349.00', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p/tt-2p' };
    const message: LiveMessage = { v, type: 'product-card', id: 'k1', card, sentAt: 5 };
    const { state, effects } = run([fromAssociate(message), fromAssociate(message)]);
    expect(sent(effects)).toEqual([
      { v, type: 'chat-ack', id: 'k1' },
      { v, type: 'chat-ack', id: 'k1' },
    ]);
    expect(channels(effects)).toEqual(['chat:started']);
    expect(toView(state).chat).toEqual([{ id: 'k1', from: 'associate', text: 'Product: Trail Tent 2P, 349.00 EUR, https://shop.example/p/tt-2p', sentAt: 5, delivered: true, card: { kind: 'product', card } }]);
  });

  it('a chat-send with an id already used changes nothing', () => {
    const { last } = run([fromTab({ type: 'live:chat-send', text: 'x' }, 's1'), fromTab({ type: 'live:chat-send', text: 'x' }, 's1')]);
    expect(last).toEqual([]);
  });

  it('after a loss, the reopened link resends what the associate did not see, and the consents', () => {
    const { state } = run([
      ask('w', 'view'),
      answer('w', true),
      fromTab({ type: 'live:chat-send', text: 'one' }, 's1'),
      fromTab({ type: 'live:chat-send', text: 'two' }, 's2'),
      { kind: 'link', state: 'lost' },
    ]);
    expect(state.link).toBe('lost');
    const reopened = reduceEngagement(state, { kind: 'link', state: 'open' }, T0 + 10_000);
    const hello = reduceEngagement(reopened.state, { kind: 'hello', message: { v, type: 'hello', role: 'associate', name: 'Alex', chatSeen: ['s1'] } }, T0 + 10_000);
    expect(sent(hello.effects)).toEqual([
      { v, type: 'consent', scope: 'view', granted: true },
      { v, type: 'chat', id: 's2', text: 'two', sentAt: T0 },
    ]);
    expect(toView(hello.state).chat.map((l) => l.delivered)).toEqual([true, false]);
  });

  it('typing is passed on only while the link is open', () => {
    expect(sent(run([fromTab({ type: 'live:typing', typing: true })]).last)).toEqual([{ v, type: 'typing', typing: true }]);
    expect(sent(run([{ kind: 'link', state: 'lost' }, fromTab({ type: 'live:typing', typing: true })]).last)).toEqual([]);
  });

  it('transcript-posted records the ids', () => {
    const { state } = run([fromTab({ type: 'live:chat-send', text: 'one' }, 's1'), { kind: 'transcript-posted', ids: ['s1', 'unknown'] }]);
    expect(state.chat.posted).toEqual(['s1']);
  });
});

describe('voice', () => {
  const granted = [ask('m', 'voice'), answer('m', true)];
  it('granting voice starts the microphone; once on, the channel starts and the associate hears of it', () => {
    const asked = run(granted);
    expect(withoutViews(asked.last)).toEqual([
      { type: 'send', message: { v, type: 'consent', scope: 'voice', granted: true, requestId: 'm' } },
      { type: 'microphone', on: true },
    ]);
    expect(asked.state.voice.state).toBe('starting');
    const on = reduceEngagement(asked.state, { kind: 'microphone', ok: true }, T0 + 1);
    expect(withoutViews(on.effects)).toEqual([
      { type: 'channel', method: 'voice', state: 'started', at: T0 + 1 },
      { type: 'send', message: { v, type: 'voice', state: 'on' } },
    ]);
    expect(on.state.voice.state).toBe('on');
  });

  it('a microphone that cannot be used turns the voice consent off, with the reason shown', () => {
    const { state, last } = run([...granted, { kind: 'microphone', ok: false, error: 'Permission denied' }]);
    expect(state.consents.voice.state).toBe('off');
    expect(state.voice).toEqual({ state: 'off', muted: false, remoteMuted: false, error: 'Permission denied' });
    expect(sent(last)).toEqual([{ v, type: 'consent', scope: 'voice', granted: false }]);
  });

  const cases: { name: string; inputs: EngagementInput[]; last: unknown[]; voice: string }[] = [
    {
      name: 'mute mutes the track and tells the associate',
      inputs: [fromTab({ type: 'live:voice', action: 'mute' })],
      last: [{ type: 'mute', muted: true }, { type: 'send', message: { v, type: 'voice', state: 'muted' } }],
      voice: 'on',
    },
    {
      name: 'hang-up stops the microphone and the voice channel',
      inputs: [fromTab({ type: 'live:voice', action: 'hang-up' })],
      last: [
        { type: 'microphone', on: false },
        { type: 'channel', method: 'voice', state: 'stopped', at: T0 },
        { type: 'send', message: { v, type: 'voice', state: 'off' } },
        { type: 'send', message: { v, type: 'consent', scope: 'voice', granted: false } },
      ],
      voice: 'off',
    },
    {
      name: 'the associate hanging up stops the call here too',
      inputs: [fromAssociate({ v, type: 'voice', state: 'off' })],
      last: [
        { type: 'microphone', on: false },
        { type: 'channel', method: 'voice', state: 'stopped', at: T0 },
        { type: 'send', message: { v, type: 'consent', scope: 'voice', granted: false } },
      ],
      voice: 'off',
    },
    { name: 'the associate muting shows as remote muted', inputs: [fromAssociate({ v, type: 'voice', state: 'muted' })], last: [], voice: 'on' },
  ];
  it.each(cases)('$name', ({ inputs, last, voice }) => {
    const result = run([...granted, { kind: 'microphone', ok: true }, ...inputs]);
    expect(withoutViews(result.last)).toEqual(last);
    expect(result.state.voice.state).toBe(voice);
  });
});

describe('the end', () => {
  const busy: EngagementInput[] = [ask('w', 'view'), answer('w', true), ask('m', 'voice'), answer('m', true), { kind: 'microphone', ok: true }, fromTab({ type: 'live:chat-send', text: 'x' }, 's1')];
  const stops = ['view:stopped', 'voice:stopped', 'chat:stopped'];
  const cases: { name: string; input: EngagementInput; finish: unknown; reason: string }[] = [
    { name: 'the shopper ends', input: fromTab({ type: 'live:end' }), finish: { type: 'finish', closeLink: true, api: 'done' }, reason: 'You ended the conversation.' },
    { name: 'the associate ends', input: fromAssociate({ v, type: 'end', reason: 'done' }), finish: { type: 'finish', closeLink: false, api: null }, reason: 'Alex ended the conversation.' },
    { name: 'the link closes: ended there', input: { kind: 'link', state: 'closed', reason: 'ended_there' }, finish: { type: 'finish', closeLink: false, api: null }, reason: 'Alex ended the conversation.' },
    { name: 'the peer vanished', input: { kind: 'link', state: 'closed', reason: 'peer_lost' }, finish: { type: 'finish', closeLink: false, api: 'peer_lost' }, reason: 'The connection was lost.' },
  ];
  it.each(cases)('$name', ({ input, finish, reason }) => {
    const { state, last } = run([...busy, input]);
    expect(state.link).toBe('closed');
    expect(state.closedReason).toBe(reason);
    expect(granted(state.consents)).toEqual({ view: false, guide: false, voice: false });
    expect(channels(last)).toEqual(stops);
    expect(last).toContainEqual({ type: 'microphone', on: false });
    expect(last.at(-1)).toEqual(finish);
    const view = toTab(last).find((m) => m.type === 'live:view');
    expect(view?.type === 'live:view' && view.view.link).toBe('closed');
  });

  it('transcript posts that land after the end are still recorded', () => {
    const { state } = run([fromTab({ type: 'live:chat-send', text: 'x' }, 's1'), fromTab({ type: 'live:end' }), { kind: 'transcript-posted', ids: ['s1'] }]);
    expect(state.chat.posted).toEqual(['s1']);
  });

  it('after the end nothing is acted on', () => {
    const { state } = run([fromTab({ type: 'live:end' })]);
    expect(reduceEngagement(state, fromAssociate({ v, type: 'highlight', nodeId: 1 }), T0).effects).toEqual([]);
    expect(reduceEngagement(state, { kind: 'link', state: 'closed', reason: 'ended_here' }, T0).effects).toEqual([]);
  });
});

describe('staying in the enterprise’s shop', () => {
  const sharing = [ask('v', 'view'), answer('v', true), ask('g', 'guide'), answer('g', true)];
  const at = (url: string | null, siteName?: string): EngagementInput => ({ kind: 'location', url, ...(siteName ? { siteName } : {}) });
  const attach = (url: string): EngagementInput => fromTab({ type: 'live:attach', url, title: 'Page', siteName: 'Other shop' });
  const dom = fromTab({ type: 'live:dom', events: [{ type: 2, timestamp: T0, data: {} }] });
  const page = fromTab({ type: 'live:page', url: 'https://other.example/p', title: 'Elsewhere' });

  it.each<[string, EngagementInput[], boolean]>([
    ['on the enterprise’s site', [at('https://shop.example/p/1')], false],
    ['on a subdomain of it', [at('https://www.shop.example/p/1')], false],
    ['on another participating shop (its page attached)', [at('https://shop.example/p/1'), attach('https://other.example/p')], true],
    ['on a site the extension may not see', [at('https://shop.example/p/1'), at(null)], true],
    ['back on the shop', [at('https://shop.example/p/1'), at('https://other.example/'), at('https://shop.example/p/2')], false],
  ])('%s: away %s', (_case, inputs, away) => {
    expect(run([...sharing, ...inputs]).state.away).toBe(away);
  });

  it('pauses viewing and guidance at once when the tab leaves, tells the associate, and keeps the consents for the way back', () => {
    const left = run([...sharing, at('https://shop.example/p/1', 'Voltaire'), at('https://other.example/')]);
    expect(sent(left.last)).toEqual([{ v, type: 'location', onShop: false }]);
    expect(toTab(left.last)).toEqual([{ type: 'live:view', view: expect.objectContaining({ away: true, shopName: 'Voltaire', consents: { view: true, guide: true, voice: false } }) }]);
    const step = (input: EngagementInput) => reduceEngagement(left.state, input, T0);
    expect(sent(step(dom).effects)).toEqual([]);
    expect(sent(step(page).effects)).toEqual([]);
    expect(step(fromAssociate({ v, type: 'pointer', x: 1, y: 1, visible: true })).effects).toEqual([]);
    expect(sent(step(fromAssociate({ v, type: 'highlight', nodeId: 4 })).effects)).toEqual([{ v, type: 'guidance-refused', command: 'highlight', reason: 'not_allowed' }]);
    expect(toTab(step(fromAssociate({ v, type: 'snapshot-request' })).effects)).toEqual([]);
    const back = reduceEngagement(left.state, at('https://shop.example/p/2'), T0);
    expect(sent(back.effects)).toEqual([{ v, type: 'location', onShop: true }]);
    expect(granted(back.state.consents)).toEqual({ view: true, guide: true, voice: false });
    expect(sent(reduceEngagement(back.state, dom, T0).effects)).toEqual([{ v, type: 'dom', events: [{ type: 2, timestamp: T0, data: {} }] }]);
  });

  it('names the shop the tab was on in "you left …", also when its page said so before the enterprise’s sites were known', () => {
    const early = reduceEngagement(initialEngagement('eng-1'), at('https://shop.example/p/1', 'Voltaire Electronics'), T0);
    const known = reduceEngagement(early.state, OPEN[0]!, T0);
    const left = [at('https://shop.example/p/1'), attach('https://other.example/p')].reduce((state, input) => reduceEngagement(state, input, T0).state, known.state);
    expect([left.away, left.shopName]).toEqual([true, 'Voltaire Electronics']);
  });

  it('says nothing until both the enterprise’s sites and the tab’s address are known', () => {
    expect(run([]).state.away).toBe(false);
    const early = reduceEngagement(initialEngagement('eng-1'), at('https://other.example/'), T0);
    expect(early.effects).toEqual([]);
    expect(reduceEngagement(early.state, OPEN[0]!, T0).state.away).toBe(true);
  });
});

describe('the shopper’s phone', () => {
  const phoneAsk = (id: string, purpose: 'call' | 'text'): EngagementInput => fromAssociate({ v, type: 'phone-ask', id, purpose });
  const gave = (purposes: ('call' | 'text')[]): EngagementInput => ({ kind: 'phone', phone: { given: true, masked: '+44 ••• ••• ••23', purposes } });
  const lapsesAt = T0 + LIVE_LIMITS.consentLapsesMs;

  it('the associate’s proposal is an ask the tab shows, with its lapse', () => {
    const { state, last } = run([phoneAsk('p1', 'call')]);
    expect(toView(state).asks).toEqual([{ kind: 'phone', id: 'p1', purpose: 'call', expiresAt: lapsesAt }]);
    expect(sent(last)).toEqual([]);
  });

  it('a no is refused', () => {
    const { state, last } = run([phoneAsk('p1', 'text'), answer('p1', false)]);
    expect(sent(last)).toEqual([{ v, type: 'phone-answer', id: 'p1', given: false, reason: 'refused' }]);
    expect(toView(state).asks).toEqual([]);
  });

  it('a yes alone says nothing: the number comes with the backend’s word, which answers the asks it covers', () => {
    const asked = run([phoneAsk('p1', 'call'), phoneAsk('p2', 'text'), answer('p1', true)]);
    expect(sent(asked.last)).toEqual([]);
    const given = reduceEngagement(asked.state, gave(['call']), T0 + 1_000);
    expect(sent(given.effects)).toEqual([{ v, type: 'phone-answer', id: 'p1', given: true }]);
    expect(toView(given.state).asks.map((a) => a.id)).toEqual(['p2']);
    expect(toView(given.state).phone).toEqual({ given: true, masked: '+44 ••• ••• ••23', purposes: ['call'] });
  });

  it('unanswered, it lapses and counts as no', () => {
    const early = run([phoneAsk('p1', 'call'), [{ kind: 'tick' }, lapsesAt - 1]]);
    expect(sent(early.last)).toEqual([]);
    const { state, last } = run([phoneAsk('p1', 'call'), [{ kind: 'tick' }, lapsesAt]]);
    expect(sent(last)).toEqual([{ v, type: 'phone-answer', id: 'p1', given: false, reason: 'lapsed' }]);
    expect(state.phoneAsks).toEqual([]);
    // A number given after the lapse answers nothing more.
    expect(sent(reduceEngagement(state, gave(['call']), lapsesAt + 1).effects)).toEqual([]);
  });

  it('already given for it: answered at once, the shopper is not asked', () => {
    const { state, last } = run([gave(['call', 'text']), phoneAsk('p1', 'text')]);
    expect(sent(last)).toEqual([{ v, type: 'phone-answer', id: 'p1', given: true }]);
    expect(toView(state).asks).toEqual([]);
  });

  it('the same ask again is nothing; a new one for the same purpose replaces the earlier, which lapses', () => {
    const again = run([phoneAsk('p1', 'call'), phoneAsk('p1', 'call')]);
    expect(sent(again.last)).toEqual([]);
    const replaced = run([phoneAsk('p1', 'call'), [phoneAsk('p2', 'call'), T0 + 5_000]]);
    expect(sent(replaced.last)).toEqual([{ v, type: 'phone-answer', id: 'p1', given: false, reason: 'lapsed' }]);
    expect(toView(replaced.state).asks).toEqual([{ kind: 'phone', id: 'p2', purpose: 'call', expiresAt: lapsesAt + 5_000 }]);
  });

  it('a number removed is shown removed, and asks are put to the shopper again', () => {
    const removed = run([gave(['call']), { kind: 'phone', phone: { given: false, masked: null, purposes: [] } }, phoneAsk('p1', 'call')]);
    expect(toView(removed.state).phone.given).toBe(false);
    expect(toView(removed.state).asks.map((a) => a.id)).toEqual(['p1']);
  });

  it('the end drops the asks unanswered', () => {
    const { state } = run([phoneAsk('p1', 'call'), fromAssociate({ v, type: 'end', reason: 'done' })]);
    expect(state.phoneAsks).toEqual([]);
  });

  describe('the call', () => {
    const callView = (change: object = {}) => ({
      callId: 'c1',
      engagementId: 'eng-1',
      direction: 'click-to-call' as const,
      associateVia: 'phone' as const,
      state: 'calling-associate' as const,
      outcome: null,
      startedAt: new Date(T0).toISOString(),
      connectedAt: null,
      endedAt: null,
      talkSeconds: null,
      legs: [],
      ...change,
    });

    it('follows the backend’s pushes and fetches into the view', () => {
      const { state, last } = run([
        { kind: 'calls', calls: [callView()], live: true },
        [{ kind: 'calls', calls: [callView({ state: 'connected', connectedAt: new Date(T0 + 9_000).toISOString() })], live: true }, T0 + 8_000],
      ]);
      expect(toView(state).call).toEqual({ callId: 'c1', state: 'connected', outcome: null, startedAt: new Date(T0).toISOString(), connectedAt: T0 + 8_000, talkSeconds: null });
      expect(toTab(last)).toEqual([{ type: 'live:view', view: expect.objectContaining({ call: expect.objectContaining({ state: 'connected' }) }) }]);
    });

    it('another engagement’s call is not shown, and a repeat changes nothing', () => {
      const other = run([{ kind: 'calls', calls: [callView({ engagementId: 'eng-2' })], live: true }]);
      expect(other.state.call).toBeNull();
      const once = run([{ kind: 'calls', calls: [callView()], live: true }]);
      expect(reduceEngagement(once.state, { kind: 'calls', calls: [callView()], live: false }, T0 + 1).state).toBe(once.state);
    });

    it('a fetch of all the calls shows the newest', () => {
      const { state } = run([{ kind: 'calls', calls: [callView({ state: 'ended', outcome: 'shopper-busy' }), callView({ callId: 'c2', startedAt: new Date(T0 + 60_000).toISOString() })], live: false }]);
      expect(state.call?.callId).toBe('c2');
    });
  });
});
