import type { Scene } from './scene';

/**
 * Two versions of Voltaire's opportunity rules, as its integration would have set them (its API key).
 * The harness's five sessions this morning (07:00 to 08:32 UTC, 23 minutes apart, each with a long look at
 * headphones after searching for them, a 698 USD cart) score 15, and 20 from 07:30: the live version (threshold 20)
 * opens the last three, a draft at 15 all five.
 */
const V1 = {
  threshold: 12,
  cooldownMinutes: 30,
  timezone: 'UTC',
  conditions: [
    { id: 'long-dwell', description: 'Lingers on a product', when: { type: 'dwell', seconds: 10 }, points: 10 },
    { id: 'searched-audio', when: { type: 'search_terms', words: ['headphones', 'speaker'] }, points: 5 },
  ],
};
const V2 = {
  ...V1,
  threshold: 20,
  cooldownMinutes: 20,
  conditions: [
    ...V1.conditions,
    { id: 'morning', description: 'Staffed hours', when: { type: 'time_of_day', from: '07:30', to: '13:00', days: [1, 2, 3, 4, 5, 6, 7] }, points: 5 },
    { id: 'big-cart', when: { type: 'all', of: [{ type: 'cart_value', min: '800.00', currency: 'USD' }, { type: 'not', of: { type: 'customer_tag', tag: 'staff' } }] }, points: 8 },
  ],
  segment: { categoryFrom: 'top_product', minLevel: 2 },
};

/** Opportunity rules: the editor, a field at fault, the preview beside the live version, the versions with a diff, the restore's confirmation, the analyst's read-only view. */
export const rules: Scene = {
  area: 'rules',
  async run(s) {
    const { versions } = await s.harness.call('GET', '/api/v1/rules/opportunity/versions');
    if (versions.length === 0) {
      await s.harness.call('PUT', '/api/v1/rules/opportunity', V1);
      await s.harness.call('PUT', '/api/v1/rules/opportunity', V2);
    }
    await s.signIn('admin');
    await s.go('/rules/opportunity', 'input[name="threshold"]');
    await s.shoot('rules-editor');

    // Checked as typed with the shared schema: the words land on the field.
    await s.type('input[name="conditions.0.when.seconds"]', 'ten');
    await s.type('input[name="conditions.3.when.of.0.min"]', '800,00');
    await s.page.waitForSelector('.field-error');
    await s.page.evaluate(() => window.scrollTo(0, 0));
    await s.shoot('rules-field-at-fault');
    await s.type('input[name="conditions.0.when.seconds"]', '10');
    await s.type('input[name="conditions.3.when.of.0.min"]', '800.00');

    // A lower threshold: the preview says which sessions of the last day it would add.
    await s.type('input[name="threshold"]', '15');
    await s.page.click('button::-p-text(Preview over the last day)');
    await s.page.waitForSelector('.preview table');
    await s.settle();
    await s.page.evaluate(() => window.scrollTo(0, 0));
    await s.shoot('rules-preview');

    await s.page.evaluate(() => window.scrollTo(0, 0));
    await s.page.click('button[type="submit"].primary');
    await s.page.waitForSelector('p.saved');
    await s.page.click('[role="tab"]:nth-of-type(2)');
    await s.page.waitForSelector('table.diff');
    await s.page.select('select[name="diff.from"]', '1');
    await s.page.waitForFunction(() => document.querySelectorAll('table.diff tbody tr').length > 2);
    await s.settle();
    await s.shoot('rules-versions');

    await s.page.click('button::-p-text(Restore v1)');
    await s.page.waitForSelector('[role="alertdialog"]');
    await s.settle();
    await s.shoot('rules-restore-confirm');
    await s.page.keyboard.press('Escape');

    await s.signIn('analyst');
    await s.go('/rules/opportunity', 'input[name="threshold"]');
    await s.shoot('rules-analyst');
  },
};
