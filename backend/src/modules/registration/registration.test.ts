import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SignedIn } from '../../../../shared/associates';
import { AuditPage } from '../../../../shared/console';
import { ApplicationDetail, ApplicationPage, CHECKS_DISCLOSURE, JoinSettings, MAX_DOCUMENT_BYTES, MyApplication, Registered } from '../../../../shared/registration';
import { rowsOf } from '../../db/records';
import { applicationDocuments, applications, associates } from '../../db/schema';
import { defaultLimits } from '../../deps';
import { Conflict } from '../../errors';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { APPLICANT_PASSWORD as PASSWORD, applicationForm as form } from '../../testing/applicants';
import { type ConsoleParty, consoleCall, consoleUser, signedIn } from '../../testing/console';
import { DB_KINDS } from '../../testing/databases';
import { linkIn, type ReceivedMail, tokenOf, useTestSmtp } from '../../testing/smtp';
import type { ApplicationVetting, CheckState } from './ports';
import { REGISTERED_MESSAGE } from './service';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** A stand-in for the vetting module: checks kept in memory, completed when the test says. */
class FakeVetting implements ApplicationVetting {
  readonly started: string[] = [];
  readonly engaged: string[] = [];
  readonly checks = new Map<string, CheckState>();

  async start(applicationId: string): Promise<void> {
    this.started.push(applicationId);
    if (!this.checks.has(applicationId))
      this.checks.set(applicationId, {
        provider: 'checkr',
        package: 'tasker_standard',
        invitationStatus: 'pending',
        reportStatus: null,
        reportResult: null,
        adjudication: null,
        preAdverseAt: null,
        postAdverseDueAt: null,
        postAdverseAt: null,
        createdAt: new Date('2026-03-02T10:00:00Z'),
        completedAt: null,
      });
  }

  async state(applicationId: string): Promise<CheckState | null> {
    return this.checks.get(applicationId) ?? null;
  }

  async engage(applicationId: string): Promise<void> {
    const check = this.checks.get(applicationId);
    if (check?.reportStatus !== 'complete') throw new Conflict('The report is not complete.');
    check.adjudication = 'engaged';
    this.engaged.push(applicationId);
  }

  complete(applicationId: string, result: 'clear' | 'consider'): void {
    const check = this.checks.get(applicationId)!;
    Object.assign(check, { invitationStatus: 'completed', reportStatus: 'complete', reportResult: result, completedAt: new Date('2026-03-03T10:00:00Z') });
  }
}

const { mailer, smtp } = useTestSmtp();

async function as<T>(res: Response | Promise<Response>, schema: { parse(v: unknown): T }, status = 200): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return schema.parse(await r.json());
}

const refusal = async (res: Response | Promise<Response>) => {
  const r = await res;
  return [r.status, ((await r.json()) as { error: { code: string } }).error.code] as const;
};

