import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type {
  Answer,
  AnswersSaved,
  AttemptResult,
  AttemptState,
  AvailableTest,
  CreateQuestionBank,
  EarnedAccreditation,
  ItemAnalysis,
  MyAccreditations,
  OpenAttempt,
  QuestionBankDetail,
  QuestionBankView,
  QuestionInput,
  QuestionRemoved,
  QuestionView,
  TestSource,
  UpdateQuestionBank,
} from '../../../../shared/accreditation-tests';
import type { Tx } from '../../db/open';
import { recordset, rowsOf } from '../../db/records';
import { accreditations, attemptAnswers, bankQuestions, earnedAccreditations, enterprises, questionBanks, testAttempts } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { Conflict, InvalidInput, NotFound, TestRefused } from '../../errors';
import { answerProblem, drawQuestions, finishedAt, isAnsweredRight, ITEM_ANALYSIS, itemLine, type Random, remainingSeconds, retakeAt, score, shuffledFor } from './tests.core';

type BankRow = typeof questionBanks.$inferSelect;
type QuestionRow = typeof bankQuestions.$inferSelect;
type AttemptRow = typeof testAttempts.$inferSelect;
type AnswerRow = typeof attemptAnswers.$inferSelect;
/** What an attempt shows and grades of a question: its kind, prompt and choices (with the right ones). */
type AskedQuestion = Pick<QuestionRow, 'id' | 'kind' | 'prompt' | 'choices'>;

// Rows as the hand-written statements of a draw and a grade read and write them.
const attemptRecords = recordset(testAttempts);
const askedRecords = recordset(bankQuestions, ['id', 'kind', 'prompt', 'choices']);
const answerRecords = recordset(attemptAnswers);
const earnedRecords = recordset(earnedAccreditations);
/** A later pass replaces the earned accreditation (one per associate and bank). */
const RENEW_EARNED = sql.raw(
  ['enterprise_id', 'category', 'level', 'attempt_id', 'earned_at', 'expires_at'].map((c) => `${c} = excluded.${c}`).join(', '),
);

/** Who writes a bank: the marketplace's operator (null) or an enterprise (its id). */
export type BankOwner = string | null;

const DAY_MS = 86_400_000;

/** Chance from the operating system's generator: a draw nobody can predict from earlier ones. */
const cryptoRandom: Random = () => randomInt(0, 2 ** 32) / 2 ** 32;

/**
 * Accreditation tests: the banks their authors write (the operator for the marketplace, an
 * enterprise for itself), and the attempts associates make: drawn, timed and graded here, on
 * the server. A pass writes the associate's earned accreditation in the same transaction.
 */
export class AccreditationTestsService {
  constructor(
    private readonly deps: AppDeps,
    private readonly random: Random = cryptoRandom,
  ) {}

  // ---- Authoring -------------------------------------------------------------------------

  async banks(owner: BankOwner): Promise<QuestionBankView[]> {
    const rows = await this.deps.db.select().from(questionBanks).where(ownedBy(owner)).orderBy(asc(questionBanks.createdAt), asc(questionBanks.id));
    const counts = await this.questionCounts(rows.map((r) => r.id));
    return rows.map((r) => bankView(r, counts.get(r.id)));
  }

  async createBank(owner: BankOwner, body: CreateQuestionBank): Promise<QuestionBankDetail> {
    const now = this.deps.clock();
    const id = this.deps.ids.id();
    await this.deps.db.insert(questionBanks).values({ id, enterpriseId: owner, ...body, published: false, createdAt: now, updatedAt: now });
    return this.bank(owner, id);
  }

  /** A bank of the owner's with its questions; another's is not found. */
  async bank(owner: BankOwner, id: string): Promise<QuestionBankDetail> {
    const row = await this.bankRow(owner, id);
    const questions = await this.deps.db.select().from(bankQuestions).where(eq(bankQuestions.bankId, id)).orderBy(asc(bankQuestions.createdAt), asc(bankQuestions.id));
    const drawn = await this.drawnCounts(id);
    const views = questions.map((q) => questionView(q, drawn.get(q.id) ?? 0));
    const counts = { active: questions.filter((q) => !q.retired).length, retired: questions.filter((q) => q.retired).length };
    return { ...bankView(row, counts), questions: views };
  }

  async updateBank(owner: BankOwner, id: string, change: UpdateQuestionBank): Promise<QuestionBankDetail> {
    await this.deps.db.transaction(async (tx) => {
      const row = await this.bankRow(owner, id, tx, true);
      const next = { ...row, ...change };
      if (next.published) {
        const active = await activeCount(tx, id);
        if (active < next.questionsPerTest) {
          throw new Conflict(`A published test draws ${next.questionsPerTest} question${next.questionsPerTest === 1 ? '' : 's'} from the bank; it has ${active} active. Add questions first.`);
        }
      }
      await tx.update(questionBanks).set({ ...change, updatedAt: this.deps.clock() }).where(eq(questionBanks.id, id));
    });
    return this.bank(owner, id);
  }

