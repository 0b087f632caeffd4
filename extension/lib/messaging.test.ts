import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from '#imports';
import { dispatchMessage, MESSAGE_SENDERS, type Message, type MessageHandlers, sendMessage, type SenderKind } from './messaging';
import { fromContentScript, fromExtensionPage, TEST_EXTENSION_ID, TEST_SHOP, testSenderCheck } from './testing/senders';

const handlers: MessageHandlers<'events:report' | 'consent:set' | 'observe:set' | 'backend:set'> = {
  'events:report': async ({ events }) => ({ accepted: events.length, refused: 0 }),
  'consent:set': async () => {
    throw new Error('Storage is full.');
  },
  'observe:set': async ({ on }) => ({ observing: on, missingAccess: [] }),
  'backend:set': async ({ url }) => ({ url, sites: null, missingAccess: [] }),
};

beforeEach(() => fakeBrowser.reset());

const check = testSenderCheck();
const page = fromExtensionPage('options.html');

describe('dispatchMessage', () => {
  it('answers a known message with its handler’s value', async () => {
    expect(await dispatchMessage(handlers, { type: 'observe:set', on: false }, page, check)).toEqual({ ok: true, value: { observing: false, missingAccess: [] } });
  });

  it('turns a handler’s error into an error answer', async () => {
    expect(await dispatchMessage(handlers, { type: 'consent:set', given: true }, page, check)).toEqual({ ok: false, error: 'Storage is full.' });
  });

  it('answers a message addressed to the background', async () => {
    expect(await dispatchMessage(handlers, { target: 'background', type: 'observe:set', on: false }, page, check)).toMatchObject({ ok: true });
  });

  it.each([
    null,
    'hello',
    { type: 'unknown' },
    { type: 'observe:set', on: 'yes' },
    // Addressed to the live host or the live tab: even a shape the background knows is not its own.
    { target: 'live-host', type: 'observe:set', on: false },
    { target: 'live-tab', type: 'observe:set', on: false },
  ])('leaves %j to other listeners', (raw) => {
    expect(dispatchMessage(handlers, raw, page, check)).toBeUndefined();
  });
});

/** One message of each kind, as its handler is asked it. */
const SAMPLES: Record<Message['type'], Message> = {
  'events:report': { type: 'events:report', events: [] },
  'consent:set': { type: 'consent:set', given: true },
  'observe:set': { type: 'observe:set', on: true },
  'backend:set': { type: 'backend:set', url: 'https://floorwalker.example' },
  'mode:set': { type: 'mode:set', mode: 'agent' },
  'agent:sign-in': { type: 'agent:sign-in', email: 'ana@example.com', password: 'secret' },
  'agent:sign-out': { type: 'agent:sign-out' },
  'agent:presence': { type: 'agent:presence', presence: 'away' },
  'agent:notify': { type: 'agent:notify', on: true },
  'agent:phone': { type: 'agent:phone', phone: '+442079460958' },
  'agent:admission': { type: 'agent:admission', enterpriseId: 'e-1', answer: 'accept' },
  'agent:password': { type: 'agent:password', currentPassword: 'old one here', newPassword: 'a new one here' },
  'agent:devices': { type: 'agent:devices' },
  'agent:device-sign-out': { type: 'agent:device-sign-out', deviceId: 'd-1' },
  'agent:sign-out-everywhere': { type: 'agent:sign-out-everywhere' },
  'agent:reset-request': { type: 'agent:reset-request', email: 'ana@example.com' },
  'agent:schedule-exceptions': { type: 'agent:schedule-exceptions' },
  'agent:schedule-exception-set': { type: 'agent:schedule-exception-set', date: '2026-03-10', periods: [], note: null },
  'agent:schedule-exception-remove': { type: 'agent:schedule-exception-remove', date: '2026-03-10' },
  'messages:list': { type: 'messages:list' },
  'message:step': { type: 'message:step', messageId: 'm-1', step: 'take' },
  'opportunity:ask': { type: 'opportunity:ask', url: 'https://volt.example/p/1' },
  'offer:accept': { type: 'offer:accept', offerId: 'o1' },
  'offer:decline': { type: 'offer:decline', offerId: 'o1', goAway: false },
  'offer:dismiss': { type: 'offer:dismiss', offerId: 'o1' },
  'invitation:answer': { type: 'invitation:answer', engagementId: 'e1', accept: true },
  'opportunity:message': { type: 'opportunity:message', opportunityId: 'op1', message: 'Call me' },
  'opportunity:message-dismiss': { type: 'opportunity:message-dismiss', opportunityId: 'op1' },
};

