import { eq } from 'drizzle-orm';
import { consoleUsers } from '../../../src/db/schema';
import { type Applicant, type ApplicantStage, seedApplicant } from '../../../src/testing/applicants';
import { ACCOUNTS } from '../harness';
import type { Scene } from './scene';

const DAY = 86_400_000;

const person = (email: string, displayName: string, givenName: string, familyName: string, country: string, languages: string[], categories: string[][], experience: string): Applicant => ({
  email,
  password: 'a long enough secret for applying',
  displayName,
  givenName,
  familyName,
  country,
  languages,
  categories,
  experience,
  documents: [{ kind: 'identity', fileName: `${givenName.toLowerCase()}-passport.pdf` }],
});

/**
 * The operator's review of applications: the queue, an application whose check came back clear,
 * one that came back consider (and the adverse-action path asked), one waiting out the
 * adverse-action period, an approval refused before the check is back, and the joining rules
 * with a field at fault. Applicants are moved through the registration service as the check's
 * webhooks would move them (no provider runs here).
 */
export const vetting: Scene = {
  area: 'vetting',
  async run(s) {
    const { app, db, clock } = s.harness;
    // A full-page shot of a scrolled page draws the sticky header where it was: shots start at the top.
    const top = () => s.page.evaluate(() => window.scrollTo(0, 0));
    await s.signIn('operator');
    const [operator] = await db.select({ id: consoleUsers.id }).from(consoleUsers).where(eq(consoleUsers.email, ACCOUNTS.operator.email));
    await app.registration.setJoinSettings({ countries: ['FR', 'DE', 'ES', 'GB', 'IE', 'PT', 'US'], minimumAge: 18, requiredDocuments: ['identity'], languages: ['en', 'fr', 'de', 'es'], checkPackage: 'tasker_standard' }, operator!.id);
    const seed = async (who: Applicant, stage: ApplicantStage, hoursAgo: number) => {
      // Each applicant moved some hours apart, so the queue's "waiting" reads as a queue would.
      clock.set(new Date(clock.now().getTime() - hoursAgo * 3_600_000).toISOString());
      const ids = await seedApplicant(app, db, clock.now, who, stage);
      clock.set(new Date(clock.now().getTime() + hoursAgo * 3_600_000).toISOString());
      return ids;
    };
    const lea = await seed(
      person('lea.martin@applicant.example', 'Léa M.', 'Léa', 'Martin', 'FR', ['fr', 'en'], [['Audio', 'Headphones'], ['Audio', 'Speakers']], 'Six years at a hi-fi shop in Lyon: headphones, speakers and home cinema.\nI ran the listening room and trained new staff.'),
      { complete: 'clear' },
      30,
    );
    const kwame = await seed(person('kwame.asante@applicant.example', 'Kwame A.', 'Kwame', 'Asante', 'GB', ['en'], [['TV', 'OLED'], ['TV', 'Accessories']], 'Three years selling televisions at a department store in Leeds.'), { complete: 'consider' }, 52);
    const sofia = await seed(person('sofia.ruiz@applicant.example', 'Sofía R.', 'Sofía', 'Ruiz', 'ES', ['es', 'en'], [['Audio', 'Headphones']], 'Two years in consumer electronics retail in Madrid.'), { adverse: { dueAt: new Date(clock.now().getTime() + 5 * DAY) } }, 74);
    const jonas = await seed(person('jonas.weber@applicant.example', 'Jonas W.', 'Jonas', 'Weber', 'DE', ['de', 'en'], [['Cameras', 'Mirrorless'], ['Cameras', 'Lenses'], ['Audio', 'Speakers'], ['TV', 'OLED']], 'Camera specialist, eight years.'), 'invited', 6);
    await seed(person('mei.chen@applicant.example', 'Mei C.', 'Mei', 'Chen', 'US', ['en'], [['Audio', 'Headphones']], 'Four years at an audio boutique in Portland.'), { report: 'pending' }, 20);
    // Asked for more, and answered: back in review, the question and the answer in its history.
    const tomas = await seed(person('tomas.novak@applicant.example', 'Tomáš N.', 'Tomáš', 'Novák', 'DE', ['de', 'en'], [['Audio', 'Speakers']], 'Sold speakers at a Berlin department store.'), { complete: 'clear' }, 40);
    await app.registration.decide(tomas.applicationId, operator!.id, { decision: 'more_info', reason: 'Which brands of speakers did you sell, and for how long?' });
    await app.registration.reply(tomas.associateId, 'Sonos, Bose and KEF, for four years.');
    await app.registration.idle();
    // Brazil is not served: the rules decline it at once, before any document.
    await seed({ ...person('pedro.alves@applicant.example', 'Pedro A.', 'Pedro', 'Alves', 'BR', ['pt', 'en'], [['TV', 'OLED']], 'Five years selling TVs in São Paulo.'), documents: [] }, 'checking', 96);
    // Declined by the rules, he applies again from Lisbon: a new application, the first one linked.
    const pedro = await seed(person('pedro.alves@applicant.example', 'Pedro A.', 'Pedro', 'Alves', 'PT', ['pt', 'en'], [['TV', 'OLED']], 'Five years selling TVs in São Paulo, now in Lisbon.'), { complete: 'clear' }, 8);
    await seed(person('anna.berg@applicant.example', 'Anna B.', 'Anna', 'Berg', 'IE', ['en'], [['Audio', 'Speakers']], 'New to retail, keen on audio.'), 'unverified', 2);

    await s.go('/marketplace/applications', '.server-table tbody tr');
    await top();
    await s.shoot('vetting-queue');
    await s.page.select('select[name=status]', '');
    await s.page.waitForFunction(() => document.querySelectorAll('.server-table tbody tr').length >= 8, { timeout: 10_000 });
    await s.settle();
    await top();
    await s.shoot('vetting-queue-all');

    await s.go(`/marketplace/applications/${lea.applicationId}`, '#decision-title');
    await top();
    await s.shoot('vetting-application-clear');

    await s.go(`/marketplace/applications/${kwame.applicationId}`, '#decision-title');
    await top();
    await s.shoot('vetting-application-consider');
    await s.page.click('.decision-panel .adverse button.danger');
    await s.page.waitForSelector('[role=alertdialog]');
    await s.settle();
    await top();
    await s.shoot('vetting-adverse-action-confirm');
    await s.page.keyboard.press('Escape');
    await s.settle();

    await s.go(`/marketplace/applications/${pedro.applicationId}`, '#decision-title');
    await top();
    await s.shoot('vetting-application-reapplied');

    await s.go(`/marketplace/applications/${tomas.applicationId}`, '#decision-title');
    await top();
    await s.shoot('vetting-application-answered');

    await s.go(`/marketplace/applications/${sofia.applicationId}`, '#decision-title');
    await top();
    await s.shoot('vetting-application-adverse-action');

    // Approving before the check is back: the server refuses, in its words, on the form.
    await s.go(`/marketplace/applications/${jonas.applicationId}`, '#decision-title');
    await s.page.click('input[name=decision][value=approve]');
    await s.type('textarea[name=reason]', 'Your camera experience is what our shops need.');
    await s.page.click('.decision-panel form button[type=submit]');
    await s.page.waitForSelector('[role=alertdialog]');
    await s.page.click('[role=alertdialog] button.primary');
    await s.page.waitForSelector('.decision-panel form .alert');
    await s.settle();
    await top();
    await s.shoot('vetting-decision-refused');

    await s.go('/marketplace/join-settings', 'input[name=minimumAge]');
    await top();
    await s.shoot('vetting-join-settings');
    await s.type('input[name=minimumAge]', '15');
    await s.type('input[name=countries]', 'IT France');
    await s.page.click('.code-input button');
    await s.page.click('form.join-form button[type=submit]');
    await s.page.waitForSelector('.field-block.invalid');
    await s.settle();
    await top();
    await s.shoot('vetting-join-settings-refused');
  },
};
