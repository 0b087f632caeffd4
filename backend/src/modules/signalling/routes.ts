import { Hono } from 'hono';
import { ErrorCode } from '../../../../shared/api';
import { ApiFailure } from '../../http/errors';

/**
 * The signalling endpoint answered as plain HTTP: the server hands WebSocket upgrades for
 * `/api/v1/peer/peerjs` to the PeerJS server before Hono sees them, so a request reaching here
 * did not ask for one. PeerJS's own HTTP API (ids handed out, peer lists) is not served.
 */
export function signallingRoutes() {
  return new Hono().get('/peerjs', () => {
    throw new ApiFailure(426, ErrorCode.upgradeRequired, 'This endpoint is the PeerJS signalling WebSocket: connect with "Upgrade: websocket" and ?key=&id=&token= from POST /api/v1/engagements/:id/peer.', undefined, {
      upgrade: 'websocket',
    });
  });
}
