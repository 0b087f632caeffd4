/**
 * The extension's detection over the corpus pages (64 product pages, 46 others): in the
 * real DOM of Chromium (the figure that matters: it runs in the shopper's page) and in
 * Node on jsdom. Per-page time is detect() alone, parsing excluded; each page is
 * measured `--reps` times and its median kept. In Chromium the detection also runs as the
 * content script runs it, in steps (detectInSteps): the longest step is the longest the page
 * is held up at once.
 *
 *   npm run bench -- extract [--reps 5]
 */
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { detect } from '../extension/features/detection';
import { UNKNOWN_URL, loadOtherPages, loadProductPages, ownUrl, parseHtml } from '../scripts/corpus/pages';
import { type ProductTruth, scoreProducts } from '../scripts/corpus/score';
import type { Detection } from '../extension/features/detection/types';
import { quantile, table } from './lib';

interface Page {
  id: string;
  url: string;
  html: string;
  /** Product pages: the corpus's ground truth, to score what Chromium read. */
  truth?: ProductTruth;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { reps: { type: 'string', default: '5' } } });
  const reps = Math.max(1, Number(values.reps));
  const pages: Page[] = [
    ...loadProductPages().map((p) => ({ id: p.id, url: p.truth.url ?? UNKNOWN_URL, html: p.html, truth: p.truth })),
    ...loadOtherPages().map((p) => ({ id: p.id, url: p.label.url ?? UNKNOWN_URL, html: p.html })),
  ];

  const browser = await inChromium(pages, reps);
  const node = inNode(pages, reps);
  const rows = [summary('chromium', browser.total), summary('chromium, longest step', browser.longestStep), summary('node (jsdom)', node)];
  table(rows);
  const b = rows[0]!;
  const step = rows[1]!;
  // The same F1 as the corpus test (jsdom), from what the browser read: the two must agree.
  const f1 = scoreProducts(browser.detections).attributes;
  console.log(`F1 in Chromium: price ${f1.price.f1.toFixed(3)}, sku ${f1.sku.f1.toFixed(3)}, availability ${f1.availability.f1.toFixed(3)}, brand ${f1.brand.f1.toFixed(3)}`);
  console.log(
    JSON.stringify({
      bench: 'extract',
      pages: pages.length,
      reps,
      p50_ms: b.p50_ms,
      p99_ms: b.p99_ms,
      max_ms: b.max_ms,
      pages_per_s: b.pages_per_s,
      longest_step_p50_ms: step.p50_ms,
      longest_step_p99_ms: step.p99_ms,
      longest_step_max_ms: step.max_ms,
      chromium_f1: { price: round3(f1.price.f1), sku: round3(f1.sku.f1), availability: round3(f1.availability.f1), brand: round3(f1.brand.f1) },
      node_p50_ms: rows[2]!.p50_ms,
      node_p99_ms: rows[2]!.p99_ms,
      node_pages_per_s: rows[2]!.pages_per_s,
    }),
  );
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function summary(where: string, perPage: number[]) {
  const sorted = [...perPage].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    where,
    pages: sorted.length,
    p50_ms: round(quantile(sorted, 0.5)),
    p99_ms: round(quantile(sorted, 0.99)),
    max_ms: round(sorted.at(-1) ?? NaN),
    pages_per_s: Math.round(sorted.length / (total / 1000)),
  };
}

function medianOf(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function inNode(pages: Page[], reps: number): number[] {
  return pages.map((p) => {
    const doc = parseHtml(p.html, p.url);
    const url = p.url === UNKNOWN_URL ? (ownUrl(doc) ?? p.url) : p.url;
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      detect(doc, url, null);
      times.push(performance.now() - t);
    }
    return medianOf(times);
  });
}

/** The detection module as one script for the page, exposing `__fwDetect`. */
async function browserBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents:
        "import { detect, detectInSteps } from './extension/features/detection'; (globalThis as any).__fwDetect = detect; (globalThis as any).__fwSteps = detectInSteps;",
      loader: 'ts',
      resolveDir: process.cwd(),
    },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome120',
  });
  return out.outputFiles[0]!.text;
}

async function inChromium(pages: Page[], reps: number): Promise<{ total: number[]; longestStep: number[]; detections: { id: string; truth: ProductTruth; detection: Detection }[] }> {
  const bundle = await browserBundle();
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage();
    // The page as the browser received it, without its own scripts or anything it would load.
    await tab.setJavaScriptEnabled(false);
    await tab.setRequestInterception(true);
    tab.on('request', (req) => void (req.isNavigationRequest() ? req.continue() : req.abort()));
    const total: number[] = [];
    const longestStep: number[] = [];
    const detections: { id: string; truth: ProductTruth; detection: Detection }[] = [];
    for (const p of pages) {
      await tab.setContent(p.html, { waitUntil: 'domcontentloaded' });
      await tab.evaluate(bundle);
      const times = await tab.evaluate(
        (url, n, unknown) => {
          type Steps = Generator<void, unknown, void>;
          const g = globalThis as unknown as { __fwDetect: (d: Document, u: string, a: null) => unknown; __fwSteps: (d: Document, u: string, a: null) => Steps };
          const own = document.querySelector('link[rel=canonical]')?.getAttribute('href');
          // The page's own address where it is known (as the corpus test reads it), else its canonical link.
          const at = url === unknown && own && /^https?:/.test(own) ? own : url;
          const whole: number[] = [];
          const longest: number[] = [];
          let detection: unknown = null;
          for (let i = 0; i < n; i++) {
            const t = performance.now();
            g.__fwDetect(document, at, null);
            whole.push(performance.now() - t);
            const steps = g.__fwSteps(document, at, null);
            let max = 0;
            for (;;) {
              const s = performance.now();
              const next = steps.next();
              max = Math.max(max, performance.now() - s);
              if (next.done) {
                detection = next.value;
                break;
              }
            }
            longest.push(max);
          }
          return { whole, longest, detection };
        },
        p.url,
        reps,
        UNKNOWN_URL,
      );
      total.push(medianOf(times.whole));
      if (p.truth) detections.push({ id: p.id, truth: p.truth, detection: times.detection as Detection });
      longestStep.push(medianOf(times.longest));
    }
    return { total, longestStep, detections };
  } finally {
    await browser.close();
  }
}
