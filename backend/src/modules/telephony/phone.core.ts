/*
 * The shopper's number as anyone sees it, and where an associate's phone leg goes. Pure.
 */
import { AssociatePhone } from '../../../../shared/telephony';

/**
 * A number masked to its last two digits: a plus, dots for the others in groups of three from
 * the right (`+•• ••• ••• •99`). Nothing but its length and last two digits shows.
 */
export function maskedNumber(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const shown = '•'.repeat(Math.max(0, digits.length - 2)) + digits.slice(-2);
  const groups: string[] = [];
  for (let end = shown.length; end > 0; end -= 3) groups.unshift(shown.slice(Math.max(0, end - 3), end));
  return `+${groups.join(' ')}`;
}

/** Where the associate's leg is called: their contact preferences' phone (E.164) or SIP address; null without one that is valid. */
export function associateTarget(contact: unknown): { to: string; via: 'phone' | 'sip' } | null {
  const phone = typeof contact === 'object' && contact !== null ? (contact as { phone?: unknown }).phone : undefined;
  const parsed = AssociatePhone.safeParse(phone);
  if (!parsed.success) return null;
  return { to: parsed.data, via: parsed.data.startsWith('+') ? 'phone' : 'sip' };
}