  async addQuestion(owner: BankOwner, bankId: string, input: QuestionInput): Promise<QuestionView> {
    await this.bankRow(owner, bankId);
    const now = this.deps.clock();
    const id = this.deps.ids.id();
    const [row] = await this.deps.db
      .insert(bankQuestions)
      .values({ id, bankId, kind: input.kind, prompt: input.prompt, choices: this.choicesOf(input), createdAt: now, updatedAt: now })
      .returning();
    return questionView(row!, 0);
  }

  /** Rewrites a question nobody drew yet; one that was drawn is kept as it was asked (retire it and write another). */
  async replaceQuestion(owner: BankOwner, bankId: string, questionId: string, input: QuestionInput): Promise<QuestionView> {
    await this.bankRow(owner, bankId);
    return this.deps.db.transaction(async (tx) => {
      const question = await this.questionRow(tx, bankId, questionId);
      if (question.retired) throw new Conflict('The question is retired; write a new one.');
      if (await wasDrawn(tx, bankId, questionId)) throw new Conflict('The question was drawn in an attempt already: it stays as it was asked. Remove it (it is retired) and write a new one.');
      const [row] = await tx
        .update(bankQuestions)
        .set({ kind: input.kind, prompt: input.prompt, choices: this.choicesOf(input), updatedAt: this.deps.clock() })
        .where(eq(bankQuestions.id, questionId))
        .returning();
      return questionView(row!, 0);
    });
  }

  /**
   * Removes a question: deleted when never drawn, else retired (kept for the attempts that drew
   * it and their item analysis, never drawn again). A published bank keeps enough active questions.
   */
  async removeQuestion(owner: BankOwner, bankId: string, questionId: string): Promise<QuestionRemoved> {
    return this.deps.db.transaction(async (tx) => {
      const bank = await this.bankRow(owner, bankId, tx, true);
      const question = await this.questionRow(tx, bankId, questionId);
      if (question.retired) return { id: questionId, outcome: 'retired' as const };
      if (bank.published && (await activeCount(tx, bankId)) - 1 < bank.questionsPerTest) {
        throw new Conflict(`The published test draws ${bank.questionsPerTest} questions; removing this one would leave too few. Add another first, or unpublish the bank.`);
      }
      if (await wasDrawn(tx, bankId, questionId)) {
        await tx.update(bankQuestions).set({ retired: true, updatedAt: this.deps.clock() }).where(eq(bankQuestions.id, questionId));
        return { id: questionId, outcome: 'retired' as const };
      }
      await tx.delete(bankQuestions).where(eq(bankQuestions.id, questionId));
      return { id: questionId, outcome: 'deleted' as const };
    });
  }

  /** The item analysis: per question, finished attempts that drew it, how many got it right, and a flag past the thresholds. */
  async analysis(owner: BankOwner, bankId: string): Promise<ItemAnalysis> {
    await this.bankRow(owner, bankId);
    const rows = rowsOf<{ id: string; prompt: string; retired: boolean; drawn: number; right: number }>(
      await this.deps.db.execute(sql`
        select q.id, q.prompt, q.retired,
          (select count(*)::int from test_attempts a where a.bank_id = q.bank_id and a.status <> 'open' and q.id = any(a.question_ids)) as drawn,
          (select count(*)::int from attempt_answers aa join test_attempts a on a.id = aa.attempt_id
             where aa.question_id = q.id and aa.correct and a.status <> 'open') as "right"
        from bank_questions q where q.bank_id = ${bankId} order by q.created_at, q.id`),
    );
    return {
      bankId,
      ...ITEM_ANALYSIS,
      questions: rows.map((r) => ({ questionId: r.id, prompt: r.prompt, retired: r.retired, drawn: Number(r.drawn), right: Number(r.right), ...itemLine(Number(r.drawn), Number(r.right)) })),
    };
  }

  // ---- Taking ----------------------------------------------------------------------------

  /** The tests open to the associate: the marketplace's, their employer's, and those of enterprises that admitted or invited them. */
  async testsFor(associateId: string): Promise<AvailableTest[]> {
    await this.expireOverdue(associateId);
    const banks = await this.openBanks(associateId);
    if (banks.length === 0) return [];
    const ids = banks.map((b) => b.bank.id);
    const attempts = await this.deps.db
      .select()
      .from(testAttempts)
      .where(and(eq(testAttempts.associateId, associateId), inArray(testAttempts.bankId, ids)))
      .orderBy(desc(testAttempts.startedAt));
    const earned = await this.deps.db.select().from(earnedAccreditations).where(eq(earnedAccreditations.associateId, associateId));
    const now = this.deps.clock();
    return banks.map(({ bank, source }) => {
      const mine = attempts.filter((a) => a.bankId === bank.id);
      const open = mine.find((a) => a.status === 'open') ?? null;
      const wait = retakeAt(latestFinished(mine), bank.retakeWaitHours, now);
      const pass = earned.find((e) => e.bankId === bank.id);
      return {
        bankId: bank.id,
        title: bank.title,
        category: bank.category,
        level: bank.level,
        questionsPerTest: bank.questionsPerTest,
        timeLimitSeconds: bank.timeLimitSeconds,
        passPercent: bank.passPercent,
        source,
        canStart: open !== null || wait === null,
        waitUntil: open ? null : (wait?.toISOString() ?? null),
        openAttemptId: open?.id ?? null,
        passed: pass ? { at: pass.earnedAt.toISOString(), validUntil: pass.expiresAt.toISOString() } : null,
      };
    });
  }

