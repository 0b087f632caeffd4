import { describe, expect, it } from 'vitest';
import { addNumber, checkTelephony, makeFirst, normalNumber, telephonyForm, webhookUrls } from './telephony.core';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'f'.repeat(32);
const set = { configured: true, provider: 'twilio' as const, accountSid: SID, authTokenSet: true, numbers: ['+442079460958', '+14155550100'], updatedAt: '2026-03-01T10:00:00Z' };
const unset = { configured: false, provider: null, accountSid: null, authTokenSet: false, numbers: [], updatedAt: null };

describe('the telephony form', () => {
  it('starts from the settings without the token (the server never gives it), or empty', () => {
    expect(telephonyForm(set)).toEqual({ accountSid: SID, authToken: '', numbers: ['+442079460958', '+14155550100'] });
    expect(telephonyForm(unset)).toEqual({ accountSid: '', authToken: '', numbers: [] });
    expect(telephonyForm(null)).toEqual({ accountSid: '', authToken: '', numbers: [] });
  });

  it('sends the token only when typed: empty keeps the one set', () => {
    expect(checkTelephony({ accountSid: ` ${SID} `, authToken: '', numbers: ['+442079460958'] }, true)).toEqual({ ok: true, body: { provider: 'twilio', accountSid: SID, numbers: ['+442079460958'] } });
    expect(checkTelephony({ accountSid: SID, authToken: ` ${TOKEN}`, numbers: ['+442079460958'] }, true)).toEqual({ ok: true, body: { provider: 'twilio', accountSid: SID, authToken: TOKEN, numbers: ['+442079460958'] } });
  });

  it('needs the token the first time, and names each field at fault in the contract’s words', () => {
    const first = checkTelephony({ accountSid: SID, authToken: '', numbers: ['+442079460958'] }, false);
    expect(first.ok ? {} : first.errors.fields).toEqual({ authToken: expect.stringMatching(/needed the first time/) });
    const bad = checkTelephony({ accountSid: 'AC123', authToken: 'NOT-HEX', numbers: [] }, true);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.fields.accountSid).toMatch(/AC and 32 lowercase hex digits/);
    expect(bad.errors.fields.authToken).toMatch(/32 lowercase hex digits/);
    expect(bad.errors.fields.numbers).toBe('Add the number the account calls from.');
    expect(bad.errors.form).toBeNull();
  });

  it('adds numbers in E.164 once each, as typed with spaces and dashes, and says why not', () => {
    expect(normalNumber('+44 20 7946-0958')).toBe('+442079460958');
    expect(normalNumber('+1 (415) 555.0100')).toBe('+14155550100');
    expect(addNumber([], '+44 20 7946 0958')).toEqual({ ok: true, numbers: ['+442079460958'] });
    expect(addNumber(['+442079460958'], '+14155550100')).toEqual({ ok: true, numbers: ['+442079460958', '+14155550100'] });
    expect(addNumber(['+442079460958'], '+44 (20) 79460958')).toEqual({ ok: false, error: '+442079460958 is in the list already.' });
    expect(addNumber([], '020 7946 0958')).toEqual({ ok: false, error: expect.stringMatching(/E\.164/) });
    expect(addNumber([], '+0123')).toMatchObject({ ok: false });
    expect(addNumber([], '  ')).toMatchObject({ ok: false, error: expect.stringMatching(/Type a number/) });
    const twenty = Array.from({ length: 20 }, (_, i) => `+4420794609${String(i).padStart(2, '0')}`);
    expect(addNumber(twenty, '+14155550100')).toEqual({ ok: false, error: 'At most 20 numbers.' });
  });

  it('makes a number first, the others kept in their order', () => {
    expect(makeFirst(['+1', '+2', '+3'], 2)).toEqual(['+3', '+1', '+2']);
    expect(makeFirst(['+1', '+2', '+3'], 0)).toEqual(['+1', '+2', '+3']);
    expect(makeFirst(['+1', '+2'], 5)).toEqual(['+1', '+2']);
  });

  it('gives the webhook addresses for incoming texts and calls under the public address', () => {
    expect(webhookUrls('https://fw.voltaire.example/')).toEqual({
      texts: 'https://fw.voltaire.example/api/v1/webhooks/twilio/texts/incoming',
      calls: 'https://fw.voltaire.example/api/v1/webhooks/twilio/calls/incoming',
    });
  });
});
