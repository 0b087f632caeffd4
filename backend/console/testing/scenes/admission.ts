import { and, desc, eq } from 'drizzle-orm';
import { admissionInvitations, applications, opportunities, outcomes, scheduleExceptions } from '../../../src/db/schema';
import { insertBank, insertEarned } from '../../../src/testing/earned';
import { insertAssociate, insertEngagement, insertOpportunity } from '../../../src/testing/routing';
import type { Harness } from '../harness';
import type { Scene } from './scene';

interface Seeded {
  displayName: string;
  languages: string[];
  timezone: string;
  categories: string[][];
  /** Engagements with an outcome on the marketplace, and how many of them sold. */
  outcomes?: [number, number];
  admitted?: boolean;
}

const INDEPENDENTS: Seeded[] = [
  { displayName: 'Amara Okafor', languages: ['en', 'fr'], timezone: 'Europe/Paris', categories: [['Audio', 'Headphones'], ['Audio', 'Speakers']], outcomes: [12, 4] },
  { displayName: 'Bruno Keller', languages: ['de', 'en'], timezone: 'Europe/Berlin', categories: [['TV', 'OLED']], outcomes: [5, 1] },
  { displayName: 'Chen Wei', languages: ['en', 'zh'], timezone: 'Asia/Singapore', categories: [['Audio']] },
  { displayName: 'Dalia Haddad', languages: ['ar', 'en'], timezone: 'Europe/London', categories: [['Audio', 'Headphones'], ['TV']], outcomes: [20, 9], admitted: true },
  { displayName: 'Emil Sørensen', languages: ['da', 'en'], timezone: 'Europe/Copenhagen', categories: [['Audio', 'Speakers']] },
];

/**
 * Approved independents as the registration module leaves them (an approved application with the
 * categories they declared), some with passed tests (the marketplace's and Voltaire's), a record of
 * outcomes, one already admitted with a grant; Voltaire's own published test to require.
 */
async function seed(h: Harness): Promise<{ ids: Record<string, string>; voltTest: string }> {
  const now = h.clock.now();
  const db = h.db;
  const market = {
    headphones: await insertBank(db, { enterpriseId: null, category: ['Audio', 'Headphones'], level: 3, title: 'Headphones: fit, noise cancelling, codecs' }, now),
    oled: await insertBank(db, { enterpriseId: null, category: ['TV', 'OLED'], level: 4, title: 'OLED TVs' }, now),
    audio: await insertBank(db, { enterpriseId: null, category: ['Audio'], level: 2, title: 'Audio basics' }, now),
  };
  const voltTest = await insertBank(db, { enterpriseId: h.enterprises.volt, category: ['Audio', 'Headphones'], level: 3, title: 'Voltaire headphones range' }, now);
  await insertBank(db, { enterpriseId: h.enterprises.volt, category: ['TV'], level: 2, title: 'Voltaire TV draft', published: false }, now);
  // An opportunity's session and shopper to hang past engagements on.
  const [opportunity] = await db.select().from(opportunities).where(eq(opportunities.enterpriseId, h.enterprises.volt)).orderBy(desc(opportunities.openedAt)).limit(1);
  const ids: Record<string, string> = {};
  for (const [i, s] of INDEPENDENTS.entries()) {
    const email = `${s.displayName.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@indie.example`;
    const id = await insertAssociate(
      db,
      { employerId: null, email, displayName: s.displayName, languages: s.languages, timezone: s.timezone, presence: 'away', approvedAt: new Date(now.getTime() - (10 + i * 7) * 86_400_000), ...(s.admitted ? { admittedBy: [h.enterprises.volt], accreditations: [[['TV'], 2]] } : {}) },
      now,
    );
    ids[s.displayName] = id;
    await db.insert(applications).values({
      id: crypto.randomUUID(),
      associateId: id,
      status: 'approved',
      givenName: s.displayName.split(' ')[0]!,
      familyName: s.displayName.split(' ')[1]!,
      country: 'FR',
      categories: s.categories,
      experience: 'Years on the shop floor.',
      weeklyHours: 20,
      consentedAt: now,
      consentVersion: '1',
      createdAt: now,
      updatedAt: now,
    });
    if (opportunity && s.outcomes) {
      const [count, sales] = s.outcomes;
      for (let n = 0; n < count; n++) {
        const category = s.categories[0]!;
        const opportunityId = await insertOpportunity(db, { enterpriseId: h.enterprises.volt, sessionId: opportunity.sessionId, shopperId: opportunity.shopperId, category }, now);
        const engagementId = await insertEngagement(db, { opportunityId, enterpriseId: h.enterprises.volt, associateId: id, shopperId: opportunity.shopperId, sessionId: opportunity.sessionId, category }, now);
        await db.insert(outcomes).values({ engagementId, sale: n < sales, amount: n < sales ? '199.00' : null, currency: n < sales ? 'EUR' : null, recordedBy: 'associate', recordedAt: now });
      }
    }
  }
  await insertEarned(db, ids['Amara Okafor']!, market.headphones, now);
  await insertEarned(db, ids['Amara Okafor']!, voltTest, now);
  await insertEarned(db, ids['Bruno Keller']!, market.oled, now);
  await insertEarned(db, ids['Chen Wei']!, market.audio, now);
  await insertEarned(db, ids['Dalia Haddad']!, market.headphones, now);
  await insertEarned(db, ids['Dalia Haddad']!, voltTest, now);
  return { ids, voltTest };
}

