import { describe, expect, it } from 'vitest';
import { type RelayVerdict, relayVerdict } from './relay.core';

const PARTNER = 'fw-0123456789abcdef0123456789abcdef';

describe('what a peer may send through the signalling server', () => {
  it.each<[string, string, RelayVerdict]>([
    ['a heartbeat', '{"type":"HEARTBEAT"}', 'pass'],
    ['an offer to the partner', JSON.stringify({ type: 'OFFER', dst: PARTNER, payload: { sdp: 'v=0' } }), 'pass'],
    ['an answer to the partner', JSON.stringify({ type: 'ANSWER', dst: PARTNER, payload: {} }), 'pass'],
    ['a candidate to the partner', JSON.stringify({ type: 'CANDIDATE', dst: PARTNER, payload: {} }), 'pass'],
    ['a leave to the partner', JSON.stringify({ type: 'LEAVE', dst: PARTNER }), 'pass'],
    ['an offer to a third peer', JSON.stringify({ type: 'OFFER', dst: 'fw-ffffffffffffffffffffffffffffffff', payload: {} }), 'not_to_partner'],
    ['an offer with no destination', JSON.stringify({ type: 'OFFER', payload: {} }), 'not_to_partner'],
    ['a leave with no destination (would unregister)', JSON.stringify({ type: 'LEAVE' }), 'not_to_partner'],
    ['a destination that is not a string', JSON.stringify({ type: 'OFFER', dst: [PARTNER] }), 'not_to_partner'],
    ['an EXPIRE (the server sends those, not peers)', JSON.stringify({ type: 'EXPIRE', dst: PARTNER }), 'type_not_allowed'],
    ['an OPEN', JSON.stringify({ type: 'OPEN', dst: PARTNER }), 'type_not_allowed'],
    ['an unknown type', JSON.stringify({ type: 'offer', dst: PARTNER }), 'type_not_allowed'],
    ['no type', JSON.stringify({ dst: PARTNER }), 'type_not_allowed'],
    ['not JSON', 'OFFER ' + PARTNER, 'not_json'],
    ['a JSON array', JSON.stringify([{ type: 'HEARTBEAT' }]), 'not_json'],
    ['JSON null', 'null', 'not_json'],
  ])('%s', (_name, raw, expected) => {
    expect(relayVerdict(raw, PARTNER)).toBe(expected);
  });
});
