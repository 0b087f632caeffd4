import { describe, expect, it } from 'vitest';
import { type ConsentScope, LIVE_LIMITS, type LiveMessage } from '../../../shared/live';
import { granted } from '../live-link/consents.core';
import { type ConsoleEvent, type ConsoleState, consentAnswer, initialConsole, lastNavigation, linkText, navigationProblem, noCallText, step, summary, summaryLines } from './console.core';

const DOMAINS = ['shop.example', 'localhost:4101'];
const T = 1_000_000;
/** A message without its version (distributed over the union). */
type Bare = LiveMessage extends infer M ? (M extends LiveMessage ? Omit<M, 'v'> : never) : never;
const m = (message: Bare): ConsoleEvent => ({ kind: 'message', message: { v: 1, ...message } as LiveMessage, at: T });
const consent = (scope: 'view' | 'guide' | 'voice', granted: boolean, extra: Record<string, unknown> = {}) => m({ type: 'consent', scope, granted, ...extra });

/** Runs events from the initial state; returns the last state and every effect on the way. */
function run(events: ConsoleEvent[], from: ConsoleState = initialConsole(DOMAINS)) {
  let state = from;
  const effects = [];
  for (const e of events) {
    const out = step(state, e);
    state = out.state;
    effects.push(...out.effects);
  }
  return { state, effects, sent: effects.flatMap((e) => (e.type === 'send' ? [e.message] : [])), channels: effects.flatMap((e) => (e.type === 'channel' ? [`${e.method}:${e.state}`] : [])) };
}
const open: ConsoleEvent = { kind: 'link', state: 'open', at: T };

describe('chat', () => {
  const cases: { name: string; events: ConsoleEvent[]; lines: [string, string, string][]; sentTypes: string[]; channels: string[] }[] = [
    {
      name: 'own line: pending, sent, chat starts',
      events: [open, { kind: 'chat-send', id: 'c1', text: ' Hello ', at: T }],
      lines: [['own', 'Hello', 'pending']],
      sentTypes: ['chat'],
      channels: ['chat:started'],
    },
    {
      name: 'own line acknowledged: delivered',
      events: [open, { kind: 'chat-send', id: 'c1', text: 'Hi', at: T }, m({ type: 'chat-ack', id: 'c1' })],
      lines: [['own', 'Hi', 'delivered']],
      sentTypes: ['chat'],
      channels: ['chat:started'],
    },
    {
      name: 'blank line: nothing',
      events: [open, { kind: 'chat-send', id: 'c1', text: '   ', at: T }],
      lines: [],
      sentTypes: [],
      channels: [],
    },
    {
      name: "shopper's line shown once, acknowledged each time",
      events: [open, m({ type: 'chat', id: 's1', text: '<b>hi</b>', sentAt: T }), m({ type: 'chat', id: 's1', text: '<b>hi</b>', sentAt: T })],
      lines: [['other', '<b>hi</b>', 'delivered']],
      sentTypes: ['chat-ack', 'chat-ack'],
      channels: ['chat:started'],
    },
    {
      name: "hello after a reconnection: lines it has count as delivered, the rest go again",
      events: [
        open,
        { kind: 'chat-send', id: 'c1', text: 'one', at: T },
        { kind: 'chat-send', id: 'c2', text: 'two', at: T },
        { kind: 'link', state: 'lost', at: T },
        { kind: 'link', state: 'open', at: T },
        { kind: 'hello', chatSeen: ['c1'] },
      ],
      lines: [
        ['own', 'one', 'delivered'],
        ['own', 'two', 'pending'],
      ],
      sentTypes: ['chat', 'chat', 'chat'],
      channels: ['chat:started'],
    },
  ];
  it.each(cases)('$name', ({ events, lines, sentTypes, channels }) => {
    const out = run(events);
    expect(out.state.chat.entries.map((e) => [e.from, e.text, e.status])).toEqual(lines);
    expect(out.sent.map((s) => s.type)).toEqual(sentTypes);
    expect(out.channels).toEqual(channels);
  });

  it('typing is sent on change only, and never while not connected', () => {
    expect(run([{ kind: 'typing', typing: true }]).sent).toEqual([]);
    const out = run([open, { kind: 'typing', typing: true }, { kind: 'typing', typing: true }, { kind: 'typing', typing: false }]);
    expect(out.sent).toEqual([
      { v: 1, type: 'typing', typing: true },
      { v: 1, type: 'typing', typing: false },
    ]);
    expect(run([open, m({ type: 'typing', typing: true })]).state.remoteTyping).toBe(true);
  });
});

