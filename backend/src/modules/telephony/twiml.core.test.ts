import { describe, expect, it } from 'vitest';
import { associateVia, bridgeTwiml, E164, emptyTwiml, hangupTwiml, isSipAddress, xmlEscape } from './twiml.core';

const bridge = {
  shopper: '+14155550123',
  action: 'https://floorwalker.example/api/v1/webhooks/twilio/dial-done?engagement=e1&leg=2',
  legStatusCallback: 'https://floorwalker.example/api/v1/webhooks/twilio/leg-status?engagement=e1',
};

describe('the click-to-call bridge’s TwiML', () => {
  it('dials the shopper into the answered call, reporting the shopper’s leg, its URLs escaped', () => {
    expect(bridgeTwiml(bridge)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Dial answerOnBridge="true" action="https://floorwalker.example/api/v1/webhooks/twilio/dial-done?engagement=e1&amp;leg=2" method="POST">' +
        '<Number statusCallback="https://floorwalker.example/api/v1/webhooks/twilio/leg-status?engagement=e1" statusCallbackEvent="initiated ringing answered completed" statusCallbackMethod="POST">+14155550123</Number>' +
        '</Dial></Response>',
    );
  });

  it('adds the caller id, ring timeout and time limit when given', () => {
    const xml = bridgeTwiml({ ...bridge, callerId: '+15005550006', timeoutSeconds: 25, timeLimitSeconds: 1800 });
    expect(xml).toContain('<Dial answerOnBridge="true" action="https://floorwalker.example/api/v1/webhooks/twilio/dial-done?engagement=e1&amp;leg=2" method="POST" callerId="+15005550006" timeout="25" timeLimit="1800">');
  });

  it('keeps anything in a URL from breaking out of its attribute', () => {
    const xml = bridgeTwiml({ ...bridge, action: 'https://x.example/a?b="><Hangup/>&c=\'' });
    expect(xml).toContain('action="https://x.example/a?b=&quot;&gt;&lt;Hangup/&gt;&amp;c=&apos;"');
    expect(xml).not.toContain('<Hangup/>');
  });

  it('refuses a number that is not E.164, rather than dialling it', () => {
    expect(() => bridgeTwiml({ ...bridge, shopper: '4155550123' })).toThrowError(RangeError);
    expect(() => bridgeTwiml({ ...bridge, shopper: '+1415</Number><Dial>' })).toThrowError(RangeError);
    expect(() => bridgeTwiml({ ...bridge, callerId: 'Floorwalker' })).toThrowError(RangeError);
    expect(E164.test('+442071838750')).toBe(true);
    expect(E164.test('+0123')).toBe(false);
    expect(E164.test('+1234567890123456')).toBe(false);
  });

  it('dials the associate: a SIP address with <Sip>, a number with <Number>, reporting the leg the same way', () => {
    const { shopper: _, ...options } = bridge;
    const sip = bridgeTwiml({ ...options, associate: 'sip:agent@pbx.example.com:5070;transport=udp', callerId: '+15005550006', timeoutSeconds: 20 });
    expect(sip).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Dial answerOnBridge="true" action="https://floorwalker.example/api/v1/webhooks/twilio/dial-done?engagement=e1&amp;leg=2" method="POST" callerId="+15005550006" timeout="20">' +
        '<Sip statusCallback="https://floorwalker.example/api/v1/webhooks/twilio/leg-status?engagement=e1" statusCallbackEvent="initiated ringing answered completed" statusCallbackMethod="POST">sip:agent@pbx.example.com:5070;transport=udp</Sip>' +
        '</Dial></Response>',
    );
    expect(bridgeTwiml({ ...options, associate: 'sips:agent@pbx.example.com' })).toContain('>sips:agent@pbx.example.com</Sip>');
    expect(bridgeTwiml({ ...options, associate: '+14155550101' })).toContain('statusCallbackMethod="POST">+14155550101</Number>');
    expect(bridgeTwiml({ ...options, associate: '+14155550101' })).not.toContain('<Sip');
  });

  it('refuses a SIP address for the shopper, and an associate’s phone that is neither a number nor a SIP address (nothing can break out of <Sip>)', () => {
    const { shopper: _, ...options } = bridge;
    expect(() => bridgeTwiml({ ...bridge, shopper: 'sip:shopper@pbx.example.com' })).toThrowError(RangeError);
    for (const bad of ['sip:agent@pbx.example.com</Sip><Hangup/>', 'sip:agent', 'tel:+14155550101', 'agent@pbx.example.com', 'sip:a"b@pbx.example.com', 'sip:agent@pbx.example.com;transport=sctp', '0415 555 019']) {
      expect(() => bridgeTwiml({ ...options, associate: bad }), bad).toThrowError(RangeError);
    }
  });

  it('tells a SIP address from a number (associate_via)', () => {
    expect([isSipAddress('sip:agent@pbx.example.com'), isSipAddress('SIPS:agent@pbx.example.com:5061'), isSipAddress('+14155550101'), isSipAddress('sip:agent')]).toEqual([true, true, false, false]);
    expect([associateVia('sip:agent@127.0.0.1:5070'), associateVia('+14155550101')]).toEqual(['sip', 'phone']);
  });

  it('hangs up, or does nothing', () => {
    expect(hangupTwiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(emptyTwiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('escapes the five XML specials and nothing else', () => {
    expect(xmlEscape(`a&b<c>d"e'f é`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f é');
  });
});
