import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AdmissionSent, EnterpriseAdmissionList, IndependentPage, MyAdmissionList, ScheduleException, ScheduleExceptionList, SignedIn } from '../../../../shared/associates';
import { applications, associates as associateRows } from '../../db/schema';
import { rowsOf } from '../../db/records';
import { hashPassword } from '../../secrets';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { consoleCall, consoleUser } from '../../testing/console';
import { browse } from '../../testing/fixtures';
import { DB_KINDS } from '../../testing/databases';
import { insertBank, insertEarned } from '../../testing/earned';
import { insertAssociate, insertEngagement, insertOpportunity } from '../../testing/routing';

const PASSWORD = 'correct horse battery';

/** An independent (registered and approved unless `approvedAt: null`), signed in. */
async function independent(
  h: ApiHarness,
  email: string,
  over: { displayName?: string; approvedAt?: Date | null; languages?: string[]; timezone?: string; categories?: string[][]; active?: boolean } = {},
): Promise<{ id: string; token: string }> {
  const id = await insertAssociate(
    h.db.db,
    {
      employerId: null,
      email,
      displayName: over.displayName ?? email.split('@')[0]!,
      passwordHash: await hashPassword(PASSWORD, 10),
      presence: 'away',
      approvedAt: over.approvedAt,
      languages: over.languages,
      timezone: over.timezone,
      active: over.active,
    },
    h.clock.now(),
  );
  if (over.categories) {
    const now = h.clock.now();
    await h.db.db.insert(applications).values({
      id: crypto.randomUUID(),
      associateId: id,
      status: over.approvedAt === null ? 'review' : 'approved',
      givenName: 'Given',
      familyName: 'Family',
      country: 'FR',
      categories: over.categories,
      experience: 'Years on the shop floor.',
      weeklyHours: 20,
      consentedAt: now,
      consentVersion: '1',
      createdAt: now,
      updatedAt: now,
    });
  }
  // A deactivated account cannot sign in.
  if (over.active === false) return { id, token: '' };
  const signedIn = await call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password: PASSWORD });
  return { id, token: SignedIn.parse(await signedIn.json()).token };
}

