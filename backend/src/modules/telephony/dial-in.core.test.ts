import { describe, expect, it } from 'vitest';
import { bridgeTwiml, gatherTwiml, sayHangupTwiml } from './twiml.core';
import { attemptOf, codeExpiry, codeStillValid, DIAL_IN_CODE_TTL_MS, dialInCodeOf, isDialInCode, MAX_CODE_ATTEMPTS, nextStep, PROMPTS } from './dial-in.core';

describe('dial-in codes', () => {
  it('draws six digits, leading zeros kept, and refuses a draw out of range', () => {
    expect(dialInCodeOf(0)).toBe('000000');
    expect(dialInCodeOf(42)).toBe('000042');
    expect(dialInCodeOf(999_999)).toBe('999999');
    for (const bad of [-1, 1_000_000, 1.5, Number.NaN]) expect(() => dialInCodeOf(bad)).toThrow(RangeError);
  });

  it('tells a code keyed in from anything else', () => {
    expect(isDialInCode('012345')).toBe(true);
    for (const bad of ['12345', '1234567', '12345a', '', null, undefined, '123 45', '１２３４５６']) expect(isDialInCode(bad)).toBe(false);
  });

  it('keeps a code until it expires, thirty minutes after it was issued', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    const expiresAt = codeExpiry(now);
    expect(expiresAt.getTime() - now.getTime()).toBe(DIAL_IN_CODE_TTL_MS);
    expect(DIAL_IN_CODE_TTL_MS).toBe(30 * 60 * 1000);
    expect(codeStillValid({ expiresAt }, now)).toBe(true);
    expect(codeStillValid({ expiresAt }, new Date(expiresAt.getTime() - 1))).toBe(true);
    expect(codeStillValid({ expiresAt }, expiresAt)).toBe(false);
    expect(codeStillValid(undefined, now)).toBe(false);
  });

  it('reads the try from the action URL: 1 to 3, anything else the first', () => {
    expect([null, undefined, '', '1', '2', '3', '0', '4', '22', 'x', '-1'].map(attemptOf)).toEqual([1, 1, 1, 1, 2, 3, 1, 1, 1, 1, 1]);
  });

  it('dials on a good code, asks again after a wrong one, and hangs up after the third or when the call cannot be bridged', () => {
    expect(nextStep({ kind: 'joined' }, 3)).toEqual({ next: 'dial' });
    expect(nextStep({ kind: 'wrong' }, 1)).toEqual({ next: 'retry', attempt: 2, prompt: PROMPTS.retry });
    expect(nextStep({ kind: 'wrong' }, 2)).toEqual({ next: 'retry', attempt: 3, prompt: PROMPTS.retry });
    expect(nextStep({ kind: 'wrong' }, MAX_CODE_ATTEMPTS)).toEqual({ next: 'hangup', say: PROMPTS.giveUp });
    expect(nextStep({ kind: 'unavailable' }, 1)).toEqual({ next: 'hangup', say: PROMPTS.unavailable });
  });
});

describe('the dial-in’s TwiML (twiml.core.ts)', () => {
  const head = '<?xml version="1.0" encoding="UTF-8"?><Response>';
  it('asks for the code by the keypad, then says goodbye and hangs up when nothing comes', () => {
    expect(gatherTwiml({ action: 'https://fw.example/code?attempt=2&x=1', prompt: 'Enter <code>', numDigits: 6, timeoutSeconds: 10, noInput: 'Bye' })).toBe(
      `${head}<Gather input="dtmf" numDigits="6" timeout="10" action="https://fw.example/code?attempt=2&amp;x=1" method="POST"><Say>Enter &lt;code&gt;</Say></Gather><Say>Bye</Say><Hangup/></Response>`,
    );
    expect(sayHangupTwiml('Goodbye & thanks')).toBe(`${head}<Say>Goodbye &amp; thanks</Say><Hangup/></Response>`);
  });

  const dial = { action: 'https://fw.example/a', legStatusCallback: 'https://fw.example/s', callerId: '+14155550000', timeoutSeconds: 30, timeLimitSeconds: 7200 };
  const reported = 'statusCallback="https://fw.example/s" statusCallbackEvent="initiated ringing answered completed" statusCallbackMethod="POST"';
  it('dials the associate’s number with <Number>, or their SIP address with <Sip>, after the words said, the leg reported either way', () => {
    expect(bridgeTwiml({ ...dial, associate: '+14155550101', say: 'Connecting' })).toBe(
      `${head}<Say>Connecting</Say><Dial answerOnBridge="true" action="https://fw.example/a" method="POST" callerId="+14155550000" timeout="30" timeLimit="7200"><Number ${reported}>+14155550101</Number></Dial></Response>`,
    );
    expect(bridgeTwiml({ ...dial, associate: 'sip:agent@pbx.example.com;transport=tls' })).toBe(
      `${head}<Dial answerOnBridge="true" action="https://fw.example/a" method="POST" callerId="+14155550000" timeout="30" timeLimit="7200"><Sip ${reported}>sip:agent@pbx.example.com;transport=tls</Sip></Dial></Response>`,
    );
  });

  it('refuses an address that is neither a number nor a SIP address, or a caller id not E.164', () => {
    expect(() => bridgeTwiml({ ...dial, associate: 'agent@pbx.example.com' })).toThrow(RangeError);
    expect(() => bridgeTwiml({ ...dial, associate: '+14155550101', callerId: '0415' })).toThrow(RangeError);
  });
});
