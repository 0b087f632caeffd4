import { createHmac } from 'node:crypto';
import type { HmacSha256 } from './signature.core';

/** node's HMAC-SHA256, for the signature core. */
export const hmacSha256: HmacSha256 = (key, message) => createHmac('sha256', key).update(message).digest('hex');
