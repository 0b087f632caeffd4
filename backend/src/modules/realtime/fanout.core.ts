import type { RealtimeRecipient } from '../../../../shared/realtime';

/**
 * How a published message travels between backend instances: as a Postgres NOTIFY whose
 * payload is `<instance>|<recipient>|m|<message JSON>`, or, when that would pass the
 * NOTIFY limit, as `<instance>|<recipient>|o|<outbox row id>` with the message in
 * `realtime_outbox`. Instance ids and recipient keys hold no `|`, so the message JSON is
 * everything after the third one and is never parsed on the way. Revoked sign-in tokens
 * travel the same way, as `<instance>|*|r|<hash>,<hash>,…`: every instance closes the
 * sockets opened with them.
 */

/** Postgres refuses a NOTIFY payload of 8,000 bytes or more. */
export const NOTIFY_MAX_BYTES = 7_999;

/** `a:<associate id>`, `s:<shopper id>` or `e:<enterprise id>` (its consoles): one namespace per kind of recipient, so ids never collide. */
export function recipientKey(recipient: RealtimeRecipient): string {
  if ('enterpriseConsole' in recipient) return `e:${recipient.enterpriseConsole}`;
  return 'associateId' in recipient ? `a:${recipient.associateId}` : `s:${recipient.shopperId}`;
}

export type Notice =
  | { instance: string; recipient: string; kind: 'message'; message: string }
  | { instance: string; recipient: string; kind: 'outbox'; id: string }
  | { instance: string; recipient: string; kind: 'revoked'; tokenHashes: string[] };

/** The recipient field of a revocation: it is for every instance, whoever is connected. */
export const EVERYONE = '*';

/** Revoked token hashes (hex) as NOTIFY payloads, as many hashes in each as fit. */
export function revocationNotices(instance: string, tokenHashes: readonly string[]): string[] {
  const head = `${instance}|${EVERYONE}|r|`;
  const payloads: string[] = [];
  let batch: string[] = [];
  for (const hash of tokenHashes) {
    if (batch.length > 0 && head.length + (batch.join(',').length + 1 + hash.length) > NOTIFY_MAX_BYTES) {
      payloads.push(head + batch.join(','));
      batch = [];
    }
    batch.push(hash);
  }
  if (batch.length > 0) payloads.push(head + batch.join(','));
  return payloads;
}

/** The NOTIFY payload carrying the message itself, or null when it is too large and must go through the outbox. */
export function inlineNotice(instance: string, recipient: string, message: string): string | null {
  const payload = `${instance}|${recipient}|m|${message}`;
  return utf8Length(payload) <= NOTIFY_MAX_BYTES ? payload : null;
}

/** The NOTIFY payload pointing at an outbox row. */
export function outboxNotice(instance: string, recipient: string, id: string): string {
  return `${instance}|${recipient}|o|${id}`;
}

/** Reads a NOTIFY payload; null for one this code did not write. */
export function readNotice(payload: string): Notice | null {
  const a = payload.indexOf('|');
  const b = a < 0 ? -1 : payload.indexOf('|', a + 1);
  const c = b < 0 ? -1 : payload.indexOf('|', b + 1);
  if (a <= 0 || b <= a + 1 || c !== b + 2) return null;
  const instance = payload.slice(0, a);
  const recipient = payload.slice(a + 1, b);
  const kind = payload[b + 1];
  const rest = payload.slice(c + 1);
  if (!rest) return null;
  if (kind === 'm') return { instance, recipient, kind: 'message', message: rest };
  if (kind === 'o') return { instance, recipient, kind: 'outbox', id: rest };
  if (kind === 'r' && /^[0-9a-f]{64}(,[0-9a-f]{64})*$/.test(rest)) return { instance, recipient, kind: 'revoked', tokenHashes: rest.split(',') };
  return null;
}

/** Bytes of the string in UTF-8, without encoding it. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
