import { serveOnLoopback } from '../../testing/local-server';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CheckView } from '../../../../shared/vetting';
import type { App } from '../../app';
import { readConfig } from '../../config';
import { backgroundChecks, checkEvents, joinSettings } from '../../db/schema';
import { rowsOf } from '../../db/records';
import { createOutbound } from '../../outbound/client';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { CheckrServer, checkrSignature } from '../../testing/checkr-server';
import { consoleCall, consoleUser } from '../../testing/console';
import { DB_KINDS } from '../../testing/databases';
import { recordingListener, seedApplication } from '../../testing/vetting';
import { checkrConfigFrom, checkrProvider } from './checkr';

const DAY = 86_400_000;
const WAIT = 7 * DAY;

let checkr: CheckrServer;
beforeAll(async () => {
  checkr = await CheckrServer.start();
});
afterAll(async () => {
  await checkr.close();
});

describe('Checkr’s configuration', () => {
  it('is CHECKR_API_KEY, its address CHECKR_API_URL (default production), held to the outbound guard', () => {
    expect(checkrConfigFrom(readConfig({}))).toBeNull();
    expect(checkrConfigFrom(readConfig({ CHECKR_API_KEY: 'abcdef0123456789' }))).toEqual({ baseUrl: 'https://api.checkr.com/v1', apiKey: 'abcdef0123456789' });
    expect(readConfig({}).CHECKR_ADVERSE_WAITING_DAYS).toBe(7);
    expect(readConfig({ CHECKR_ADVERSE_WAITING_DAYS: '10' }).CHECKR_ADVERSE_WAITING_DAYS).toBe(10);
    // A private address is refused at start (never contacted), unless allowed for a local stand-in.
    expect(() => readConfig({ CHECKR_API_KEY: 'abcdef0123456789', CHECKR_API_URL: 'http://10.0.0.8/v1' })).toThrowError(/CHECKR_API_URL.*would not call it/);
    expect(() => readConfig({ CHECKR_API_KEY: 'abcdef0123456789', CHECKR_API_URL: 'https://192.168.1.20/v1' })).toThrowError(/CHECKR_API_URL.*would not call it/);
    expect(() => readConfig({ CHECKR_API_KEY: 'abcdef0123456789', CHECKR_API_URL: 'https://user:pw@api.checkr.com/v1' })).toThrowError(/CHECKR_API_URL/);
    expect(checkrConfigFrom(readConfig({ CHECKR_API_KEY: 'abcdef0123456789', CHECKR_API_URL: 'http://127.0.0.1:9999/v1/', OUTBOUND_ALLOW_HOSTS: '127.0.0.1:9999' }))).toEqual({ baseUrl: 'http://127.0.0.1:9999/v1', apiKey: 'abcdef0123456789' });
    expect(() => readConfig({ CHECKR_API_KEY: 'has spaces in it' })).toThrowError(/CHECKR_API_KEY/);
  });

  it('refuses a private address when called, without contacting it', async () => {
    const provider = checkrProvider({ baseUrl: 'http://10.255.255.1/v1', apiKey: 'abcdef0123456789' }, createOutbound());
    await expect(provider.createCandidate({ email: 'a@example.com', firstName: 'A', lastName: 'B' }, AbortSignal.timeout(5_000))).rejects.toThrowError(/refused/);
  });
});

