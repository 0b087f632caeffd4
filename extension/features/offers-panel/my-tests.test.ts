import { createSignal } from 'solid-js';
import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttemptResult, AvailableTestList, OpenAttempt } from '../../../shared/accreditation-tests';
import type { Fetch } from '../../lib/api';
import { createAgentApi } from '../agent-sign-in/agent-api';
import { MyTests } from './MyTests';

// The tests view of the side panel: the associate API answered by a fetch that serves fixtures
// (each checked against its shared schema), the view rendered as the browser shows it.

const BASE = 'http://localhost:8787';
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const BANK = '11111111-1111-4111-8111-111111111111';
const ATTEMPT = '22222222-2222-4222-8222-222222222222';
const [Q1, Q2] = ['33333333-3333-4333-8333-333333333331', '33333333-3333-4333-8333-333333333332'];
const [A, B, C] = ['44444444-4444-4444-8444-444444444441', '44444444-4444-4444-8444-444444444442', '44444444-4444-4444-8444-444444444443'];

const LIST = AvailableTestList.parse({
  tests: [{ bankId: BANK, title: 'Headphones', category: ['Audio', 'Headphones'], level: 2, questionsPerTest: 2, timeLimitSeconds: 600, passPercent: 50, source: { kind: 'marketplace' }, canStart: true, waitUntil: null, openAttemptId: null, passed: null }],
});
const ATTEMPT_OPEN = OpenAttempt.parse({
  id: ATTEMPT,
  status: 'open',
  bankId: BANK,
  title: 'Headphones',
  startedAt: '2026-03-02T10:00:00.000Z',
  deadlineAt: '2026-03-02T10:10:00.000Z',
  remainingSeconds: 600,
  questions: [
    { id: Q1, kind: 'single', prompt: 'Which cancels noise best?', choices: [{ id: A, text: 'Active cancelling' }, { id: B, text: 'Open back' }] },
    { id: Q2, kind: 'multiple', prompt: 'Which pair over Bluetooth?', choices: [{ id: A, text: 'The XM5' }, { id: C, text: 'The HD 600' }] },
  ],
  answers: [],
});
const result = (status: 'graded' | 'expired') =>
  AttemptResult.parse({
    id: ATTEMPT,
    status,
    bankId: BANK,
    title: 'Headphones',
    startedAt: '2026-03-02T10:00:00.000Z',
    deadlineAt: '2026-03-02T10:10:00.000Z',
    submittedAt: status === 'graded' ? '2026-03-02T10:05:00.000Z' : null,
    rightCount: 1,
    questionCount: 2,
    scorePercent: 50,
    passPercent: 50,
    passed: true,
    accreditation: { category: ['Audio', 'Headphones'], level: 2, expiresAt: '2027-03-02T10:05:00.000Z' },
    retakeAt: null,
    questions: [
      { id: Q1, kind: 'single', prompt: 'Which cancels noise best?', answeredRight: true, choices: [{ id: A, text: 'Active cancelling', correct: true, explanation: 'WHY-ACTIVE', chosen: true }, { id: B, text: 'Open back', correct: false, explanation: 'WHY-OPEN', chosen: false }] },
      { id: Q2, kind: 'multiple', prompt: 'Which pair over Bluetooth?', answeredRight: false, choices: [{ id: A, text: 'The XM5', correct: true, explanation: 'WHY-XM5', chosen: false }, { id: C, text: 'The HD 600', correct: false, explanation: 'WHY-HD600', chosen: true }] },
    ],
  });

let container: HTMLDivElement;
let dispose: (() => void) | null;
let submitted: unknown[];
let submitAnswer: () => Response;

const fetch: Fetch = async (input, init = {}) => {
  const url = new URL(input);
  if (url.pathname === '/api/v1/associates/me/tests') return json(200, LIST);
  if (url.pathname === `/api/v1/associates/me/tests/${BANK}/attempts`) return json(201, ATTEMPT_OPEN);
  if (url.pathname === `/api/v1/associates/me/test-attempts/${ATTEMPT}/submit`) {
    submitted.push(JSON.parse(String(init.body)));
    return submitAnswer();
  }
  if (url.pathname === `/api/v1/associates/me/test-attempts/${ATTEMPT}`) return json(200, result('expired'));
  return json(404, { error: { code: 'not_found', message: 'Not found.' } });
};

const $ = (testId: string) => container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
const $$ = (testId: string) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];

beforeEach(() => {
  submitted = [];
  submitAnswer = () => json(200, result('graded'));
  container = document.createElement('div');
  document.body.append(container);
  dispose = null;
});
afterEach(() => {
  dispose?.();
  container.remove();
});

async function startTest(now: () => number) {
  dispose = render(() => createComponent(MyTests, { api: createAgentApi({ fetch, baseUrl: BASE }), token: 'fwa_ana', now, locale: 'en-GB' }), container);
  await vi.waitFor(() => expect($$('test-item')).toHaveLength(1));
  expect($('test-standing')?.textContent).toBe('Not taken yet');
  $('test-start')!.click();
  await vi.waitFor(() => expect($('test-attempt')).not.toBeNull());
}

describe('the tests view', () => {
  it('takes a test against the server’s countdown, then shows the result with the explanations', async () => {
    // The panel's clock, as a signal the countdown follows.
    const [now, setNow] = createSignal(Date.now());
    await startTest(now);
    expect($('test-countdown')?.textContent).toContain('10:00 left');
    setNow((t) => t + 65_000);
    await vi.waitFor(() => expect($('test-countdown')?.textContent).toContain('8:55 left'));
    // Nothing of the right answers is on the page while the test is taken.
    expect(container.textContent).not.toMatch(/WHY-|\(right\)/);
    const inputs = $$('test-choice') as HTMLInputElement[];
    expect(inputs.map((i) => i.type)).toEqual(['radio', 'radio', 'checkbox', 'checkbox']);
    inputs[0]!.click();
    inputs[3]!.click();
    $('test-submit')!.click();
    await vi.waitFor(() => expect($('test-result')).not.toBeNull());
    expect(submitted).toEqual([{ answers: [{ questionId: Q1, choiceIds: [A] }, { questionId: Q2, choiceIds: [C] }] }]);
    expect($('test-result')!.dataset.passed).toBe('true');
    expect($('test-score')?.textContent).toContain('1 of 2 right');
    expect($('test-accreditation')?.textContent).toContain('Audio › Headphones at level 2');
    expect($$('result-explanation').map((e) => e.textContent)).toEqual(['WHY-ACTIVE', 'WHY-OPEN', 'WHY-XM5', 'WHY-HD600']);
    expect($$('result-question').map((q) => q.dataset.right)).toEqual(['true', 'false']);
    $('test-back')!.click();
    await vi.waitFor(() => expect($$('test-item')).toHaveLength(1));
  });

  it('shows the result graded at the deadline when the time was up', async () => {
    submitAnswer = () => json(409, { error: { code: 'attempt_expired', message: 'The time is up.' } });
    await startTest(() => Date.now());
    $('test-submit')!.click();
    await vi.waitFor(() => expect($('test-late')).not.toBeNull());
    expect($('test-result')).not.toBeNull();
    expect($$('result-explanation')).toHaveLength(4);
  });
});