  /**
   * Starts an attempt: the bank's `questionsPerTest` active questions drawn at random, its
   * deadline set by the server's clock. An attempt already open is answered instead (`created`
   * false), also when two starts race: the database keeps one open attempt per associate and bank.
   */
  async start(associateId: string, bankId: string): Promise<{ attempt: OpenAttempt; created: boolean }> {
    const source = await this.drawSource(associateId, bankId);
    if (!source) throw new NotFound('The test');
    const { bank, activeIds } = source;
    let latest = source.latest;
    if (latest?.status === 'open' && this.isPast(latest)) {
      await this.deps.db.transaction((tx) => this.grade(tx, latest!.id, 'expired'));
      latest = await this.attemptRow(associateId, latest.id);
    }
    if (latest?.status === 'open') return { attempt: await this.openView(latest, bank), created: false };
    const now = this.deps.clock();
    const wait = retakeAt(latestFinished(latest ? [latest] : []), bank.retakeWaitHours, now);
    if (wait) {
      throw new TestRefused('retake_wait', `You may take this test again from ${wait.toISOString()} (${bank.retakeWaitHours} h after a failed attempt).`, Math.ceil((wait.getTime() - now.getTime()) / 1000));
    }
    const drawn = drawQuestions(activeIds, bank.questionsPerTest, this.random);
    if (!drawn) throw new Conflict('This test has too few questions to be taken now; try again later.');
    const row: AttemptRow = {
      id: this.deps.ids.id(),
      bankId,
      associateId,
      status: 'open',
      questionIds: drawn,
      startedAt: now,
      deadlineAt: new Date(now.getTime() + bank.timeLimitSeconds * 1000),
      submittedAt: null,
      scorePercent: null,
      passed: null,
    };
    let questions: AskedQuestion[];
    try {
      questions = await this.insertAttempt(row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another start won the race: its attempt is the one.
      const winner = await this.openAttemptOf(associateId, bankId);
      if (!winner) throw err;
      return { attempt: await this.openView(winner, bank), created: false };
    }
    // A new attempt: it has no answers yet.
    return { attempt: takerView(row, bank, inDrawnOrder(row, questions), [], now), created: true };
  }

  /** The associate's attempt: open (with the time left by the server's clock), or its result once graded. */
  async attempt(associateId: string, attemptId: string): Promise<AttemptState> {
    let row = await this.attemptRow(associateId, attemptId);
    if (row.status === 'open' && row.deadlineAt.getTime() <= this.deps.clock().getTime()) {
      await this.deps.db.transaction((tx) => this.grade(tx, row.id, 'expired'));
      row = await this.attemptRow(associateId, attemptId);
    }
    const bank = (await this.deps.db.select().from(questionBanks).where(eq(questionBanks.id, row.bankId)))[0]!;
    return row.status === 'open' ? this.openView(row, bank) : this.resultView(row, bank);
  }

  /** Saves answers as the associate goes; past the deadline the attempt is graded as it stood (409 `attempt_expired`). */
  async saveAnswers(associateId: string, attemptId: string, answers: Answer[]): Promise<AnswersSaved> {
    const outcome = await this.deps.db.transaction(async (tx) => {
      const row = await this.lockOpen(tx, associateId, attemptId);
      if (this.isPast(row)) {
        await this.grade(tx, row.id, 'expired');
        return 'expired' as const;
      }
      await this.writeAnswers(tx, row, answers);
      return { saved: answers.length, remainingSeconds: remainingSeconds(row.deadlineAt, this.deps.clock()) };
    });
    if (outcome === 'expired') throw expiredRefusal();
    return outcome;
  }

  /**
   * Submits the attempt with its last answers and grades it. Past the deadline the answers sent
   * now do not count: the attempt is graded as far as it was answered, `expired`, and the
   * answer is 409 `attempt_expired` (its result is then read at GET …/test-attempts/:id).
   */
  async submit(associateId: string, attemptId: string, answers: Answer[]): Promise<AttemptResult> {
    // The attempt, its bank and its drawn questions are read before anything is locked: a drawn
    // question never changes (it is retired, not rewritten), and neither do an attempt's questions.
    const sheet = await this.gradingSheet(associateId, attemptId);
    if (!sheet) throw new NotFound('The attempt');
    const { attempt, bank, questions } = sheet;
    if (attempt.status === 'open' && !this.isPast(attempt) && answersEveryQuestion(attempt, answers)) {
      const result = await this.gradeWhole(attempt, bank, questions, answers);
      if (result) return result;
    }
    // Answers saved before count (some questions are not answered now), or the attempt is closed,
    // late or was closed meanwhile: graded under the attempt's lock, from what is stored.
    const outcome = await this.deps.db.transaction(async (tx) => {
      const row = await this.lockOpen(tx, associateId, attemptId);
      if (this.isPast(row)) {
        await this.grade(tx, row.id, 'expired');
        return 'expired' as const;
      }
      await this.writeAnswers(tx, row, answers, questions);
      const graded = await this.gradeLocked(tx, row, bank, 'graded');
      return resultOf(graded.row, bank, questions, graded.answers, this.deps.clock());
    });
    if (outcome === 'expired') throw expiredRefusal();
    return outcome;
  }

  /**
   * Grades an open attempt whose every question is answered in this submit, so that no answer
   * saved before counts: the answers checked here, then one statement closes the attempt (if it
   * is still open: its row lock orders it after any save in progress), writes the answers over
   * any saved ones and, on a pass, the earned accreditation. All or nothing is written, with no
   * transaction's round trips. Undefined when the attempt was closed meanwhile: nothing written.
   */
  private async gradeWhole(attempt: AttemptRow, bank: BankRow, questions: AskedQuestion[], answers: Answer[]): Promise<AttemptResult | undefined> {
    const checked = checkedAnswers(attempt, answers, questions);
    const submittedAt = this.deps.clock();
    const { scorePercent, passed } = score(checked.filter((a) => a.correct).length, attempt.questionIds.length, bank.passPercent);
    const closed: AttemptRow = { ...attempt, status: 'graded', submittedAt, scorePercent, passed };
    const earned = passed ? [{ associateId: attempt.associateId, bankId: bank.id, ...earnedBy(closed, bank) }] : [];
    const at = submittedAt.toISOString();
    const [written] = rowsOf<{ closed: number }>(
      await this.deps.db.execute(sql`
        with c as (
          update test_attempts set status = 'graded', submitted_at = ${at}::timestamptz, score_percent = ${scorePercent}::int, passed = ${passed}::boolean
          where id = ${attempt.id}::uuid and status = 'open' and deadline_at > ${at}::timestamptz
          returning id
        ),
        w as (
          insert into attempt_answers (${answerRecords.names})
          select ${answerRecords.fields} from c, json_to_recordset(${answerRecords.json(checked)}::json) as r(${answerRecords.definition})
          on conflict (attempt_id, question_id) do update set chosen = excluded.chosen, correct = excluded.correct
        ),
        e as (
          insert into earned_accreditations (${earnedRecords.names})
          select ${earnedRecords.fields} from c, json_to_recordset(${earnedRecords.json(earned)}::json) as r(${earnedRecords.definition})
          on conflict (associate_id, bank_id) do update set ${RENEW_EARNED}
        )
        select count(*)::int as closed from c`),
    );
    if (Number(written?.closed ?? 0) === 0) return undefined;
    return resultOf(closed, bank, questions, checked, submittedAt);
  }

  /** The accreditations the associate earned by tests (each with its source), and apart, those enterprises granted them. */
  async accreditationsOf(associateId: string): Promise<MyAccreditations> {
    const now = this.deps.clock();
    const earned = await this.deps.db
      .select({ e: earnedAccreditations, title: questionBanks.title, enterpriseName: enterprises.name })
      .from(earnedAccreditations)
      .innerJoin(questionBanks, eq(questionBanks.id, earnedAccreditations.bankId))
      .leftJoin(enterprises, eq(enterprises.id, earnedAccreditations.enterpriseId))
      .where(eq(earnedAccreditations.associateId, associateId))
      .orderBy(asc(earnedAccreditations.earnedAt), asc(earnedAccreditations.bankId));
    const granted = await this.deps.db
      .select({ a: accreditations, enterpriseName: enterprises.name })
      .from(accreditations)
      .innerJoin(enterprises, eq(enterprises.id, accreditations.enterpriseId))
      .where(eq(accreditations.associateId, associateId))
      .orderBy(asc(accreditations.createdAt), asc(accreditations.id));
    return {
      earned: earned.map(
        ({ e, title, enterpriseName }): EarnedAccreditation => ({
          bankId: e.bankId,
          title,
          category: e.category,
          level: e.level,
          source: sourceOf(e.enterpriseId, enterpriseName),
          earnedAt: e.earnedAt.toISOString(),
          expiresAt: e.expiresAt.toISOString(),
          expired: e.expiresAt.getTime() <= now.getTime(),
        }),
      ),
      granted: granted.map(({ a, enterpriseName }) => ({ enterpriseId: a.enterpriseId, enterpriseName, category: a.category, level: a.level, expiresAt: a.expiresAt?.toISOString() ?? null })),
    };
  }

  /** Marks every open attempt past its deadline (of one associate, and one bank, when named) expired, graded as far as answered. */
  async expireOverdue(associateId?: string, bankId?: string): Promise<number> {
    const now = this.deps.clock();
    const overdue = await this.deps.db
      .select({ id: testAttempts.id })
      .from(testAttempts)
      .where(
        and(
          eq(testAttempts.status, 'open'),
          lt(testAttempts.deadlineAt, now),
          associateId ? eq(testAttempts.associateId, associateId) : undefined,
          bankId ? eq(testAttempts.bankId, bankId) : undefined,
        ),
      );
    for (const { id } of overdue) await this.deps.db.transaction((tx) => this.grade(tx, id, 'expired'));
    return overdue.length;
  }

  // ---- Inside ----------------------------------------------------------------------------

  /**
   * Grades an open attempt from its saved answers (unanswered questions are wrong) and closes it
   * as `graded` (submitted now) or `expired`; a pass writes the earned accreditation, in the
   * caller's transaction. An attempt closed already is left as it is.
   */
  private async grade(tx: Tx, attemptId: string, status: 'graded' | 'expired'): Promise<void> {
    const [row] = await tx.select().from(testAttempts).where(and(eq(testAttempts.id, attemptId), eq(testAttempts.status, 'open'))).for('update');
    if (!row) return;
    const bank = (await tx.select().from(questionBanks).where(eq(questionBanks.id, row.bankId)))[0]!;
    await this.gradeLocked(tx, row, bank, status);
  }

  /** Grades an open attempt the transaction holds locked; answers the attempt as closed and its answers. */
  private async gradeLocked(tx: Tx, row: AttemptRow, bank: BankRow, status: 'graded' | 'expired'): Promise<{ row: AttemptRow; answers: AnswerRow[] }> {
    const answers = await tx.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, row.id));
    const right = answers.filter((a) => a.correct).length;
    const { scorePercent, passed } = score(right, row.questionIds.length, bank.passPercent);
    const submittedAt = status === 'graded' ? this.deps.clock() : null;
    await tx.update(testAttempts).set({ status, submittedAt, scorePercent, passed }).where(eq(testAttempts.id, row.id));
    const closed = { ...row, status, submittedAt, scorePercent, passed };
    if (!passed) return { row: closed, answers };
    const earned = earnedBy(closed, bank);
    await tx
      .insert(earnedAccreditations)
      .values({ associateId: row.associateId, bankId: bank.id, ...earned })
      .onConflictDoUpdate({ target: [earnedAccreditations.associateId, earnedAccreditations.bankId], set: earned });
    return { row: closed, answers };
  }

  /** The associate's open attempt, locked for this transaction; another's is not found, a closed one refused. */
  private async lockOpen(tx: Tx, associateId: string, attemptId: string): Promise<AttemptRow> {
    const [row] = await tx.select().from(testAttempts).where(and(eq(testAttempts.id, attemptId), eq(testAttempts.associateId, associateId))).for('update');
    if (!row) throw new NotFound('The attempt');
    if (row.status === 'expired') throw expiredRefusal();
    if (row.status !== 'open') throw new Conflict('This attempt was submitted already; read its result.');
    return row;
  }

  private isPast(row: AttemptRow): boolean {
    return this.deps.clock().getTime() >= row.deadlineAt.getTime();
  }

  /** Saves answers to drawn questions (a later answer to the same question replaces the earlier), each checked against its question. */
  private async writeAnswers(tx: Tx, row: AttemptRow, answers: Answer[], drawnQuestions?: AskedQuestion[]): Promise<void> {
    if (answers.length === 0) return;
    const questions = drawnQuestions ?? (await tx.select().from(bankQuestions).where(inArray(bankQuestions.id, row.questionIds)));
    const values = checkedAnswers(row, answers, questions);
    await tx
      .insert(attemptAnswers)
      .values(values)
      .onConflictDoUpdate({ target: [attemptAnswers.attemptId, attemptAnswers.questionId], set: { chosen: sql`excluded.chosen`, correct: sql`excluded.correct` } });
  }

  private async openView(row: AttemptRow, bank: BankRow): Promise<OpenAttempt> {
    const questions = await this.questionsOf(row);
    const answers = await this.deps.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, row.id));
    return takerView(row, bank, questions, answers, this.deps.clock());
  }

  private async resultView(row: AttemptRow, bank: BankRow): Promise<AttemptResult> {
    const questions = await this.questionsOf(row);
    const answers = await this.deps.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, row.id));
    return resultOf(row, bank, questions, answers, this.deps.clock());
  }

  /** The attempt's questions in the order drawn. */
  private async questionsOf(row: AttemptRow): Promise<QuestionRow[]> {
    return inDrawnOrder(row, await this.deps.db.select().from(bankQuestions).where(inArray(bankQuestions.id, row.questionIds)));
  }

  /**
   * In one statement, what a draw needs: the published bank if it is open to the associate, their
   * latest attempt at it (one is open at most, and it is the latest started), and the ids of its
   * active questions. Undefined when the test is not open to them.
   */
  // (The subqueries name the outer table in full: drizzle leaves a lone table's columns unqualified.)
  private async drawSource(associateId: string, bankId: string): Promise<{ bank: BankRow; latest: AttemptRow | undefined; activeIds: string[] } | undefined> {
    const [found] = await this.deps.db
      .select({
        bank: questionBanks,
        latest: sql<unknown>`(select row_to_json(l) from (select ${attemptRecords.selection} from test_attempts
          where associate_id = ${associateId} and bank_id = question_banks.id order by started_at desc limit 1) l)`,
        activeIds: sql<unknown>`(select coalesce(json_agg(q.id order by q.created_at, q.id), '[]') from bank_questions q where q.bank_id = question_banks.id and not q.retired)`,
      })
      .from(questionBanks)
      .where(and(eq(questionBanks.published, true), eq(questionBanks.id, bankId), openedTo(associateId)));
    if (!found) return undefined;
    const latest = found.latest === null ? undefined : attemptRecords.read([jsonOf(found.latest) as Record<string, unknown>])[0];
    return { bank: found.bank, latest, activeIds: jsonOf(found.activeIds) as string[] };
  }

  /** Writes a new attempt and answers its drawn questions, in one statement; a second open attempt at the bank fails as unique. */
  private async insertAttempt(row: AttemptRow): Promise<AskedQuestion[]> {
    const rows = rowsOf<Record<string, unknown>>(
      await this.deps.db.execute(sql`
        with a as (
          insert into test_attempts (${attemptRecords.names})
          select ${attemptRecords.fields} from json_to_recordset(${attemptRecords.json([row])}::json) as r(${attemptRecords.definition})
          returning question_ids
        )
        select ${askedRecords.selection} from bank_questions where id in (select unnest(question_ids) from a)`),
    );
    return askedRecords.read(rows);
  }

  /** In one statement, the associate's attempt with its bank and its drawn questions (in the order drawn); undefined for another's. */
  private async gradingSheet(associateId: string, attemptId: string): Promise<{ attempt: AttemptRow; bank: BankRow; questions: AskedQuestion[] } | undefined> {
    const [found] = await this.deps.db
      .select({
        attempt: testAttempts,
        bank: questionBanks,
        questions: sql<unknown>`(select coalesce(json_agg(q), '[]') from (select ${askedRecords.selection} from bank_questions where id = any(test_attempts.question_ids)) q)`,
      })
      .from(testAttempts)
      .innerJoin(questionBanks, eq(questionBanks.id, testAttempts.bankId))
      .where(and(eq(testAttempts.id, attemptId), eq(testAttempts.associateId, associateId)));
    if (!found) return undefined;
    return { attempt: found.attempt, bank: found.bank, questions: inDrawnOrder(found.attempt, askedRecords.read(jsonOf(found.questions) as Record<string, unknown>[])) };
  }

  private async attemptRow(associateId: string, attemptId: string): Promise<AttemptRow> {
    const [row] = await this.deps.db.select().from(testAttempts).where(and(eq(testAttempts.id, attemptId), eq(testAttempts.associateId, associateId)));
    if (!row) throw new NotFound('The attempt');
    return row;
  }

  private async openAttemptOf(associateId: string, bankId: string): Promise<AttemptRow | undefined> {
    const [row] = await this.deps.db.select().from(testAttempts).where(and(eq(testAttempts.associateId, associateId), eq(testAttempts.bankId, bankId), eq(testAttempts.status, 'open')));
    return row;
  }

  /**
   * The published banks open to the associate (or the one named, if it is): the marketplace's;
   * their employer's; those of enterprises that admitted them (active) or invited them by e-mail.
   */
  private async openBanks(associateId: string, bankId?: string): Promise<{ bank: BankRow; source: TestSource }[]> {
    const rows = await this.deps.db
      .select({ bank: questionBanks, enterpriseName: enterprises.name })
      .from(questionBanks)
      .leftJoin(enterprises, eq(enterprises.id, questionBanks.enterpriseId))
      .where(and(eq(questionBanks.published, true), bankId ? eq(questionBanks.id, bankId) : undefined, openedTo(associateId)))
      .orderBy(asc(questionBanks.title), asc(questionBanks.id));
    return rows.map((r) => ({ bank: r.bank, source: sourceOf(r.bank.enterpriseId, r.enterpriseName) }));
  }

  private async bankRow(owner: BankOwner, id: string, tx: Tx | AppDeps['db'] = this.deps.db, lock = false): Promise<BankRow> {
    const query = tx.select().from(questionBanks).where(and(eq(questionBanks.id, id), ownedBy(owner)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw new NotFound('The question bank');
    return row;
  }

  private async questionRow(tx: Tx, bankId: string, questionId: string): Promise<QuestionRow> {
    const [row] = await tx.select().from(bankQuestions).where(and(eq(bankQuestions.id, questionId), eq(bankQuestions.bankId, bankId)));
    if (!row) throw new NotFound('The question');
    return row;
  }

  private choicesOf(input: QuestionInput) {
    return input.choices.map((c) => ({ id: this.deps.ids.id(), text: c.text, correct: c.correct, explanation: c.explanation }));
  }

  private async questionCounts(bankIds: string[]): Promise<Map<string, { active: number; retired: number }>> {
    if (bankIds.length === 0) return new Map();
    const rows = await this.deps.db
      .select({ bankId: bankQuestions.bankId, retired: bankQuestions.retired, n: sql<number>`count(*)::int` })
      .from(bankQuestions)
      .where(inArray(bankQuestions.bankId, bankIds))
      .groupBy(bankQuestions.bankId, bankQuestions.retired);
    const counts = new Map<string, { active: number; retired: number }>();
    for (const r of rows) {
      const c = counts.get(r.bankId) ?? { active: 0, retired: 0 };
      if (r.retired) c.retired = Number(r.n);
      else c.active = Number(r.n);
      counts.set(r.bankId, c);
    }
    return counts;
  }

  /** How many attempts (open or not) drew each question of the bank. */
  private async drawnCounts(bankId: string): Promise<Map<string, number>> {
    const rows = rowsOf<{ id: string; n: number }>(
      await this.deps.db.execute(sql`select q.id, count(*)::int as n from test_attempts a, unnest(a.question_ids) as q(id) where a.bank_id = ${bankId} group by q.id`),
    );
    return new Map(rows.map((r) => [String(r.id), Number(r.n)]));
  }
}

/** Whether a bank is open to the associate: the marketplace's; their employer's; an enterprise's that admitted them (active) or invited them by e-mail. */
function openedTo(associateId: string): SQL {
  return sql`(${questionBanks.enterpriseId} is null
      or ${questionBanks.enterpriseId} = (select employer_id from associates where id = ${associateId})
      or exists (select 1 from associate_admissions ad where ad.associate_id = ${associateId} and ad.enterprise_id = ${questionBanks.enterpriseId} and ad.active)
      or exists (select 1 from admission_invitations i where i.enterprise_id = ${questionBanks.enterpriseId} and i.status in ('invited', 'accepted')
                   and i.email = (select email from associates where id = ${associateId})))`;
}

/** JSON a query hands over: parsed by the driver, or its text. */
function jsonOf(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Questions in the order the attempt drew them. */
function inDrawnOrder<Q extends { id: string }>(row: AttemptRow, questions: readonly Q[]): Q[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return row.questionIds.map((id) => byId.get(id)).filter((q): q is Q => q !== undefined);
}

/** Whether the answers name every question the attempt drew, each once: then no answer saved before counts. */
function answersEveryQuestion(row: AttemptRow, answers: readonly Answer[]): boolean {
  const named = new Set(answers.map((a) => a.questionId));
  return answers.length === row.questionIds.length && named.size === answers.length && row.questionIds.every((id) => named.has(id));
}

/** The answers as stored, each checked against its drawn question: 400 for a question not drawn, answered twice, or an answer it does not take. */
function checkedAnswers(row: AttemptRow, answers: readonly Answer[], questions: readonly AskedQuestion[]): AnswerRow[] {
  const drawn = new Set(row.questionIds);
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (!drawn.has(a.questionId)) throw new InvalidInput(['answers', i, 'questionId'], 'This question was not drawn in this attempt.');
    if (seen.has(a.questionId)) throw new InvalidInput(['answers', i, 'questionId'], 'The question is answered twice in this request.');
    seen.add(a.questionId);
  });
  const byId = new Map(questions.map((q) => [q.id, q]));
  return answers.map((a, i) => {
    const question = byId.get(a.questionId)!;
    const problem = answerProblem(question, a.choiceIds);
    if (problem) throw new InvalidInput(['answers', i, 'choiceIds'], `The answer ${problem}.`);
    return { attemptId: row.id, questionId: a.questionId, chosen: a.choiceIds, correct: isAnsweredRight(question, a.choiceIds) };
  });
}

