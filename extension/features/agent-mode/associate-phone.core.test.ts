import { describe, expect, it } from 'vitest';
import { isSip, readAssociatePhone } from './associate-phone.core';

describe('the associate’s phone for calls, as typed', () => {
  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['0049 30.1234567', '+49301234567'],
    ['sip:agent@pbx.example.com', 'sip:agent@pbx.example.com'],
    ['  sips:ana.b@pbx.example.com:5061;transport=tls ', 'sips:ana.b@pbx.example.com:5061;transport=tls'],
    ['   ', null],
  ])('takes %j as %j', (typed, phone) => {
    expect(readAssociatePhone(typed)).toEqual({ ok: true, phone });
  });

  it.each([
    ['020 7946 0958', 'Start the number with + and the country code (such as +44 for the UK or +1 for the US).'],
    ['+44 20 7946 095x', 'Write a phone number (such as +44 20 7946 0958) or a SIP address starting with sip:.'],
    ['ana@example.com', 'Write a phone number (such as +44 20 7946 0958) or a SIP address starting with sip:.'],
    ['+44 20 7946 0958 ext 2', 'Write a phone number (such as +44 20 7946 0958) or a SIP address starting with sip:.'],
    ['+44#2079', 'A phone number has only digits after the +.'],
    ['+0 20 7946 0958', 'A country code never starts with 0: check the digits after the +.'],
    ['+44 1234', 'That number is too short: write it in full, with the country code.'],
    ['+44 2079 4609 5812 345', 'That number is too long: at most 15 digits after the +.'],
    ['sip:pbx.example.com', 'That SIP address is not complete: write it as sip:name@host (a port and ;transport=udp, tcp or tls may follow).'],
  ])('refuses %j: %s', (typed, message) => {
    expect(readAssociatePhone(typed)).toEqual({ ok: false, message });
  });

  it('tells a SIP address from a number', () => {
    expect(isSip('sip:a@b.example')).toBe(true);
    expect(isSip('+442079460958')).toBe(false);
  });
});
