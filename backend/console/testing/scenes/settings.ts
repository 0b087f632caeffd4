import { ACCOUNTS } from '../harness';
import type { Scene } from './scene';

/**
 * Settings: sites and adapters (a new identity secret shown once, a selector at fault as it is
 * typed), users (the invitation dialog, an address at fault, the last owner kept), customer source
 * (a URL at fault), the audit log (an entry open), the set-password page; owner and analyst.
 */
export const settings: Scene = {
  area: 'settings',
  async run(s) {
    const { harness } = s;
    // Voltaire's site with an adapter, masks and a live identity secret; its customer source; support accesses, one ended.
    await harness.call('PATCH', `/api/v1/enterprise/sites/${harness.sites.volt}`, {
      adapter: {
        pageKinds: [{ kind: 'product', pattern: '^/p/' }],
        product: { name: { selector: 'h1.product-title' }, price: { selector: '[itemprop=price]', attr: 'content' }, currency: 'EUR' },
        customer: { token: { selector: 'meta[name="fw-customer-token"]', attr: 'content' } },
        mask: ['.account-number', '#loyalty-card'],
      },
    });
    await harness.call('POST', `/api/v1/sites/${harness.sites.volt}/identity-secrets`);
    await harness.call('PUT', '/api/v1/customer-source', { lookupUrl: 'https://crm.voltaire.example/floorwalker/profile', ttlSeconds: 600, timeoutMs: 400 });
    const operatorId = await harness.app.console.ensureUser({ email: ACCOUNTS.operator.email, name: ACCOUNTS.operator.name, password: ACCOUNTS.operator.password, operator: true });
    const past = await harness.app.console.openSupportAccess(operatorId, harness.enterprises.volt, 'Checking the order webhook after the shop’s upgrade', 60);
    harness.clock.advance(20 * 60_000);
    await harness.app.console.endSupportAccess(past.id, { operatorId });
    await harness.app.console.openSupportAccess(operatorId, harness.enterprises.volt, 'Ticket #4821: matching sends no offers for TVs', 480);

    await s.signIn('owner');
    await s.go('/sites', '.site-card');
    await s.shoot('sites');
    await s.page.click('.site-card .actions button');
    await s.page.waitForSelector('[role=alertdialog] button.primary');
    await s.page.click('[role=alertdialog] button.primary');
    await s.page.waitForSelector('.notice.once .secret');
    await s.shoot('sites-secret-once');

    await s.page.click('.site-card .page-head button.small-button');
    await s.page.waitForSelector('.dialog textarea[name=masks]');
    await s.page.$eval('.dialog textarea[name=masks]', (t) => {
      (t as HTMLTextAreaElement).focus();
      (t as HTMLTextAreaElement).setSelectionRange(0, 0);
    });
    await s.page.type('.dialog textarea[name=masks]', 'li:has-text("IBAN")\n');
    await s.page.waitForFunction(() => document.querySelector('.dialog textarea[name=masks]')?.closest('.field-block')?.querySelector('.field-error'));
    await s.type('.dialog input[name=domain]', 'volt example');
    await s.page.waitForSelector('.dialog .field-error');
    await s.shoot('site-edit-at-fault');
    await s.page.$eval('.dialog', (d) => d.scrollTo(0, d.scrollHeight));
    await s.shoot('site-edit-mask-at-fault');
    await s.page.keyboard.press('Escape');

    await s.go('/settings/users', 'table');
    await s.shoot('users');
    await s.page.click('.page-head button.primary');
    await s.page.waitForSelector('.dialog input[name=email]');
    await s.type('.dialog input[name=email]', 'lena@voltaire');
    await s.type('.dialog input[name=name]', 'Lena Hoffmann');
    await s.page.select('.dialog select[name=role]', 'sales_lead');
    await s.page.click('.dialog button[type=submit]');
    await s.page.waitForSelector('.dialog .field-error');
    await s.shoot('users-invite-at-fault');
    await s.page.keyboard.press('Escape');
    // The only owner cannot be removed: the server's refusal shows.
    const ownerRow = await s.page.$$eval('tbody tr', (rows, email) => rows.findIndex((r) => r.textContent?.includes(email)), ACCOUNTS.owner.email);
    await s.page.click(`tbody tr:nth-child(${ownerRow + 1}) button.danger`);
    await s.page.waitForSelector('[role=alertdialog] button.danger');
    await s.page.click('[role=alertdialog] button.danger');
    await s.page.waitForSelector('p.alert');
    await s.shoot('users-last-owner');

    await s.go('/settings/customer-source', 'input[name=lookupUrl]');
    await s.shoot('customer-source');
    await s.type('input[name=lookupUrl]', 'http://user:pw@crm.voltaire.example/profile');
    await s.type('input[name=timeoutMs]', '5000');
    await s.page.waitForSelector('.field-error');
    await s.shoot('customer-source-at-fault');

    await s.go('/settings/audit', 'table');
    await s.type('input[name=q]', 'site volt');
    await s.page.click('form.filters button[type=submit]');
    await s.page.waitForFunction(() => [...document.querySelectorAll('tbody tr')].every((r) => r.textContent?.includes('site volt')));
    await s.page.click('tbody tr:last-child button.link');
    await s.page.waitForSelector('table.diff');
    await s.shoot('audit-entry-open');

    await s.go('/set-password#token=an-invitation-token-for-the-screenshot', '#set h1');
    await s.shoot('set-password');

    await s.signIn('analyst');
    await s.go('/sites', '.site-card');
    await s.shoot('sites-analyst');
    // The customer source is an owner's or an admin's setting: an analyst is told so.
    await s.go('/settings/customer-source', '.state.empty');
    await s.shoot('customer-source-analyst');
  },
};
