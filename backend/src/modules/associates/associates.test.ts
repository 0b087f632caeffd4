import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AssociateList, AssociateView, SignedIn } from '../../../../shared/associates';
import { rowsOf } from '../../db/records';
import { DB_KINDS } from '../../testing/databases';
import { defaultLimits } from '../../deps';
import { type ApiHarness, call, useApi } from '../../testing/api';

const ana = { email: 'Ana.Silva@Volt.example', password: 'correct horse battery', displayName: 'Ana Silva', languages: ['en', 'pt'], timezone: 'Europe/Lisbon' };

async function create(h: ApiHarness, key: string, body: unknown = ana): Promise<AssociateView> {
  const res = await call(h.app, 'POST', '/api/v1/associates', key, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return AssociateView.parse(await res.json());
}

async function signIn(h: ApiHarness, email = ana.email, password = ana.password): Promise<Response> {
  return call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password });
}

describe.each(DB_KINDS)('associates on %s', (kind) => {
  const api = useApi(kind);

  it('an enterprise creates an employee; the password is kept only as a salted scrypt hash', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    expect(created).toMatchObject({ email: 'ana.silva@volt.example', employment: 'employed', employerId: h.seed.volt.id, capacity: 3, presence: 'away', connected: false });
    expect(JSON.stringify(created)).not.toContain(ana.password);
    const [row] = rowsOf<{ password_hash: string }>(await h.db.db.execute(sql`select password_hash from associates`));
    expect(row!.password_hash).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(row!.password_hash).not.toContain(ana.password);
  });

  it('refuses a taken e-mail (409, any case), a weak password and a bad schedule or zone (400 naming the field)', async () => {
    const h = api();
    await create(h, h.seed.voltKey);
    const taken = await call(h.app, 'POST', '/api/v1/associates', h.seed.summitKey, { ...ana, email: 'ANA.SILVA@volt.example' });
    expect(taken.status).toBe(409);
    const weak = await call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { ...ana, email: 'bo@volt.example', password: 'bo@volt.example' });
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.issues[0].path).toEqual(['password']);
    const schedule = await call(h.app, 'POST', '/api/v1/associates', h.seed.voltKey, { ...ana, email: 'cy@volt.example', schedule: [{ day: 8, from: '10:00', to: '09:00' }] });
    expect(schedule.status).toBe(400);
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
    const unknown = await signIn(h, 'nobody@volt.example', ana.password);
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
    const from = (address: string, email = ana.email, password = ana.password) =>
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
    await h.db.db.execute(sql`update associates set misses_in_row = 3, presence_reason = 'missed_offers' where id = ${created.id}`);
    const res = await call(h.app, 'PATCH', '/api/v1/associates/me', token, { presence: 'available', capacity: 5, schedule: [{ day: 6, from: '10:00', to: '14:00' }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ presence: 'available', presenceReason: null, capacity: 5, schedule: [{ day: 6, from: '10:00', to: '14:00' }] });
    const [row] = rowsOf<{ misses_in_row: number }>(await h.db.db.execute(sql`select misses_in_row from associates where id = ${created.id}`));
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
    expect(await h.app.associates.recordOfferAnswer(created.id, 'missed', policy)).toEqual({ setAway: false });
    expect(await h.app.associates.recordOfferAnswer(created.id, 'missed', policy)).toEqual({ setAway: false });
    expect(await h.app.associates.recordOfferAnswer(created.id, 'declined', policy)).toEqual({ setAway: false });
    expect(await h.app.associates.recordOfferAnswer(created.id, 'missed', policy)).toEqual({ setAway: false });
    expect(await h.app.associates.recordOfferAnswer(created.id, 'missed', policy)).toEqual({ setAway: false });
    expect(await h.app.associates.recordOfferAnswer(created.id, 'missed', policy)).toEqual({ setAway: true });
    expect(await h.app.associates.recordOfferAnswer(created.id, 'missed', policy)).toEqual({ setAway: false });
    const me = AssociateView.parse(await (await call(h.app, 'GET', '/api/v1/associates/me', token)).json());
    expect(me).toMatchObject({ presence: 'away', presenceReason: 'missed_offers' });
    expect(changes).toEqual(['ana away']);
    const [row] = rowsOf<{ received: number; answered: number }>(
      await h.db.db.execute(sql`select offers_received as received, offers_answered as answered from associates where id = ${created.id}`),
    );
    expect(row).toEqual({ received: 7, answered: 1 });
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

  it('lists the enterprise’s employees and admitted independents only; admits independents, not another’s employees', async () => {
    const h = api();
    await create(h, h.seed.voltKey);
    const indie = await create(h, h.seed.summitKey, { ...ana, email: 'ivy@freelance.example', displayName: 'Ivy', employment: 'independent' });
    expect(indie).toMatchObject({ employment: 'independent', employerId: null });
    const summitStaff = await create(h, h.seed.summitKey, { ...ana, email: 'sam@summit.example', displayName: 'Sam' });

    const list = async (key: string) => AssociateList.parse(await (await call(h.app, 'GET', '/api/v1/associates', key)).json()).associates.map((a) => a.displayName);
    expect(await list(h.seed.voltKey)).toEqual(['Ana Silva']);
    expect(await list(h.seed.summitKey)).toEqual(['Ivy', 'Sam']);

    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: 'IVY@freelance.example' })).status).toBe(201);
    expect(await list(h.seed.voltKey)).toEqual(['Ana Silva', 'Ivy']);
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: summitStaff.email })).status).toBe(409);
    expect((await call(h.app, 'POST', '/api/v1/associates/admissions', h.seed.voltKey, { email: 'ghost@nowhere.example' })).status).toBe(404);
    expect((await call(h.app, 'GET', '/api/v1/associates', null)).status).toBe(401);
  });

  it('accreditations: replaced whole, only for the enterprise’s own associates', async () => {
    const h = api();
    const created = await create(h, h.seed.voltKey);
    const body = { accreditations: [{ category: ['Audio', 'Headphones'], level: 4 }, { category: ['TV'], level: 2, expiresAt: '2027-01-01T00:00:00Z' }] };
    const res = await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.voltKey, body);
    expect(res.status).toBe(200);
    expect(AssociateView.parse(await res.json()).accreditations).toEqual([
      { category: ['Audio', 'Headphones'], level: 4, expiresAt: null },
      { category: ['TV'], level: 2, expiresAt: '2027-01-01T00:00:00.000Z' },
    ]);
    expect((await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.summitKey, body)).status).toBe(404);
    expect((await call(h.app, 'PUT', `/api/v1/associates/not-a-uuid/accreditations`, h.seed.voltKey, body)).status).toBe(404);
    expect((await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.voltKey, { accreditations: [{ category: [], level: 6 }] })).status).toBe(400);
    const replaced = await call(h.app, 'PUT', `/api/v1/associates/${created.id}/accreditations`, h.seed.voltKey, { accreditations: [] });
    expect(AssociateView.parse(await replaced.json()).accreditations).toEqual([]);
  });
});
