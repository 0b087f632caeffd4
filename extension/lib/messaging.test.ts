import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatchMessage, sendMessage, type MessageHandlers } from './messaging';

const handlers: MessageHandlers<'events:report' | 'consent:set' | 'observe:set' | 'backend:set'> = {
  'events:report': async ({ events }) => ({ accepted: events.length, refused: 0 }),
  'consent:set': async () => {
    throw new Error('Storage is full.');
  },
  'observe:set': async ({ on }) => ({ observing: on, missingAccess: [] }),
  'backend:set': async ({ url }) => ({ url, sites: null, missingAccess: [] }),
};

beforeEach(() => fakeBrowser.reset());

describe('dispatchMessage', () => {
  it('answers a known message with its handler’s value', async () => {
    expect(await dispatchMessage(handlers, { type: 'observe:set', on: false }, {})).toEqual({ ok: true, value: { observing: false, missingAccess: [] } });
  });

  it('turns a handler’s error into an error answer', async () => {
    expect(await dispatchMessage(handlers, { type: 'consent:set', given: true }, {})).toEqual({ ok: false, error: 'Storage is full.' });
  });

  it('answers a message addressed to the background', async () => {
    expect(await dispatchMessage(handlers, { target: 'background', type: 'observe:set', on: false }, {})).toMatchObject({ ok: true });
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
    expect(dispatchMessage(handlers, raw, {})).toBeUndefined();
  });
});

describe('sendMessage', () => {
  // fakeBrowser answers with what a listener returns (it has no sendResponse).
  const background = () => fakeBrowser.runtime.onMessage.addListener((raw: unknown) => dispatchMessage(handlers, raw, {}));

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