/** A sales lead admits independents: the directory, filtered by category, the invitation requiring Voltaire's test; the Associates page with invitations (and whether the test is passed), accreditations by source and an independent's days off. */
export const admission: Scene = {
  area: 'admission',
  async run(s) {
    const { ids } = await seed(s.harness);
    // Voltaire invited Chen by id with no test; Emil declined its invitation; Dalia accepted hers last month.
    const { db, clock, enterprises } = s.harness;
    await s.harness.call('POST', '/api/v1/associates/admissions', { associateId: ids['Chen Wei'] });
    await s.harness.call('POST', '/api/v1/associates/admissions', { associateId: ids['Emil Sørensen'] });
    await db
      .update(admissionInvitations)
      .set({ status: 'declined', answeredAt: clock.now() })
      .where(and(eq(admissionInvitations.enterpriseId, enterprises.volt), eq(admissionInvitations.associateId, ids['Emil Sørensen']!)));
    const monthAgo = new Date(clock.now().getTime() - 30 * 86_400_000);
    await db.insert(admissionInvitations).values({ enterpriseId: enterprises.volt, email: 'dalia@indie.example', associateId: ids['Dalia Haddad']!, status: 'accepted', invitedAt: monthAgo, answeredAt: new Date(monthAgo.getTime() + 86_400_000) });

    await s.signIn('salesLead');
    await s.go('/independents', '.server-table');
    await s.shoot('independents-directory');

    await s.type('input[name=category]', 'Audio > Headphones');
    await s.page.select('select[name=minLevel]', '3');
    await s.page.click('form[role=search] button[type=submit]');
    await s.page.waitForFunction(() => document.querySelectorAll('.server-table tbody tr').length === 2, { timeout: 10_000 });
    await s.settle();
    await s.shoot('independents-directory-filtered');

    await s.page.click('button[aria-label="Invite Amara Okafor"]');
    await s.page.waitForSelector('.dialog select[name=requiredBankId]');
    const bank = await s.page.$eval('.dialog select[name=requiredBankId] option:nth-child(2)', (o) => (o as HTMLOptionElement).value);
    await s.page.select('.dialog select[name=requiredBankId]', bank);
    await s.settle();
    await s.shoot('independents-invite');
    await s.page.click('.dialog button[type=submit]');
    await s.page.waitForFunction(() => document.querySelector('.server-table tbody')?.textContent?.includes('test first'), { timeout: 10_000 });
    await s.settle();
    await s.shoot('independents-invited');

    await s.go('/associates', '#admitted-title');
    await s.page.waitForSelector('[data-source=marketplace_test] .chip');
    await s.settle();
    await s.shoot('associates-by-source');

    // Dalia (London) takes a day off next week and works one-off evening hours the week after.
    const date = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
    await db.insert(scheduleExceptions).values([
      { associateId: ids['Dalia Haddad']!, date: date(6), periods: [], note: 'Family wedding', createdAt: clock.now() },
      { associateId: ids['Dalia Haddad']!, date: date(13), periods: [{ from: '17:00', to: '21:00' }], note: null, createdAt: clock.now() },
    ]);
    await s.page.click('button[aria-label="Days off and one-off hours of Dalia Haddad"]');
    await s.page.waitForSelector('.dialog [data-testid=schedule-exceptions] li');
    await s.settle();
    await s.shoot('associates-days-off');
  },
};
