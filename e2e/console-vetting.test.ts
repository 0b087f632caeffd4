import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedIn } from '../shared/associates';
import { AuditPage } from '../shared/console';
import { ApplicationDetail, MyApplication } from '../shared/registration';
import { seedApplicant } from '../backend/src/testing/applicants';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * The operator's review in real Chromium against the real backend process: an applicant whose
 * background check came back complete and clear waits in the vetting queue; the operator opens
 * the queue and the application, approves it with a reason after a confirmation; the API then
 * has it approved, the applicant's own view (their sign-in token) shows the reason they are
 * told, and the marketplace audit lists the decision.
 */

const OPERATOR = { email: 'oscar@floorwalker.example', name: 'Oscar Operator', password: 'an operator password 1' };
const APPLICANT = {
  email: 'lea.martin@applicant.example',
  password: 'a long enough secret for applying',
  displayName: 'Léa M.',
  givenName: 'Léa',
  familyName: 'Martin',
  country: 'FR',
  languages: ['fr', 'en'],
  categories: [['Audio', 'Headphones']],
  experience: 'Six years at a hi-fi shop in Lyon.',
};
const REASON = 'Your six years in hi-fi are what our audio shops need.';

describe('the console: a marketplace operator approves an application whose check came back clear', () => {
  let stack: Stack;
  let browser: Browser;
  let applicationId = '';

  beforeAll(async () => {
    stack = await startStack(async (app, _seeded, db) => {
      await app.console.ensureUser({ ...OPERATOR, operator: true });
      // Registered, e-mail confirmed, the rules passed, the check invited and complete (clear), as the provider's webhooks would leave it.
      applicationId = (await seedApplicant(app, db, () => new Date(), APPLICANT, { complete: 'clear' })).applicationId;
    });
    browser = await launchConsoleBrowser('fw-console-vetting-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
  });

  const readFromPage = (page: Page, path: string): Promise<{ status: number; body: any }> =>
    page.evaluate(async (path) => {
      const res = await fetch(path);
      return { status: res.status, body: await res.json().catch(() => null) };
    }, path);

  it('finds it in the queue, approves it with a reason; the API, the applicant and the audit log agree', async () => {
    const operator = await signInToConsole(browser, stack.backend.url, OPERATOR, 'nav a[href$="/marketplace/applications"]');
    await operator.click('nav a[href$="/marketplace/applications"]');
    // The queue opens on the applications to review: this one, its check in words.
    await operator.waitForFunction((name) => document.querySelector('.server-table tbody')?.textContent?.includes(name), { timeout: 20_000 }, APPLICANT.displayName);
    const row = await operator.$eval('.server-table tbody tr', (tr) => tr.textContent ?? '');
    expect(row).toContain('To review');
    expect(row).toContain('Complete: clear');
    expect(row).toContain(APPLICANT.email);

    await operator.click(`.server-table tbody a[href$="/marketplace/applications/${applicationId}"]`);
    await operator.waitForSelector('#decision-title', { timeout: 20_000 });
    const page = await operator.evaluate(() => document.querySelector('main')?.textContent ?? '');
    expect(page).toContain('Country served');
    expect(page).toContain('Adjudication');
    // A clear report: Reject is offered, the adverse-action path is not.
    expect(await operator.$('.decision-panel .adverse')).toBeNull();
    expect(await operator.$('input[name=decision][value=reject]')).not.toBeNull();

    await operator.click('input[name=decision][value=approve]');
    await operator.type('textarea[name=reason]', REASON);
    await operator.click('.decision-panel form button[type=submit]');
    // Approving asks first.
    await operator.waitForSelector('[role=alertdialog] button.primary');
    expect(await operator.$eval('[role=alertdialog]', (d) => d.textContent ?? '')).toContain(REASON);
    await operator.click('[role=alertdialog] button.primary');
    // The page reads the application again: approved, the reason kept.
    await operator.waitForFunction(() => document.querySelector('main h1')?.textContent?.includes('Approved'), { timeout: 20_000 });
    expect(await operator.evaluate(() => document.querySelector('main')?.textContent ?? '')).toContain(REASON);
    await screenshot(operator, 'console-vetting-approved', ['light', 'dark'], false);

    // The API agrees.
    const detail = ApplicationDetail.parse((await readFromPage(operator, `/api/v1/marketplace/applications/${applicationId}`)).body);
    expect(detail).toMatchObject({ status: 'approved', decision: { reason: REASON }, check: { adjudication: 'engaged' } });

    // The applicant, signed in with their own token, is told the reason.
    const signIn = await fetch(`${stack.backend.url}/api/v1/associates/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: APPLICANT.email, password: APPLICANT.password }) });
    expect(signIn.status).toBe(200);
    const { token } = SignedIn.parse(await signIn.json());
    const mine = MyApplication.parse(await (await fetch(`${stack.backend.url}/api/v1/applications/me`, { headers: { authorization: `Bearer ${token}` } })).json());
    expect(mine).toMatchObject({ status: 'approved', step: 'done', decisionReason: REASON });
    expect(mine.events.at(-1)?.message).toContain(REASON);

    // The marketplace audit lists the decision, by the operator, with the status before and after.
    await operator.goto(`${stack.backend.url}/console/marketplace/audit`, { waitUntil: 'networkidle0' });
    const subject = `application of ${APPLICANT.email}: approve`;
    await operator.waitForFunction((subject) => document.querySelector('.server-table')?.textContent?.includes(subject), { timeout: 20_000 }, subject);
    const audit = AuditPage.parse((await readFromPage(operator, '/api/v1/marketplace/audit?actor=operator')).body);
    const entry = audit.entries.find((e) => e.subject === subject);
    expect(entry?.actor).toMatchObject({ kind: 'operator', email: OPERATOR.email });
    expect(entry?.action).toBe('POST /api/v1/marketplace/applications/:id/decision');
    expect(entry?.before).toEqual({ status: 'review' });
    expect(entry?.after).toEqual({ status: 'approved', reason: REASON });
    await operator.browserContext().close();
  });
});
