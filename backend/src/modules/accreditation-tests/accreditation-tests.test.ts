import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { AttemptResult, AvailableTestList, ItemAnalysis, MyAccreditations, OpenAttempt, QuestionBankDetail, QuestionBankList, QuestionRemoved, QuestionView } from '../../../../shared/accreditation-tests';
import { admissionInvitations, associates, attemptAnswers, earnedAccreditations, testAttempts } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { type ConsoleParty, consoleCall, consoleUser } from '../../testing/console';
import { DB_KINDS } from '../../testing/databases';
import { seedAssociate } from '../../testing/offers';

const BANK = { title: 'Headphones, level 2', category: ['Audio', 'Headphones'], level: 2, questionsPerTest: 3, timeLimitSeconds: 600, passPercent: 67, retakeWaitHours: 24, validityDays: 365 };
/** Explanations that must never reach the test taker before grading. */
const WHY_RIGHT = 'EXPLAINED-RIGHT';
const WHY_WRONG = 'EXPLAINED-WRONG';
const question = (n: number, kind: 'single' | 'multiple' = 'single') => ({
  kind,
  prompt: `Question ${n}: which noise cancelling works best on a plane?`,
  choices:
    kind === 'single'
      ? [
          { text: `Right answer ${n}`, correct: true, explanation: `${WHY_RIGHT} ${n}` },
          { text: `Wrong answer ${n}`, correct: false, explanation: `${WHY_WRONG} ${n}` },
          { text: `Other answer ${n}`, correct: false, explanation: `${WHY_WRONG} ${n}b` },
        ]
      : [
          { text: `Right A ${n}`, correct: true, explanation: `${WHY_RIGHT} ${n}a` },
          { text: `Right B ${n}`, correct: true, explanation: `${WHY_RIGHT} ${n}b` },
          { text: `Wrong ${n}`, correct: false, explanation: `${WHY_WRONG} ${n}` },
        ],
});

