import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelChange, RecordedEvent, TranscriptPost } from '../../../shared/live';
import type { ApiResult } from '../../lib/api';
import type { LiveReplay } from '../cobrowse/types';
import { LiveConsole } from './LiveConsole';
import { type ConsoleApi, type ConsoleEngagement, createConsoleEngagement } from './engagement';
import { CREDENTIALS, createFakeLink, type FakeLink } from './testing/fake-link';

const ok = <T,>(body: T): ApiResult<T> => ({ ok: true, status: 200, body });

let fake: FakeLink;
let engagement: ConsoleEngagement;
let calls: { peer: number; ends: string[]; transcripts: TranscriptPost['messages'][]; channels: ChannelChange[] };
let replayed: RecordedEvent[][];
let microphone: { stream: MediaStream; tracks: { enabled: boolean; stopped: boolean }[] };
let container: HTMLDivElement;
let dispose: () => void;
let ids = 0;
/** What the backend's transcript holds when the console opens. */
let stored: { id: string; from: 'shopper' | 'associate'; text: string; sentAt: string }[] = [];
/** How many transcript posts the backend answers 503 before taking one. */
let transcriptBusy = 0;

function fakeApi(): ConsoleApi {
  return {
    peerCredentials: async () => {
      calls.peer++;
      return ok(CREDENTIALS);
    },
    end: async (_id, reason) => {
      calls.ends.push(reason);
      return ok({});
    },
    postTranscript: async (_id, messages) => {
      calls.transcripts.push(messages);
      if (transcriptBusy > 0) {
        transcriptBusy -= 1;
        return { ok: false, status: 503, code: 'busy', message: 'busy', issues: [], retryAfterMs: null };
      }
      return ok({});
    },
    channel: async (_id, change) => {
      calls.channels.push(change);
      return ok({});
    },
    transcript: async () => ok({ messages: stored }),
  };
}

function fakeReplay(): LiveReplay {
  let title = '';
  return {
    add: (events) => {
      replayed.push([...events]);
      title = 'Trail Tent 2P';
    },
    nodeIdAt: (x) => (x >= 0 ? 42 : null),
    toShopperViewport: (x, y) => ({ x: x * 2, y: y * 2 }),
    title: () => title,
    lastAppliedAt: 0,
    destroy: () => {},
  };
}

const $ = (testId: string) => container.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
const $$ = (testId: string) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
const flush = () => vi.advanceTimersByTimeAsync(0);
function type(testId: string, value: string) {
  const input = $(testId) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const consent = (scope: 'view' | 'guide' | 'voice', granted: boolean) => fake.receive({ v: 1, type: 'consent', scope, granted });

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  fake = createFakeLink();
  calls = { peer: 0, ends: [], transcripts: [], channels: [] };
  transcriptBusy = 0;
  replayed = [];
  const tracks = [{ enabled: true, stopped: false }];
  microphone = {
    tracks,
    stream: {
      getAudioTracks: () => tracks,
      getTracks: () => tracks.map((t) => Object.assign(t, { stop: () => (t.stopped = true) })),
    } as unknown as MediaStream,
  };
  engagement = createConsoleEngagement({
    engagementId: 'eng-1',
    api: fakeApi(),
    openLink: () => fake.link,
    getMicrophone: async () => microphone.stream,
    newId: () => `id-${++ids}`,
  });
  container = document.createElement('div');
  document.body.append(container);
  dispose = render(() => createComponent(LiveConsole, { engagement, createReplay: () => fakeReplay() }), container);
  await engagement.start();
  fake.setState('open');
  await flush();
});

afterEach(() => {
  dispose();
  engagement.dispose();
  container.remove();
  vi.useRealTimers();
});

