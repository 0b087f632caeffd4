import { describe, expect, it } from 'vitest';
import type { CallView, ShopperPhoneView, TextView } from '../../../shared/telephony';
import type { ChatEntry } from '../live-link/chat-log.core';
import {
  askAnswerText,
  callButton,
  callRefusalText,
  callStatus,
  cannotAskPhone,
  chatWithReplies,
  clock,
  currentCall,
  mergeCalls,
  mergeTexts,
  shopperPhoneText,
  SMS_MAX_CHARS,
  smsCountText,
  smsSegments,
  smsText,
  textButton,
  textRefusalText,
  textStatus,
} from './phone.core';
import { call, GIVEN, text } from './testing/phone';

const T = Date.parse('2026-03-01T12:00:00Z');

describe('calls, as pushes and reads bring them', () => {
  it('adds a new call, moves a known one forward, never back, oldest first', () => {
    const ringing = call({ state: 'calling-associate' });
    const connected = call({ state: 'connected', connectedAt: '2026-03-01T12:00:20Z' });
    expect(mergeCalls([], [ringing])).toEqual([ringing]);
    expect(mergeCalls([ringing], [connected])).toEqual([connected]);
    expect(mergeCalls([connected], [ringing])).toEqual([connected]);
    const earlier = call({ callId: 'c0', startedAt: '2026-03-01T11:00:00Z', state: 'ended', outcome: 'completed' });
    expect(mergeCalls([connected], [earlier]).map((c) => c.callId)).toEqual(['c0', 'c1']);
  });

  it('within one state, a leg further on wins (ringing after queued), a replay of the older is dropped', () => {
    const queued = call({ state: 'calling-associate' });
    const ringing = call({ state: 'calling-associate', legs: [{ ...queued.legs[0]!, status: 'ringing' }] });
    expect(mergeCalls([queued], [ringing])[0]!.legs[0]!.status).toBe('ringing');
    expect(mergeCalls([ringing], [queued])[0]!.legs[0]!.status).toBe('ringing');
  });

  it('the current call is one under way, else the latest', () => {
    const old = call({ callId: 'c0', startedAt: '2026-03-01T11:00:00Z', state: 'ended', outcome: 'completed' });
    const live = call({ state: 'calling-shopper' });
    expect(currentCall([])).toBeNull();
    expect(currentCall([old, live])?.callId).toBe('c1');
    expect(currentCall([old])?.callId).toBe('c0');
  });

  it.each([
    ['placing the associate’s leg', call({ state: 'calling-associate' }), 'Ringing your phone…', 'waiting'],
    ['the associate’s phone rings', call({ state: 'calling-associate', legs: [{ ...call().legs[0]!, status: 'ringing' }] }), 'Answer your phone', 'action'],
    ['a dial-in rings the associate', call({ state: 'calling-associate', direction: 'dial-in' }), 'The shopper called in: answer your phone', 'action'],
    ['dialling the shopper', call({ state: 'calling-shopper' }), 'Calling the shopper…', 'waiting'],
    ['connected 83 s ago', call({ state: 'connected', connectedAt: new Date(T - 83_000).toISOString() }), 'Connected 1:23', 'live'],
    ['ended after talking', call({ state: 'ended', outcome: 'completed', talkSeconds: 245 }), 'The call ended · talked 4:05', 'ended'],
    ['the shopper did not answer', call({ state: 'ended', outcome: 'shopper-no-answer', talkSeconds: 0 }), 'The shopper did not answer', 'ended'],
    ['the associate was busy', call({ state: 'ended', outcome: 'associate-busy', talkSeconds: null }), 'Your phone was busy: the shopper was not called', 'ended'],
    ['hung up before connecting', call({ state: 'ended', outcome: 'canceled' }), 'The call was hung up before it connected', 'ended'],
  ] as const)('%s: "%s"', (_, c, words, tone) => {
    expect(callStatus(c, T)).toEqual({ text: words, tone });
  });

  it('the clock: minutes and seconds, hours when it gets long', () => {
    expect([clock(0), clock(7.9), clock(83), clock(3725)]).toEqual(['0:00', '0:07', '1:23', '1:02:05']);
  });
});

