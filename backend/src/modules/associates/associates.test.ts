import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AdmissionSent, AssociateInvited, AssociateList, AssociateView, EnterpriseAdmissionList, MyAdmission, MyAdmissionList, SignedIn } from '../../../../shared/associates';
import { rowsOf } from '../../db/records';
import { hashPassword } from '../../secrets';
import { DB_KINDS } from '../../testing/databases';
import { defaultLimits } from '../../deps';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { T0 } from '../../testing/fixtures';
import { listen } from '../../testing/offers';
import { insertAssociate } from '../../testing/routing';

const ana = { email: 'Ana.Silva@Volt.example', displayName: 'Ana Silva', languages: ['en', 'pt'], timezone: 'Europe/Lisbon' };
const PASSWORD = 'correct horse battery';

/** Invites an associate with the enterprise's key; the associate sets `password` through the invitation. */
async function create(h: ApiHarness, key: string, body: unknown = ana, password = PASSWORD): Promise<AssociateView> {
  const res = await call(h.app, 'POST', '/api/v1/associates', key, body);
  expect(res.status, await res.clone().text()).toBe(201);
  const { associate, invitation } = AssociateInvited.parse(await res.json());
  const set = await call(h.app, 'POST', '/api/v1/associates/password/set', null, { token: invitation.token, password });
  expect(set.status, await set.clone().text()).toBe(200);
  return associate;
}

/** An independent associate (they register themselves; here written directly), signed in, who accepted the given enterprises' invitations. */
async function independent(h: ApiHarness, email: string, acceptedBy: string[] = []): Promise<{ id: string; token: string }> {
  const id = await insertAssociate(h.db.db, { employerId: null, email, displayName: 'Ivy', passwordHash: await hashPassword(PASSWORD, 10), presence: 'away' }, h.clock.now());
  for (const enterpriseId of acceptedBy) {
    await h.app.associates.inviteToPool(enterpriseId, email);
    await h.app.associates.answerInvitation(id, enterpriseId, 'accept');
  }
  return { id, token: SignedIn.parse(await (await signIn(h, email)).json()).token };
}

async function signIn(h: ApiHarness, email = ana.email, password = PASSWORD): Promise<Response> {
  return call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password });
}