describe('the live console', () => {
  it('shows the link state and the shopper’s name', async () => {
    expect($('live-state').dataset.state).toBe('open');
    expect(container.querySelector('h1')?.textContent).toBe('Sam');
    fake.setState('lost');
    expect($('live-state').textContent).toContain('Reconnecting…');
    fake.setState('closed', 'ended_there');
    expect($('live-state').textContent).toContain('Ended: the shopper left');
    expect(($('chat-input') as HTMLInputElement).disabled).toBe(true);
  });

  it('opened again (a reload), shows the chat so far from the transcript, and does not post it again', async () => {
    dispose();
    engagement.dispose();
    stored = [
      { id: 'a1', from: 'associate', text: 'Hello from before', sentAt: '2026-11-30T10:00:00.000Z' },
      { id: 's1', from: 'shopper', text: 'Hi, before the reload', sentAt: '2026-11-30T10:00:05.000Z' },
    ];
    fake = createFakeLink();
    engagement = createConsoleEngagement({ engagementId: 'eng-1', api: fakeApi(), openLink: () => fake.link, getMicrophone: async () => microphone.stream, newId: () => `id-${++ids}` });
    dispose = render(() => createComponent(LiveConsole, { engagement, createReplay: () => fakeReplay() }), container);
    await engagement.start();
    fake.setState('open');
    await flush();
    stored = [];
    expect($$('chat-line').map((l) => [l.dataset.from, l.querySelector('.chat-text')!.textContent])).toEqual([
      ['associate', 'Hello from before'],
      ['shopper', 'Hi, before the reload'],
    ]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.transcripts).toEqual([]);
  });

  it('renders chat as text, never as HTML, with delivery ticks', async () => {
    fake.receive({ v: 1, type: 'chat', id: 's1', text: '<img src=x onerror="window.pwned=1">hello', sentAt: Date.now() });
    type('chat-input', 'Hi <b>there</b>');
    $('chat-send').click();
    const lines = $$('chat-line');
    expect(lines.map((l) => l.dataset.from)).toEqual(['shopper', 'associate']);
    expect(container.querySelector('.chat-lines img, .chat-lines b')).toBeNull();
    expect(lines[0]!.querySelector('.chat-text')!.textContent).toBe('<img src=x onerror="window.pwned=1">hello');
    expect(lines[1]!.dataset.delivered).toBe('false');
    expect(lines[1]!.querySelector('[data-testid="chat-tick"]')!.textContent?.trim()).toBe('✓');
    expect(lines[1]!.querySelector('[data-testid="chat-tick"]')!.getAttribute('aria-label')).toBe('Sent');
    expect(fake.sentOf('chat-ack').map((a) => a.id)).toEqual(['s1']);
    const sent = fake.sentOf('chat');
    expect(sent.map((c) => c.text)).toEqual(['Hi <b>there</b>']);
    fake.receive({ v: 1, type: 'chat-ack', id: sent[0]!.id });
    expect($$('chat-line')[1]!.dataset.delivered).toBe('true');
    expect($$('chat-line')[1]!.querySelector('[data-testid="chat-tick"]')!.textContent?.trim()).toBe('✓✓');
    expect(($('chat-input') as HTMLInputElement).value).toBe('');
  });

  it('says when the shopper types, and tells the shopper when the associate does', async () => {
    fake.receive({ v: 1, type: 'typing', typing: true });
    expect($('chat-typing').textContent).toBe('Sam is typing…');
    type('chat-input', 'Hel');
    expect(fake.sentOf('typing').map((t) => t.typing)).toEqual([true]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fake.sentOf('typing').map((t) => t.typing)).toEqual([true, false]);
  });

  it('posts its own lines to the transcript in a batch, once each, and records chat as used', async () => {
    type('chat-input', 'one');
    $('chat-send').click();
    type('chat-input', 'two');
    $('chat-send').click();
    expect(calls.transcripts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.transcripts.map((batch) => batch.map((m) => m.text))).toEqual([['one', 'two']]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.transcripts).toHaveLength(1);
    expect(calls.channels.map((c) => `${c.method}:${c.state}`)).toEqual(['chat:started']);
  });

  it('tries a transcript post again while the backend is busy, after 1 s then 2 s (the outbox policy), and posts it once it is taken', async () => {
    transcriptBusy = 2;
    type('chat-input', 'one');
    $('chat-send').click();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.transcripts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls.transcripts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.transcripts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls.transcripts.map((batch) => batch.map((m) => m.text))).toEqual([['one'], ['one'], ['one']]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.transcripts).toHaveLength(3);
  });

  it('asks to see the tab, then asks for a snapshot and replays only while allowed', async () => {
    expect($('replay-placeholder')).not.toBeNull();
    $('ask-view').click();
    expect(fake.sentOf('consent-request').map((r) => r.scope)).toEqual(['view']);
    expect(($('ask-view') as HTMLButtonElement).disabled).toBe(true);
    fake.receive({ v: 1, type: 'consent', scope: 'view', granted: true, requestId: fake.sentOf('consent-request')[0]!.id });
    expect(fake.sentOf('snapshot-request')).toHaveLength(1);
    expect($('consent-view').dataset.granted).toBe('true');
    expect(container.querySelector('[data-testid="replay-placeholder"]')).toBeNull();
    const event = { type: 2, timestamp: 1, data: {} };
    fake.receive({ v: 1, type: 'dom', events: [event] });
    fake.receive({ v: 1, type: 'page', url: 'http://localhost:4101/p/tent', title: 'Trail Tent 2P | Shop' });
    expect(replayed).toEqual([[event]]);
    expect($('replay-title').textContent).toBe('Trail Tent 2P');
    expect($('page-url').textContent).toBe('http://localhost:4101/p/tent');
    consent('view', false);
    fake.receive({ v: 1, type: 'dom', events: [event] });
    expect(replayed).toHaveLength(1);
    expect($('replay-placeholder')).not.toBeNull();
    await flush();
    expect(calls.channels.map((c) => `${c.method}:${c.state}`)).toEqual(['view:started', 'view:stopped']);
  });

  it('shows that the shopper did not answer', async () => {
    $('ask-view').click();
    await vi.advanceTimersByTimeAsync(30_000);
    expect($('answer-view').textContent).toBe('The shopper did not answer.');
    expect(($('ask-view') as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps the guidance tools off without the guide consent, each saying why', () => {
    const tools = ['tool-pointer', 'tool-highlight', 'tool-scroll'];
    for (const tool of tools) expect(($(tool) as HTMLButtonElement).disabled, tool).toBe(true);
    expect($('tool-pointer').title).toBe('The shopper has not allowed guiding: ask first.');
    expect($('guide-why').textContent).toBe('The shopper has not allowed guiding: ask first.');
    $('ask-guide').click();
    expect(fake.sentOf('consent-request').map((r) => r.scope)).toEqual(['guide']);
    expect($('tool-pointer').title).toBe('Waiting for the shopper to allow guiding.');
    expect($('ask-guide').title).toBe('Asked: waiting for the shopper’s answer.');
    consent('guide', true);
    for (const tool of tools) expect(($(tool) as HTMLButtonElement).disabled, tool).toBe(false);
    expect($('tool-pointer').title).toBe('');
    expect(container.querySelector('[data-testid="guide-why"]')).toBeNull();
  });

  it('after the shopper says no, every part of the console agrees', async () => {
    $('ask-view').click();
    const [view] = fake.sentOf('consent-request');
    fake.receive({ v: 1, type: 'consent', scope: 'view', granted: false, requestId: view!.id });
    expect($('consent-view').dataset.state).toBe('off');
    expect($('answer-view').textContent).toBe('The shopper said no.');
    expect($('view-why').textContent).toBe('The shopper said no.');
    expect(($('ask-view') as HTMLButtonElement).disabled).toBe(false);
    expect($('replay-placeholder')).not.toBeNull();

    $('voice-call').click();
    expect($('consent-voice').dataset.state).toBe('asking');
    expect($('voice-call').textContent?.trim()).toBe('Cancel call');
    const voice = fake.sentOf('consent-request')[1]!;
    fake.receive({ v: 1, type: 'consent', scope: 'voice', granted: false, requestId: voice.id });
    expect($('consent-voice').dataset.state).toBe('off');
    expect($('answer-voice').textContent).toBe('The shopper said no.');
    expect($('voice-status').textContent).toBe('The shopper said no.');
    expect($('voice').dataset.state).toBe('off');
    expect($('voice-call').textContent?.trim()).toBe('Call again');
    expect(($('voice-call') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a call the associate cancelled: after the shopper’s side hangs up, the panel says the associate ended it, not the shopper', async () => {
    $('voice-call').click();
    $('voice-call').click(); // Cancel call
    const voice = fake.sentOf('consent-request')[0]!;
    fake.receive({ v: 1, type: 'consent', scope: 'voice', granted: true, requestId: voice.id });
    fake.receive({ v: 1, type: 'voice', state: 'off' });
    fake.receive({ v: 1, type: 'consent', scope: 'voice', granted: false });
    await flush();
    expect($('voice').dataset.state).toBe('off');
    expect($('voice-status').textContent).toBe('You cancelled the call.');
    expect($('answer-voice').textContent).toBe('You cancelled the call.');
    expect($('voice-call').textContent?.trim()).toBe('Call');
  });

  it('has one call button, whose label follows the call, and no other way to ask for one', async () => {
    expect(container.querySelector('[data-testid="ask-voice"]')).toBeNull();
    expect($$('voice-call')).toHaveLength(1);
    expect($('voice-call').textContent?.trim()).toBe('Call');
    $('voice-call').click();
    expect($('voice-call').textContent?.trim()).toBe('Cancel call');
    consent('voice', true);
    await flush();
    expect($('voice-call').textContent?.trim()).toBe('Hang up');
    expect($$('voice-call')).toHaveLength(1);
  });

  it('keeps what was typed in "Send the shopper to" while it cannot be sent, and after an error', async () => {
    type('nav-url', 'http://localhost:4101/p/2');
    expect(($('nav-url') as HTMLInputElement).disabled).toBe(false);
    expect(($('nav-send') as HTMLButtonElement).disabled).toBe(true);
    expect($('nav-send').title).toBe('The shopper has not allowed guiding: ask first.');
    expect($('nav-answer').textContent).toBe('The shopper has not allowed guiding: ask first.');
    consent('guide', true);
    expect(($('nav-url') as HTMLInputElement).value).toBe('http://localhost:4101/p/2');
    type('nav-url', 'https://evil.example/p/1');
    $('nav-send').click();
    expect($('nav-answer').dataset.answer).toBe('invalid');
    expect(($('nav-url') as HTMLInputElement).value).toBe('https://evil.example/p/1');
    consent('guide', false);
    expect(($('nav-url') as HTMLInputElement).value).toBe('https://evil.example/p/1');
  });

  it('highlights and scrolls to what is clicked on the replay, and sends the pointer at most 30 times a second', async () => {
    consent('view', true);
    consent('guide', true);
    const layer = container.querySelector<HTMLElement>('.tool-layer')!;
    $('tool-highlight').click();
    layer.dispatchEvent(new MouseEvent('click', { clientX: 10, clientY: 10, bubbles: true }));
    expect(fake.sentOf('highlight')).toEqual([{ v: 1, type: 'highlight', nodeId: 42 }]);
    $('tool-clear-highlight').click();
    expect(fake.sentOf('highlight').at(-1)).toEqual({ v: 1, type: 'highlight', nodeId: null });
    $('tool-scroll').click();
    layer.dispatchEvent(new MouseEvent('click', { clientX: 10, clientY: 10, bubbles: true }));
    expect(fake.sentOf('scroll-to')).toEqual([{ v: 1, type: 'scroll-to', nodeId: 42 }]);

    $('tool-pointer').click();
    for (let i = 0; i < 10; i++) layer.dispatchEvent(new MouseEvent('mousemove', { clientX: i, clientY: 5, bubbles: true }));
    expect(fake.sentOf('pointer')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(40);
    // The last position always arrives, in the shopper's coordinates.
    expect(fake.sentOf('pointer').map((p) => [p.x, p.y, p.visible])).toEqual([
      [0, 10, true],
      [18, 10, true],
    ]);
    layer.dispatchEvent(new MouseEvent('mouseleave'));
    expect(fake.sentOf('pointer').at(-1)?.visible).toBe(false);
  });

  it('refuses to send the shopper outside the shop’s sites, and shows the answer otherwise', async () => {
    consent('guide', true);
    type('nav-url', 'https://evil.example/p/1');
    $('nav-send').click();
    expect($('nav-answer').textContent).toContain('evil.example is not one of the shop’s sites');
    expect(fake.sentOf('navigate-request')).toEqual([]);
    type('nav-url', 'http://localhost:4101/p/2');
    $('nav-send').click();
    const [request] = fake.sentOf('navigate-request');
    expect(request?.url).toBe('http://localhost:4101/p/2');
    expect($('nav-answer').textContent).toBe('Waiting for the shopper…');
    fake.receive({ v: 1, type: 'navigate-answer', id: request!.id, accepted: false, reason: 'refused' });
    expect($('nav-answer').textContent).toBe('The shopper said no.');
  });

  it('calls: asks, gets the microphone on yes, mutes and hangs up', async () => {
    $('voice-call').click();
    expect(fake.sentOf('consent-request').map((r) => r.scope)).toEqual(['voice']);
    consent('voice', true);
    await flush();
    expect(fake.audio.started).toEqual([microphone.stream]);
    expect($('voice').dataset.state).toBe('on');
    $('voice-mute').click();
    expect(microphone.tracks[0]!.enabled).toBe(false);
    expect($('voice-mute').textContent?.trim()).toBe('Unmute');
    expect($('voice-call').textContent?.trim()).toBe('Hang up');
    $('voice-call').click();
    expect(fake.audio.stopped).toBe(1);
    expect(microphone.tracks[0]!.stopped).toBe(true);
    expect(fake.sentOf('voice').map((v) => v.state)).toEqual(['on', 'muted', 'off']);
    await flush();
    expect(calls.channels.map((c) => `${c.method}:${c.state}`)).toEqual(['voice:started', 'voice:stopped']);
  });

  it('End asks once, "End this engagement?"; keep going changes nothing', async () => {
    $('end').click();
    expect($('end-question').textContent).toBe('End this engagement?');
    expect(fake.link.state).toBe('open');
    $('end-cancel').click();
    expect(container.querySelector('[data-testid="end-question"]')).toBeNull();
    $('end').click();
    $('end-confirm').click();
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.link.state).toBe('closed');
    expect(calls.ends).toEqual(['done']);
    expect(container.querySelector('[data-testid="end"]')).toBeNull();
    expect(container.querySelector('[data-testid="end-confirm"]')).toBeNull();
  });

  it('after the end, shows it ended: consents off, the replay marked ended, what was used', async () => {
    fake.receive({ v: 1, type: 'consent', scope: 'view', granted: true });
    consent('guide', true);
    fake.receive({ v: 1, type: 'dom', events: [{ type: 2, timestamp: 1, data: {} }] });
    type('chat-input', 'Hello');
    $('chat-send').click();
    fake.receive({ v: 1, type: 'chat', id: 's1', text: 'Hi', sentAt: Date.now() });
    type('nav-url', 'http://localhost:4101/p/2');
    $('nav-send').click();
    expect($('nav-answer').textContent).toBe('Waiting for the shopper…');
    consent('guide', false);
    expect($('answer-guide').textContent).toBe('The shopper stopped it.');
    $('voice-call').click();
    consent('voice', true);
    await flush();
    expect($('voice').dataset.state).toBe('on');
    await vi.advanceTimersByTimeAsync(65_000);
    $('voice-call').click();
    $('end').click();
    $('end-confirm').click();
    await vi.advanceTimersByTimeAsync(10);
    for (const scope of ['view', 'guide', 'voice']) expect($(`consent-${scope}`).dataset.state, scope).toBe('off');
    expect(container.querySelector('.consent-answer'), 'no answer from before the end').toBeNull();
    expect($('replay-ended').textContent).toContain('Engagement ended');
    expect(container.querySelector('[data-testid="nav-answer"]')).toBeNull();
    expect($('replay-frame').classList.contains('hidden')).toBe(false);
    expect($$('summary-line').map((l) => l.textContent)).toEqual(['Chat2 messages (1 from you)', 'Voice1:05', 'Seeing the tabused', 'Guidingused']);
    expect(($('voice-call') as HTMLButtonElement).disabled).toBe(true);
    expect($('voice-call').title).toBe('The engagement has ended.');
    expect(($('ask-view') as HTMLButtonElement | null)?.disabled ?? true).toBe(true);
  });

  it('ends: the link closes, open channels stop, the transcript and the end are recorded', async () => {
    consent('view', true);
    type('chat-input', 'bye');
    $('chat-send').click();
    $('end').click();
    $('end-confirm').click();
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.link.state).toBe('closed');
    expect(calls.channels.map((c) => `${c.method}:${c.state}`)).toEqual(['view:started', 'chat:started', 'view:stopped', 'chat:stopped']);
    expect(calls.transcripts.flat().map((m) => m.text)).toEqual(['bye']);
    expect(calls.ends).toEqual(['done']);
    expect($('live-state').textContent).toContain('you ended');
  });

  it('records a vanished shopper as peer_lost', async () => {
    fake.setState('closed', 'peer_lost');
    await flush();
    expect(calls.ends).toEqual(['peer_lost']);
  });
});
