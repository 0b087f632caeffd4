import type { ItemFlag, QuestionKind } from '../../../../shared/accreditation-tests';
import { hash32, seededRandom } from '../practices/random.core';

/** A number in [0, 1): the source of chance a draw uses (crypto in the service, seeded in tests). */
export type Random = () => number;

/**
 * `count` of the active questions, drawn at random without repeats (a partial Fisher-Yates):
 * every subset equally likely. Fewer than `count` available: null (the bank cannot be taken).
 */
export function drawQuestions(activeIds: readonly string[], count: number, random: Random): string[] | null {
  if (count < 1 || activeIds.length < count) return null;
  const pool = [...activeIds];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/**
 * The choices in the order one attempt shows them: shuffled by a seed made of the attempt and
 * the question, so reading the open attempt again shows the same order without storing it, and
 * two attempts (or two questions) see different orders.
 */
export function shuffledFor<T>(items: readonly T[], attemptId: string, questionId: string): T[] {
  const random = seededRandom(hash32(`${attemptId}:${questionId}`));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What grading needs of a question: its kind and which choices are right. */
export interface GradedQuestion {
  kind: QuestionKind;
  choices: readonly { id: string; correct: boolean }[];
}

/**
 * Whether the chosen choices answer the question right: a single-choice question by its one
 * right choice alone, a multiple-choice one by exactly its set of right choices (every right
 * one, no wrong one). Nothing chosen is wrong.
 */
export function isAnsweredRight(question: GradedQuestion, chosen: readonly string[]): boolean {
  const picked = new Set(chosen);
  const right = question.choices.filter((c) => c.correct).map((c) => c.id);
  if (question.kind === 'single' && picked.size !== 1) return false;
  return picked.size === right.length && right.every((id) => picked.has(id));
}

/** Why a set of chosen ids is not an answer to the question (an unknown choice, two for a single choice); null when it is. */
export function answerProblem(question: GradedQuestion, chosen: readonly string[]): string | null {
  const ids = new Set(question.choices.map((c) => c.id));
  if (chosen.some((id) => !ids.has(id))) return 'names a choice this question does not have';
  if (new Set(chosen).size !== chosen.length) return 'names a choice twice';
  if (question.kind === 'single' && chosen.length > 1) return 'a single-choice question takes one choice';
  return null;
}

/** The score of an attempt: questions right out of those drawn (unanswered ones are wrong). */
export function score(right: number, drawn: number, passPercent: number): { scorePercent: number; passed: boolean } {
  if (drawn <= 0) return { scorePercent: 0, passed: false };
  // Compared in whole numbers: 7 of 10 passes at 70 %, with no rounding to argue about.
  return { scorePercent: Math.floor((100 * right) / drawn), passed: right * 100 >= passPercent * drawn };
}

/** The latest finished attempt of an associate at a bank, as the retake wait needs it. */
export interface FinishedAttempt {
  passed: boolean;
  /** When it was submitted, or its deadline for one that expired. */
  finishedAt: Date;
}

/**
 * When the next attempt may start: after a fail, `waitHours` after it finished; after a pass
 * (to renew the accreditation) or with nothing finished, now. Null means now.
 */
export function retakeAt(latest: FinishedAttempt | null, waitHours: number, now: Date): Date | null {
  if (!latest || latest.passed) return null;
  const at = new Date(latest.finishedAt.getTime() + waitHours * 3_600_000);
  return at.getTime() > now.getTime() ? at : null;
}

/** When an attempt finished, for the retake wait: submitted, or (expired) at its deadline. */
export function finishedAt(attempt: { status: 'open' | 'graded' | 'expired'; submittedAt: Date | null; deadlineAt: Date }): Date | null {
  if (attempt.status === 'open') return null;
  return attempt.status === 'expired' ? attempt.deadlineAt : (attempt.submittedAt ?? attempt.deadlineAt);
}

/** Seconds left until the deadline by the server's clock, never below 0. */
export function remainingSeconds(deadlineAt: Date, now: Date): number {
  return Math.max(0, Math.floor((deadlineAt.getTime() - now.getTime()) / 1000));
}

/** The thresholds of the item analysis. */
export const ITEM_ANALYSIS = { minimumAnswers: 20, tooEasyAtPercent: 95, tooHardAtPercent: 20 } as const;

/**
 * One question's line of the item analysis: the share of the finished attempts that drew it
 * and answered it right, and a flag once enough answered: nearly everyone right (too easy) or
 * nearly everyone wrong (too hard). Below the minimum the share is shown but nothing is flagged:
 * three lucky answers say nothing.
 */
export function itemLine(drawn: number, right: number, thresholds: { minimumAnswers: number; tooEasyAtPercent: number; tooHardAtPercent: number } = ITEM_ANALYSIS): { rightPercent: number | null; flag: ItemFlag | null } {
  if (drawn <= 0) return { rightPercent: null, flag: null };
  const share = (100 * right) / drawn;
  const rightPercent = Math.round(share * 10) / 10;
  if (drawn < thresholds.minimumAnswers) return { rightPercent, flag: null };
  if (share >= thresholds.tooEasyAtPercent) return { rightPercent, flag: 'too_easy' };
  if (share <= thresholds.tooHardAtPercent) return { rightPercent, flag: 'too_hard' };
  return { rightPercent, flag: null };
}
