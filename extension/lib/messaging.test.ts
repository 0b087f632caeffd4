import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatchMessage, type MessageHandlers } from './messaging';

const handlers: MessageHandlers = {
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

  it.each([null, 'hello', { type: 'unknown' }, { type: 'observe:set', on: 'yes' }])('leaves %j to other listeners', (raw) => {
    expect(dispatchMessage(handlers, raw, {})).toBeUndefined();
  });
});