describe('consents', () => {
  const cases: { name: string; events: ConsoleEvent[]; consents: { view: boolean; guide: boolean; voice: boolean }; sent: string[]; channels: string[]; last?: [ConsentScope, string] }[] = [
    {
      name: 'view asked and granted while open: snapshot asked for, view starts',
      events: [open, { kind: 'ask', id: 'q1', scope: 'view', at: T }, consent('view', true, { requestId: 'q1' })],
      consents: { view: true, guide: false, voice: false },
      sent: ['consent-request', 'snapshot-request'],
      channels: ['view:started'],
      last: ['view', 'yes'],
    },
    {
      name: 'view granted before the link opened: snapshot on open',
      events: [consent('view', true), open],
      consents: { view: true, guide: false, voice: false },
      sent: ['snapshot-request'],
      channels: ['view:started'],
    },
    {
      name: 'refused',
      events: [open, { kind: 'ask', id: 'q1', scope: 'guide', at: T }, consent('guide', false, { requestId: 'q1' })],
      consents: { view: false, guide: false, voice: false },
      sent: ['consent-request'],
      channels: [],
      last: ['guide', 'no'],
    },
    {
      name: "shopper's side says it lapsed",
      events: [open, { kind: 'ask', id: 'q1', scope: 'guide', at: T }, consent('guide', false, { requestId: 'q1', lapsed: true })],
      consents: { view: false, guide: false, voice: false },
      sent: ['consent-request'],
      channels: [],
      last: ['guide', 'lapsed'],
    },
    {
      name: 'unanswered: lapses here after the limit',
      events: [open, { kind: 'ask', id: 'q1', scope: 'view', at: T }, { kind: 'tick', at: T + LIVE_LIMITS.consentLapsesMs - 1 }, { kind: 'tick', at: T + LIVE_LIMITS.consentLapsesMs }],
      consents: { view: false, guide: false, voice: false },
      sent: ['consent-request'],
      channels: [],
      last: ['view', 'lapsed'],
    },
    {
      name: 'asking again while one waits: the new request replaces it (the shopper’s side lapses the first)',
      events: [open, { kind: 'ask', id: 'q1', scope: 'view', at: T }, { kind: 'ask', id: 'q2', scope: 'view', at: T + 1 }],
      consents: { view: false, guide: false, voice: false },
      sent: ['consent-request', 'consent-request'],
      channels: [],
      last: ['view', 'asking'],
    },
    {
      name: 'the answer to the replaced request changes nothing; the new one decides',
      events: [open, { kind: 'ask', id: 'q1', scope: 'view', at: T }, { kind: 'ask', id: 'q2', scope: 'view', at: T + 1 }, consent('view', false, { requestId: 'q1', lapsed: true }), consent('view', true, { requestId: 'q2' })],
      consents: { view: true, guide: false, voice: false },
      sent: ['consent-request', 'consent-request', 'snapshot-request'],
      channels: ['view:started'],
      last: ['view', 'yes'],
    },
    {
      name: 'asking while allowed asks nothing',
      events: [open, consent('view', true), { kind: 'ask', id: 'q1', scope: 'view', at: T }],
      consents: { view: true, guide: false, voice: false },
      sent: ['snapshot-request'],
      channels: ['view:started'],
      last: ['view', 'yes'],
    },
    {
      name: 'guide granted then revoked: guide starts and stops',
      events: [open, consent('guide', true), consent('guide', false)],
      consents: { view: false, guide: false, voice: false },
      sent: [],
      channels: ['guide:started', 'guide:stopped'],
      last: ['guide', 'revoked'],
    },
    {
      name: 'the same consent reported twice changes nothing more',
      events: [open, consent('view', true), consent('view', true)],
      consents: { view: true, guide: false, voice: false },
      sent: ['snapshot-request'],
      channels: ['view:started'],
    },
  ];
  it.each(cases)('$name', ({ events, consents, sent, channels, last }) => {
    const out = run(events);
    expect(granted(out.state.consents)).toEqual(consents);
    expect(out.sent.map((s) => s.type)).toEqual(sent);
    expect(out.channels).toEqual(channels);
    if (last) {
      const c = out.state.consents[last[0]];
      expect(c.state === 'asking' ? 'asking' : c.last).toBe(last[1]);
    }
  });
});

