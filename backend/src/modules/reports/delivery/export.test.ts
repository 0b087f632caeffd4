import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportAnswer, ReportQuery, type ExportSchedule } from '../../../../../shared/reports';
import { readCsv } from '../../catalog/csv.core';
import { createOutbound } from '../../../outbound/client';
import { hmacSha256 } from '../../customers/hmac';
import { reportCsv } from '../report-csv.core';
import { answerOf, buildReport, optionsOf, type ReportFacts } from '../report.core';
import { exportPeriod, nextRun } from '../schedule.core';
import { deliverExport, exportFilename } from './export';
import { verifyExportSignature } from './signature.core';

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
    const period = exportPeriod(schedule, runAt);
    const query = ReportQuery.parse({ groupBy: 'associate', from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString(), timeZone: schedule.timeZone });
    const report = buildReport(facts, optionsOf(query));
    const answer = ReportAnswer.parse(answerOf(query, report));
    const csv = reportCsv(report, query.groupBy);

    const received: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verdict = verifyExportSignature(hmacSha256, 'fwx_s', req.headers['x-floorwalker-signature'] as string, body, Math.floor(runAt / 1000));
        if (verdict.ok) received.push(body);
        res.writeHead(verdict.ok ? 200 : 401).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const outbound = createOutbound({ allowHosts: [`127.0.0.1:${port}`], resolve: async () => [] });
    const file = { exportId: 'x1', filename: exportFilename(schedule, period), csv };
    const delivery = await deliverExport(outbound, { kind: 'webhook', url: `http://127.0.0.1:${port}/in`, secrets: ['fwx_s'] }, file, runAt, AbortSignal.timeout(2_000));
    expect(delivery).toEqual({ outcome: 'delivered', status: 200 });

    const read = readCsv(received[0]!);
    if (!read.ok) throw new Error(read.message);
    const [header, ...rows] = read.records.map((r) => r.fields);
    const total = rows.find((r) => r[0] === 'total')!;
    const at = (name: string) => total[header!.indexOf(name)];
    expect([at('engagements'), at('converted'), at('currency'), at('revenue'), at('commission')]).toEqual(['1', '1', 'EUR', '49.90', '2.50']);
    expect(answer.total).toMatchObject({ engagements: 1, converted: 1, money: [{ currency: 'EUR', revenueMinor: 4_990, commissionMinor: 250 }] });
    expect(answer.lines.map((l) => l.group)).toEqual([{ associate: 'ann' }]);
  });
});
