// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiTable } from './api-table';

/** The README is the first thing a newcomer reads: its map of the code must match the tree. */
const ROOT = join(import.meta.dirname ?? dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The paths the "Map of the code" block names, nested entries joined to their folder. */
function mappedPaths(): string[] {
  const block = /## Map of the code\s+```\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no "Map of the code" block');
  const paths: string[] = [];
  let folder = '';
  for (const line of block.split('\n')) {
    const match = /^( *)(\S+(?:, \S+)*?)(?:\s{2,}|$)/.exec(line);
    if (!match || !match[2]) continue; // a continuation of the line above
    const depth = match[1]!.length;
    const names = match[2].split(', ');
    if (depth === 0) folder = names[0]!.endsWith('/') ? names[0]! : '';
    for (const name of names) paths.push(depth === 0 ? name : join(folder, name));
  }
  return paths;
}

/** Whether a path exists; a `*` in its last part stands for any name. */
function exists(path: string): boolean {
  if (!path.includes('*')) return existsSync(join(ROOT, path));
  const dir = join(ROOT, dirname(path));
  const pattern = new RegExp(`^${path.split('/').at(-1)!.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
  return existsSync(dir) && readdirSync(dir).some((name) => pattern.test(name));
}

describe('the README', () => {
  it('maps only paths that exist', () => {
    const paths = mappedPaths();
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !exists(p))).toEqual([]);
  });

  it('maps every top-level folder of the repository', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    const folders = new Set(tracked.filter((f) => f.includes('/') && !f.startsWith('.')).map((f) => `${f.split('/')[0]}/`));
    const mapped = new Set(mappedPaths().map((p) => `${p.split('/')[0]}/`));
    expect([...folders].filter((f) => !mapped.has(f))).toEqual([]);
  });

  it('links only to files inside the repository', () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/.test(href));
    expect(links.filter((href) => href.startsWith('../') || !existsSync(join(ROOT, href.split('#')[0]!)))).toEqual([]);
    expect(readme).not.toMatch(/`\.\.\//);
  });

  it('lists every route of the API, as the OpenAPI catalogue describes it', () => {
    expect(readme).toContain(apiTable());
  });
});
