import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentAccount, type AgentBrowser, openAgent, seedRouting } from './support/agent';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

const ANA: AgentAccount = { email: 'ana@voltaire.example', password: 'ana-demo-password', displayName: 'Ana' };
/** Explanations the associate must not see before the test is graded. */
const WHY = 'Because';

async function api(stack: Stack, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${stack.backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.keys.voltaire}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

describe('an associate takes their enterprise’s accreditation test in the side panel', () => {
  let stack: Stack;
  let agent: AgentBrowser;

  beforeAll(async () => {
    stack = await startStack();
    const ids = await seedRouting(stack, [ANA]);
    // Voltaire's own test: three questions drawn from four, ten minutes, two right of three pass.
    const bank = (await api(stack, 'POST', '/api/v1/question-banks', {
      title: 'Headphones for travellers',
      category: ['Audio', 'Headphones'],
      level: 3,
      questionsPerTest: 3,
      timeLimitSeconds: 600,
      passPercent: 67,
      retakeWaitHours: 24,
      validityDays: 365,
    })) as { id: string };
    const prompts = ['What cancels an engine’s drone best?', 'Which lasts longest on one charge?', 'What makes a headset comfortable for a long flight?', 'Which codecs carry high resolution over Bluetooth?'];
    for (const [i, prompt] of prompts.entries()) {
      const multiple = i === 3;
      await api(stack, 'POST', `/api/v1/question-banks/${bank.id}/questions`, {
        kind: multiple ? 'multiple' : 'single',
        prompt,
        choices: [
          { text: `Right: the good answer ${i + 1}`, correct: true, explanation: `${WHY} it is what the spec sheet says.` },
          { text: `Wrong: a tempting answer ${i + 1}`, correct: false, explanation: `${WHY} this is a common myth.` },
          multiple ? { text: `Right: another good answer ${i + 1}`, correct: true, explanation: `${WHY} it is listed too.` } : { text: `Wrong: an odd answer ${i + 1}`, correct: false, explanation: `${WHY} it does not apply.` },
        ],
      });
    }
    await api(stack, 'PATCH', `/api/v1/question-banks/${bank.id}`, { published: true });
    agent = await openAgent(stack, ANA, ids.get(ANA.email)!);
  }, 180_000);
  afterAll(async () => {
    await agent?.close();
    await stack?.close();
  });

  it('lists the test, times it by the server, grades it, and only then explains each answer', async () => {
    const panel = agent.panel;
    await panel.click('[data-testid=panel-tab-tests]');
    await panel.waitForSelector('[data-testid=test-item]', { visible: true });
    expect(await panel.$eval('[data-testid=test-item]', (el) => (el as HTMLElement).innerText)).toContain('Headphones for travellers');
    await screenshot(panel, 'sidepanel-tests', ['light', 'dark']);

    await panel.click('[data-testid=test-start]');
    await panel.waitForSelector('[data-testid=test-attempt]', { visible: true });
    expect(await panel.$eval('[data-testid=test-countdown]', (el) => el.textContent)).toMatch(/(10:00|9:5\d) left/);
    expect(await panel.$$eval('[data-testid=test-question]', (els) => els.length)).toBe(3);
    // Nothing of the right answers is on the page, nor in what the page was sent.
    expect(await panel.evaluate(() => document.body.innerText)).not.toContain(WHY);
    await screenshot(panel, 'sidepanel-test-taking', ['light', 'dark']);

    // Every right choice (their text says so here), nothing else.
    await panel.$$eval('[data-testid=test-choice]', (inputs) => {
      for (const input of inputs as HTMLInputElement[]) if (input.parentElement?.textContent?.includes('Right:')) input.click();
    });
    await panel.click('[data-testid=test-submit]');
    await panel.waitForSelector('[data-testid=test-result][data-passed=true]', { visible: true });
    const result = await panel.$eval('[data-testid=test-result]', (el) => (el as HTMLElement).innerText);
    expect(result).toContain('3 of 3 right');
    expect(result).toContain('Accredited for Audio › Headphones at level 3');
    expect(result).toContain(WHY);
    await screenshot(panel, 'sidepanel-test-result', ['light', 'dark']);

    // Back to the list: the test now shows the pass and until when it lasts.
    await panel.click('[data-testid=test-back]');
    await panel.waitForSelector('[data-testid=test-standing]');
    expect(await panel.$eval('[data-testid=test-standing]', (el) => el.textContent)).toMatch(/^Passed; valid until/);
  });
});
