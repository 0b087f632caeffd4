import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionDetail, SessionList } from '../../shared/api';
import { createApp } from '../../backend/src/app';
import { openDb } from '../../backend/src/db/open';
import { seedDemo } from '../../demo/seed';
import { defaultDeps } from '../../backend/src/deps';
import { createSealer, newSecretsKey, parseSecretsKey } from '../../backend/src/sealing';
import { type DemoShops, startShops } from '../../demo/shops/server';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { answerConsent, setBackendUrl } from './extension-pages';
import { type BackendProcess, spawnBackend } from './processes';

/** Demo shops and the real backend process on a PGlite folder of its own, seeded with the shops. */
export interface Stack {
  shops: DemoShops;
  backend: BackendProcess;
  /** API keys of the seeded enterprises. */
  keys: { voltaire: string; summit: string };
  /** Stops the backend process, keeping its data. */
  stopBackend(): Promise<void>;
  /** Starts the backend again on the same port and data. */
  restartBackend(): Promise<void>;
  sessions(key: string): Promise<SessionDetail[]>;
  close(): Promise<void>;
}

/** What else to seed with the demo, before the backend opens the folder (e.g. console users). */
export type ExtraSeed = (app: ReturnType<typeof createApp>, seeded: Awaited<ReturnType<typeof seedDemo>>, db: Awaited<ReturnType<typeof openDb>>['db']) => Promise<void>;

/** `env`: more of the backend process's environment (e.g. SMTP_URL for a test mail server). */
export async function startStack(extraSeed?: ExtraSeed, options: { env?: Record<string, string> } = {}): Promise<Stack> {
  const shops = await startShops();
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-'));
  // One sealing key for the seeding and the backend: the seed makes Voltaire's identity secret, the backend opens it.
  const secretsKey = newSecretsKey();
  const env = { ...options.env, PGLITE_DIR: dataDir, DATABASE_URL: '', SECRETS_KEY: secretsKey };

  // Seed before the backend opens the folder: PGlite admits one process at a time.
  const seeding = await openDb({ pgliteDir: dataDir });
  // The shops send their orders to the backend wherever it listens now (it moves on a restart).
  let backendUrl: string | null = null;
  const seedingApp = createApp(defaultDeps(seeding.db, seeding.kind, { sealer: createSealer(parseSecretsKey(secretsKey)) }));
  const seeded = await seedDemo(seedingApp, [shops.voltaire, shops.summit], { backendUrl: () => backendUrl });
  await extraSeed?.(seedingApp, seeded, seeding.db);
  await seeding.close();

  const stack: Stack = {
    shops,
    backend: await spawnBackend(env),
    keys: { voltaire: seeded[0]!.apiKey!, summit: seeded[1]!.apiKey! },
    stopBackend: () => stack.backend.stop(),
    restartBackend: async () => {
      stack.backend = await spawnBackend(env, stack.backend.port);
      backendUrl = stack.backend.url;
    },
    sessions: async (key) => {
      const headers = { authorization: `Bearer ${key}` };
      const list = SessionList.parse(await (await fetch(`${stack.backend.url}/api/v1/sessions?limit=200`, { headers })).json());
      return Promise.all(
        list.sessions.map(async (s) => SessionDetail.parse(await (await fetch(`${stack.backend.url}/api/v1/sessions/${s.id}`, { headers })).json())),
      );
    },
    close: async () => {
      await Promise.allSettled([stack.backend.stop(), shops.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  backendUrl = stack.backend.url;
  return stack;
}

/** A consenting shopper's browser, pointed at a fresh stack: what most journeys start from. */
export interface ObservedShopper {
  stack: Stack;
  ext: ExtensionBrowser;
  /** A tab to browse in. */
  page: Page;
  close(): Promise<void>;
}

async function startObservedShopper(): Promise<ObservedShopper> {
  const stack = await startStack();
  let ext: ExtensionBrowser | undefined;
  let page: Page;
  try {
    ext = await launchWithExtension();
    await answerConsent(ext, 'accept');
    await setBackendUrl(ext, stack.backend.url);
    page = await ext.browser.newPage();
  } catch (err) {
    await ext?.close();
    await stack.close();
    throw err;
  }
  return {
    stack,
    ext,
    page,
    close: async () => {
      await ext.close();
      await stack.close();
    },
  };
}

/** Within a describe block: a consenting shopper's browser and stack for its tests, started once, closed after. */
export function useObservedShopper(): () => ObservedShopper {
  let shopper: ObservedShopper | undefined;
  beforeAll(async () => {
    shopper = await startObservedShopper();
  });
  afterAll(async () => {
    await shopper?.close();
  });
  return () => shopper!;
}