describe.each(DB_KINDS)('admission by retailers on %s', (kind) => {
  const api = useApi(kind);
  const accept = (h: ApiHarness, token: string, enterpriseId: string) => call(h.app, 'POST', `/api/v1/associates/me/admissions/${enterpriseId}/accept`, token);
  const mine = async (h: ApiHarness, token: string) => MyAdmissionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/admissions', token)).json()).admissions;
  const admittedBy = async (h: ApiHarness, associateId: string) =>
    rowsOf<{ enterprise_id: string }>(await h.db.db.execute(sql`select enterprise_id from associate_admissions where associate_id = ${associateId}`)).map((r) => r.enterprise_id);

  it('an invitation requiring the enterprise’s own test is refused (409 test_required) until a valid pass exists, then accepted', async () => {
    const h = api();
    const ivy = await independent(h, 'ivy@freelance.example');
    const bank = await insertBank(h.db.db, { enterpriseId: h.seed.volt.id, category: ['Audio'], level: 3, title: 'Volt audio basics' }, h.clock.now());
    const invited = await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: 'ivy@freelance.example', requiredBankId: bank });
    expect(invited.status).toBe(202);

    expect((await mine(h, ivy.token))[0]).toMatchObject({
      status: 'invited',
      requiredTest: { bankId: bank, title: 'Volt audio basics', category: ['Audio'], level: 3, passed: false },
    });
    const refused = await accept(h, ivy.token, h.seed.volt.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: 'test_required', message: expect.stringContaining('Volt audio basics') });
    expect(await admittedBy(h, ivy.id)).toEqual([]);

    // An expired pass is no pass.
    await insertEarned(h.db.db, ivy.id, bank, h.clock.now(), new Date(h.clock.now().getTime() - 1));
    expect((await accept(h, ivy.token, h.seed.volt.id)).status).toBe(409);
    await insertEarned(h.db.db, ivy.id, bank, h.clock.now());
    expect((await mine(h, ivy.token))[0]!.requiredTest?.passed).toBe(true);
    const accepted = await accept(h, ivy.token, h.seed.volt.id);
    expect(accepted.status).toBe(200);
    expect(await admittedBy(h, ivy.id)).toEqual([h.seed.volt.id]);
    const list = EnterpriseAdmissionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/admissions', h.seed.voltKey)).json()).admissions;
    expect(list[0]).toMatchObject({ email: 'ivy@freelance.example', status: 'accepted', requiredTest: { bankId: bank, title: 'Volt audio basics' } });
  });

  it('requires one of the enterprise’s own published banks: another’s, the marketplace’s or an unpublished one is a 400 naming the field, and nothing is written', async () => {
    const h = api();
    const now = h.clock.now();
    const banks = [
      await insertBank(h.db.db, { enterpriseId: h.seed.summit.id, category: ['Audio'], level: 3 }, now),
      await insertBank(h.db.db, { enterpriseId: null, category: ['Audio'], level: 3 }, now),
      await insertBank(h.db.db, { enterpriseId: h.seed.volt.id, category: ['Audio'], level: 3, published: false }, now),
      crypto.randomUUID(),
    ];
    for (const requiredBankId of banks) {
      const res = await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: 'ivy@freelance.example', requiredBankId });
      expect(res.status).toBe(400);
      expect((await res.json()).error.issues[0].path).toEqual(['requiredBankId']);
    }
    const [count] = rowsOf<{ n: number }>(await h.db.db.execute(sql`select count(*)::int as n from admission_invitations`));
    expect(count!.n).toBe(0);
  });

  it('an independent the marketplace has not approved sees an invitation but cannot accept it (409 not_approved), nor be invited by id', async () => {
    const h = api();
    const applicant = await independent(h, 'new@freelance.example', { approvedAt: null });
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: 'new@freelance.example' })).status).toBe(202);
    expect((await mine(h, applicant.token)).map((a) => a.status)).toEqual(['invited']);
    const refused = await accept(h, applicant.token, h.seed.volt.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('not_approved');
    expect(await admittedBy(h, applicant.id)).toEqual([]);
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.summitKey, { associateId: applicant.id })).status).toBe(404);
    // Approved: the same invitation can be accepted.
    await h.db.db.update(associateRows).set({ approvedAt: h.clock.now() });
    expect((await accept(h, applicant.token, h.seed.volt.id)).status).toBe(200);
  });

  it('invites from the directory by id: the address stays hidden from the enterprise until the associate accepts', async () => {
    const h = api();
    const ivy = await independent(h, 'ivy@freelance.example', { displayName: 'Ivy Moreau' });
    const res = await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { associateId: ivy.id });
    expect(res.status).toBe(202);
    expect(AdmissionSent.parse(await res.json())).toMatchObject({ associateId: ivy.id });
    const invitations = async () => EnterpriseAdmissionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/admissions', h.seed.voltKey)).json()).admissions;
    expect(await invitations()).toEqual([
      { email: null, associate: { id: ivy.id, displayName: 'Ivy Moreau' }, requiredTest: null, status: 'invited', invitedAt: h.clock.now().toISOString(), answeredAt: null },
    ]);
    expect(JSON.stringify(await invitations())).not.toContain('freelance.example');
    expect((await accept(h, ivy.token, h.seed.volt.id)).status).toBe(200);
    expect((await invitations())[0]).toMatchObject({ email: 'ivy@freelance.example', status: 'accepted' });
    // Neither an employee nor an unknown id can be invited by id.
    const employee = await insertAssociate(h.db.db, { employerId: h.seed.summit.id }, h.clock.now());
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { associateId: employee })).status).toBe(404);
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { associateId: crypto.randomUUID() })).status).toBe(404);
  });

  it('an independent made by AssociatesService.invite(null, …) (the demo seed’s) is approved at once', async () => {
    const h = api();
    const made = await h.app.associates.invite(null, { email: 'demo@freelance.example', displayName: 'Demo', languages: ['en'], timezone: 'UTC', schedule: [], capacity: 2, contact: { notify: true, sound: false, channels: ['chat'] } }, { mail: false });
    const employee = await h.app.associates.invite(h.seed.volt.id, { email: 'staff@volt.example', displayName: 'Staff', languages: ['en'], timezone: 'UTC', schedule: [], capacity: 2, contact: { notify: true, sound: false, channels: ['chat'] } }, { mail: false });
    const approved = rowsOf<{ id: string; approved_at: unknown }>(await h.db.db.execute(sql`select id, approved_at from associates`));
    expect(approved.find((r) => r.id === made.associate.id)!.approved_at).not.toBeNull();
    expect(approved.find((r) => r.id === employee.associate.id)!.approved_at).toBeNull();
  });
});

