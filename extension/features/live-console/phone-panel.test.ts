import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallView, ShopperPhoneView, TextList, TextView } from '../../../shared/telephony';
import type { TranscriptMessage } from '../../../shared/live';
import type { ApiResult } from '../../lib/api';
import type { LiveReplay } from '../cobrowse/types';
import { LiveConsole } from './LiveConsole';
import { type ConsoleApi, type ConsoleEngagement, createConsoleEngagement } from './engagement';
import { createPhoneDesk, type PhoneDesk, type PhoneDeskApi } from './phone';
import { createSalesDesk, type SalesDesk } from './sales';
import { connectConsole, CREDENTIALS, createFakeLink, type FakeLink, freshConsoleClock } from './testing/fake-link';
import { call, GIVEN, NOT_GIVEN, text } from './testing/phone';
import { NOW, OFFER, PRACTICES, SALES_INFO } from './testing/sales';

// The Phone panel, "Text to shopper" and the text replies in the chat, as the associate uses them,
// against a fake backend (its answers and its realtime pushes).

const ok = <T,>(body: T): ApiResult<T> => ({ ok: true, status: 200, body });
const refused = (status: number, code: string): ApiResult<never> => ({ ok: false, status, code, message: `refused: ${code}`, issues: [], retryAfterMs: null });

let fake: FakeLink;
let engagement: ConsoleEngagement;
let desk: SalesDesk;
let phone: PhoneDesk;
let container: HTMLDivElement;
let dispose: () => void;
let ids = 0;
let associatePhone: string | null;
/** What the fake backend holds and answers. */
let shopperPhone: ShopperPhoneView;
let stored: { calls: CallView[]; texts: TextList; transcript: TranscriptMessage[] };
let startAnswer: () => ApiResult<unknown>;
let textAnswer: () => ApiResult<{ textId: string; status: string }>;
let requests: string[];
let textsSent: string[];

const phoneApi = (): PhoneDeskApi => ({
  phone: async () => {
    requests.push('GET phone');
    return ok(shopperPhone);
  },
  calls: async () => {
    requests.push('GET calls');
    return ok({ calls: stored.calls });
  },
  startCall: async () => {
    requests.push('POST calls');
    return startAnswer();
  },
  hangUp: async (_id, callId) => {
    requests.push(`POST hangup ${callId}`);
    return ok({});
  },
  texts: async () => {
    requests.push('GET texts');
    return ok(stored.texts);
  },
  sendText: async (_id, body) => {
    textsSent.push(body);
    return textAnswer();
  },
});
const consoleApi = (): ConsoleApi => ({
  peerCredentials: async () => ok(CREDENTIALS),
  end: async () => ok({}),
  postTranscript: async () => ok({}),
  channel: async () => ok({}),
  transcript: async () => ok({ messages: stored.transcript }),
});
const replay = (): LiveReplay => ({ add: () => {}, nodeIdAt: () => null, toShopperViewport: (x, y) => ({ x, y }), title: () => '', lastAppliedAt: 0, destroy: () => {} });

