import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AdmissionSent, AssociateList, AssociateView, EnterpriseAdmissionList, IndependentPage, MyAdmissionList, ScheduleException, ScheduleExceptionList, SignedIn } from '../../../../shared/associates';
import { applications, associates as associateRows } from '../../db/schema';
import { rowsOf } from '../../db/records';
import { hashPassword } from '../../secrets';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { consoleCall, consoleUser } from '../../testing/console';
import { browse, T0 } from '../../testing/fixtures';
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

  it('the enterprise’s list of invitations says whether the invitee holds a valid pass of the required test yet, and since when', async () => {
    const h = api();
    const now = h.clock.now();
    const ivy = await independent(h, 'ivy@freelance.example', { displayName: 'Ivy' });
    const zoe = await independent(h, 'zoe@freelance.example', { displayName: 'Zoe' });
    const bank = await insertBank(h.db.db, { enterpriseId: h.seed.volt.id, category: ['Audio'], level: 3, title: 'Volt audio basics' }, now);
    const invite = async (body: object) => expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { ...body, requiredBankId: bank })).status).toBe(202);
    await invite({ email: 'ivy@freelance.example' });
    await invite({ associateId: zoe.id });
    await invite({ email: 'ghost@nowhere.example' });
    const listed = async (key = h.seed.voltKey) => {
      const res = await call(h.app, 'GET', '/api/v1/associates/admissions', key);
      expect(res.status).toBe(200);
      const admissions = EnterpriseAdmissionList.parse(await res.json()).admissions;
      return Object.fromEntries(admissions.map((a) => [a.associate?.displayName ?? a.email, a.requiredTest && { passed: a.requiredTest.passed, passedAt: a.requiredTest.passedAt }]));
    };
    const notYet = { passed: false, passedAt: null };
    expect(await listed()).toEqual({ 'ivy@freelance.example': notYet, Zoe: notYet, 'ghost@nowhere.example': notYet });

    // Ivy passes it (by address); Zoe (invited by id) passed it once, but that pass has expired.
    await insertEarned(h.db.db, ivy.id, bank, now);
    await insertEarned(h.db.db, zoe.id, bank, new Date(now.getTime() - 400 * 86_400_000), new Date(now.getTime() - 1));
    // A pass of another test (the marketplace's, the same category) is not the one required.
    await insertEarned(h.db.db, zoe.id, await insertBank(h.db.db, { enterpriseId: null, category: ['Audio'], level: 3 }, now), now);
    expect(await listed()).toEqual({ 'ivy@freelance.example': { passed: true, passedAt: T0 }, Zoe: notYet, 'ghost@nowhere.example': notYet });
    // The whole test as before, with the progress.
    const ivyRow = EnterpriseAdmissionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/admissions', h.seed.voltKey)).json()).admissions.find((a) => a.email === 'ivy@freelance.example');
    expect(ivyRow!.requiredTest).toEqual({ bankId: bank, title: 'Volt audio basics', category: ['Audio'], level: 3, passed: true, passedAt: T0 });

    // Once the pass lets Ivy accept, the accepted invitation still says so; no test required: null; Summit sees none of Volt's.
    expect((await call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/accept`, ivy.token)).status).toBe(200);
    expect((await listed())['ivy@freelance.example']).toEqual({ passed: true, passedAt: T0 });
    await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.summitKey, { email: 'ivy@freelance.example' });
    expect(await listed(h.seed.summitKey)).toEqual({ 'ivy@freelance.example': null });
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

describe.each(DB_KINDS)('test accreditations in the enterprise’s list of associates on %s', (kind) => {
  const api = useApi(kind);
  const listed = async (h: ApiHarness, key: string, name: string) => {
    const res = await call(h.app, 'GET', '/api/v1/associates', key);
    expect(res.status).toBe(200);
    return AssociateList.parse(await res.json()).associates.find((a) => a.displayName === name)!;
  };
  const bySource = (a: AssociateView) => a.testAccreditations.map((t) => [t.source, t.category.join(' > '), t.level]);

  it('each enterprise sees the marketplace’s tests and its own, with level and expiry; never another enterprise’s tests; the associate sees all', async () => {
    const h = api();
    const now = h.clock.now();
    const inAYear = new Date(now.getTime() + 365 * 86_400_000).toISOString();
    // Ivy, admitted by both; Ana, Volt's employee.
    const ivy = await independent(h, 'ivy@freelance.example', { displayName: 'Ivy' });
    for (const enterpriseId of [h.seed.volt.id, h.seed.summit.id]) {
      await h.app.associates.inviteToPool(enterpriseId, 'ivy@freelance.example');
      await h.app.associates.answerInvitation(ivy.id, enterpriseId, 'accept');
    }
    const ana = await insertAssociate(h.db.db, { employerId: h.seed.volt.id, displayName: 'Ana' }, now);
    const market = await insertBank(h.db.db, { enterpriseId: null, category: ['Audio'], level: 4, title: 'Audio (marketplace)' }, now);
    const voltTv = await insertBank(h.db.db, { enterpriseId: h.seed.volt.id, category: ['TV'], level: 2, title: 'Volt TVs' }, now);
    const summitCamping = await insertBank(h.db.db, { enterpriseId: h.seed.summit.id, category: ['Camping'], level: 5, title: 'Summit tents' }, now);
    const lapsed = await insertBank(h.db.db, { enterpriseId: null, category: ['Cameras'], level: 3 }, now);
    for (const bank of [market, voltTv, summitCamping]) await insertEarned(h.db.db, ivy.id, bank, now);
    await insertEarned(h.db.db, ivy.id, lapsed, new Date(now.getTime() - 400 * 86_400_000), new Date(now.getTime() - 1));
    await insertEarned(h.db.db, ana, market, now);
    await insertEarned(h.db.db, ana, voltTv, now);
    // A grant stays in `accreditations`, apart.
    expect((await call(h.app, 'PUT', `/api/v1/associates/${ivy.id}/accreditations`, h.seed.voltKey, { accreditations: [{ category: ['Audio'], level: 2 }] })).status).toBe(200);

    const atVolt = await listed(h, h.seed.voltKey, 'Ivy');
    expect(atVolt.testAccreditations).toEqual([
      { bankId: market, title: 'Audio (marketplace)', category: ['Audio'], level: 4, source: 'marketplace_test', earnedAt: T0, expiresAt: inAYear },
      { bankId: voltTv, title: 'Volt TVs', category: ['TV'], level: 2, source: 'enterprise_test', earnedAt: T0, expiresAt: inAYear },
    ]);
    expect(atVolt.accreditations.map((a) => [a.category, a.level])).toEqual([[['Audio'], 2]]);
    expect(bySource(await listed(h, h.seed.summitKey, 'Ivy'))).toEqual([
      ['marketplace_test', 'Audio', 4],
      ['enterprise_test', 'Camping', 5],
    ]);
    expect(bySource(await listed(h, h.seed.voltKey, 'Ana'))).toEqual([
      ['marketplace_test', 'Audio', 4],
      ['enterprise_test', 'TV', 2],
    ]);
    // Summit's answer never names Volt's test, nor Volt's Summit's.
    expect(JSON.stringify(await (await call(h.app, 'GET', '/api/v1/associates', h.seed.summitKey)).json())).not.toContain(voltTv);
    expect(JSON.stringify(await (await call(h.app, 'GET', '/api/v1/associates', h.seed.voltKey)).json())).not.toContain(summitCamping);
    // The associate's own view holds every valid pass; the lapsed one is nobody's.
    const me = AssociateView.parse(await (await call(h.app, 'GET', '/api/v1/associates/me', ivy.token)).json());
    expect(bySource(me)).toEqual([
      ['marketplace_test', 'Audio', 4],
      ['enterprise_test', 'Camping', 5],
      ['enterprise_test', 'TV', 2],
    ]);
    // An analyst reads the list (the associates area is read from analyst up) with the same passes.
    const analyst = await consoleUser(h.app, { email: 'analyst@volt.example', enterpriseId: h.seed.volt.id, role: 'analyst' });
    const res = await consoleCall(h.app, 'GET', '/api/v1/associates', analyst);
    expect(res.status).toBe(200);
    expect(AssociateList.parse(await res.json()).associates.find((a) => a.id === ivy.id)!.testAccreditations).toEqual(atVolt.testAccreditations);
    // The grant answer (PUT) carries them too, as the enterprise sees them.
    const put = await call(h.app, 'PUT', `/api/v1/associates/${ivy.id}/accreditations`, h.seed.summitKey, { accreditations: [] });
    expect(bySource(AssociateView.parse(await put.json()))).toEqual([
      ['marketplace_test', 'Audio', 4],
      ['enterprise_test', 'Camping', 5],
    ]);
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

  it('the enterprise reads its employees’ and admitted independents’ exceptions, from today in their zone or in a range; anyone else’s is a 404', async () => {
    const h = api();
    const ivy = await independent(h, 'ivy@freelance.example', { timezone: 'Pacific/Kiritimati' });
    await h.app.associates.inviteToPool(h.seed.volt.id, 'ivy@freelance.example');
    await h.app.associates.answerInvitation(ivy.id, h.seed.volt.id, 'accept');
    const max = await independent(h, 'max@freelance.example');
    const ana = await insertAssociate(h.db.db, { employerId: h.seed.volt.id, displayName: 'Ana', timezone: 'Europe/Paris', email: 'ana@volt.example', passwordHash: await hashPassword(PASSWORD, 10) }, h.clock.now());
    const anaToken = SignedIn.parse(await (await call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email: 'ana@volt.example', password: PASSWORD })).json()).token;
    for (const [token, date, body] of [
      [ivy.token, '2026-03-03', { periods: [{ from: '18:00', to: '20:00' }] }],
      [ivy.token, '2026-03-10', { note: 'Dentist' }],
      [ivy.token, '2026-06-01', {}],
      [max.token, '2026-03-10', {}],
      [anaToken, '2026-03-02', { note: 'Off today' }],
    ] as const) expect((await call(h.app, 'PUT', path(date), token, body)).status).toBe(200);
    // Kept in the past: an exception set for a date that has gone by since.
    await h.db.db.execute(sql`insert into schedule_exceptions (associate_id, date, periods, note, created_at) values (${ivy.id}, '2026-02-20', '[]'::jsonb, null, ${T0})`);

    const read = async (id: string, query = '', key = h.seed.voltKey) => call(h.app, 'GET', `/api/v1/associates/${id}/schedule-exceptions${query}`, key);
    const dates = async (id: string, query = '') => {
      const res = await read(id, query);
      expect(res.status, await res.clone().text()).toBe(200);
      return ScheduleExceptionList.parse(await res.json()).exceptions.map((e) => e.date);
    };
    // From today in the associate's zone: already 3 March in Kiritimati, still 2 March in Paris.
    expect(ScheduleExceptionList.parse(await (await read(ivy.id)).json())).toEqual({
      timezone: 'Pacific/Kiritimati',
      today: '2026-03-03',
      exceptions: [
        { date: '2026-03-03', periods: [{ from: '18:00', to: '20:00' }], note: null },
        { date: '2026-03-10', periods: [], note: 'Dentist' },
        { date: '2026-06-01', periods: [], note: null },
      ],
    });
    expect(ScheduleExceptionList.parse(await (await read(ana)).json())).toMatchObject({ today: '2026-03-02', exceptions: [{ date: '2026-03-02', note: 'Off today' }] });
    expect(await dates(ivy.id, '?to=2026-03-10')).toEqual(['2026-03-03', '2026-03-10']);
    expect(await dates(ivy.id, '?from=2026-02-01&to=2026-03-05')).toEqual(['2026-02-20', '2026-03-03']);
    expect(await dates(ivy.id, '?from=2026-03-04')).toEqual(['2026-03-10', '2026-06-01']);
    expect(await dates(ivy.id, '?from=2026-03-10&to=2026-03-10')).toEqual(['2026-03-10']);

    // Not Volt's (Max is in no pool of Volt's), not Summit's, unknown, not an id: all 404, told alike.
    for (const [id, key] of [
      [max.id, h.seed.voltKey],
      [ivy.id, h.seed.summitKey],
      [ana, h.seed.summitKey],
      [crypto.randomUUID(), h.seed.voltKey],
      ['not-a-uuid', h.seed.voltKey],
    ] as const) {
      const res = await read(id, '', key);
      expect(res.status, id).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    // A range refused: to before from, more than a year, a date that does not exist, an unknown parameter.
    for (const query of ['?from=2026-03-10&to=2026-03-09', '?from=2026-03-01&to=2027-03-03', '?from=2026-02-30', '?to=soon', '?date=2026-03-03']) {
      const res = await read(ivy.id, query);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.code, query).toBe('invalid_query');
    }
    expect((await read(ivy.id, '?from=2026-03-01&to=2027-03-02')).status).toBe(200);
    // An analyst reads them; an associate (Ivy herself) and nobody cannot, by this route.
    const analyst = await consoleUser(h.app, { email: 'analyst@volt.example', enterpriseId: h.seed.volt.id, role: 'analyst' });
    const byAnalyst = await consoleCall(h.app, 'GET', `/api/v1/associates/${ivy.id}/schedule-exceptions`, analyst);
    expect(byAnalyst.status).toBe(200);
    expect(ScheduleExceptionList.parse(await byAnalyst.json()).exceptions).toHaveLength(3);
    expect((await read(ivy.id, '', ivy.token)).status).toBe(401);
    expect((await call(h.app, 'GET', `/api/v1/associates/${ivy.id}/schedule-exceptions`, null)).status).toBe(401);
    // The associate's own route is theirs still.
    expect(ScheduleExceptionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/schedule-exceptions', ivy.token)).json()).exceptions).toHaveLength(3);
  });
});