describe.each(DB_KINDS)('the directory of approved independents on %s', (kind) => {
  const api = useApi(kind);
  const directory = async (h: ApiHarness, query = '', key = h.seed.voltKey) => {
    const res = await call(h.app, 'GET', `/api/v1/independents${query}`, key);
    expect(res.status, await res.clone().text()).toBe(200);
    return IndependentPage.parse(await res.json());
  };
  const names = async (h: ApiHarness, query = '') => (await directory(h, query)).independents.map((i) => i.displayName);

  async function world(h: ApiHarness) {
    const now = h.clock.now();
    const ivy = await independent(h, 'ivy@freelance.example', { displayName: 'Ivy', languages: ['fr', 'en'], timezone: 'Europe/Paris', categories: [['Audio', 'Headphones']] });
    const max = await independent(h, 'max@freelance.example', { displayName: 'Max', languages: ['en'], timezone: 'America/New_York', categories: [['TV']] });
    const zoe = await independent(h, 'zoe@freelance.example', { displayName: 'Zoe', languages: ['de'], timezone: 'Europe/Berlin' });
    // Never listed: an applicant, a deactivated account, an employee.
    await independent(h, 'applicant@freelance.example', { displayName: 'Applicant', approvedAt: null, categories: [['Audio']] });
    await independent(h, 'gone@freelance.example', { displayName: 'Gone', active: false, categories: [['Audio']] });
    await insertAssociate(h.db.db, { employerId: h.seed.summit.id, displayName: 'Summit staff', languages: ['fr'] }, now);
    // Zoe passed a marketplace test in Audio at level 4 (seen by all), and Summit's own TV test (seen by Summit only).
    await insertEarned(h.db.db, zoe.id, await insertBank(h.db.db, { enterpriseId: null, category: ['Audio'], level: 4 }, now), now);
    await insertEarned(h.db.db, zoe.id, await insertBank(h.db.db, { enterpriseId: h.seed.summit.id, category: ['TV'], level: 5 }, now), now);
    // Max's marketplace pass in TV expired.
    await insertEarned(h.db.db, max.id, await insertBank(h.db.db, { enterpriseId: null, category: ['TV'], level: 5 }, now), now, new Date(now.getTime() - 1));
    return { ivy, max, zoe };
  }

  it('lists approved independents only, without an address, by name', async () => {
    const h = api();
    await world(h);
    const page = await directory(h);
    expect(page.independents.map((i) => i.displayName)).toEqual(['Ivy', 'Max', 'Zoe']);
    expect(JSON.stringify(page)).not.toContain('@');
    expect(page.independents[0]).toMatchObject({ languages: ['fr', 'en'], timezone: 'Europe/Paris', categories: [['Audio', 'Headphones']], accreditations: [], invitation: null, admitted: false });
  });

  it('filters by category (declared or accredited), minimum level, language and time zone', async () => {
    const h = api();
    await world(h);
    expect(await names(h, '?category=Audio')).toEqual(['Ivy', 'Zoe']);
    expect(await names(h, `?category=${encodeURIComponent('audio > Headphones')}`)).toEqual(['Ivy', 'Zoe']);
    expect(await names(h, '?category=Audiobooks')).toEqual([]);
    // A level needs a valid accreditation covering the category: a declared wish is not one.
    expect(await names(h, '?category=Audio&minLevel=4')).toEqual(['Zoe']);
    expect(await names(h, '?category=Audio&minLevel=5')).toEqual([]);
    // Max's TV pass expired; Zoe's TV pass is Summit's own test, which Volt does not see.
    expect(await names(h, '?category=TV&minLevel=1')).toEqual([]);
    expect((await directory(h, '?category=TV&minLevel=1', h.seed.summitKey)).independents.map((i) => i.displayName)).toEqual(['Zoe']);
    expect(await names(h, '?minLevel=3')).toEqual(['Zoe']);
    expect(await names(h, '?language=en')).toEqual(['Ivy', 'Max']);
    expect(await names(h, `?timezone=${encodeURIComponent('Europe/Berlin')}`)).toEqual(['Zoe']);
    expect(await names(h, '?language=fr&category=TV')).toEqual([]);
  });

  it('shows the accreditations the enterprise can see, its own invitation and admission, and the record over past engagements', async () => {
    const h = api();
    const { ivy, zoe } = await world(h);
    expect((await directory(h)).independents.find((i) => i.id === zoe.id)!.accreditations).toEqual([
      { category: ['Audio'], level: 4, expiresAt: expect.any(String), source: 'marketplace_test' },
    ]);
    expect((await directory(h, '', h.seed.summitKey)).independents.find((i) => i.id === zoe.id)!.accreditations.map((a) => a.source)).toEqual(['enterprise_test', 'marketplace_test']);

    await h.app.associates.inviteToPool(h.seed.volt.id, 'ivy@freelance.example');
    await h.app.associates.answerInvitation(ivy.id, h.seed.volt.id, 'accept');
    await h.app.associates.inviteIndependent(h.seed.volt.id, zoe.id);
    // Ivy's engagements for Summit: two outcomes, one sale (counts only, no enterprise named).
    expect((await h.post({ events: browse() })).status).toBe(202);
    const [session] = rowsOf<{ id: string; shopperId: string }>(await h.db.db.execute(sql`select id, shopper_id as "shopperId" from sessions limit 1`));
    const where = { sessionId: session!.id, shopperId: session!.shopperId };
    for (const sale of [true, false]) {
      const o = await insertOpportunity(h.db.db, { enterpriseId: h.seed.summit.id, ...where, category: ['Audio'] }, h.clock.now());
      const e = await insertEngagement(h.db.db, { opportunityId: o, enterpriseId: h.seed.summit.id, associateId: ivy.id, ...where, category: ['Audio'], status: 'accepted' }, h.clock.now());
      await h.db.db.execute(sql`insert into outcomes (engagement_id, sale, recorded_by, recorded_at) values (${e}, ${sale}, 'associate', ${h.clock.now().toISOString()})`);
    }
    const listed = Object.fromEntries((await directory(h)).independents.map((i) => [i.displayName, i]));
    expect(listed.Ivy).toMatchObject({ invitation: 'accepted', admitted: true, record: { outcomes: 2, sales: 1, conversion: 0.5 } });
    expect(listed.Zoe).toMatchObject({ invitation: 'invited', admitted: false, record: { outcomes: 0, sales: 0, conversion: null } });
    expect((await directory(h, '', h.seed.summitKey)).independents.map((i) => [i.displayName, i.invitation])).toEqual([
      ['Ivy', null],
      ['Max', null],
      ['Zoe', null],
    ]);
  });

  it('pages on the server with a cursor; a cursor it did not make is a 400', async () => {
    const h = api();
    await world(h);
    const first = await directory(h, '?limit=2');
    expect(first.independents.map((i) => i.displayName)).toEqual(['Ivy', 'Max']);
    expect(first.next).not.toBeNull();
    const second = await directory(h, `?limit=2&after=${first.next}`);
    expect(second).toMatchObject({ next: null });
    expect(second.independents.map((i) => i.displayName)).toEqual(['Zoe']);
    for (const query of ['?after=nonsense', '?limit=0', '?limit=101', '?minLevel=6', '?language=French', '?timezone=Mars%2FOlympus', '?unknown=1']) {
      const res = await call(h.app, 'GET', `/api/v1/independents${query}`, h.seed.voltKey);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_query');
    }
  });

  it('is for who admits associates: a sales lead reads it, an analyst is refused, an associate too', async () => {
    const h = api();
    const ivy = await world(h).then((w) => w.ivy);
    const lead = await consoleUser(h.app, { email: 'lead@volt.example', enterpriseId: h.seed.volt.id, role: 'sales_lead' });
    const analyst = await consoleUser(h.app, { email: 'analyst@volt.example', enterpriseId: h.seed.volt.id, role: 'analyst' });
    expect((await consoleCall(h.app, 'GET', '/api/v1/independents', lead)).status).toBe(200);
    const refused = await consoleCall(h.app, 'GET', '/api/v1/independents', analyst);
    expect(refused.status).toBe(403);
    expect((await call(h.app, 'GET', '/api/v1/independents', ivy.token)).status).toBe(401);
  });
});

