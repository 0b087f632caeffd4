/**
 * Authoring accreditation tests in the console: a bank's settings and a question as the forms
 * hold them (text in inputs) turned into the shared contract's bodies, checked as typed with the
 * same zod schemas the server parses with, and the item analysis turned into rows that say what
 * to do. The same logic serves the marketplace's banks and an enterprise's: only the API prefix differs.
 */
import { CreateQuestionBank, type ItemAnalysis, type ItemFlag, QuestionInput, type QuestionBankView, type QuestionKind, type QuestionView } from '../../../../shared/accreditation-tests';
import { fieldKey } from '../api.core';

/** Where a set of banks lives in the API and in the console: the enterprise's, or the marketplace's (its operator). */
export interface BankPlace {
  /** The API path of the banks, under /api/v1. */
  api: '/question-banks' | '/marketplace/question-banks';
  /** The console path of the list page. */
  base: '/sales/tests' | '/marketplace/tests';
  /** Who writes these tests, in words. */
  owner: string;
}

export const ENTERPRISE_BANKS: BankPlace = { api: '/question-banks', base: '/sales/tests', owner: 'this enterprise' };
export const MARKETPLACE_BANKS: BankPlace = { api: '/marketplace/question-banks', base: '/marketplace/tests', owner: 'the marketplace' };

/** A category path as read: its parts joined. */
export function categoryText(path: readonly string[]): string {
  return path.join(' › ');
}

