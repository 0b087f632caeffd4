import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AssociateInvited, AssociateList, CreateAssociate, DeviceList, PasswordSet, ResetRequested, SignedIn } from '../../../../shared/associates';
import { rowsOf } from '../../db/records';
import { readCandidates } from '../matching/candidates';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { linkIn, tokenOf, useTestSmtp } from '../../testing/smtp';

const PASSWORD = 'a password only I know';
const ivy = { email: 'ivy@freelance.example', displayName: 'Ivy' };
const ana = { email: 'ana@volt.example', displayName: 'Ana' };

const { mailer, smtp: server } = useTestSmtp();

async function invite(h: ApiHarness, key: string, body: unknown): Promise<AssociateInvited> {
  const res = await call(h.app, 'POST', '/api/v1/associates', key, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return AssociateInvited.parse(await res.json());
}
const setPassword = (h: ApiHarness, token: string, password = PASSWORD) => call(h.app, 'POST', '/api/v1/associates/password/set', null, { token, password });
const signIn = (h: ApiHarness, email: string, password = PASSWORD, device?: string) =>
  call(h.app, 'POST', '/api/v1/associates/sign-in', null, { email, password, ...(device ? { device } : {}) });
const tokenOfSignIn = async (h: ApiHarness, email: string, password = PASSWORD, device?: string) => SignedIn.parse(await (await signIn(h, email, password, device)).json()).token;
const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];