describe.each(DB_KINDS)('schedule exceptions on %s', (kind) => {
  const api = useApi(kind);
  const path = (date: string) => `/api/v1/associates/me/schedule-exceptions/${date}`;

  it('the associate sets, lists and removes exceptions in their zone; the list starts today there', async () => {
    const h = api();
    // 10:00 UTC on Monday 2 March is already 23:00 in Auckland (UTC+13): today there is still 2 March; in Kiritimati (UTC+14) it is the 3rd.
    const ivy = await independent(h, 'ivy@freelance.example', { timezone: 'Pacific/Kiritimati' });
    const list = async () => ScheduleExceptionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/schedule-exceptions', ivy.token)).json());
    expect(await list()).toEqual({ timezone: 'Pacific/Kiritimati', today: '2026-03-03', exceptions: [] });

    const off = await call(h.app, 'PUT', path('2026-03-10'), ivy.token, { note: 'Dentist' });
    expect(off.status).toBe(200);
    expect(ScheduleException.parse(await off.json())).toEqual({ date: '2026-03-10', periods: [], note: 'Dentist' });
    const extra = await call(h.app, 'PUT', path('2026-03-03'), ivy.token, { periods: [{ from: '18:00', to: '20:00' }, { from: '08:00', to: '09:30' }] });
    expect(extra.status).toBe(200);
    expect((await list()).exceptions).toEqual([
      { date: '2026-03-03', periods: [{ from: '08:00', to: '09:30' }, { from: '18:00', to: '20:00' }], note: null },
      { date: '2026-03-10', periods: [], note: 'Dentist' },
    ]);
    // Setting a date again replaces it.
    expect((await call(h.app, 'PUT', path('2026-03-10'), ivy.token, { periods: [{ from: '10:00', to: '12:00' }] })).status).toBe(200);
    expect((await list()).exceptions[1]).toEqual({ date: '2026-03-10', periods: [{ from: '10:00', to: '12:00' }], note: null });

    expect((await call(h.app, 'DELETE', path('2026-03-10'), ivy.token)).status).toBe(204);
    expect((await call(h.app, 'DELETE', path('2026-03-10'), ivy.token)).status).toBe(404);
    expect((await list()).exceptions.map((e) => e.date)).toEqual(['2026-03-03']);

    // Another associate sees none of them and removes none of them.
    const max = await independent(h, 'max@freelance.example');
    expect((await call(h.app, 'DELETE', path('2026-03-03'), max.token)).status).toBe(404);
    expect(ScheduleExceptionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/schedule-exceptions', max.token)).json()).exceptions).toEqual([]);
  });

  it('refuses a past date, one more than a year ahead, a date that does not exist and bad hours, writing nothing', async () => {
    const h = api();
    const ivy = await independent(h, 'ivy@freelance.example', { timezone: 'Europe/Paris' });
    const refusals: [string, unknown, string][] = [
      ['2026-03-01', {}, 'invalid_body'],
      ['2027-03-04', {}, 'invalid_body'],
      ['2026-02-30', {}, 'invalid_path'],
      ['tomorrow', {}, 'invalid_path'],
      ['2026-03-05', { periods: [{ from: '10:00', to: '09:00' }] }, 'invalid_body'],
      ['2026-03-05', { periods: [{ from: '25:00', to: '26:00' }] }, 'invalid_body'],
      ['2026-03-05', { periods: [], mood: 'tired' }, 'invalid_body'],
      ['2026-03-05', { note: '' }, 'invalid_body'],
    ];
    for (const [date, body, code] of refusals) {
      const res = await call(h.app, 'PUT', path(date), ivy.token, body);
      expect(res.status, date).toBe(400);
      expect((await res.json()).error.code, date).toBe(code);
    }
    expect((await call(h.app, 'PUT', path('2027-03-02'), ivy.token, {})).status).toBe(200);
    const [count] = rowsOf<{ n: number }>(await h.db.db.execute(sql`select count(*)::int as n from schedule_exceptions`));
    expect(count!.n).toBe(1);
    expect((await call(h.app, 'GET', '/api/v1/associates/me/schedule-exceptions', h.seed.voltKey)).status).toBe(401);
  });
});
