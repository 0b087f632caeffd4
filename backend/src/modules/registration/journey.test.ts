import { serveOnLoopback } from '../../testing/local-server';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AttemptResult, AvailableTestList, OpenAttempt, QuestionBankDetail, QuestionView } from '../../../../shared/accreditation-tests';
import { AdmissionSent, IndependentPage, MyAdmissionList, SignedIn } from '../../../../shared/associates';
import { MarketplaceAssociatePage } from '../../../../shared/console';
import { OfferList } from '../../../../shared/offers';
import { ApplicationDetail, MyApplication, Registered } from '../../../../shared/registration';
import type { App } from '../../app';
import { associates } from '../../db/schema';
import { createOutbound } from '../../outbound/client';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { APPLICANT_PASSWORD as PASSWORD, applicationForm } from '../../testing/applicants';
import { CheckrServer } from '../../testing/checkr-server';
import { type ConsoleParty, consoleCall, consoleUser, signedIn } from '../../testing/console';
import { DB_KINDS } from '../../testing/databases';
import { connect, openOpportunity, putOfferPolicy } from '../../testing/offers';
import { linkIn, type ReceivedMail, tokenOf, useTestSmtp } from '../../testing/smtp';
import { checkrProvider } from '../vetting/checkr';

/*
 * Issue 20's whole process, through the real HTTP app wired as app.ts wires it: registration,
 * vetting against the local Checkr stand-in over real HTTP (its webhooks posted to the app
 * listening on 127.0.0.1), the operator's review in a console session, a marketplace test,
 * admission from the directory, and an offer. A second applicant's `consider` report goes the
 * adverse-action path and never reaches a shopper; applying again after the waiting period, a
 * new application's new check comes back clear and is approved.
 */

const DAY = 86_400_000;

const { mailer, smtp } = useTestSmtp();
let checkr: CheckrServer;
beforeAll(async () => {
  checkr = await CheckrServer.start();
});
afterAll(async () => {
  await checkr.close();
});

const form = (email: string, givenName: string, familyName: string) =>
  applicationForm({ email, displayName: `${givenName} ${familyName.slice(0, 1)}.`, givenName, familyName, categories: [['Audio']] });

/** The marketplace's Audio test: four single-choice questions, three drawn, two right to pass. */
const AUDIO_BANK = { title: 'Audio basics', category: ['Audio'], level: 1, questionsPerTest: 3, timeLimitSeconds: 600, passPercent: 60, retakeWaitHours: 24, validityDays: 365 };
const audioQuestion = (n: number) => ({
  kind: 'single',
  prompt: `Audio question ${n}: what does active noise cancelling do?`,
  choices: [
    { text: 'It plays sound in antiphase to cancel steady noise', correct: true, explanation: 'Microphones hear the noise; the driver plays its inverse.' },
    { text: 'It turns the volume up', correct: false, explanation: 'Louder is not quieter.' },
  ],
});

async function as<T>(res: Response | Promise<Response>, schema: { parse(v: unknown): T }, status = 200): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return schema.parse(await r.json());
}

async function refusal(res: Response | Promise<Response>): Promise<[number, string]> {
  const r = await res;
  return [r.status, ((await r.json()) as { error: { code: string } }).error.code];
}

