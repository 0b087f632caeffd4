import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../backend/src/modules/console-app/files.core';
import { linkIn, startTestSmtp } from '../backend/src/testing/smtp';
import { MyApplication } from '../shared/registration';
import { launchConsoleBrowser } from './support/console';
import { SCREENSHOTS } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * The public registration site in real Chromium against the real backend process and a real
 * SMTP server: a person reads what joining means, fills the application (the form checks as they
 * type), authorizes the checks on the disclosure's own page, is told to check their e-mail,
 * opens the mailed link (which then works no more), signs in, sends the document the rules ask
 * for (a refused type first), sees the check starting, and withdraws. Every page is shot light
 * and dark, and axe-core finds no serious or critical violation on any.
 */

const OPERATOR = { email: 'olga@floorwalker.example', name: 'Olga Operator', password: 'an operator password 2' };
const PERSON = { email: 'ines.moreau@example.org', password: 'Ines sells headphones 9', name: 'Inès' };
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** The smallest valid PNG: one transparent pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('the registration site: a person applies, confirms the address, signs in and follows the application', () => {
  let stack: Stack;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    smtp = await startTestSmtp();
    stack = await startStack(
      async (app) => {
        const operatorId = await app.console.ensureUser({ ...OPERATOR, operator: true });
        // The marketplace asks for a proof of identity: the applicant sends it from the status page.
        await app.registration.setJoinSettings({ countries: [], minimumAge: 18, requiredDocuments: ['identity'], languages: [], checkPackage: 'tasker_standard' }, operatorId);
      },
      { env: { SMTP_URL: smtp.url } },
    );
    browser = await launchConsoleBrowser('fw-join-');
    page = await (await browser.createBrowserContext()).newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('console', (m) => {
      // axe compiles with new Function, which the page's policy refuses; 4xx answers are the test's own doing.
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && !/CSP violation: script-src eval/.test(m.text())) problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
    await smtp?.stop();
  });

  const settle = async () => {
    await page.waitForNetworkIdle({ idleTime: 200, timeout: 15_000 }).catch(() => undefined);
    await page.waitForFunction(() => !document.querySelector('.state.loading'), { timeout: 15_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  };
  const heading = () => page.evaluate(() => document.querySelector('main h1')?.textContent ?? '');
  const text = () => page.evaluate(() => document.querySelector('main')?.textContent ?? '');
  const untilHeading = (h: string) => page.waitForFunction((h) => document.querySelector('main h1')?.textContent === h, { timeout: 20_000 }, h);

  /** Light and dark, each with axe run on it: its serious and critical violations fail the test. */
  const shoot = async (name: string, fullPage = true) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await settle();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const path = join(SCREENSHOTS, `${name}${scheme === 'dark' ? '-dark' : ''}.png`);
      await page.screenshot({ path, fullPage });
      console.log(`screenshot: ${path}`);
      // Evaluated through the DevTools protocol, which the page's policy does not govern.
      await page.evaluate(AXE);
      const violations = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
        return (await axe.run(document, { resultTypes: ['violations'] })).violations;
      })) as Violation[];
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name} (${scheme}): ${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
      expect(serious).toEqual([]);
    }
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  };

  /** Sets a control's value as a person's input would (a date input takes no typed text in a locale-free way). */
  const setValue = (selector: string, value: string) =>
    page.evaluate(
      (selector, value) => {
        const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
        const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      selector,
      value,
    );

  const errorOn = (name: string) =>
    page.evaluate((name) => document.querySelector(`[name="${name}"]`)?.closest('.field-block')?.querySelector('.field-error')?.textContent ?? null, name);

  it('serves the site’s pages with the console’s strict policy', async () => {
    for (const path of ['/join/', '/join/verify', '/join/status']) {
      const res = await fetch(`${stack.backend.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toBe(CONSOLE_CSP);
    }
  });

  it('explains joining, checks the form as it is typed, and puts the disclosure on a page of its own before applying', async () => {
    await page.goto(`${stack.backend.url}/join/`, { waitUntil: 'networkidle0' });
    await untilHeading('Sell on the Floorwalker marketplace');
    expect(await text()).toContain('independent associate');
    // The browser's zone is the default.
    expect(await page.$eval('select[name=timezone]', (s) => (s as HTMLSelectElement).value)).toBe(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
    await shoot('join-apply');

    // As typed: an address that is not one is told on its field once the person leaves it.
    await page.type('input[name=email]', 'ines.moreau@');
    await page.focus('input[name=password]');
    await page.waitForFunction(() => !!document.querySelector('.field-block.invalid input[name=email]'));
    expect(await errorOn('email')).toBe('an e-mail address');
    // "Continue" on an unfinished form names every field at fault and goes to the first.
    await page.click('form button[type=submit]');
    expect(await errorOn('weeklyHours')).toBe('a whole number of hours from 1 to 80');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await shoot('join-apply-invalid');

    await setValue('input[name=email]', PERSON.email);
    await page.type('input[name=password]', PERSON.password);
    await page.type('input[name=displayName]', PERSON.name);
    await page.type('input[name=givenName]', 'Inès');
    await page.type('input[name=familyName]', 'Moreau');
    await page.select('select[name=country]', 'FR');
    await page.select('select[name=timezone]', 'Europe/Paris');
    await page.type('input[name=languages]', 'fr, en');
    await setValue('input[name=birthDate]', '1992-04-17');
    await page.type('textarea[name=categories]', 'Audio > Headphones\nAudio > Speakers');
    await page.type('textarea[name=experience]', 'Six years at a hi-fi shop in Lyon.');
    await page.type('input[name=weeklyHours]', '15');
    expect(await page.$$eval('.field-error', (e) => e.map((x) => x.textContent))).toEqual([]);
    await page.click('form button[type=submit]');

    await untilHeading('Disclosure regarding background and credit checks');
    // Only the disclosure and the authorization: no other field of the application on this page.
    expect(await page.$$eval('main input, main select, main textarea', (els) => els.map((e) => (e as HTMLInputElement).name))).toEqual(['authorized']);
    expect(await text()).toContain('consumer reporting agency (Checkr, Inc.)');
    expect(await page.$eval('main button[type=submit]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await shoot('join-disclosure');
    await page.click('input[name=authorized]');
    await page.click('main button[type=submit]');

    await untilHeading('Check your e-mail');
    expect(await text()).toContain(PERSON.email);
    await shoot('join-sent');
  });

  it('confirms the address by the mailed link, which works once', async () => {
    const mail = await smtp.next(20_000);
    expect(mail.to).toBe(PERSON.email);
    const link = linkIn(mail);
    expect(new URL(link).pathname).toBe('/join/verify');
    // The token travels in the fragment, which the browser never sends: no request's address carries it, only the verify call's body.
    const requested: string[] = [];
    const listen = (r: { url(): string }) => requested.push(r.url().split('#')[0]!);
    page.on('request', listen);
    await page.goto(link, { waitUntil: 'networkidle0' });
    await untilHeading('Your address is confirmed');
    page.off('request', listen);
    const token = decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
    expect(requested.some((u) => u.includes(token))).toBe(false);
    expect(page.url()).not.toContain('token');
    await shoot('join-verified');

    // Opened again (as from the mail, a fresh page: not a jump within the page already open).
    await page.goto('about:blank');
    await page.goto(link, { waitUntil: 'networkidle0' });
    await untilHeading('This link was used already');
    expect(await text()).toContain('Sign in');
    await shoot('join-verify-used');
  });

  it('signs in and shows where the application stands; sends the document the rules ask for; the check starts; withdraws', async () => {
    await page.goto(`${stack.backend.url}/join/sign-in`, { waitUntil: 'networkidle0' });
    await untilHeading('Sign in');
    await shoot('join-sign-in');
    // A wrong password: the server's words on the page.
    await page.type('input[name=email]', PERSON.email);
    await page.type('input[name=password]', 'not the password');
    await page.click('main button[type=submit]');
    await page.waitForSelector('main .alert', { timeout: 20_000 });
    expect(await text()).toContain('The e-mail address or the password is wrong.');
    await setValue('input[name=password]', PERSON.password);
    await page.click('main button[type=submit]');
    await untilHeading('Your application');
    await page.waitForSelector('#documents-title', { timeout: 20_000 });
    expect(await text()).toContain('Upload an identity document');
    expect(await text()).toContain('Your e-mail address is confirmed.');
    expect(await page.$eval('.stages [aria-current=step]', (e) => e.textContent)).toBe('Documents');
    // The bearer token is kept for the tab only.
    expect(await page.evaluate(() => sessionStorage.getItem('fw-join-token'))).toMatch(/^fwa_/);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => localStorage.getItem(k)?.startsWith('fwa_')))).toEqual([]);
    await shoot('join-status-documents');

    // A GIF is refused before it is sent; a PNG goes.
    const dir = SCREENSHOTS;
    const gif = join(dir, 'join-test-upload.gif');
    const png = join(dir, 'join-test-identity.png');
    writeFileSync(gif, Buffer.from('GIF89a'));
    writeFileSync(png, PNG);
    const file = (await page.$('input[type=file]'))!;
    await file.uploadFile(gif);
    await page.click('.upload button[type=submit]');
    await page.waitForSelector('#documents-title ~ .alert', { timeout: 10_000 });
    expect(await page.$eval('#documents-title ~ .alert', (e) => e.textContent)).toContain('PDF, a PNG or a JPEG');
    await file.uploadFile(png);
    await page.click('.upload button[type=submit]');
    await page.waitForFunction(() => document.querySelector('.stages [aria-current=step]')?.textContent === 'Background check', { timeout: 20_000 });
    expect(await text()).toContain('join-test-identity.png');
    expect(await text()).toContain('your background check starts now');
    const me = MyApplication.parse(await page.evaluate(async () => (await fetch('/api/v1/applications/me', { headers: { authorization: `Bearer ${sessionStorage.getItem('fw-join-token')}` } })).json()));
    expect(me.status).toBe('checking');
    expect(me.documents.uploaded.map((d) => d.kind)).toEqual(['identity']);
    await shoot('join-status-checking');

    // Withdrawing asks first.
    await page.click('#withdraw-title ~ button');
    await page.waitForSelector('.dialog');
    // The dialog's overlay covers the window: the window is shot, not the whole page.
    await shoot('join-status-withdraw-confirm', false);
    await page.click('.dialog button.danger');
    await page.waitForFunction(() => document.querySelector('main .tag')?.textContent === 'Withdrawn', { timeout: 20_000 });
    expect(await text()).toContain('You withdrew your application.');
    expect(await page.$('#withdraw-title')).toBeNull();
    await shoot('join-status-withdrawn');

    // Signing out forgets the token.
    await page.click('header button.small-button');
    await page.waitForFunction(() => sessionStorage.getItem('fw-join-token') === null);
    await page.goto(`${stack.backend.url}/join/status`, { waitUntil: 'networkidle0' });
    await untilHeading('Your application');
    expect(await text()).toContain('Sign in to see your application');
    expect(problems).toEqual([]);
  });
});