const $ = (testId: string, within: ParentNode = container) => within.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
const $$ = (testId: string, within: ParentNode = container) => [...within.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
const button = (testId: string) => $(testId) as HTMLButtonElement;
const said = (testId: string) => $(testId)?.textContent?.trim() ?? null;
const flush = () => vi.advanceTimersByTimeAsync(0);

async function open() {
  fake = createFakeLink();
  engagement = createConsoleEngagement({ engagementId: 'eng-1', api: consoleApi(), openLink: () => fake.link, getMicrophone: async () => ({}) as MediaStream, newId: () => `id-${++ids}` });
  desk = createSalesDesk({ engagementId: 'eng-1', api: { salesInfo: async () => ok(SALES_INFO), practices: async () => ok(PRACTICES), usage: async () => ok({}) }, log: () => {} });
  phone = createPhoneDesk({ engagementId: 'eng-1', api: phoneApi() });
  container = document.createElement('div');
  document.body.append(container);
  dispose = render(
    () =>
      createComponent(LiveConsole, {
        engagement,
        createReplay: replay,
        sales: desk,
        phone,
        associatePhone: () => associatePhone,
        context: { offer: OFFER, engagement: null, savedAt: NOW },
        now: () => Date.now(),
      }),
    container,
  );
  void desk.start();
  void phone.start();
  await connectConsole(engagement, fake);
}

beforeEach(() => {
  freshConsoleClock(NOW);
  associatePhone = '+442079460958';
  shopperPhone = NOT_GIVEN;
  stored = { calls: [], texts: { texts: [], optedOut: false }, transcript: [] };
  startAnswer = () => ok(call());
  textAnswer = () => ok({ textId: 't1', status: 'queued' });
  requests = [];
  textsSent = [];
});

afterEach(() => {
  dispose();
  engagement.dispose();
  desk.dispose();
  phone.dispose();
  container.remove();
  vi.useRealTimers();
});

describe('the shopper’s number', () => {
  it('none yet: "Call the shopper" says why; proposing a call asks over the link; a yes reads the number again, masked', async () => {
    await open();
    expect(said('phone-shopper')).toBe('The shopper has not given a phone number.');
    expect($('phone-shopper')!.dataset.given).toBe('false');
    expect(button('phone-call-start').disabled).toBe(true);
    expect(said('phone-call-why')).toBe('The shopper has not given a number for calls: propose a call first.');

    button('phone-ask-call').click();
    expect(fake.sentOf('phone-ask')).toEqual([{ v: 1, type: 'phone-ask', id: expect.any(String), purpose: 'call' }]);
    expect(said('phone-ask-answer')).toBe('Proposed a call: waiting for the shopper’s answer…');
    expect(button('phone-ask-text').disabled).toBe(true);

    shopperPhone = GIVEN;
    const reads = requests.filter((r) => r === 'GET phone').length;
    fake.receive({ v: 1, type: 'phone-answer', id: fake.sentOf('phone-ask')[0]!.id, given: true });
    await flush();
    expect(requests.filter((r) => r === 'GET phone').length).toBe(reads + 1);
    expect($('phone-ask-answer')!.dataset.answer).toBe('given');
    expect(said('phone-shopper')).toBe('+44 ••• ••• ••56 · for calls and texts');
    expect(button('phone-call-start').disabled).toBe(false);
    expect($('phone-call-why')).toBeNull();
    expect(button('phone-ask-call').disabled).toBe(true);
  });

  it('asks for a number for texts; a no is said', async () => {
    await open();
    button('phone-ask-text').click();
    expect(fake.sentOf('phone-ask')[0]!.purpose).toBe('text');
    fake.receive({ v: 1, type: 'phone-answer', id: fake.sentOf('phone-ask')[0]!.id, given: false, reason: 'refused' });
    await flush();
    expect(said('phone-ask-answer')).toBe('The shopper declined texts.');
  });

  it('a push (shopper-phone) reads it again', async () => {
    await open();
    shopperPhone = { ...GIVEN, purposes: ['text'] };
    phone.pushed({ type: 'shopper-phone', given: true });
    await flush();
    expect(said('phone-shopper')).toBe('+44 ••• ••• ••56 · for texts only');
    expect(said('phone-call-why')).toBe('The shopper has not given a number for calls: propose a call first.');
  });

  it('without a phone of their own, the associate is sent to the settings', async () => {
    associatePhone = null;
    shopperPhone = GIVEN;
    await open();
    expect(button('phone-call-start').disabled).toBe(true);
    expect(said('phone-call-why')).toBe('Add your phone for calls in the agent settings first: it rings before the shopper’s.');
  });
});

describe('a call', () => {
  beforeEach(() => {
    shopperPhone = GIVEN;
  });

  it('goes from ringing the associate to connected, counts, hangs up and ends with the outcome and the talk time', async () => {
    await open();
    button('phone-call-start').click();
    await flush();
    expect(requests).toContain('POST calls');
    expect($('phone')!.dataset.state).toBe('calling-associate');
    expect(said('phone-call-status')).toBe('Ringing your phone…');
    expect($('phone-call-start')).toBeNull();

    const ringing = call({ legs: [{ ...call().legs[0]!, status: 'ringing' }] });
    phone.pushed({ type: 'call', call: ringing });
    await flush();
    expect(said('phone-call-status')).toBe('Answer your phone');
    phone.pushed({ type: 'call', call: { ...ringing, state: 'calling-shopper' } });
    await flush();
    expect(said('phone-call-status')).toBe('Calling the shopper…');
    // A late push of an earlier state does not move it back.
    phone.pushed({ type: 'call', call: ringing });
    await flush();
    expect(said('phone-call-status')).toBe('Calling the shopper…');

    phone.pushed({ type: 'call', call: { ...ringing, state: 'connected', connectedAt: new Date(Date.now()).toISOString() } });
    await flush();
    expect(said('phone-call-status')).toBe('Connected 0:00');
    await vi.advanceTimersByTimeAsync(83_000);
    expect(said('phone-call-status')).toBe('Connected 1:23');

    button('phone-hang-up').click();
    await flush();
    expect(requests).toContain('POST hangup c1');
    phone.pushed({ type: 'call', call: { ...ringing, state: 'ended', outcome: 'completed', talkSeconds: 85 } });
    await flush();
    expect($('phone-call')!.dataset.outcome).toBe('completed');
    expect(said('phone-call-status')).toBe('The call ended · talked 1:25');
    expect($('phone-hang-up')).toBeNull();
    expect(said('phone-call-start')).toBe('Call the shopper again');
  });

  it('a call under way when the console opens (GET …/calls) shows with Hang up', async () => {
    stored.calls = [call({ callId: 'c0', startedAt: '2026-03-01T11:00:00Z', state: 'ended', outcome: 'shopper-busy' }), call({ state: 'calling-shopper' })];
    await open();
    expect(said('phone-call-status')).toBe('Calling the shopper…');
    expect($('phone-hang-up')).not.toBeNull();
  });

  it.each([
    ['no_shopper_phone', 'The shopper has not given a number for calls (or took it back): propose a call to ask for one.'],
    ['associate_has_no_phone', 'You have no phone for calls in your agent settings: add one there, then call again.'],
    ['telephony_not_configured', 'This shop has not set up phone calls yet: ask its administrator to connect a Twilio account.'],
    ['call_in_progress', 'A call is already under way in this engagement.'],
  ])('refused 409 %s: said in plain words', async (code, words) => {
    startAnswer = () => refused(409, code);
    await open();
    button('phone-call-start').click();
    await flush();
    expect(said('phone-call-error')).toBe(words);
    expect($('phone')!.dataset.state).toBe('idle');
  });
});

describe('texts', () => {
  beforeEach(() => {
    shopperPhone = GIVEN;
  });

  it('"Text to shopper" shows only with a number for texts', async () => {
    shopperPhone = { ...GIVEN, purposes: ['call'] };
    await open();
    expect($('text-in-view')).toBeNull();
    expect($('material-text')).toBeNull();
    expect($('phone-text-compose')).toBeNull();
  });

  it('texts the associate’s own words: counted as the phone gets them, sent trimmed by the button or Ctrl+Enter, the box emptied', async () => {
    await open();
    const box = $('phone-text-body') as HTMLTextAreaElement;
    const type = (words: string) => {
      box.value = words;
      box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    };
    expect(button('phone-text-send').disabled).toBe(true);
    expect(said('phone-text-count')).toBe('0 characters · 0 texts');
    type('   ');
    expect(button('phone-text-send').disabled).toBe(true);
    type('  Yes, it comes in green too: 349 €.  ');
    expect(said('phone-text-count')).toBe('34 characters · 1 text');
    button('phone-text-send').click();
    await flush();
    expect(textsSent).toEqual(['Yes, it comes in green too: 349 €.']);
    expect(box.value).toBe('');
    expect($$('phone-text').map((t) => t.querySelector('.text-body')!.textContent)).toEqual(['Yes, it comes in green too: 349 €.']);

    textAnswer = () => ok({ textId: 't2', status: 'queued' });
    type('Shall I hold one for you? 🙂');
    expect(said('phone-text-count')).toBe('27 characters · 1 text (an emoji or special character: 70 to a text)');
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await flush();
    expect(textsSent[1]).toBe('Shall I hold one for you? 🙂');
    expect(box.value).toBe('');
  });

  it('a refused text keeps the words to send again; a STOP closes the box with why', async () => {
    textAnswer = () => refused(502, 'provider_unavailable');
    await open();
    const box = $('phone-text-body') as HTMLTextAreaElement;
    box.value = 'Here is the link again';
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    button('phone-text-send').click();
    await flush();
    expect(box.value).toBe('Here is the link again');
    expect($('phone-text-error')).not.toBeNull();
    expect(button('phone-text-send').disabled).toBe(false);

    textAnswer = () => refused(409, 'recipient_opted_out');
    button('phone-text-send').click();
    await flush();
    expect(box.disabled).toBe(true);
    expect(button('phone-text-send').disabled).toBe(true);
    expect(said('phone-text-count')).toBe('The shopper replied STOP: texts to this number are blocked.');
  });

  it('texts a product and a material; the list follows the delivery, a failure in words', async () => {
    await open();
    button('text-in-view').click();
    await flush();
    expect(textsSent).toEqual(['Trail Tent 2P, 349.00 EUR: https://shop.example/p/tt-2p']);
    expect(said('text-in-view')).toBe('Texted ✓');
    const item = () => $$('phone-text')[0]!;
    expect(item().dataset.status).toBe('queued');
    expect(said('phone-text-status')).toBe('Sending…');
    phone.pushed({ type: 'text', text: text({ status: 'delivered' }) });
    await flush();
    expect(item().dataset.status).toBe('delivered');
    expect($('phone-text-status', item())!.textContent).toBe('Delivered');

    textAnswer = () => ok({ textId: 't2', status: 'queued' });
    $$('material-text')[0]!.click();
    await flush();
    expect(textsSent[1]).toBe('Trail Tent 2P product sheet (document): https://api.floorwalker.example/m/m-sheet');
    phone.pushed({ type: 'text', text: text({ textId: 't2', body: textsSent[1]!, status: 'undelivered', errorCode: 30005 }) });
    await flush();
    expect($$('phone-text').map((t) => $('phone-text-status', t)!.textContent)).toEqual(['Delivered', 'Not delivered: the number does not exist or is no longer in use']);
  });

  it('a STOP refuses the text (409 recipient_opted_out): said, and every "Text to shopper" is blocked', async () => {
    textAnswer = () => refused(409, 'recipient_opted_out');
    await open();
    button('text-in-view').click();
    await flush();
    expect(said('phone-text-error')).toBe('The shopper replied STOP: texts to this number are blocked.');
    expect(said('phone-opted-out')).toBe('The shopper replied STOP: texts to this number are blocked.');
    expect(button('text-in-view').disabled).toBe(true);
    expect(button('text-in-view').title).toBe('The shopper replied STOP: texts to this number are blocked.');
  });

  it('an opt-out known when the console opens (GET …/texts) blocks texting at once', async () => {
    stored.texts = { texts: [text({ status: 'delivered' })], optedOut: true };
    await open();
    expect($('phone-opted-out')).not.toBeNull();
    expect(button('text-in-view').disabled).toBe(true);
  });

  it('the shopper’s replies are their chat lines, marked "by text message", once even when the transcript has them', async () => {
    const at = '2026-03-01T11:59:50.000Z';
    stored.transcript = [{ id: 'sms:SM1', from: 'shopper', text: 'Is it in green?', sentAt: at }];
    stored.texts = { texts: [text({ status: 'delivered' }), text({ textId: 'in1', direction: 'in', body: 'Is it in green?', status: 'received', sentAt: at })], optedOut: false };
    await open();
    const replies = () => $$('chat-line').filter((l) => l.dataset.via === 'text');
    expect(replies().map((l) => [l.dataset.from, l.querySelector('.chat-text')!.textContent, $('chat-via-text', l)!.textContent!.trim()])).toEqual([['shopper', 'Is it in green?', '· by text message']]);
    const reply: TextView = text({ textId: 'in2', direction: 'in', body: 'Thanks!', status: 'received', sentAt: new Date(Date.now()).toISOString() });
    phone.pushed({ type: 'text', text: reply });
    await flush();
    expect(replies().map((l) => l.querySelector('.chat-text')!.textContent)).toEqual(['Is it in green?', 'Thanks!']);
    // The replies are listed among the texts too.
    expect($$('phone-text').filter((t) => t.dataset.direction === 'in')).toHaveLength(2);
  });
});
