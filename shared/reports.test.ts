import { describe, expect, it } from 'vitest';
import { ExportDestination, ExportSchedule, ExportSettingsBody, ReportQuery } from './reports';

describe('the report query', () => {
  const period = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00+02:00' };

  it('reads a query string: dimensions from a comma list, defaults for the rest', () => {
    expect(ReportQuery.parse({ ...period, groupBy: 'associate, day', categoryDepth: '2' })).toEqual({
      ...period,
      groupBy: ['associate', 'day'],
      datedBy: 'engagement',
      categoryDepth: 2,
      timeZone: 'UTC',
      format: 'json',
    });
    expect(ReportQuery.parse(period).groupBy).toEqual([]);
  });

  it.each([
    ['an unknown dimension', { groupBy: 'store' }],
    ['a dimension twice', { groupBy: 'day,day' }],
    ['an unknown zone', { timeZone: 'Mars/Olympus' }],
    ['a depth of 0', { categoryDepth: '0' }],
    ['an unknown field', { sort: 'revenue' }],
    ['to before from', { from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
    ['more than 366 days', { from: '2025-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
    ['a time without offset', { from: '2026-03-01T00:00:00' }],
  ])('refuses %s', (_name, over) => {
    expect(ReportQuery.safeParse({ ...period, ...over }).success).toBe(false);
  });

  it('takes a weekly schedule with its weekday, a daily one without', () => {
    expect(ExportSchedule.safeParse({ frequency: 'weekly', hour: 6, weekday: 1, timeZone: 'Europe/Paris' }).success).toBe(true);
    expect(ExportSchedule.safeParse({ frequency: 'daily', hour: 6, timeZone: 'Europe/Paris' }).success).toBe(true);
    expect(ExportSchedule.safeParse({ frequency: 'weekly', hour: 6, timeZone: 'Europe/Paris' }).success).toBe(false);
    expect(ExportSchedule.safeParse({ frequency: 'daily', hour: 24, timeZone: 'UTC' }).success).toBe(false);
  });
});

describe('the export settings', () => {
  const s3 = { kind: 's3', region: 'eu-west-3', bucket: 'acme-reports', accessKeyId: 'AKIA1', secretAccessKey: 'k/ey+1' };

  it('takes a webhook or a bucket, with defaults', () => {
    expect(ExportDestination.parse(s3)).toEqual({ ...s3, pathStyle: false, prefix: '' });
    expect(ExportSettingsBody.parse({ schedule: { frequency: 'daily', hour: 6, timeZone: 'UTC' }, destination: { kind: 'webhook', url: 'https://hooks.acme.example/fw' } })).toMatchObject({
      groupBy: ['associate'],
      datedBy: 'engagement',
      categoryDepth: 1,
    });
  });

  it.each([
    ['a URL with credentials', { kind: 'webhook', url: 'https://u:p@hooks.acme.example/' }],
    ['a URL with a fragment', { kind: 'webhook', url: 'https://hooks.acme.example/#x' }],
    ['a non-http URL', { kind: 'webhook', url: 'ftp://hooks.acme.example/' }],
    ['a bucket with capitals', { ...s3, bucket: 'Acme' }],
    ['a bucket with two dots', { ...s3, bucket: 'a..b' }],
    ['an endpoint with a query', { ...s3, endpoint: 'https://minio.acme.example/?x=1' }],
    ['an unknown field', { ...s3, acl: 'public-read' }],
  ])('refuses %s', (_name, destination) => {
    expect(ExportDestination.safeParse(destination).success).toBe(false);
  });
});