describe.each(DB_KINDS)('associates’ credentials on %s', (kind) => {
  const api = useApi(kind, { mailer, publicUrl: () => 'https://fw.example' });

  it('an invitation is mailed and shown once; only the associate sets the password, once; the enterprise cannot sign in as them', async () => {
    const h = api();
    const { associate, invitation } = await invite(h, h.seed.voltKey, ivy);
    expect(associate.status).toBe('invited');
    expect(invitation).toMatchObject({ mailed: true, link: `https://fw.example/associates/set-password#token=${invitation.token}` });
    const mail = await server().next();
    expect(mail).toMatchObject({ to: 'ivy@freelance.example', subject: 'Set your Floorwalker password' });
    expect(linkIn(mail)).toBe(invitation.link);
    // No password yet: nobody signs in, whatever they try.
    expect((await signIn(h, ivy.email, '')).status).toBe(400);
    expect((await signIn(h, ivy.email, 'some guess or other')).status).toBe(401);
    // The associate sets her password with the mailed link.
    const weak = await setPassword(h, tokenOf(linkIn(mail)), 'ivy@freelance.example');
    expect(await errorOf(weak)).toEqual([400, 'invalid_body']);
    const set = await setPassword(h, tokenOf(linkIn(mail)));
    expect(PasswordSet.parse(await set.json())).toEqual({ email: ivy.email });
    expect((await signIn(h, ivy.email)).status).toBe(200);
    // The enterprise that saw the link cannot use it again to choose a password of its own.
    expect(await errorOf(await setPassword(h, invitation.token, 'the enterprise’s choice'))).toEqual([410, 'link_used']);
    expect((await signIn(h, ivy.email, 'the enterprise’s choice')).status).toBe(401);
    const [row] = rowsOf<{ n: number }>(await h.db.db.execute(sql`select count(*)::int as n from associate_links where token_hash = ${invitation.token}`));
    expect(row!.n).toBe(0);
  });

  it('of two uses of one link at once, one wins', async () => {
    const h = api();
    const { invitation } = await invite(h, h.seed.voltKey, ana);
    const results = await Promise.all([setPassword(h, invitation.token, 'first long password'), setPassword(h, invitation.token, 'second long password')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    const ok = await Promise.all([signIn(h, ana.email, 'first long password'), signIn(h, ana.email, 'second long password')]);
    expect(ok.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('an invitation lasts 7 days; re-inviting makes a new one and kills the old; not once a password is set', async () => {
    const h = api();
    const { associate, invitation } = await invite(h, h.seed.voltKey, ana);
    h.clock.advance(7 * 24 * 3600_000);
    expect(await errorOf(await setPassword(h, invitation.token))).toEqual([410, 'link_expired']);
    expect((await call(h.app, 'POST', `/api/v1/associates/${associate.id}/invitation`, h.seed.summitKey)).status).toBe(404);
    const again = AssociateInvited.parse(await (await call(h.app, 'POST', `/api/v1/associates/${associate.id}/invitation`, h.seed.voltKey)).json());
    expect(await errorOf(await setPassword(h, invitation.token))).toEqual([400, 'link_invalid']);
    expect((await setPassword(h, again.invitation.token)).status).toBe(200);
    expect(await errorOf(await call(h.app, 'POST', `/api/v1/associates/${associate.id}/invitation`, h.seed.voltKey))).toEqual([409, 'conflict']);
    expect(await errorOf(await setPassword(h, 'fwi_neverissuedneverissued'))).toEqual([400, 'link_invalid']);
  });

  it('a reset request answers the same for any address; the mailed link (30 minutes, once) sets a new password and signs out every device', async () => {
    const h = api();
    const { invitation } = await invite(h, h.seed.voltKey, ana);
    await server().next();
    await setPassword(h, invitation.token);
    const device = await tokenOfSignIn(h, ana.email);
    const known = await call(h.app, 'POST', '/api/v1/associates/password/reset-request', null, { email: ana.email });
    const unknown = await call(h.app, 'POST', '/api/v1/associates/password/reset-request', null, { email: 'nobody@volt.example' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(ResetRequested.parse(await known.json())).toEqual(await unknown.json());
    await h.app.associates.idle();
    const mail = await server().next();
    expect(mail).toMatchObject({ to: ana.email, subject: 'Reset your Floorwalker password' });
    expect(server().received).toEqual([]);
    const token = tokenOf(linkIn(mail));
    expect(linkIn(mail)).toMatch(/^https:\/\/fw\.example\/associates\/reset-password#token=fwr_/);
    h.clock.advance(29 * 60_000);
    expect((await setPassword(h, token, 'my brand new password')).status).toBe(200);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', device)).status).toBe(401);
    expect((await signIn(h, ana.email)).status).toBe(401);
    expect((await signIn(h, ana.email, 'my brand new password')).status).toBe(200);
    expect(await errorOf(await setPassword(h, token, 'another new password'))).toEqual([410, 'link_used']);
    // A second request's link expires after 30 minutes.
    await call(h.app, 'POST', '/api/v1/associates/password/reset-request', null, { email: ana.email });
    await h.app.associates.idle();
    const late = tokenOf(linkIn(await server().next()));
    h.clock.advance(30 * 60_000);
    expect(await errorOf(await setPassword(h, late, 'another new password'))).toEqual([410, 'link_expired']);
  });

  it('changes the password with the current one; the other devices are signed out, this one stays', async () => {
    const h = api();
    const { invitation } = await invite(h, h.seed.voltKey, ana);
    await setPassword(h, invitation.token);
    const here = await tokenOfSignIn(h, ana.email);
    const there = await tokenOfSignIn(h, ana.email);
    const wrong = await call(h.app, 'POST', '/api/v1/associates/me/password', here, { currentPassword: 'not it at all', newPassword: 'a newer long password' });
    expect(await errorOf(wrong)).toEqual([400, 'invalid_body']);
    expect((await call(h.app, 'POST', '/api/v1/associates/me/password', here, { currentPassword: PASSWORD, newPassword: 'a newer long password' })).status).toBe(204);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', here)).status).toBe(200);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', there)).status).toBe(401);
    expect((await signIn(h, ana.email, 'a newer long password')).status).toBe(200);
  });

  it('lists the signed-in devices (never a token), signs one out, then every one', async () => {
    const h = api();
    const { invitation } = await invite(h, h.seed.voltKey, ana);
    await setPassword(h, invitation.token);
    const laptop = await tokenOfSignIn(h, ana.email, PASSWORD, 'Work laptop');
    h.clock.advance(1_000);
    const phone = await tokenOfSignIn(h, ana.email, PASSWORD, 'Phone');
    const res = await call(h.app, 'GET', '/api/v1/associates/me/devices', laptop);
    const text = await res.clone().text();
    expect(text).not.toContain(laptop);
    const { devices } = DeviceList.parse(await res.json());
    expect(devices.map((d) => [d.label, d.current])).toEqual([
      ['Phone', false],
      ['Work laptop', true],
    ]);
    expect(await errorOf(await call(h.app, 'DELETE', '/api/v1/associates/me/devices/00000000-0000-4000-8000-000000000000', laptop))).toEqual([404, 'not_found']);
    expect((await call(h.app, 'DELETE', `/api/v1/associates/me/devices/${devices[0]!.id}`, laptop)).status).toBe(204);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', phone)).status).toBe(401);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', laptop)).status).toBe(200);
    await tokenOfSignIn(h, ana.email);
    expect((await call(h.app, 'POST', '/api/v1/associates/me/sign-out-everywhere', laptop)).status).toBe(204);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', laptop)).status).toBe(401);
    const [row] = rowsOf<{ n: number }>(await h.db.db.execute(sql`select count(*)::int as n from associate_tokens`));
    expect(row!.n).toBe(0);
  });

  it('the employer deactivates its employee (signed out, no sign-in, no link) and reactivates; nobody else can', async () => {
    const h = api();
    const { associate, invitation } = await invite(h, h.seed.voltKey, ana);
    await setPassword(h, invitation.token);
    const token = await tokenOfSignIn(h, ana.email);
    expect((await call(h.app, 'POST', `/api/v1/associates/${associate.id}/deactivate`, h.seed.summitKey)).status).toBe(404);
    const off = await call(h.app, 'POST', `/api/v1/associates/${associate.id}/deactivate`, h.seed.voltKey);
    expect((await off.json()).status).toBe('inactive');
    expect((await call(h.app, 'GET', '/api/v1/associates/me', token)).status).toBe(401);
    expect((await signIn(h, ana.email)).status).toBe(401);
    await call(h.app, 'POST', '/api/v1/associates/password/reset-request', null, { email: ana.email });
    await h.app.associates.idle();
    expect(server().received.filter((m) => m.subject.startsWith('Reset'))).toEqual([]);
    const on = await call(h.app, 'POST', `/api/v1/associates/${associate.id}/reactivate`, h.seed.voltKey);
    expect((await on.json()).status).toBe('active');
    expect((await signIn(h, ana.email)).status).toBe(200);
  });

  it('an admitting enterprise deactivates its own admission of an independent: out of its pool only', async () => {
    const h = api();
    // An independent (they register themselves; here through the service) in both enterprises' pools.
    const { associate, invitation } = await h.app.associates.invite(null, CreateAssociate.parse(ivy), { mail: false });
    await setPassword(h, invitation.token);
    for (const enterpriseId of [h.seed.volt.id, h.seed.summit.id]) {
      await h.app.associates.inviteToPool(enterpriseId, ivy.email);
      await h.app.associates.answerInvitation(associate.id, enterpriseId, 'accept');
    }
    const token = await tokenOfSignIn(h, ivy.email);
    expect((await call(h.app, 'POST', `/api/v1/associates/${associate.id}/deactivate`, h.seed.summitKey)).status).toBe(200);
    const statusFor = async (key: string) => AssociateList.parse(await (await call(h.app, 'GET', '/api/v1/associates', key)).json()).associates[0]!.status;
    expect([await statusFor(h.seed.voltKey), await statusFor(h.seed.summitKey)]).toEqual(['active', 'inactive']);
    expect((await call(h.app, 'GET', '/api/v1/associates/me', token)).status).toBe(200);
    const pool = async (enterpriseId: string) =>
      (await readCandidates(h.db.db, { enterpriseId, topCategory: null, customerExternalId: null, shopperId: null, now: h.clock.now() }, () => true)).map((c) => c.associateId);
    expect(await pool(h.seed.volt.id)).toEqual([associate.id]);
    expect(await pool(h.seed.summit.id)).toEqual([]);
    await call(h.app, 'POST', `/api/v1/associates/${associate.id}/reactivate`, h.seed.summitKey);
    expect(await pool(h.seed.summit.id)).toEqual([associate.id]);
  });

  it('serves the page a link opens: no referrer, only its own script, the token left to the fragment', async () => {
    const h = api();
    // The console's pages are the same, posting to the console's API.
    for (const [path, api] of [['/associates/set-password', '/api/v1/associates'], ['/associates/reset-password', '/api/v1/associates'], ['/console/set-password', '/api/v1/console'], ['/console/reset-password', '/api/v1/console']] as const) {
      const res = await h.app.http.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'sha256-[^']+'; .*connect-src 'self'/);
      const html = await res.text();
      expect(html).toContain(`data-api="${api}"`);
      expect(html).toContain("post(api + '/password/set'");
      expect(html).toContain('<label for="password">');
    }
  });
});
