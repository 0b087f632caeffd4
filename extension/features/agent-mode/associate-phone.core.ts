import { AssociatePhone, PhoneNumber, SipAddress } from '../../../shared/telephony';

/**
 * The associate's "Phone for calls" as typed, read: a phone number (spaces, dots, dashes and
 * brackets allowed, 00 for +) becomes E.164; a SIP address is kept as written. Blank clears it.
 * A mistake is said in plain words.
 */
export function readAssociatePhone(input: string): { ok: true; phone: string | null } | { ok: false; message: string } {
  const raw = input.trim();
  if (raw === '') return { ok: true, phone: null };
  if (/^sips?:/i.test(raw)) {
    if (SipAddress.safeParse(raw).success) return { ok: true, phone: raw };
    return { ok: false, message: 'That SIP address is not complete: write it as sip:name@host (a port and ;transport=udp, tcp or tls may follow).' };
  }
  if (/[a-z@]/i.test(raw)) return { ok: false, message: 'Write a phone number (such as +44 20 7946 0958) or a SIP address starting with sip:.' };
  const compact = raw.replace(/[\s().\-/]/g, '').replace(/^00/, '+');
  if (!compact.startsWith('+')) return { ok: false, message: 'Start the number with + and the country code (such as +44 for the UK or +1 for the US).' };
  if (!/^\+\d+$/.test(compact)) return { ok: false, message: 'A phone number has only digits after the +.' };
  if (compact.startsWith('+0')) return { ok: false, message: 'A country code never starts with 0: check the digits after the +.' };
  if (compact.length > 16) return { ok: false, message: 'That number is too long: at most 15 digits after the +.' };
  if (compact.length < 8 || !PhoneNumber.safeParse(compact).success) return { ok: false, message: 'That number is too short: write it in full, with the country code.' };
  return { ok: true, phone: compact };
}

/** Whether `phone` is a SIP address (else a phone number). */
export function isSip(phone: string): boolean {
  return AssociatePhone.safeParse(phone).success && /^sips?:/i.test(phone);
}
