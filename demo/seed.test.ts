import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../backend/src/app';
import { defaultDeps, defaultLimits } from '../backend/src/deps';
import { DB_KINDS, openTestDb, TEST_POSTGRES_URL, type TestDb, useTestDb } from '../backend/src/testing/databases';
import { DEMO_ASSOCIATES, DEMO_MATCHING, seedDemoRouting } from './routing';
import { seedDemoConsole } from './console';
import { DEMO_JOIN_RULES, seedDemoMarketplace } from './marketplace';
import { CHECKS_DISCLOSURE } from '../shared/registration';
import { demoKeys, seedDemo } from './seed';
import { DEMO_ASSOCIATE_PHONES, DEMO_TWILIO_NUMBER } from './telephony';

const shops = (port: number) => [
  { name: 'Voltaire Electronics', enterpriseName: 'Voltaire Retail', host: `localhost:${port}`, adapter: null },
  { name: 'Summit Outfitters', enterpriseName: 'Summit Outdoor Co.', host: `localhost:${port + 1}`, adapter: { search: { param: 'text' } } },
];

/** The status GET /api/v1/sessions answers a key with. */
async function answers(app: App, key: string): Promise<number> {
  return (await app.http.request('/api/v1/sessions', { headers: { authorization: `Bearer ${key}` } })).status;
}

describe.each(DB_KINDS)('seedDemo on %s', (kind) => {
  const database = useTestDb(kind);

  it('creates each enterprise once with a working API key, and moves sites on later runs', async () => {
    const db = database();
    const app = createApp(defaultDeps(db.db, db.kind, { log: () => {} }));
    const first = await seedDemo(app, shops(4101));
    expect(first.map((e) => [e.slug, e.site, typeof e.apiKey])).toEqual([
      ['voltaire-retail', 'localhost:4101', 'string'],
      ['summit-outdoor-co', 'localhost:4102', 'string'],
    ]);
    const again = await seedDemo(app, shops(5101));
    expect(again.map((e) => [e.slug, e.site, e.apiKey])).toEqual([
      ['voltaire-retail', 'localhost:5101', undefined],
      ['summit-outdoor-co', 'localhost:5102', undefined],
    ]);
    const sites = (await (await app.http.request('/api/v1/sites')).json()).sites;
    expect(sites.map((s: { domain: string }) => s.domain).sort()).toEqual(['localhost:5101', 'localhost:5102']);
    expect(await answers(app, first[1]!.apiKey!)).toBe(200);
  });

  it('hands a shop that signs its customers a new identity secret of its site at each run, keeping at most two live', async () => {
    const db = database();
    const app = createApp(defaultDeps(db.db, db.kind, { log: () => {} }));
    const handed: string[] = [];
    const signing = (port: number) => shops(port).map((s, i) => (i === 0 ? { ...s, useIdentitySecret: (secret: string) => void handed.push(secret) } : s));
    const [voltaire] = await seedDemo(app, signing(4101));
    await seedDemo(app, signing(4101));
    await seedDemo(app, signing(4101));
    expect(handed).toHaveLength(3);
    expect(new Set(handed).size).toBe(3);
    expect(handed.every((s) => s.startsWith('fwv_'))).toBe(true);
    const sites = (await app.identity.sitesOf(voltaire!.id)).sites;
    expect(sites[0]!.identity.secrets).toHaveLength(2);
    // The latest one verifies; Summit, which has no customer account, has none.
    const site = sites[0]!.id;
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('VR-C-1042').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(handed[2]!));
    expect(await app.identity.verify(site, 'VR-C-1042', token)).toEqual({ verified: true });
    expect((await app.identity.sitesOf((await seedDemo(app, shops(4101)))[1]!.id)).sites[0]!.identity.secrets).toEqual([]);
  });
});

