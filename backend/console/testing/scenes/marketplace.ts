import { CreateAssociate } from '../../../../shared/associates';
import type { Scene } from './scene';

/** The operator's marketplace: enterprises side by side (creation with a field at fault, a suspension asked), one enterprise (support access open), independents, the audit log. */
export const marketplace: Scene = {
  area: 'marketplace',
  async run(s) {
    const { app } = s.harness;
    // Independents for the directory: three, one invited by Voltaire.
    for (const [email, displayName] of [
      ['ines@indie.example', 'Inès Duval'],
      ['kofi@indie.example', 'Kofi Mensah'],
      ['lena@indie.example', 'Lena Fischer'],
    ] as const)
      await app.associates.invite(null, CreateAssociate.parse({ email, displayName }), { mail: false });
    await s.harness.call('POST', '/api/v1/associates/admissions', { email: 'kofi@indie.example' });

    await s.signIn('operator');
    await s.go('/marketplace/enterprises', '.server-table');
    await s.shoot('enterprises');

    await s.page.click('.page-head button.primary');
    await s.page.waitForSelector('.dialog input[name=name]');
    await s.type('.dialog input[name=name]', 'Nordlicht Optik');
    await s.type('.dialog input[name=domain]', 'nordlicht optik.example');
    await s.type('.dialog input[name=ownerEmail]', 'nina@nordlicht.example');
    await s.type('.dialog input[name=ownerName]', 'Nina Berg');
    await s.page.click('.dialog button[type=submit]');
    await s.page.waitForSelector('.dialog .field-error');
    await s.shoot('enterprises-create-refused');
    await s.page.keyboard.press('Escape');
    await s.settle();

    await s.page.click('.server-table tbody tr:first-child .row-actions button.danger');
    await s.page.waitForSelector('[role=alertdialog]');
    await s.shoot('enterprises-suspend');
    await s.page.keyboard.press('Escape');
    await s.settle();

    // Another scene may have left a support access open in Voltaire: this one opens its own.
    for (const access of await s.harness.app.console.supportAccessesOf(s.harness.enterprises.volt))
      if (!access.endedAt && Date.parse(access.endsAt) > s.harness.clock.now().getTime()) await s.harness.app.console.endSupportAccess(access.id, { enterpriseId: s.harness.enterprises.volt, userId: null });
    await s.go(`/marketplace/enterprises/${s.harness.enterprises.volt}`, '#sites-title');
    await s.shoot('enterprise');
    await s.type('textarea[name=reason]', 'Ticket 4411: the owner cannot see last week’s sessions');
    await s.page.select('select[name=minutes]', '30');
    await s.page.click('form[aria-label="Open a support access"] button[type=submit]');
    await s.page.waitForSelector('#support-title ~ .notice');
    await s.settle();
    await s.shoot('enterprise-support-open');
    await s.type('input[name=fee]', '2.555');
    await s.page.click('form[aria-labelledby=fee-title] button[type=submit]');
    await s.page.waitForSelector('form[aria-labelledby=fee-title] .field-error');
    await s.shoot('enterprise-fee-refused');

    await s.go('/marketplace/independents', '.server-table');
    await s.shoot('independents');
    await s.type('input[name=q]', 'kofi');
    await s.page.waitForFunction(() => document.querySelectorAll('.server-table tbody tr').length === 1, { timeout: 10_000 });
    await s.shoot('independents-search');

    await s.go('/marketplace/audit', '.server-table');
    await s.shoot('audit');
    await s.page.click('.server-table tbody tr:first-child button.link');
    await s.page.waitForSelector('.dialog pre');
    await s.settle();
    await s.shoot('audit-change');
  },
};
