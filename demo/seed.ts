import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MAX_LIVE_IDENTITY_SECRETS } from '../shared/identity';
import type { SiteAdapter } from '../shared/sites';
import type { App } from '../backend/src/app';
import { slugify } from '../backend/src/modules/tenancy/slug.core';
import { randomBytes } from 'node:crypto';
import { seedSales } from './sales';
import type { DemoCatalog } from './shops/demo-products';
import type { OrderWebhookTarget } from './shops/order-webhook';

/** A demo shop as the shop server describes it. */
export interface DemoShop {
  name: string;
  enterpriseName: string;
  /** host[:port] the shop answers on. */
  host: string;
  adapter: SiteAdapter | null;
  /** Takes the site's identity secret, for a shop that signs its customers' ids (see shops/shop-app.ts). */
  useIdentitySecret?(secret: string): void;
  /** "http://localhost:4101": where its pages are (the catalogue's links). */
  origin?: string;
  /** The shop's products: seeded as the enterprise's catalogue, with a commission plan and a first library of materials. */
  catalog?: DemoCatalog;
  /** Takes where and how to send its orders (Shopify's `orders/create`), with the secret the enterprise set for it. */
  useOrderWebhook?(target: OrderWebhookTarget): void;
}

export interface SeedOptions {
  /** The backend's address once it listens (the shops' order webhooks go there); null while it does not yet. */
  backendUrl?: () => string | null;
}

export interface SeededEnterprise {
  id: string;
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
export async function seedDemo(app: App, shops: readonly DemoShop[], options: SeedOptions = {}): Promise<SeededEnterprise[]> {
  const out: SeededEnterprise[] = [];
  for (const shop of shops) {
    let enterprise = await app.tenancy.enterpriseBySlug(slugify(shop.enterpriseName));
    let apiKey: string | undefined;
    if (!enterprise) {
      enterprise = await app.tenancy.createEnterprise(shop.enterpriseName);
      apiKey = (await app.tenancy.createApiKey(enterprise.id, 'demo')).key;
    }
    const existing = (await app.tenancy.sitesOf(enterprise.id)).find((s) => s.name === shop.name);
    const site = existing
      ? await app.tenancy.updateSite(existing.id, { domain: shop.host, adapter: shop.adapter, active: true })
      : await app.tenancy.addSite(enterprise.id, { name: shop.name, domain: shop.host, adapter: shop.adapter });
    if (shop.useIdentitySecret && site) shop.useIdentitySecret(await freshIdentitySecret(app, enterprise.id, site.id));
    if (shop.catalog && shop.origin) await seedSales(app, enterprise.id, shop.catalog, shop.origin);
    if (shop.useOrderWebhook && options.backendUrl) {
      // A new secret each start, set through the orders module as the enterprise would, and handed to the shop.
      const secret = randomBytes(32).toString('base64url');
      await app.orders.setSourceSecret(enterprise.id, 'shopify', secret);
      const backendUrl = options.backendUrl;
      const enterpriseId = enterprise.id;
      shop.useOrderWebhook({ secret, shopDomain: shop.host, url: () => (backendUrl() ? `${backendUrl()}/api/v1/webhooks/shopify/${enterpriseId}` : null) });
    }
    out.push({ id: enterprise.id, name: enterprise.name, slug: enterprise.slug, site: shop.host, ...(apiKey ? { apiKey } : {}) });
  }
  return out;
}

/**
 * A new identity secret for the site, made through the identity service as the enterprise
 * would: shown once, so each start makes one for the shop it starts, retiring the oldest when
 * the site already has two (the previous start's stays valid for pages it signed).
 */
async function freshIdentitySecret(app: App, enterpriseId: string, siteId: string): Promise<string> {
  const [site] = (await app.identity.sitesOf(enterpriseId)).sites.filter((s) => s.id === siteId);
  const live = site?.identity.secrets ?? [];
  if (live.length >= MAX_LIVE_IDENTITY_SECRETS) await app.identity.retireSecret(enterpriseId, siteId, live[0]!.id);
  return (await app.identity.createSecret(enterpriseId, siteId)).secret;
}

/** A demo enterprise's API key as `npm start` shows it, and why it is a new one when it is. */
export interface DemoKey {
  name: string;
  key: string;
  /** Set when the key was issued now: the enterprise is new, or no working key was on file. */
  issued?: 'new enterprise' | 'none on file for this database' | 'the key on file did not answer';
}

/** The keys file: per database (see `database` below), per enterprise slug, a key. */
type KeysFile = Record<string, Record<string, string>>;

/**
 * The demo enterprises' API keys for one database, kept in `file` beside other databases'
 * keys (`database` names it: "pglite /abs/folder", "postgres host:port/name"). Keys are
 * stored only as hashes, so the file is the only place they can be shown from; a key on
 * file that this database does not know (another database's, or one from before a reset)
 * is never shown: a fresh one is issued instead, and the file updated.
 */
export async function demoKeys(app: App, seeded: readonly SeededEnterprise[], file: string, database: string): Promise<DemoKey[]> {
  const all = readPerDatabase(file);
  const mine = { ...all[database] };
  const out: DemoKey[] = [];
  for (const e of seeded) {
    const onFile = mine[e.slug];
    let key = e.apiKey ?? onFile;
    let issued: DemoKey['issued'] = e.apiKey ? 'new enterprise' : undefined;
    if (!e.apiKey && (!onFile || (await app.tenancy.enterpriseForKey(onFile))?.enterpriseId !== e.id)) {
      key = (await app.tenancy.createApiKey(e.id, 'demo')).key;
      issued = onFile ? 'the key on file did not answer' : 'none on file for this database';
    }
    mine[e.slug] = key!;
    out.push({ name: e.name, key: key!, ...(issued ? { issued } : {}) });
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...all, [database]: mine }, null, 2)}\n`, { mode: 0o600 });
  return out;
}

/**
 * A file of secrets per database (`{ [database]: { [name]: secret } }`), leaving out what is
 * not in that shape (the flat keys file of earlier versions).
 */
export function readPerDatabase(file: string): KeysFile {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const keys: KeysFile = {};
    for (const [database, slugs] of Object.entries(parsed as Record<string, unknown>)) {
      if (slugs && typeof slugs === 'object' && Object.values(slugs).every((k) => typeof k === 'string')) keys[database] = slugs as Record<string, string>;
    }
    return keys;
  } catch {
    return {};
  }
}