/** A category path as typed ("Audio > Headphones", "›" and "/" also separate) into its parts. */
export function parseCategory(text: string): string[] {
  return text
    .split(/[>›/]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** A time limit as read: minutes, or seconds when not whole minutes. */
export function timeLimitText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}\u00a0min` : `${seconds}\u00a0s`;
}

// ---- A bank's settings -------------------------------------------------------------------

export const BANK_FIELDS = ['title', 'category', 'level', 'questionsPerTest', 'timeLimitMinutes', 'passPercent', 'retakeWaitHours', 'validityDays'] as const;
export type BankField = (typeof BANK_FIELDS)[number];
export type BankForm = Record<BankField, string>;

/** The server names the time limit in seconds; the form asks for minutes. */
export const BANK_ALIASES: Record<string, string> = { timeLimitSeconds: 'timeLimitMinutes' };

export const NEW_BANK: BankForm = { title: '', category: '', level: '1', questionsPerTest: '10', timeLimitMinutes: '15', passPercent: '80', retakeWaitHours: '24', validityDays: '365' };

export function bankForm(bank: QuestionBankView): BankForm {
  return {
    title: bank.title,
    category: bank.category.join(' > '),
    level: String(bank.level),
    questionsPerTest: String(bank.questionsPerTest),
    timeLimitMinutes: String(bank.timeLimitSeconds / 60),
    passPercent: String(bank.passPercent),
    retakeWaitHours: String(bank.retakeWaitHours),
    validityDays: String(bank.validityDays),
  };
}

/** A number typed: blank or not a number stays as NaN, which the schema refuses in its words. */
function numberOf(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

/** The body the form stands for (unchecked). */
export function bankBody(form: BankForm): CreateQuestionBank {
  return {
    title: form.title.trim(),
    category: parseCategory(form.category),
    level: numberOf(form.level),
    questionsPerTest: numberOf(form.questionsPerTest),
    timeLimitSeconds: Math.round(numberOf(form.timeLimitMinutes) * 60),
    passPercent: numberOf(form.passPercent),
    retakeWaitHours: numberOf(form.retakeWaitHours),
    validityDays: numberOf(form.validityDays),
  };
}

/** What is wrong with the form as typed, by field (the schema's words, the form's names); empty when it would be accepted. */
export function bankProblems(form: BankForm): Record<string, string> {
  const parsed = CreateQuestionBank.safeParse(bankBody(form));
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const top = String(issue.path[0] ?? '');
    const field = BANK_ALIASES[top] ?? top;
    const message = field === 'timeLimitMinutes' ? minutesWords(issue.message, issue.code) : issue.message;
    out[field] ??= message;
  }
  return out;
}

/** The time limit's bounds are in seconds in the schema; the form speaks minutes. */
function minutesWords(message: string, code: string): string {
  if (code === 'too_small') return 'At least half a minute (0.5).';
  if (code === 'too_big') return 'At most 240 minutes (4 hours).';
  return message;
}

// ---- A question ----------------------------------------------------------------------------

export interface ChoiceForm {
  text: string;
  correct: boolean;
  explanation: string;
}

export interface QuestionForm {
  kind: QuestionKind;
  prompt: string;
  choices: ChoiceForm[];
}

export const MIN_CHOICES = 2;
export const MAX_CHOICES = 8;

export function blankChoice(): ChoiceForm {
  return { text: '', correct: false, explanation: '' };
}

export function newQuestion(): QuestionForm {
  return { kind: 'single', prompt: '', choices: [{ ...blankChoice(), correct: true }, blankChoice()] };
}

export function questionForm(q: QuestionView): QuestionForm {
  return { kind: q.kind, prompt: q.prompt, choices: q.choices.map((c) => ({ text: c.text, correct: c.correct, explanation: c.explanation })) };
}

/** Marks a choice right or not; a single-choice question keeps exactly one right, so marking one unmarks the others. */
export function markChoice(form: QuestionForm, index: number, correct: boolean): QuestionForm {
  const choices = form.choices.map((c, i) => (i === index ? { ...c, correct } : form.kind === 'single' && correct ? { ...c, correct: false } : c));
  return { ...form, choices };
}

/** Changes the kind; going to single keeps only the first right choice right. */
export function setKind(form: QuestionForm, kind: QuestionKind): QuestionForm {
  if (kind === 'multiple') return { ...form, kind };
  const first = form.choices.findIndex((c) => c.correct);
  return { ...form, kind, choices: form.choices.map((c, i) => ({ ...c, correct: i === (first === -1 ? 0 : first) })) };
}

export function addChoice(form: QuestionForm): QuestionForm {
  return form.choices.length >= MAX_CHOICES ? form : { ...form, choices: [...form.choices, blankChoice()] };
}

export function removeChoice(form: QuestionForm, index: number): QuestionForm {
  if (form.choices.length <= MIN_CHOICES) return form;
  const choices = form.choices.filter((_, i) => i !== index);
  // A single-choice question that lost its right choice gets its first one marked, so it stays answerable.
  if (form.kind === 'single' && !choices.some((c) => c.correct)) return { ...form, choices: choices.map((c, i) => (i === 0 ? { ...c, correct: true } : c)) };
  return { ...form, choices };
}

export function questionBody(form: QuestionForm): QuestionInput {
  return { kind: form.kind, prompt: form.prompt.trim(), choices: form.choices.map((c) => ({ text: c.text.trim(), correct: c.correct, explanation: c.explanation.trim() })) };
}

/**
 * What is wrong with the question as typed, keyed like the server's paths (`prompt`,
 * `choices.1.text`, `choices` for the count of right ones); empty when it would be accepted.
 */
export function questionProblems(form: QuestionForm): Record<string, string> {
  const parsed = QuestionInput.safeParse(questionBody(form));
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) out[fieldKey(issue.path as (string | number)[])] ??= issue.message;
  return out;
}

/** The message for a choice's part (text or explanation), or for the choices as a whole. */
export function choiceProblem(problems: Record<string, string>, index: number, part: 'text' | 'explanation'): string | undefined {
  return problems[`choices.${index}.${part}`];
}

/** What a question's state says to its author: whether it can be rewritten, and why not. */
export function questionState(q: Pick<QuestionView, 'retired' | 'drawn'>): { label: string | null; canRewrite: boolean; note: string | null } {
  if (q.retired) return { label: 'Retired', canRewrite: false, note: 'Kept for the attempts that drew it; never drawn again.' };
  if (q.drawn > 0) return { label: `In use (${q.drawn} attempt${q.drawn === 1 ? '' : 's'})`, canRewrite: false, note: 'In use: cannot be rewritten. Add a new one and remove this.' };
  return { label: null, canRewrite: true, note: null };
}

/** Whether publishing would be refused by the server, and why, said before the button is pressed. */
export function publishShortfall(bank: Pick<QuestionBankView, 'published' | 'activeQuestions' | 'questionsPerTest'>): string | null {
  if (bank.published || bank.activeQuestions >= bank.questionsPerTest) return null;
  const missing = bank.questionsPerTest - bank.activeQuestions;
  return `A test draws ${bank.questionsPerTest} questions; the bank has ${bank.activeQuestions} active. ${missing} more needed to publish.`;
}

// ---- Item analysis -------------------------------------------------------------------------

export interface AnalysisRow {
  questionId: string;
  prompt: string;
  retired: boolean;
  drawn: number;
  right: number;
  /** Share right, 0-100, or null when never drawn. */
  rightPercent: number | null;
  /** The bar's width in percent (0 when never drawn). */
  bar: number;
  flag: ItemFlag | null;
  /** The flag in words. */
  flagLabel: string | null;
  /** What the author might do about it, or why there is no verdict yet. */
  advice: string;
}

export const FLAG_LABELS: Record<ItemFlag, string> = { too_easy: 'Too easy', too_hard: 'Too hard' };

export function analysisRows(analysis: ItemAnalysis): AnalysisRow[] {
  return analysis.questions.map((q) => {
    const advice =
      q.flag === 'too_easy'
        ? `At least ${analysis.tooEasyAtPercent}% answer it right: it tells little apart. Make the wrong choices more plausible, or replace it with a harder one.`
        : q.flag === 'too_hard'
          ? `At most ${analysis.tooHardAtPercent}% answer it right: check the right choice is right and the prompt is clear, or replace it.`
          : q.drawn < analysis.minimumAnswers
            ? `${q.drawn} of the ${analysis.minimumAnswers} answers needed before a verdict.`
            : 'Within range.';
    return {
      questionId: q.questionId,
      prompt: q.prompt,
      retired: q.retired,
      drawn: q.drawn,
      right: q.right,
      rightPercent: q.rightPercent,
      bar: q.rightPercent === null ? 0 : Math.max(0, Math.min(100, q.rightPercent)),
      flag: q.flag,
      flagLabel: q.flag ? FLAG_LABELS[q.flag] : null,
      advice,
    };
  });
}

/** The analysis in one line: how many questions are flagged either way. */
export function analysisSummary(rows: readonly AnalysisRow[]): string {
  const easy = rows.filter((r) => r.flag === 'too_easy').length;
  const hard = rows.filter((r) => r.flag === 'too_hard').length;
  if (easy + hard === 0) return 'No question is flagged.';
  const parts = [easy ? `${easy} too easy` : null, hard ? `${hard} too hard` : null].filter(Boolean);
  return `${parts.join(', ')}.`;
}
