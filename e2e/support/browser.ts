import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const EXTENSION_DIR = fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url));

export interface ExtensionBrowser {
  browser: Browser;
  extensionId: string;
  /** Opens one of the extension's pages (e.g. "popup.html") in a tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** WebRTC between two browsers on one host, with a fake microphone that needs no prompt. */
const MEDIA_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Debian Chromium with the built extension, in a fresh profile, with nothing calling out to the
 * internet. `media`: fake microphone and loopback WebRTC, for live engagements.
 */
export async function launchWithExtension(options: { media?: boolean } = {}): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'fw-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...(options.media ? MEDIA_FLAGS : []),
    ],
  });
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
  const extensionId = new URL(target.url()).host;
  return {
    browser,
    extensionId,
    openExtensionPage: async (path) => {
      const page = await browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`, { waitUntil: 'load' });
      return page;
    },
    close: async () => {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The extension's storage.local, read again and again through one of its pages kept open. */
export interface StorageReader {
  read(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Opens one extension page to poll the extension's storage from. Opening a tab hides the
 * shop's page, which then reports a leave, as it should: a poll that opened a tab each
 * time would queue a new event on every look and so never see the queue empty.
 */
export async function openStorageReader(ext: ExtensionBrowser): Promise<StorageReader> {
  const page = await ext.openExtensionPage('options.html');
  return {
    read: () =>
      page.evaluate(() =>
        (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null),
      ),
    close: () => page.close(),
  };
}

/**
 * Polls `probe` for `windowMs` and fails as soon as it returns something other than undefined:
 * for what must not happen. Give it a positive control: the same probe, in the same test, seen to
 * turn on when the thing does happen (else the probe could be blind).
 */
export async function never<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, windowMs: number): Promise<void> {
  const deadline = Date.now() + windowMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) throw new Error(`${what} happened: ${JSON.stringify(v)}`);
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `probe` until it returns a value that is not undefined, or fails with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
