import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBatchAccepted } from '../../../../shared/events';
import { ExportAttemptResult, ExportSettings } from '../../../../shared/reports';
import { engagements, jobs, offers, opportunities, reportExports } from '../../db/schema';
import { createOutbound } from '../../outbound/client';
import { createSealer } from '../../sealing';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { ev, headphones } from '../../testing/fixtures';
import { seedAssociate } from '../../testing/offers';
import { S3_KEY_ID, S3_SECRET, s3Server } from '../../testing/s3';
import { hmacSha256 } from '../../hmac';
import { verifyExportSignature } from './delivery/signature.core';
import { EXPORT_JOB, EXPORT_MAX_ATTEMPTS } from './exports';

const T = (iso: string) => new Date(iso);
const loopback = createOutbound({ allowHosts: ['127.0.0.1'], resolve: async () => [] });
/** One secrets key for the apps of a test, as a restarted server reads it from its environment. */
const OLD_KEY = randomBytes(32);
const sealer = createSealer(OLD_KEY);
const DAILY = { frequency: 'daily', hour: 6, timeZone: 'UTC' } as const;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering the statuses given in turn (then 200), keeping what it got. */
async function receiver(servers: Server[], statuses: { status: number; headers?: Record<string, string> }[] = []) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = statuses.shift() ?? { status: 200 };
      res.writeHead(next.status, next.headers ?? {}).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/exports`, received };
}

describe.each(DB_KINDS)('scheduled report exports on %s', (kind) => {
  const api = useApi(kind, { outbound: loopback, sealer });
  let h: ApiHarness;
  const servers: Server[] = [];
  beforeEach(() => {
    h = api();
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  const call = (method: string, path: string, body?: unknown, key = h.seed.voltKey) =>
    h.app.http.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const save = async (body: unknown) => {
    const res = await call('PUT', '/api/v1/reports/exports', body);
    expect(res.status).toBe(200);
    return ExportSettings.parse(await res.json());
  };
  const settings = async () => ExportSettings.parse(await (await call('GET', '/api/v1/reports/exports')).json());

  /** Voltaire's activity on 2 March: an opportunity, an accepted offer and an engagement of Ann's. */
  async function activity() {
    const res = await h.post({ events: [ev('2026-03-02T09:59:00.000Z', { type: 'product_view', url: headphones.url, product: headphones })] });
    const [sessionId] = EventBatchAccepted.parse(await res.json()).sessionIds;
    const [session] = await h.db.db.query.sessions.findMany({ where: (s, { eq }) => eq(s.id, sessionId!) });
    const s = { sessionId: session!.id, shopperId: session!.shopperId };
    const volt = h.seed.volt.id;
    const ann = await seedAssociate(h.db.db, h.clock.now(), { employerId: volt });
    const opportunityId = crypto.randomUUID();
    await h.db.db.insert(opportunities).values({ id: opportunityId, enterpriseId: volt, ...s, status: 'engaged', score: 10, reasons: [{ conditionId: 'dwell', points: 8 }], rulesVersion: 1, segment: { category: ['Audio'], minLevel: 1 }, customerExternalId: null, openedAt: T('2026-03-02T10:00:00Z'), dueAt: null, offerState: null });
    await h.db.db.insert(offers).values({ id: crypto.randomUUID(), opportunityId, associateId: ann.id, wave: 1, priority: 'may', status: 'accepted', score: 1, reasons: [], offeredAt: T('2026-03-02T10:00:01Z'), expiresAt: T('2026-03-02T10:00:31Z'), answeredAt: null });
    await h.db.db.insert(engagements).values({ id: crypto.randomUUID(), opportunityId, enterpriseId: volt, associateId: ann.id, ...s, customerExternalId: null, category: ['Audio'], status: 'ended', invitedAt: T('2026-03-02T10:00:02Z'), expiresAt: T('2026-03-02T10:00:32Z'), answeredAt: T('2026-03-02T10:00:09Z') });
    return ann;
  }

  it('delivers a daily export at its hour to the webhook, signed, with the figures of the API’s CSV, then schedules the next', async () => {
    const ann = await activity();
    const hook = await receiver(servers);
    const saved = await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url }, groupBy: ['associate', 'day'] });
    const secret = saved.signingSecret!;
    expect(secret).toMatch(/^fwx_/);
    expect(saved).toMatchObject({ nextRunAt: '2026-03-03T06:00:00.000Z', lastAttempt: null, destination: { kind: 'webhook', url: hook.url, signingSecret: { set: true, hint: `…${secret.slice(-4)}`, rotating: false } } });
    // Saving again is one job, and keeps the secret (shown no more).
    const again = await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url }, groupBy: ['associate', 'day'] });
    expect(again.signingSecret).toBeUndefined();
    expect(await h.db.db.select().from(jobs).where(eq(jobs.kind, EXPORT_JOB))).toHaveLength(1);

    h.clock.set('2026-03-03T05:59:59Z');
    await h.app.jobs.runDue();
    expect(hook.received).toHaveLength(0);
    h.clock.set('2026-03-03T06:00:00Z');
    await h.app.jobs.runDue();
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    const verdict = verifyExportSignature(hmacSha256, secret, got!.headers['x-floorwalker-signature'] as string, got!.body, Date.parse('2026-03-03T06:00:30Z') / 1000);
    expect(verdict.ok).toBe(true);
    expect(got!.headers['content-disposition']).toBe('attachment; filename="floorwalker-report-2026-03-02.csv"');
    const csv = await (await call('GET', '/api/v1/reports?format=csv&groupBy=associate,day&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z')).text();
    expect(got!.body).toBe(csv);
    expect(got!.body).toContain(`line,${ann.id},2026-03-02,1,1,1,1,1,1`);

    const after = await settings();
    expect(after.nextRunAt).toBe('2026-03-04T06:00:00.000Z');
    expect(after.lastAttempt).toEqual({ at: '2026-03-03T06:00:00.000Z', runAt: '2026-03-03T06:00:00.000Z', outcome: 'delivered', reason: null, willRetry: false, retryAt: null, filename: 'floorwalker-report-2026-03-02.csv', period: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' } });
    expect(await h.app.jobs.byKey(`${EXPORT_JOB}:${h.seed.volt.id}:2026-03-04T06:00:00.000Z`)).toMatchObject({ doneAt: null });
  });

  it('puts the export into an S3-compatible bucket, and never shows the secret access key', async () => {
    const s3 = await s3Server(servers);
    const destination = { kind: 's3', endpoint: `http://127.0.0.1:${s3.port}`, region: 'eu-west-3', bucket: 'reports', pathStyle: true, prefix: 'fw/', accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET };
    const saved = await save({ schedule: { frequency: 'weekly', weekday: 2, hour: 6, timeZone: 'UTC' }, destination });
    expect(saved.destination).toEqual({ ...destination, secretAccessKey: { set: true, hint: `…${S3_SECRET.slice(-4)}` } });
    expect(JSON.stringify(saved)).not.toContain(S3_SECRET);
    expect(JSON.stringify(await settings())).not.toContain(S3_SECRET);
    const [row] = await h.db.db.select().from(reportExports);
    expect(row!.sealedSecrets).not.toContain(S3_SECRET);
    expect(saved.nextRunAt).toBe('2026-03-03T06:00:00.000Z');

    h.clock.set('2026-03-03T06:00:00Z');
    await h.app.jobs.runDue();
    expect([...s3.objects.keys()]).toEqual(['reports/fw/floorwalker-report-2026-02-24--2026-03-02.csv']);
    expect((await settings()).lastAttempt).toMatchObject({ outcome: 'delivered' });
    expect((await settings()).nextRunAt).toBe('2026-03-10T06:00:00.000Z');
  });

  it('tries a 500 again later with backoff, a 503 after its Retry-After, and delivers then', async () => {
    const hook = await receiver(servers, [{ status: 500 }, { status: 503, headers: { 'retry-after': '120' } }]);
    await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url } });
    h.clock.set('2026-03-03T06:00:00Z');
    await h.app.jobs.runDue();
    expect(hook.received).toHaveLength(1);
    expect((await settings()).lastAttempt).toMatchObject({ outcome: 'failed', reason: 'answered 500', willRetry: true, retryAt: null });
    expect((await settings()).nextRunAt).toBe('2026-03-03T06:00:00.000Z');
    const job = await h.app.jobs.byKey(`${EXPORT_JOB}:${h.seed.volt.id}:2026-03-03T06:00:00.000Z`);
    expect(job).toMatchObject({ doneAt: null, failedAt: null, attempts: 1 });
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.parse('2026-03-03T06:00:00Z'));

    h.clock.set(job!.runAt.toISOString());
    await h.app.jobs.runDue();
    expect(hook.received).toHaveLength(2);
    const waiting = (await settings()).lastAttempt!;
    expect(waiting).toMatchObject({ outcome: 'failed', reason: 'answered 503', willRetry: true });
    expect(Date.parse(waiting.retryAt!) - Date.parse(waiting.at)).toBe(120_000);
    // Every attempt of one run carries the same export id (the receiver drops repeats by it).
    expect(hook.received[1]!.headers['x-floorwalker-export']).toBe(hook.received[0]!.headers['x-floorwalker-export']);

    h.clock.set(waiting.retryAt!);
    await h.app.jobs.runDue();
    expect(hook.received).toHaveLength(3);
    expect(await settings()).toMatchObject({ nextRunAt: '2026-03-04T06:00:00.000Z', lastAttempt: { outcome: 'delivered', runAt: '2026-03-03T06:00:00.000Z' } });
  });

  it('gives up a run after its last attempt, and goes on to the next', async () => {
    const hook = await receiver(servers, Array.from({ length: EXPORT_MAX_ATTEMPTS }, () => ({ status: 502 })));
    await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url } });
    const key = `${EXPORT_JOB}:${h.seed.volt.id}:2026-03-03T06:00:00.000Z`;
    h.clock.set('2026-03-03T06:00:00Z');
    for (let attempt = 1; attempt <= EXPORT_MAX_ATTEMPTS; attempt++) {
      await h.app.jobs.runDue();
      expect(hook.received).toHaveLength(attempt);
      const job = (await h.app.jobs.byKey(key))!;
      if (attempt < EXPORT_MAX_ATTEMPTS) h.clock.set(job.runAt.toISOString());
      else expect(job.doneAt).not.toBeNull();
    }
    expect(await settings()).toMatchObject({ nextRunAt: '2026-03-04T06:00:00.000Z', lastAttempt: { outcome: 'failed', willRetry: false, reason: `gave up after ${EXPORT_MAX_ATTEMPTS} attempts: answered 502` } });
    expect(await h.app.jobs.byKey(`${EXPORT_JOB}:${h.seed.volt.id}:2026-03-04T06:00:00.000Z`)).toMatchObject({ doneAt: null });
  });

  it('records a 403 as refused, stops trying that run and schedules the next', async () => {
    const hook = await receiver(servers, [{ status: 403 }]);
    await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url } });
    h.clock.set('2026-03-03T06:00:00Z');
    await h.app.jobs.runDue();
    expect(await settings()).toMatchObject({ nextRunAt: '2026-03-04T06:00:00.000Z', lastAttempt: { outcome: 'refused', reason: 'answered 403', willRetry: false } });
    expect(await h.app.jobs.byKey(`${EXPORT_JOB}:${h.seed.volt.id}:2026-03-03T06:00:00.000Z`)).toMatchObject({ attempts: 1, failedAt: null });
    expect((await h.app.jobs.byKey(`${EXPORT_JOB}:${h.seed.volt.id}:2026-03-03T06:00:00.000Z`))!.doneAt).not.toBeNull();
    h.clock.advance(3_600_000);
    await h.app.jobs.runDue();
    expect(hook.received).toHaveLength(1);
  });

  it('runs a due export after a restart (a new app over the same database)', async () => {
    const hook = await receiver(servers);
    await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url } });
    const restarted = h.appWith({ outbound: loopback });
    h.clock.set('2026-03-03T07:00:00Z');
    await restarted.jobs.runDue();
    expect(hook.received).toHaveLength(1);
    expect((await settings()).lastAttempt).toMatchObject({ outcome: 'delivered', runAt: '2026-03-03T06:00:00.000Z', at: '2026-03-03T07:00:00.000Z' });
  });

  it('opens secrets sealed under the previous key after a key rotation, and re-seals them under the new one', async () => {
    const hook = await receiver(servers);
    const secret = (await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url } })).signingSecret!;
    const [before] = await h.db.db.select().from(reportExports);
    const rotated = createSealer(randomBytes(32), [OLD_KEY]);
    const restarted = h.appWith({ outbound: loopback, sealer: rotated });
    h.clock.set('2026-03-03T06:00:00Z');
    await restarted.jobs.runDue();
    expect(hook.received).toHaveLength(1);
    expect(verifyExportSignature(hmacSha256, secret, hook.received[0]!.headers['x-floorwalker-signature'] as string, hook.received[0]!.body, Date.parse('2026-03-03T06:00:00Z') / 1000).ok).toBe(true);
    const [after] = await h.db.db.select().from(reportExports);
    expect(after!.sealedSecrets).not.toBe(before!.sealedSecrets);
    expect(rotated.isCurrent(after!.sealedSecrets)).toBe(true);
  });

  it('refuses a run whose stored secret no key opens (the secrets key changed), and goes on to the next', async () => {
    const hook = await receiver(servers);
    await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url } });
    const rekeyed = h.appWith({ outbound: loopback, sealer: createSealer(randomBytes(32)) });
    h.clock.set('2026-03-03T06:00:00Z');
    await rekeyed.jobs.runDue();
    expect(hook.received).toHaveLength(0);
    expect(await settings()).toMatchObject({ nextRunAt: '2026-03-04T06:00:00.000Z', lastAttempt: { outcome: 'refused', reason: expect.stringContaining('save the settings again') } });
  });

  it('sends the last complete period on demand, rotates the signing secret, refuses private URLs, and forgets removed settings', async () => {
    expect((await call('GET', '/api/v1/reports/exports')).status).toBe(404);
    expect((await call('POST', '/api/v1/reports/exports/run')).status).toBe(404);
    const refused = await call('PUT', '/api/v1/reports/exports', { schedule: DAILY, destination: { kind: 'webhook', url: 'https://10.0.0.7/in' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('url_not_allowed');
    expect(await h.db.db.select().from(reportExports)).toHaveLength(0);

    const hook = await receiver(servers);
    const first = (await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url } })).signingSecret!;
    const rotated = await save({ schedule: DAILY, destination: { kind: 'webhook', url: hook.url }, rotateSecret: true });
    const second = rotated.signingSecret!;
    expect(second).not.toBe(first);
    expect(rotated.destination).toMatchObject({ signingSecret: { rotating: true } });

    const res = await call('POST', '/api/v1/reports/exports/run');
    expect(res.status).toBe(200);
    const result = ExportAttemptResult.parse(await res.json());
    expect(result).toMatchObject({ outcome: 'delivered', runAt: null, filename: 'floorwalker-report-2026-03-01.csv', willRetry: false });
    // While rotated both secrets sign the delivery.
    const header = hook.received[0]!.headers['x-floorwalker-signature'] as string;
    const now = Date.parse(h.clock.now().toISOString()) / 1000;
    expect(verifyExportSignature(hmacSha256, first, header, hook.received[0]!.body, now).ok).toBe(true);
    expect(verifyExportSignature(hmacSha256, second, header, hook.received[0]!.body, now).ok).toBe(true);
    expect(JSON.stringify(await settings())).not.toContain(second);
    // Summit sees none of Voltaire's settings.
    expect((await call('GET', '/api/v1/reports/exports', undefined, h.seed.summitKey)).status).toBe(404);

    expect((await call('DELETE', '/api/v1/reports/exports')).status).toBe(204);
    expect((await call('DELETE', '/api/v1/reports/exports')).status).toBe(404);
    h.clock.set('2026-03-03T06:00:00Z');
    await h.app.jobs.runDue();
    expect(hook.received).toHaveLength(1);
  });
});
