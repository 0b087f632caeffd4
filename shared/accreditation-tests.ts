import { z } from 'zod';
import { CategoryPath } from './associates';
import { nonBlank } from './text';

/*
 * Accreditation tests: question banks written by the marketplace's operator or by an
 * enterprise, taken by associates, timed and graded on the server. What the associate is sent
 * while an attempt is open (`OpenAttempt`) has no field for a right answer or an explanation:
 * the types themselves keep them from the browser until the attempt is graded.
 */

/** A bank's settings, as written by its author. */
const bankSettings = {
  title: nonBlank(200),
  category: CategoryPath,
  /** The accreditation level a pass grants. */
  level: z.number().int().min(1).max(5),
  /** Questions drawn at random for one attempt. */
  questionsPerTest: z.number().int().min(1).max(100),
  timeLimitSeconds: z.number().int().min(30).max(4 * 3600),
  /** Share of the drawn questions answered right that passes, in percent. */
  passPercent: z.number().int().min(1).max(100),
  /** Hours after a failed attempt before the next may start. */
  retakeWaitHours: z.number().int().min(0).max(24 * 365),
  /** Days an accreditation earned by a pass lasts. */
  validityDays: z.number().int().min(1).max(3650),
};

/** Body of POST …/question-banks: a new bank, unpublished (it has no questions yet). */
export const CreateQuestionBank = z.object(bankSettings).strict();
export type CreateQuestionBank = z.infer<typeof CreateQuestionBank>;

/** Body of PATCH …/question-banks/:id: any settings, and `published` (which needs questionsPerTest active questions). */
export const UpdateQuestionBank = z
  .object({ ...bankSettings, published: z.boolean() })
  .partial()
  .strict();
export type UpdateQuestionBank = z.infer<typeof UpdateQuestionBank>;

export const QuestionKind = z.enum(['single', 'multiple']);
export type QuestionKind = z.infer<typeof QuestionKind>;

/** One choice as the author writes it: its text, whether it is right, and why (shown after grading). */
export const ChoiceInput = z.object({ text: nonBlank(1000), correct: z.boolean(), explanation: nonBlank(2000) }).strict();

/** Body of POST …/questions and PUT …/questions/:id: single choice has exactly one right choice, multiple at least one; 2-8 choices. */
export const QuestionInput = z
  .object({ kind: QuestionKind, prompt: nonBlank(4000), choices: z.array(ChoiceInput).min(2).max(8) })
  .strict()
  .superRefine((q, ctx) => {
    const right = q.choices.filter((c) => c.correct).length;
    if (q.kind === 'single' && right !== 1) ctx.addIssue({ code: 'custom', path: ['choices'], message: `a single-choice question has exactly one right choice (${right} given)` });
    if (q.kind === 'multiple' && right < 1) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a multiple-choice question has at least one right choice' });
  });
export type QuestionInput = z.infer<typeof QuestionInput>;

/** A choice as its author reads it. */
export const AuthorChoice = z.object({ id: z.string(), text: z.string(), correct: z.boolean(), explanation: z.string() });

/** A question as its author reads it: `drawn` counts the attempts that drew it (a drawn question is retired, never deleted). */
export const QuestionView = z.object({
  id: z.string(),
  kind: QuestionKind,
  prompt: z.string(),
  choices: z.array(AuthorChoice),
  retired: z.boolean(),
  drawn: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QuestionView = z.infer<typeof QuestionView>;

/** A bank as its author reads it. */
export const QuestionBankView = z.object({
  id: z.string(),
  /** The marketplace's bank (its accreditations seen by every enterprise) or an enterprise's own. */
  owner: z.enum(['marketplace', 'enterprise']),
  ...bankSettings,
  published: z.boolean(),
  activeQuestions: z.number().int(),
  retiredQuestions: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QuestionBankView = z.infer<typeof QuestionBankView>;

export const QuestionBankList = z.object({ banks: z.array(QuestionBankView) });
export type QuestionBankList = z.infer<typeof QuestionBankList>;

/** A bank with its questions, retired ones included. */
export const QuestionBankDetail = QuestionBankView.extend({ questions: z.array(QuestionView) });
export type QuestionBankDetail = z.infer<typeof QuestionBankDetail>;

/** What removing a question did: deleted (never drawn) or retired (drawn before: kept for those attempts, never drawn again). */
export const QuestionRemoved = z.object({ id: z.string(), outcome: z.enum(['deleted', 'retired']) });
export type QuestionRemoved = z.infer<typeof QuestionRemoved>;

/** A question the item analysis flags: nearly everyone right, or nearly everyone wrong. */
export const ItemFlag = z.enum(['too_easy', 'too_hard']);
export type ItemFlag = z.infer<typeof ItemFlag>;

/** GET …/question-banks/:id/analysis: per question, the finished attempts that drew it and the share answered right. */
export const ItemAnalysis = z.object({
  bankId: z.string(),
  /** Answers a question needs before it is flagged. */
  minimumAnswers: z.number().int(),
  tooEasyAtPercent: z.number(),
  tooHardAtPercent: z.number(),
  questions: z.array(
    z.object({
      questionId: z.string(),
      prompt: z.string(),
      retired: z.boolean(),
      /** Finished attempts (graded or expired) that drew it. */
      drawn: z.number().int(),
      /** Of those, how many answered it right. */
      right: z.number().int(),
      /** right / drawn in percent, one decimal; null when never drawn. */
      rightPercent: z.number().nullable(),
      flag: ItemFlag.nullable(),
    }),
  ),
});
export type ItemAnalysis = z.infer<typeof ItemAnalysis>;

/** Where a test (and the accreditation it grants) comes from. */
export const TestSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('marketplace') }),
  z.object({ kind: z.literal('enterprise'), enterpriseId: z.string(), enterpriseName: z.string() }),
]);
export type TestSource = z.infer<typeof TestSource>;

