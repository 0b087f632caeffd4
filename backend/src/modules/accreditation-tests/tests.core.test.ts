import { describe, expect, it } from 'vitest';
import { QuestionInput } from '../../../../shared/accreditation-tests';
import { answerProblem, drawQuestions, finishedAt, isAnsweredRight, itemLine, remainingSeconds, retakeAt, score, shuffledFor } from './tests.core';

/** A seeded source of chance (a linear congruential generator), so draws repeat. */
function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const ids = Array.from({ length: 10 }, (_, i) => `q${i}`);

describe('drawing questions', () => {
  it('draws the number asked, without repeats, from the active questions only', () => {
    const drawn = drawQuestions(ids, 4, seeded(1))!;
    expect(drawn).toHaveLength(4);
    expect(new Set(drawn).size).toBe(4);
    for (const id of drawn) expect(ids).toContain(id);
  });

  it('refuses when the bank has fewer active questions than a test draws', () => {
    expect(drawQuestions(ids.slice(0, 3), 4, seeded(1))).toBeNull();
    expect(drawQuestions(ids, 0, seeded(1))).toBeNull();
    expect(drawQuestions(ids, 10, seeded(1))!.sort()).toEqual([...ids].sort());
  });

  it('gives every question about the same chance', () => {
    const random = seeded(7);
    const times = new Map<string, number>();
    for (let i = 0; i < 5000; i++) for (const id of drawQuestions(ids, 3, random)!) times.set(id, (times.get(id) ?? 0) + 1);
    // 1500 expected each; a biased draw (say, always the first ones) is far off.
    for (const id of ids) expect(times.get(id)).toBeGreaterThan(1300);
    for (const id of ids) expect(times.get(id)).toBeLessThan(1700);
  });
});

describe('shuffling choices', () => {
  const choices = ['a', 'b', 'c', 'd', 'e', 'f'];
  it('is the same for the same attempt and question, and a permutation', () => {
    expect(shuffledFor(choices, 'attempt-1', 'q1')).toEqual(shuffledFor(choices, 'attempt-1', 'q1'));
    expect([...shuffledFor(choices, 'attempt-1', 'q1')].sort()).toEqual(choices);
  });
  it('differs between attempts', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, i) => shuffledFor(choices, `attempt-${i}`, 'q1').join('')));
    expect(orders.size).toBeGreaterThan(10);
  });
});

describe('grading', () => {
  const single = { kind: 'single' as const, choices: [{ id: 'a', correct: false }, { id: 'b', correct: true }, { id: 'c', correct: false }] };
  const multiple = { kind: 'multiple' as const, choices: [{ id: 'a', correct: true }, { id: 'b', correct: false }, { id: 'c', correct: true }] };

  it('takes the one right choice of a single-choice question, nothing else', () => {
    expect(isAnsweredRight(single, ['b'])).toBe(true);
    expect(isAnsweredRight(single, ['a'])).toBe(false);
    expect(isAnsweredRight(single, ['a', 'b'])).toBe(false);
    expect(isAnsweredRight(single, [])).toBe(false);
  });

  it('takes exactly the right set of a multiple-choice question', () => {
    expect(isAnsweredRight(multiple, ['c', 'a'])).toBe(true);
    expect(isAnsweredRight(multiple, ['a'])).toBe(false);
    expect(isAnsweredRight(multiple, ['a', 'b', 'c'])).toBe(false);
    expect(isAnsweredRight(multiple, [])).toBe(false);
  });

  it('names what makes chosen ids no answer', () => {
    expect(answerProblem(single, ['b'])).toBeNull();
    expect(answerProblem(single, [])).toBeNull();
    expect(answerProblem(single, ['a', 'b'])).toMatch(/one choice/);
    expect(answerProblem(multiple, ['a', 'z'])).toMatch(/does not have/);
    expect(answerProblem(multiple, ['a', 'a'])).toMatch(/twice/);
  });

  it('scores right answers out of the drawn questions, the pass mark inclusive', () => {
    expect(score(7, 10, 70)).toEqual({ scorePercent: 70, passed: true });
    expect(score(6, 10, 70)).toEqual({ scorePercent: 60, passed: false });
    expect(score(2, 3, 67)).toEqual({ scorePercent: 66, passed: false });
    expect(score(2, 3, 66)).toEqual({ scorePercent: 66, passed: true });
    expect(score(0, 0, 50)).toEqual({ scorePercent: 0, passed: false });
  });
});

