// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules the code is organised by, checked on every import so that a new module
 * copying the wrong pattern fails here instead of in review.
 */
const ROOT = join(import.meta.dirname ?? dirname(fileURLToPath(import.meta.url)), '..');

interface Import {
  file: string;
  /** As written: "./x", "../db/schema", "drizzle-orm", "node:fs". */
  spec: string;
  /** For relative imports, the target's path from the repository root. */
  target: string | null;
  typeOnly: boolean;
}

const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.startsWith('node_modules/'));

const imports: Import[] = sources.flatMap((file) => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((m) => {
    const spec = m[3]!;
    const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : null;
    return { file, spec, target, typeOnly: Boolean(m[2]) };
  });
});

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.includes('/testing/');
const where = (list: Import[]) => list.map((i) => `${i.file} → ${i.spec}`);

describe('the code’s layering', () => {
  it('reads nothing outside the repository', () => {
    expect(where(imports.filter((i) => i.target !== null && (i.target.startsWith('..') || i.target.startsWith('/'))))).toEqual([]);
  });

  // A module's entrypoints: its HTTP routes and pages, its WebSocket endpoints. Every other file of a module is its domain.
  const ENTRYPOINT = /^backend\/src\/modules\/[^/]+\/(routes|pages|socket|server)\.ts$/;
  const moduleFiles = sources.filter((f) => /^backend\/src\/modules\/[^/]+\/[^/]+\.ts$/.test(f) && !isTest(f));
  const domainFiles = new Set(moduleFiles.filter((f) => !ENTRYPOINT.test(f)));

  it('keeps every file of a module but its entrypoints on the domain’s side: nothing from http/ or hono, and no entrypoint', () => {
    // Every non-entry file, whatever its name: services, queries, ports, tickers, views, cores, OpenAPI docs.
    expect(domainFiles.size).toBeGreaterThan(40);
    const domain = imports.filter((i) => domainFiles.has(i.file));
    const transport = (i: Import) =>
      i.target?.startsWith('backend/src/http') || i.spec === 'hono' || i.spec.startsWith('hono/') || (i.target !== null && ENTRYPOINT.test(`${i.target}.ts`));
    expect(where(domain.filter(transport))).toEqual([]);
  });

  it('keeps pure cores pure: no database, HTTP, browser, clock or file system', () => {
    const cores = imports.filter((i) => /\.core\.ts$/.test(i.file));
    expect(cores.length).toBeGreaterThan(0);
    // zod and ipaddr.js only parse and compare: no I/O, clock or randomness in either.
    const allowed = (i: Import) =>
      i.typeOnly || (i.target !== null && (i.target.startsWith('shared/') || /\.core(\.ts)?$/.test(i.target))) || i.spec === 'zod' || i.spec === 'ipaddr.js';
    expect(where(cores.filter((i) => !allowed(i)))).toEqual([]);
  });

  it('sets timers only through the injected ones (AppDeps.timers): no backend module calls setTimeout or setInterval', () => {
    // deps.ts defines the system timers; folder-lock.ts waits for a lock before the app (and its deps) exist.
    const allowed = new Set(['backend/src/deps.ts', 'backend/src/db/folder-lock.ts']);
    const backend = sources.filter((f) => f.startsWith('backend/src/') && !isTest(f) && !allowed.has(f));
    expect(backend.length).toBeGreaterThan(0);
    const code = (file: string) => readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(backend.filter((f) => /\b(setTimeout|setInterval)\s*\(/.test(code(f)))).toEqual([]);
  });

  it('ships no test, demo, corpus or Node tooling in the extension', () => {
    const shipped = imports.filter((i) => i.file.startsWith('extension/') && !isTest(i.file));
    const foreign = shipped.filter(
      (i) => i.spec.startsWith('node:') || ['jsdom', 'happy-dom', 'vitest'].includes(i.spec) || /^(backend|demo|corpus|scripts|e2e|bench)\//.test(i.target ?? ''),
    );
    expect(where(foreign)).toEqual([]);
  });

  it('keeps the extension’s test helpers free of features', () => {
    const helpers = imports.filter((i) => i.file.startsWith('extension/lib/testing/'));
    expect(where(helpers.filter((i) => i.target?.startsWith('extension/features/')))).toEqual([]);
  });

  it('keeps the backend out of the extension and the extension out of the backend', () => {
    expect(where(imports.filter((i) => i.file.startsWith('backend/') && !i.file.startsWith('backend/console/') && i.target?.startsWith('extension/')))).toEqual([]);
    // The console (a browser app the backend serves) shares the extension's look (its assets), never its code.
    expect(where(imports.filter((i) => i.file.startsWith('backend/console/') && i.target?.startsWith('extension/') && !i.target.startsWith('extension/assets/')))).toEqual([]);
    expect(where(imports.filter((i) => i.file.startsWith('extension/') && i.target?.startsWith('backend/')))).toEqual([]);
  });
});
