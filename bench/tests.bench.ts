/**
 * Accreditation tests under load: `--takers` associates (200 by default) each start an attempt at
 * the marketplace's published test (the draw: the test's openness, the associate's latest attempt
 * and the active questions read in one statement, the questions drawn, the attempt written and
 * its questions read back in another) and submit it with every question answered (the grade: the
 * attempt, its bank and questions read in one statement, the answers checked, then the attempt
 * closed, the answers and on a pass the earned accreditation written in one more). All through
 * the HTTP app (its routes, bearer tokens, rate limits and audit middleware), on Postgres with
 * the server's default pool (`DATABASE_POOL`), then on PGlite (one connection).
 *
 * Two scenarios, each with its own takers, on the same bank:
 * - paced: the takers arrive spread over `--ramp-ms` (5 s) and each answers for a while
 *   (`--think-ms`, 2-4 s at random) before submitting, so that all 200 have an attempt open at
 *   once, as 200 people taking a test would: the "200 concurrent test takers", whose
 *   figures carry the plain names (target p99 ≤ 200 ms);
 * - burst: all takers arrive within `--burst-ms` (200 ms) and submit as soon as they have their
 *   questions: a thundering herd beyond that, its figures prefixed `burst_`.
 * A latency runs from when the request is due (its arrival, or the end of the thinking), so a
 * turn waited for the event loop or the database counts. Before measuring, rounds of as many
 * takers as the pool has connections, at once, open every connection and prepare its statements,
 * as a server that has been up a while has them; each measured taker has listed the tests before
 * (signed in: its token known to the app). On Postgres, the statements one draw and one grade
 * send (the rate limit's included) are counted on a taker of their own.
 *
 *   npm run bench -- tests [--takers 200] [--questions 60] [--per-test 20] [--pool N] [--ramp-ms 5000] [--think-ms 3000] [--burst-ms 200] [--db postgres|pglite|both]
 */
import { parseArgs } from 'node:util';
import { AttemptResult, OpenAttempt } from '../shared/accreditation-tests';
import { type App, createApp } from '../backend/src/app';
import { readConfig } from '../backend/src/config';
import { type OpenDb, openDb } from '../backend/src/db/open';
import { defaultDeps } from '../backend/src/deps';
import { seedAssociate } from '../backend/src/testing/offers';
import { quantile, table, withBenchDatabase } from './lib';

interface Scenario {
  draw_p50_ms: number;
  draw_p99_ms: number;
  grade_p50_ms: number;
  grade_p99_ms: number;
  passed: number;
  wall_s: number;
  /** This process's CPU time over the scenario (app and takers): near wall_s, the event loop was the bottleneck. */
  cpu_s: number;
}

type Shape = { takers: number; questions: number; perTest: number; rampMs: number; thinkMs: number; burstMs: number; warmRounds: number; warmTakers: number };
/** When a taker arrives (ms after the start) and how long it answers before submitting. */
type Arrivals = (i: number, n: number) => { arriveMs: number; thinkMs: number };

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      takers: { type: 'string', default: '200' },
      questions: { type: 'string', default: '60' },
      'per-test': { type: 'string', default: '20' },
      pool: { type: 'string' },
      'ramp-ms': { type: 'string', default: '5000' },
      'think-ms': { type: 'string', default: '3000' },
      'burst-ms': { type: 'string', default: '200' },
      db: { type: 'string', default: 'both' },
    },
  });
  const pool = values.pool === undefined ? readConfig({}).DATABASE_POOL : Number(values.pool);
  const shape: Shape = {
    takers: Number(values.takers),
    questions: Number(values.questions),
    perTest: Number(values['per-test']),
    rampMs: Number(values['ramp-ms']),
    thinkMs: Number(values['think-ms']),
    burstMs: Number(values['burst-ms']),
    warmRounds: 3,
    warmTakers: pool,
  };
  const rows: Record<string, string | number>[] = [];
  const figures: Record<string, number | string> = { bench: 'tests', takers: shape.takers };
  if (values.db !== 'pglite') {
    let statements: { draw: number; grade: number } | undefined;
    const results = await withBenchDatabase(async (url) => {
      let counted: string[] | null = null;
      const database = await openDb({ databaseUrl: url, poolSize: pool, onQuery: (q) => counted?.push(q) });
      try {
        return await measure(database, shape, async (take) => {
          const draw: string[] = [];
          counted = draw;
          await take(() => (counted = []));
          statements = { draw: draw.length, grade: counted.length };
          counted = null;
        });
      } finally {
        await database.close();
      }
    });
    rows.push(...results.map((r) => ({ database: `postgres (pool ${pool})`, ...r })));
    Object.assign(figures, { pool }, byScenario(results), { draw_statements: statements?.draw ?? NaN, grade_statements: statements?.grade ?? NaN });
  }
  if (values.db !== 'postgres') {
    const lite = await openDb({});
    const results = await measure(lite, { ...shape, warmTakers: 1 }).finally(() => lite.close());
    rows.push(...results.map((r) => ({ database: 'pglite', ...r })));
    const pglite = byScenario(results);
    for (const [k, v] of Object.entries(pglite)) figures[`pglite_${k}`] = v;
  }
  table(rows);
  console.log('');
  console.log(JSON.stringify(figures));
}

