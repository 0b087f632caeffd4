import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MATCHING } from '../demo/routing';
import { AuditPage } from '../shared/console';
import { MatchingRulesVersion } from '../shared/matching';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * A sales lead tunes matching in real Chromium against the real backend process: a rule's weight
 * moved on its slider with the keyboard, the dry run ranking the draft (each candidate's parts
 * follow the new weight), the rule sets saved; the API holds the new weight and the audit log,
 * read by the owner, names the sales lead.
 */

const OWNER = { email: 'olga@voltaire.example', name: 'Olga Owner', password: 'an owner password 2' };
const SALES_LEAD = { email: 'sami@voltaire.example', name: 'Sami Sales-Lead', password: 'a sales lead password 1' };

describe('the console: a sales lead changes a matching weight with the keyboard, dry-runs it and saves it', () => {
  let stack: Stack;
  let browser: Browser;
  let voltaireId: string;

  beforeAll(async () => {
    stack = await startStack(async (app, seeded) => {
      voltaireId = seeded[0]!.id;
      await app.console.ensureUser({ ...OWNER, enterpriseId: voltaireId, role: 'owner' });
      await app.console.ensureUser({ ...SALES_LEAD, enterpriseId: voltaireId, role: 'sales_lead' });
      // The demo's matching rule set and two of Voltaire's associates to rank (\`npm start\` seeds them with the demo routing).
      await app.matching.replaceRules(voltaireId, DEMO_MATCHING);
      for (const [email, displayName] of [
        ['ana@voltaire.example', 'Ana Ortiz'],
        ['ben@voltaire.example', 'Ben Carter'],
      ] as const) {
        await app.associates.invite(voltaireId, { email, displayName, languages: ['en'], timezone: 'UTC', schedule: [], capacity: 2, contact: { notify: true, sound: false, channels: ['chat'] } }, { mail: false });
      }
    });
    browser = await launchConsoleBrowser('fw-console-sales-lead-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
  });

  /** Signs in through the console's page, in a browser context of its own (its own cookies). */
  const signIn = (who: { email: string; password: string }): Promise<Page> => signInToConsole(browser, stack.backend.url, who, 'nav a[href$="/sessions"]');

  async function liveRules(): Promise<MatchingRulesVersion> {
    const res = await fetch(`${stack.backend.url}/api/v1/rules/matching`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    expect(res.status).toBe(200);
    return MatchingRulesVersion.parse(await res.json());
  }

  const weightOf = (rules: MatchingRulesVersion, rule: string) => rules.document.ruleSets[0]!.rules.find((r) => r.rule === rule)?.weight;

  /** Every candidate's parts as the dry run shows them, by associate. */
  const partsShown = (page: Page) =>
    page.$$eval('.dry-run-result tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-associate') ?? '', (r.querySelector('[data-testid="candidate-parts"]') as HTMLElement | null)?.innerText ?? ''])));

  it('moves the weight with the arrow keys, sees the dry run follow it, saves; the API and the audit log agree', async () => {
    const before = await liveRules();
    expect(weightOf(before, 'conversion_rate')).toBe(2);

    const page = await signIn(SALES_LEAD);
    await page.goto(`${stack.backend.url}/console/matching`, { waitUntil: 'networkidle0' });
    const thumb = '.slider-thumb[data-rule="conversion_rate"]';
    await page.waitForSelector(thumb, { timeout: 20_000 });
    expect((await page.$$('fieldset.matching-rule')).length).toBe(before.document.ruleSets[0]!.rules.length);

    // The dry run with the rule sets as they are.
    await page.click('[data-testid="dry-run"]');
    await page.waitForSelector('.dry-run-result tbody tr', { timeout: 20_000 });
    const first = await partsShown(page);
    const associates = Object.keys(first);
    expect(associates.length).toBeGreaterThan(0);
    for (const id of associates) expect(first[id]).toMatch(/of shoppers.*× weight 2 =/);

    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Not saved yet');
    // The keyboard on the slider: four steps of 0.5 to the right, 2 → 4.
    await page.focus(thumb);
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(await page.$eval(thumb, (el) => el.getAttribute('aria-valuenow'))).toBe('4');
    expect(await page.$eval('input[name="ruleSets.0.rules.3.weight"]', (el) => (el as HTMLInputElement).value)).toBe('4');
    await page.waitForFunction(() => /Not saved yet/.test(document.body.innerText));

    // The dry run again, on the draft: every candidate's conversion part now weighs 4.
    await page.click('[data-testid="dry-run"]');
    await page.waitForFunction(
      (ids: string[]) => ids.every((id) => /of shoppers.*× weight 4 =/.test((document.querySelector(`.dry-run-result tr[data-associate="${id}"] [data-testid="candidate-parts"]`) as HTMLElement | null)?.innerText ?? '')),
      { timeout: 20_000 },
      associates,
    );
    const second = await partsShown(page);
    for (const id of associates) expect(second[id]).not.toBe(first[id]);
    // The dry run ranked the draft, not the live rules: the API still has the old weight.
    expect(weightOf(await liveRules(), 'conversion_rate')).toBe(2);
    await screenshot(page, 'console-matching-dry-run', ['light'], false);

    // By the keyboard too: to the button, Enter.
    await page.focus('form.matching-form button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Saved: version \d+ ranks from now on/.test(document.body.innerText), { timeout: 20_000 });

    const after = await liveRules();
    expect(after.version).toBe(before.version + 1);
    expect(weightOf(after, 'conversion_rate')).toBe(4);
    // Nothing else moved.
    expect(after.document.ruleSets[0]!.rules.filter((r) => r.rule !== 'conversion_rate')).toEqual(before.document.ruleSets[0]!.rules.filter((r) => r.rule !== 'conversion_rate'));
    await page.browserContext().close();

    // The owner reads the audit log: the change is the sales lead's.
    const owner = await signIn(OWNER);
    const audit = AuditPage.parse(
      await owner.evaluate(async (enterpriseId) => (await fetch('/api/v1/audit?q=matching', { headers: { 'x-floorwalker-enterprise': enterpriseId } })).json(), voltaireId),
    );
    const change = audit.entries.find((e) => e.action === 'PUT /api/v1/rules/matching');
    expect(change?.actor).toMatchObject({ kind: 'user', email: SALES_LEAD.email, role: 'sales_lead' });
    expect(change?.subject).toBe(`matching rules v${after.version}`);
    const weightIn = (doc: unknown) => (doc as MatchingRulesVersion).document.ruleSets[0]!.rules.find((r) => r.rule === 'conversion_rate')?.weight;
    expect(weightIn(change?.before)).toBe(2);
    expect(weightIn(change?.after)).toBe(4);
    await owner.browserContext().close();
  });
});