/** The accreditation a passed attempt earns: the bank's category and level, from when it finished for the bank's validity. */
function earnedBy(closed: AttemptRow, bank: BankRow) {
  const earnedAt = finishedAt(closed)!;
  return { enterpriseId: bank.enterpriseId, category: bank.category, level: bank.level, attemptId: closed.id, earnedAt, expiresAt: new Date(earnedAt.getTime() + bank.validityDays * DAY_MS) };
}

function ownedBy(owner: BankOwner): SQL {
  return owner === null ? isNull(questionBanks.enterpriseId) : eq(questionBanks.enterpriseId, owner);
}

async function activeCount(tx: Tx, bankId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(bankQuestions).where(and(eq(bankQuestions.bankId, bankId), eq(bankQuestions.retired, false)));
  return Number(row?.n ?? 0);
}

async function wasDrawn(tx: Tx, bankId: string, questionId: string): Promise<boolean> {
  const rows = rowsOf<{ drawn: boolean }>(await tx.execute(sql`select exists (select 1 from test_attempts where bank_id = ${bankId} and ${questionId}::uuid = any(question_ids)) as drawn`));
  return rows[0]?.drawn === true;
}

/** The latest finished attempt among some (newest first or not), for the retake wait. */
function latestFinished(attempts: readonly AttemptRow[]): { passed: boolean; finishedAt: Date } | null {
  let latest: { passed: boolean; finishedAt: Date } | null = null;
  for (const a of attempts) {
    const at = finishedAt(a);
    if (at && (!latest || at.getTime() > latest.finishedAt.getTime())) latest = { passed: a.passed ?? false, finishedAt: at };
  }
  return latest;
}