describe.each(DB_KINDS)('accreditation tests on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let operator: ConsoleParty;
  beforeEach(async () => {
    h = api();
    operator = await consoleUser(h.app, { email: 'operator@marketplace.example', operator: true });
  });

  const asOperator = (method: string, path: string, body?: unknown) => consoleCall(h.app, method, `/api/v1/marketplace/question-banks${path}`, operator, body);
  const asKey = (key: string, method: string, path: string, body?: unknown) => call(h.app, method, `/api/v1/question-banks${path}`, key, body);

  /** A published bank of the marketplace's (or of the enterprise whose key is given) with `questions` questions; the right choice of each by question id. */
  async function publishedBank(options: { key?: string; questions?: number; settings?: Partial<typeof BANK> } = {}) {
    const send = (method: string, path: string, body?: unknown) => (options.key ? asKey(options.key, method, path, body) : asOperator(method, path, body));
    const made = await send('POST', '', { ...BANK, ...options.settings });
    expect(made.status, await made.clone().text()).toBe(201);
    const bank = QuestionBankDetail.parse(await made.json());
    const questions: QuestionView[] = [];
    for (let n = 0; n < (options.questions ?? 4); n++) {
      const res = await send('POST', `/${bank.id}/questions`, question(n, n % 2 ? 'multiple' : 'single'));
      expect(res.status, await res.clone().text()).toBe(201);
      questions.push(QuestionView.parse(await res.json()));
    }
    expect((await send('PATCH', `/${bank.id}`, { published: true })).status).toBe(200);
    return { bank, questions, rightOf: (id: string) => questions.find((q) => q.id === id)!.choices.filter((c) => c.correct).map((c) => c.id) };
  }

  const start = (token: string, bankId: string) => call(h.app, 'POST', `/api/v1/associates/me/tests/${bankId}/attempts`, token);
  const submit = (token: string, attemptId: string, answers: unknown[]) => call(h.app, 'POST', `/api/v1/associates/me/test-attempts/${attemptId}/submit`, token, { answers });

  it('lets the operator write and publish a marketplace bank, only with enough valid questions', async () => {
    const made = await asOperator('POST', '', BANK);
    expect(made.status).toBe(201);
    const bank = QuestionBankDetail.parse(await made.json());
    expect(bank).toMatchObject({ owner: 'marketplace', published: false, activeQuestions: 0 });
    // Two right choices for a single-choice question, one choice only, none right for a multiple: refused, nothing written.
    const bad = [
      { ...question(1), choices: question(1).choices.map((c) => ({ ...c, correct: true })) },
      { ...question(1), choices: question(1).choices.slice(0, 1) },
      { ...question(1, 'multiple'), choices: question(1, 'multiple').choices.map((c) => ({ ...c, correct: false })) },
    ];
    for (const body of bad) expect((await asOperator('POST', `/${bank.id}/questions`, body)).status).toBe(400);
    expect((await asOperator('POST', `/${bank.id}/questions`, question(1))).status).toBe(201);
    expect((await asOperator('POST', `/${bank.id}/questions`, question(2))).status).toBe(201);
    const early = await asOperator('PATCH', `/${bank.id}`, { published: true });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('conflict');
    expect((await asOperator('POST', `/${bank.id}/questions`, question(3, 'multiple'))).status).toBe(201);
    const published = await asOperator('PATCH', `/${bank.id}`, { published: true });
    expect(published.status).toBe(200);
    expect(QuestionBankDetail.parse(await published.json())).toMatchObject({ published: true, activeQuestions: 3 });
    // Asking a published bank to draw more than it has is refused too.
    expect((await asOperator('PATCH', `/${bank.id}`, { questionsPerTest: 4 })).status).toBe(409);
  });

  it('keeps each enterprise to its own banks, and the operator to the marketplace’s', async () => {
    const { volt, voltKey, summitKey } = h.seed;
    const ofA = await asKey(voltKey, 'POST', '', BANK);
    expect(ofA.status).toBe(201);
    const bankA = QuestionBankDetail.parse(await ofA.json());
    expect(bankA.owner).toBe('enterprise');
    const market = QuestionBankDetail.parse(await (await asOperator('POST', '', { ...BANK, title: 'Marketplace audio' })).json());
    for (const path of [`/${bankA.id}`, `/${bankA.id}/analysis`]) expect((await asKey(summitKey, 'GET', path)).status).toBe(404);
    expect((await asKey(summitKey, 'PATCH', `/${bankA.id}`, { title: 'Taken over' })).status).toBe(404);
    expect((await asKey(summitKey, 'POST', `/${bankA.id}/questions`, question(1))).status).toBe(404);
    expect((await asKey(voltKey, 'GET', `/${market.id}`)).status).toBe(404);
    expect((await asOperator('GET', `/${bankA.id}`)).status).toBe(404);
    expect(QuestionBankList.parse(await (await asKey(summitKey, 'GET', '')).json()).banks).toEqual([]);
    expect(QuestionBankList.parse(await (await asKey(voltKey, 'GET', '')).json()).banks.map((b) => b.id)).toEqual([bankA.id]);
    expect(QuestionBankList.parse(await (await asOperator('GET', '')).json()).banks.map((b) => b.id)).toEqual([market.id]);
    // A's sales lead writes banks; A's analyst reads them and changes nothing.
    const lead = await consoleUser(h.app, { email: 'lead@volt.example', enterpriseId: volt.id, role: 'sales_lead' });
    const analyst = await consoleUser(h.app, { email: 'analyst@volt.example', enterpriseId: volt.id, role: 'analyst' });
    expect((await consoleCall(h.app, 'POST', `/api/v1/question-banks/${bankA.id}/questions`, lead, question(1))).status).toBe(201);
    expect((await consoleCall(h.app, 'GET', `/api/v1/question-banks/${bankA.id}`, analyst)).status).toBe(200);
    expect((await consoleCall(h.app, 'POST', `/api/v1/question-banks/${bankA.id}/questions`, analyst, question(2))).status).toBe(403);
  });

  it('draws the test without its answers, grades it on the server, and writes the accreditation on a pass', async () => {
    const { bank, rightOf } = await publishedBank({ questions: 5 });
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const listed = await (await call(h.app, 'GET', '/api/v1/associates/me/tests', associate.token)).text();
    expect(listed).not.toMatch(/"correct"|"explanation"|EXPLAINED|Right answer/);
    const list = AvailableTestList.parse(JSON.parse(listed));
    expect(list.tests).toEqual([expect.objectContaining({ bankId: bank.id, canStart: true, waitUntil: null, passed: null, source: { kind: 'marketplace' } })]);

    const started = await start(associate.token, bank.id);
    expect(started.status).toBe(201);
    const raw = await started.text();
    // Nothing of the right answers travels with the questions.
    expect(raw).not.toMatch(/"correct"|"explanation"|EXPLAINED/);
    const attempt = OpenAttempt.parse(JSON.parse(raw));
    expect(attempt.questions).toHaveLength(3);
    expect(new Set(attempt.questions.map((q) => q.id)).size).toBe(3);
    expect(attempt).toMatchObject({ remainingSeconds: 600, deadlineAt: '2026-03-02T10:10:00.000Z' });

    // Starting again answers the open attempt; its time runs by the server's clock.
    h.clock.advance(100_000);
    const again = await start(associate.token, bank.id);
    expect(again.status).toBe(200);
    const reread = await call(h.app, 'GET', `/api/v1/associates/me/test-attempts/${attempt.id}`, associate.token);
    const rereadText = await reread.text();
    expect(rereadText).not.toMatch(/"correct"|"explanation"|EXPLAINED/);
    expect(OpenAttempt.parse(JSON.parse(rereadText))).toMatchObject({ id: attempt.id, remainingSeconds: 500 });
    expect(OpenAttempt.parse(await again.json()).questions).toEqual(attempt.questions);

    // Saving a partial answer says nothing of whether it is right.
    const [first, ...rest] = attempt.questions;
    const saved = await call(h.app, 'PUT', `/api/v1/associates/me/test-attempts/${attempt.id}/answers`, associate.token, { answers: [{ questionId: first!.id, choiceIds: rightOf(first!.id) }] });
    expect(saved.status).toBe(200);
    expect(await saved.text()).not.toMatch(/correct|right/i);
    // An answer to a question not drawn, or naming another question's choice, is refused and writes nothing.
    expect((await call(h.app, 'PUT', `/api/v1/associates/me/test-attempts/${attempt.id}/answers`, associate.token, { answers: [{ questionId: bank.id, choiceIds: [] }] })).status).toBe(400);
    expect((await call(h.app, 'PUT', `/api/v1/associates/me/test-attempts/${attempt.id}/answers`, associate.token, { answers: [{ questionId: rest[0]!.id, choiceIds: rightOf(first!.id) }] })).status).toBe(400);
    expect(await h.db.db.select().from(attemptAnswers)).toHaveLength(1);

    // Another associate cannot read or submit it.
    const other = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    expect((await call(h.app, 'GET', `/api/v1/associates/me/test-attempts/${attempt.id}`, other.token)).status).toBe(404);
    expect((await submit(other.token, attempt.id, [])).status).toBe(404);

    const res = await submit(associate.token, attempt.id, rest.map((q) => ({ questionId: q.id, choiceIds: rightOf(q.id) })));
    expect(res.status).toBe(200);
    const result = AttemptResult.parse(await res.json());
    expect(result).toMatchObject({ status: 'graded', passed: true, rightCount: 3, questionCount: 3, scorePercent: 100, retakeAt: null });
    expect(result.accreditation).toEqual({ category: ['Audio', 'Headphones'], level: 2, expiresAt: '2027-03-02T10:01:40.000Z' });
    // Only now the right choices and explanations.
    for (const q of result.questions) {
      expect(q.answeredRight).toBe(true);
      expect(q.choices.filter((c) => c.correct).map((c) => c.id).sort()).toEqual(rightOf(q.id).sort());
      for (const c of q.choices) expect(c.explanation).toMatch(/EXPLAINED/);
    }
    const [earned] = await h.db.db.select().from(earnedAccreditations).where(eq(earnedAccreditations.associateId, associate.id));
    expect(earned).toMatchObject({ bankId: bank.id, enterpriseId: null, level: 2, attemptId: attempt.id, category: ['Audio', 'Headphones'] });
    expect(earned!.expiresAt.toISOString()).toBe('2027-03-02T10:01:40.000Z');

    // Submitting twice is refused; the earned accreditation shows by source, apart from grants.
    expect((await submit(associate.token, attempt.id, [])).status).toBe(409);
    const mine = MyAccreditations.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/accreditations', associate.token)).json());
    expect(mine.earned).toEqual([expect.objectContaining({ bankId: bank.id, level: 2, source: { kind: 'marketplace' }, expired: false })]);
    expect(mine.granted).toEqual([]);
    const after = AvailableTestList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/tests', associate.token)).json());
    expect(after.tests[0]).toMatchObject({ canStart: true, passed: { validUntil: '2027-03-02T10:01:40.000Z' } });
  });

  it('writes no accreditation on a fail, and makes the associate wait before a retake', async () => {
    // Six hours: the seeded sign-in token lasts twelve.
    const { bank, rightOf } = await publishedBank({ settings: { retakeWaitHours: 6 } });
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const attempt = OpenAttempt.parse(await (await start(associate.token, bank.id)).json());
    const wrong = attempt.questions.map((q) => ({ questionId: q.id, choiceIds: q.choices.map((c) => c.id).filter((id) => !rightOf(q.id).includes(id)).slice(0, 1) }));
    const res = await submit(associate.token, attempt.id, wrong);
    expect(res.status).toBe(200);
    const result = AttemptResult.parse(await res.json());
    expect(result).toMatchObject({ passed: false, rightCount: 0, accreditation: null, retakeAt: '2026-03-02T16:00:00.000Z' });
    expect(await h.db.db.select().from(earnedAccreditations)).toEqual([]);

    const early = await start(associate.token, bank.id);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('retake_wait');
    expect(early.headers.get('retry-after')).toBe(String(6 * 3600));
    const list = AvailableTestList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/tests', associate.token)).json());
    expect(list.tests[0]).toMatchObject({ canStart: false, waitUntil: '2026-03-02T16:00:00.000Z' });
    h.clock.advance(6 * 3600_000 - 1000);
    expect((await start(associate.token, bank.id)).status).toBe(409);
    h.clock.advance(1000);
    expect((await start(associate.token, bank.id)).status).toBe(201);
  });

  it('grades a submit that answers every question over the answers saved before, and writes nothing for a bad one', async () => {
    const { bank, rightOf } = await publishedBank();
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const attempt = OpenAttempt.parse(await (await start(associate.token, bank.id)).json());
    const [first, second] = attempt.questions;
    const wrongOf = (id: string) => attempt.questions.find((q) => q.id === id)!.choices.map((c) => c.id).filter((c) => !rightOf(id).includes(c)).slice(0, 1);
    expect((await call(h.app, 'PUT', `/api/v1/associates/me/test-attempts/${attempt.id}/answers`, associate.token, { answers: [{ questionId: first!.id, choiceIds: wrongOf(first!.id) }] })).status).toBe(200);
    const right = attempt.questions.map((q) => ({ questionId: q.id, choiceIds: rightOf(q.id) }));

    // One answer naming another question's choice: refused, and the attempt stays as it was.
    const bad = await submit(associate.token, attempt.id, right.map((a) => (a.questionId === second!.id ? { ...a, choiceIds: rightOf(first!.id) } : a)));
    expect(bad.status).toBe(400);
    expect((await h.db.db.select().from(testAttempts).where(eq(testAttempts.id, attempt.id)))[0]!.status).toBe('open');
    expect(await h.db.db.select().from(attemptAnswers)).toEqual([expect.objectContaining({ questionId: first!.id, correct: false })]);
    expect(await h.db.db.select().from(earnedAccreditations)).toEqual([]);

    h.clock.advance(60_000);
    const res = await submit(associate.token, attempt.id, right);
    expect(res.status).toBe(200);
    expect(AttemptResult.parse(await res.json())).toMatchObject({ status: 'graded', passed: true, rightCount: 3, scorePercent: 100, submittedAt: '2026-03-02T10:01:00.000Z', accreditation: { expiresAt: '2027-03-02T10:01:00.000Z' } });
    const stored = await h.db.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id));
    expect(stored.map((a) => [a.questionId, a.correct]).sort()).toEqual(right.map((a) => [a.questionId, true]).sort());
    expect(await h.db.db.select().from(earnedAccreditations)).toEqual([expect.objectContaining({ associateId: associate.id, bankId: bank.id, attemptId: attempt.id, level: 2 })]);
    const read = AttemptResult.parse(await (await call(h.app, 'GET', `/api/v1/associates/me/test-attempts/${attempt.id}`, associate.token)).json());
    expect(read).toMatchObject({ status: 'graded', rightCount: 3, scorePercent: 100, passed: true });
    expect((await submit(associate.token, attempt.id, right)).status).toBe(409);
  });

  it('grades an attempt once when two full submits race, and renews the accreditation on a later pass', async () => {
    const { bank, rightOf } = await publishedBank();
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const take = async () => {
      const attempt = OpenAttempt.parse(await (await start(associate.token, bank.id)).json());
      const right = attempt.questions.map((q) => ({ questionId: q.id, choiceIds: rightOf(q.id) }));
      const statuses = (await Promise.all(Array.from({ length: 4 }, () => submit(associate.token, attempt.id, right)))).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409]);
      return attempt.id;
    };
    await take();
    h.clock.advance(3600_000);
    const second = await take();
    expect(await h.db.db.select().from(earnedAccreditations)).toEqual([expect.objectContaining({ attemptId: second, expiresAt: new Date('2027-03-02T11:00:00.000Z') })]);
    expect(await h.db.db.select().from(attemptAnswers)).toHaveLength(6);
  });

  it('expires an attempt past its deadline, graded as far as it was answered', async () => {
    const { bank, rightOf } = await publishedBank({ settings: { passPercent: 30 } });
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const attempt = OpenAttempt.parse(await (await start(associate.token, bank.id)).json());
    const [first, second] = attempt.questions;
    expect((await call(h.app, 'PUT', `/api/v1/associates/me/test-attempts/${attempt.id}/answers`, associate.token, { answers: [{ questionId: first!.id, choiceIds: rightOf(first!.id) }] })).status).toBe(200);
    h.clock.advance(600_000);
    // The last answers came too late: they do not count.
    const late = await submit(associate.token, attempt.id, [{ questionId: second!.id, choiceIds: rightOf(second!.id) }]);
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('attempt_expired');
    const read = AttemptResult.parse(await (await call(h.app, 'GET', `/api/v1/associates/me/test-attempts/${attempt.id}`, associate.token)).json());
    expect(read).toMatchObject({ status: 'expired', rightCount: 1, scorePercent: 33, passed: true, submittedAt: null });
    // Expiry by the deadline earns what the saved answers earned, dated at the deadline.
    const [earned] = await h.db.db.select().from(earnedAccreditations);
    expect(earned!.earnedAt.toISOString()).toBe('2026-03-02T10:10:00.000Z');
  });

  it('marks an overdue attempt expired when the associate next looks, and the sweep does too', async () => {
    const { bank } = await publishedBank();
    const [one, two] = [await seedAssociate(h.db.db, h.clock.now(), { employerId: null }), await seedAssociate(h.db.db, h.clock.now(), { employerId: null })];
    const a1 = OpenAttempt.parse(await (await start(one.token, bank.id)).json());
    const a2 = OpenAttempt.parse(await (await start(two.token, bank.id)).json());
    h.clock.advance(601_000);
    const list = AvailableTestList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/tests', one.token)).json());
    expect(list.tests[0]).toMatchObject({ openAttemptId: null, canStart: false });
    expect((await h.db.db.select().from(testAttempts).where(eq(testAttempts.id, a1.id)))[0]!.status).toBe('expired');
    expect(await h.app.tests.expireOverdue()).toBe(1);
    const [row] = await h.db.db.select().from(testAttempts).where(eq(testAttempts.id, a2.id));
    expect(row).toMatchObject({ status: 'expired', passed: false, scorePercent: 0 });
  });

  it('keeps one open attempt when starts race', async () => {
    const { bank } = await publishedBank();
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const answers = await Promise.all(Array.from({ length: 8 }, () => start(associate.token, bank.id)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    const ids = new Set(await Promise.all(answers.map(async (r) => OpenAttempt.parse(await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(await h.db.db.select().from(testAttempts).where(and(eq(testAttempts.associateId, associate.id), eq(testAttempts.status, 'open')))).toHaveLength(1);
  });

  it('opens an enterprise’s test to its employees and to those it admitted or invited, and to nobody else', async () => {
    const { volt, summit, voltKey } = h.seed;
    const { bank } = await publishedBank({ key: voltKey });
    const employee = await seedAssociate(h.db.db, h.clock.now(), { employerId: volt.id });
    const stranger = await seedAssociate(h.db.db, h.clock.now(), { employerId: summit.id });
    const invited = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const [{ email }] = (await h.db.db.select({ email: associates.email }).from(associates).where(eq(associates.id, invited.id))) as [{ email: string }];
    await h.db.db.insert(admissionInvitations).values({ enterpriseId: volt.id, email, status: 'invited', invitedAt: h.clock.now() });
    expect((await start(stranger.token, bank.id)).status).toBe(404);
    expect(AvailableTestList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/tests', stranger.token)).json()).tests).toEqual([]);
    const listed = AvailableTestList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/tests', invited.token)).json());
    expect(listed.tests).toEqual([expect.objectContaining({ bankId: bank.id, source: { kind: 'enterprise', enterpriseId: volt.id, enterpriseName: 'Voltaire Retail' } })]);
    expect((await start(invited.token, bank.id)).status).toBe(201);
    expect((await start(employee.token, bank.id)).status).toBe(201);
    // An unpublished bank is not open to anyone.
    expect((await asKey(voltKey, 'PATCH', `/${bank.id}`, { published: false })).status).toBe(200);
    expect((await start(stranger.token, bank.id)).status).toBe(404);
    expect(AvailableTestList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/tests', employee.token)).json()).tests).toEqual([]);
  });

  it('retires a drawn question instead of deleting it, and keeps it as it was asked', async () => {
    const { bank } = await publishedBank({ questions: 5 });
    const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const attempt = OpenAttempt.parse(await (await start(associate.token, bank.id)).json());
    const drawnId = attempt.questions[0]!.id;
    const detail = QuestionBankDetail.parse(await (await asOperator('GET', `/${bank.id}`)).json());
    const undrawnId = detail.questions.find((q) => !attempt.questions.some((d) => d.id === q.id))!.id;
    expect(detail.questions.find((q) => q.id === drawnId)!.drawn).toBe(1);
    expect((await asOperator('PUT', `/${bank.id}/questions/${drawnId}`, question(9))).status).toBe(409);
    expect((await asOperator('PUT', `/${bank.id}/questions/${undrawnId}`, question(9))).status).toBe(200);
    expect(QuestionRemoved.parse(await (await asOperator('DELETE', `/${bank.id}/questions/${drawnId}`)).json())).toEqual({ id: drawnId, outcome: 'retired' });
    // Three active of the five are left: one more removal would leave too few for a published test of three.
    expect(QuestionRemoved.parse(await (await asOperator('DELETE', `/${bank.id}/questions/${undrawnId}`)).json())).toEqual({ id: undrawnId, outcome: 'deleted' });
    const after = QuestionBankDetail.parse(await (await asOperator('GET', `/${bank.id}`)).json());
    expect(after).toMatchObject({ activeQuestions: 3, retiredQuestions: 1 });
    const another = after.questions.find((q) => !q.retired)!.id;
    expect((await asOperator('DELETE', `/${bank.id}/questions/${another}`)).status).toBe(409);
    // The attempt that drew the retired question still grades it.
    const res = await submit(associate.token, attempt.id, []);
    expect(AttemptResult.parse(await res.json()).questions.map((q) => q.id)).toContain(drawnId);
  });

  it('flags questions nearly everyone gets right or wrong in the item analysis', async () => {
    const { bank, questions } = await publishedBank({ settings: { questionsPerTest: 2, retakeWaitHours: 0 }, questions: 3 });
    const [easy, hard, middling] = questions;
    // 25 finished attempts: all drew the easy one (all right), 20 the hard one (all wrong), 5 the third (too few to judge).
    for (let i = 0; i < 25; i++) {
      const associate = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
      const id = crypto.randomUUID();
      const drawn = i < 5 ? [easy!.id, middling!.id] : [easy!.id, hard!.id];
      await h.db.db.insert(testAttempts).values({ id, bankId: bank.id, associateId: associate.id, status: 'graded', questionIds: drawn, startedAt: h.clock.now(), deadlineAt: h.clock.now(), submittedAt: h.clock.now(), scorePercent: 50, passed: false });
      await h.db.db.insert(attemptAnswers).values({ attemptId: id, questionId: easy!.id, chosen: [], correct: true });
      if (i >= 5) await h.db.db.insert(attemptAnswers).values({ attemptId: id, questionId: hard!.id, chosen: [], correct: false });
    }
    const res = await asOperator('GET', `/${bank.id}/analysis`);
    expect(res.status).toBe(200);
    const analysis = ItemAnalysis.parse(await res.json());
    const line = (id: string) => analysis.questions.find((q) => q.questionId === id)!;
    expect(line(easy!.id)).toMatchObject({ drawn: 25, right: 25, rightPercent: 100, flag: 'too_easy' });
    expect(line(hard!.id)).toMatchObject({ drawn: 20, right: 0, rightPercent: 0, flag: 'too_hard' });
    expect(line(middling!.id)).toMatchObject({ drawn: 5, right: 0, flag: null });
  });
});
