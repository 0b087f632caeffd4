import { describe, expect, it } from 'vitest';
import {
  addChoice,
  analysisRows,
  analysisSummary,
  bankBody,
  bankForm,
  bankProblems,
  MAX_CHOICES,
  markChoice,
  NEW_BANK,
  newQuestion,
  parseCategory,
  publishShortfall,
  questionBody,
  questionProblems,
  questionState,
  removeChoice,
  setKind,
  timeLimitText,
} from './banks.core';

const filled = { ...NEW_BANK, title: 'Headphones basics', category: 'Audio > Headphones' };

describe('a bank’s settings as typed', () => {
  it('turns the form into the body, minutes into seconds and the category into its parts', () => {
    expect(bankBody({ ...filled, timeLimitMinutes: '12.5' })).toEqual({ title: 'Headphones basics', category: ['Audio', 'Headphones'], level: 1, questionsPerTest: 10, timeLimitSeconds: 750, passPercent: 80, retakeWaitHours: 24, validityDays: 365 });
    expect(bankProblems(filled)).toEqual({});
  });
  it('reads "›" and "/" as separators and drops blank parts', () => {
    expect(parseCategory(' Audio › Headphones / Wireless > ')).toEqual(['Audio', 'Headphones', 'Wireless']);
  });
  it('names the fields at fault, the time limit in minutes', () => {
    const problems = bankProblems({ ...filled, title: ' ', category: '', level: '9', timeLimitMinutes: '0.1', passPercent: 'x' });
    expect(Object.keys(problems).sort()).toEqual(['category', 'level', 'passPercent', 'timeLimitMinutes', 'title']);
    expect(problems.timeLimitMinutes).toBe('At least half a minute (0.5).');
  });
  it('reads a bank back into the form', () => {
    const bank = { id: 'b', owner: 'enterprise' as const, ...bankBody(filled), published: false, activeQuestions: 0, retiredQuestions: 0, createdAt: '', updatedAt: '' };
    expect(bankForm(bank)).toEqual(filled);
    expect(timeLimitText(900)).toBe('15\u00a0min');
    expect(timeLimitText(90)).toBe('90\u00a0s');
  });
});

describe('a question as typed', () => {
  const written = () => {
    let q = newQuestion();
    q = { ...q, prompt: 'Which codec is lossless?', choices: [{ text: 'FLAC', correct: true, explanation: 'FLAC keeps every bit.' }, { text: 'MP3', correct: false, explanation: 'MP3 drops what is hard to hear.' }] };
    return q;
  };
  it('is accepted when whole, and gives the body as typed (trimmed)', () => {
    const q = written();
    expect(questionProblems(q)).toEqual({});
    expect(questionBody({ ...q, prompt: '  Which codec is lossless? ' }).prompt).toBe('Which codec is lossless?');
  });
  it('keeps exactly one right choice in a single-choice question as it is marked', () => {
    const q = markChoice(written(), 1, true);
    expect(q.choices.map((c) => c.correct)).toEqual([false, true]);
    const multiple = markChoice(setKind(written(), 'multiple'), 1, true);
    expect(multiple.choices.map((c) => c.correct)).toEqual([true, true]);
    expect(setKind(multiple, 'single').choices.map((c) => c.correct)).toEqual([true, false]);
  });
  it('says where a question is at fault, keyed like the server’s paths', () => {
    const q = written();
    const problems = questionProblems({ ...q, prompt: '', choices: q.choices.map((c, i) => (i === 1 ? { ...c, text: '' } : c)) });
    expect(Object.keys(problems).sort()).toEqual(['choices.1.text', 'prompt']);
    const none = questionProblems({ ...written(), kind: 'multiple', choices: written().choices.map((c) => ({ ...c, correct: false })) });
    expect(none.choices).toBe('a multiple-choice question has at least one right choice');
    const two = questionProblems({ ...written(), choices: written().choices.map((c) => ({ ...c, correct: true })) });
    expect(two.choices).toMatch(/exactly one right choice/);
  });
  it('keeps between 2 and 8 choices, and a single-choice question answerable after a removal', () => {
    let q = written();
    expect(removeChoice(q, 0).choices).toHaveLength(2);
    for (let i = 0; i < 10; i++) q = addChoice(q);
    expect(q.choices).toHaveLength(MAX_CHOICES);
    const removed = removeChoice(q, 0);
    expect(removed.choices).toHaveLength(MAX_CHOICES - 1);
    expect(removed.choices[0]?.correct).toBe(true);
  });
  it('says a drawn question cannot be rewritten, and a retired one is retired', () => {
    expect(questionState({ retired: false, drawn: 0 }).canRewrite).toBe(true);
    expect(questionState({ retired: false, drawn: 3 })).toMatchObject({ canRewrite: false, label: 'In use (3 attempts)' });
    expect(questionState({ retired: true, drawn: 3 })).toMatchObject({ canRewrite: false, label: 'Retired' });
  });
  it('says before publishing how many questions are missing', () => {
    expect(publishShortfall({ published: false, activeQuestions: 3, questionsPerTest: 5 })).toMatch(/2 more needed/);
    expect(publishShortfall({ published: false, activeQuestions: 5, questionsPerTest: 5 })).toBeNull();
  });
});

describe('the item analysis', () => {
  const analysis = {
    bankId: 'b',
    minimumAnswers: 20,
    tooEasyAtPercent: 95,
    tooHardAtPercent: 20,
    questions: [
      { questionId: 'a', prompt: 'Easy', retired: false, drawn: 24, right: 24, rightPercent: 100, flag: 'too_easy' as const },
      { questionId: 'b', prompt: 'Hard', retired: false, drawn: 24, right: 2, rightPercent: 8.3, flag: 'too_hard' as const },
      { questionId: 'c', prompt: 'Fine', retired: false, drawn: 24, right: 14, rightPercent: 58.3, flag: null },
      { questionId: 'd', prompt: 'New', retired: false, drawn: 3, right: 1, rightPercent: 33.3, flag: null },
      { questionId: 'e', prompt: 'Never', retired: false, drawn: 0, right: 0, rightPercent: null, flag: null },
    ],
  };
  it('gives each question its bar, its flag and what to do about it', () => {
    const rows = analysisRows(analysis);
    expect(rows.map((r) => [r.bar, r.flagLabel])).toEqual([
      [100, 'Too easy'],
      [8.3, 'Too hard'],
      [58.3, null],
      [33.3, null],
      [0, null],
    ]);
    expect(rows[0]?.advice).toMatch(/more plausible/);
    expect(rows[1]?.advice).toMatch(/right choice is right/);
    expect(rows[2]?.advice).toBe('Within range.');
    expect(rows[3]?.advice).toBe('3 of the 20 answers needed before a verdict.');
    expect(analysisSummary(rows)).toBe('1 too easy, 1 too hard.');
    expect(analysisSummary(rows.slice(2))).toBe('No question is flagged.');
  });
});
