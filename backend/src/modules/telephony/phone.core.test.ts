import { describe, expect, it } from 'vitest';
import { associateTarget, maskedNumber } from './phone.core';

describe('the shopper’s number masked', () => {
  it('shows only the last two digits', () => {
    expect(maskedNumber('+14155550199')).toBe('+•• ••• ••• •99');
    expect(maskedNumber('+447700900456')).toBe('+••• ••• ••• •56');
    expect(maskedNumber('+12')).toBe('+12');
    for (const n of ['+14155550199', '+447700900456']) expect(maskedNumber(n).replace(/\D/g, '')).toBe(n.slice(-2));
  });
});

describe('the associate’s phone leg', () => {
  it('goes to an E.164 number or a SIP address of the contact preferences, nowhere else', () => {
    expect(associateTarget({ phone: '+14155550101' })).toEqual({ to: '+14155550101', via: 'phone' });
    expect(associateTarget({ phone: 'sip:agent@pbx.example.com;transport=tls' })).toEqual({ to: 'sip:agent@pbx.example.com;transport=tls', via: 'sip' });
    for (const contact of [{}, { phone: '' }, { phone: '4155550101' }, { phone: 'tel:+14155550101' }, null, 'x', { phone: 42 }]) expect(associateTarget(contact)).toBeNull();
  });
});