describe('the retake wait', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  it('follows a fail by the bank’s hours, and nothing else', () => {
    expect(retakeAt(null, 24, now)).toBeNull();
    expect(retakeAt({ passed: true, finishedAt: new Date('2026-03-02T09:00:00Z') }, 24, now)).toBeNull();
    expect(retakeAt({ passed: false, finishedAt: new Date('2026-03-02T09:00:00Z') }, 24, now)?.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(retakeAt({ passed: false, finishedAt: new Date('2026-03-01T09:00:00Z') }, 24, now)).toBeNull();
    expect(retakeAt({ passed: false, finishedAt: new Date('2026-03-02T09:00:00Z') }, 0, now)).toBeNull();
  });
  it('counts an expired attempt from its deadline', () => {
    const deadlineAt = new Date('2026-03-02T09:30:00Z');
    expect(finishedAt({ status: 'expired', submittedAt: null, deadlineAt })).toEqual(deadlineAt);
    expect(finishedAt({ status: 'graded', submittedAt: new Date('2026-03-02T09:10:00Z'), deadlineAt })?.toISOString()).toBe('2026-03-02T09:10:00.000Z');
    expect(finishedAt({ status: 'open', submittedAt: null, deadlineAt })).toBeNull();
  });
  it('tells the seconds left, never below nought', () => {
    expect(remainingSeconds(new Date('2026-03-02T10:10:00Z'), now)).toBe(600);
    expect(remainingSeconds(new Date('2026-03-02T09:10:00Z'), now)).toBe(0);
  });
});

describe('the item analysis', () => {
  it('flags a question nearly everyone gets right or wrong, once enough answered', () => {
    expect(itemLine(0, 0)).toEqual({ rightPercent: null, flag: null });
    expect(itemLine(19, 19)).toEqual({ rightPercent: 100, flag: null });
    expect(itemLine(20, 19)).toEqual({ rightPercent: 95, flag: 'too_easy' });
    expect(itemLine(20, 18)).toEqual({ rightPercent: 90, flag: null });
    expect(itemLine(20, 4)).toEqual({ rightPercent: 20, flag: 'too_hard' });
    expect(itemLine(20, 5)).toEqual({ rightPercent: 25, flag: null });
    expect(itemLine(30, 1)).toEqual({ rightPercent: 3.3, flag: 'too_hard' });
  });
});

describe('a question as written', () => {
  const choice = (correct: boolean) => ({ text: 'A choice', correct, explanation: 'Because.' });
  it('has exactly one right choice when single, at least one when multiple, 2 to 8 choices', () => {
    expect(QuestionInput.safeParse({ kind: 'single', prompt: 'Which?', choices: [choice(true), choice(false)] }).success).toBe(true);
    expect(QuestionInput.safeParse({ kind: 'single', prompt: 'Which?', choices: [choice(true), choice(true)] }).success).toBe(false);
    expect(QuestionInput.safeParse({ kind: 'single', prompt: 'Which?', choices: [choice(false), choice(false)] }).success).toBe(false);
    expect(QuestionInput.safeParse({ kind: 'multiple', prompt: 'Which?', choices: [choice(true), choice(true)] }).success).toBe(true);
    expect(QuestionInput.safeParse({ kind: 'multiple', prompt: 'Which?', choices: [choice(false), choice(false)] }).success).toBe(false);
    expect(QuestionInput.safeParse({ kind: 'multiple', prompt: 'Which?', choices: [choice(true)] }).success).toBe(false);
    expect(QuestionInput.safeParse({ kind: 'multiple', prompt: 'Which?', choices: Array.from({ length: 9 }, () => choice(true)) }).success).toBe(false);
  });
});
