import type { Outbound } from '../../../outbound/client';
import { hmacSha256 } from '../../../hmac';
import type { Delivery } from './outcome.core';
import { sendFile } from './send';
import { EXPORT_SIGNATURE_HEADER, exportSignature } from './signature.core';

/** Where an enterprise takes its exports by webhook. */
export interface WebhookTarget {
  /** https, public addresses only (unless OUTBOUND_ALLOW_HOSTS allows the host). */
  url: string;
  /** Signing secrets, the current first; two while one is rotated. */
  secrets: readonly string[];
}

/** One export file. */
export interface ExportFile {
  /** The export run's id: the same on every attempt, so the receiver can drop a repeat. */
  exportId: string;
  /** `report-2026-03-01.csv`: letters, digits, `.`, `_` and `-` only. */
  filename: string;
  csv: string;
}

/**
 * POSTs the CSV to the enterprise's URL, signed (`X-Floorwalker-Signature`, signature.core.ts),
 * with `X-Floorwalker-Export` (the export's id, the same on every attempt) and the file's name in
 * `Content-Disposition`. Redirects are not followed. Any 2xx is delivered.
 */
export function deliverByWebhook(outbound: Outbound, target: WebhookTarget, file: ExportFile, nowMs: number, signal: AbortSignal): Promise<Delivery> {
  const verdict = outbound.check(target.url);
  if (!verdict.ok) return Promise.resolve({ outcome: 'refused', reason: `refused: ${verdict.reason}` });
  if (target.secrets.length === 0) return Promise.resolve({ outcome: 'refused', reason: 'no signing secret' });
  if (!/^[\x21-\x7e]{1,200}$/.test(file.exportId)) return Promise.resolve({ outcome: 'refused', reason: 'the export id is not a header value' });
  const timestamp = Math.floor(nowMs / 1000);
  return sendFile(outbound, new URL(target.url), {
    method: 'POST',
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${safeFilename(file.filename)}"`,
      'user-agent': 'Floorwalker-Export/1',
      'x-floorwalker-export': file.exportId,
      [EXPORT_SIGNATURE_HEADER]: exportSignature(hmacSha256, target.secrets, timestamp, file.csv),
    },
    body: file.csv,
    signal,
    nowMs,
  });
}

/** A file name safe in a quoted header parameter and on any file system. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return cleaned === '' ? 'report.csv' : cleaned.slice(0, 200);
}