/** The paced figures (200 takers at once in a test) under their plain names, the burst's prefixed `burst_`. */
function byScenario(results: (Scenario & { scenario: string })[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { scenario, passed: _passed, wall_s: _wall, cpu_s: _cpu, ...r } of results) {
    for (const [k, v] of Object.entries(r)) out[scenario === 'paced' ? k : `${scenario}_${k}`] = v;
  }
  return out;
}

type Take = (token: string, due: number, thinkMs: number, afterDraw?: () => void) => Promise<{ drawMs: number; gradeMs: number; passed: boolean }>;

async function measure(
  database: OpenDb,
  shape: Shape,
  count?: (take: (afterDraw: () => void) => Promise<unknown>) => Promise<void>,
): Promise<(Scenario & { scenario: string })[]> {
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
  // Every other taker knows the answers (a pass: the earned accreditation is written too); the others pick the choice shown first (mostly a fail).
  const key = new Map((await app.tests.bank(null, bank.id)).questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]));
  let takes = 0;
  const take: Take = (token, due, thinkMs, afterDraw) => takeTest(app, token, bank.id, due, thinkMs, takes++ % 2 === 0 ? key : undefined, afterDraw);
  const signIn = async (n: number) => {
    const now = new Date();
    const takers = [];
    for (let i = 0; i < n; i++) takers.push(seedAssociate(database.db, now, { employerId: null, connected: false }));
    return Promise.all(takers);
  };

  // Not counted: rounds of takers at once, as many as the pool has connections, open them all and prepare their statements.
  for (let round = 0; round < shape.warmRounds; round++) {
    const warm = await signIn(shape.warmTakers);
    await Promise.all(warm.map((w) => take(w.token, performance.now(), 0)));
  }
  if (count) {
    const [counted] = await signIn(1);
    await app.http.request('/api/v1/associates/me/tests', { headers: { authorization: `Bearer ${counted!.token}` } });
    await count((afterDraw) => take(counted!.token, performance.now(), 0, afterDraw));
  }
  const paced: Arrivals = (i, n) => ({ arriveMs: (shape.rampMs * i) / n, thinkMs: shape.thinkMs * (2 / 3 + ((2 / 3) * ((i * 7919) % 101)) / 100) });
  const burst: Arrivals = (i, n) => ({ arriveMs: (shape.burstMs * ((i * 7919) % n)) / n, thinkMs: 0 });
  const results = [];
  for (const [scenario, arrivals] of [['paced', paced], ['burst', burst]] as const) {
    const takers = await signIn(shape.takers);
    // Each taker has listed the tests (signed in, its token known to the app) before.
    for (const taker of takers) await app.http.request('/api/v1/associates/me/tests', { headers: { authorization: `Bearer ${taker.token}` } });
    results.push({ scenario, ...(await scenarioOf(takers, arrivals, take)) });
  }
  return results;
}

async function scenarioOf(takers: { token: string }[], arrivals: Arrivals, take: Take): Promise<Scenario> {
  const draws: number[] = [];
  const grades: number[] = [];
  let passed = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    takers.map(async (taker, i) => {
      const { arriveMs, thinkMs } = arrivals(i, takers.length);
      const t = await take(taker.token, started + arriveMs, thinkMs);
      draws.push(t.drawMs);
      grades.push(t.gradeMs);
      if (t.passed) passed += 1;
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  draws.sort((a, b) => a - b);
  grades.sort((a, b) => a - b);
  const ms = (x: number) => Number(x.toFixed(1));
  return {
    draw_p50_ms: ms(quantile(draws, 0.5)),
    draw_p99_ms: ms(quantile(draws, 0.99)),
    grade_p50_ms: ms(quantile(grades, 0.5)),
    grade_p99_ms: ms(quantile(grades, 0.99)),
    passed,
    wall_s: Number(wall.toFixed(2)),
    cpu_s: Number(((used.user + used.system) / 1e6).toFixed(2)),
  };
}

/**
 * One taker: starts (the draw) when due and, `thinkMs` after its questions came, submits every
 * question answered (the grade): right by the answer key if it has one, else the choice shown first. Each latency runs from when the
 * request was due, not from when the event loop got to send it.
 */
async function takeTest(app: App, token: string, bankId: string, due: number, thinkMs: number, key: Map<string, string[]> | undefined, afterDraw?: () => void): Promise<{ drawMs: number; gradeMs: number; passed: boolean }> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  await sleep(due - performance.now());
  const started = await app.http.request(`/api/v1/associates/me/tests/${bankId}/attempts`, { method: 'POST', headers });
  if (started.status !== 201) throw new Error(`start answered ${started.status}: ${await started.text()}`);
  const attempt = OpenAttempt.parse(await started.json());
  const drawn = performance.now();
  afterDraw?.();
  const answers = attempt.questions.map((q) => ({ questionId: q.id, choiceIds: key?.get(q.id) ?? q.choices.slice(0, 1).map((c) => c.id) }));
  const submitDue = drawn + thinkMs;
  await sleep(submitDue - performance.now());
  const submitted = await app.http.request(`/api/v1/associates/me/test-attempts/${attempt.id}/submit`, { method: 'POST', headers, body: JSON.stringify({ answers }) });
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${await submitted.text()}`);
  const result = AttemptResult.parse(await submitted.json());
  return { drawMs: drawn - due, gradeMs: performance.now() - submitDue, passed: result.passed };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
