/**
 * Accreditation tests under load: `--takers` associates at once (200 by default) each start an
 * attempt at the marketplace's published test (the draw: questions drawn at random from the bank,
 * the attempt written, the questions read back without their answers) and submit it with every
 * question answered (the grade: the attempt locked, the answers checked and written, the score,
 * and on a pass the earned accreditation, in one transaction). All through the HTTP app (its
 * routes, bearer tokens, rate limits and audit middleware), on Postgres with the server's default
 * pool of 10 connections, then on PGlite (one connection). The latency of each call is measured
 * from the moment all the takers were let go, so the p99 includes the queueing.
 *
 *   npm run bench -- tests [--takers 200] [--questions 60] [--per-test 20] [--pool 10]
 */
import { parseArgs } from 'node:util';
import { AttemptResult, OpenAttempt } from '../shared/accreditation-tests';
import { type App, createApp } from '../backend/src/app';
import { openDb } from '../backend/src/db/open';
import { defaultDeps } from '../backend/src/deps';
import { seedAssociate } from '../backend/src/testing/offers';
import { quantile, table, withBenchDatabase } from './lib';

interface Figures {
  database: string;
  takers: number;
  draw_p50_ms: number;
  draw_p99_ms: number;
  grade_p50_ms: number;
  grade_p99_ms: number;
  passed: number;
  wall_s: number;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { takers: { type: 'string', default: '200' }, questions: { type: 'string', default: '60' }, 'per-test': { type: 'string', default: '20' }, pool: { type: 'string', default: '10' } },
  });
  const shape = { takers: Number(values.takers), questions: Number(values.questions), perTest: Number(values['per-test']) };
  const pool = Number(values.pool);
  const postgres = await withBenchDatabase(async (url) => {
    const database = await openDb({ databaseUrl: url, poolSize: pool });
    try {
      return await measure(database, shape);
    } finally {
      await database.close();
    }
  });
  const lite = await openDb({});
  const pglite = await measure(lite, shape).finally(() => lite.close());
  table([postgres, pglite] as unknown as Record<string, string | number>[]);
  console.log('');
  console.log(
    JSON.stringify({
      bench: 'tests',
      takers: postgres.takers,
      draw_p50_ms: postgres.draw_p50_ms,
      draw_p99_ms: postgres.draw_p99_ms,
      grade_p50_ms: postgres.grade_p50_ms,
      grade_p99_ms: postgres.grade_p99_ms,
      pglite_draw_p99_ms: pglite.draw_p99_ms,
      pglite_grade_p99_ms: pglite.grade_p99_ms,
    }),
  );
}

async function measure(database: Awaited<ReturnType<typeof openDb>>, shape: { takers: number; questions: number; perTest: number }): Promise<Figures> {
  const app = createApp(defaultDeps(database.db, database.kind, { log: () => {} }));
  const bank = await app.tests.createBank(null, { title: 'Audio basics', category: ['Audio'], level: 1, questionsPerTest: shape.perTest, timeLimitSeconds: 1800, passPercent: 50, retakeWaitHours: 24, validityDays: 365 });
  for (let i = 0; i < shape.questions; i++) {
    const multiple = i % 3 === 0;
    await app.tests.addQuestion(null, bank.id, {
      kind: multiple ? 'multiple' : 'single',
      prompt: `Question ${i}: which of these is right?`,
      choices: Array.from({ length: 4 }, (_, c) => ({ text: `Choice ${c}`, correct: c === 0 || (multiple && c === 1), explanation: `Why choice ${c} is ${c === 0 ? 'right' : 'not'}.` })),
    });
  }
  await app.tests.updateBank(null, bank.id, { published: true });
  const now = new Date();
  const takers = [];
  for (let i = 0; i < shape.takers + 10; i++) takers.push(await seedAssociate(database.db, now, { employerId: null, connected: false }));
  // Ten takers first, not counted: connections opened, plans warmed.
  for (const warm of takers.splice(0, 10)) await take(app, warm.token, bank.id);

  const draws: number[] = [];
  const grades: number[] = [];
  let passed = 0;
  const started = performance.now();
  await Promise.all(
    takers.map(async (taker) => {
      const t = await take(app, taker.token, bank.id);
      draws.push(t.drawMs);
      grades.push(t.gradeMs);
      if (t.passed) passed += 1;
    }),
  );
  const wall = (performance.now() - started) / 1000;
  draws.sort((a, b) => a - b);
  grades.sort((a, b) => a - b);
  const ms = (x: number) => Number(x.toFixed(1));
  return {
    database: database.kind,
    takers: takers.length,
    draw_p50_ms: ms(quantile(draws, 0.5)),
    draw_p99_ms: ms(quantile(draws, 0.99)),
    grade_p50_ms: ms(quantile(grades, 0.5)),
    grade_p99_ms: ms(quantile(grades, 0.99)),
    passed,
    wall_s: Number(wall.toFixed(2)),
  };
}

/** One taker: starts (the draw) and submits every question answered with the choices that are shown first (the grade). */
async function take(app: App, token: string, bankId: string): Promise<{ drawMs: number; gradeMs: number; passed: boolean }> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const t0 = performance.now();
  const started = await app.http.request(`/api/v1/associates/me/tests/${bankId}/attempts`, { method: 'POST', headers });
  const attempt = OpenAttempt.parse(await started.json());
  const drawMs = performance.now() - t0;
  const answers = attempt.questions.map((q) => ({ questionId: q.id, choiceIds: q.choices.slice(0, 1).map((c) => c.id) }));
  const t1 = performance.now();
  const submitted = await app.http.request(`/api/v1/associates/me/test-attempts/${attempt.id}/submit`, { method: 'POST', headers, body: JSON.stringify({ answers }) });
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${await submitted.text()}`);
  const result = AttemptResult.parse(await submitted.json());
  return { drawMs, gradeMs: performance.now() - t1, passed: result.passed };
}