describe('send to page', () => {
  const guided = [open, consent('guide', true)];
  const cases: { name: string; events: ConsoleEvent[]; sent: string[]; answer: string }[] = [
    { name: 'allowed and accepted', events: [...guided, { kind: 'navigate', id: 'n1', url: 'https://shop.example/p/2', at: T }, m({ type: 'navigate-answer', id: 'n1', accepted: true })], sent: ['navigate-request'], answer: 'yes' },
    { name: 'refused', events: [...guided, { kind: 'navigate', id: 'n1', url: 'https://shop.example/p/2', at: T }, m({ type: 'navigate-answer', id: 'n1', accepted: false, reason: 'refused' })], sent: ['navigate-request'], answer: 'no' },
    { name: 'unanswered', events: [...guided, { kind: 'navigate', id: 'n1', url: 'https://shop.example/p/2', at: T }, { kind: 'tick', at: T + LIVE_LIMITS.consentLapsesMs }], sent: ['navigate-request'], answer: 'lapsed' },
    { name: 'another site: never sent', events: [...guided, { kind: 'navigate', id: 'n1', url: 'https://evil.example/', at: T }], sent: [], answer: 'not_allowed' },
    { name: 'without the guide consent: never sent', events: [open, { kind: 'navigate', id: 'n1', url: 'https://shop.example/p/2', at: T }], sent: [], answer: 'not_allowed' },
    { name: "an answer to another request changes nothing", events: [...guided, { kind: 'navigate', id: 'n1', url: 'http://localhost:4101/p/2', at: T }, m({ type: 'navigate-answer', id: 'zz', accepted: true })], sent: ['navigate-request'], answer: 'asking' },
  ];
  it.each(cases)('$name', ({ events, sent, answer }) => {
    const out = run(events);
    expect(out.sent.map((s) => s.type)).toEqual(sent);
    expect(lastNavigation(out.state)?.answer).toBe(answer);
  });

  it.each([
    ['https://shop.example/p/1', null],
    ['http://localhost:4101/p/1', null],
    ['https://www.shop.example/p/1', null],
    ['', 'Enter the address'],
    ['shop.example/p/1', 'not a web address'],
    ['javascript:alert(1)', 'Only web pages'],
    ['https://shop.example@evil.example/', 'user name or password'],
    ['https://evil.example/p/1', 'evil.example is not one of the shop’s sites (allowed: shop.example, localhost:4101)'],
    ['http://localhost:9999/', 'localhost:9999 is not one of'],
  ])('navigationProblem(%s)', (url, problem) => {
    const out = navigationProblem(url, DOMAINS);
    if (problem === null) expect(out).toBeNull();
    else expect(out).toContain(problem);
  });
});

