import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutbound, OutboundRefused, type Resolve } from './client';

/**
 * The guard is tested by its refusals: every request here goes to a loopback server, and a
 * refused one must not even connect to it (its connection count is the witness).
 */
describe('the outbound client', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  /** A loopback server answering `status` with a small JSON body, counting the connections it gets. */
  async function loopback(status = 200) {
    const seen = { connections: 0, paths: [] as string[] };
    const server = createServer((req, res) => {
      seen.paths.push(req.url!);
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 302 ? { location: 'http://127.0.0.1:9/' } : {}) });
      res.end('{"ok":true}');
    });
    server.on('connection', () => seen.connections++);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as AddressInfo).port, seen };
  }

  /** A resolver answering from a table, keeping every name it was asked. */
  function resolver(table: Record<string, string[]>) {
    const asked: string[] = [];
    const resolve: Resolve = async (name) => {
      asked.push(name);
      return (table[name] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { resolve, asked };
  }

  const get = (outbound: ReturnType<typeof createOutbound>, url: string) => outbound.get(new URL(url), { headers: {}, signal: AbortSignal.timeout(2_000) });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'connected',
      (err: unknown) => (err instanceof OutboundRefused ? err.reason : `another error: ${String(err)}`),
    );

  it('connects an allowed name to the address its resolver gives, resolving it again for each call', async () => {
    const server = await loopback();
    const dns = resolver({ 'lookup.demo': ['127.0.0.1'] });
    const outbound = createOutbound({ allowHosts: ['lookup.demo'], resolve: dns.resolve });
    for (const n of [1, 2]) {
      const answer = await get(outbound, `http://lookup.demo:${server.port}/lookup?n=${n}`);
      expect(answer.status).toBe(200);
      expect(await new Response(answer.body).json()).toEqual({ ok: true });
    }
    expect(server.seen.paths).toEqual(['/lookup?n=1', '/lookup?n=2']);
    expect(dns.asked).toEqual(['lookup.demo', 'lookup.demo']);
  });

  it('refuses, when it connects, a name that resolves to the metadata address though it was fine when set', async () => {
    const server = await loopback();
    const dns = resolver({ 'crm.rebind.example': ['169.254.169.254'] });
    const outbound = createOutbound({ resolve: dns.resolve });
    const url = `https://crm.rebind.example:${server.port}/lookup`;
    expect(outbound.check(url)).toEqual({ ok: true, allowed: false });
    expect(await refusal(get(outbound, url))).toBe('crm.rebind.example resolves to 169.254.169.254, not a public address (linkLocal)');
    expect(dns.asked).toEqual(['crm.rebind.example']);
    expect(server.seen.connections).toBe(0);
  });

  it.each([
    ['one of its addresses is loopback', ['93.184.216.34', '127.0.0.1'], '127.0.0.1, not a public address (loopback)'],
    ['one is IPv4-mapped metadata', ['2606:4700:4700::1111', '::ffff:169.254.169.254'], '::ffff:169.254.169.254, not a public address (ipv4Mapped of linkLocal)'],
    ['one is in CGNAT space', ['100.64.0.1'], '100.64.0.1, not a public address (carrierGradeNat)'],
    ['one is a ULA', ['fd12:3456::1'], 'fd12:3456::1, not a public address (uniqueLocal)'],
  ])('refuses a name when %s, before any connection', async (_name, addresses, reason) => {
    const server = await loopback();
    const outbound = createOutbound({ resolve: resolver({ 'crm.volt.example': addresses }).resolve });
    expect(await refusal(get(outbound, `https://crm.volt.example:${server.port}/`))).toBe(`crm.volt.example resolves to ${reason}`);
    expect(server.seen.connections).toBe(0);
  });

  it('refuses a name that resolves to nothing', async () => {
    const outbound = createOutbound({ resolve: resolver({}).resolve });
    expect(await refusal(get(outbound, 'https://gone.example/'))).toBe('gone.example resolves to no address');
  });

  it.each([
    ['a loopback address', (port: number) => `https://127.0.0.1:${port}/`, `is not a public address (loopback)`],
    ['an IPv4-mapped loopback address', (port: number) => `https://[::ffff:127.0.0.1]:${port}/`, `is not a public address (ipv4Mapped of loopback)`],
    ['localhost', (port: number) => `https://localhost:${port}/`, 'localhost is this machine, not a public host'],
    ['http to a host not allowed', (port: number) => `http://crm.volt.example:${port}/`, 'the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)'],
  ])('refuses %s without resolving or connecting', async (_name, url, reason) => {
    const server = await loopback();
    const dns = resolver({ localhost: ['127.0.0.1'], 'crm.volt.example': ['127.0.0.1'] });
    const outbound = createOutbound({ allowHosts: ['127.0.0.1:1'], resolve: dns.resolve });
    expect(await refusal(get(outbound, url(server.port)))).toContain(reason);
    expect(dns.asked).toEqual([]);
    expect(server.seen.connections).toBe(0);
  });

  it('allows a loopback host the operator named, on its port only', async () => {
    const server = await loopback();
    const outbound = createOutbound({ allowHosts: [`127.0.0.1:${server.port}`] });
    expect((await get(outbound, `http://127.0.0.1:${server.port}/a`)).status).toBe(200);
    expect(await refusal(get(outbound, `http://127.0.0.1:${server.port + 1}/a`))).toMatch(/https URLs only/);
    expect(server.seen.paths).toEqual(['/a']);
  });

  it('does not follow a redirect: the 302 is the answer', async () => {
    const server = await loopback(302);
    const outbound = createOutbound({ allowHosts: ['127.0.0.1'] });
    const answer = await get(outbound, `http://127.0.0.1:${server.port}/moved`);
    expect([answer.status, answer.headers.location]).toEqual([302, 'http://127.0.0.1:9/']);
    await answer.body.cancel();
    expect(server.seen.paths).toEqual(['/moved']);
  });

  it('sends a body with POST or PUT through the same guard, and refuses a private name before connecting', async () => {
    const received: { method: string; body: string; type: string | undefined }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method!, body: Buffer.concat(chunks).toString('utf8'), type: req.headers['content-type'] });
        res.writeHead(201).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const outbound = createOutbound({ allowHosts: [`127.0.0.1:${port}`], resolve: resolver({ 'hooks.volt.example': ['10.0.0.7'] }).resolve });
    const send = (url: string, method: 'POST' | 'PUT', body: string | Uint8Array) =>
      outbound.send(new URL(url), { method, headers: { 'content-type': 'text/csv' }, body, signal: AbortSignal.timeout(2_000) });
    expect((await send(`http://127.0.0.1:${port}/hook`, 'POST', 'a,b\r\n1,2\r\n')).status).toBe(201);
    expect((await send(`http://127.0.0.1:${port}/bucket/key`, 'PUT', new TextEncoder().encode('é'))).status).toBe(201);
    expect(received).toEqual([
      { method: 'POST', body: 'a,b\r\n1,2\r\n', type: 'text/csv' },
      { method: 'PUT', body: 'é', type: 'text/csv' },
    ]);
    expect(await refusal(send(`https://hooks.volt.example:${port}/hook`, 'POST', 'x'))).toBe('hooks.volt.example resolves to 10.0.0.7, not a public address (private)');
    expect(received).toHaveLength(2);
  });

  it('refuses an allow-list entry that is not a host', () => {
    expect(() => createOutbound({ allowHosts: ['http://127.0.0.1/'] })).toThrow('not a host or host:port: http://127.0.0.1/');
  });
});
