import { linkSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Another live process holds the folder. */
export class FolderInUse extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
    readonly command: string | undefined,
  ) {
    super(
      `The PGlite folder ${folder} is in use by process ${pid}${command ? ` (${command})` : ''}. ` +
        'Only one backend may use a PGlite folder at a time: stop that process, or set PGLITE_DIR to another folder.',
    );
    this.name = 'FolderInUse';
  }
}

export interface FolderLock {
  /** Gives the folder up (idempotent). */
  release(): void;
}

/** What a lock file says about its holder. */
interface Holder {
  pid: number;
  /** The holder's command line as the system reported it when it took the lock. */
  command?: string;
}

const LOCK_FILE = 'floorwalker.lock';
/** Locks this process holds, given up on exit however the process ends (but kill -9). */
const held = new Set<() => void>();
let exitHookAdded = false;

/**
 * Takes the folder's exclusive lock (a file naming this process) or throws FolderInUse,
 * naming the process that holds it. A lock left by a process that is gone (a crash, a
 * kill -9), or whose pid now belongs to another program, is taken over.
 */
export async function lockFolder(folder: string): Promise<FolderLock> {
  const dir = realpathSync(folder);
  const path = join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, command: commandLine(process.pid) ?? process.argv.join(' ') } satisfies Holder);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(path, mine)) return hold(path, mine);
    const found = readLock(path);
    if (found === undefined) continue; // given up just now: try again
    const holder = parseHolder(found);
    if (holder && isRunning(holder)) throw new FolderInUse(dir, holder.pid, commandLine(holder.pid) ?? holder.command);
    // Stale: remove it, unless another starter replaced it meanwhile, then take it.
    if (readLock(path) === found) unlinkQuietly(path);
    if (!create(path, mine)) continue;
    // Two starters that found the same stale lock: the one that removed the other's fresh
    // lock wins; the other sees that here and yields.
    await new Promise((r) => setTimeout(r, 50));
    if (readLock(path) === mine) return hold(path, mine);
  }
  const holder = parseHolder(readLock(path) ?? '');
  throw new FolderInUse(dir, holder?.pid ?? 0, holder ? (commandLine(holder.pid) ?? holder.command) : undefined);
}

/**
 * Creates the lock file with its whole content at once (written aside, then linked), or
 * false if it exists. Where the file system has no hard links, an exclusive create.
 */
function create(path: string, content: string): boolean {
  const aside = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(aside, content);
  try {
    linkSync(aside, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    return createExclusive(path, content);
  } finally {
    unlinkQuietly(aside);
  }
}

function createExclusive(path: string, content: string): boolean {
  try {
    writeFileSync(path, content, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function hold(path: string, mine: string): FolderLock {
  const release = () => {
    held.delete(release);
    if (readLock(path) === mine) unlinkQuietly(path);
  };
  held.add(release);
  if (!exitHookAdded) {
    exitHookAdded = true;
    process.on('exit', () => {
      for (const r of [...held]) r();
    });
  }
  return { release };
}

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return Number.isInteger(h.pid) && h.pid! > 0 ? { pid: h.pid!, ...(typeof h.command === 'string' ? { command: h.command } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder still runs: its pid is alive and, where the system tells, runs the same command. */
function isRunning(holder: Holder): boolean {
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = commandLine(holder.pid);
  return now === undefined || holder.command === undefined || now === holder.command;
}

/** A process's command line where the system shows it (/proc on Linux). */
function commandLine(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter(Boolean).join(' ').slice(0, 500) || undefined;
  } catch {
    return undefined;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
