/**
 * Runs the extension's detection on saved pages and prints one JSON line per file.
 * Usage: npx tsx scripts/extract.ts [--url URL] FILE... (HTML or .html.gz; `--url` gives the
 * address of the file that follows it, else the page's canonical/og:url, else its file:// path).
 * A file that cannot be read prints a line with `error`; the exit code is then 1.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeHtml, ownUrl, parseHtml } from './corpus/pages';
import { detect } from '../extension/features/detection/detect';

export interface Job {
  file: string;
  url: string | null;
}

/** The files to read, each with the address given for it by a `--url` just before it. */
function parseArgs(args: readonly string[]): Job[] {
  const jobs: Job[] = [];
  let url: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--url') {
      url = args[++i] ?? null;
      if (!url) throw new Error('--url needs an address');
      continue;
    }
    if (arg.startsWith('--url=')) {
      url = arg.slice('--url='.length);
      continue;
    }
    jobs.push({ file: arg, url });
    url = null;
  }
  return jobs;
}

/** One output line for one file. */
function extractFile({ file, url }: Job): Record<string, unknown> {
  try {
    const html = decodeHtml(readFileSync(file));
    const fallback = pathToFileURL(resolve(file)).href;
    const doc = parseHtml(html, url ?? 'https://unknown.invalid/');
    const address = url ?? ownUrl(doc) ?? fallback;
    const { kind, product, search } = detect(doc, address, null);
    return { file, url: address, kind, product, search };
  } catch (error) {
    return { file, error: error instanceof Error ? error.message : String(error) };
  }
}

function main(): void {
  let jobs: Job[];
  try {
    jobs = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  if (jobs.length === 0) {
    console.error('usage: npx tsx scripts/extract.ts [--url URL] FILE...');
    process.exit(2);
  }
  let failed = false;
  for (const job of jobs) {
    const line = extractFile(job);
    if ('error' in line) failed = true;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