describe.each(DB_KINDS)('associates on %s', (kind) => {
  const api = useApi(kind);

  it('an enterprise invites an employee; the password the associate sets is kept only as a salted scrypt hash', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    expect(created).toMatchObject({ email: 'ana.silva@volt.example', employment: 'employed', employerId: h.seed.volt.id, capacity: 3, presence: 'away', connected: false, status: 'invited' });
    const [row] = rowsOf<{ password_hash: string }>(await h.db.db.execute(sql`select password_hash from associates`));
    expect(row!.password_hash).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(row!.password_hash).not.toContain(PASSWORD);
    const me = await call(h.app, 'GET', '/api/v1/associates', h.seed.voltKey);
    expect(AssociateList.parse(await me.json()).associates[0]!.status).toBe('active');
  });

  it('refuses a taken e-mail (409, any case), a password in the body and a bad schedule or zone (400 naming the field)', async () => {
    const h = api();
    await create(h, h.seed.voltKey);
    const taken = await call(h.app, 'POST', '/api/v1/associates', h.seed.summitKey, { ...ana, email: 'ANA.SILVA@volt.example' });
    expect(taken.status).toBe(409);
    // Nobody but the associate chooses their password.
    const withPassword = await call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { ...ana, email: 'bo@volt.example', password: 'an enterprise-chosen password' });
    expect(withPassword.status).toBe(400);
    const schedule = await call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { ...ana, email: 'cy@volt.example', schedule: [{ day: 8, from: '10:00', to: '09:00' }] });
    expect(schedule.status).toBe(400);
    // An enterprise creates employees only: independents register themselves, and join a pool by accepting an invitation.
    const selfEmployed = await call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { ...ana, email: 'ivy@freelance.example', employment: 'independent' });
    expect(selfEmployed.status).toBe(400);
    const zone = await call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { ...ana, email: 'di@volt.example', timezone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect((await zone.json()).error.issues[0].path).toEqual(['timezone']);
    const [count] = rowsOf<{ n: number }>(await h.db.db.execute(sql`select count(*)::int as n from associates`));
    expect(count!.n).toBe(1);
  });

  it('signs in with the right password only, the same 401 for an unknown address; the token works until sign-out', async () => {
    const h = api();
    await create(h, h.seed.voltKey);
    const wrong = await signIn(h, ana.email, 'not the password');
    const unknown = await signIn(h, 'nobody@volt.example', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).error.message).toBe((await unknown.json()).error.message);

    const res = await signIn(h, 'ana.silva@VOLT.example');
    expect(res.status).toBe(200);
    const signed = SignedIn.parse(await res.json());
    expect(signed.token).toMatch(/^fwa_/);
    expect(signed.associate.email).toBe('ana.silva@volt.example');
    const me = await call(h.app, 'GET', '/api/v1/associates/me', signed.token);
    expect(me.status).toBe(200);
    // Only the token's hash is stored.
    const [stored] = rowsOf<{ n: number }>(await h.db.db.execute(sql`select count(*)::int as n from associate_tokens where token_hash = ${signed.token}`));
    expect(stored!.n).toBe(0);

    expect((await call(h.app, 'POST', '/api/v1/associates/sign-out', signed.token)).status).toBe(204);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', signed.token)).status).toBe(401);
  });

  it('a token stops working when it expires', async () => {
    const h = api();
    await create(h, h.seed.voltKey);
    const { token } = SignedIn.parse(await (await signIn(h)).json());
    h.clock.advance(11 * 3600_000);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', token)).status).toBe(200);
    h.clock.advance(2 * 3600_000);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', token)).status).toBe(401);
  });

  it('slows down failed sign-ins per address and per address and e-mail, with Retry-After; nobody elsewhere locks the associate out', async () => {
    const h = api();
    await create(h, h.seed.voltKey);
    // Behind one trusted proxy: the client is the last X-Forwarded-For entry.
    const app = h.appWith({ trustedProxyHops: 1 });
    const from = (address: string, email = ana.email, password = PASSWORD) =>
      app.http.request('/api/v1/associates/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email, password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await from('198.51.100.66', ana.email, `wrong password ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await from('198.51.100.66');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The real associate, at their own address, is not locked out; whose budget is their own.
    expect((await from('203.0.113.5')).status).toBe(200);
    // A success forgets that address's failures for the account: five more tries before a pause.
    for (let i = 0; i < 4; i++) expect((await from('203.0.113.5', ana.email, 'wrong')).status).toBe(401);
    expect((await from('203.0.113.5')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await from('203.0.113.5', ana.email, 'wrong')).status).toBe(401);
    expect((await from('203.0.113.5')).status).toBe(429);
    // The pause ends: one try a minute.
    h.clock.advance(60_000);
    expect((await from('198.51.100.66')).status).toBe(200);
  });

  it('slows down an address trying many accounts, and groups an IPv6 /64 as one address', async () => {
    const h = api();
    const app = h.appWith({ trustedProxyHops: 1, limits: { ...defaultLimits, passwordCost: 10, signIn: { perAddress: { capacity: 3, perSecond: 1 / 60 }, perAccount: { capacity: 5, perSecond: 1 / 60 } } } });
    const from = (address: string, email: string) =>
      app.http.request('/api/v1/associates/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email, password: 'guessed password' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await from(`2001:db8:1:2::${i + 1}`, `someone${i}@volt.example`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // The next /64 is another address.
    expect((await from('2001:db8:1:3::1', 'someone@volt.example')).status).toBe(401);
  });

  it('the associate keeps their settings and presence; setting available clears the misses', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    const { token } = SignedIn.parse(await (await signIn(h)).json());
    await h.db.db.execute(sql`update associates set presence_reason = 'missed_offers' where id = ${created.id}`);
    await h.db.db.execute(sql`insert into associate_standings (associate_id, enterprise_id, misses_in_row) values (${created.id}, ${h.seed.volt.id}, 3)`);
    const res = await call(h.app, 'PATCH', '/api/v1/associates/me', token, { presence: 'available', capacity: 5, schedule: [{ day: 6, from: '10:00', to: '14:00' }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ presence: 'available', presenceReason: null, capacity: 5, schedule: [{ day: 6, from: '10:00', to: '14:00' }] });
    const [row] = rowsOf<{ misses_in_row: number }>(await h.db.db.execute(sql`select misses_in_row from associate_standings where associate_id = ${created.id}`));
    expect(row!.misses_in_row).toBe(0);
    expect((await call(h.app, 'PATCH', '/api/v1/associates/me', token, { capacity: 21 })).status).toBe(400);
    expect((await call(h.app, 'PATCH', '/api/v1/associates/me', token, { email: 'x@y.example' })).status).toBe(400);
  });

  it('three misses in a row set an available associate away, once; an answer resets the streak', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    const { token } = SignedIn.parse(await (await signIn(h)).json());
    await call(h.app, 'PATCH', '/api/v1/associates/me', token, { presence: 'available' });
    const changes: string[] = [];
    h.app.associates.onPresenceChange((id, presence) => changes.push(`${id === created.id ? 'ana' : id} ${presence}`));
    const policy = { missesBeforeAway: 3 };
    const record = async (answer: 'missed' | 'declined') => (await h.app.associates.recordOfferAnswer(created.id, h.seed.volt.id, answer, policy)).setAway;
    const answers: boolean[] = [];
    for (const answer of ['missed', 'missed', 'declined', 'missed', 'missed', 'missed', 'missed'] as const) answers.push(await record(answer));
    expect(answers).toEqual([false, false, false, false, false, true, false]);
    const me = AssociateView.parse(await (await call(h.app, 'GET', '/api/v1/associates/me', token)).json());
    expect(me).toMatchObject({ presence: 'away', presenceReason: 'missed_offers' });
    expect(changes).toEqual(['ana away']);
    const [row] = rowsOf<{ received: number; answered: number; paused: boolean }>(
      await h.db.db.execute(
        sql`select offers_received as received, offers_answered as answered, paused_at is not null as paused from associate_standings where associate_id = ${created.id}`,
      ),
    );
    // An employee is set away, not paused: they have one enterprise.
    expect(row).toEqual({ received: 7, answered: 1, paused: false });
  });

  it('connected while a connection was seen within the last minute', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    const { token } = SignedIn.parse(await (await signIn(h)).json());
    const me = async () => AssociateView.parse(await (await call(h.app, 'GET', '/api/v1/associates/me', token)).json()).connected;
    await h.app.associates.connectionOpened(created.id, h.app.tenancy ? '00000000-0000-4000-8000-000000000001' : '', 'instance-a');
    expect(await me()).toBe(true);
    h.clock.advance(61_000);
    expect(await me()).toBe(false);
    await h.app.associates.connectionSeen(['00000000-0000-4000-8000-000000000001']);
    expect(await me()).toBe(true);
    h.clock.advance(120_000);
    expect(await h.app.associates.purgeStaleConnections(60_000)).toBe(1);
    await h.app.associates.connectionSeen(['00000000-0000-4000-8000-000000000001']);
    expect(await me()).toBe(false);
  });

  it('invitations: the same 202 for any address; only an independent sees one, and only accepting puts them in the pool', async () => {
    const h = api();
    await create(h, h.seed.voltKey);
    const sam = await create(h, h.seed.summitKey, { ...ana, email: 'sam@summit.example', displayName: 'Sam' });
    const ivy = await independent(h, 'ivy@freelance.example');
    const heard = await listen(h.app, { associateId: ivy.id });
    const samToken = SignedIn.parse(await (await signIn(h, sam.email)).json()).token;

    const answers = [];
    for (const email of ['IVY@freelance.example', sam.email, 'ghost@nowhere.example', ana.email]) {
      const res = await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email });
      const { email: typed, ...rest } = AdmissionSent.parse(await res.json());
      expect(typed).toBe(email.toLowerCase());
      answers.push({ status: res.status, ...rest });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    expect(heard).toEqual([{ v: 1, type: 'admission', enterpriseId: h.seed.volt.id, enterpriseName: 'Voltaire Retail' }]);

    const list = async (key: string) => AssociateList.parse(await (await call(h.app, 'GET', '/api/v1/associates', key)).json()).associates.map((a) => a.displayName);
    const invitations = async (key: string) => EnterpriseAdmissionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/admissions', key)).json()).admissions;
    expect(await list(h.seed.voltKey)).toEqual(['Ana Silva']);
    // Only what Volt typed, all alike until an answer.
    expect((await invitations(h.seed.voltKey)).map((a) => [a.email, a.status]).sort()).toEqual(
      [
        ['ana.silva@volt.example', 'invited'],
        ['ghost@nowhere.example', 'invited'],
        ['ivy@freelance.example', 'invited'],
        ['sam@summit.example', 'invited'],
      ].sort(),
    );
    expect(await invitations(h.seed.summitKey)).toEqual([]);

    const mine = async (token: string) => MyAdmissionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/admissions', token)).json()).admissions;
    expect(await mine(ivy.token)).toEqual([
      { enterpriseId: h.seed.volt.id, enterpriseName: 'Voltaire Retail', status: 'invited', invitedAt: T0, answeredAt: null, paused: false, requiredTest: null },
    ]);
    // Another's employee sees no invitation and cannot answer one.
    expect(await mine(samToken)).toEqual([]);
    expect((await call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/accept`, samToken)).status).toBe(404);
    expect((await call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.summit.id}/accept`, ivy.token)).status).toBe(404);
    expect((await call(h.app, 'POST', '/api/v1/associates/me/admissions/not-a-uuid/accept', ivy.token)).status).toBe(404);
    expect((await call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/withdraw`, ivy.token)).status).toBe(409);
    expect(await h.app.associates.worksFor(ivy.id, h.seed.volt.id)).toBe(false);

    const accepted = await call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/accept`, ivy.token);
    expect(MyAdmission.parse(await accepted.json())).toMatchObject({ status: 'accepted', answeredAt: T0 });
    expect(await list(h.seed.voltKey)).toEqual(['Ana Silva', 'Ivy']);
    expect(await h.app.associates.worksFor(ivy.id, h.seed.volt.id)).toBe(true);
    expect((await invitations(h.seed.voltKey)).find((a) => a.email === 'ivy@freelance.example')!.status).toBe('accepted');
    expect((await call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/decline`, ivy.token)).status).toBe(409);

    // Leaving: out of the pool; inviting again does not re-open it, the associate may accept again.
    const left = await call(h.app, 'POST', `/api/v1/associates/me/admissions/${h.seed.volt.id}/withdraw`, ivy.token);
    expect(MyAdmission.parse(await left.json()).status).toBe('withdrawn');
    expect(await list(h.seed.voltKey)).toEqual(['Ana Silva']);
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: 'ivy@freelance.example' })).status).toBe(202);
    expect((await mine(ivy.token))[0]!.status).toBe('withdrawn');
    expect(heard).toHaveLength(1);
    expect((await call(h.app, 'GET', '/api/v1/associates/admissions', null)).status).toBe(401);
    expect((await call(h.app, 'GET', '/api/v1/associates/me/admissions', h.seed.voltKey)).status).toBe(401);
  });

  it('accreditations are the granting enterprise’s own; the associate sees them all, with who granted them', async () => {
    const h = api();
    const ivy = await independent(h, 'ivy@freelance.example', [h.seed.volt.id, h.seed.summit.id]);
    const put = (key: string, accreditations: unknown[]) => call(h.app, 'PUT', `/api/v1/associates/${ivy.id}/accreditations`, key, { accreditations });
    expect((await put(h.seed.voltKey, [{ category: ['Audio'], level: 4 }])).status).toBe(200);
    const summitPut = await put(h.seed.summitKey, [{ category: ['Camping'], level: 3 }]);
    expect(AssociateView.parse(await summitPut.json()).accreditations).toEqual([
      { category: ['Camping'], level: 3, expiresAt: null, enterpriseId: h.seed.summit.id, enterpriseName: h.seed.summit.name },
    ]);
    const grants = async (key: string) => AssociateList.parse(await (await call(h.app, 'GET', '/api/v1/associates', key)).json()).associates[0]!.accreditations;
    expect((await grants(h.seed.voltKey)).map((a) => [a.category, a.enterpriseId])).toEqual([[['Audio'], h.seed.volt.id]]);
    // Summit replacing its own leaves Volt's.
    expect((await put(h.seed.summitKey, [])).status).toBe(200);
    expect(await grants(h.seed.summitKey)).toEqual([]);
    expect((await grants(h.seed.voltKey)).map((a) => a.level)).toEqual([4]);
    await put(h.seed.summitKey, [{ category: ['Camping'], level: 3 }]);
    const me = AssociateView.parse(await (await call(h.app, 'GET', '/api/v1/associates/me', ivy.token)).json());
    expect(me.accreditations.map((a) => [a.category[0], a.enterpriseName])).toEqual([
      ['Audio', 'Voltaire Retail'],
      ['Camping', h.seed.summit.name],
    ]);
  });

  it('misses count per enterprise: an independent is paused by the enterprise they miss, available for the others, until they set available', async () => {
    const h = api();
    const ivy = await independent(h, 'ivy@freelance.example', [h.seed.volt.id, h.seed.summit.id]);
    await call(h.app, 'PATCH', '/api/v1/associates/me', ivy.token, { presence: 'available' });
    const changes: string[] = [];
    h.app.associates.onPresenceChange((_id, presence) => changes.push(presence));
    const policy = { missesBeforeAway: 2 };
    expect(await h.app.associates.recordOfferAnswer(ivy.id, h.seed.volt.id, 'accepted', policy)).toEqual({ setAway: false, pausedFor: null });
    expect(await h.app.associates.recordOfferAnswer(ivy.id, h.seed.summit.id, 'missed', policy)).toEqual({ setAway: false, pausedFor: null });
    expect(await h.app.associates.recordOfferAnswer(ivy.id, h.seed.summit.id, 'missed', policy)).toEqual({
      setAway: false,
      pausedFor: { id: h.seed.summit.id, name: h.seed.summit.name },
    });
    // Paused once, however many more misses.
    expect((await h.app.associates.recordOfferAnswer(ivy.id, h.seed.summit.id, 'missed', policy)).pausedFor).toBeNull();
    const me = AssociateView.parse(await (await call(h.app, 'GET', '/api/v1/associates/me', ivy.token)).json());
    expect([me.presence, me.presenceReason]).toEqual(['available', null]);
    const mine = async () =>
      Object.fromEntries(
        MyAdmissionList.parse(await (await call(h.app, 'GET', '/api/v1/associates/me/admissions', ivy.token)).json()).admissions.map((a) => [a.enterpriseId, a.paused]),
      );
    expect(await mine()).toEqual({ [h.seed.volt.id]: false, [h.seed.summit.id]: true });
    const standings = rowsOf<{ enterprise_id: string; misses_in_row: number; offers_received: number; offers_answered: number }>(
      await h.db.db.execute(sql`select enterprise_id, misses_in_row, offers_received, offers_answered from associate_standings order by offers_answered`),
    );
    expect(standings).toEqual([
      { enterprise_id: h.seed.summit.id, misses_in_row: 3, offers_received: 3, offers_answered: 0 },
      { enterprise_id: h.seed.volt.id, misses_in_row: 0, offers_received: 1, offers_answered: 1 },
    ]);
    expect(changes).toEqual([]);
    // Setting themselves available (already so) ends the pause, and waiting opportunities may use them.
    await call(h.app, 'PATCH', '/api/v1/associates/me', ivy.token, { presence: 'available' });
    expect(await mine()).toEqual({ [h.seed.volt.id]: false, [h.seed.summit.id]: false });
    expect(changes).toEqual(['available']);
  });

  it('accreditations: replaced whole, only for the enterprise’s own associates', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    const body = { accreditations: [{ category: ['Audio', 'Headphones'], level: 4 }, { category: ['TV'], level: 2, expiresAt: '2027-01-01T00:00:00Z' }] };
    const res = await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.voltKey, body);
    expect(res.status).toBe(200);
    const granted = { enterpriseId: h.seed.volt.id, enterpriseName: 'Voltaire Retail' };
    expect(AssociateView.parse(await res.json()).accreditations).toEqual([
      { category: ['Audio', 'Headphones'], level: 4, expiresAt: null, ...granted },
      { category: ['TV'], level: 2, expiresAt: '2027-01-01T00:00:00.000Z', ...granted },
    ]);
    expect((await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.summitKey, body)).status).toBe(404);
    expect((await call(h.app, 'PUT', `/api/v1/associates/not-a-uuid/accreditations`, h.seed.voltKey, body)).status).toBe(404);
    expect((await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.voltKey, { accreditations: [{ category: [], level: 6 }] })).status).toBe(400);
    const replaced = await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.voltKey, { accreditations: [] });
    expect(AssociateView.parse(await replaced.json()).accreditations).toEqual([]);
  });

  it('accreditation expiries: any time from year 0001 to 9999 comes back as sent, through the list and the sign-in; others are 400 and change nothing', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    const put = (expiresAt: string) => call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.voltKey, { accreditations: [{ category: ['TV'], level: 2, expiresAt }] });
    const kept = ['0020-03-01T10:00:00.000Z', '0050-03-01T10:00:00.000Z', '0001-06-01T00:00:00.000Z', '0099-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'];
    for (const expiresAt of kept) {
      const res = await put(expiresAt);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(AssociateView.parse(await res.json()).accreditations[0]!.expiresAt).toBe(expiresAt);
      const list = await call(h.app, 'GET', '/api/v1/associates', h.seed.voltKey);
      expect(list.status).toBe(200);
      expect(AssociateList.parse(await list.json()).associates[0]!.accreditations[0]!.expiresAt).toBe(expiresAt);
      const signedIn = await signIn(h);
      expect(signedIn.status).toBe(200);
      expect(SignedIn.parse(await signedIn.json()).associate.accreditations[0]!.expiresAt).toBe(expiresAt);
    }
    expect(AssociateView.parse(await (await put('0001-01-01T01:00:00+01:00')).json()).accreditations[0]!.expiresAt).toBe('0001-01-01T00:00:00.000Z');
    for (const expiresAt of ['0000-06-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:59:59-01:00', '+010000-01-01T00:00:00Z']) {
      const res = await put(expiresAt);
      expect(res.status, expiresAt).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'invalid_body', issues: [{ path: ['accreditations', 0, 'expiresAt'] }] });
    }
    const list = await call(h.app, 'GET', '/api/v1/associates', h.seed.voltKey);
    expect(AssociateList.parse(await list.json()).associates[0]!.accreditations[0]!.expiresAt).toBe('0001-01-01T00:00:00.000Z');
  });
});
