import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportAnswer, ReportQuery, type ExportSchedule } from '../../../../../shared/reports';
import { readCsv } from '../../catalog/csv.core';
import { createOutbound } from '../../../outbound/client';
import { hmacSha256 } from '../../../hmac';
import { reportCsv } from '../report-csv.core';
import { answerOf, buildReport, optionsOf, type ReportFacts } from '../report.core';
import { exportPeriod, nextRun } from '../schedule.core';
import { exportFilename, runExport } from './export';
import { verifyExportSignature } from './signature.core';
import { S3_KEY_ID, S3_SECRET, s3Server } from '../../../testing/s3';

const T = (iso: string) => Date.parse(iso);

const facts: ReportFacts = {
  opportunities: [{ id: 'o1', ruleId: 'r1', category: ['Home'], openedAt: T('2026-03-01T09:00:00Z') }],
  offers: [{ opportunityId: 'o1', associateId: 'ann', outcome: 'accepted', offeredAt: T('2026-03-01T09:00:01Z') }],
  engagements: [{ id: 'e1', associateId: 'ann', opportunityId: 'o1', category: ['Home'], ruleId: 'r1', channels: ['chat'], startedAt: T('2026-03-01T09:00:05Z'), holdout: false }],
  credits: [{ engagementId: 'e1', associateId: 'ann', orderId: 'A-1', amountMinor: 4_990, currency: 'EUR', orderPlacedAt: T('2026-03-01T10:00:00Z'), refundedMinor: 0 }],
  commissions: [{ associateId: 'ann', orderId: 'A-1', amountMinor: 250, currency: 'EUR', at: T('2026-03-01T10:00:00Z') }],
};

describe('a scheduled export', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  it('names its file by the days it covers', () => {
    const daily: ExportSchedule = { frequency: 'daily', hour: 6, timeZone: 'Europe/Paris' };
    expect(exportFilename(daily, exportPeriod(daily, T('2026-03-02T05:00:00Z')))).toBe('floorwalker-report-2026-03-01.csv');
    const weekly: ExportSchedule = { frequency: 'weekly', weekday: 1, hour: 6, timeZone: 'UTC' };
    expect(exportFilename(weekly, exportPeriod(weekly, T('2026-03-09T06:00:00Z')))).toBe('floorwalker-report-2026-03-02--2026-03-08.csv');
  });

  it('runs at its time, reports the day before and delivers a CSV whose totals are the API’s', async () => {
    const schedule: ExportSchedule = { frequency: 'daily', hour: 6, timeZone: 'Europe/Paris' };
    const runAt = nextRun(schedule, T('2026-03-01T12:00:00Z'));
    expect(new Date(runAt).toISOString()).toBe('2026-03-02T05:00:00.000Z');

    const received: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verdict = verifyExportSignature(hmacSha256, 'fwx_s', req.headers['x-floorwalker-signature'] as string, body, Math.floor(runAt / 1000) + 60);
        if (verdict.ok) received.push(body);
        res.writeHead(verdict.ok ? 200 : 401).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const outbound = createOutbound({ allowHosts: [`127.0.0.1:${port}`], resolve: async () => [] });
    const asked: { from: number; to: number }[] = [];
    const settings = { schedule, groupBy: ['associate'] as const, datedBy: 'engagement' as const, categoryDepth: 1, target: { kind: 'webhook' as const, url: `http://127.0.0.1:${port}/in`, secrets: ['fwx_s'] } };
    // An attempt a minute after the run was due: the period is still the run's.
    const outcome = await runExport(outbound, async (p) => (asked.push(p), facts), settings, { exportId: 'x1', runAt, nowMs: runAt + 60_000, signal: AbortSignal.timeout(2_000) });
    expect(outcome).toEqual({
      period: { from: T('2026-02-28T23:00:00Z'), to: T('2026-03-01T23:00:00Z') },
      filename: 'floorwalker-report-2026-03-01.csv',
      delivery: { outcome: 'delivered', status: 200 },
      nextRunAt: T('2026-03-03T05:00:00Z'),
    });
    expect(asked).toEqual([outcome.period]);

    // The API's answer for the same period and grouping.
    const query = ReportQuery.parse({ groupBy: 'associate', from: new Date(outcome.period.from).toISOString(), to: new Date(outcome.period.to).toISOString(), timeZone: schedule.timeZone });
    const answer = ReportAnswer.parse(answerOf(query, buildReport(facts, optionsOf(query))));
    expect(received).toEqual([reportCsv(buildReport(facts, optionsOf(query)), query.groupBy)]);
    const read = readCsv(received[0]!);
    if (!read.ok) throw new Error(read.message);
    const [header, ...rows] = read.records.map((r) => r.fields);
    const total = rows.find((r) => r[0] === 'total')!;
    const at = (name: string) => total[header!.indexOf(name)];
    expect([at('engagements'), at('converted'), at('currency'), at('revenue'), at('commission')]).toEqual(['1', '1', 'EUR', '49.90', '2.50']);
    expect(answer.total).toMatchObject({ engagements: 1, converted: 1, money: [{ currency: 'EUR', revenueMinor: 4_990, commissionMinor: 250 }] });
    expect(answer.lines.map((l) => l.group)).toEqual([{ associate: 'ann' }]);
  });

  it('puts the same file into a bucket when one is configured', async () => {
    const s3 = await s3Server(servers);
    const outbound = createOutbound({ allowHosts: [`127.0.0.1:${s3.port}`], resolve: async () => [] });
    const schedule: ExportSchedule = { frequency: 'weekly', weekday: 1, hour: 6, timeZone: 'UTC' };
    const target = { kind: 's3' as const, endpoint: `http://127.0.0.1:${s3.port}`, region: 'eu-west-3', bucket: 'reports', pathStyle: true, prefix: 'fw/', accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET };
    const runAt = T('2026-03-02T06:00:00Z');
    const outcome = await runExport(outbound, async () => facts, { schedule, groupBy: [], datedBy: 'order', categoryDepth: 1, target }, { exportId: 'x2', runAt, nowMs: runAt, signal: AbortSignal.timeout(2_000) });
    expect(outcome.delivery.outcome).toBe('delivered');
    expect(outcome.filename).toBe('floorwalker-report-2026-02-23--2026-03-01.csv');
    expect(outcome.nextRunAt).toBe(T('2026-03-09T06:00:00Z'));
    const stored = s3.objects.get('reports/fw/floorwalker-report-2026-02-23--2026-03-01.csv');
    expect(stored?.body.split('\r\n').find((l) => l.startsWith('total,'))).toBe('total,1,1,1,1,1,1,1,1,1,1,0,0,,,,EUR,1,49.90,49.90,2.50');
  });
});
