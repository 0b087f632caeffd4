import type { SiteAdapter } from '../shared/sites';
import type { App } from '../backend/src/app';
import { slugify } from '../backend/src/modules/tenancy/slug.core';

/** A demo shop as the shop server describes it. */
export interface DemoShop {
  name: string;
  enterpriseName: string;
  /** host[:port] the shop answers on. */
  host: string;
  adapter: SiteAdapter | null;
}

export interface SeededEnterprise {
  name: string;
  slug: string;
  site: string;
  /** Only when the enterprise was created by this call: keys are shown once. */
  apiKey?: string;
}

/**
 * Makes the demo enterprises and their sites exist, once: a second run keeps what is
 * there and only moves each site to the host its shop answers on now.
 */
export async function seedDemo(app: App, shops: readonly DemoShop[]): Promise<SeededEnterprise[]> {
  const out: SeededEnterprise[] = [];
  for (const shop of shops) {
    let enterprise = await app.tenancy.enterpriseBySlug(slugify(shop.enterpriseName));
    let apiKey: string | undefined;
    if (!enterprise) {
      enterprise = await app.tenancy.createEnterprise(shop.enterpriseName);
      apiKey = (await app.tenancy.createApiKey(enterprise.id, 'demo')).key;
    }
    const existing = (await app.tenancy.sitesOf(enterprise.id)).find((s) => s.name === shop.name);
    if (existing) await app.tenancy.updateSite(existing.id, { domain: shop.host, adapter: shop.adapter, active: true });
    else await app.tenancy.addSite(enterprise.id, { name: shop.name, domain: shop.host, adapter: shop.adapter });
    out.push({ name: enterprise.name, slug: enterprise.slug, site: shop.host, ...(apiKey ? { apiKey } : {}) });
  }
  return out;
}
