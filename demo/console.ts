import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { App } from '../backend/src/app';
import { newPassword } from './routing';
import { readPerDatabase, type SeededEnterprise } from './seed';

/** A demo console account as `npm start` shows it. */
export interface DemoConsoleUser {
  email: string;
  password: string;
  /** "marketplace operator", or "owner of <enterprise>". */
  what: string;
  /** The console user's id (the seed records the operator's changes as theirs). */
  userId: string;
}

/**
 * The demo's console accounts: a marketplace operator and one owner per demo enterprise, with
 * random passwords kept per database in `file` (like the associates'). A second run keeps a
 * password that still signs in and sets a new one otherwise.
 */
export async function seedDemoConsole(app: App, seeded: readonly SeededEnterprise[], file: string, database: string): Promise<DemoConsoleUser[]> {
  const all = readPerDatabase(file);
  const mine = { ...all[database] };
  const specs = [
    { email: 'operator@floorwalker.example', name: 'Marketplace operator', operator: true, what: 'marketplace operator' },
    ...seeded.map((e) => ({ email: `owner@${e.slug}.example`, name: `${e.name} owner`, operator: false, enterpriseId: e.id, what: `owner of ${e.name}` })),
  ];
  const out: DemoConsoleUser[] = [];
  for (const { what, ...spec } of specs) {
    let password = mine[spec.email];
    if (!password || !(await signsIn(app, spec.email, password))) password = newPassword();
    // Made, or kept as it is with the password that works (an owner's membership made again).
    const userId = await app.console.ensureUser({ ...spec, password, role: 'owner' });
    mine[spec.email] = password;
    out.push({ email: spec.email, password, what, userId });
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...all, [database]: mine }, null, 2)}\n`, { mode: 0o600 });
  return out;
}

async function signsIn(app: App, email: string, password: string): Promise<boolean> {
  try {
    await app.console.signIn(email, password, undefined);
    return true;
  } catch {
    return false;
  }
}