describe('"Call the shopper"', () => {
  const ready = { ended: false, associatePhone: '+442079460958', shopperPhone: GIVEN, calls: [] as CallView[], placing: false };
  it.each([
    ['ready', ready, null],
    ['the engagement ended', { ...ready, ended: true }, 'The engagement has ended.'],
    ['being placed', { ...ready, placing: true }, 'Placing the call…'],
    ['no phone of the associate’s', { ...ready, associatePhone: null }, 'Add your phone for calls in the agent settings first: it rings before the shopper’s.'],
    ['the shopper’s number not read yet', { ...ready, shopperPhone: null }, 'Checking whether the shopper gave a number…'],
    ['no number from the shopper', { ...ready, shopperPhone: { given: false, masked: null, purposes: [], givenAt: null } }, 'The shopper has not given a number for calls: propose a call first.'],
    ['a number for texts only', { ...ready, shopperPhone: { ...GIVEN, purposes: ['text'] } }, 'The shopper has not given a number for calls: propose a call first.'],
  ] as const)('%s', (_, input, why) => {
    expect(callButton(input as Parameters<typeof callButton>[0])).toEqual({ show: true, disabled: why });
  });

  it('hidden while a call is under way (Hang up instead), back once it ended', () => {
    expect(callButton({ ...ready, calls: [call({ state: 'connected' })] }).show).toBe(false);
    expect(callButton({ ...ready, calls: [call({ state: 'ended', outcome: 'completed' })] })).toEqual({ show: true, disabled: null });
  });

  it.each([
    ['no_shopper_phone', 409, 'The shopper has not given a number for calls (or took it back): propose a call to ask for one.'],
    ['associate_has_no_phone', 409, 'You have no phone for calls in your agent settings: add one there, then call again.'],
    ['telephony_not_configured', 409, 'This shop has not set up phone calls yet: ask its administrator to connect a Twilio account.'],
    ['call_in_progress', 409, 'A call is already under way in this engagement.'],
    ['engagement_ended', 409, 'The engagement is no longer live.'],
    ['network', 0, 'Could not reach the server for the call. Check the connection, then try again.'],
    ['upstream', 502, 'The phone service did not answer for the call: try again in a moment.'],
    ['invalid_number', 400, 'Could not do the call: Twilio cannot call that number.'],
  ])('refused %s: in words', (code, status, words) => {
    expect(callRefusalText({ status, code, message: 'Twilio cannot call that number.' })).toBe(words);
  });
});

describe('the shopper’s number and asking for one', () => {
  it('says what the backend shows (masked) and for what', () => {
    expect(shopperPhoneText(null)).toBe('Checking whether the shopper gave a number…');
    expect(shopperPhoneText({ given: false, masked: null, purposes: [], givenAt: null })).toBe('The shopper has not given a phone number.');
    expect(shopperPhoneText(GIVEN)).toBe('+44 ••• ••• ••56 · for calls and texts');
    expect(shopperPhoneText({ ...GIVEN, purposes: ['text'] })).toBe('+44 ••• ••• ••56 · for texts only');
    expect(shopperPhoneText({ ...GIVEN, purposes: ['call'] })).toBe('+44 ••• ••• ••56 · for calls only');
  });

  it('asks only on an open link, one question at a time, not for what was given', () => {
    const none: ShopperPhoneView = { given: false, masked: null, purposes: [], givenAt: null };
    expect(cannotAskPhone({ link: 'open', asks: [], shopperPhone: none }, 'call')).toBeNull();
    expect(cannotAskPhone({ link: 'lost', asks: [], shopperPhone: none }, 'call')).toBe('Not connected to the shopper right now.');
    expect(cannotAskPhone({ link: 'closed', asks: [], shopperPhone: none }, 'call')).toBe('The engagement has ended.');
    expect(cannotAskPhone({ link: 'open', asks: [{ id: 'a', purpose: 'text', askedAt: T, answer: 'asking' }], shopperPhone: none }, 'call')).toBe('Asked: waiting for the shopper’s answer.');
    expect(cannotAskPhone({ link: 'open', asks: [], shopperPhone: { ...GIVEN, purposes: ['call'] } }, 'call')).toBe('The shopper already gave a number for calls.');
    expect(cannotAskPhone({ link: 'open', asks: [], shopperPhone: { ...GIVEN, purposes: ['call'] } }, 'text')).toBeNull();
  });

  it('the answer in words', () => {
    const ask = (purpose: 'call' | 'text', answer: 'asking' | 'given' | 'refused' | 'lapsed') => askAnswerText({ id: 'a', purpose, askedAt: T, answer });
    expect(askAnswerText(null)).toBeNull();
    expect(ask('call', 'asking')).toBe('Proposed a call: waiting for the shopper’s answer…');
    expect(ask('text', 'asking')).toBe('Asked for a number for texts: waiting for the shopper’s answer…');
    expect(ask('call', 'given')).toBe('The shopper gave a number for a call.');
    expect(ask('text', 'refused')).toBe('The shopper declined texts.');
    expect(ask('call', 'lapsed')).toBe('The shopper did not answer.');
  });
});