describe('voice', () => {
  const cases: { name: string; events: ConsoleEvent[]; local: string; effects: string[]; channels: string[] }[] = [
    {
      name: 'call: asks, the shopper grants, microphone, on',
      events: [open, { kind: 'call', id: 'v1', at: T }, consent('voice', true, { requestId: 'v1' }), { kind: 'audio-started', ok: true, at: T }],
      local: 'on',
      effects: ['send:consent-request', 'start-audio', 'send:voice', 'channel'],
      channels: ['voice:started'],
    },
    {
      name: 'call refused: off',
      events: [open, { kind: 'call', id: 'v1', at: T }, consent('voice', false, { requestId: 'v1' })],
      local: 'off',
      effects: ['send:consent-request', 'stop-audio'],
      channels: [],
    },
    {
      name: 'call unanswered: off after the lapse',
      events: [open, { kind: 'call', id: 'v1', at: T }, { kind: 'tick', at: T + LIVE_LIMITS.consentLapsesMs }],
      local: 'off',
      effects: ['send:consent-request'],
      channels: [],
    },
    {
      name: 'microphone refused: off, with the reason',
      events: [open, { kind: 'call', id: 'v1', at: T }, consent('voice', true), { kind: 'audio-started', ok: false, error: 'denied', at: T }],
      local: 'off',
      effects: ['send:consent-request', 'start-audio'],
      channels: [],
    },
    {
      name: 'mute, unmute, hang up',
      events: [open, consent('voice', true), { kind: 'call', id: 'v1', at: T }, { kind: 'audio-started', ok: true, at: T }, { kind: 'mute', muted: true }, { kind: 'mute', muted: false }, { kind: 'hang-up', at: T }],
      local: 'off',
      effects: ['start-audio', 'send:voice', 'channel', 'mute-audio', 'send:voice', 'mute-audio', 'send:voice', 'stop-audio', 'send:voice', 'channel'],
      channels: ['voice:started', 'voice:stopped'],
    },
    {
      name: 'the shopper hangs up: off here, nothing said back',
      events: [open, consent('voice', true), { kind: 'call', id: 'v1', at: T }, { kind: 'audio-started', ok: true, at: T }, m({ type: 'voice', state: 'off' })],
      local: 'off',
      effects: ['start-audio', 'send:voice', 'channel', 'stop-audio', 'channel'],
      channels: ['voice:started', 'voice:stopped'],
    },
    {
      name: 'the link closes during a call: everything stops',
      events: [open, consent('view', true), consent('voice', true), { kind: 'call', id: 'v1', at: T }, { kind: 'audio-started', ok: true, at: T }, { kind: 'link', state: 'closed', reason: 'ended_there', at: T }],
      local: 'off',
      effects: ['channel', 'send:snapshot-request', 'start-audio', 'send:voice', 'channel', 'stop-audio', 'channel', 'channel'],
      channels: ['view:started', 'voice:started', 'voice:stopped', 'view:stopped'],
    },
  ];
  it.each(cases)('$name', ({ events, local, effects, channels }) => {
    const out = run(events);
    expect(out.state.voice.local).toBe(local);
    expect(out.effects.map((e) => (e.type === 'send' ? `send:${e.message.type}` : e.type))).toEqual(effects);
    expect(out.channels).toEqual(channels);
  });

  it('a call cancelled before the shopper said yes: their yes gets a hang-up, no microphone here', () => {
    const out = run([open, { kind: 'call', id: 'v1', at: T }, { kind: 'hang-up', at: T + 1 }, consent('voice', true, { requestId: 'v1' })]);
    expect(out.state.voice.local).toBe('off');
    expect(out.effects.filter((e) => e.type === 'start-audio')).toEqual([]);
    expect(out.sent.at(-1)).toEqual({ v: 1, type: 'voice', state: 'off' });
    // The consents said again on a reconnection (no request id) hang nothing up.
    expect(run([open, consent('voice', true)]).sent).toEqual([]);
  });
  describe('who ended the call, in words', () => {
    const call: ConsoleEvent = { kind: 'call', id: 'v1', at: T };
    const onCall: ConsoleEvent[] = [open, consent('voice', true), call, { kind: 'audio-started', ok: true, at: T }];
    const hangUp: ConsoleEvent = { kind: 'hang-up', at: T + 1 };
    // The shopper's side answers a hang-up by ending the call there: voice off and the consent withdrawn.
    const shopperSideHangsUp = [m({ type: 'voice', state: 'off' }), consent('voice', false)];
    it.each([
      ['the associate cancels, then the yes arrives and the shopper’s side hangs up', [open, call, hangUp, consent('voice', true, { requestId: 'v1' }), ...shopperSideHangsUp], 'You cancelled the call.'],
      ['the associate hangs up, then the shopper’s side does too', [...onCall, hangUp, ...shopperSideHangsUp], 'You ended the call.'],
      ['the shopper hangs up', [...onCall, ...shopperSideHangsUp], 'The shopper ended the call.'],
      ['the shopper withdraws the voice consent', [...onCall, consent('voice', false)], 'The shopper stopped it.'],
      ['the shopper says no to the call', [open, call, consent('voice', false, { requestId: 'v1' })], 'The shopper said no.'],
      ['the call is never answered', [open, call, { kind: 'tick', at: T + LIVE_LIMITS.consentLapsesMs }], 'The shopper did not answer.'],
      ['a new call after a cancelled one, refused', [open, call, hangUp, consent('voice', false, { requestId: 'v1', lapsed: true }), { kind: 'call', id: 'v2', at: T + 2 }, consent('voice', false, { requestId: 'v2' })], 'The shopper said no.'],
      ['the engagement ends after the associate hung up', [...onCall, hangUp, { kind: 'link', state: 'closed', reason: 'ended_here', at: T + 2 }], 'The engagement has ended.'],
      ['no call yet', [open], 'No call'],
    ] as const)('%s', (_case, events, text) => {
      const out = run([...events]);
      expect(out.state.voice.local).toBe('off');
      expect(noCallText(out.state)).toBe(text);
      // The consent bar's voice answer agrees (after the end the header says it, not the bar).
      expect(consentAnswer(out.state, 'voice')).toBe(text === 'No call' || out.state.link === 'closed' ? null : text);
    });
  });
  it('remembers the shopper muted', () => {
    expect(run([open, m({ type: 'voice', state: 'muted' })]).state.voice.remote).toBe('muted');
  });
  it('keeps why the microphone failed', () => {
    expect(run(cases[3]!.events).state.voice.error).toBe('denied');
  });
});

