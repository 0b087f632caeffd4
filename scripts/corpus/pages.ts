import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { PageKind } from '../../shared/page';
import type { ProductTruth } from './score';

/**
 * Reads the corpus of real pages (corpus/ at the top of the repository) and parses pages with
 * jsdom, for the corpus test, the extract benchmark and the corpus scripts. Node only.
 */

/** The repository's corpus/ folder, as a path (the test environment's URL class is not Node's). */
const CORPUS_ROOT = join(import.meta.dirname ?? dirname(fileURLToPath(import.meta.url)), '../../corpus');

/** The text of an HTML file's bytes (gunzipped when gzip), in the charset its meta tag names. */
export function decodeHtml(bytes: Uint8Array): string {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const head = new TextDecoder('latin1').decode(raw.subarray(0, 4096));
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(raw);
  } catch {
    return new TextDecoder('utf-8').decode(raw);
  }
}

/**
 * A parsed document for `html`, with no script run and nothing loaded. jsdom's parser follows the
 * HTML standard, as Chromium's does (happy-dom stops at the first inline <svg> of some pages).
 */
export function parseHtml(html: string, url: string): Document {
  // A silent console: pages' CSS that jsdom cannot parse is not our concern.
  return new JSDOM(html, { url, contentType: 'text/html', virtualConsole: new VirtualConsole() }).window.document as unknown as Document;
}

/** The address a page tells about itself: its canonical link or og:url. */
export function ownUrl(doc: Document): string | null {
  const href = doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ?? doc.querySelector('meta[property="og:url" i]')?.getAttribute('content');
  if (!href) return null;
  try {
    const url = new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export interface CorpusProductPage {
  id: string;
  truth: ProductTruth;
  html: string;
}

export function loadProductPages(root: string = CORPUS_ROOT): CorpusProductPage[] {
  const dir = join(root, 'product-pages');
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, ProductTruth>;
  return Object.entries(truth).map(([id, t]) => ({ id, truth: t, html: decodeHtml(readFileSync(join(dir, 'html', `${id}.html.gz`))) }));
}

export interface OtherPageLabel {
  kind: PageKind | 'home';
  search_terms?: string;
  url?: string;
}

export interface CorpusOtherPage {
  id: string;
  label: OtherPageLabel;
  html: string;
}

export function loadOtherPages(root: string = CORPUS_ROOT): CorpusOtherPage[] {
  const dir = join(root, 'other-pages');
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, OtherPageLabel>;
  return Object.entries(labels).map(([id, label]) => ({ id, label, html: decodeHtml(readFileSync(join(dir, 'html', `${id}.gz`))) }));
}

/** A page of no known address that does not tell its own. */
export const UNKNOWN_URL = 'https://unknown.invalid/';