describe('texts', () => {
  it('merges by id, moving a delivery forward only, oldest first; an erased body keeps the words seen', () => {
    const queued = text({ status: 'queued' });
    const delivered = text({ status: 'delivered' });
    expect(mergeTexts([queued], [delivered])).toEqual([delivered]);
    expect(mergeTexts([delivered], [queued])).toEqual([delivered]);
    expect(mergeTexts([delivered], [{ ...delivered, body: null }])[0]!.body).toBe(delivered.body);
    const older = text({ textId: 't0', sentAt: '2026-03-01T11:00:00Z' });
    expect(mergeTexts([queued], [older]).map((t) => t.textId)).toEqual(['t0', 't1']);
  });

  it.each([
    [{ status: 'queued', errorCode: null }, 'Sending…', false],
    [{ status: 'sent', errorCode: null }, 'Sent', false],
    [{ status: 'delivered', errorCode: null }, 'Delivered', false],
    [{ status: 'undelivered', errorCode: 30003 }, 'Not delivered: the shopper’s phone is off or out of reach', true],
    [{ status: 'undelivered', errorCode: null }, 'Not delivered: the carrier gave no reason', true],
    [{ status: 'failed', errorCode: 30006 }, 'Failed: the number is a landline or cannot receive texts', true],
    [{ status: 'failed', errorCode: 12345 }, 'Failed: error 12345', true],
  ] as const)('%o: "%s"', (t, words, problem) => {
    expect(textStatus({ ...t, direction: 'out' })).toEqual({ text: words, problem });
  });

  it('"Text to shopper": only with a number for texts; disabled after the end or a STOP', () => {
    expect(textButton({ ended: false, shopperPhone: { ...GIVEN, purposes: ['call'] }, optedOut: false }).show).toBe(false);
    expect(textButton({ ended: false, shopperPhone: GIVEN, optedOut: false })).toEqual({ show: true, disabled: null });
    expect(textButton({ ended: true, shopperPhone: GIVEN, optedOut: false }).disabled).toBe('The engagement has ended.');
    expect(textButton({ ended: false, shopperPhone: GIVEN, optedOut: true }).disabled).toBe('The shopper replied STOP: texts to this number are blocked.');
    expect(textRefusalText({ status: 409, code: 'recipient_opted_out', message: 'x' })).toBe('The shopper replied STOP: texts to this number are blocked.');
    expect(textRefusalText({ status: 409, code: 'no_shopper_phone', message: 'x' })).toBe('The shopper has not given a number for texts (or took it back): ask for one first.');
  });

  it('a product: name, price and link; a material: title and link', () => {
    expect(smsText({ kind: 'product', name: 'Trail Tent 2P', price: '349.00', currency: 'EUR', url: 'https://shop.example/p/tt-2p' })).toBe('Trail Tent 2P, 349.00 EUR: https://shop.example/p/tt-2p');
    expect(smsText({ kind: 'product', name: ' Pegs \n (8) ', price: null, currency: null, url: 'https://shop.example/p/pegs' })).toBe('Pegs (8): https://shop.example/p/pegs');
    expect(smsText({ kind: 'material', title: 'Product sheet', materialKind: 'document', url: 'https://api.example/m/1' })).toBe('Product sheet (document): https://api.example/m/1');
    expect(smsText({ kind: 'material', title: 'Pitching it', materialKind: 'link', url: 'https://shop.example/g' })).toBe('Pitching it: https://shop.example/g');
  });

  it('stays within 320 characters: a long name is shortened, the link never; a link too long for a text is none', () => {
    const url = `https://shop.example/p/${'x'.repeat(200)}`;
    const long = smsText({ kind: 'product', name: 'Tent '.repeat(100), price: '349.00', currency: 'EUR', url })!;
    expect(long.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(long.endsWith(`…, 349.00 EUR: ${url}`)).toBe(true);
    expect(smsText({ kind: 'product', name: 'Tent', price: '1', currency: 'EUR', url: `https://shop.example/${'y'.repeat(400)}` })).toBeNull();
    for (let n = 0; n < 400; n += 37) {
      const s = smsText({ kind: 'material', title: 'T'.repeat(n), materialKind: 'link', url: `https://s.example/${'z'.repeat(n % 280)}` });
      if (s !== null) expect(s.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    }
  });
});

describe('the shopper’s text replies in the chat', () => {
  const line = (id: string, from: 'own' | 'other', words: string, at: number): ChatEntry => ({ id, from, text: words, sentAt: at, status: 'delivered' });
  const reply = (textId: string, body: string | null, at: number): TextView => text({ textId, direction: 'in', body, status: 'received', sentAt: new Date(at).toISOString() });

  it('a reply from the texts is the shopper’s line, marked, in time order', () => {
    const lines = chatWithReplies([line('a1', 'own', 'Sent you the link', T), line('s1', 'other', 'Thanks', T + 20_000)], [reply('t9', 'Got it', T + 10_000)]);
    expect(lines.map((l) => [l.id, l.from, l.text, l.byText])).toEqual([
      ['a1', 'own', 'Sent you the link', false],
      ['text:t9', 'other', 'Got it', true],
      ['s1', 'other', 'Thanks', false],
    ]);
  });

  it('a reply the transcript also holds (sms:<sid>) shows once, marked; texts sent by the associate are not chat lines', () => {
    const lines = chatWithReplies([line('sms:SM1', 'other', 'Got it', T + 10_000)], [reply('t9', 'Got it', T + 10_050), text({ direction: 'out' })]);
    expect(lines.map((l) => [l.id, l.byText])).toEqual([['sms:SM1', true]]);
    // Two replies with the same words are two lines.
    const twice = chatWithReplies([line('sms:SM1', 'other', 'ok', T)], [reply('t1', 'ok', T), reply('t2', 'ok', T + 5_000)]);
    expect(twice.map((l) => l.id)).toEqual(['sms:SM1', 'text:t2']);
    // An erased reply still shows that there was one.
    expect(chatWithReplies([], [reply('t3', null, T)])[0]!.text).toBe('A text message (its words are no longer kept).');
  });
});

describe('a text’s parts, as the composer counts them', () => {
  it('GSM-7: 160 to one text, 153 to each part of a longer one; an extension character counts two', () => {
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0 });
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
    expect(smsSegments('Price: 349 €')).toEqual({ encoding: 'GSM-7', units: 13, segments: 1 });
    expect(smsSegments('€'.repeat(80)).segments).toBe(1);
    expect(smsSegments('€'.repeat(81)).segments).toBe(2);
    expect(smsSegments('Ça coûte 12 £, señor? Ü {ok} [x] ~ | ^ \\').encoding).toBe('UCS-2'); // û is not in GSM 03.38
    expect(smsSegments('Ça va, señor? Ü {ok} [x] ~ | ^ \\ @ £ $ ¥ §').encoding).toBe('GSM-7');
  });

  it('UCS-2 once any character is outside GSM 03.38: 70 UTF-16 units to one text, 67 to each part', () => {
    expect(smsSegments('It’s here')).toEqual({ encoding: 'UCS-2', units: 9, segments: 1 });
    expect(smsSegments('x'.repeat(68) + '🙂')).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('x'.repeat(69) + '🙂')).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsSegments('好'.repeat(134)).segments).toBe(2);
    expect(smsSegments('好'.repeat(135)).segments).toBe(3);
  });

  it('says the count in words, and why the room is smaller', () => {
    expect(smsCountText('')).toBe('0 characters · 0 texts');
    expect(smsCountText('Hi')).toBe('2 characters · 1 text');
    expect(smsCountText('a'.repeat(200))).toBe('200 characters · 2 texts');
    expect(smsCountText('Hi 🙂')).toBe('4 characters · 1 text (an emoji or special character: 70 to a text)');
  });
});