describe.each(DB_KINDS)('registration on %s', (kind) => {
  const api = useApi(kind, { mailer, publicUrl: () => 'https://fw.example' });

  /** The harness with a fake vetting connected and an operator signed in. */
  async function world() {
    const h = api();
    const vetting = new FakeVetting();
    h.app.registration.connect(vetting);
    const operator = await consoleUser(h.app, { email: 'operator@marketplace.example', operator: true });
    const op = (method: string, path: string, body?: unknown) => consoleCall(h.app, method, `/api/v1/marketplace${path}`, operator, body);
    return { h, vetting, operator, op };
  }

  /** Mails until one to `to` with `subject` arrives (others of the same test are skipped). */
  async function mailTo(to: string, subject?: string): Promise<ReceivedMail> {
    for (;;) {
      const mail = await smtp().next();
      if (mail.to === to && (subject === undefined || mail.subject === subject)) return mail;
    }
  }

  /** Registers, reads the verification link from the mail, signs in: the applicant's token and the link's. */
  async function apply(h: ApiHarness, over: Record<string, unknown> = {}) {
    const body = form(over);
    expect(await as(call(h.app, 'POST', '/api/v1/applications', null, body), Registered, 202)).toEqual({ message: REGISTERED_MESSAGE });
    await h.app.registration.idle();
    const mail = await mailTo(body.email as string, 'Confirm your e-mail address for Floorwalker');
    const link = linkIn(mail);
    expect(link.startsWith('https://fw.example/join/verify#token=fwv_')).toBe(true);
    const signedIn = await as(call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email: body.email, password: PASSWORD }), SignedIn);
    return { verification: tokenOf(link), bearer: signedIn.token, associateId: signedIn.associate.id };
  }

  /** Sends the form again (an address with an account): the same answer as ever, the mail after it. */
  async function applyAgain(h: ApiHarness, over: Record<string, unknown> = {}) {
    expect(await as(call(h.app, 'POST', '/api/v1/applications', null, form(over)), Registered, 202)).toEqual({ message: REGISTERED_MESSAGE });
    await h.app.registration.idle();
  }

  const verify = (h: ApiHarness, token: string) => call(h.app, 'POST', '/api/v1/applications/verify', null, { token });
  const mine = (h: ApiHarness, bearer: string) => as(call(h.app, 'GET', '/api/v1/applications/me', bearer), MyApplication);
  const upload = (h: ApiHarness, bearer: string, kind: string, bytes: Buffer, contentType = 'application/pdf') =>
    call(h.app, 'POST', '/api/v1/applications/me/documents', bearer, { kind, fileName: `${kind}.pdf`, contentType, content: bytes.toString('base64') });

  it('registers, verifies by the mailed link, checks, reviews and approves: the associate is approved, the documents and birth date gone, the decision audited', async () => {
    const { h, vetting, operator, op } = await world();
    const applicant = await apply(h);
    const before = await mine(h, applicant.bearer);
    expect(before).toMatchObject({ status: 'unverified', step: 'verify_email', emailVerified: false, check: null });
    expect(before.events.map((e) => e.kind)).toEqual(['registered']);
    const [account] = await h.db.db.select().from(associates).where(eq(associates.id, applicant.associateId));
    expect(account).toMatchObject({ email: 'lea@applicant.example', employerId: null, approvedAt: null, presence: 'away', languages: ['fr', 'en'], timezone: 'Europe/Paris' });

    const verified = await as(verify(h, applicant.verification), MyApplication);
    expect(verified).toMatchObject({ status: 'checking', step: 'check', emailVerified: true });
    expect(verified.ruleOutcomes.every((o) => o.passed)).toBe(true);
    expect(vetting.started).toEqual([verified.id]);
    expect(await h.app.registration.candidate(verified.id)).toEqual({ email: 'lea@applicant.example', givenName: 'Léa', familyName: 'Martin', birthDate: '1990-05-17', country: 'FR', checkPackage: 'tasker_standard' });
    expect(verified.check).toBe('The check provider has e-mailed you an invitation to fill in its form.');
    const started = await mailTo('lea@applicant.example');
    expect(started.text).toContain('Your e-mail address is confirmed.');
    expect(started.text).toContain('your background check starts now');
    // The link works once.
    expect(await refusal(verify(h, applicant.verification))).toEqual([410, 'link_used']);
    // Nor does it set a password.
    expect(await refusal(call(h.app, 'POST', '/api/v1/associates/password/set', null, { token: applicant.verification, password: 'another long secret' }))).toEqual([400, 'invalid_body']);

    // Approving before the check is back is refused.
    await h.app.registration.checkChanged(verified.id, { kind: 'invited' });
    expect(await refusal(op('POST', `/applications/${verified.id}/decision`, { decision: 'approve', reason: 'Good.' }))).toEqual([409, 'conflict']);
    vetting.complete(verified.id, 'clear');
    await h.app.registration.checkChanged(verified.id, { kind: 'completed', result: 'clear' });
    expect((await mailTo('lea@applicant.example')).text).toContain('Your check is back; we are reviewing');
    const reviewed = await mine(h, applicant.bearer);
    expect(reviewed).toMatchObject({ status: 'review', step: 'review', check: 'Your check is complete.' });
    expect(JSON.stringify(reviewed)).not.toContain('clear');

    // The queue finds it by status and name; the detail shows the answers and the check.
    const queue = await as(op('GET', '/applications?status=review&q=marti'), ApplicationPage);
    expect(queue.applications.map((a) => a.id)).toEqual([verified.id]);
    // Each row says what the applicant sells and where the check stands, without opening it.
    expect(queue.applications[0]).toMatchObject({ categories: [expect.any(Array)], check: { reportStatus: 'complete', reportResult: 'clear', adjudication: null } });
    expect((await as(op('GET', '/applications?status=approved'), ApplicationPage)).applications).toEqual([]);
    const detail = await as(op('GET', `/applications/${verified.id}`), ApplicationDetail);
    expect(detail).toMatchObject({ country: 'FR', birthDate: '1990-05-17', weeklyHours: 20, consent: { version: CHECKS_DISCLOSURE.version }, check: { reportResult: 'clear', adjudication: null } });
    expect(detail.events.map((e) => e.kind)).toEqual(['registered', 'email_verified', 'check_started', 'check_invited', 'check_completed']);

    const approved = await as(op('POST', `/applications/${verified.id}/decision`, { decision: 'approve', reason: 'Your experience fits our audio shops.' }), ApplicationDetail);
    expect(approved).toMatchObject({ status: 'approved', birthDate: null, documents: [], decision: { reason: 'Your experience fits our audio shops.', by: operator.userId } });
    expect(vetting.engaged).toEqual([verified.id]);
    const [after] = await h.db.db.select({ approvedAt: associates.approvedAt }).from(associates).where(eq(associates.id, applicant.associateId));
    expect(after!.approvedAt?.toISOString()).toBe(h.clock.now().toISOString());
    const welcome = await mailTo('lea@applicant.example', 'Welcome to the Floorwalker marketplace');
    expect(welcome.text).toContain('Your experience fits our audio shops.');
    expect((await mine(h, applicant.bearer)).step).toBe('done');
    expect(await refusal(op('POST', `/applications/${verified.id}/decision`, { decision: 'reject', reason: 'Changed my mind.' }))).toEqual([409, 'conflict']);

    const audit = await as(op('GET', '/audit?actor=operator'), AuditPage);
    expect(audit.entries[0]).toMatchObject({ action: 'POST /api/v1/marketplace/applications/:id/decision', actor: { kind: 'operator', userId: operator.userId }, before: { status: 'review' }, after: { status: 'approved' } });
  });

  it('answers the same for a taken address, mailing its owner a note and making nothing', async () => {
    const { h } = await world();
    await apply(h);
    const count = async () => rowsOf<{ n: number }>(await h.db.db.execute(sql`select (select count(*) from associates)::int + (select count(*) from applications)::int as n`))[0]!.n;
    const was = await count();
    // Its application is open: its owner is told they have one.
    await applyAgain(h, { email: 'LEA@applicant.example', password: 'some other password', displayName: 'Impostor' });
    const note = await mailTo('lea@applicant.example');
    expect(note.subject).toBe('Your Floorwalker application');
    expect(note.text).toContain('You already have an application with us, still open or approved');
    expect(note.text).toContain('https://fw.example/join/status');
    expect(note.text).not.toMatch(/#token=/);
    expect(await count()).toBe(was);
    // The owner's password is theirs still.
    expect((await call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email: 'lea@applicant.example', password: 'some other password' })).status).toBe(401);

    // An enterprise's employee has an account and no application: a note, nothing made.
    await as(call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { email: 'ana@volt.example', displayName: 'Ana' }), { parse: (v) => v }, 201);
    const withEmployee = await count();
    await applyAgain(h, { email: 'ana@volt.example' });
    const employeeNote = await mailTo('ana@volt.example', 'Your Floorwalker account');
    expect(employeeNote.text).toContain('which already has an account');
    expect(await count()).toBe(withEmployee);
  });

  it('takes a new application at once after a withdrawal: a new link and check, the account’s name changed only once confirmed and its password never, the ended one kept and linked', async () => {
    const { h, vetting, op } = await world();
    const email = 'lea@applicant.example';
    const first = await apply(h);
    const firstApp = await as(verify(h, first.verification), MyApplication);
    expect(firstApp.reapplyFrom).toBeNull();
    const withdrawn = await as(call(h.app, 'POST', '/api/v1/applications/me/withdraw', first.bearer), MyApplication);
    expect(withdrawn.reapplyFrom).toBe(h.clock.now().toISOString());

    h.clock.advance(60_000);
    const NEW_PASSWORD = 'my new password for a new try';
    await applyAgain(h, { password: NEW_PASSWORD, displayName: 'Léa Martin', weeklyHours: 30 });
    const mistyped = await mailTo(email, 'Confirm your e-mail address for Floorwalker');
    expect(mistyped.text).toContain('Thank you for applying again');
    // Sent again before it is confirmed (a mistake in the form): the newer takes its place, and the first link stops working.
    await applyAgain(h, { password: NEW_PASSWORD, displayName: 'Léa Martin', weeklyHours: 25 });
    const again = await mailTo(email, 'Confirm your e-mail address for Floorwalker');
    expect(await refusal(verify(h, tokenOf(linkIn(mistyped))))).toEqual([400, 'link_invalid']);

    // Until confirmed, the account is as it was: the old password signs in, the new one does not.
    expect((await call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password: NEW_PASSWORD })).status).toBe(401);
    const waiting = await mine(h, first.bearer);
    expect(waiting).toMatchObject({ status: 'unverified', step: 'verify_email', reapplyFrom: null, emailVerified: false });
    expect(waiting.id).not.toBe(firstApp.id);
    expect(waiting.events.map((e) => e.kind)).toEqual(['reapplied']);

    const confirmed = await as(verify(h, tokenOf(linkIn(again))), MyApplication);
    expect(confirmed).toMatchObject({ id: waiting.id, status: 'checking', emailVerified: true });
    expect(vetting.started).toEqual([firstApp.id, waiting.id]);
    // Confirmed, the name changes but never the password: the form's is dropped, the old one signs in.
    expect(again.text).toContain('Your password stays the one you had');
    const signedIn = await as(call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password: PASSWORD }), SignedIn);
    expect(signedIn.associate.id).toBe(first.associateId);
    expect((await call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password: NEW_PASSWORD })).status).toBe(401);
    const [account] = await h.db.db.select({ displayName: associates.displayName }).from(associates).where(eq(associates.id, first.associateId));
    expect(account!.displayName).toBe('Léa Martin');

    // The operator's queue keeps the ended one; the new one links to it, and each lists the other.
    const queue = await as(op('GET', '/applications'), ApplicationPage);
    expect(queue.applications.map((a) => [a.id, a.status, a.previousApplicationId])).toEqual([
      [firstApp.id, 'withdrawn', null],
      [waiting.id, 'checking', firstApp.id],
    ]);
    const detail = await as(op('GET', `/applications/${waiting.id}`), ApplicationDetail);
    expect(detail).toMatchObject({ previousApplicationId: firstApp.id, weeklyHours: 25 });
    expect(detail.otherApplications).toEqual([{ id: firstApp.id, status: 'withdrawn', createdAt: firstApp.createdAt, updatedAt: withdrawn.updatedAt, decisionReason: null }]);
    expect((await as(op('GET', `/applications/${firstApp.id}`), ApplicationDetail)).otherApplications.map((o) => [o.id, o.status])).toEqual([[waiting.id, 'checking']]);

    // While the new one is open, a third attempt makes nothing: its owner is told they have one.
    const rows = async () => (await h.db.db.select({ id: applications.id }).from(applications)).length;
    await applyAgain(h, { password: NEW_PASSWORD });
    expect((await mailTo(email, 'Your Floorwalker application')).text).toContain('You already have an application');
    expect(await rows()).toBe(2);
  });

  it('after a rejection, takes a new application only once the operator’s waiting period is over, mailing the date before; the adverse-action path’s end counts the same', async () => {
    const { h, vetting, op } = await world();
    const DAY = 86_400_000;
    const email = 'lea@applicant.example';
    const base = { countries: [], minimumAge: 18, requiredDocuments: [], languages: [], checkPackage: 'tasker_standard' };
    expect((await as(op('GET', '/join-settings'), JoinSettings)).rules.reapplyAfterDays).toBe(180);
    for (const days of [-1, 3651, 1.5, '30', null]) expect(await refusal(op('PUT', '/join-settings', { ...base, reapplyAfterDays: days }))).toEqual([400, 'invalid_body']);
    expect((await as(op('PUT', '/join-settings', base), JoinSettings)).rules.reapplyAfterDays).toBe(180);
    expect((await as(op('PUT', '/join-settings', { ...base, reapplyAfterDays: 30 }), JoinSettings)).rules.reapplyAfterDays).toBe(30);

    const applicant = await apply(h);
    const first = await as(verify(h, applicant.verification), MyApplication);
    vetting.complete(first.id, 'clear');
    await h.app.registration.checkChanged(first.id, { kind: 'completed', result: 'clear' });
    await as(op('POST', `/applications/${first.id}/decision`, { decision: 'reject', reason: 'Not enough experience yet.' }), ApplicationDetail);
    expect((await mailTo(email, 'Your Floorwalker application')).text).toContain('Not enough experience yet.');
    const from = new Date(h.clock.now().getTime() + 30 * DAY);
    expect((await mine(h, applicant.bearer)).reapplyFrom).toBe(from.toISOString());

    // Too early: the same answer, no link, nothing made; the mail says from when.
    const rows = async () => (await h.db.db.select({ id: applications.id }).from(applications)).length;
    await applyAgain(h);
    const early = await mailTo(email, 'Your Floorwalker application');
    expect(early.text).toContain(`You can apply again from ${from.toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
    expect(early.text).not.toMatch(/#token=/);
    h.clock.advance(30 * DAY - 60_000);
    await applyAgain(h);
    expect((await mailTo(email, 'Your Floorwalker application')).text).toContain('You can apply again from');
    expect(await rows()).toBe(1);

    // The day comes: a new application, a new link, a new check.
    h.clock.advance(60_000);
    await applyAgain(h);
    const second = await as(verify(h, tokenOf(linkIn(await mailTo(email, 'Confirm your e-mail address for Floorwalker')))), MyApplication);
    expect(second).toMatchObject({ status: 'checking', reapplyFrom: null });
    expect(second.id).not.toBe(first.id);
    expect(vetting.started).toEqual([first.id, second.id]);

    // Rejected at the adverse-action path's end: the same waiting period, from that day.
    vetting.complete(second.id, 'consider');
    await h.app.registration.checkChanged(second.id, { kind: 'completed', result: 'consider' });
    await h.app.registration.checkChanged(second.id, { kind: 'adverse_started', dueAt: new Date(h.clock.now().getTime() + 7 * DAY) });
    h.clock.advance(7 * DAY);
    await h.app.registration.checkChanged(second.id, { kind: 'adverse_final' });
    expect((await mailTo(email, 'Your Floorwalker application')).text).toContain('final adverse action notice');
    // Weeks on, the applicant signs in again to look.
    const later = (await as(call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password: PASSWORD }), SignedIn)).token;
    const rejected = await mine(h, later);
    const again = new Date(h.clock.now().getTime() + 30 * DAY);
    expect(rejected).toMatchObject({ id: second.id, status: 'rejected', reapplyFrom: again.toISOString() });
    await applyAgain(h);
    expect((await mailTo(email, 'Your Floorwalker application')).text).toContain(`You can apply again from ${again.toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
    expect(await rows()).toBe(2);

    // The operator (signed in again: a console session lasts less than the wait) shortens it to none: every rejected person may apply again at once.
    const operatorLater = await signedIn(h.app, 'operator@marketplace.example', null);
    await as(consoleCall(h.app, 'PUT', '/api/v1/marketplace/join-settings', operatorLater, { ...base, reapplyAfterDays: 0 }), JoinSettings);
    expect((await mine(h, later)).reapplyFrom).toBe(h.clock.now().toISOString());
    await applyAgain(h);
    expect((await mailTo(email, 'Confirm your e-mail address for Floorwalker')).text).toContain('applying again');
    expect(await rows()).toBe(3);
  });

  it('declines at once by the operator’s rules, naming the rule, and keeps only what the decision needs', async () => {
    const { h, vetting, op } = await world();
    const settings = await as(op('PUT', '/join-settings', { countries: ['FR', 'BE'], minimumAge: 21, requiredDocuments: [], languages: ['fr'], checkPackage: 'tasker_pro' }), JoinSettings);
    expect(settings.rules).toMatchObject({ countries: ['FR', 'BE'], minimumAge: 21 });
    const applicant = await apply(h, { email: 'joao@applicant.example', country: 'BR', languages: ['pt'] });
    const declined = await as(verify(h, applicant.verification), MyApplication);
    expect(declined).toMatchObject({ status: 'declined', step: 'done' });
    expect(declined.decisionReason).toBe('We do not take applications from Brazil yet. You must speak French to help our shoppers.');
    expect(declined.events.at(-1)).toMatchObject({ kind: 'declined', message: `We cannot take your application: ${declined.decisionReason}` });
    expect((await mailTo('joao@applicant.example', 'Your Floorwalker application cannot be accepted')).text).toContain('Brazil');
    expect(vetting.started).toEqual([]);
    const [row] = await h.db.db.select({ birthDate: applications.birthDate }).from(applications).where(eq(applications.id, declined.id));
    expect(row!.birthDate).toBeNull();
    expect(await refusal(call(h.app, 'POST', '/api/v1/applications/me/withdraw', applicant.bearer))).toEqual([409, 'conflict']);
  });

  it('waits for the required documents, refuses wrong ones, and checks once the last is in', async () => {
    const { h, vetting, op } = await world();
    await as(op('PUT', '/join-settings', { countries: [], minimumAge: 18, requiredDocuments: ['identity', 'address'], languages: [], checkPackage: 'tasker_standard' }), JoinSettings);
    const applicant = await apply(h);
    // Uploaded before the address is confirmed: kept, nothing moves.
    expect((await as(upload(h, applicant.bearer, 'identity', PDF), MyApplication)).status).toBe('unverified');
    const waiting = await as(verify(h, applicant.verification), MyApplication);
    expect(waiting).toMatchObject({ status: 'unverified', step: 'upload_documents', next: 'Upload a proof of address; we go on as soon as they are in.' });
    expect(waiting.documents.required).toEqual(['identity', 'address']);
    expect(waiting.documents.uploaded.map((d) => d.kind)).toEqual(['identity']);
    expect((await mailTo('lea@applicant.example')).text).toContain('Upload a proof of address');

    const count = async () => (await h.db.db.select({ id: applicationDocuments.id }).from(applicationDocuments)).length;
    expect(await refusal(upload(h, applicant.bearer, 'address', PNG, 'application/pdf'))).toEqual([415, 'unsupported_media_type']);
    expect(await refusal(upload(h, applicant.bearer, 'tax', PDF))).toEqual([400, 'invalid_body']);
    expect(await refusal(upload(h, applicant.bearer, 'address', PDF, 'image/gif'))).toEqual([400, 'invalid_body']);
    const huge = Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES)]);
    expect((await refusal(upload(h, applicant.bearer, 'address', huge)))[0]).toBe(413);
    expect(await count()).toBe(1);
    expect(vetting.started).toEqual([]);

    const checking = await as(upload(h, applicant.bearer, 'address', PNG, 'image/png'), MyApplication);
    expect(checking).toMatchObject({ status: 'checking' });
    expect(vetting.started).toEqual([checking.id]);
    // The operator downloads a document as it was sent.
    const detail = await as(op('GET', `/applications/${checking.id}`), ApplicationDetail);
    const address = detail.documents.find((d) => d.kind === 'address')!;
    const file = await op('GET', `/applications/${checking.id}/documents/${address.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await op('GET', `/applications/${checking.id}/documents/${crypto.randomUUID()}`)).status).toBe(404);
    // Uploads stop once the check is under way.
    expect(await refusal(upload(h, applicant.bearer, 'address', PDF))).toEqual([409, 'conflict']);
  });

  it('rejects with a reason, but a consider report only through the adverse-action path; the path’s end rejects', async () => {
    const { h, vetting, op } = await world();
    const first = await apply(h, { email: 'first@applicant.example' });
    const firstApp = await as(verify(h, first.verification), MyApplication);
    vetting.complete(firstApp.id, 'consider');
    await h.app.registration.checkChanged(firstApp.id, { kind: 'completed', result: 'consider' });
    expect(await refusal(op('POST', `/applications/${firstApp.id}/decision`, { decision: 'reject', reason: 'No.' }))).toEqual([409, 'adverse_action_required']);
    await h.app.registration.checkChanged(firstApp.id, { kind: 'adverse_started', dueAt: new Date('2026-03-09T10:00:00Z') });
    const waiting = await mine(h, first.bearer);
    expect(waiting).toMatchObject({ status: 'adverse_action', step: 'adverse_action' });
    expect(waiting.events.at(-1)!.message).toContain('until 2026-03-09');
    await h.app.registration.checkChanged(firstApp.id, { kind: 'disputed' });
    expect((await mine(h, first.bearer)).status).toBe('adverse_action');
    await h.app.registration.checkChanged(firstApp.id, { kind: 'adverse_final' });
    expect(await mine(h, first.bearer)).toMatchObject({ status: 'rejected', step: 'done' });

    const second = await apply(h, { email: 'second@applicant.example' });
    const secondApp = await as(verify(h, second.verification), MyApplication);
    vetting.complete(secondApp.id, 'clear');
    await h.app.registration.checkChanged(secondApp.id, { kind: 'completed', result: 'clear' });
    expect(await refusal(op('POST', `/applications/${secondApp.id}/decision`, { decision: 'reject', reason: '' }))).toEqual([400, 'invalid_body']);
    const rejected = await as(op('POST', `/applications/${secondApp.id}/decision`, { decision: 'reject', reason: 'We have enough associates in audio for now.' }), ApplicationDetail);
    expect(rejected).toMatchObject({ status: 'rejected', birthDate: null });
    expect((await mailTo('second@applicant.example', 'Your Floorwalker application')).text).toContain('We have enough associates in audio for now.');
    const [account] = await h.db.db.select({ approvedAt: associates.approvedAt }).from(associates).where(eq(associates.id, second.associateId));
    expect(account!.approvedAt).toBeNull();
  });

  it('asks for more, takes the answer back to review; the applicant withdraws', async () => {
    const { h, vetting, op } = await world();
    const applicant = await apply(h);
    const app = await as(verify(h, applicant.verification), MyApplication);
    expect(await refusal(call(h.app, 'POST', '/api/v1/applications/me/reply', applicant.bearer, { message: 'Hello?' }))).toEqual([409, 'conflict']);
    vetting.complete(app.id, 'clear');
    await h.app.registration.checkChanged(app.id, { kind: 'completed', result: 'clear' });
    await as(op('POST', `/applications/${app.id}/decision`, { decision: 'more_info', reason: 'Which brands of speakers did you sell?' }), ApplicationDetail);
    expect((await mailTo('lea@applicant.example', 'A question about your Floorwalker application')).text).toContain('Which brands of speakers did you sell?');
    expect(await mine(h, applicant.bearer)).toMatchObject({ status: 'more_info', step: 'answer_question', decisionReason: 'Which brands of speakers did you sell?' });
    const replied = await as(call(h.app, 'POST', '/api/v1/applications/me/reply', applicant.bearer, { message: 'Bose, Sonos and JBL.' }), MyApplication);
    expect(replied.status).toBe('review');
    expect(replied.events.at(-1)).toMatchObject({ kind: 'replied', message: 'Bose, Sonos and JBL.' });
    const withdrawn = await as(call(h.app, 'POST', '/api/v1/applications/me/withdraw', applicant.bearer), MyApplication);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', step: 'done' });
    expect(await refusal(call(h.app, 'POST', '/api/v1/applications/me/withdraw', applicant.bearer))).toEqual([409, 'conflict']);
    expect(await refusal(op('POST', `/applications/${app.id}/decision`, { decision: 'approve', reason: 'Too late.' }))).toEqual([409, 'conflict']);
  });

  it('refuses bad input with a code and writes nothing of it; only the applicant and only operators', async () => {
    const { h, op } = await world();
    const rows = async () => rowsOf<{ n: number }>(await h.db.db.execute(sql`select (select count(*) from associates)::int + (select count(*) from applications)::int + (select count(*) from associate_links)::int as n`))[0]!.n;
    const was = await rows();
    const register = (body: unknown) => refusal(call(h.app, 'POST', '/api/v1/applications', null, body));
    expect(await register(form({ password: 'lea@applicant.example' }))).toEqual([400, 'invalid_body']);
    expect(await register(form({ password: 'aaaaaaaaaaaa' }))).toEqual([400, 'invalid_body']);
    expect(await register(form({ consent: { authorized: true, version: '2001-01-01' } }))).toEqual([400, 'invalid_body']);
    expect(await register(form({ consent: { authorized: false, version: CHECKS_DISCLOSURE.version } }))).toEqual([400, 'invalid_body']);
    expect(await register(form({ birthDate: '1990-02-30' }))).toEqual([400, 'invalid_body']);
    expect(await register(form({ country: 'FRA' }))).toEqual([400, 'invalid_body']);
    expect(await register(form({ categories: [] }))).toEqual([400, 'invalid_body']);
    expect(await register(form({ timezone: 'Mars/Olympus' }))).toEqual([400, 'invalid_body']);
    expect(await register({ ...form(), extra: true })).toEqual([400, 'invalid_body']);
    expect(await refusal(verify(h, 'fwv_neverissuedneverissued'))).toEqual([400, 'link_invalid']);
    expect(await refusal(verify(h, 'fwi_not-our-kind-of-token'))).toEqual([400, 'invalid_body']);
    expect(await rows()).toBe(was);
    expect(await refusal(op('PUT', '/join-settings', { countries: ['FR', 'FR'], minimumAge: 18, requiredDocuments: [], languages: [], checkPackage: 'x' }))).toEqual([400, 'invalid_body']);
    expect((await as(op('GET', '/join-settings'), JoinSettings)).updatedAt).toBeNull();
    expect(await refusal(op('GET', '/applications?after=not-a-cursor'))).toEqual([400, 'invalid_query']);
    expect(await refusal(op('GET', `/applications/${crypto.randomUUID()}`))).toEqual([404, 'not_found']);
    expect(await refusal(op('POST', `/applications/${crypto.randomUUID()}/decision`, { decision: 'approve', reason: 'x' }))).toEqual([404, 'not_found']);

    // The applicant's routes: the applicant only (another associate has no application).
    const applicant = await apply(h);
    const employee = await as(call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { email: 'ana@volt.example', displayName: 'Ana' }), { parse: (v) => v as { invitation: { token: string } } }, 201);
    await call(h.app, 'POST', '/api/v1/associates/password/set', null, { token: employee.invitation.token, password: PASSWORD });
    const employeeToken = (await as(call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email: 'ana@volt.example', password: PASSWORD }), SignedIn)).token;
    expect(await refusal(call(h.app, 'GET', '/api/v1/applications/me', employeeToken))).toEqual([404, 'not_found']);
    expect(await refusal(call(h.app, 'GET', '/api/v1/applications/me', null))).toEqual([401, 'unauthorized']);
    expect((await mine(h, applicant.bearer)).status).toBe('unverified');
    // The operator's routes: operators only.
    const owner: ConsoleParty = await consoleUser(h.app, { email: 'owner@volt.example', enterpriseId: h.seed.volt.id, role: 'owner' });
    expect(await refusal(consoleCall(h.app, 'GET', '/api/v1/marketplace/applications', owner))).toEqual([403, 'operator_only']);
    expect(await refusal(call(h.app, 'GET', '/api/v1/marketplace/applications', h.seed.voltKey))).toEqual([401, 'unauthorized']);
    expect(await refusal(call(h.app, 'GET', '/api/v1/marketplace/applications', applicant.bearer))).toEqual([401, 'unauthorized']);
  });

  it('pages the queue oldest change first, and mails a new verification link on request', async () => {
    const { h, op } = await world();
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      await apply(h, { email: `${name}@applicant.example` });
      h.clock.advance(1_000);
    }
    let after: string | null = null;
    do {
      const page: ApplicationPage = await as(op('GET', `/applications?limit=2${after ? `&after=${after}` : ''}`), ApplicationPage);
      ids.push(...page.applications.map((a) => a.email));
      after = page.next;
    } while (after);
    expect(ids).toEqual(['a@applicant.example', 'b@applicant.example', 'c@applicant.example']);

    const applicant = await apply(h, { email: 'd@applicant.example' });
    await as(call(h.app, 'POST', '/api/v1/applications/me/verification', applicant.bearer), MyApplication);
    const again = tokenOf(linkIn(await mailTo('d@applicant.example', 'Confirm your e-mail address for Floorwalker')));
    expect(await refusal(verify(h, applicant.verification))).toEqual([400, 'link_invalid']);
    expect((await as(verify(h, again), MyApplication)).emailVerified).toBe(true);
    expect(await refusal(call(h.app, 'POST', '/api/v1/applications/me/verification', applicant.bearer))).toEqual([409, 'conflict']);
  });
});

describe.each(DB_KINDS)('registration’s rate limit on %s', (kind) => {
  const api = useApi(kind, { limits: { ...defaultLimits, passwordCost: 10, signIn: { perAddress: { capacity: 2, perSecond: 0.001 }, perAccount: { capacity: 2, perSecond: 0.001 } } } });

  it('limits applications per network address like sign-in: 429 with Retry-After, nothing made', async () => {
    const h = api();
    for (const n of [1, 2]) expect((await call(h.app, 'POST', '/api/v1/applications', null, form({ email: `n${n}@applicant.example` }))).status).toBe(202);
    const refused = await call(h.app, 'POST', '/api/v1/applications', null, form({ email: 'n3@applicant.example' }));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await h.app.registration.idle();
    expect((await h.db.db.select({ email: associates.email }).from(associates).where(eq(associates.email, 'n3@applicant.example'))).length).toBe(0);
  });
});
