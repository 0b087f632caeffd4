import type { Scene } from './scene';

/** The Sales pages: catalogue (a product open), materials, commission (a field at fault), orders (a receipt open), ledger, reports. */
export const sales: Scene = {
  area: 'sales',
  async run(s) {
    await s.signIn('owner');
    for (const name of ['catalogue', 'materials', 'commission', 'orders', 'ledger', 'reports']) {
      await s.go(`/sales/${name}`);
      if (name === 'orders' || name === 'catalogue') {
        await s.page.click('tbody tr:first-child button.link');
        await s.settle();
      }
      await s.shoot(name);
    }
    await s.page.select('form.filters label:nth-of-type(2) select', 'associate');
    await s.settle();
    await s.page.select('form.filters label:nth-of-type(4) select', 'revenue');
    await s.shoot('reports-by-associate');

    await s.go('/sales/commission');
    await s.page.click('.page-head button.primary');
    await s.page.waitForSelector('input[name="rules.1.id"]');
    await s.type('input[name="rules.1.id"]', 'oled');
    await s.page.click('form button[type="submit"].primary');
    await s.page.waitForSelector('.field-error');
    await s.shoot('commission-refused');

    await s.signIn('analyst');
    await s.go('/sales/materials');
    await s.shoot('materials-analyst');
  },
};
