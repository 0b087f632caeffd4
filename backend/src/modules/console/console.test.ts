import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { ConsoleMe, EnterpriseUserList, SupportAccess, SupportAccessList, TotpSetup, UserInvited } from '../../../../shared/console';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { CONSOLE_PASSWORD, type ConsoleParty, consoleCall, consoleSignIn, consoleUser, cookieTokenOf, signedIn } from '../../testing/console';
import { DB_KINDS } from '../../testing/databases';
import { linkIn, tokenOf, useTestSmtp } from '../../testing/smtp';

const { mailer, smtp: server } = useTestSmtp();

const codeOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
const MATCHING = { ruleSets: [{ name: 'any', priority: 1, rules: [{ rule: 'load', weight: 1 }] }] };
const accessOf = async (h: ApiHarness, operator: ConsoleParty, enterpriseId: string, minutes = 30) => {
  const res = await consoleCall(h.app, 'POST', `/api/v1/marketplace/enterprises/${enterpriseId}/support-access`, operator, { reason: 'Ticket 4711: rules do not fire', minutes });
  expect(res.status, await res.clone().text()).toBe(201);
  return SupportAccess.parse(await res.json());
};

describe.each(DB_KINDS)('console accounts on %s', (kind) => {
  const api = useApi(kind, { mailer, publicUrl: () => 'https://fw.example' });

  it('signs in with a cookie (HttpOnly, SameSite=Strict, Path=/; Secure over https), answers who, and signs out', async () => {
    const h = api();
    await h.app.console.ensureUser({ email: 'olga@volt.example', name: 'Olga', password: CONSOLE_PASSWORD, enterpriseId: h.seed.volt.id, role: 'owner' });
    const res = await consoleSignIn(h.app, 'Olga@Volt.example');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^fw_console=fwc_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const me = ConsoleMe.parse(await res.json());
    expect(me.user).toMatchObject({ email: 'olga@volt.example', name: 'Olga', operator: false, totpEnabled: false });
    expect(me.memberships).toEqual([{ enterpriseId: h.seed.volt.id, enterpriseName: 'Voltaire Retail', role: 'owner', suspended: false }]);
    const party: ConsoleParty = { userId: me.user.id, token: cookieTokenOf(res), csrf: me.csrfToken, enterpriseId: null };
    expect(ConsoleMe.parse(await (await consoleCall(h.app, 'GET', '/api/v1/console/me', party)).json()).csrfToken).toBe(me.csrfToken);
    // Over https the cookie is Secure; a proxy's X-Forwarded-Proto is believed only behind trusted proxies.
    const https = await h.app.http.request('https://fw.example/api/v1/console/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'olga@volt.example', password: CONSOLE_PASSWORD }) });
    expect(https.headers.get('set-cookie')).toContain('Secure');
    const forwarded = { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ email: 'olga@volt.example', password: CONSOLE_PASSWORD }) };
    expect((await h.app.http.request('/api/v1/console/sign-in', forwarded)).headers.get('set-cookie')).not.toContain('Secure');
    expect((await h.appWith({ trustedProxyHops: 1 }).http.request('/api/v1/console/sign-in', forwarded)).headers.get('set-cookie')).toContain('Secure');
    // Sign-out is a change: it needs the CSRF token; then the cookie is worth nothing.
    expect(await codeOf(await consoleCall(h.app, 'POST', '/api/v1/console/sign-out', party, undefined, { csrf: false }))).toEqual([403, 'csrf_failed']);
    const out = await consoleCall(h.app, 'POST', '/api/v1/console/sign-out', party);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/fw_console=;/);
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/console/me', party))).toEqual([401, 'unauthorized']);
    expect(await codeOf(await consoleSignIn(h.app, 'olga@volt.example', 'not the password'))).toEqual([401, 'unauthorized']);
    expect(await codeOf(await consoleSignIn(h.app, 'nobody@volt.example'))).toEqual([401, 'unauthorized']);
  });

  it('a session ends after 12 h unused and 7 days after sign-in', async () => {
    const h = api();
    const olga = await consoleUser(h.app, { email: 'olga@volt.example', enterpriseId: h.seed.volt.id, role: 'owner' });
    h.clock.advance(11 * 3600_000);
    expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', olga)).status).toBe(200);
    h.clock.advance(11 * 3600_000);
    expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', olga)).status).toBe(200);
    h.clock.advance(12 * 3600_000 + 1);
    expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', olga)).status).toBe(401);
    const again = await signedIn(h.app, 'olga@volt.example', null);
    for (let i = 0; i < 15; i++) {
      h.clock.advance(11 * 3600_000);
      expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', again)).status).toBe(200);
    }
    h.clock.advance(11 * 3600_000);
    expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', again)).status).toBe(401);
  });

  it('failed sign-ins are limited (429); a success forgets them', async () => {
    const h = api();
    await h.app.console.ensureUser({ email: 'olga@volt.example', name: 'Olga', password: CONSOLE_PASSWORD });
    for (let i = 0; i < 5; i++) expect((await consoleSignIn(h.app, 'olga@volt.example', 'a wrong guess')).status).toBe(401);
    expect(await codeOf(await consoleSignIn(h.app, 'olga@volt.example'))).toEqual([429, 'rate_limited']);
    h.clock.advance(60_000);
    expect((await consoleSignIn(h.app, 'olga@volt.example')).status).toBe(200);
  });

  it('acts in an enterprise within its role, with the CSRF token on changes; a non-member is refused', async () => {
    const h = api();
    const lead = await consoleUser(h.app, { email: 'lea@volt.example', enterpriseId: h.seed.volt.id, role: 'sales_lead' });
    const analyst = await consoleUser(h.app, { email: 'andy@volt.example', enterpriseId: h.seed.volt.id, role: 'analyst' });
    expect(await codeOf(await consoleCall(h.app, 'PUT', '/api/v1/rules/matching', lead, MATCHING, { csrf: false }))).toEqual([403, 'csrf_failed']);
    expect(await codeOf(await consoleCall(h.app, 'PUT', '/api/v1/rules/matching', { ...lead, csrf: analyst.csrf }, MATCHING))).toEqual([403, 'csrf_failed']);
    expect((await consoleCall(h.app, 'PUT', '/api/v1/rules/matching', lead, MATCHING)).status).toBe(200);
    expect((await consoleCall(h.app, 'GET', '/api/v1/rules/matching', analyst)).status).toBe(200);
    expect(await codeOf(await consoleCall(h.app, 'PUT', '/api/v1/live/settings', analyst, { transcriptRetentionDays: 30 }))).toEqual([403, 'role_forbids']);
    expect(await codeOf(await consoleCall(h.app, 'PUT', '/api/v1/live/settings', lead, { transcriptRetentionDays: 30 }))).toEqual([403, 'role_forbids']);
    // Not a member of Summit, or naming no enterprise at all.
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', { ...lead, enterpriseId: h.seed.summit.id }))).toEqual([403, 'not_a_member']);
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', { ...lead, enterpriseId: null }))).toEqual([403, 'not_a_member']);
    // A key still works as before, and a bearer credential beside the cookie is what counts.
    expect((await call(h.app, 'PUT', '/api/v1/live/settings', h.seed.voltKey, { transcriptRetentionDays: 30 })).status).toBe(200);
  });

  it('an operator acts in an enterprise only inside a support access its owner sees and may end; it ends by itself', async () => {
    const h = api();
    const owner = await consoleUser(h.app, { email: 'olga@volt.example', enterpriseId: h.seed.volt.id, role: 'owner' });
    const operator = await consoleUser(h.app, { email: 'otto@marketplace.example', operator: true });
    const inVolt = { ...operator, enterpriseId: h.seed.volt.id };
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', inVolt))).toEqual([403, 'not_a_member']);
    // Only an operator opens one, for at most 8 hours.
    expect(await codeOf(await consoleCall(h.app, 'POST', `/api/v1/marketplace/enterprises/${h.seed.volt.id}/support-access`, owner, { reason: 'x', minutes: 30 }))).toEqual([403, 'operator_only']);
    expect(await codeOf(await consoleCall(h.app, 'POST', `/api/v1/marketplace/enterprises/${h.seed.volt.id}/support-access`, operator, { reason: 'long', minutes: 481 }))).toEqual([400, 'invalid_body']);
    const access = await accessOf(h, operator, h.seed.volt.id);
    expect(access).toMatchObject({ enterpriseId: h.seed.volt.id, enterpriseName: 'Voltaire Retail', operatorId: operator.userId, operatorEmail: 'otto@marketplace.example', endedAt: null });
    expect((await consoleCall(h.app, 'PUT', '/api/v1/rules/matching', inVolt, MATCHING)).status).toBe(200);
    // As an admin: not the owner's business (users, keys).
    expect(await codeOf(await consoleCall(h.app, 'POST', '/api/v1/api-keys', inVolt, { label: 'mine' }))).toEqual([403, 'role_forbids']);
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', { ...operator, enterpriseId: h.seed.summit.id }))).toEqual([403, 'not_a_member']);
    expect(ConsoleMe.parse(await (await consoleCall(h.app, 'GET', '/api/v1/console/me', operator)).json()).supportAccesses.map((a) => a.id)).toEqual([access.id]);
    // The owner sees it and ends it; the operator is out at once.
    const seen = SupportAccessList.parse(await (await consoleCall(h.app, 'GET', '/api/v1/enterprise/support-access', owner)).json());
    expect(seen.accesses.map((a) => [a.id, a.reason])).toEqual([[access.id, 'Ticket 4711: rules do not fire']]);
    const other = await consoleUser(h.app, { email: 'sam@summit.example', enterpriseId: h.seed.summit.id, role: 'owner' });
    expect((await consoleCall(h.app, 'POST', `/api/v1/enterprise/support-access/${access.id}/end`, other)).status).toBe(404);
    const ended = SupportAccess.parse(await (await consoleCall(h.app, 'POST', `/api/v1/enterprise/support-access/${access.id}/end`, owner)).json());
    expect(ended.endedAt).toBe(h.clock.now().toISOString());
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', inVolt))).toEqual([403, 'not_a_member']);
    // A second one runs out by itself; the operator may end one early too.
    await accessOf(h, operator, h.seed.volt.id, 10);
    expect((await consoleCall(h.app, 'GET', '/api/v1/rules/matching', inVolt)).status).toBe(200);
    h.clock.advance(10 * 60_000);
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', inVolt))).toEqual([403, 'not_a_member']);
    const third = await accessOf(h, operator, h.seed.volt.id);
    expect((await consoleCall(h.app, 'POST', `/api/v1/marketplace/support-access/${third.id}/end`, operator)).status).toBe(200);
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', inVolt))).toEqual([403, 'not_a_member']);
  });

  it('the second factor: set up, confirmed with a code, then asked at sign-in; a code works once; off with the password', async () => {
    const h = api();
    const olga = await consoleUser(h.app, { email: 'olga@volt.example', enterpriseId: h.seed.volt.id, role: 'owner' });
    const setup = TotpSetup.parse(await (await consoleCall(h.app, 'POST', '/api/v1/console/totp/setup', olga)).json());
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Floorwalker:olga%40volt\.example\?/);
    const totp = OTPAuth.URI.parse(setup.uri) as OTPAuth.TOTP;
    const code = () => totp.generate({ timestamp: h.clock.now().getTime() });
    // Not in force until confirmed.
    expect((await consoleSignIn(h.app, 'olga@volt.example')).status).toBe(200);
    expect(await codeOf(await consoleCall(h.app, 'POST', '/api/v1/console/totp/enable', olga, { code: code() === '000000' ? '111111' : '000000' }))).toEqual([400, 'invalid_body']);
    expect((await consoleCall(h.app, 'POST', '/api/v1/console/totp/enable', olga, { code: code() })).status).toBe(204);
    expect(ConsoleMe.parse(await (await consoleCall(h.app, 'GET', '/api/v1/console/me', olga)).json()).user.totpEnabled).toBe(true);
    expect(await codeOf(await consoleSignIn(h.app, 'olga@volt.example'))).toEqual([401, 'second_factor_required']);
    // The code used to confirm is spent.
    expect(await codeOf(await consoleSignIn(h.app, 'olga@volt.example', CONSOLE_PASSWORD, code()))).toEqual([401, 'unauthorized']);
    h.clock.advance(30_000);
    expect(await codeOf(await consoleSignIn(h.app, 'olga@volt.example', 'a wrong password', code()))).toEqual([401, 'unauthorized']);
    const ok = await consoleSignIn(h.app, 'olga@volt.example', CONSOLE_PASSWORD, code());
    expect(ok.status).toBe(200);
    expect(ConsoleMe.parse(await ok.json()).user.totpEnabled).toBe(true);
    expect(await codeOf(await consoleSignIn(h.app, 'olga@volt.example', CONSOLE_PASSWORD, code()))).toEqual([401, 'unauthorized']);
    expect((await consoleCall(h.app, 'POST', '/api/v1/console/totp/setup', olga)).status).toBe(409);
    expect(await codeOf(await consoleCall(h.app, 'POST', '/api/v1/console/totp/disable', olga, { password: 'not it at all' }))).toEqual([400, 'invalid_body']);
    expect((await consoleCall(h.app, 'POST', '/api/v1/console/totp/disable', olga, { password: CONSOLE_PASSWORD })).status).toBe(204);
    expect((await consoleSignIn(h.app, 'olga@volt.example')).status).toBe(200);
  });

  it('a reset link is mailed (the same answer for an unknown address), sets the password once and ends every session', async () => {
    const h = api();
    const olga = await consoleUser(h.app, { email: 'olga@volt.example', enterpriseId: h.seed.volt.id, role: 'owner' });
    const ask = (email: string) => call(h.app, 'POST', '/api/v1/console/password/reset-request', null, { email });
    const unknown = await ask('nobody@volt.example');
    const known = await ask('olga@volt.example');
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(await unknown.json()).toEqual(await known.json());
    await h.app.console.idle();
    expect(server().received.map((m) => m.to)).toEqual(['olga@volt.example']);
    const link = linkIn(server().received[0]!);
    expect(link).toMatch(/^https:\/\/fw\.example\/console\/reset-password#token=fwr_/);
    expect((await h.app.http.request('/console/reset-password')).status).toBe(200);
    const set = (password: string) => call(h.app, 'POST', '/api/v1/console/password/set', null, { token: tokenOf(link), password });
    expect(await codeOf(await set('olga@volt.example'))).toEqual([400, 'invalid_body']);
    expect(await (await set('a brand new password')).json()).toEqual({ email: 'olga@volt.example' });
    expect(await codeOf(await set('another new password'))).toEqual([410, 'link_used']);
    expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', olga)).status).toBe(401);
    expect((await consoleSignIn(h.app, 'olga@volt.example', 'a brand new password')).status).toBe(200);
    // Changing it needs the current one; the other sessions end, this one stays.
    const here = await signedIn(h.app, 'olga@volt.example', null, 'a brand new password');
    const there = await signedIn(h.app, 'olga@volt.example', null, 'a brand new password');
    expect(await codeOf(await consoleCall(h.app, 'POST', '/api/v1/console/password', here, { current: 'wrong one', next: 'the third password' }))).toEqual([400, 'invalid_body']);
    expect((await consoleCall(h.app, 'POST', '/api/v1/console/password', here, { current: 'a brand new password', next: 'the third password' })).status).toBe(204);
    expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', here)).status).toBe(200);
    expect((await consoleCall(h.app, 'GET', '/api/v1/console/me', there)).status).toBe(401);
  });

  it('owners invite, change and remove users (admins read); never the last owner; the operator invites the first owner', async () => {
    const h = api();
    const operator = await consoleUser(h.app, { email: 'otto@marketplace.example', operator: true });
    const first = await consoleCall(h.app, 'POST', `/api/v1/marketplace/enterprises/${h.seed.volt.id}/users`, operator, { email: 'Olga@volt.example', name: 'Olga' });
    expect(first.status, await first.clone().text()).toBe(201);
    expect(UserInvited.parse(await first.json())).toMatchObject({ user: { email: 'olga@volt.example', role: 'owner', active: false }, mailed: true });
    const invitation = await server().next();
    expect(invitation).toMatchObject({ to: 'olga@volt.example', subject: 'Join Voltaire Retail on Floorwalker' });
    expect(linkIn(invitation)).toMatch(/^https:\/\/fw\.example\/console\/set-password#token=fwi_/);
    expect((await call(h.app, 'POST', '/api/v1/console/password/set', null, { token: tokenOf(linkIn(invitation)), password: CONSOLE_PASSWORD })).status).toBe(200);
    expect((await consoleCall(h.app, 'POST', `/api/v1/marketplace/enterprises/${h.seed.volt.id}/users`, operator, { email: 'other@volt.example', name: 'Other' })).status).toBe(409);
    const owner = await signedIn(h.app, 'olga@volt.example', h.seed.volt.id);

    // A new person gets a link; a console user already (of another enterprise) just gains the membership.
    await consoleUser(h.app, { email: 'sam@summit.example', enterpriseId: h.seed.summit.id, role: 'owner' });
    server().received.splice(0);
    const adam = UserInvited.parse(await (await consoleCall(h.app, 'POST', '/api/v1/enterprise/users', owner, { email: 'adam@volt.example', name: 'Adam', role: 'admin' })).json());
    expect(linkIn(await server().next())).toContain('/console/set-password#token=fwi_');
    const sam = UserInvited.parse(await (await consoleCall(h.app, 'POST', '/api/v1/enterprise/users', owner, { email: 'sam@summit.example', name: 'Sam', role: 'analyst' })).json());
    expect(sam.user).toMatchObject({ role: 'analyst', active: true });
    expect(await server().next()).toMatchObject({ to: 'sam@summit.example', subject: 'You were added to Voltaire Retail on Floorwalker' });
    expect((await consoleCall(h.app, 'POST', '/api/v1/enterprise/users', owner, { email: 'sam@summit.example', name: 'Sam', role: 'admin' })).status).toBe(409);
    const samInVolt = await signedIn(h.app, 'sam@summit.example', h.seed.volt.id);
    expect(ConsoleMe.parse(await (await consoleCall(h.app, 'GET', '/api/v1/console/me', samInVolt)).json()).memberships.map((m) => [m.enterpriseName, m.role])).toEqual([
      ['Summit Outdoor Co.', 'owner'],
      ['Voltaire Retail', 'analyst'],
    ]);
    // An analyst reads neither the users nor changes them; an admin reads them only.
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/enterprise/users', samInVolt))).toEqual([403, 'role_forbids']);
    expect((await consoleCall(h.app, 'PATCH', `/api/v1/enterprise/users/${sam.user.id}`, owner, { role: 'admin' })).status).toBe(200);
    expect(EnterpriseUserList.parse(await (await consoleCall(h.app, 'GET', '/api/v1/enterprise/users', samInVolt)).json()).users.map((u) => [u.email, u.role])).toEqual([
      ['olga@volt.example', 'owner'],
      ['adam@volt.example', 'admin'],
      ['sam@summit.example', 'admin'],
    ]);
    expect(await codeOf(await consoleCall(h.app, 'PATCH', `/api/v1/enterprise/users/${adam.user.id}`, samInVolt, { role: 'analyst' }))).toEqual([403, 'role_forbids']);
    // The last owner stays: neither demoted nor removed, until there is another.
    expect(await codeOf(await consoleCall(h.app, 'PATCH', `/api/v1/enterprise/users/${owner.userId}`, owner, { role: 'admin' }))).toEqual([409, 'conflict']);
    expect(await codeOf(await consoleCall(h.app, 'DELETE', `/api/v1/enterprise/users/${owner.userId}`, owner))).toEqual([409, 'conflict']);
    expect((await call(h.app, 'DELETE', `/api/v1/enterprise/users/${owner.userId}`, h.seed.voltKey)).status).toBe(409);
    expect((await consoleCall(h.app, 'PATCH', `/api/v1/enterprise/users/${sam.user.id}`, owner, { role: 'owner' })).status).toBe(200);
    expect((await consoleCall(h.app, 'DELETE', `/api/v1/enterprise/users/${owner.userId}`, samInVolt)).status).toBe(204);
    expect(await codeOf(await consoleCall(h.app, 'GET', '/api/v1/rules/matching', owner))).toEqual([403, 'not_a_member']);
    // Sam is Summit's only owner; another enterprise's user is not found here.
    expect((await call(h.app, 'PATCH', `/api/v1/enterprise/users/${sam.user.id}`, h.seed.summitKey, { role: 'analyst' })).status).toBe(409);
    expect((await call(h.app, 'DELETE', `/api/v1/enterprise/users/${adam.user.id}`, h.seed.summitKey)).status).toBe(404);
  });
});