describe('link and page', () => {
  it('a reconnection with view granted asks for a fresh snapshot', () => {
    const out = run([open, consent('view', true), { kind: 'link', state: 'lost', at: T }, { kind: 'link', state: 'open', at: T }]);
    expect(out.sent.map((s) => s.type)).toEqual(['snapshot-request', 'snapshot-request']);
  });
  it('closing ends every consent, lapses what waits and ignores what comes after', () => {
    const out = run([open, consent('guide', true), { kind: 'ask', id: 'q', scope: 'view', at: T }, { kind: 'link', state: 'closed', reason: 'ended_there', at: T }, m({ type: 'chat', id: 's', text: 'late', sentAt: T })]);
    expect(out.state.consents.view).toEqual({ state: 'off', ask: null, last: 'ended' });
    expect(out.state.consents.guide).toEqual({ state: 'off', ask: null, last: 'ended' });
    expect(out.state.chat.entries).toEqual([]);
    expect(out.state.closedReason).toBe('ended_there');
  });
  it('follows the page and keeps refusals', () => {
    const out = run([open, m({ type: 'page', url: 'https://shop.example/p/1', title: 'Tent' }), m({ type: 'guidance-refused', command: 'highlight', reason: 'masked' })]);
    expect(out.state.page).toEqual({ url: 'https://shop.example/p/1', title: 'Tent' });
    expect(out.state.refusals).toEqual([{ command: 'highlight', reason: 'masked', at: T }]);
  });
  it.each([
    ['connecting', null, 'Connecting…'],
    ['lost', null, 'Reconnecting…'],
    ['closed', 'ended_there', 'Ended: the shopper left'],
    ['closed', 'peer_lost', 'Ended: the connection to the shopper was lost'],
  ] as const)('linkText(%s, %s)', (state, reason, text) => {
    expect(linkText(state, reason)).toBe(text);
  });
});

describe('the shopper leaving the shop', () => {
  it('shows that the shopper left, and asks for a fresh snapshot when they are back with viewing allowed', () => {
    const left = run([open, consent('view', true), m({ type: 'location', onShop: false })]);
    expect(left.state.shopperLeft).toBe(true);
    const back = run([m({ type: 'location', onShop: true })], left.state);
    expect(back.state.shopperLeft).toBe(false);
    expect(back.effects).toContainEqual({ type: 'send', message: { v: 1, type: 'snapshot-request' } });
  });
});

