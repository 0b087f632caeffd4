import { Hono } from 'hono';
import { ErrorCode } from '../../../../shared/api';
import { ApiFailure } from '../../http/errors';

/**
 * The realtime endpoint answered as plain HTTP: the server hands WebSocket upgrades for this
 * path to the socket before Hono sees them, so a request reaching here did not ask for one.
 */
export function realtimeRoutes() {
  return new Hono().get('/', () => {
    throw new ApiFailure(426, ErrorCode.upgradeRequired, 'This endpoint is a WebSocket: connect with "Upgrade: websocket", then send { v: 1, type: "auth", token }.', undefined, {
      upgrade: 'websocket',
    });
  });
}