describe.each(DB_KINDS)('an independent’s journey on %s', (kind) => {
  const api = useApi(kind, { mailer, publicUrl: () => 'https://fw.example' });
  let close: (() => Promise<void>) | null = null;

  afterEach(async () => {
    await checkr.idle();
    await close?.();
    close = null;
  });

  /**
   * The app as server.ts makes it with Checkr configured: the real Checkr client, its calls
   * through the outbound guard allowing only the stand-in's loopback address; listening on
   * 127.0.0.1, where the stand-in posts its webhooks.
   */
  async function world() {
    const h = api();
    const outbound = createOutbound({ allowHosts: [checkr.host] });
    const app = h.appWith({ outbound, checkProvider: checkrProvider({ baseUrl: checkr.url, apiKey: checkr.apiKey }, outbound) });
    const served = await serveOnLoopback(app);
    checkr.webhookUrl = `${served.url}/api/v1/webhooks/checkr`;
    close = served.close;
    const operator = await consoleUser(app, { email: `operator-${kind}@marketplace.example`, operator: true });
    return { h, app, operator };
  }

  /** Mails to `to` until one whose subject matches (others of the same test are skipped). */
  async function mailTo(to: string, subject?: RegExp): Promise<ReceivedMail> {
    for (;;) {
      const mail = await smtp().next();
      if (mail.to === to && (subject === undefined || subject.test(mail.subject))) return mail;
    }
  }

  /** Registers through the public route, opens the mailed link, and signs in: the application as the applicant sees it then. */
  async function register(app: App, email: string, givenName: string, familyName: string) {
    expect((await call(app, 'POST', '/api/v1/applications', null, form(email, givenName, familyName))).status).toBe(202);
    await app.registration.idle();
    const link = linkIn(await mailTo(email, /Confirm your e-mail/));
    expect(link.startsWith('https://fw.example/join/verify#token=')).toBe(true);
    const verified = await as(call(app, 'POST', '/api/v1/applications/verify', null, { token: tokenOf(link) }), MyApplication);
    await app.registration.idle();
    const signedIn = await as(call(app, 'POST', '/api/v1/associates/sign-in', null, { email, password: PASSWORD }), SignedIn);
    return { applicationId: verified.id, verified, token: signedIn.token, associateId: signedIn.associate.id };
  }

  const mine = (app: App, token: string) => as(call(app, 'GET', '/api/v1/applications/me', token), MyApplication);
  const op = (app: App, operator: ConsoleParty, method: string, path: string, body?: unknown) => consoleCall(app, method, `/api/v1/marketplace${path}`, operator, body);
  const directory = (app: App, key: string) => as(call(app, 'GET', '/api/v1/independents', key), IndependentPage);

  /** The check's invitation completed at the stand-in and its report back with `result`, by webhook. */
  async function checkComesBack(email: string, result: 'clear' | 'consider'): Promise<string> {
    const { reportId } = await checkr.completeInvitation(email);
    const delivery = await checkr.completeReport(reportId, result);
    expect(delivery.status).toBe(200);
    return reportId;
  }

  /** The marketplace's published Audio test, written by the operator in the console. */
  async function publishAudioTest(app: App, operator: ConsoleParty) {
    const bank = await as(op(app, operator, 'POST', '/question-banks', AUDIO_BANK), QuestionBankDetail, 201);
    const questions: QuestionView[] = [];
    for (let n = 1; n <= 4; n++) questions.push(await as(op(app, operator, 'POST', `/question-banks/${bank.id}/questions`, audioQuestion(n)), QuestionView, 201));
    expect((await op(app, operator, 'PATCH', `/question-banks/${bank.id}`, { published: true })).status).toBe(200);
    return { bankId: bank.id, rightOf: (id: string) => questions.find((q) => q.id === id)!.choices.filter((c) => c.correct).map((c) => c.id) };
  }

  it('registers, is vetted clear, approved, passes the Audio test, is admitted from the directory and offered an Audio opportunity', async () => {
    const { h, app, operator } = await world();
    const lea = await register(app, `lea-${kind}@applicant.example`, 'Léa', 'Martin');

    // The rules passed and the check started: the stand-in has the candidate and its invitation.
    expect(lea.verified).toMatchObject({ status: 'checking', step: 'check', emailVerified: true });
    expect(lea.verified.ruleOutcomes.every((o) => o.passed)).toBe(true);
    const candidate = checkr.candidateByEmail(`lea-${kind}@applicant.example`)!;
    expect(candidate).toMatchObject({ first_name: 'Léa', last_name: 'Martin' });
    expect([...checkr.invitations.values()].filter((i) => i.candidate_id === candidate.id)).toEqual([expect.objectContaining({ status: 'pending', package: 'tasker_standard', work_locations: [{ country: 'FR' }] })]);
    expect((await mailTo(`lea-${kind}@applicant.example`)).text).toContain('your background check starts now');
    expect((await mine(app, lea.token)).check).toBe('The check provider has e-mailed you an invitation to fill in its form.');

    // Checkr completes the invitation and a clear report, each by a signed webhook: on to review.
    await checkComesBack(`lea-${kind}@applicant.example`, 'clear');
    expect((await mailTo(`lea-${kind}@applicant.example`)).text).toContain('Your check is back');
    expect(await mine(app, lea.token)).toMatchObject({ status: 'review', step: 'review', check: 'Your check is complete.' });

    // The operator reads it in the queue and approves, with a reason the applicant is told.
    const detail = await as(op(app, operator, 'GET', `/applications/${lea.applicationId}`), ApplicationDetail);
    expect(detail.check).toMatchObject({ reportResult: 'clear', reportStatus: 'complete', adjudication: null });
    // Not in the directory before the decision.
    expect((await directory(app, h.seed.voltKey)).independents.map((i) => i.id)).not.toContain(lea.associateId);
    const approved = await as(op(app, operator, 'POST', `/applications/${lea.applicationId}/decision`, { decision: 'approve', reason: 'Your audio experience fits our shops.' }), ApplicationDetail);
    expect(approved).toMatchObject({ status: 'approved', check: { adjudication: 'engaged' } });
    expect((await mailTo(`lea-${kind}@applicant.example`, /Welcome/)).text).toContain('Your audio experience fits our shops.');

    // The marketplace's Audio test, taken and passed on the server.
    const audio = await publishAudioTest(app, operator);
    const open = await as(call(app, 'GET', '/api/v1/associates/me/tests', lea.token), AvailableTestList);
    expect(open.tests).toEqual([expect.objectContaining({ bankId: audio.bankId, canStart: true, source: { kind: 'marketplace' } })]);
    const attempt = await as(call(app, 'POST', `/api/v1/associates/me/tests/${audio.bankId}/attempts`, lea.token), OpenAttempt, 201);
    h.clock.advance(120_000);
    const answers = attempt.questions.map((q) => ({ questionId: q.id, choiceIds: audio.rightOf(q.id) }));
    const result = await as(call(app, 'POST', `/api/v1/associates/me/test-attempts/${attempt.id}/submit`, lea.token, { answers }), AttemptResult);
    expect(result).toMatchObject({ status: 'graded', passed: true, accreditation: { category: ['Audio'], level: 1 } });

    // Voltaire finds her in the directory, with the marketplace accreditation, and invites her by id.
    const listed = (await directory(app, h.seed.voltKey)).independents.find((i) => i.id === lea.associateId);
    expect(listed).toMatchObject({ displayName: 'Léa M.', languages: ['fr', 'en'], timezone: 'Europe/Paris', admitted: false });
    expect(listed!.accreditations).toEqual([expect.objectContaining({ category: ['Audio'], level: 1, source: 'marketplace_test' })]);
    await as(call(app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { associateId: lea.associateId }), AdmissionSent, 202);
    const invitations = await as(call(app, 'GET', '/api/v1/associates/me/admissions', lea.token), MyAdmissionList);
    expect(invitations.admissions.map((a) => [a.enterpriseId, a.status])).toEqual([[h.seed.volt.id, 'invited']]);
    expect((await call(app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/accept`, lea.token)).status).toBe(200);

    // She sets herself available within her schedule (Monday 11:00 in Paris at T0), with the agent connected.
    const monday = [{ day: 1, from: '09:00', to: '18:00' }];
    expect((await call(app, 'PATCH', '/api/v1/associates/me', lea.token, { presence: 'available', schedule: monday })).status).toBe(200);
    await connect(h.db.db, lea.associateId, h.clock.now());

    // A shopper on Voltaire's site opens an Audio opportunity; Voltaire's rules trust marketplace tests.
    await putOfferPolicy(app, h.seed.voltKey, { mode: 'broadcast', size: 5, offerSeconds: 600, giveUpSeconds: 900 }, [
      { rule: 'available_now', weight: 0, filter: true },
      { rule: 'accreditation', weight: 1, mode: 'filter', sources: ['marketplace_test'] },
    ]);
    const { opportunityId } = await openOpportunity({ ...h, app } as ApiHarness);
    const offers = await as(call(app, 'GET', '/api/v1/offers', lea.token), OfferList);
    expect(offers.offers.map((o) => o.opportunityId)).toEqual([opportunityId]);
  });

  it('takes a `consider` report through the adverse-action path: never approved, listed or offered; applying again after the wait, a new check clears and approves', async () => {
    const { h, app, operator } = await world();
    const email = `max-${kind}@applicant.example`;
    const max = await register(app, email, 'Max', 'Dupont');
    expect(max.verified.status).toBe('checking');
    await mailTo(email, /./);
    const reportId = await checkComesBack(email, 'consider');
    expect((await mailTo(email)).text).toContain('Your check is back');
    expect((await mine(app, max.token)).status).toBe('review');
    // What the applicant sees never says "consider".
    expect(JSON.stringify(await mine(app, max.token))).not.toContain('consider');

    // A plain rejection is refused: a `consider` report is rejected through the adverse-action path only. Nor approved without it being engaged.
    expect(await refusal(op(app, operator, 'POST', `/applications/${max.applicationId}/decision`, { decision: 'reject', reason: 'Your report.' }))).toEqual([409, 'adverse_action_required']);

    // The operator starts it: Checkr sends the pre-adverse notice (its webhook follows); the applicant is mailed the date.
    expect((await op(app, operator, 'POST', `/applications/${max.applicationId}/check/adverse-action`)).status).toBe(200);
    await checkr.idle();
    expect(checkr.deliveries.at(-1)).toMatchObject({ event: { type: 'report.pre_adverse_action' }, status: 200 });
    const due = new Date(h.clock.now().getTime() + 7 * DAY).toISOString().slice(0, 10);
    expect((await mailTo(email)).text).toContain(`until ${due}`);
    expect(await mine(app, max.token)).toMatchObject({ status: 'adverse_action', step: 'adverse_action' });
    // While it runs, neither approve nor a second adverse action.
    expect((await refusal(op(app, operator, 'POST', `/applications/${max.applicationId}/decision`, { decision: 'approve', reason: 'Fine.' })))[0]).toBe(409);
    expect((await op(app, operator, 'POST', `/applications/${max.applicationId}/check/adverse-action`)).status).toBe(409);

    // The waiting period passes; Checkr sends the post-adverse notice and says so by webhook.
    h.clock.advance(7 * DAY);
    expect((await checkr.completeAdverseAction(reportId)).status).toBe(200);
    await app.registration.idle();
    const final = await mailTo(email);
    expect(final.text).toContain('final adverse action notice');
    // A week on, the applicant signs in again to look.
    const again = await as(call(app, 'POST', '/api/v1/associates/sign-in', null, { email, password: PASSWORD }), SignedIn);
    // So does the operator: a console session lasts less than the wait.
    const operatorLater = await signedIn(app, `operator-${kind}@marketplace.example`, null);
    const ended = await mine(app, again.token);
    expect(ended).toMatchObject({ status: 'rejected', step: 'done' });
    expect(ended.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['check_completed', 'adverse_action_started', 'adverse_action_final']));
    expect((await as(op(app, operatorLater, 'GET', `/applications/${max.applicationId}`), ApplicationDetail)).check).toMatchObject({ adjudication: 'post_adverse_action' });
    const [account] = await h.db.db.select({ approvedAt: associates.approvedAt }).from(associates).where(eq(associates.id, max.associateId));
    expect(account!.approvedAt).toBeNull();
    // Decided: the operator can no longer approve.
    expect((await refusal(op(app, operatorLater, 'POST', `/applications/${max.applicationId}/decision`, { decision: 'approve', reason: 'Fine.' })))[0]).toBe(409);

    // Never in the directory, never invited by id, never offered, even available and connected.
    expect((await directory(app, h.seed.voltKey)).independents.map((i) => i.id)).not.toContain(max.associateId);
    expect(await refusal(call(app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { associateId: max.associateId }))).toEqual([404, 'not_found']);
    expect((await call(app, 'PATCH', '/api/v1/associates/me', again.token, { presence: 'available' })).status).toBe(200);
    await connect(h.db.db, max.associateId, h.clock.now());
    await putOfferPolicy(app, h.seed.voltKey, { mode: 'broadcast', size: 5, offerSeconds: 600, giveUpSeconds: 900 }, [{ rule: 'available_now', weight: 0, filter: true }]);
    await openOpportunity({ ...h, app } as ApiHarness);
    expect((await as(call(app, 'GET', '/api/v1/offers', again.token), OfferList)).offers).toEqual([]);
    // Nor in the operator's list of independents.
    const listed = async (who: ConsoleParty) => (await as(op(app, who, 'GET', '/associates'), MarketplaceAssociatePage)).associates.map((a) => a.id);
    expect(await listed(operatorLater)).not.toContain(max.associateId);

    // Applying again: too early (the default wait, 180 days from the rejection), the same answer, a mail with the date, nothing made.
    const waitOver = new Date(h.clock.now().getTime() + 180 * DAY);
    expect(ended.reapplyFrom).toBe(waitOver.toISOString());
    expect((await call(app, 'POST', '/api/v1/applications', null, form(email, 'Max', 'Dupont'))).status).toBe(202);
    await app.registration.idle();
    expect((await mailTo(email, /^Your Floorwalker application$/)).text).toContain(`You can apply again from ${waitOver.toISOString().slice(0, 16).replace('T', ' ')} UTC.`);

    // Once it is over: a new application of the same account, a new check at Checkr (a new candidate), a review, and this time approval.
    h.clock.advance(180 * DAY);
    const second = await register(app, email, 'Max', 'Dupont');
    expect(second).toMatchObject({ associateId: max.associateId, verified: { status: 'checking', reapplyFrom: null } });
    expect(second.applicationId).not.toBe(max.applicationId);
    await checkComesBack(email, 'clear');
    expect(await mine(app, second.token)).toMatchObject({ id: second.applicationId, status: 'review' });
    const operatorNow = await signedIn(app, `operator-${kind}@marketplace.example`, null);
    const approved = await as(op(app, operatorNow, 'POST', `/applications/${second.applicationId}/decision`, { decision: 'approve', reason: 'Your new check is clear.' }), ApplicationDetail);
    expect(approved).toMatchObject({ status: 'approved', previousApplicationId: max.applicationId, otherApplications: [{ id: max.applicationId, status: 'rejected' }] });
    expect(await listed(operatorNow)).toContain(max.associateId);
    expect((await as(op(app, operatorNow, 'GET', `/applications/${max.applicationId}`), ApplicationDetail)).check).toMatchObject({ adjudication: 'post_adverse_action' });
  });

  it('brings an applicant who disputes a `consider` report and wins back from the adverse-action path to review and approval', async () => {
    const { h, app, operator } = await world();
    const email = `noa-${kind}@applicant.example`;
    const noa = await register(app, email, 'Noa', 'Weiss');
    const reportId = await checkComesBack(email, 'consider');
    expect((await op(app, operator, 'POST', `/applications/${noa.applicationId}/check/adverse-action`)).status).toBe(200);
    await checkr.idle();
    expect((await mine(app, noa.token)).status).toBe('adverse_action');

    // The applicant disputes the report at Checkr: the clock stops; no final notice follows even after the wait.
    expect((await checkr.disputeReport(reportId)).status).toBe(200);
    await app.registration.idle();
    h.clock.advance(8 * DAY);
    expect(await app.vetting.sweepDue()).toBe(0);
    // The dispute settled in their favour: the report is complete and clear again.
    expect((await checkr.completeReport(reportId, 'clear')).status).toBe(200);
    const signedInAgain = await as(call(app, 'POST', '/api/v1/associates/sign-in', null, { email, password: PASSWORD }), SignedIn);
    expect(await mine(app, signedInAgain.token)).toMatchObject({ status: 'review', step: 'review' });
    const operatorLater = await signedIn(app, `operator-${kind}@marketplace.example`, null);
    const approved = await as(op(app, operatorLater, 'POST', `/applications/${noa.applicationId}/decision`, { decision: 'approve', reason: 'Your corrected report is clear.' }), ApplicationDetail);
    expect(approved).toMatchObject({ status: 'approved', check: { adjudication: 'engaged', reportResult: 'clear' } });
    expect((await directory(app, h.seed.voltKey)).independents.map((i) => i.id)).toContain(noa.associateId);
  });
});
