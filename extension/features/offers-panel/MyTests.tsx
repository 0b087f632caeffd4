import { createEffect, createSignal, For, Match, on, Show, Switch } from '#imports';
import type { AttemptResult, AvailableTest, OpenAttempt } from '../../../shared/accreditation-tests';
import type { ApiResult } from '../../lib/api';
import type { AgentApi } from '../agent-sign-in/agent-api';
import { useNow } from './clock';
import { formatRemaining, secondsLeftOf, sourceText, standingText } from './tests.core';

/** The backend calls the tests view makes (the associate API's, with the signed-in token). */
export type TestsApi = Pick<AgentApi, 'myTests' | 'startTest' | 'testAttempt' | 'submitTest'>;

type View = { kind: 'list' } | { kind: 'taking'; attempt: OpenAttempt; readAt: number } | { kind: 'result'; result: AttemptResult; late: boolean };

const failed = (error: unknown): ApiResult<never> => ({ ok: false, status: 0, code: 'network', message: String(error), issues: [], retryAfterMs: null });

/**
 * The associate's accreditation tests in the side panel: the tests open to them with where they
 * stand; a test taken against the server's clock (the countdown is the server's, read when the
 * attempt was); and the result, only then with the right choices and their explanations.
 */
export function MyTests(props: { api: TestsApi; token: string; now?: () => number; locale?: string }) {
  const ticking = useNow();
  const now = () => (props.now ?? ticking)();
  const [tests, setTests] = createSignal<AvailableTest[] | null>(null);
  const [view, setView] = createSignal<View>({ kind: 'list' });
  const [chosen, setChosen] = createSignal<Record<string, string[]>>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function loadList(): Promise<void> {
    const answer = await props.api.myTests(props.token).catch(failed);
    if (answer.ok) setTests(answer.body.tests);
    else setError(`Could not read your tests: ${answer.message}`);
  }
  createEffect(on(() => props.token, () => void loadList()));

  async function start(test: AvailableTest): Promise<void> {
    setBusy(true);
    setError(null);
    const answer = await props.api.startTest(props.token, test.bankId).catch(failed);
    setBusy(false);
    if (!answer.ok) return void setError(answer.code === 'retake_wait' ? answer.message : `Could not start the test: ${answer.message}`);
    setChosen(Object.fromEntries(answer.body.answers.map((a) => [a.questionId, a.choiceIds])));
    setView({ kind: 'taking', attempt: answer.body, readAt: (props.now ?? Date.now)() });
  }

  function choose(questionId: string, choiceId: string, single: boolean, on: boolean): void {
    setChosen((before) => {
      const was = before[questionId] ?? [];
      const next = single ? [choiceId] : on ? [...new Set([...was, choiceId])] : was.filter((id) => id !== choiceId);
      return { ...before, [questionId]: next };
    });
  }

  async function submit(attempt: OpenAttempt): Promise<void> {
    setBusy(true);
    setError(null);
    const answers = Object.entries(chosen())
      .filter(([questionId]) => attempt.questions.some((q) => q.id === questionId))
      .map(([questionId, choiceIds]) => ({ questionId, choiceIds }));
    const answer = await props.api.submitTest(props.token, attempt.id, answers).catch(failed);
    if (answer.ok) {
      setBusy(false);
      setView({ kind: 'result', result: answer.body, late: false });
    } else if (answer.code === 'attempt_expired') {
      // Time was up on the server: the attempt was graded as it stood; read its result.
      const read = await props.api.testAttempt(props.token, attempt.id).catch(failed);
      setBusy(false);
      if (read.ok && read.body.status !== 'open') setView({ kind: 'result', result: read.body, late: true });
      else setError('The time was up; the result could not be read.');
    } else {
      setBusy(false);
      setError(`Could not submit: ${answer.message}`);
    }
    void loadList();
  }

  const back = () => {
    setView({ kind: 'list' });
    void loadList();
  };

  return (
    <section class="tests" data-testid="tests" aria-labelledby="tests-title">
      <h2 id="tests-title">Accreditation tests</h2>
      <Show when={error()}>
        <p class="alert" role="alert" data-testid="tests-error">
          {error()}
        </p>
      </Show>
      <Switch>
        <Match when={view().kind === 'list'}>
          <Show when={tests()} fallback={<p class="muted">Loading…</p>}>
            <Show when={tests()!.length > 0} fallback={<p class="empty muted" data-testid="tests-empty">No test is open to you yet.</p>}>
              <ul class="test-list">
                <For each={tests()!}>
                  {(t) => (
                    <li data-testid="test-item" data-bank-id={t.bankId}>
                      <strong>{t.title}</strong> <span class="muted small">level {t.level} · {t.category.join(' › ')}</span>
                      <div class="muted small">
                        {sourceText(t)} · {t.questionsPerTest} questions · {Math.round(t.timeLimitSeconds / 60)} min · pass {t.passPercent} %
                      </div>
                      <div class="small" data-testid="test-standing">
                        {standingText(t, props.locale)}
                      </div>
                      <button data-testid="test-start" disabled={busy() || !t.canStart} onClick={() => void start(t)}>
                        {t.openAttemptId ? 'Resume' : t.passed ? 'Take again' : 'Start'}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Show>
        </Match>
        <Match when={view().kind === 'taking' && (view() as Extract<View, { kind: 'taking' }>)}>
          {(taking) => {
            const left = () => secondsLeftOf(taking().attempt.remainingSeconds, taking().readAt, now());
            return (
              <form
                data-testid="test-attempt"
                onSubmit={(e) => {
                  e.preventDefault();
                  void submit(taking().attempt);
                }}
              >
                <p class="countdown" role="timer" data-testid="test-countdown" classList={{ warn: left() < 60 }}>
                  {taking().attempt.title}: {formatRemaining(left())} left
                </p>
                <ol class="questions">
                  <For each={taking().attempt.questions}>
                    {(q) => (
                      <li data-testid="test-question" data-question-id={q.id}>
                        <div class="choices" role="group" aria-labelledby={`prompt-${q.id}`}>
                          <p class="prompt" id={`prompt-${q.id}`}>
                            {q.prompt} <span class="muted small">{q.kind === 'single' ? '(one answer)' : '(every right answer)'}</span>
                          </p>
                          <For each={q.choices}>
                            {(c) => (
                              <label class="answer">
                                <input
                                  type={q.kind === 'single' ? 'radio' : 'checkbox'}
                                  name={`q-${q.id}`}
                                  value={c.id}
                                  data-testid="test-choice"
                                  checked={(chosen()[q.id] ?? []).includes(c.id)}
                                  onChange={(e) => choose(q.id, c.id, q.kind === 'single', e.currentTarget.checked)}
                                />
                                {c.text}
                              </label>
                            )}
                          </For>
                        </div>
                      </li>
                    )}
                  </For>
                </ol>
                <button class="primary" type="submit" data-testid="test-submit" disabled={busy()}>
                  Submit
                </button>
              </form>
            );
          }}
        </Match>
        <Match when={view().kind === 'result' && (view() as Extract<View, { kind: 'result' }>)}>
          {(shown) => {
            const r = () => shown().result;
            return (
              <div data-testid="test-result" data-passed={String(r().passed)}>
                <Show when={shown().late}>
                  <p class="notice warn" data-testid="test-late">
                    The time was up: the test was graded as it stood at the deadline.
                  </p>
                </Show>
                <p class="score" data-testid="test-score">
                  {r().passed ? 'Passed' : 'Not passed'}: {r().rightCount} of {r().questionCount} right ({r().scorePercent} %; {r().passPercent} % passes).
                </p>
                <Show when={r().accreditation}>
                  {(a) => (
                    <p data-testid="test-accreditation">
                      Accredited for {a().category.join(' › ')} at level {a().level} until {new Date(a().expiresAt).toLocaleDateString(props.locale)}.
                    </p>
                  )}
                </Show>
                <Show when={r().retakeAt}>{(at) => <p class="muted">You may try again from {new Date(at()).toLocaleString(props.locale)}.</p>}</Show>
                <ol class="questions">
                  <For each={r().questions}>
                    {(q) => (
                      <li data-testid="result-question" data-right={String(q.answeredRight)}>
                        <p>
                          {q.answeredRight ? '✓' : '✗'} {q.prompt}
                        </p>
                        <ul>
                          <For each={q.choices}>
                            {(c) => (
                              <li data-testid="result-choice" classList={{ right: c.correct, chosen: c.chosen }}>
                                {c.chosen ? '☑' : '☐'} {c.text} {c.correct ? '(right)' : ''}
                                <div class="muted small" data-testid="result-explanation">
                                  {c.explanation}
                                </div>
                              </li>
                            )}
                          </For>
                        </ul>
                      </li>
                    )}
                  </For>
                </ol>
                <button data-testid="test-back" onClick={back}>
                  Back to the tests
                </button>
              </div>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}
