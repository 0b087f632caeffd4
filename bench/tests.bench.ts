/**
 * Accreditation tests under load: `--takers` associates at once (200 by default) each start an
 * attempt at the marketplace's published test (the draw: questions drawn at random from the bank,
 * the attempt written, the questions read back without their answers) and submit it with every
 * question answered (the grade: the attempt locked, the answers checked and written, the score,
 * and on a pass the earned accreditation, in one transaction). All through the HTTP app (its
 * routes, bearer tokens, rate limits and audit middleware), on Postgres with the server's default
 * pool of 10 connections, then on PGlite (one connection).
 *
 * The takers arrive spread over `--ramp-ms` (5 s) and each answers for a while (`--think-ms`,
 * 2-4 s at random) before submitting, so that all 200 have an attempt open at once, as 200 people
 * taking a test would; each has listed the tests before (signed in: its token known). With
 * `--ramp-ms 0 --think-ms 0` all 200 start in the same instant and submit at once: a burst no
 * test session makes, whose p99 is mostly the queue for the pool's connections.
 *
 *   npm run bench -- tests [--takers 200] [--questions 60] [--per-test 20] [--pool 10] [--ramp-ms 5000] [--think-ms 3000]
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
    options: {
      takers: { type: 'string', default: '200' },
      questions: { type: 'string', default: '60' },
      'per-test': { type: 'string', default: '20' },
      pool: { type: 'string', default: '10' },
      'ramp-ms': { type: 'string', default: '5000' },
      'think-ms': { type: 'string', default: '3000' },
    },
  });
  const shape = { takers: Number(values.takers), questions: Number(values.questions), perTest: Number(values['per-test']), rampMs: Number(values['ramp-ms']), thinkMs: Number(values['think-ms']) };
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

type Shape = { takers: number; questions: number; perTest: number; rampMs: number; thinkMs: number };

async function measure(database: Awaited<ReturnType<typeof openDb>>, shape: Shape): Promise<Figures> {
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
  for (const warm of takers.splice(0, 10)) await take(app, warm.token, bank.id, 0);
  // Each taker has listed the tests (signed in, its token known to the app) before.
  for (const taker of takers) await app.http.request('/api/v1/associates/me/tests', { headers: { authorization: `Bearer ${taker.token}` } });

  const draws: number[] = [];
  const grades: number[] = [];
  let passed = 0;
  const started = performance.now();
  await Promise.all(
    takers.map(async (taker, i) => {
      await sleep((shape.rampMs * i) / takers.length);
      // Between two thirds and four thirds of the think time answering (2-4 s by default).
      const t = await take(app, taker.token, bank.id, shape.thinkMs * (2 / 3 + (2 / 3) * ((i * 7919) % 101) / 100));
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
async function take(app: App, token: string, bankId: string, thinkMs: number): Promise<{ drawMs: number; gradeMs: number; passed: boolean }> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const t0 = performance.now();
  const started = await app.http.request(`/api/v1/associates/me/tests/${bankId}/attempts`, { method: 'POST', headers });
  const attempt = OpenAttempt.parse(await started.json());
  const drawMs = performance.now() - t0;
  const answers = attempt.questions.map((q) => ({ questionId: q.id, choiceIds: q.choices.slice(0, 1).map((c) => c.id) }));
  await sleep(thinkMs);
  const t1 = performance.now();
  const submitted = await app.http.request(`/api/v1/associates/me/test-attempts/${attempt.id}/submit`, { method: 'POST', headers, body: JSON.stringify({ answers }) });
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${await submitted.text()}`);
  const result = AttemptResult.parse(await submitted.json());
  return { drawMs, gradeMs: performance.now() - t1, passed: result.passed };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
