import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AssociateInvited, PASSWORD_RULES } from '../../../../shared/associates';
import type { Mailer } from '../../mail/mailer';
import { call, useApi, type ApiHarness } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { linkIn, startTestSmtp, tokenOf } from '../../testing/smtp';

// The pages a one-time link opens, run in real Chromium against the real app over HTTP: every
// state the associate can meet, and the strict CSP still holding (nothing refused but what a
// page tries to add, shown by a positive control).

let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const mailer: Mailer = { sends: true, send: (mail) => smtp.mailer.send(mail) };
let browser: Browser;
beforeAll(async () => {
  smtp = await startTestSmtp();
  browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await smtp.stop();
});
beforeEach(() => void smtp.received.splice(0));

const ivy = { email: 'ivy@freelance.example', displayName: 'Ivy' };
const PASSWORD = 'a password only I know';

describe.each(DB_KINDS)('the set-password and reset-password pages on %s', (kind) => {
  const api = useApi(kind, { mailer, publicUrl: () => 'https://fw.example' });
  let h: ApiHarness;
  let server: ServerType;
  let base: string;
  let page: Page;
  /** CSP violations the page reported, and its console errors. */
  let refused: string[];
  let errors: string[];

  beforeEach(async () => {
    h = api();
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: h.app.http.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    page = await browser.newPage();
    refused = [];
    errors = [];
    await page.exposeFunction('reportViolation', (what: string) => void refused.push(what));
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(s: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });
  afterEach(async () => {
    await page.close();
    // Chromium keeps its connections alive: closed here, or the server waits for them.
    (server as import('node:http').Server).closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const invite = async () => {
    const res = await call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, ivy);
    return AssociateInvited.parse(await res.json()).invitation.token;
  };
  const open = async (path: string, token?: string) => {
    await page.goto('about:blank'); // the same path with another fragment would not load the page again
    await page.goto(`${base}${path}${token ? `#token=${encodeURIComponent(token)}` : ''}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.state !== 'loading', { timeout: 5_000 });
  };
  const state = () => page.evaluate(() => document.body.dataset.state);
  /** The text of what is shown (elements hidden by the state left out). */
  const shown = () => page.evaluate(() => document.querySelector<HTMLElement>('.card')!.innerText.replace(/\s+/g, ' ').trim());
  const waitForState = (s: string) => page.waitForFunction((want) => document.body.dataset.state === want, { timeout: 5_000 }, s);
  const choose = async (password: string, again = password) => {
    await page.locator('#password').fill(password);
    await page.locator('#confirm').fill(again);
    await page.click('#set button');
  };

  it('an invitation: the form states the rules; a refused password says why; then "Open the Floorwalker extension and sign in"', async () => {
    const token = await invite();
    await open('/associates/set-password', token);
    expect(await state()).toBe('form');
    expect(page.url()).toBe(`${base}/associates/set-password`); // the token left the address bar
    expect(await shown()).toContain(PASSWORD_RULES);
    expect(await page.$eval('#password', (el) => el.getAttribute('aria-describedby'))).toContain('password-rules');
    await choose('too short');
    expect(await page.$eval('#form-error', (el) => el.textContent)).toBe('The password must have at least 10 characters.');
    await choose(PASSWORD, 'not the same one');
    expect(await page.$eval('#form-error', (el) => el.textContent)).toBe('The two passwords differ. Type the same one twice.');
    await choose('ivy@freelance.example');
    await page.waitForFunction(() => document.getElementById('form-error')!.textContent === 'The password must not contain the e-mail address.', { timeout: 5_000 });
    expect(await page.$eval('#password', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    await choose(PASSWORD);
    await waitForState('done');
    expect(await shown()).toContain('Open the Floorwalker extension and sign in as ivy@freelance.example with this password.');
    expect((await call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email: ivy.email, password: PASSWORD })).status).toBe(200);
    // The same link again: used.
    await open('/associates/set-password', token);
    await choose('another fine password');
    await waitForState('used');
    expect(await shown()).toMatch(/^! This link was used already Your password was set with it already\./);
    expect(refused).toEqual([]);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('an invitation past its 7 days: expired; a link the server never made: not valid; no token: where the link is', async () => {
    const token = await invite();
    h.clock.advance(8 * 24 * 3600_000);
    await open('/associates/set-password', token);
    await choose(PASSWORD);
    await waitForState('expired');
    expect(await shown()).toContain('This link has expired Invitation links work for 7 days.');
    await open('/associates/set-password', 'fwi_neverMadeByThisServer');
    await choose(PASSWORD);
    await waitForState('invalid');
    await open('/associates/set-password');
    expect(await state()).toBe('missing');
    expect(await shown()).toContain('Open the link from your invitation');
    expect(await page.$('#set')).not.toBeNull();
    expect(await page.$eval('#set', (el) => (el as HTMLElement).hidden)).toBe(true);
    expect(refused).toEqual([]);
  });

  it('a reset: asked for without a token (the same answer for any address), then the mailed link sets the new password once; an expired one asks again', async () => {
    await invite();
    await (await call(h.app, 'POST', '/api/v1/associates/password/set', null, { token: tokenOf(linkIn(await smtp.next())), password: PASSWORD })).text();
    await open('/associates/reset-password');
    expect(await state()).toBe('request');
    await page.locator('#email').fill('not an address');
    await page.click('#ask button');
    expect(await page.$eval('#ask-error', (el) => el.textContent)).toBe('Enter the e-mail address you sign in with.');
    await page.locator('#email').fill('nobody@example.com');
    await page.click('#ask button');
    await waitForState('requested');
    expect(await shown()).toContain("If nobody@example.com belongs to an associate, we've sent a link to choose a new password.");
    await open('/associates/reset-password');
    await page.locator('#email').fill(ivy.email);
    await page.click('#ask button');
    await waitForState('requested');
    await h.app.associates.idle();
    const reset = tokenOf(linkIn(await smtp.next()));
    await open('/associates/reset-password', reset);
    expect(await shown()).toContain('Choose a new password Setting it signs you out on every device.');
    await choose('my brand new password');
    await waitForState('done');
    expect(await shown()).toContain('Your new password is set');
    // Another link, left for more than 30 minutes: expired, and the way to a new one is right there.
    await call(h.app, 'POST', '/api/v1/associates/password/reset-request', null, { email: ivy.email });
    await h.app.associates.idle();
    const late = tokenOf(linkIn(await smtp.next()));
    h.clock.advance(31 * 60_000);
    await open('/associates/reset-password', late);
    await choose('yet another password');
    await waitForState('expired');
    expect(await shown()).toContain('This link has expired Reset links work for 30 minutes.');
    expect(await page.$eval('#ask', (el) => (el as HTMLElement).hidden)).toBe(false);
    expect(refused).toEqual([]);
  });

  it('keeps the strict CSP: only the page’s own script and style; anything added is refused (the positive control)', async () => {
    const res = await h.app.http.request('/associates/reset-password');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'$/);
    expect(csp).not.toContain('unsafe');
    await open('/associates/reset-password');
    // The page's own style applies (its hash matches): the card has the product's surface colour.
    expect(await page.$eval('.card', (el) => getComputedStyle(el).borderRadius)).toBe('10px');
    expect(refused).toEqual([]);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { background: red }';
      document.head.append(style);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await page.waitForFunction(() => true);
    await expect.poll(() => refused.map((r) => r.split(' ')[0]).sort()).toEqual(['script-src-elem', 'style-src-elem']);
  });

  it('a console user’s invitation wears the console’s look: its frame, its theme as chosen in the console, and the same toggle; the strict CSP holds', async () => {
    await h.app.console.invite(h.seed.volt.id, { email: 'lena@volt.example', name: 'Lena', role: 'analyst' });
    const token = tokenOf(linkIn(await smtp.next()));
    const res = await h.app.http.request('/console/set-password');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self';/);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await open('/console/set-password', token);
    expect(await state()).toBe('form');
    expect(await page.$eval('.solo-head .brand', (el) => (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim())).toBe('Floorwalker console');
    const theme = () => page.evaluate(() => ({ shown: document.documentElement.dataset.theme ?? 'system', stored: localStorage.getItem('fw-console-theme'), background: getComputedStyle(document.documentElement).backgroundColor }));
    expect(await theme()).toEqual({ shown: 'system', stored: null, background: 'rgb(245, 246, 244)' });
    expect(await page.$eval('#theme', (el) => el.getAttribute('aria-label'))).toBe('Use the dark theme');
    await page.click('#theme');
    expect(await theme()).toEqual({ shown: 'dark', stored: 'dark', background: 'rgb(20, 23, 22)' });
    // The choice stays, as in the console: the page opens dark again; the toggle goes back to the system's.
    await open('/console/set-password', token);
    expect((await theme()).shown).toBe('dark');
    await page.click('#theme');
    expect(await theme()).toEqual({ shown: 'system', stored: null, background: 'rgb(245, 246, 244)' });
    await choose(PASSWORD);
    await waitForState('done');
    expect(await shown()).toContain('Sign in to the Floorwalker console as lena@volt.example with this password');
    expect(refused).toEqual([]);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