/** Every sender the background may meet, and what it is. */
const SENDERS: [string, Browser.runtime.MessageSender, SenderKind | null][] = [
  ['the popup', fromExtensionPage('popup.html'), 'extension-page'],
  ['the options page in a tab', { ...fromExtensionPage('options.html'), tab: { id: 3, url: 'chrome-extension://test-extension-id/options.html' } as never }, 'extension-page'],
  ['the content script on a shop', fromContentScript(1, `${TEST_SHOP}/p/sony`), 'participating-content-script'],
  ['a content script on a site that left the list', fromContentScript(1, 'https://elsewhere.example/p'), null],
  ['a content script in a frame', { ...fromContentScript(1), frameId: 4 }, null],
  ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }, null],
  ['another extension claiming a shop tab', { ...fromContentScript(1), id: 'other-extension' }, null],
  ['a page of another extension with our id', { id: TEST_EXTENSION_ID, url: 'chrome-extension://other-extension/popup.html' }, null],
  ['no sender at all', {}, null],
];

describe('who may send what', () => {
  const echo = Object.fromEntries(Object.keys(SAMPLES).map((type) => [type, async () => 'done'])) as unknown as unknown as MessageHandlers;
  const cases = Object.values(SAMPLES).flatMap((message) =>
    SENDERS.map(([who, sender, kind]) => ({ type: message.type, who, message, sender, taken: kind !== null && (MESSAGE_SENDERS[message.type] as readonly string[]).includes(kind) })),
  );

  it('has a sample of every kind', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(MESSAGE_SENDERS).sort());
  });

  it.each(cases)('$type from $who: taken $taken', async ({ message, sender, taken }) => {
    const envelope = await dispatchMessage(echo, message, sender, check);
    if (taken) expect(envelope).toEqual({ ok: true, value: 'done' });
    else expect(envelope).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`^Floorwalker does not take "${message.type}" from `)) });
  });

  it('takes settings and agent mode from extension pages only, and the shopper’s page actions from shops only', () => {
    const pageKinds = Object.entries(MESSAGE_SENDERS).filter(([, kinds]) => (kinds as readonly string[]).includes('participating-content-script')).map(([type]) => type);
    expect(pageKinds.sort()).toEqual(['events:report', 'invitation:answer', 'opportunity:message', 'opportunity:message-dismiss']);
  });

  it('does not run the handler of a refused message', async () => {
    let ran = false;
    const spy = { ...echo, 'consent:set': async () => ((ran = true), 'done') } as unknown as MessageHandlers;
    await dispatchMessage(spy, SAMPLES['consent:set'], fromContentScript(), check);
    expect(ran).toBe(false);
  });
});

describe('sendMessage', () => {
  // fakeBrowser answers with what a listener returns (it has no sendResponse).
  const background = () => fakeBrowser.runtime.onMessage.addListener((raw: unknown) => dispatchMessage(handlers, raw, page, check));

  it('returns the background’s reply', async () => {
    background();
    expect(await sendMessage({ type: 'observe:set', on: true })).toEqual({ observing: true, missingAccess: [] });
  });

  it('fails with the background’s own message', async () => {
    background();
    await expect(sendMessage({ type: 'consent:set', given: true })).rejects.toThrow(/^Storage is full\.$/);
  });

  it('fails with a message a page can show when the background cannot be reached', async () => {
    await expect(sendMessage({ type: 'observe:set', on: true })).rejects.toThrow(
      "Floorwalker's background could not be reached (No listeners available). Try again in a moment.",
    );
  });

  it('fails with a message a page can show when nothing answers', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
    await expect(sendMessage({ type: 'observe:set', on: true })).rejects.toThrow("Floorwalker's background did not answer. Try again in a moment.");
  });
});
