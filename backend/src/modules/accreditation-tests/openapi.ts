import { z } from 'zod';
import {
  AnswersSaved,
  AttemptResult,
  AttemptState,
  AvailableTestList,
  CreateQuestionBank,
  ItemAnalysis,
  MyAccreditations,
  OpenAttempt,
  QuestionBankDetail,
  QuestionBankList,
  QuestionInput,
  QuestionRemoved,
  QuestionView,
  SaveAnswers,
  SubmitAttempt,
  UpdateQuestionBank,
} from '../../../../shared/accreditation-tests';
import type { Auth, RouteDoc } from '../openapi/document.core';

const Detail = { id: 'QuestionBankDetail', schema: QuestionBankDetail };
const Question = { id: 'QuestionInput', schema: QuestionInput };
const uuid = z.uuid();

/** The author's routes, for the operator (marketplace banks) and for an enterprise (its own), alike but for the prefix and the credential. */
function authoring(prefix: string, auth: Auth, whose: string): RouteDoc[] {
  const doc = (d: Omit<RouteDoc, 'tag' | 'auth'>): RouteDoc => ({ tag: 'accreditation tests', auth: [auth], ...d });
  const bank = { id: uuid };
  return [
    doc({ method: 'GET', path: prefix, summary: `${whose} question banks, with their counts of active and retired questions.`, answer: { status: 200, description: 'The banks.', body: { id: 'QuestionBankList', schema: QuestionBankList } } }),
    doc({
      method: 'POST',
      path: prefix,
      summary: `Makes one of ${whose.toLowerCase()} question banks: title, category path, level 1-5, questions per test, time limit, pass mark, retake wait, validity. Unpublished until it has enough questions.`,
      body: { id: 'CreateQuestionBank', schema: CreateQuestionBank },
      answer: { status: 201, description: 'Made.', body: Detail },
    }),
    doc({ method: 'GET', path: `${prefix}/:id`, params: bank, summary: 'A bank with its questions, their right choices and explanations, and how often each was drawn.', answer: { status: 200, description: 'The bank.', body: Detail }, errors: ['not_found'] }),
    doc({
      method: 'PATCH',
      path: `${prefix}/:id`,
      params: bank,
      summary: 'Changes a bank’s settings or publishes it (409 while it has fewer active questions than a test draws).',
      body: { id: 'UpdateQuestionBank', schema: UpdateQuestionBank },
      answer: { status: 200, description: 'The bank as changed.', body: Detail },
      errors: ['not_found', 'conflict'],
    }),
    doc({
      method: 'GET',
      path: `${prefix}/:id/analysis`,
      params: bank,
      summary: 'The item analysis: per question the finished attempts that drew it and the share answered right; `too_easy` (≥ 95 %) or `too_hard` (≤ 20 %) once 20 have.',
      answer: { status: 200, description: 'The analysis.', body: { id: 'ItemAnalysis', schema: ItemAnalysis } },
      errors: ['not_found'],
    }),
    doc({
      method: 'POST',
      path: `${prefix}/:id/questions`,
      params: bank,
      summary: 'Adds a question: single choice (exactly one right) or multiple choice (at least one right), 2-8 choices, each with its explanation.',
      body: Question,
      answer: { status: 201, description: 'Added.', body: { id: 'QuestionView', schema: QuestionView } },
      errors: ['not_found'],
    }),
    doc({
      method: 'PUT',
      path: `${prefix}/:id/questions/:questionId`,
      params: { id: uuid, questionId: uuid },
      summary: 'Rewrites a question nobody drew yet (409 for one drawn or retired: remove it and write another).',
      body: Question,
      answer: { status: 200, description: 'The question as written.', body: { id: 'QuestionView', schema: QuestionView } },
      errors: ['not_found', 'conflict'],
    }),
    doc({
      method: 'DELETE',
      path: `${prefix}/:id/questions/:questionId`,
      params: { id: uuid, questionId: uuid },
      summary: 'Removes a question: deleted if never drawn, else retired (kept for the attempts that drew it, never drawn again). 409 if a published bank would have too few.',
      answer: { status: 200, description: 'What became of it.', body: { id: 'QuestionRemoved', schema: QuestionRemoved } },
      errors: ['not_found', 'conflict'],
    }),
  ];
}

const associate = (d: Omit<RouteDoc, 'tag' | 'auth'>): RouteDoc => ({ tag: 'accreditation tests', auth: ['associate'], ...d });

/** Accreditation tests' routes, for the OpenAPI document (openapi/catalogue.ts). */
export const accreditationTestRouteDocs: RouteDoc[] = [
  ...authoring('/api/v1/marketplace/question-banks', 'operator', 'The marketplace’s'),
  ...authoring('/api/v1/question-banks', 'enterprise', 'The enterprise’s'),
  associate({
    method: 'GET',
    path: '/api/v1/associates/me/tests',
    summary: 'The tests open to me: the marketplace’s, my employer’s, and those of enterprises that admitted or invited me; for each whether I may start now, until when I wait after a fail, and my latest pass.',
    answer: { status: 200, description: 'The tests.', body: { id: 'AvailableTestList', schema: AvailableTestList } },
  }),
  associate({
    method: 'POST',
    path: '/api/v1/associates/me/tests/:bankId/attempts',
    params: { bankId: uuid },
    summary: 'Starts an attempt: questions drawn at random, choices shuffled, the deadline set by the server; no right answer is in it. With an attempt open, answers that one (200).',
    answer: { status: 201, description: 'Started (200: the attempt already open).', body: { id: 'OpenAttempt', schema: OpenAttempt } },
    errors: ['not_found', 'conflict', 'retake_wait'],
  }),
  associate({
    method: 'GET',
    path: '/api/v1/associates/me/test-attempts/:id',
    params: { id: uuid },
    summary: 'My attempt: open, with the seconds left by the server’s clock; or, once graded (or expired), its result with the right choices and explanations.',
    answer: { status: 200, description: 'The attempt.', body: { id: 'AttemptState', schema: AttemptState } },
    errors: ['not_found'],
  }),
  associate({
    method: 'PUT',
    path: '/api/v1/associates/me/test-attempts/:id/answers',
    params: { id: uuid },
    summary: 'Saves answers as I go (a later answer to a question replaces the earlier); past the deadline the attempt is graded as it stood: 409 attempt_expired.',
    body: { id: 'SaveAnswers', schema: SaveAnswers },
    answer: { status: 200, description: 'Saved.', body: { id: 'AnswersSaved', schema: AnswersSaved } },
    errors: ['not_found', 'conflict', 'attempt_expired'],
  }),
  associate({
    method: 'POST',
    path: '/api/v1/associates/me/test-attempts/:id/submit',
    params: { id: uuid },
    summary: 'Submits the attempt (with its last answers) and grades it on the server; a pass earns the accreditation. Past the deadline: 409 attempt_expired, graded as far as answered before.',
    body: { id: 'SubmitAttempt', schema: SubmitAttempt, optional: true },
    answer: { status: 200, description: 'The result.', body: { id: 'AttemptResult', schema: AttemptResult } },
    errors: ['not_found', 'conflict', 'attempt_expired'],
  }),
  associate({
    method: 'GET',
    path: '/api/v1/associates/me/accreditations',
    summary: 'My accreditations: those earned by tests (marketplace’s or an enterprise’s), and apart, those enterprises granted me.',
    answer: { status: 200, description: 'The accreditations.', body: { id: 'MyAccreditations', schema: MyAccreditations } },
  }),
];
