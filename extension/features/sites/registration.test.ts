import { describe, expect, it } from 'vitest';
import { createFakeScripting } from '../../lib/testing/fake-scripting';
import { createScriptRegistration, SHOPPER_SCRIPT_FILE, SHOPPER_SCRIPT_ID } from './registration';

describe('content script registration', () => {
  it('registers, updates only on change, and unregisters', async () => {
    const scripting = createFakeScripting();
    const registration = createScriptRegistration(scripting);
    await registration.sync([]);
    expect(scripting.calls).toEqual([]);

    await registration.sync(['*://localhost/*']);
    expect(scripting.scripts.get(SHOPPER_SCRIPT_ID)).toEqual({
      id: SHOPPER_SCRIPT_ID,
      matches: ['*://localhost/*'],
      js: [SHOPPER_SCRIPT_FILE],
      runAt: 'document_idle',
      allFrames: false,
    });
    await registration.sync(['*://localhost/*']);
    await registration.sync(['*://localhost/*', '*://*.shop.example/*']);
    expect(scripting.matches()).toEqual(['*://localhost/*', '*://*.shop.example/*']);
    await registration.sync([]);
    expect(scripting.scripts.size).toBe(0);
    expect(scripting.calls).toEqual(['register', 'update', 'unregister']);
  });

  it('serialises overlapping calls, which would otherwise register one id twice', async () => {
    const scripting = createFakeScripting();
    const registration = createScriptRegistration(scripting);
    await Promise.all([registration.sync(['*://a.example/*']), registration.sync(['*://b.example/*'])]);
    expect(scripting.matches()).toEqual(['*://b.example/*']);
  });
});
