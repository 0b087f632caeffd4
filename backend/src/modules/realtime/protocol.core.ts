import { ErrorCode } from '../../../../shared/api';
import { ClientMessage, type Presence, REALTIME_VERSION, RealtimeClose } from '../../../../shared/realtime';

/** Who is on the other end of an authenticated socket: a party by its token, or a console by its cookie. */
export type Role = 'shopper' | 'associate' | 'console';

/** What to do with one message a client sent. */
export type Reading =
  /** Look the token up as this role's; close 4401 if it is not known. */
  | { kind: 'auth'; role: 'shopper' | 'associate'; token: string }
  /** Check the upgrade's console cookie and origin, and the user's standing in the enterprise; close 4401 or 4403 if not. */
  | { kind: 'console'; enterpriseId: string }
  | { kind: 'pong' }
  | { kind: 'accept'; offerId: string }
  | { kind: 'decline'; offerId: string; goAway: boolean }
  | { kind: 'presence'; presence: Presence }
  /** Answer with an `error` message; the socket stays open. */
  | { kind: 'refuse'; code: string; message: string; offerId?: string }
  | { kind: 'close'; code: number; reason: string };

/** Codes of the `error` messages the socket itself sends (the services' failures carry their API codes). */
export const SocketErrorCode = {
  invalidMessage: 'invalid_message',
  unsupportedVersion: 'unsupported_version',
  forbidden: 'forbidden',
} as const;

/** The token's prefix says who is connecting. */
export function roleOfToken(token: string): 'shopper' | 'associate' | null {
  if (token.startsWith('fws_')) return 'shopper';
  if (token.startsWith('fwa_')) return 'associate';
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthorized = (reason: string): Reading => ({ kind: 'close', code: RealtimeClose.unauthorized, reason });

/**
 * Reads one text message from a client: `role` is null until the socket has authenticated.
 * Before that only a valid `auth` is taken (anything else closes 4401, so a socket never
 * sits open unauthenticated); after it, a message that is not valid is answered with an
 * `error` and the socket stays open.
 */
export function readClientMessage(raw: string, role: Role | null): Reading {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return role ? refuse(SocketErrorCode.invalidMessage, 'The message is not JSON.') : unauthorized('the first message must be auth');
  }
  const version = (json as { v?: unknown } | null)?.v;
  if (role && typeof json === 'object' && json !== null && version !== REALTIME_VERSION) {
    return refuse(SocketErrorCode.unsupportedVersion, `This server speaks version ${REALTIME_VERSION} ("v": ${REALTIME_VERSION}).`);
  }
  const parsed = ClientMessage.safeParse(json);
  if (!parsed.success) {
    if (!role) return unauthorized('the first message must be auth');
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return refuse(SocketErrorCode.invalidMessage, `The message does not match the schema${where}: ${issue?.message ?? 'invalid'}.`);
  }
  const message = parsed.data;
  if (!role) {
    if (message.type === 'console') return { kind: 'console', enterpriseId: message.enterpriseId };
    if (message.type !== 'auth') return unauthorized('the first message must be auth');
    const as = roleOfToken(message.token);
    return as ? { kind: 'auth', role: as, token: message.token } : unauthorized('the token is neither a shopper nor an associate token');
  }
  // Offer ids are UUIDs: anything else cannot name one (and must not reach a uuid column).
  if ((message.type === 'accept' || message.type === 'decline') && !UUID.test(message.offerId)) {
    return refuse(ErrorCode.notFound, 'The offer was not found.', message.offerId);
  }
  switch (message.type) {
    case 'auth':
    case 'console':
      return refuse(SocketErrorCode.invalidMessage, 'The socket is already authenticated.');
    case 'pong':
      return { kind: 'pong' };
    case 'accept':
      return role === 'associate' ? { kind: 'accept', offerId: message.offerId } : associatesOnly(message.type, message.offerId);
    case 'decline':
      return role === 'associate'
        ? { kind: 'decline', offerId: message.offerId, goAway: message.goAway ?? false }
        : associatesOnly(message.type, message.offerId);
    case 'presence':
      return role === 'associate' ? { kind: 'presence', presence: message.presence } : associatesOnly(message.type);
  }
}

function refuse(code: string, message: string, offerId?: string): Reading {
  return { kind: 'refuse', code, message, ...(offerId ? { offerId } : {}) };
}

function associatesOnly(type: string, offerId?: string): Reading {
  return refuse(SocketErrorCode.forbidden, `Only an associate can send "${type}".`, offerId);
}
