import { createHmac } from 'node:crypto';
import type { HmacHex } from './signature.core';

/** node's HMAC-SHA256, for the signature core. */
export const hmacSha256Hex: HmacHex = (key, body) => createHmac('sha256', key).update(body).digest('hex');
