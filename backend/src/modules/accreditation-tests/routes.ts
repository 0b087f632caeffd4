import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { CreateQuestionBank, QuestionInput, SaveAnswers, SubmitAttempt, UpdateQuestionBank } from '../../../../shared/accreditation-tests';
import type { Auth } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import { audited } from '../audit/routes';
import type { AccreditationTestsService, BankOwner } from './service';

/** A bank's body is small; a question with eight long choices and explanations stays well under this. */
const BANK_BYTES = 20_000;
const QUESTION_BYTES = 64_000;
const ANSWERS_BYTES = 64_000;

/**
 * The author's routes over their own banks, mounted twice: for the marketplace's operator at
 * /api/v1/marketplace/question-banks (owner null) and for an enterprise at
 * /api/v1/question-banks (its key, or its console users whose role changes rules).
 */
function authoringRoutes(tests: AccreditationTestsService, guard: MiddlewareHandler, ownerOf: (c: Context) => BankOwner) {
  const bankId = (c: Context) => uuidParam(c.req.param('id') ?? '', 'The question bank');
  const questionId = (c: Context) => uuidParam(c.req.param('questionId') ?? '', 'The question');
  return new Hono()
    .get('/', guard, async (c) => c.json({ banks: await tests.banks(ownerOf(c)) }))
    .post('/', guard, async (c) => {
      const body = parseBody(CreateQuestionBank, await readJson(c, BANK_BYTES), 'The question bank');
      const bank = await tests.createBank(ownerOf(c), body);
      audited(c, { subject: `question bank "${bank.title}"`, before: null, after: body });
      return c.json(bank, 201);
    })
    .get('/:id', guard, async (c) => c.json(await tests.bank(ownerOf(c), bankId(c))))
    .patch('/:id', guard, async (c) => {
      const id = bankId(c);
      const change = parseBody(UpdateQuestionBank, await readJson(c, BANK_BYTES), 'The change');
      const bank = await tests.updateBank(ownerOf(c), id, change);
      audited(c, { subject: `question bank "${bank.title}"`, after: change });
      return c.json(bank);
    })
    .get('/:id/analysis', guard, async (c) => c.json(await tests.analysis(ownerOf(c), bankId(c))))
    .post('/:id/questions', guard, async (c) => {
      const id = bankId(c);
      const body = parseBody(QuestionInput, await readJson(c, QUESTION_BYTES), 'The question');
      return c.json(await tests.addQuestion(ownerOf(c), id, body), 201);
    })
    .put('/:id/questions/:questionId', guard, async (c) => {
      const [id, question] = [bankId(c), questionId(c)];
      const body = parseBody(QuestionInput, await readJson(c, QUESTION_BYTES), 'The question');
      return c.json(await tests.replaceQuestion(ownerOf(c), id, question, body));
    })
    .delete('/:id/questions/:questionId', guard, async (c) => {
      const removed = await tests.removeQuestion(ownerOf(c), bankId(c), questionId(c));
      audited(c, { subject: `question ${removed.id} ${removed.outcome}` });
      return c.json(removed);
    });
}

/** /api/v1/question-banks: an enterprise's own banks. */
export function enterpriseBankRoutes(tests: AccreditationTestsService, auth: Pick<Auth, 'enterprise'>) {
  return authoringRoutes(tests, auth.enterprise as MiddlewareHandler, (c) => c.get('enterpriseId') as string);
}

/** /api/v1/marketplace/question-banks: the marketplace's banks (its operator). */
export function marketplaceBankRoutes(tests: AccreditationTestsService, auth: Pick<Auth, 'operator'>) {
  return authoringRoutes(tests, auth.operator as MiddlewareHandler, () => null);
}

/** /api/v1/associates/me/…: the associate takes the tests open to them and reads what they earned. */
export function myTestRoutes(tests: AccreditationTestsService, auth: Pick<Auth, 'associate'>) {
  const { associate } = auth;
  const attemptId = (c: Context) => uuidParam(c.req.param('id') ?? '', 'The attempt');
  return new Hono<{ Variables: { associateId: string } }>()
    .get('/me/tests', associate, async (c) => c.json({ tests: await tests.testsFor(c.var.associateId) }))
    .post('/me/tests/:bankId/attempts', associate, async (c) => {
      const bankId = uuidParam(c.req.param('bankId'), 'The test');
      await readJson(c, 1_000, { emptyAs: {} });
      const { attempt, created } = await tests.start(c.var.associateId, bankId);
      return c.json(attempt, created ? 201 : 200);
    })
    .get('/me/test-attempts/:id', associate, async (c) => c.json(await tests.attempt(c.var.associateId, attemptId(c))))
    .put('/me/test-attempts/:id/answers', associate, async (c) => {
      const id = attemptId(c);
      const { answers } = parseBody(SaveAnswers, await readJson(c, ANSWERS_BYTES), 'The answers');
      return c.json(await tests.saveAnswers(c.var.associateId, id, answers));
    })
    .post('/me/test-attempts/:id/submit', associate, async (c) => {
      const id = attemptId(c);
      const { answers } = parseBody(SubmitAttempt, await readJson(c, ANSWERS_BYTES, { emptyAs: {} }), 'The answers');
      return c.json(await tests.submit(c.var.associateId, id, answers ?? []));
    })
    .get('/me/accreditations', associate, async (c) => c.json(await tests.accreditationsOf(c.var.associateId)));
}
