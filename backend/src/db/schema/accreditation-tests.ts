import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { associates } from './associates';
import { enterprises } from './tenancy';

/**
 * A bank of questions for one category path and level, written by the marketplace's operator
 * (`enterpriseId` null: its accreditations are seen by every enterprise) or by an enterprise
 * for its own products (seen by that enterprise only).
 */
export const questionBanks = pgTable(
  'question_banks',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Category path, broadest first. */
    category: text('category').array().notNull(),
    /** The accreditation level a pass grants, 1-5. */
    level: integer('level').notNull(),
    /** Questions drawn at random for one attempt. */
    questionsPerTest: integer('questions_per_test').notNull(),
    timeLimitSeconds: integer('time_limit_seconds').notNull(),
    /** Share of questions right that passes, in percent. */
    passPercent: integer('pass_percent').notNull(),
    /** Hours after a failed attempt before the next may start. */
    retakeWaitHours: integer('retake_wait_hours').notNull(),
    /** Days the granted accreditation lasts. */
    validityDays: integer('validity_days').notNull(),
    /** Only a published bank can be taken. */
    published: boolean('published').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('question_banks_owner_idx').on(t.enterpriseId)],
);

/** One choice of a question: its text, whether it is right, and why (shown after grading). */
export interface QuestionChoice {
  id: string;
  text: string;
  correct: boolean;
  explanation: string;
}

/** A question of a bank: single choice (one right) or multiple choice (all right ones, no wrong one). */
export const bankQuestions = pgTable(
  'bank_questions',
  {
    id: uuid('id').primaryKey(),
    bankId: uuid('bank_id')
      .notNull()
      .references(() => questionBanks.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['single', 'multiple'] }).notNull(),
    prompt: text('prompt').notNull(),
    choices: jsonb('choices').$type<QuestionChoice[]>().notNull(),
    /** Retired questions are no longer drawn; kept for the attempts that drew them. */
    retired: boolean('retired').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('bank_questions_bank_idx').on(t.bankId)],
);

/**
 * One sitting of a test: the questions drawn (in order), timed on the server (`deadlineAt`),
 * graded on the server. `open` until submitted or past its deadline (then `expired`, graded
 * as it stood); one open attempt per associate and bank.
 */
export const testAttempts = pgTable(
  'test_attempts',
  {
    id: uuid('id').primaryKey(),
    bankId: uuid('bank_id')
      .notNull()
      .references(() => questionBanks.id, { onDelete: 'cascade' }),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'graded', 'expired'] }).notNull(),
    questionIds: uuid('question_ids').array().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    scorePercent: integer('score_percent'),
    passed: boolean('passed'),
  },
  (t) => [
    index('test_attempts_associate_idx').on(t.associateId, t.bankId, t.startedAt),
    uniqueIndex('test_attempts_open_idx')
      .on(t.associateId, t.bankId)
      .where(sql`${t.status} = 'open'`),
  ],
);

/** The answer given to one drawn question: the item analysis counts these. */
export const attemptAnswers = pgTable(
  'attempt_answers',
  {
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => testAttempts.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => bankQuestions.id, { onDelete: 'cascade' }),
    chosen: text('chosen').array().notNull(),
    correct: boolean('correct').notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] }), index('attempt_answers_question_idx').on(t.questionId)],
);

/**
 * An accreditation earned by passing a test, kept apart from an enterprise's grants
 * (`accreditations`): a marketplace test's (`enterpriseId` null) is seen by every enterprise,
 * an enterprise test's by that enterprise only. One per associate and bank: the latest pass.
 */
export const earnedAccreditations = pgTable(
  'earned_accreditations',
  {
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    bankId: uuid('bank_id')
      .notNull()
      .references(() => questionBanks.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id, { onDelete: 'cascade' }),
    category: text('category').array().notNull(),
    level: integer('level').notNull(),
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => testAttempts.id, { onDelete: 'cascade' }),
    earnedAt: timestamp('earned_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.associateId, t.bankId] }), index('earned_accreditations_associate_idx').on(t.associateId)],
);