describe('demoKeys', () => {
  const dbs: TestDb[] = [];
  let dir: string;
  beforeAll(async () => {
    dbs.push(await openTestDb('pglite'), await openTestDb('postgres'));
    dir = mkdtempSync(join(tmpdir(), 'fw-keys-'));
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each database its own keys in one file, and shows only keys that answer', async () => {
    const file = join(dir, '.data/demo-keys.json');
    const [lite, pg] = dbs.map((d) => createApp(defaultDeps(d.db, d.kind, { log: () => {} })));
    const run = async (app: App, name: string) => {
      const keys = await demoKeys(app, await seedDemo(app, shops(4101)), file, name);
      for (const k of keys) expect([k.name, await answers(app, k.key)]).toEqual([k.name, 200]);
      return keys;
    };

    const liteFirst = await run(lite!, 'pglite /data/a');
    expect(liteFirst.map((k) => k.issued)).toEqual(['new enterprise', 'new enterprise']);
    const pgFirst = await run(pg!, 'postgres db:5432/b');
    // Each database keeps the keys it was first given, though the other ran in between.
    expect(await run(lite!, 'pglite /data/a')).toEqual(liteFirst.map(({ name, key }) => ({ name, key })));
    expect(await run(pg!, 'postgres db:5432/b')).toEqual(pgFirst.map(({ name, key }) => ({ name, key })));

    // A key on file the database does not know (a reset, another database's) is replaced, never shown.
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    saved['postgres db:5432/b']['voltaire-retail'] = liteFirst[0]!.key;
    writeFileSync(file, JSON.stringify(saved));
    const replaced = await run(pg!, 'postgres db:5432/b');
    expect(replaced[0]!.issued).toBe('the key on file did not answer');
    expect(replaced[0]!.key).not.toBe(liteFirst[0]!.key);
    expect(replaced[1]!.issued).toBeUndefined();

    // A database the file has nothing for (the flat file of earlier versions counts as nothing) gets fresh keys.
    writeFileSync(file, JSON.stringify({ 'voltaire-retail': liteFirst[0]!.key }));
    expect((await run(lite!, 'pglite /data/a')).map((k) => k.issued)).toEqual(['none on file for this database', 'none on file for this database']);
  });
});

