import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnBackend } from '../../../e2e/support/processes';
import { FolderInUse, lockFolder } from './folder-lock';
import { openDb } from './open';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const folders: string[] = [];
const children: ChildProcess[] = [];

function folder(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'fw-lock-')));
  folders.push(dir);
  return dir;
}

/** A process that runs `code` (ESM, .ts imports allowed) and stays until killed; resolves once it prints "ready". */
function holdInChild(code: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `${code}\nconsole.log('ready'); setInterval(() => {}, 1000);`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve(child);
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`child exited (${code}): ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** The pid of a process that has come and gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await exited(child);
  return child.pid!;
}

afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill('SIGKILL');
    await exited(c);
  }
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lockFolder', () => {
  it('refuses a second holder in the same process until the first releases', async () => {
    const dir = folder();
    const first = await lockFolder(dir);
    await expect(lockFolder(dir)).rejects.toThrow(`The PGlite folder ${dir} is in use by process ${process.pid} (`);
    first.release();
    (await lockFolder(dir)).release();
    expect(existsSync(join(dir, 'floorwalker.lock'))).toBe(false);
  });

  it('names the other process holding the folder, with its command line, until it is killed', async () => {
    const dir = folder();
    const holder = await holdInChild(`const { lockFolder } = await import('./backend/src/db/folder-lock.ts'); await lockFolder(${JSON.stringify(dir)});`);
    const refused = await lockFolder(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FolderInUse);
    expect((refused as FolderInUse).message).toContain(`The PGlite folder ${dir} is in use by process ${holder.pid} (`);
    expect((refused as FolderInUse).command).toContain('folder-lock.ts');
    // kill -9 leaves the lock file behind; the next start takes it over.
    holder.kill('SIGKILL');
    await exited(holder);
    expect(existsSync(join(dir, 'floorwalker.lock'))).toBe(true);
    (await lockFolder(dir)).release();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'floorwalker.lock'), JSON.stringify({ pid: await deadPid(), command: 'node backend/src/main.ts' }));
    const lock = await lockFolder(dir);
    expect(JSON.parse(readFileSync(join(dir, 'floorwalker.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now runs another program', async () => {
    const dir = folder();
    const other = await holdInChild('');
    writeFileSync(join(dir, 'floorwalker.lock'), JSON.stringify({ pid: other.pid, command: 'node backend/src/main.ts' }));
    (await lockFolder(dir)).release();
  });

  it('gives the lock up when its process exits', async () => {
    const dir = folder();
    const holder = await holdInChild(`const { lockFolder } = await import('./backend/src/db/folder-lock.ts'); await lockFolder(${JSON.stringify(dir)}); setTimeout(() => process.exit(0), 50);`);
    await exited(holder);
    expect(existsSync(join(dir, 'floorwalker.lock'))).toBe(false);
  });
});

describe('a PGlite folder', () => {
  it('admits one openDb at a time in a process', async () => {
    const dir = folder();
    const first = await openDb({ pgliteDir: dir });
    await expect(openDb({ pgliteDir: dir })).rejects.toBeInstanceOf(FolderInUse);
    await first.close();
    const second = await openDb({ pgliteDir: dir });
    expect(second.kind).toBe('pglite');
    await second.close();
  });

  it('refuses a second backend process, which exits naming the first, while the first keeps working', async () => {
    const dir = folder();
    const env = { PGLITE_DIR: dir, DATABASE_URL: '' };
    const first = await spawnBackend(env);
    try {
      const second = await spawnBackend(env).then(
        async (b) => (await b.stop(), 'started'),
        (err: Error) => err.message,
      );
      expect(second).toMatch(/^backend exited \(1\)/);
      expect(second).toContain(`The PGlite folder ${dir} is in use by process ${first.child.pid} (`);
      expect(second).toContain('backend/src/main.ts');
      const res = await fetch(`${first.url}/api/v1/shoppers`, { method: 'POST' });
      expect(res.status).toBe(201);
    } finally {
      await first.stop();
    }
    // Stopped, it gave the folder up.
    expect(existsSync(join(dir, 'floorwalker.lock'))).toBe(false);
  });
});
