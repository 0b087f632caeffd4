import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutbound } from '../../../outbound/client';
import { hmacSha256 } from '../../../hmac';
import { outcomeOfStatus, retryAfterSeconds } from './outcome.core';
import { exportSignature, verifyExportSignature } from './signature.core';
import { deliverByWebhook, safeFilename } from './webhook';

const NOW = Date.parse('2026-03-02T06:00:00Z');
const SECRET = 'fwx_receiver_secret';
const CSV = 'kind,opportunities\r\ntotal,"1,5"\r\nline,é\r\n';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
  verdict: ReturnType<typeof verifyExportSignature>;
}

describe('export delivery by signed webhook', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  /** An enterprise's receiver: verifies the signature as docs/sales.md tells it to, answers 204, or 401 when it does not hold. */
  async function receiver(answer?: (res: ServerResponse) => void) {
    const received: Received[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verdict = verifyExportSignature(hmacSha256, SECRET, req.headers['x-floorwalker-signature'] as string | undefined, body, Math.floor(NOW / 1000) + 30);
        received.push({ body, headers: req.headers, verdict });
        if (answer) answer(res);
        else res.writeHead(verdict.ok ? 204 : 401).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // As OUTBOUND_ALLOW_HOSTS would allow the loopback receiver; no name resolves.
    const outbound = createOutbound({ allowHosts: [`127.0.0.1:${port}`], resolve: async () => [] });
    return { url: `http://127.0.0.1:${port}/exports?token=abc`, port, received, outbound };
  }

  const file = { exportId: 'exp-2026-03-01', filename: 'report 2026-03-01.csv', csv: CSV };
  const signal = () => AbortSignal.timeout(2_000);

  it('posts the CSV signed, and the receiver verifies it', async () => {
    const r = await receiver();
    const delivery = await deliverByWebhook(r.outbound, { url: r.url, secrets: [SECRET] }, file, NOW, signal());
    expect(delivery).toEqual({ outcome: 'delivered', status: 204 });
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expect(got.body).toBe(CSV);
    expect(got.verdict).toEqual({ ok: true, timestamp: NOW / 1000 });
    expect(got.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(got.headers['content-disposition']).toBe('attachment; filename="report_2026-03-01.csv"');
    expect(got.headers['x-floorwalker-export']).toBe('exp-2026-03-01');
    // The header is Stripe's shape, and any HMAC library checks it: t, then v1 = HMAC-SHA256(secret, "<t>.<body>").
    const [t, v1] = String(got.headers['x-floorwalker-signature']).split(',');
    expect(t).toBe(`t=${NOW / 1000}`);
    expect(v1).toBe(`v1=${createHmac('sha256', SECRET).update(`${NOW / 1000}.${CSV}`, 'utf8').digest('hex')}`);
  });

  it('signs with each secret while one is rotated, so a receiver holding either accepts it', async () => {
    const r = await receiver();
    expect(await deliverByWebhook(r.outbound, { url: r.url, secrets: ['fwx_new', SECRET] }, file, NOW, signal())).toEqual({ outcome: 'delivered', status: 204 });
    expect(r.received[0]!.verdict.ok).toBe(true);
  });

  it('is refused when the receiver holds another secret, and says only the status', async () => {
    const r = await receiver();
    expect(await deliverByWebhook(r.outbound, { url: r.url, secrets: ['fwx_wrong'] }, file, NOW, signal())).toEqual({ outcome: 'refused', reason: 'answered 401' });
    expect(r.received[0]!.verdict).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('asks for another attempt on a 5xx (after Retry-After when given), on a 429, and when no answer comes in time', async () => {
    const busy = await receiver((res) => res.writeHead(503, { 'retry-after': '120' }).end('busy'));
    expect(await deliverByWebhook(busy.outbound, { url: busy.url, secrets: [SECRET] }, file, NOW, signal())).toEqual({ outcome: 'retry', reason: 'answered 503', retryAfterSeconds: 120 });
    const limited = await receiver((res) => res.writeHead(429).end());
    expect(await deliverByWebhook(limited.outbound, { url: limited.url, secrets: [SECRET] }, file, NOW, signal())).toEqual({ outcome: 'retry', reason: 'answered 429' });
    const silent = await receiver(() => {});
    expect(await deliverByWebhook(silent.outbound, { url: silent.url, secrets: [SECRET] }, file, NOW, AbortSignal.timeout(150))).toEqual({ outcome: 'retry', reason: 'no answer in time' });
  });

  it('asks for another attempt when the connection is refused', async () => {
    const r = await receiver();
    const closed = servers.pop()!;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await deliverByWebhook(r.outbound, { url: r.url, secrets: [SECRET] }, file, NOW, signal())).toEqual({ outcome: 'retry', reason: 'the call failed (ECONNREFUSED)' });
  });

  it('does not follow a redirect', async () => {
    const r = await receiver((res) => res.writeHead(307, { location: 'http://127.0.0.1:9/elsewhere' }).end());
    const delivery = await deliverByWebhook(r.outbound, { url: r.url, secrets: [SECRET] }, file, NOW, signal());
    expect(delivery).toEqual({ outcome: 'refused', reason: 'answered 307 (a redirect is not followed: set the URL it points to)' });
    expect(r.received).toHaveLength(1);
  });

  it('refuses, without connecting, a URL the outbound guard refuses', async () => {
    const r = await receiver();
    const guarded = createOutbound({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const http = await deliverByWebhook(guarded, { url: r.url, secrets: [SECRET] }, file, NOW, signal());
    expect(http).toEqual({ outcome: 'refused', reason: 'refused: the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)' });
    const loopback = await deliverByWebhook(guarded, { url: `https://127.0.0.1:${r.port}/x`, secrets: [SECRET] }, file, NOW, signal());
    expect(loopback).toEqual({ outcome: 'refused', reason: expect.stringMatching(/^refused: .*not a public address \(loopback\)$/) });
    const rebinding = await deliverByWebhook(guarded, { url: `https://hooks.volt.example:${r.port}/x`, secrets: [SECRET] }, file, NOW, signal());
    expect(rebinding).toEqual({ outcome: 'refused', reason: 'refused: hooks.volt.example resolves to 127.0.0.1, not a public address (loopback)' });
    expect(r.received).toHaveLength(0);
    expect(await deliverByWebhook(r.outbound, { url: r.url, secrets: [] }, file, NOW, signal())).toEqual({ outcome: 'refused', reason: 'no signing secret' });
  });
});

describe('the export signature', () => {
  const now = 1_772_431_200;
  const header = exportSignature(hmacSha256, [SECRET], now, CSV);

  it.each([
    ['no header', undefined, CSV, now, { ok: false, reason: 'missing' }],
    ['no timestamp', header.replace(/^t=\d+,/, ''), CSV, now, { ok: false, reason: 'malformed' }],
    ['two timestamps', `t=${now},${header}`, CSV, now, { ok: false, reason: 'malformed' }],
    ['no v1', `t=${now},v0=abc`, CSV, now, { ok: false, reason: 'malformed' }],
    ['an old delivery', header, CSV, now + 301, { ok: false, reason: 'stale' }],
    ['a body changed by one byte', header, CSV.replace('1,5', '1,6'), now, { ok: false, reason: 'mismatch' }],
    ['another scheme beside v1', `${header},v0=zzz`, CSV, now, { ok: true, timestamp: now }],
    ['a delivery within the tolerance', header, CSV, now - 300, { ok: true, timestamp: now }],
  ])('%s', (_name, h, body, at, verdict) => {
    expect(verifyExportSignature(hmacSha256, SECRET, h, body, at)).toEqual(verdict);
  });

  it('gives docs/sales.md’s example header for its example body and secret', () => {
    expect(exportSignature(hmacSha256, ['fwx_example'], 1_772_431_200, 'kind,engagements\r\ntotal,1\r\n')).toBe('t=1772431200,v1=d22ed20c4e8fc54d59f5f54ef3e262b2fa86dfc800be320432c680fca266e34d');
  });

  it('reads Retry-After as seconds or a date, and sorts statuses', () => {
    expect(retryAfterSeconds('30', NOW)).toBe(30);
    expect(retryAfterSeconds(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90);
    expect(retryAfterSeconds('soon', NOW)).toBeUndefined();
    expect(outcomeOfStatus(200, undefined)).toEqual({ outcome: 'delivered', status: 200 });
    expect(outcomeOfStatus(408, undefined).outcome).toBe('retry');
    expect(outcomeOfStatus(404, undefined)).toEqual({ outcome: 'refused', reason: 'answered 404' });
    expect(safeFilename('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFilename('"; x=')).toBe('___x_');
  });
});
