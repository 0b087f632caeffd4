/**
 * What a document's bytes are, by their magic numbers (never by the header the uploader sent),
 * and the headers it is served with. Only PDF, PNG, JPEG, WebP and GIF are kept; anything a
 * browser could run (SVG, HTML, XML, scripts) is refused, whatever it claims to be.
 */
import { MATERIAL_CONTENT_TYPES } from '../../../../shared/sales';

export type MaterialContentType = (typeof MATERIAL_CONTENT_TYPES)[number];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The content type the bytes are, when one the library keeps; null otherwise. */
export function sniffContentType(bytes: Uint8Array): MaterialContentType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  return null;
}

/** Whether bytes look like markup a browser would run or render as a page (SVG, HTML, XML). */
export function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return /^<(\?xml|!doctype|html|svg|script|head|body|iframe|!--)/.test(head) || head.includes('<svg');
}

/** The header's media type, without parameters, lower-cased ('' when none). */
export function declaredType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

const EXTENSION: Record<MaterialContentType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** The headers a document is served with: its stored type, no sniffing, a sandbox, inline with a safe name. */
export function contentHeaders(contentType: MaterialContentType, size: number, fileName: string | null, title: string): Record<string, string> {
  const base = (fileName ?? title).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const safe = base.replace(/[^A-Za-z0-9 ._()-]/g, '_').replace(/\s+/g, ' ').trim().slice(0, 100) || 'material';
  const name = `${safe}.${EXTENSION[contentType]}`;
  return {
    'content-type': contentType,
    'content-length': String(size),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'content-disposition': `inline; filename="${name}"`,
    'cache-control': 'private, max-age=300',
    'cross-origin-resource-policy': 'same-site',
  };
}
