/**
 * What the signalling server lets a peer send. The PeerJS server relays any message to any
 * registered id; here a peer may only keep itself alive (HEARTBEAT) and signal its partner
 * in the same engagement (OFFER, ANSWER, CANDIDATE, LEAVE addressed to the partner's id).
 * Everything else is dropped before the PeerJS server sees it. Pure.
 */

const TO_PARTNER = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']);

export type RelayVerdict = 'pass' | 'not_json' | 'type_not_allowed' | 'not_to_partner';

/** Whether a raw WebSocket message from a peer whose partner is `partnerPeerId` may reach the PeerJS server. */
export function relayVerdict(raw: string, partnerPeerId: string): RelayVerdict {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return 'not_json';
  }
  if (!message || typeof message !== 'object' || Array.isArray(message)) return 'not_json';
  const { type, dst } = message as { type?: unknown; dst?: unknown };
  if (type === 'HEARTBEAT') return 'pass';
  if (typeof type !== 'string' || !TO_PARTNER.has(type)) return 'type_not_allowed';
  return dst === partnerPeerId ? 'pass' : 'not_to_partner';
}
