import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndependentPage, SignedIn } from '../shared/associates';
import { OfferList } from '../shared/offers';
import { ApplicationDetail, CHECKS_DISCLOSURE, MyApplication } from '../shared/registration';
import { CheckrServer } from '../backend/src/testing/checkr-server';
import { linkIn, type ReceivedMail, startTestSmtp, tokenOf } from '../backend/src/testing/smtp';
import { demoProducts } from '../demo/shops/server';
import { type AgentBrowser, openAgent } from './support/agent';
import { type ExtensionBrowser, eventually, launchWithExtension } from './support/browser';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { answerConsent, setBackendUrl } from './support/extension-pages';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * Issue 20 end to end, in real Chromium against the real backend process, a real SMTP server and
 * the local Checkr stand-in (its signed webhooks posted to the backend process): a person
 * registers on the site, confirms the address from the mail, is vetted clear, approved by the
 * operator in the console, passes the marketplace's Audio test in agent mode's Tests tab, is
 * invited by Voltaire's sales lead from "Find independents", accepts in agent mode, and an offer
 * for an Audio shopper at Voltaire reaches their side panel. A second applicant's `consider`
 * report goes the adverse-action path in the console and they are never offered anything.
 */

const OPERATOR = { email: 'odile@floorwalker.example', name: 'Odile Operator', password: 'an operator password 3' };
const SALES_LEAD = { email: 'sacha@voltaire.example', name: 'Sacha Sales-Lead', password: 'a sales lead password 3' };
const LEA = { email: 'lea.bernard@applicant.example', password: 'Lea sells headphones 7', displayName: 'Léa B.' };
const MAX = { email: 'max.dupont@applicant.example', password: 'Max sells speakers 8', displayName: 'Max D.' };
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '00:00', to: '24:00' }));
const AUDIO_TEST = 'Audio for the marketplace';