describe('npm start', () => {
  const ROOT = fileURLToPath(new URL('..', import.meta.url));
  const name = `fw_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  let cwd: string;
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'fw-start-'));
    await admin.unsafe(`create database ${name}`);
  });
  afterAll(async () => {
    // A run cut short (a timeout) must not leave a backend behind.
    for (const child of children) child.kill('SIGKILL');
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(cwd, { recursive: true, force: true });
  });

  const children = new Set<ChildProcess>();

  /**
   * Runs `npm start` (without the build) in `cwd` until it says it is running; the status each
   * printed key gets from its backend. `also` runs against the running demo (its output so far).
   */
  async function startAndTryKeys(env: Record<string, string>, also?: (url: string, output: () => string) => Promise<void>): Promise<number[]> {
    // Run from a folder of its own (its .data is the test's), so tsx is named by its path.
    const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const child: ChildProcess = spawn(process.execPath, ['--import', tsx, join(ROOT, 'scripts/start.ts'), '--no-build'], {
      cwd,
      env: { ...process.env, PORT: '0', SHOP_PORTS: '0,0,0', DATABASE_URL: '', PGLITE_DIR: '.data/pglite', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let output = '';
    child.stderr!.on('data', (d) => (output += d));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d) => {
          output += d;
          if (output.includes('Ctrl-C stops everything')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
      });
      const url = /Backend\s+(http:\/\/\S+)/.exec(output)![1]!;
      const keys = [...output.matchAll(/\b(fwk_[A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
      expect(keys).toHaveLength(2);
      await also?.(url, () => output);
      return await Promise.all(keys.map(async (key) => (await fetch(`${url}/api/v1/sessions`, { headers: { authorization: `Bearer ${key}` } })).status));
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      });
    }
  }

  it('prints demo keys that answer, on PGlite and on Postgres in turn, from one .data folder', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    expect(await startAndTryKeys({}, async (url, output) => {
      await registersThroughTheStandIn(url, output);
      await textsThroughTheTwilioStandIn(url, output);
    })).toEqual([200, 200]);
    for (const env of [{ DATABASE_URL: url.toString() }, {}, { DATABASE_URL: url.toString() }]) {
      expect(await startAndTryKeys(env)).toEqual([200, 200]);
    }
    // Four starts, each migrating, seeding and checking the demo sign-ins (scrypt at its real cost), each with its Twilio stand-in process.
  }, 240_000);
});

/**
 * Without CHECKR_API_KEY the demo checks applicants with the local Checkr stand-in: a person
 * registers, opens the printed link, the stand-in gets the candidate and completes a clear
 * report through its control routes, and the application is in review.
 */
async function registersThroughTheStandIn(url: string, output: () => string): Promise<void> {
  expect(output()).toContain(`Joining the marketplace   ${url}/join/`);
  expect(output()).toContain('Tests: "Audio basics" (the marketplace, level 2), "Voltaire’s audio range" (Voltaire Retail, level 3).');
  const control = /curl (http:\/\/127\.0\.0\.1:\d+\/_control)\/state/.exec(output())![1]!;
  const email = `demo-${randomBytes(4).toString('hex')}@applicant.example`;
  const send = (path: string, body: unknown, token?: string) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const registered = await send('/api/v1/applications', {
    email,
    password: 'a demo password of mine',
    displayName: 'Demo D.',
    givenName: 'Demo',
    familyName: 'Applicant',
    country: 'gb',
    timezone: 'Europe/London',
    languages: ['en'],
    birthDate: '1990-05-17',
    categories: [['Audio']],
    experience: 'Three years selling speakers.',
    weeklyHours: 10,
    consent: { authorized: true, version: CHECKS_DISCLOSURE.version },
  });
  expect(registered.status).toBe(202);
  // The link is printed (no SMTP).
  const linkOf = () => new RegExp(`Mail to ${email}[^\\n]*\\n\\s+(\\S+#token=\\S+)`).exec(output())?.[1];
  await expect.poll(linkOf, { timeout: 10_000 }).toBeTruthy();
  const link = linkOf()!;
  const token = decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
  const verified = await send('/api/v1/applications/verify', { token });
  expect(verified.status, await verified.clone().text()).toBe(200);
  expect(((await verified.json()) as { status: string }).status).toBe('checking');
  const completed = await fetch(`${control}/invitations/complete`, { method: 'POST', body: JSON.stringify({ email }) });
  expect(completed.status, await completed.clone().text()).toBe(200);
  const { reportId } = (await completed.json()) as { reportId: string };
  const report = await fetch(`${control}/reports/${reportId}/complete`, { method: 'POST', body: JSON.stringify({ result: 'clear' }) });
  expect(await report.json()).toEqual({ event: 'report.completed', delivered: 200 });
  const signIn = await send('/api/v1/associates/sign-in', { email, password: 'a demo password of mine' });
  const { token: bearer } = (await signIn.json()) as { token: string };
  const mine = await fetch(`${url}/api/v1/applications/me`, { headers: { authorization: `Bearer ${bearer}` } });
  expect(((await mine.json()) as { status: string }).status).toBe('review');
}

/**
 * Without TWILIO_API_URL the demo's calls and texts go to the local Twilio stand-in, a process of
 * its own: Voltaire's settings are its account, the associates have phones, and a person's text
 * to Voltaire's number reaches the backend signed as Twilio signs it (a STOP is taken, START too).
 */
async function textsThroughTheTwilioStandIn(url: string, output: () => string): Promise<void> {
  const twilio = /Twilio: the local stand-in at (http:\/\/127\.0\.0\.1:\d+)/.exec(output())![1]!;
  expect(output()).toContain(`its callbacks come to ${url}.`);
  const key = /Voltaire Retail\s+(fwk_\S+)/.exec(output())![1]!;
  const settings = (await (await fetch(`${url}/api/v1/telephony/settings`, { headers: { authorization: `Bearer ${key}` } })).json()) as { configured: boolean; numbers: string[] };
  expect(settings).toMatchObject({ configured: true, numbers: [DEMO_TWILIO_NUMBER] });
  const password = /ana@voltaire\.example\s+(\S+)/.exec(output())![1]!;
  const signIn = await fetch(`${url}/api/v1/associates/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ana@voltaire.example', password }) });
  const { token } = (await signIn.json()) as { token: string };
  const me = (await (await fetch(`${url}/api/v1/associates/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { contact: { phone?: string } };
  expect(me.contact.phone).toBe(DEMO_ASSOCIATE_PHONES['ana@voltaire.example']);
  for (const body of ['STOP', 'START']) {
    const text = await fetch(`${twilio}/_control/messages/incoming`, { method: 'POST', body: JSON.stringify({ from: '+14155550199', to: DEMO_TWILIO_NUMBER, body }) });
    expect(await text.json()).toEqual({ delivered: 200, answer: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
  }
}

describe.each(DB_KINDS)('seedDemoMarketplace on %s', (kind) => {
  const database = useTestDb(kind);

  it('sets the demo’s join rules and publishes the Audio test and Voltaire’s once; an operator’s later changes are kept', async () => {
    const db = database();
    const app = createApp(defaultDeps(db.db, db.kind, { log: () => {}, limits: { ...defaultLimits, passwordCost: 8 } }));
    const seeded = await seedDemo(app, shops(4101));
    const operatorId = await app.console.ensureUser({ email: 'operator@floorwalker.example', name: 'Operator', password: 'a console password 1', operator: true });
    const first = await seedDemoMarketplace(app, seeded, operatorId, 'http://localhost:8787');
    expect(first.joinUrl).toBe('http://localhost:8787/join/');
    expect((await app.registration.joinSettings()).rules).toEqual(DEMO_JOIN_RULES);
    const marketplace = await app.tests.banks(null);
    expect(marketplace.map((b) => [b.title, b.published, b.level])).toEqual([['Audio basics', true, 2]]);
    const audio = await app.tests.bank(null, marketplace[0]!.id);
    expect(audio.questions).toHaveLength(8);
    // Every choice explains itself; every question has a right choice.
    for (const q of audio.questions) {
      expect(q.choices.some((c) => c.correct)).toBe(true);
      for (const c of q.choices) expect(c.explanation.length).toBeGreaterThan(20);
    }
    const volt = await app.tests.banks(seeded[0]!.id);
    expect(volt.map((b) => [b.title, b.published])).toEqual([['Voltaire’s audio range', true]]);
    expect(await app.tests.banks(seeded[1]!.id)).toEqual([]);

    // The operator changes the rules and unpublishes the test; the next start leaves both.
    await app.registration.setJoinSettings({ ...DEMO_JOIN_RULES, minimumAge: 21 }, operatorId);
    await app.tests.updateBank(null, audio.id, { published: false });
    await seedDemoMarketplace(app, seeded, operatorId, 'http://localhost:8787');
    expect((await app.registration.joinSettings()).rules.minimumAge).toBe(21);
    expect((await app.tests.banks(null)).map((b) => [b.title, b.published])).toEqual([['Audio basics', false]]);
    expect(await app.tests.banks(seeded[0]!.id)).toHaveLength(1);

    // An independent can take the published test: drawn from the bank, graded on the server.
    await app.tests.updateBank(null, audio.id, { published: true });
    const ivy = await app.associates.invite(null, { email: 'ivy@independent.example', displayName: 'Ivy', languages: ['en'], timezone: 'UTC', schedule: [], capacity: 1, contact: { notify: true, sound: false, channels: ['chat'] } }, { mail: false });
    const { attempt } = await app.tests.start(ivy.associate.id, audio.id);
    expect(attempt.questions).toHaveLength(6);
    const right = (id: string) => audio.questions.find((q) => q.id === id)!.choices.filter((c) => c.correct).map((c) => c.id);
    const result = await app.tests.submit(ivy.associate.id, attempt.id, attempt.questions.map((q) => ({ questionId: q.id, choiceIds: right(q.id) })));
    expect(result).toMatchObject({ passed: true, accreditation: { category: ['Audio'], level: 2 } });
  });
});

describe.each(DB_KINDS)('seedDemoRouting on %s', (kind) => {
  const database = useTestDb(kind);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-associates-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates associates who can sign in, and rules that route an offer; a second run keeps passwords and the enterprise’s own rules', async () => {
    const db = database();
    const app = createApp(defaultDeps(db.db, db.kind, { log: () => {}, limits: { ...defaultLimits, passwordCost: 8 } }));
    const seeded = await seedDemo(app, shops(4101));
    const file = join(dir, `${kind}.json`);
    const first = await seedDemoRouting(app, seeded, file, 'db');
    expect(first.map((a) => [a.email, a.issued])).toEqual(DEMO_ASSOCIATES.map((a) => [a.email, 'new associate']));
    for (const a of first) expect((await app.associates.signIn(a.email, a.password)).associate.email).toBe(a.email);
    const ivy = first.find((a) => a.email.startsWith('ivy'))!;
    expect(ivy.worksFor).toBe('Voltaire Retail, Summit Outdoor Co.');

    const volt = seeded[0]!;
    expect((await app.opportunities.liveRules(volt.id)).version).toBe(1);
    // The enterprise edits its rules; the next start leaves them.
    await app.matching.replaceRules(volt.id, { ruleSets: [{ ...DEMO_MATCHING.ruleSets[0]!, name: 'mine' }] });
    const again = await seedDemoRouting(app, seeded, file, 'db');
    expect(again.map((a) => [a.password, a.issued])).toEqual(first.map((a) => [a.password, undefined]));
    expect((await app.matching.liveRules(volt.id)).document.ruleSets[0]!.name).toBe('mine');

    // A password on file that no longer works is reset, and shown.
    writeFileSync(file, JSON.stringify({ db: { [first[0]!.email]: 'wrong-wrong-wrong' } }));
    const reset = await seedDemoRouting(app, seeded, file, 'db');
    expect(reset[0]!.issued).toBe('password reset');
    expect((await app.associates.signIn(reset[0]!.email, reset[0]!.password)).associate.displayName).toBe('Ana Silva');
    expect(JSON.parse(readFileSync(file, 'utf8')).db[reset[0]!.email]).toBe(reset[0]!.password);
  });
});

describe.each(DB_KINDS)('seedDemoConsole on %s', (kind) => {
  const database = useTestDb(kind);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-console-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes an operator and one owner per enterprise who sign in; a second run keeps the passwords, a lost one is set anew', async () => {
    const db = database();
    const app = createApp(defaultDeps(db.db, db.kind, { log: () => {}, limits: { ...defaultLimits, passwordCost: 8 } }));
    const seeded = await seedDemo(app, shops(4101));
    const file = join(dir, `${kind}.json`);
    const first = await seedDemoConsole(app, seeded, file, 'db');
    expect(first.map((u) => u.what)).toEqual(['marketplace operator', ...seeded.map((e) => `owner of ${e.name}`)]);
    for (const u of first) expect((await app.console.signIn(u.email, u.password, undefined)).me.user.email).toBe(u.email);
    const owner = await app.console.signIn(first[1]!.email, first[1]!.password, undefined);
    expect(owner.me.memberships.map((m) => [m.enterpriseId, m.role])).toEqual([[seeded[0]!.id, 'owner']]);
    expect((await app.console.signIn(first[0]!.email, first[0]!.password, undefined)).me.user.operator).toBe(true);
    const again = await seedDemoConsole(app, seeded, file, 'db');
    expect(again.map((u) => u.password)).toEqual(first.map((u) => u.password));
    // Another database's file (or a lost password): new ones that work, written down.
    const other = await seedDemoConsole(app, seeded, file, 'other db');
    expect(other[0]!.password).not.toBe(first[0]!.password);
    expect((await app.console.signIn(other[0]!.email, other[0]!.password, undefined)).me.user.operator).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))['other db'][other[0]!.email]).toBe(other[0]!.password);
  });
});