/** A test open to the associate, with where they stand with it. */
export const AvailableTest = z.object({
  bankId: z.string(),
  title: z.string(),
  category: z.array(z.string()),
  level: z.number().int(),
  questionsPerTest: z.number().int(),
  timeLimitSeconds: z.number().int(),
  passPercent: z.number().int(),
  source: TestSource,
  /** Whether an attempt may start now (or an open one be resumed). */
  canStart: z.boolean(),
  /** After a failed attempt: when the next may start; null when it may now. */
  waitUntil: z.string().nullable(),
  /** The attempt in progress, if any. */
  openAttemptId: z.string().nullable(),
  /** The latest pass and until when its accreditation lasts; null when never passed. */
  passed: z.object({ at: z.string(), validUntil: z.string() }).nullable(),
});
export type AvailableTest = z.infer<typeof AvailableTest>;

export const AvailableTestList = z.object({ tests: z.array(AvailableTest) });
export type AvailableTestList = z.infer<typeof AvailableTestList>;

/** A choice as the test taker sees it during the attempt: no `correct`, no explanation. */
export const TakerChoice = z.object({ id: z.string(), text: z.string() }).strict();
/** A drawn question as the test taker sees it during the attempt. */
export const TakerQuestion = z.object({ id: z.string(), kind: QuestionKind, prompt: z.string(), choices: z.array(TakerChoice) }).strict();

/** One answer: the choices picked for a drawn question. */
export const Answer = z.object({ questionId: z.uuid(), choiceIds: z.array(z.uuid()).max(8) }).strict();
export type Answer = z.infer<typeof Answer>;

/** An attempt in progress, as the test taker sees it: the right answers are not in it, nor can they be. */
export const OpenAttempt = z
  .object({
    id: z.string(),
    status: z.literal('open'),
    bankId: z.string(),
    title: z.string(),
    startedAt: z.string(),
    /** The server's deadline; answers after it do not count. */
    deadlineAt: z.string(),
    /** Seconds left by the server's clock when this was answered. */
    remainingSeconds: z.number().int(),
    questions: z.array(TakerQuestion),
    /** What was saved so far. */
    answers: z.array(Answer),
  })
  .strict();
export type OpenAttempt = z.infer<typeof OpenAttempt>;

/** Body of PUT …/test-attempts/:id/answers (saved as the taker goes) and of POST …/submit (the last ones, optional). */
export const SaveAnswers = z.object({ answers: z.array(Answer).max(100) }).strict();
export type SaveAnswers = z.infer<typeof SaveAnswers>;
export const SubmitAttempt = z.object({ answers: z.array(Answer).max(100).optional() }).strict();
export type SubmitAttempt = z.infer<typeof SubmitAttempt>;

/** What saving answers kept. */
export const AnswersSaved = z.object({ saved: z.number().int(), remainingSeconds: z.number().int() });
export type AnswersSaved = z.infer<typeof AnswersSaved>;

/** A graded attempt (submitted, or expired and graded as far as answered): only now with the right choices and the explanations. */
export const AttemptResult = z.object({
  id: z.string(),
  status: z.enum(['graded', 'expired']),
  bankId: z.string(),
  title: z.string(),
  startedAt: z.string(),
  deadlineAt: z.string(),
  submittedAt: z.string().nullable(),
  rightCount: z.number().int(),
  questionCount: z.number().int(),
  scorePercent: z.number().int(),
  passPercent: z.number().int(),
  passed: z.boolean(),
  /** What a pass earned. */
  accreditation: z.object({ category: z.array(z.string()), level: z.number().int(), expiresAt: z.string() }).nullable(),
  /** When another attempt may start (after a fail, the retake wait); null: now. */
  retakeAt: z.string().nullable(),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: QuestionKind,
      prompt: z.string(),
      answeredRight: z.boolean(),
      choices: z.array(z.object({ id: z.string(), text: z.string(), correct: z.boolean(), explanation: z.string(), chosen: z.boolean() })),
    }),
  ),
});
export type AttemptResult = z.infer<typeof AttemptResult>;

/** GET …/test-attempts/:id: the open attempt, or its result once graded. */
export const AttemptState = z.union([OpenAttempt, AttemptResult]);
export type AttemptState = z.infer<typeof AttemptState>;

/** An accreditation earned by passing a test. */
export const EarnedAccreditation = z.object({
  bankId: z.string(),
  title: z.string(),
  category: z.array(z.string()),
  level: z.number().int(),
  source: TestSource,
  earnedAt: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
});
export type EarnedAccreditation = z.infer<typeof EarnedAccreditation>;

/** GET /api/v1/associates/me/accreditations: earned by tests (by source), and granted by enterprises, apart. */
export const MyAccreditations = z.object({
  earned: z.array(EarnedAccreditation),
  granted: z.array(z.object({ enterpriseId: z.string(), enterpriseName: z.string(), category: z.array(z.string()), level: z.number().int(), expiresAt: z.string().nullable() })),
});
export type MyAccreditations = z.infer<typeof MyAccreditations>;
