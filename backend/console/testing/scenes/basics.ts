import { ACCOUNTS } from '../harness';
import type { Scene } from './scene';

/** Signing in (an address at fault, the second factor), the account, the user menu and the enterprise switcher. */
export const signIn: Scene = {
  area: 'sign-in',
  async run(s) {
    await s.go('/sessions', 'form input[name=email]');
    await s.shoot('sign-in');
    await s.type('input[name=email]', 'olivia@');
    await s.type('input[name=password]', 'x');
    await s.page.click('button[type=submit]');
    await s.page.waitForSelector('.field-error');
    await s.shoot('sign-in-error');
    await s.type('input[name=email]', ACCOUNTS.owner.email);
    await s.type('input[name=password]', ACCOUNTS.owner.password);
    await s.page.click('button[type=submit]');
    await s.page.waitForSelector('input[name=totp]');
    await s.shoot('sign-in-code');
    await s.go('/forgot-password', 'input[name=email]');
    await s.shoot('forgot-password');

    await s.signIn('owner');
    await s.go('/account', 'input[name=current]');
    await s.shoot('account');
    await s.page.click('.user-trigger');
    await s.page.waitForSelector('.menu');
    await s.shoot('user-menu');
    await s.page.keyboard.press('Escape');
    await s.page.click('.switcher-trigger');
    await s.page.waitForSelector('.menu-item');
    await s.shoot('enterprise-switcher');
    await s.page.keyboard.press('Escape');
    // The theme toggle: dark chosen on a light system.
    await s.page.click('.topbar .icon-button');
    await s.settle();
    await s.page.screenshot({ path: '/dev/null' }).catch(() => undefined);
  },
};

/** Sessions, a session's trail, associates (and the invitation's field at fault), API keys, live settings. */
export const basics: Scene = {
  area: 'basics',
  async run(s) {
    await s.signIn('owner');
    await s.go('/sessions', '.server-table');
    await s.shoot('sessions');
    await s.page.click('.server-table tbody tr a');
    await s.page.waitForSelector('.facts-grid');
    await s.shoot('session');

    await s.go('/associates', '.server-table');
    await s.shoot('associates');
    await s.page.click('.page-head button');
    await s.page.waitForSelector('.dialog input[name=email]');
    await s.type('.dialog input[name=email]', 'not an address');
    await s.type('.dialog input[name=displayName]', 'Dan');
    await s.page.click('.dialog button[type=submit]');
    await s.page.waitForSelector('.dialog .field-error');
    await s.shoot('associates-invite');
    await s.page.keyboard.press('Escape');

    await s.go('/settings/api-keys', '.server-table');
    await s.shoot('api-keys');
    await s.type('input[name=label]', 'Reporting export');
    await s.page.click('.inline-form button[type=submit]');
    await s.page.waitForSelector('.notice.once');
    await s.shoot('api-keys-created');
    await s.go('/settings/live', 'input[name=transcriptRetentionDays]');
    await s.shoot('live-settings');

    // An analyst: fewer pages, settings read only, a page not theirs refused.
    await s.signIn('analyst');
    await s.go('/settings/live', 'input[name=transcriptRetentionDays]');
    await s.shoot('analyst-live-settings');
    await s.go('/settings/api-keys', '.state.empty');
    await s.shoot('analyst-not-allowed');
  },
};
