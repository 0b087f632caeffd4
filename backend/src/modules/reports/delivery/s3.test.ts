import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import aws4 from 'aws4';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutbound } from '../../../outbound/client';
import { type BucketTarget, deliverToBucket, objectUrl, s3ErrorCode, signedPutHeaders } from './s3';
import { sendFile } from './send';
import { S3_KEY_ID as KEY_ID, S3_SECRET as SECRET, s3Server } from '../../../testing/s3';

const NOW = Date.parse('2026-03-02T06:00:00Z');
const CSV = 'kind,revenue\r\ntotal,12.50\r\n';

describe('export delivery into an S3-compatible bucket', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  const signal = () => AbortSignal.timeout(2_000);
  const md5 = (s: string) => `"${createHash('md5').update(s).digest('hex')}"`;
  const minio = (port: number, over: Partial<BucketTarget> = {}): BucketTarget => ({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-3',
    bucket: 'reports',
    pathStyle: true,
    accessKeyId: KEY_ID,
    secretAccessKey: SECRET,
    prefix: 'floorwalker/',
    ...over,
  });
  // As OUTBOUND_ALLOW_HOSTS would allow the loopback server; no name resolves.
  const loopback = (port: number) => createOutbound({ allowHosts: [`127.0.0.1:${port}`], resolve: async () => [] });

  it('puts the object path-style, signed so the server’s own SigV4 computation agrees', async () => {
    const s3 = await s3Server(servers);
    const key = 'daily/report 2026-03-01 (é+1).csv';
    const delivery = await deliverToBucket(loopback(s3.port), minio(s3.port), { key, csv: CSV }, NOW, signal());
    expect(delivery).toEqual({ outcome: 'delivered', status: 200, etag: md5(CSV) });
    expect(s3.objects.get(`reports/floorwalker/${key}`)).toEqual({ body: CSV, contentType: 'text/csv; charset=utf-8' });
  });

  it('puts the object at a virtual-hosted URL (the bucket in the host name)', async () => {
    const s3 = await s3Server(servers);
    const outbound = createOutbound({ allowHosts: [`reports.s3.test:${s3.port}`], resolve: async (name) => (name === 'reports.s3.test' ? [{ address: '127.0.0.1', family: 4 }] : []) });
    const target = minio(s3.port, { endpoint: `http://s3.test:${s3.port}`, pathStyle: false, prefix: undefined });
    expect(await deliverToBucket(outbound, target, { key: 'weekly.csv', csv: CSV }, NOW, signal())).toEqual({ outcome: 'delivered', status: 200, etag: md5(CSV) });
    expect([...s3.objects.keys()]).toEqual(['reports/weekly.csv']);
  });

  it('signs temporary credentials’ session token too', async () => {
    const s3 = await s3Server(servers);
    expect((await deliverToBucket(loopback(s3.port), minio(s3.port, { sessionToken: 'FQoGZXIvYXdzE//token' }), { key: 'a.csv', csv: CSV }, NOW, signal())).outcome).toBe('delivered');
  });

  it('is refused with S3’s reason for a wrong secret, an unknown key id, a missing bucket, a wrong region', async () => {
    const s3 = await s3Server(servers);
    const put = (over: Partial<BucketTarget>) => deliverToBucket(loopback(s3.port), minio(s3.port, over), { key: 'a.csv', csv: CSV }, NOW, signal());
    expect(await put({ secretAccessKey: 'not-the-secret' })).toEqual({ outcome: 'refused', reason: 'answered 403 SignatureDoesNotMatch' });
    expect(await put({ accessKeyId: 'AKIAOTHER' })).toEqual({ outcome: 'refused', reason: 'answered 403 InvalidAccessKeyId' });
    expect(await put({ bucket: 'gone' })).toEqual({ outcome: 'refused', reason: 'answered 404 NoSuchBucket' });
    expect(await put({ region: 'us-east-1' })).toEqual({ outcome: 'refused', reason: 'answered 400 AuthorizationHeaderMalformed' });
    expect(s3.objects.size).toBe(0);
  });

  it('is refused when the body is not the one whose hash was signed', async () => {
    const s3 = await s3Server(servers);
    const target = minio(s3.port);
    const made = objectUrl(target, 'a.csv');
    if (!made.ok) throw new Error(made.reason);
    const headers = signedPutHeaders(target, made.url, CSV, 'text/csv', NOW);
    const tampered = CSV.replace('12.50', '99.50');
    const delivery = await sendFile(loopback(s3.port), made.url, { method: 'PUT', headers, body: tampered, signal: signal(), nowMs: NOW, detail: s3ErrorCode });
    expect(delivery).toEqual({ outcome: 'refused', reason: 'answered 400 XAmzContentSHA256Mismatch' });
  });

  it('asks for another attempt when S3 says SlowDown', async () => {
    const s3 = await s3Server(servers, { slowDown: true });
    expect(await deliverToBucket(loopback(s3.port), minio(s3.port), { key: 'a.csv', csv: CSV }, NOW, signal())).toEqual({ outcome: 'retry', reason: 'answered 503 SlowDown' });
  });

  it('refuses, without connecting, an endpoint the outbound guard refuses', async () => {
    const s3 = await s3Server(servers);
    const delivery = await deliverToBucket(createOutbound({ resolve: async () => [] }), minio(s3.port), { key: 'a.csv', csv: CSV }, NOW, signal());
    expect(delivery).toEqual({ outcome: 'refused', reason: 'refused: the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)' });
  });

  it('signs as AWS documents it: the PutObject example of the SigV4 reference gives its published signature', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "Example: PUT Object".
    const request = {
      host: 'examplebucket.s3.amazonaws.com',
      path: '/test%24file.text',
      method: 'PUT',
      service: 's3',
      region: 'us-east-1',
      headers: {
        Date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': createHash('sha256').update('Welcome to Amazon S3.').digest('hex'),
      } as Record<string, string>,
    };
    aws4.sign(request, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    expect(request.headers.Authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('makes the object’s URL for AWS, path-style endpoints and refuses settings that cannot make one', () => {
    const aws: BucketTarget = { region: 'eu-west-3', bucket: 'acme-reports', pathStyle: false, accessKeyId: KEY_ID, secretAccessKey: SECRET, prefix: 'fw/' };
    const href = (t: BucketTarget, key: string) => {
      const made = objectUrl(t, key);
      return made.ok ? made.url.href : made.reason;
    };
    expect(href(aws, 'daily/2026-03-01.csv')).toBe('https://acme-reports.s3.eu-west-3.amazonaws.com/fw/daily/2026-03-01.csv');
    expect(href({ ...aws, pathStyle: true }, "it's (1).csv")).toBe('https://s3.eu-west-3.amazonaws.com/acme-reports/fw/it%27s%20%281%29.csv');
    expect(href({ ...aws, endpoint: 'https://acct.r2.cloudflarestorage.com', region: 'auto', pathStyle: true }, 'a.csv')).toBe('https://acct.r2.cloudflarestorage.com/acme-reports/fw/a.csv');
    expect(href({ ...aws, bucket: 'Bad_Bucket' }, 'a.csv')).toMatch(/not an S3 bucket name/);
    expect(href({ ...aws, endpoint: 'http://10.0.0.5:9000' }, 'a.csv')).toBe('an endpoint at an IP address takes path-style URLs');
    expect(href({ ...aws, endpoint: 'ftp://minio' }, 'a.csv')).toMatch(/http\(s\) URL/);
    expect(href({ ...aws, prefix: '' }, '')).toBe('an object key is 1 to 1024 bytes');
  });
});