describe('joining the marketplace: registration, vetting, approval, a test, admission and an offer', () => {
  let stack: Stack;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let checkr: CheckrServer;
  let consoleBrowser: Browser;
  let agent: AgentBrowser | undefined;
  let maxAgent: AgentBrowser | undefined;
  let shopper: ExtensionBrowser | undefined;
  let voltaireId = '';
  const mails: ReceivedMail[] = [];
  const volt = demoProducts.voltaire;
  const audio = volt.products.filter((p) => p.inStock && Number(p.price) >= 300 && volt.categoryNames(p)[0] === 'Audio');

  beforeAll(async () => {
    smtp = await startTestSmtp();
    checkr = await CheckrServer.start();
    stack = await startStack(
      async (app, seeded) => {
        voltaireId = seeded[0]!.id;
        const operatorId = await app.console.ensureUser({ ...OPERATOR, operator: true });
        await app.console.ensureUser({ ...SALES_LEAD, enterpriseId: voltaireId, role: 'sales_lead' });
        // No document asked for: the check starts once the address is confirmed.
        await app.registration.setJoinSettings({ countries: [], minimumAge: 18, requiredDocuments: [], languages: [], checkPackage: 'tasker_standard' }, operatorId);
        // The marketplace's own Audio test (no enterprise), written and published by the operator.
        const bank = await app.tests.createBank(null, { title: AUDIO_TEST, category: ['Audio'], level: 2, questionsPerTest: 3, timeLimitSeconds: 600, passPercent: 60, retakeWaitHours: 24, validityDays: 365 });
        for (let n = 1; n <= 4; n++) {
          await app.tests.addQuestion(null, bank.id, {
            kind: 'single',
            prompt: `Audio question ${n}: what does active noise cancelling do?`,
            choices: [
              { text: `Right: it plays sound in antiphase (${n})`, correct: true, explanation: 'Microphones hear the noise; the driver plays its inverse.' },
              { text: `Wrong: it turns the volume up (${n})`, correct: false, explanation: 'Louder is not quieter.' },
            ],
          });
        }
        await app.tests.updateBank(null, bank.id, { published: true });
      },
      // The backend calls the stand-in as it would Checkr; only its loopback address passes the outbound guard.
      { env: { SMTP_URL: smtp.url, CHECKR_API_KEY: checkr.apiKey, CHECKR_API_URL: checkr.url, OUTBOUND_ALLOW_HOSTS: checkr.host } },
    );
    checkr.webhookUrl = `${stack.backend.url}/api/v1/webhooks/checkr`;
    // Voltaire's rules: an opportunity when a shopper lingers on a product of $300 or more; offered
    // at once to who is available and accredited in its category by a marketplace test.
    await enterprise('PUT', '/api/v1/rules/opportunity', {
      threshold: 2,
      cooldownMinutes: 0,
      conditions: [
        { id: 'lingers', description: 'Lingers on a product', when: { type: 'dwell', seconds: 5 }, points: 1 },
        { id: 'expensive', description: 'Looks at a product of $300 or more', when: { type: 'product_price', min: '300', currency: 'USD' }, points: 1 },
      ],
      segment: { categoryFrom: 'top_product', minLevel: 1 },
    });
    await enterprise('PUT', '/api/v1/rules/matching', {
      ruleSets: [
        {
          name: 'marketplace independents',
          priority: 1,
          candidates: 'both',
          rules: [
            { rule: 'accreditation', weight: 3, mode: 'filter', sources: ['marketplace_test'] },
            { rule: 'available_now', weight: 0, filter: true },
          ],
          offer: { mode: 'broadcast', size: 10, offerSeconds: 120, giveUpSeconds: 240, ownAssociateSeconds: 0, priority: 'may' },
        },
      ],
    });
    consoleBrowser = await launchConsoleBrowser('fw-marketplace-join-');
  }, 240_000);
  afterAll(async () => {
    await Promise.allSettled([consoleBrowser?.close(), agent?.close(), maxAgent?.close(), shopper?.close()]);
    await stack?.close();
    await checkr?.close();
    await smtp?.stop();
  });

  async function enterprise(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${stack.backend.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.keys.voltaire}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }

  async function asAssociate(token: string, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${stack.backend.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function signIn(who: { email: string; password: string }) {
    const res = await fetch(`${stack.backend.url}/api/v1/associates/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) });
    expect(res.status).toBe(200);
    return SignedIn.parse(await res.json());
  }

  const myApplication = async (token: string) => MyApplication.parse(await (await asAssociate(token, 'GET', '/api/v1/applications/me')).json());

  /** The next mail to `to` whose subject matches; others are kept for later. */
  async function mailTo(to: string, subject: RegExp): Promise<ReceivedMail> {
    for (;;) {
      const kept = mails.findIndex((m) => m.to === to && subject.test(m.subject));
      if (kept >= 0) return mails.splice(kept, 1)[0]!;
      mails.push(await smtp.next(30_000));
    }
  }

  /** The stand-in holds the candidate once the backend started the check (after the address is confirmed). */
  const candidateOf = (email: string) => eventually(`the check of ${email} at the stand-in`, async () => checkr.candidateByEmail(email), 30_000);

  const independents = async () => IndependentPage.parse(await enterprise('GET', '/api/v1/independents?limit=100')).independents;

  async function openApplication(operator: Page, applicationId: string, name: string) {
    await operator.goto(`${stack.backend.url}/console/marketplace/applications/${applicationId}`, { waitUntil: 'networkidle0' });
    await operator.waitForSelector('#decision-title', { timeout: 20_000 });
    expect(await operator.evaluate(() => document.querySelector('main')?.textContent ?? '')).toContain(name);
  }

  it('registers on the site, is vetted clear and approved, passes the Audio test, is admitted by Voltaire and offered an Audio shopper', async () => {
    expect(audio.length, 'Audio products of $300 or more in the demo catalog').toBeGreaterThanOrEqual(2);

    // 1. The registration site: the application, the disclosure on its own page, "check your e-mail".
    const site = await (await consoleBrowser.createBrowserContext()).newPage();
    await site.setViewport({ width: 1280, height: 900 });
    await site.goto(`${stack.backend.url}/join/`, { waitUntil: 'networkidle0' });
    await site.waitForSelector('input[name=email]');
    await site.type('input[name=email]', LEA.email);
    await site.type('input[name=password]', LEA.password);
    await site.type('input[name=displayName]', LEA.displayName);
    await site.type('input[name=givenName]', 'Léa');
    await site.type('input[name=familyName]', 'Bernard');
    await site.select('select[name=country]', 'FR');
    await site.select('select[name=timezone]', 'Europe/Paris');
    await site.type('input[name=languages]', 'fr, en');
    await site.evaluate(() => {
      const el = document.querySelector<HTMLInputElement>('input[name=birthDate]')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, '1991-03-08');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await site.type('textarea[name=categories]', 'Audio');
    await site.type('textarea[name=experience]', 'Seven years selling headphones and speakers in Nantes.');
    await site.type('input[name=weeklyHours]', '20');
    await screenshot(site, 'marketplace-join-apply');
    await site.click('form button[type=submit]');
    await site.waitForSelector('input[name=authorized]', { timeout: 20_000 });
    await site.click('input[name=authorized]');
    await site.click('main button[type=submit]');
    await site.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Check your e-mail', { timeout: 20_000 });

    // 2. The mailed link, opened: the address is confirmed and the check starts at the stand-in.
    const link = linkIn(await mailTo(LEA.email, /Confirm/));
    await site.goto(link, { waitUntil: 'networkidle0' });
    await site.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Your address is confirmed', { timeout: 20_000 });
    await screenshot(site, 'marketplace-join-verified');
    await site.browserContext().close();
    expect(await candidateOf(LEA.email)).toMatchObject({ first_name: 'Léa', last_name: 'Bernard' });

    // 3. Checkr: the candidate fills the hosted form, the report comes back clear; each a signed webhook the backend accepts.
    const { reportId } = await checkr.completeInvitation(LEA.email);
    expect((await checkr.completeReport(reportId, 'clear')).status).toBe(200);
    await checkr.idle();
    expect(checkr.deliveries.map((d) => [d.event.type, d.status])).toEqual(expect.arrayContaining([['invitation.completed', 200], ['report.completed', 200]]));
    const lea = await signIn(LEA);
    await eventually('Léa’s application in review', async () => ((await myApplication(lea.token)).status === 'review' ? true : undefined));
    const applicationId = (await myApplication(lea.token)).id;

    // 4. The operator approves in the console.
    const operator = await signInToConsole(consoleBrowser, stack.backend.url, OPERATOR, 'nav a[href$="/marketplace/applications"]');
    await openApplication(operator, applicationId, LEA.email);
    expect(await operator.$('.decision-panel .adverse')).toBeNull();
    await operator.click('input[name=decision][value=approve]');
    await operator.type('textarea[name=reason]', 'Seven years in audio: welcome.');
    await operator.click('.decision-panel form button[type=submit]');
    await operator.waitForSelector('[role=alertdialog] button.primary');
    await operator.click('[role=alertdialog] button.primary');
    await operator.waitForFunction(() => document.querySelector('main h1')?.textContent?.includes('Approved'), { timeout: 20_000 });
    await screenshot(operator, 'marketplace-join-approved', ['light'], false);
    expect(await myApplication(lea.token)).toMatchObject({ status: 'approved' });

    // 5. Agent mode: Léa signs in, takes the marketplace's Audio test in the Tests tab, and passes.
    agent = await openAgent(stack, { email: LEA.email, password: LEA.password, displayName: LEA.displayName }, lea.associate.id);
    const panel = agent.panel;
    await panel.click('[data-testid=panel-tab-tests]');
    await panel.waitForFunction((title) => [...document.querySelectorAll('[data-testid=test-item]')].some((el) => el.textContent?.includes(title)), { timeout: 20_000 }, AUDIO_TEST);
    await panel.click('[data-testid=test-start]');
    await panel.waitForSelector('[data-testid=test-attempt]', { visible: true });
    await panel.$$eval('[data-testid=test-choice]', (inputs) => {
      for (const input of inputs as HTMLInputElement[]) if (input.parentElement?.textContent?.includes('Right:')) input.click();
    });
    await panel.click('[data-testid=test-submit]');
    await panel.waitForSelector('[data-testid=test-result][data-passed=true]', { visible: true, timeout: 20_000 });
    expect(await panel.$eval('[data-testid=test-result]', (el) => (el as HTMLElement).innerText)).toContain('Accredited for Audio at level 2');
    await screenshot(panel, 'marketplace-join-test-passed');

    // 6. Voltaire's sales lead finds her in "Find independents" and invites her.
    const lead = await signInToConsole(consoleBrowser, stack.backend.url, SALES_LEAD, 'nav a[href$="/sessions"]');
    await lead.click('nav a[href$="/independents"]');
    await lead.waitForSelector(`button[aria-label="Invite ${LEA.displayName}"]`, { timeout: 20_000 });
    await lead.click(`button[aria-label="Invite ${LEA.displayName}"]`);
    await lead.waitForSelector('.dialog button[type=submit]');
    await lead.click('.dialog button[type=submit]');
    await lead.waitForFunction(
      (name) => [...document.querySelectorAll('.server-table tbody tr')].find((r) => r.textContent?.includes(name))?.querySelector('[data-testid=standing]')?.textContent?.includes('Invited'),
      { timeout: 20_000 },
      LEA.displayName,
    );
    await screenshot(lead, 'marketplace-join-invited', ['light'], false);
    await lead.browserContext().close();

    // 7. She accepts in agent mode's settings, where invitations are listed.
    const settings = await agent.ext.openExtensionPage('options.html');
    await settings.bringToFront();
    await settings.waitForSelector('[data-testid=admission-invited]', { visible: true, timeout: 30_000 });
    expect(await settings.$eval('[data-testid=admission-invited]', (el) => el.textContent)).toContain('Voltaire');
    await settings.click('[data-testid=admission-invited] [data-testid=admission-accept]');
    await settings.waitForSelector('[data-testid=admission-accepted]', { visible: true, timeout: 20_000 });
    await screenshot(settings, 'marketplace-join-accepted');
    await settings.close();

    // 8. Available: every day, all day (so whenever the test runs), and switched on in the panel.
    expect((await asAssociate(lea.token, 'PATCH', '/api/v1/associates/me', { presence: 'available', schedule: ALL_WEEK })).status).toBe(200);
    await panel.bringToFront();
    await panel.click('[data-testid=panel-tab-offers]').catch(() => undefined);
    await panel.waitForSelector('[data-testid=presence][data-presence=available]', { timeout: 20_000 });

    // 9. A shopper lingers on an Audio product of $300 or more at Voltaire: the offer reaches Léa's panel.
    shopper = await launchWithExtension();
    await answerConsent(shopper, 'accept');
    await setBackendUrl(shopper, stack.backend.url);
    const shop = await shopper.browser.newPage();
    await shop.setViewport({ width: 1280, height: 800 });
    await shop.goto(volt.url(stack.shops.voltaire, audio[0]!), { waitUntil: 'load' });
    await shop.bringToFront();
    await panel.waitForSelector('[data-testid=offer][data-phase=open]', { timeout: 90_000 });
    expect(await panel.evaluate(() => document.body.innerText)).toContain(audio[0]!.name);
    await screenshot(panel, 'marketplace-join-offer', ['light', 'dark']);
    const offers = OfferList.parse(await (await asAssociate(lea.token, 'GET', '/api/v1/offers')).json());
    expect(offers.offers.length).toBeGreaterThanOrEqual(1);
    // She declines (staying available): the next shopper can be offered to her again.
    await panel.click('[data-testid=offer-decline]');
    await panel.waitForSelector('[data-testid=offers-empty]', { timeout: 20_000 });
    expect(await panel.$eval('[data-testid=presence]', (el) => el.getAttribute('data-presence'))).toBe('available');
  }, 420_000);

  it('takes a `consider` report through the adverse-action path in the console: rejected, never listed, never offered', async () => {
    // Registered through the site's API, the address confirmed from the mail.
    const res = await fetch(`${stack.backend.url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: MAX.email,
        password: MAX.password,
        displayName: MAX.displayName,
        givenName: 'Max',
        familyName: 'Dupont',
        country: 'fr',
        timezone: 'Europe/Paris',
        languages: ['fr', 'en'],
        birthDate: '1988-11-02',
        categories: [['Audio']],
        experience: 'Five years selling speakers in a shop in Lille.',
        weeklyHours: 20,
        consent: { authorized: true, version: CHECKS_DISCLOSURE.version },
      }),
    });
    expect(res.status).toBe(202);
    const verify = await fetch(`${stack.backend.url}/api/v1/applications/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokenOf(linkIn(await mailTo(MAX.email, /Confirm/))) }),
    });
    expect(verify.status).toBe(200);
    await candidateOf(MAX.email);

    // The report comes back `consider`.
    const { reportId } = await checkr.completeInvitation(MAX.email);
    expect((await checkr.completeReport(reportId, 'consider')).status).toBe(200);
    const max = await signIn(MAX);
    await eventually('Max’s application in review', async () => ((await myApplication(max.token)).status === 'review' ? true : undefined));
    const applicationId = (await myApplication(max.token)).id;

    // The operator starts the adverse-action path in the console (a plain rejection is not offered on a `consider` report's path).
    const operator = await signInToConsole(consoleBrowser, stack.backend.url, OPERATOR, 'nav a[href$="/marketplace/applications"]');
    await openApplication(operator, applicationId, MAX.email);
    await operator.waitForSelector('.decision-panel .adverse button.danger');
    await screenshot(operator, 'marketplace-join-consider', ['light'], false);
    await operator.click('.decision-panel .adverse button.danger');
    await operator.waitForSelector('[role=alertdialog] button.danger');
    await operator.click('[role=alertdialog] button.danger');
    await eventually('the pre-adverse notice', async () => ((await myApplication(max.token)).status === 'adverse_action' ? true : undefined));
    await checkr.idle();
    expect(checkr.deliveries.some((d) => d.event.type === 'report.pre_adverse_action' && d.status === 200)).toBe(true);

    // The waiting period ends at Checkr: the post-adverse notice, by webhook; the application is rejected.
    expect((await checkr.completeAdverseAction(reportId)).status).toBe(200);
    await eventually('Max’s application rejected', async () => ((await myApplication(max.token)).status === 'rejected' ? true : undefined));
    await operator.reload({ waitUntil: 'networkidle0' });
    await operator.waitForFunction(() => document.querySelector('main h1')?.textContent?.includes('Rejected'), { timeout: 20_000 });
    const detail = ApplicationDetail.parse(await operator.evaluate(async (path) => (await fetch(path)).json(), `/api/v1/marketplace/applications/${applicationId}`));
    expect(detail).toMatchObject({ status: 'rejected', check: { adjudication: 'post_adverse_action' } });
    await screenshot(operator, 'marketplace-join-rejected', ['light'], false);
    await operator.browserContext().close();

    // Not in Voltaire's directory (Léa is); inviting him by id finds no one.
    const listed = (await independents()).map((i) => i.displayName);
    expect(listed).toContain(LEA.displayName);
    expect(listed).not.toContain(MAX.displayName);
    const invite = await fetch(`${stack.backend.url}/api/v1/associates/admissions`, { method: 'POST', headers: { authorization: `Bearer ${stack.keys.voltaire}`, 'content-type': 'application/json' }, body: JSON.stringify({ associateId: max.associate.id }) });
    expect(invite.status).toBe(404);

    // Available all week and connected in agent mode, he is offered nothing when a matching shopper comes; Léa is offered that shopper.
    expect((await asAssociate(max.token, 'PATCH', '/api/v1/associates/me', { presence: 'available', schedule: ALL_WEEK })).status).toBe(200);
    maxAgent = await openAgent(stack, { email: MAX.email, password: MAX.password, displayName: MAX.displayName }, max.associate.id);
    // Voltaire drops the accreditation filter: whoever is available and connected is a match, so only his standing can keep him out.
    await enterprise('PUT', '/api/v1/rules/matching', {
      ruleSets: [
        {
          name: 'anyone available',
          priority: 1,
          candidates: 'both',
          rules: [{ rule: 'available_now', weight: 0, filter: true }],
          offer: { mode: 'broadcast', size: 10, offerSeconds: 120, giveUpSeconds: 240, ownAssociateSeconds: 0, priority: 'may' },
        },
      ],
    });
    // Another shopper (a browser of their own: a session of their own) on another Audio product.
    await shopper?.close();
    shopper = await launchWithExtension();
    await answerConsent(shopper, 'accept');
    await setBackendUrl(shopper, stack.backend.url);
    const shop = await shopper.browser.newPage();
    await shop.setViewport({ width: 1280, height: 800 });
    await shop.goto(volt.url(stack.shops.voltaire, audio[1]!), { waitUntil: 'load' });
    await shop.bringToFront();
    await agent!.panel.waitForFunction((name) => [...document.querySelectorAll('[data-testid=offer]')].some((el) => el.textContent?.includes(name)), { timeout: 90_000 }, audio[1]!.name);
    expect(OfferList.parse(await (await asAssociate(max.token, 'GET', '/api/v1/offers')).json()).offers).toEqual([]);
    // A broadcast reaches everyone matched at once: a few seconds more, and his panel still shows none.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await maxAgent.panel.$('[data-testid=offer]')).toBeNull();
    expect(await maxAgent.panel.$eval('[data-testid=presence]', (el) => el.getAttribute('data-presence'))).toBe('available');
    await screenshot(maxAgent.panel, 'marketplace-join-rejected-panel');
    await screenshot(agent!.panel, 'marketplace-join-second-offer');
  }, 300_000);
});
