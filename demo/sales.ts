import type { CatalogProductInput } from '../shared/catalog';
import { minorUnits } from '../shared/catalog';
import type { CommissionPlanBody } from '../shared/commission';
import type { CreateMaterial } from '../shared/sales';
import type { App } from '../backend/src/app';
import { NotFound } from '../backend/src/errors';
import { productsFromJson } from '../backend/src/modules/catalog/feed.core';
import type { CatalogProduct as ShopProduct } from './shops/catalog';
import type { DemoCatalog } from './shops/demo-products';

/**
 * The sales side of a demo enterprise, seeded the way an enterprise would set it up: its
 * catalogue from the shop's products, a commission plan, and a small library of materials and
 * techniques. The catalogue is written at every start (the shop's port is in its URLs); the plan
 * and the library only when the enterprise has none, so an edit made through the API stays.
 */

/** Where the alternatives' accessories come from: a category's natural companions. */
const ACCESSORY_CATEGORY: Record<string, string> = { laptops: 'headphones', headphones: 'speakers', zelte: 'schlafsaecke', rucksaecke: 'jacken' };
/** Units in stock the demo catalogue claims for a product in stock. */
const DEMO_STOCK = 12;

/** The shop's products as catalogue items: the list price with the sale price beside it, related items by category. */
export function demoCatalogProducts(catalog: DemoCatalog, origin: string): CatalogProductInput[] {
  const minor = (amount: string, currency: string) => {
    const m = minorUnits(amount, currency);
    if (!m.ok) throw new Error(`demo price ${amount} ${currency}: ${m.message}`);
    return m.minor;
  };
  const inCategory = (slug: string, but?: ShopProduct) => catalog.products.filter((p) => p.category === slug && p.inStock && p !== but).map((p) => p.sku);
  return catalog.products.map((p) => ({
    sku: p.sku,
    ...(p.gtin ? { gtin: p.gtin } : {}),
    name: p.name,
    description: p.description,
    brand: p.brand,
    category: catalog.categoryNames(p),
    currency: p.currency,
    price: minor(p.listPrice ?? p.price, p.currency),
    salePrice: p.listPrice ? minor(p.price, p.currency) : null,
    availability: p.inStock ? 'in_stock' : 'out_of_stock',
    stock: p.inStock ? DEMO_STOCK : 0,
    url: catalog.url(origin, p),
    related: {
      alternatives: inCategory(p.category, p).slice(0, 3),
      accessories: ACCESSORY_CATEGORY[p.category] ? inCategory(ACCESSORY_CATEGORY[p.category]!).slice(0, 3) : [],
      bundles: [],
    },
  }));
}

/** 5% of every sale, 8% on the shop's first category; paid 30 days after attribution. */
export function demoCommissionPlan(catalog: DemoCatalog): CommissionPlanBody {
  const first = catalog.categoryNames(catalog.first())[0]!;
  const currency = catalog.first().currency;
  return {
    currency,
    holdDays: 30,
    rules: [
      { id: 'first-category', when: { categoryPrefix: first }, pay: { kind: 'rate', basisPoints: 800 } },
      { id: 'everything', when: {}, pay: { kind: 'rate', basisPoints: 500 } },
    ],
  };
}

/** The library a sales lead would start with: two techniques and a buying guide. */
export function demoMaterials(catalog: DemoCatalog, origin: string): CreateMaterial[] {
  const first = catalog.first();
  return [
    {
      kind: 'technique',
      title: 'Ask what it is for, then the budget',
      markdown: 'Ask **what it is for** first: where, how often, for whom.\nThen the budget, as a range.\n\n- Nights a year? Hours a day?\n- Carried far, or kept at home?',
    },
    {
      kind: 'technique',
      title: 'Offer what goes with it',
      markdown: 'Once the shopper has chosen, offer **one** accessory that makes the product better to use, with its price.\nNever more than one at a time.',
    },
    { kind: 'link', title: `Buying guide: ${catalog.categoryNames(first)[0]}`, url: catalog.url(origin, first) },
  ];
}

/** Seeds the enterprise's sales side: the catalogue every start, the plan and the library once. */
export async function seedSales(app: App, enterpriseId: string, catalog: DemoCatalog, origin: string): Promise<void> {
  const batch = productsFromJson(demoCatalogProducts(catalog, origin));
  if (!batch.ok) throw new Error(`the demo catalogue was refused: ${batch.message}`);
  if (batch.refused.length > 0) throw new Error(`the demo catalogue was refused: ${JSON.stringify(batch.refused[0])}`);
  await app.catalog.upsert(enterpriseId, batch);
  const hasPlan = await app.commission.plan(enterpriseId).then(
    () => true,
    (err: unknown) => {
      if (err instanceof NotFound) return false;
      throw err;
    },
  );
  if (!hasPlan) await app.commission.setPlan(enterpriseId, demoCommissionPlan(catalog));
  if ((await app.materials.list(enterpriseId)).length === 0) for (const m of demoMaterials(catalog, origin)) await app.materials.create(enterpriseId, m);
  // The index the write started rebuilding is done before the caller closes its database.
  await app.catalog.idle();
}