describe('the summary at the end', () => {
  it('counts the messages both ways, the call’s length and whether the tab was seen or guided', () => {
    const out = run([
      open,
      { kind: 'chat-send', id: 'c1', text: 'Hello', at: T },
      m({ type: 'chat', id: 's1', text: 'Hi', sentAt: T }),
      { kind: 'chat-send', id: 'c2', text: 'Shall we talk?', at: T },
      consent('view', true),
      consent('voice', true),
      { kind: 'call', id: 'v1', at: T },
      { kind: 'audio-started', ok: true, at: T + 1_000 },
      { kind: 'hang-up', at: T + 66_000 },
      { kind: 'link', state: 'closed', reason: 'ended_here', at: T + 90_000 },
    ]);
    const s = summary(out.state, T + 120_000);
    expect(s).toEqual({ messages: { sent: 2, received: 1 }, voiceSeconds: 65, viewed: true, guided: false });
    expect(summaryLines(s)).toEqual([
      { label: 'Chat', value: '3 messages (2 from you)' },
      { label: 'Voice', value: '1:05' },
      { label: 'Seeing the tab', value: 'used' },
      { label: 'Guiding', value: 'not used' },
    ]);
    expect(granted(out.state.consents)).toEqual({ view: false, guide: false, voice: false });
  });
  it('guidance allowed and stopped at once still counts as used', () => {
    expect(summary(run([open, consent('guide', true), consent('guide', false)]).state, T).guided).toBe(true);
  });
  it('a call still on counts up to now; nothing used says so', () => {
    const calling = run([open, consent('voice', true), { kind: 'call', id: 'v1', at: T }, { kind: 'audio-started', ok: true, at: T }]);
    expect(summary(calling.state, T + 9_400).voiceSeconds).toBe(9);
    expect(summaryLines(summary(run([open]).state, T))).toEqual([
      { label: 'Chat', value: 'no messages' },
      { label: 'Voice', value: 'no call' },
      { label: 'Seeing the tab', value: 'not used' },
      { label: 'Guiding', value: 'not used' },
    ]);
  });
});

describe('asking the shopper for a number (phone-ask)', () => {
  const ask = (id: string, purpose: 'call' | 'text'): ConsoleEvent => ({ kind: 'phone-ask', id, purpose, at: T });
  it('sends phone-ask on an open link, one at a time; the answer lands on its ask', () => {
    const asked = run([open, ask('p1', 'call'), ask('p2', 'text')]);
    expect(asked.sent).toEqual([{ v: 1, type: 'phone-ask', id: 'p1', purpose: 'call' }]);
    expect(asked.state.phoneAsks.map((a) => [a.id, a.answer])).toEqual([['p1', 'asking']]);
    const given = run([m({ type: 'phone-answer', id: 'p1', given: true })], asked.state);
    expect(given.state.phoneAsks.map((a) => a.answer)).toEqual(['given']);
    const refused = run([ask('p3', 'text'), m({ type: 'phone-answer', id: 'p3', given: false, reason: 'refused' })], given.state);
    expect(refused.state.phoneAsks.map((a) => a.answer)).toEqual(['given', 'refused']);
    const lapsed = run([ask('p4', 'call'), m({ type: 'phone-answer', id: 'p4', given: false, reason: 'lapsed' }), m({ type: 'phone-answer', id: 'p4', given: true })], refused.state);
    expect(lapsed.state.phoneAsks.at(-1)!.answer).toBe('lapsed');
  });

  it('not asked while not connected; what waits lapses when the engagement ends', () => {
    expect(run([ask('p1', 'call')]).sent).toEqual([]);
    const ended = run([open, ask('p1', 'call'), { kind: 'link', state: 'closed', reason: 'ended_there', at: T }]);
    expect(ended.state.phoneAsks.map((a) => a.answer)).toEqual(['lapsed']);
  });
});
