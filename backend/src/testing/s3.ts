import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import aws4 from 'aws4';

/** The credentials the local S3 server knows. */
export const S3_KEY_ID = 'AKIAFLOORWALKER';
export const S3_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface Stored {
  body: string;
  contentType: string | undefined;
}

const errorXml = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;

/**
 * A local server that speaks S3's PutObject as S3 does: it recomputes the SigV4 Authorization from
 * the request and its own copy of the secret (with aws4, over the headers the request says it
 * signed), checks the body against `x-amz-content-sha256`, and answers 200 with an ETag, or S3's
 * XML errors: 403 SignatureDoesNotMatch, 403 InvalidAccessKeyId, 400 XAmzContentSHA256Mismatch,
 * 404 NoSuchBucket. Buckets are addressed by path (`/<bucket>/<key>`) or by host (`<bucket>.s3.test`).
 */
export async function s3Server(servers: Server[], options: { region?: string; buckets?: string[]; slowDown?: boolean } = {}) {
  const region = options.region ?? 'eu-west-3';
  const buckets = new Set(options.buckets ?? ['reports']);
  const objects = new Map<string, Stored>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fail = (status: number, code: string, message: string) => res.writeHead(status, { 'content-type': 'application/xml' }).end(errorXml(code, message));
      if (options.slowDown) return fail(503, 'SlowDown', 'Please reduce your request rate.');
      const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
      if (!auth) return fail(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
      if (auth[1] !== S3_KEY_ID) return fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
      const headers: Record<string, string> = {};
      for (const name of auth[4]!.split(';')) headers[name] = String(req.headers[name] ?? '');
      const again = { host: req.headers.host, path: req.url, method: req.method, service: 's3', region: auth[3], headers };
      aws4.sign(again, { accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET, sessionToken: headers['x-amz-security-token'] });
      if ((again.headers as Record<string, string>).Authorization !== req.headers.authorization) {
        return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
      }
      if (auth[3] !== region) return fail(400, 'AuthorizationHeaderMalformed', `the region '${auth[3]}' is wrong; expecting '${region}'`);
      if (req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) {
        return fail(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
      }
      const host = req.headers.host ?? '';
      const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
      const [bucket, key] = /^[a-z0-9.-]+\.s3\.test(:\d+)?$/.test(host) ? [host.slice(0, host.indexOf('.s3.test')), path.slice(1)] : [path.split('/')[1]!, path.split('/').slice(2).join('/')];
      if (req.method !== 'PUT') return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      if (!buckets.has(bucket)) return fail(404, 'NoSuchBucket', 'The specified bucket does not exist');
      objects.set(`${bucket}/${key}`, { body: body.toString('utf8'), contentType: req.headers['content-type'] });
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, objects };
}

