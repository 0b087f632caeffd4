import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuestionBankDetail, QuestionBankList } from '../shared/accreditation-tests';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * A sales lead writes an accreditation test in real Chromium against the real backend process:
 * a new bank, two questions (one single, one multiple choice) written in the console's editor,
 * published; the API holds the bank published with both questions; an analyst of the same
 * enterprise reads it without a single button that would change it.
 */

const SALES_LEAD = { email: 'sami@voltaire.example', name: 'Sami Sales-Lead', password: 'a sales lead password 1' };
const ANALYST = { email: 'ada@voltaire.example', name: 'Ada Analyst', password: 'an analyst password 1' };
const CHANGING = ['New test', 'Add a question', 'Publish', 'Unpublish', 'Edit', 'Remove', 'Retire', 'Save the settings'];

describe('the console: a sales lead writes and publishes a test, an analyst reads it', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack(async (app, seeded) => {
      const voltaireId = seeded[0]!.id;
      await app.console.ensureUser({ ...SALES_LEAD, enterpriseId: voltaireId, role: 'sales_lead' });
      await app.console.ensureUser({ ...ANALYST, enterpriseId: voltaireId, role: 'analyst' });
    });
    browser = await launchConsoleBrowser('fw-console-tests-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
  });

  const signIn = (who: { email: string; password: string }): Promise<Page> => signInToConsole(browser, stack.backend.url, who, 'nav a[href$="/sales/tests"]');
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${stack.backend.url}/api/v1${path}`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  /** Replaces a field's text as a person would: select it all, delete, type. */
  const fill = async (page: Page, selector: string, text: string) => {
    await page.click(selector, { count: 3 });
    await page.keyboard.press('Backspace');
    await page.type(selector, text);
  };
  const buttonsIn = (page: Page, scope: string) => page.$$eval(`${scope} button`, (bs) => bs.map((b) => (b.textContent ?? '').trim()));

  it('creates a bank, adds two questions, publishes it; the API agrees; an analyst sees it with no change button', async () => {
    const page = await signIn(SALES_LEAD);
    await page.goto(`${stack.backend.url}/console/sales/tests`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.state.empty', { timeout: 20_000 });

    // The new bank: a field at fault is named as typed, then corrected.
    await page.click('.page-head button.primary');
    await page.waitForSelector('.dialog input[name=title]');
    await fill(page, '.dialog input[name=title]', 'Soundbars');
    await fill(page, '.dialog input[name=category]', 'Audio > Soundbars');
    await fill(page, '.dialog input[name=level]', '7');
    await fill(page, '.dialog input[name=questionsPerTest]', '2');
    await page.click('.dialog button[type=submit]');
    await page.waitForSelector('.dialog .field-error');
    expect(await page.$eval('.dialog .field-error', (e) => e.closest('.field-block')?.querySelector('input')?.getAttribute('name'))).toBe('level');
    await fill(page, '.dialog input[name=level]', '2');
    await page.click('.dialog button[type=submit]');
    await page.waitForSelector('.bank-tabs', { timeout: 20_000 });
    expect(page.url()).toMatch(/\/console\/sales\/tests\/[0-9a-f-]{36}$/);

    // A single-choice question.
    await page.click('.page-head .row-actions button.secondary');
    await page.waitForSelector('.dialog textarea[name=prompt]');
    await fill(page, '.dialog textarea[name=prompt]', 'What does a soundbar’s eARC connection carry?');
    await fill(page, '.dialog input[name="choices.0.text"]', 'Lossless surround sound from the TV');
    await fill(page, '.dialog textarea[name="choices.0.explanation"]', 'eARC has the bandwidth for Dolby TrueHD and Atmos.');
    await fill(page, '.dialog input[name="choices.1.text"]', 'Only stereo');
    await fill(page, '.dialog textarea[name="choices.1.explanation"]', 'That was the old ARC’s limit with lossless formats.');
    await page.click('.dialog button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('.dialog') && document.querySelectorAll('.question-list > li').length === 1, { timeout: 20_000 });

    // A multiple-choice question with two right choices of three.
    await page.click('.page-head .row-actions button.secondary');
    await page.waitForSelector('.dialog textarea[name=prompt]');
    await page.select('.dialog select[name=kind]', 'multiple');
    await fill(page, '.dialog textarea[name=prompt]', 'Which of these add height to a soundbar’s sound?');
    await page.click('.dialog button.secondary:not([aria-label=Cancel])');
    await page.waitForSelector('.dialog input[name="choices.2.text"]');
    const choices = [
      ['Up-firing drivers', true, 'They bounce sound off the ceiling.'],
      ['Dolby Atmos processing', true, 'It places sounds above the listener.'],
      ['A longer HDMI cable', false, 'A cable carries the signal; it does not shape it.'],
    ] as const;
    for (const [i, [text, right, why]] of choices.entries()) {
      await fill(page, `.dialog input[name="choices.${i}.text"]`, text);
      await fill(page, `.dialog textarea[name="choices.${i}.explanation"]`, why);
      const checked = await page.$eval(`.dialog input[name="choices.${i}.correct"]`, (e) => (e as HTMLInputElement).checked);
      if (checked !== right) await page.click(`.dialog input[name="choices.${i}.correct"]`);
    }
    await page.click('.dialog button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('.dialog') && document.querySelectorAll('.question-list > li').length === 2, { timeout: 20_000 });

    await page.click('.page-head .row-actions button.primary');
    await page.waitForFunction(() => document.querySelector('.notice')?.textContent?.includes('published'), { timeout: 20_000 });
    await screenshot(page, 'console-tests-published');

    const { banks } = QuestionBankList.parse(await api('/question-banks'));
    expect(banks).toHaveLength(1);
    expect(banks[0]).toMatchObject({ title: 'Soundbars', category: ['Audio', 'Soundbars'], level: 2, questionsPerTest: 2, published: true, activeQuestions: 2 });
    const bank = QuestionBankDetail.parse(await api(`/question-banks/${banks[0]!.id}`));
    expect(bank.questions.map((q) => [q.kind, q.choices.filter((c) => c.correct).length])).toEqual([
      ['single', 1],
      ['multiple', 2],
    ]);

    // The analyst: the list and the bank, with nothing to press that would change them.
    const reader = await signIn(ANALYST);
    await reader.goto(`${stack.backend.url}/console/sales/tests`, { waitUntil: 'networkidle0' });
    await reader.waitForSelector('.server-table tbody tr', { timeout: 20_000 });
    expect(await reader.$eval('.server-table tbody tr', (r) => r.textContent)).toContain('Soundbars');
    expect((await buttonsIn(reader, 'main')).filter((b) => CHANGING.includes(b))).toEqual([]);
    await reader.click('.server-table tbody tr a');
    await reader.waitForSelector('.question-list > li', { timeout: 20_000 });
    expect(await reader.$$eval('.question-list > li', (l) => l.length)).toBe(2);
    expect((await buttonsIn(reader, 'main')).filter((b) => CHANGING.includes(b))).toEqual([]);
    await reader.click('.bank-tabs [role=tab]:nth-child(2)');
    await reader.waitForSelector('.bank-fields');
    expect(await reader.$eval('.bank-fields', (f) => (f as HTMLFieldSetElement).disabled)).toBe(true);
    expect((await buttonsIn(reader, 'main')).filter((b) => CHANGING.includes(b))).toEqual([]);
    await screenshot(reader, 'console-tests-analyst');
  }, 180_000);
});
