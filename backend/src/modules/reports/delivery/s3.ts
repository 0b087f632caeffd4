import { createHash } from 'node:crypto';
import aws4 from 'aws4';
import type { Outbound } from '../../../outbound/client';
import type { Delivery } from './outcome.core';
import { sendFile } from './send';

/**
 * An S3-compatible bucket an enterprise takes its exports in: Amazon S3, MinIO, Cloudflare R2,
 * Backblaze B2, Wasabi, … Objects are written with PutObject signed by AWS Signature V4
 * (`Authorization: AWS4-HMAC-SHA256 …`, the body's SHA-256 in `x-amz-content-sha256`, signed too).
 */
export interface BucketTarget {
  /** The service's base URL; default `https://s3.<region>.amazonaws.com`. MinIO: `http://minio:9000`; R2: `https://<account>.r2.cloudflarestorage.com`. */
  endpoint?: string;
  /** `us-east-1`, `eu-west-3`; R2 takes `auto`. */
  region: string;
  bucket: string;
  /** `<endpoint>/<bucket>/<key>` (MinIO's default, and for bucket names with dots over https) instead of `<bucket>.<endpoint host>/<key>`. */
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** For temporary credentials (STS). */
  sessionToken?: string;
  /** Put before each key, e.g. `floorwalker/exports/`. */
  prefix?: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{1,40}$/;

/** encodeURIComponent as RFC 3986 has it (also ! ' ( ) *), as SigV4's canonical path wants. */
function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The object's URL, or why the settings cannot make one. */
export function objectUrl(target: BucketTarget, key: string): { ok: true; url: URL } | { ok: false; reason: string } {
  if (!BUCKET.test(target.bucket) || target.bucket.includes('..')) return { ok: false, reason: 'the bucket name is not an S3 bucket name (3-63 of a-z, 0-9, dot, hyphen)' };
  if (!REGION.test(target.region)) return { ok: false, reason: 'the region is not a region name (e.g. eu-west-3, auto)' };
  const fullKey = `${target.prefix ?? ''}${key}`;
  if (fullKey === '' || Buffer.byteLength(fullKey) > 1024) return { ok: false, reason: 'an object key is 1 to 1024 bytes' };
  let base: URL;
  try {
    base = new URL(target.endpoint ?? `https://s3.${target.region}.amazonaws.com`);
  } catch {
    return { ok: false, reason: 'the endpoint is not a URL' };
  }
  if ((base.protocol !== 'https:' && base.protocol !== 'http:') || base.search || base.hash || base.username || base.password) {
    return { ok: false, reason: 'the endpoint is an http(s) URL without query or credentials' };
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const encodedKey = fullKey.split('/').map(encodeRfc3986).join('/');
  if (target.pathStyle) return { ok: true, url: new URL(`${base.origin}${basePath}/${target.bucket}/${encodedKey}`) };
  if (/^\[|^\d+\.\d+\.\d+\.\d+$/.test(base.hostname)) return { ok: false, reason: 'an endpoint at an IP address takes path-style URLs' };
  return { ok: true, url: new URL(`${base.protocol}//${target.bucket}.${base.host}${basePath}/${encodedKey}`) };
}

/** `20260302T100000Z`, SigV4's time. */
export function amzDate(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** The signed headers of a PutObject of `body` at `url`, signed at `nowMs`. */
export function signedPutHeaders(target: BucketTarget, url: URL, body: string, contentType: string, nowMs: number): Record<string, string> {
  const request = {
    host: url.host,
    path: `${url.pathname}${url.search}`,
    method: 'PUT',
    service: 's3',
    region: target.region,
    body,
    headers: {
      'Content-Type': contentType,
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Amz-Content-Sha256': createHash('sha256').update(body, 'utf8').digest('hex'),
      'X-Amz-Date': amzDate(nowMs),
    } as Record<string, string>,
  };
  aws4.sign(request, { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey, ...(target.sessionToken ? { sessionToken: target.sessionToken } : {}) });
  return Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** S3's error code from its XML error document (`<Code>SignatureDoesNotMatch</Code>`), when it is one. */
export function s3ErrorCode(xml: string): string | undefined {
  return /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(xml)?.[1];
}

/**
 * PUTs the file into the bucket as `<prefix><key>`. S3's error code joins the reason
 * ("answered 403 SignatureDoesNotMatch"); `RequestTimeout` (a 400 S3 sends when the upload
 * stalled) is worth another attempt like a 5xx or `SlowDown`.
 */
export async function deliverToBucket(outbound: Outbound, target: BucketTarget, file: { key: string; csv: string }, nowMs: number, signal: AbortSignal): Promise<Delivery> {
  const made = objectUrl(target, file.key);
  if (!made.ok) return { outcome: 'refused', reason: made.reason };
  const verdict = outbound.check(made.url.href);
  if (!verdict.ok) return { outcome: 'refused', reason: `refused: ${verdict.reason}` };
  const headers = signedPutHeaders(target, made.url, file.csv, 'text/csv; charset=utf-8', nowMs);
  const delivery = await sendFile(outbound, made.url, { method: 'PUT', headers, body: file.csv, signal, nowMs, detail: s3ErrorCode });
  if (delivery.outcome === 'refused' && /^answered 400 RequestTimeout$/.test(delivery.reason)) return { outcome: 'retry', reason: delivery.reason };
  return delivery;
}