function expiredRefusal(): TestRefused {
  return new TestRefused('expired', 'The attempt’s time is up: it was graded as far as it was answered before the deadline; answers sent after it do not count. Read the result at GET /api/v1/associates/me/test-attempts/:id.');
}

function sourceOf(enterpriseId: string | null, enterpriseName: string | null): TestSource {
  return enterpriseId === null ? { kind: 'marketplace' } : { kind: 'enterprise', enterpriseId, enterpriseName: enterpriseName ?? '' };
}

function bankView(row: BankRow, counts: { active: number; retired: number } | undefined): QuestionBankView {
  return {
    id: row.id,
    owner: row.enterpriseId === null ? 'marketplace' : 'enterprise',
    title: row.title,
    category: row.category,
    level: row.level,
    questionsPerTest: row.questionsPerTest,
    timeLimitSeconds: row.timeLimitSeconds,
    passPercent: row.passPercent,
    retakeWaitHours: row.retakeWaitHours,
    validityDays: row.validityDays,
    published: row.published,
    activeQuestions: counts?.active ?? 0,
    retiredQuestions: counts?.retired ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function questionView(row: QuestionRow, drawn: number): QuestionView {
  return { id: row.id, kind: row.kind, prompt: row.prompt, choices: row.choices, retired: row.retired, drawn, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** An open attempt as its taker sees it: only the ids, kinds, prompts and choice texts are copied; the right answers and explanations never leave before grading. */
function takerView(row: AttemptRow, bank: BankRow, questions: readonly AskedQuestion[], answers: AnswerRow[], now: Date): OpenAttempt {
  return {
    id: row.id,
    status: 'open',
    bankId: row.bankId,
    title: bank.title,
    startedAt: row.startedAt.toISOString(),
    deadlineAt: row.deadlineAt.toISOString(),
    remainingSeconds: remainingSeconds(row.deadlineAt, now),
    questions: questions.map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, choices: shuffledFor(q.choices, row.id, q.id).map((c) => ({ id: c.id, text: c.text })) })),
    answers: answers.map((a) => ({ questionId: a.questionId, choiceIds: a.chosen })),
  };
}

/** A graded attempt's result: now with the right choices, the explanations and what was chosen. */
function resultOf(row: AttemptRow, bank: BankRow, questions: readonly AskedQuestion[], answerRows: AnswerRow[], now: Date): AttemptResult {
  const answers = new Map(answerRows.map((a) => [a.questionId, a]));
  const finished = finishedAt(row)!;
  const passed = row.passed ?? false;
  return {
    id: row.id,
    status: row.status === 'expired' ? 'expired' : 'graded',
    bankId: row.bankId,
    title: bank.title,
    startedAt: row.startedAt.toISOString(),
    deadlineAt: row.deadlineAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    rightCount: answerRows.filter((a) => a.correct).length,
    questionCount: row.questionIds.length,
    scorePercent: row.scorePercent ?? 0,
    passPercent: bank.passPercent,
    passed,
    accreditation: passed ? { category: bank.category, level: bank.level, expiresAt: new Date(finished.getTime() + bank.validityDays * DAY_MS).toISOString() } : null,
    retakeAt: retakeAt({ passed, finishedAt: finished }, bank.retakeWaitHours, now)?.toISOString() ?? null,
    questions: questions.map((q) => {
      const chosen = new Set(answers.get(q.id)?.chosen ?? []);
      return {
        id: q.id,
        kind: q.kind,
        prompt: q.prompt,
        answeredRight: answers.get(q.id)?.correct ?? false,
        choices: shuffledFor(q.choices, row.id, q.id).map((c) => ({ ...c, chosen: chosen.has(c.id) })),
      };
    }),
  };
}
