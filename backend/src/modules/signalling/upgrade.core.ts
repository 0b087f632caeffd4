import { LIVE_PEER_KEY } from '../../../../shared/live';

/** What the PeerJS client's query names: the server key, the peer's id and its token, and its version. */
const NAMES = new Set(['key', 'id', 'token', 'version']);

/**
 * The peer id and token of a signalling upgrade's query, or null when the query is not one
 * the PeerJS client sends: `key`, `id` and `token` exactly once each (`peer` reads the LAST of
 * repeated ones, a check reading the first would let `id=mine&id=partners` through), the
 * server's key, nothing else but `version`.
 *
 *   signallingQuery('?key=floorwalker&id=fw-1&token=fwp_x&version=1.5.4') → { peerId: 'fw-1', token: 'fwp_x' }
 *   signallingQuery('?key=floorwalker&id=fw-1&id=fw-2&token=fwp_x') → null
 */
export function signallingQuery(search: string): { peerId: string; token: string } | null {
  const params = new URLSearchParams(search);
  const seen = new Map<string, string>();
  for (const [name, value] of params) {
    if (!NAMES.has(name) || seen.has(name)) return null;
    seen.set(name, value);
  }
  const peerId = seen.get('id') ?? '';
  const token = seen.get('token') ?? '';
  if (seen.get('key') !== LIVE_PEER_KEY || !/^[A-Za-z0-9_-]{1,100}$/.test(peerId) || !/^[A-Za-z0-9_-]{1,200}$/.test(token)) return null;
  return { peerId, token };
}