describe.each(DB_KINDS)('vetting with Checkr on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let app: App;
  let listener: ReturnType<typeof recordingListener>;
  let close: (() => Promise<void>) | null = null;

  /** The app with Checkr (the local stand-in) as its provider, listening on 127.0.0.1 for the stand-in's webhooks. */
  async function withCheckr(options: { apiKey?: string } = {}) {
    h = api();
    const outbound = createOutbound({ allowHosts: [checkr.host] });
    app = h.appWith({ outbound, checkProvider: checkrProvider({ baseUrl: checkr.url, apiKey: options.apiKey ?? checkr.apiKey }, outbound) });
    listener = recordingListener();
    app.vetting.setCheckListener(listener);
    const served = await serveOnLoopback(app);
    checkr.webhookUrl = `${served.url}/api/v1/webhooks/checkr`;
    close = served.close;
  }

  afterEach(async () => {
    await checkr.idle();
    await close?.();
    close = null;
  });

  /** An application whose check was started, its invitation out. */
  async function started(opts: Parameters<typeof seedApplication>[2] = {}) {
    const applicant = await seedApplication(h.db.db, h.clock.now(), opts);
    await app.vetting.start(applicant.applicationId);
    return applicant;
  }

  async function rowOf(applicationId: string) {
    const [row] = await h.db.db.select().from(backgroundChecks).where(eq(backgroundChecks.applicationId, applicationId));
    return row!;
  }

  const operator = () => consoleUser(app, { email: `operator-${crypto.randomUUID().slice(0, 6)}@marketplace.example`, operator: true });
  const adverse = async (applicationId: string, party?: Awaited<ReturnType<typeof operator>>) =>
    consoleCall(app, 'POST', `/api/v1/marketplace/applications/${applicationId}/check/adverse-action`, party ?? (await operator()));

  /** An application whose report came back `consider` and whose adverse-action path the operator started. */
  async function inAdverseAction(opts: Parameters<typeof seedApplication>[2] = {}) {
    const applicant = await started(opts);
    const { reportId } = await checkr.completeInvitation(applicant.email);
    await checkr.completeReport(reportId, 'consider');
    expect((await adverse(applicant.applicationId)).status).toBe(200);
    await checkr.idle();
    return { applicant, reportId };
  }

  it('starts a check: a candidate with the applicant’s names and e-mail, then an invitation for the package, with Checkr’s Basic auth; once', async () => {
    await withCheckr();
    const before = checkr.requests.length;
    const applicant = await started({ country: 'GB' });
    const calls = checkr.requests.slice(before);
    expect(calls.map((r) => `${r.method} ${r.path} ${r.authorized}`)).toEqual(['POST /v1/candidates true', 'POST /v1/invitations true']);
    expect(calls[0]!.body).toEqual({ email: applicant.email, first_name: applicant.givenName, last_name: applicant.familyName });
    const candidate = checkr.candidateByEmail(applicant.email)!;
    expect(calls[1]!.body).toEqual({ candidate_id: candidate.id, package: 'tasker_standard', work_locations: [{ country: 'GB' }] });
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited']);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ provider: 'checkr', package: 'tasker_standard', invitationStatus: 'pending', reportStatus: null, reportResult: null, adjudication: null });
    // Again: nothing more at Checkr, nothing more told.
    await app.vetting.start(applicant.applicationId);
    expect(checkr.requests.length).toBe(before + 2);
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited']);

    // The operator's package, when the join settings name one.
    await h.db.db.insert(joinSettings).values({ key: 'marketplace', rules: { countries: [], minimumAge: 18, requiredDocuments: [], languages: [], checkPackage: 'tasker_pro' }, updatedAt: h.clock.now() });
    const second = await started();
    expect((await app.vetting.state(second.applicationId))?.package).toBe('tasker_pro');
    expect(checkr.requests.at(-1)!.body).toMatchObject({ package: 'tasker_pro', work_locations: [{ country: 'US' }] });
  });

  it('without a provider, starts nothing and the application waits with no check; the sweep starts it once one is configured', async () => {
    h = api();
    const bare = h.appWith({});
    const applicant = await seedApplication(h.db.db, h.clock.now());
    await bare.vetting.start(applicant.applicationId);
    expect(bare.vetting.configured).toBe(false);
    expect(await bare.vetting.state(applicant.applicationId)).toBeNull();
    expect(h.logged.some((l) => l.message.includes('no check provider'))).toBe(true);
    // Its webhook route refuses everything: there is no key to check a signature with.
    const res = await bare.http.request('/api/v1/webhooks/checkr', { method: 'POST', body: '{}', headers: { 'x-checkr-signature': checkrSignature('', '{}') } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_signature');
    const party = await consoleUser(bare, { email: 'op-bare@marketplace.example', operator: true });
    expect((await consoleCall(bare, 'POST', `/api/v1/marketplace/applications/${applicant.applicationId}/check/adverse-action`, party)).status).toBe(409);

    await withCheckr();
    expect(await app.vetting.startWaiting()).toBeGreaterThanOrEqual(1);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ invitationStatus: 'pending' });
  });

  it('writes nothing when Checkr refuses the key (502 to the caller, logged)', async () => {
    await withCheckr({ apiKey: 'wrong_key_0123456789' });
    const applicant = await seedApplication(h.db.db, h.clock.now());
    await expect(app.vetting.start(applicant.applicationId)).rejects.toThrowError(/401/);
    expect(checkr.requests.at(-1)).toMatchObject({ path: '/v1/candidates', authorized: false });
    expect(await app.vetting.state(applicant.applicationId)).toBeNull();
    expect(listener.told).toEqual([]);
  });

  it('resumes a start that failed at the invitation with the same candidate, once Checkr takes it', async () => {
    await withCheckr();
    await h.db.db.insert(joinSettings).values({ key: 'marketplace', rules: { countries: [], minimumAge: 18, requiredDocuments: [], languages: [], checkPackage: 'no_such_package' }, updatedAt: h.clock.now() });
    const applicant = await seedApplication(h.db.db, h.clock.now());
    await expect(app.vetting.start(applicant.applicationId)).rejects.toThrowError(/400.*Package not found/);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ package: 'no_such_package', invitationStatus: null });
    expect(listener.told).toEqual([]);
    // The sweep's retry fails alike while the package is wrong…
    expect(await app.vetting.startWaiting()).toBe(0);
    expect(h.logged.some((l) => l.message === 'vetting: a waiting check could not start')).toBe(true);
    // …and once the operator corrects it, the same candidate is invited for it, no second one made.
    await h.db.db.update(joinSettings).set({ rules: { countries: [], minimumAge: 18, requiredDocuments: [], languages: [], checkPackage: 'tasker_pro' } }).where(eq(joinSettings.key, 'marketplace'));
    const candidates = checkr.candidates.size;
    expect(await app.vetting.startWaiting()).toBe(1);
    expect(checkr.candidates.size).toBe(candidates);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ package: 'tasker_pro', invitationStatus: 'pending' });
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited']);
  });

  it('follows a clear report by webhook to `completed: clear`; the operator engages', async () => {
    await withCheckr();
    const applicant = await started();
    const { reportId } = await checkr.completeInvitation(applicant.email);
    expect(checkr.deliveries.slice(-2).map((d) => [d.event.type, d.status])).toEqual([['invitation.completed', 200], ['report.created', 200]]);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ invitationStatus: 'completed', reportStatus: 'pending' });
    expect((await rowOf(applicant.applicationId)).reportId).toBe(reportId);
    // Checkr was asked for the report each time: the truth, whatever order events come in.
    expect(checkr.requests.filter((r) => r.path === `/v1/reports/${reportId}`).every((r) => r.authorized)).toBe(true);
    const delivery = await checkr.completeReport(reportId, 'clear');
    expect(delivery.status).toBe(200);
    const state = await app.vetting.state(applicant.applicationId);
    expect(state).toMatchObject({ reportStatus: 'complete', reportResult: 'clear', adjudication: null });
    expect(state?.completedAt).toEqual(h.clock.now());
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'completed:clear']);
    await app.vetting.engage(applicant.applicationId, crypto.randomUUID());
    expect((await app.vetting.state(applicant.applicationId))?.adjudication).toBe('engaged');
    // Adverse action on a clear report: refused, nothing asked of Checkr.
    const res = await adverse(applicant.applicationId);
    expect(res.status).toBe(409);
  });

  it('takes a consider report through the adverse-action path: pre-adverse, the wait, post-adverse by webhook → adverse_final', async () => {
    await withCheckr();
    const applicant = await started();
    const { reportId } = await checkr.completeInvitation(applicant.email);
    // Engaging an incomplete report is refused.
    await expect(app.vetting.engage(applicant.applicationId, crypto.randomUUID())).rejects.toThrowError(/not complete/);
    await checkr.completeReport(reportId, 'consider');
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'completed:consider']);

    const party = await operator();
    const res = await adverse(applicant.applicationId, party);
    expect(res.status, await res.clone().text()).toBe(200);
    await checkr.idle();
    const view = CheckView.parse(await res.json());
    const now = h.clock.now();
    expect(view).toMatchObject({ reportStatus: 'complete', reportResult: 'consider', adjudication: 'pre_adverse_action', preAdverseAt: now.toISOString(), postAdverseDueAt: new Date(now.getTime() + WAIT).toISOString(), postAdverseAt: null });
    const create = checkr.requests.find((r) => r.method === 'POST' && r.path === `/v1/reports/${reportId}/adverse_actions`)!;
    expect(create).toMatchObject({ authorized: true, body: { post_notice_scheduled_at: new Date(now.getTime() + WAIT).toISOString() } });
    // Checkr's own report.pre_adverse_action webhook came too: registration is told once.
    expect(checkr.deliveries.at(-1)?.event.type).toBe('report.pre_adverse_action');
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'completed:consider', 'adverse_started']);
    expect((await rowOf(applicant.applicationId)).adverseActionId).toBe([...checkr.adverseActions.values()].find((a) => a.report_id === reportId)!.id);
    // Not twice; not engaged now.
    expect((await adverse(applicant.applicationId, party)).status).toBe(409);
    await expect(app.vetting.engage(applicant.applicationId, party.userId)).rejects.toThrowError(/adverse/);
    // The change is in the audit log, as the operator's.
    const log = await consoleCall(app, 'GET', '/api/v1/marketplace/audit', party);
    expect(await log.text()).toContain(`adverse action on application ${applicant.applicationId}`);

    h.clock.advance(WAIT);
    const final = await checkr.completeAdverseAction(reportId);
    expect(final.status).toBe(200);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ adjudication: 'post_adverse_action', postAdverseAt: h.clock.now() });
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'completed:consider', 'adverse_started', 'adverse_final']);
  });

  it('makes the adverse action final by the sweep once the wait passed and Checkr completed it', async () => {
    await withCheckr();
    const { applicant, reportId } = await inAdverseAction();
    const action = [...checkr.adverseActions.values()].find((a) => a.report_id === reportId)!;
    action.status = 'complete';
    h.clock.advance(WAIT - 1_000);
    expect(await app.vetting.sweepDue()).toBe(0);
    h.clock.advance(1_000);
    expect(await app.vetting.sweepDue()).toBe(1);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ adjudication: 'post_adverse_action', postAdverseAt: h.clock.now() });
    expect(listener.kinds(applicant.applicationId).at(-1)).toBe('adverse_final');
    expect(await app.vetting.sweepDue()).toBe(0);
  });

  it('tells of a suspended report, and of an expired invitation', async () => {
    await withCheckr();
    const applicant = await started();
    const { reportId } = await checkr.completeInvitation(applicant.email);
    await checkr.suspendReport(reportId);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ reportStatus: 'suspended', reportResult: null });
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'suspended']);
    await checkr.resumeReport(reportId);
    await checkr.completeReport(reportId, 'clear');
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'suspended', 'completed:clear']);

    const lapsed = await started();
    await checkr.expireInvitation(lapsed.email);
    expect(await app.vetting.state(lapsed.applicationId)).toMatchObject({ invitationStatus: 'expired' });
    expect(listener.kinds(lapsed.applicationId)).toEqual(['invited', 'invitation_expired']);

    const canceled = await started();
    const second = await checkr.completeInvitation(canceled.email);
    await checkr.cancelReport(second.reportId);
    // Canceled is the end: a completion delivered late changes nothing.
    const late = checkr.event('report.completed', { ...checkr.reports.get(second.reportId)!, status: 'complete', result: 'clear' });
    expect((await checkr.deliver(late)).status).toBe(200);
    expect(await app.vetting.state(canceled.applicationId)).toMatchObject({ reportStatus: 'canceled', reportResult: null });
    expect(listener.kinds(canceled.applicationId)).toEqual(['invited', 'canceled']);
  });

  it('stops the adverse clock on a dispute: no final word by webhook or sweep', async () => {
    await withCheckr();
    const { applicant, reportId } = await inAdverseAction();
    h.clock.advance(2 * DAY);
    await checkr.disputeReport(reportId);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ reportStatus: 'dispute', adjudication: 'pre_adverse_action', postAdverseDueAt: null, postAdverseAt: null });
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'completed:consider', 'adverse_started', 'disputed']);
    // A post-adverse event now (as if sent before the dispute and delivered late) changes nothing; nor does the sweep.
    const late = await checkr.deliver(checkr.event('report.post_adverse_action', checkr.reports.get(reportId)!));
    expect(late.status).toBe(200);
    h.clock.advance(30 * DAY);
    expect(await app.vetting.sweepDue()).toBe(0);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ adjudication: 'pre_adverse_action', postAdverseAt: null });
    expect(listener.kinds(applicant.applicationId).at(-1)).toBe('disputed');
    // While disputed the operator cannot start it again.
    expect((await adverse(applicant.applicationId)).status).toBe(409);
  });

  it('refuses a webhook without the right signature with 401 `bad_signature`, and nothing changes', async () => {
    await withCheckr();
    const applicant = await started();
    const { reportId } = await checkr.completeInvitation(applicant.email);
    checkr.reports.get(reportId)!.status = 'complete';
    checkr.reports.get(reportId)!.result = 'clear';
    const before = await rowOf(applicant.applicationId);
    const eventsBefore = await countEvents();
    const event = checkr.event('report.completed', checkr.reports.get(reportId)!);
    for (const signature of [null, '', 'placeholder', checkrSignature('another key', JSON.stringify(event)), checkrSignature(checkr.apiKey, `${JSON.stringify(event)} `)]) {
      const delivery = await checkr.deliver(event, { signature });
      expect(delivery.status).toBe(401);
    }
    const res = await app.http.request('/api/v1/webhooks/checkr', { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_signature');
    expect(await rowOf(applicant.applicationId)).toEqual(before);
    expect(await countEvents()).toBe(eventsBefore);
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited']);
    // Signed, the same event is taken.
    expect((await checkr.deliver(event)).status).toBe(200);
    expect((await app.vetting.state(applicant.applicationId))?.reportResult).toBe('clear');
  });

  it('changes nothing on a replayed event (the same id), and answers it `duplicate`', async () => {
    await withCheckr();
    const applicant = await started();
    const { reportId } = await checkr.completeInvitation(applicant.email);
    const completed = await checkr.completeReport(reportId, 'consider');
    const row = await rowOf(applicant.applicationId);
    h.clock.advance(60_000);
    const res = await signedPost(completed.body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'duplicate', type: 'report.completed' });
    expect(await rowOf(applicant.applicationId)).toEqual(row);
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'completed:consider']);
  });

  it('never moves a check backwards on events out of order', async () => {
    await withCheckr();
    const applicant = await started();
    // The invitation completes and the report comes back while the backend hears nothing…
    const url = checkr.webhookUrl;
    checkr.webhookUrl = null;
    const { reportId } = await checkr.completeInvitation(applicant.email);
    const created = checkr.deliveries.at(-1)!;
    const invitationCompleted = checkr.deliveries.at(-2)!;
    await checkr.suspendReport(reportId);
    const suspended = checkr.deliveries.at(-1)!;
    await checkr.resumeReport(reportId);
    const completed = await checkr.completeReport(reportId, 'clear');
    checkr.webhookUrl = url;
    // …then the events arrive backwards: the completion first, found by its candidate.
    for (const d of [completed, suspended, created, invitationCompleted]) expect((await signedPost(d.body)).status).toBe(200);
    expect(await app.vetting.state(applicant.applicationId)).toMatchObject({ invitationStatus: 'completed', reportStatus: 'complete', reportResult: 'clear' });
    expect((await rowOf(applicant.applicationId)).reportId).toBe(reportId);
    expect(listener.kinds(applicant.applicationId)).toEqual(['invited', 'completed:clear']);
    // A late expiry of the invitation changes nothing either.
    const expiry = checkr.event('invitation.expired', { ...checkr.invitations.get((await rowOf(applicant.applicationId)).invitationId!)!, status: 'expired' });
    expect((await checkr.deliver(expiry)).status).toBe(200);
    expect((await app.vetting.state(applicant.applicationId))?.invitationStatus).toBe('completed');
  });

  it('answers 200 `ignored` for an event about no check of ours or of another type, 400 for a body that is not an event', async () => {
    await withCheckr();
    const unknown = checkr.event('report.completed', { id: 'ffffffffffffffffffffffff', object: 'report', uri: '/v1/reports/ffffffffffffffffffffffff' });
    const res = await signedPost(JSON.stringify(unknown));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'ignored', type: 'report.completed' });
    expect(h.logged.some((l) => l.message === 'vetting: a webhook was ignored' && l.fields.eventId === unknown.id)).toBe(true);
    const other = checkr.event('package.created', { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', object: 'package' });
    expect(await (await signedPost(JSON.stringify(other))).json()).toEqual({ result: 'ignored', type: 'package.created' });
    const bad = await signedPost('{"id":');
    expect(bad.status).toBe(400);
    const notEvent = await signedPost('{"id":"e1"}');
    expect(notEvent.status).toBe(400);
  });

  it('keeps only ids, states, the result, the adjudication and dates: nothing of the report or the candidate', async () => {
    await withCheckr();
    const { applicant, reportId } = await inAdverseAction({ givenName: 'Grace', familyName: 'Hopper-Unique' });
    const [row] = rowsOf<Record<string, unknown>>(await h.db.db.execute(sql`select * from background_checks where application_id = ${applicant.applicationId}`));
    expect(Object.keys(row!).sort()).toEqual(
      ['id', 'application_id', 'provider', 'package', 'candidate_id', 'invitation_id', 'invitation_status', 'report_id', 'report_status', 'report_result', 'adjudication', 'adverse_action_id', 'pre_adverse_at', 'post_adverse_due_at', 'post_adverse_at', 'created_at', 'updated_at', 'completed_at'].sort(),
    );
    const report = checkr.reports.get(reportId)!;
    const stored = JSON.stringify(row) + JSON.stringify(rowsOf(await h.db.db.execute(sql`select * from check_events`)));
    for (const secret of [applicant.email, 'Grace', 'Hopper-Unique', report.ssn_trace_id, report.county_criminal_search_ids[0]!]) expect(stored).not.toContain(secret);
    expect(Object.keys(rowsOf<Record<string, unknown>>(await h.db.db.execute(sql`select * from check_events limit 1`))[0]!).sort()).toEqual(['id', 'received_at', 'type']);
    // Nor is any of it logged.
    const logged = JSON.stringify(h.logged);
    for (const secret of [applicant.email, 'Hopper-Unique', checkr.apiKey]) expect(logged).not.toContain(secret);
  });

  it('answers the operator’s route 404 for an unknown application, 409 before a report, 400 for a body, and refuses a non-operator', async () => {
    await withCheckr();
    const party = await operator();
    expect((await adverse(crypto.randomUUID(), party)).status).toBe(404);
    expect((await consoleCall(app, 'POST', '/api/v1/marketplace/applications/not-a-uuid/check/adverse-action', party)).status).toBe(404);
    const applicant = await started();
    expect((await adverse(applicant.applicationId, party)).status).toBe(409);
    expect((await consoleCall(app, 'POST', `/api/v1/marketplace/applications/${applicant.applicationId}/check/adverse-action`, party, { reason: 'x' })).status).toBe(400);
    const owner = await consoleUser(app, { email: 'owner-v@volt.example', enterpriseId: h.seed.volt.id, role: 'owner' });
    expect((await adverse(applicant.applicationId, owner)).status).toBe(403);
    expect((await call(app, 'POST', `/api/v1/marketplace/applications/${applicant.applicationId}/check/adverse-action`, h.seed.voltKey)).status).toBe(401);
  });

  async function countEvents(): Promise<number> {
    return (await h.db.db.select({ id: checkEvents.id }).from(checkEvents)).length;
  }

  function signedPost(body: string): Promise<Response> {
    return Promise.resolve(app.http.request('/api/v1/webhooks/checkr', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-checkr-signature': checkrSignature(checkr.apiKey, body) } }));
  }
});
