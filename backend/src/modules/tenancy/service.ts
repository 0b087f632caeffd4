import { and, eq, isNull } from 'drizzle-orm';
import type { SiteAdapter } from '../../../../shared/sites';
import { SiteDomain } from '../../../../shared/sites';
import { apiKeys, enterprises, sites } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { Conflict } from '../../errors';
import { hashSecret } from '../../secrets';
import { slugify } from './slug.core';

export type Site = typeof sites.$inferSelect;

/**
 * The participating sites, read from the database at most every `siteCacheMs`:
 * every event batch needs them, and they change rarely.
 */
export class SiteDirectory {
  private cached: { at: number; sites: Site[] } | null = null;

  constructor(private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'limits'>) {}

  async all(): Promise<Site[]> {
    const now = this.deps.clock().getTime();
    if (!this.cached || now - this.cached.at > this.deps.limits.siteCacheMs) {
      const rows = await this.deps.db.select().from(sites).where(eq(sites.active, true));
      this.cached = { at: now, sites: rows };
    }
    return this.cached.sites;
  }

  /** Forget the cache after this process changed the sites. */
  invalidate(): void {
    this.cached = null;
  }
}

export class TenancyService {
  readonly directory: SiteDirectory;

  constructor(private readonly deps: AppDeps) {
    this.directory = new SiteDirectory(deps);
  }

  /** A new enterprise; Conflict when its name makes a slug another enterprise has. */
  async createEnterprise(name: string): Promise<typeof enterprises.$inferSelect> {
    const slug = slugify(name);
    const [row] = await unique(`An enterprise with the slug "${slug}" exists already.`, () =>
      this.deps.db.insert(enterprises).values({ id: this.deps.ids.id(), name, slug, createdAt: this.deps.clock() }).returning(),
    );
    return row!;
  }

  async enterpriseBySlug(slug: string) {
    const [row] = await this.deps.db.select().from(enterprises).where(eq(enterprises.slug, slug));
    return row;
  }

  async sitesOf(enterpriseId: string): Promise<Site[]> {
    return this.deps.db.select().from(sites).where(eq(sites.enterpriseId, enterpriseId));
  }

  /** Adds a participating domain to an enterprise; Conflict when another site has the domain. */
  async addSite(enterpriseId: string, input: { name: string; domain: string; adapter?: SiteAdapter | null }): Promise<Site> {
    const domain = SiteDomain.parse(input.domain);
    const [row] = await unique(`The domain ${domain} belongs to another site.`, () =>
      this.deps.db
        .insert(sites)
        .values({ id: this.deps.ids.id(), enterpriseId, name: input.name, domain, adapter: input.adapter ?? null, createdAt: this.deps.clock() })
        .returning(),
    );
    this.directory.invalidate();
    return row!;
  }

  /** Changes a site; Conflict when another site has the new domain. */
  async updateSite(siteId: string, change: { domain?: string; adapter?: SiteAdapter | null; active?: boolean }): Promise<Site | undefined> {
    const domain = change.domain ? SiteDomain.parse(change.domain) : undefined;
    const [row] = await unique(`The domain ${domain} belongs to another site.`, () =>
      this.deps.db
        .update(sites)
        .set({ ...change, ...(domain ? { domain } : {}) })
        .where(eq(sites.id, siteId))
        .returning(),
    );
    this.directory.invalidate();
    return row;
  }

  /** Issues an API key for an enterprise's systems; the key itself is returned only here. */
  async createApiKey(enterpriseId: string, name: string): Promise<{ id: string; key: string }> {
    const key = this.deps.ids.secret('fwk');
    const id = this.deps.ids.id();
    await this.deps.db.insert(apiKeys).values({
      id,
      enterpriseId,
      name,
      keyHash: hashSecret(key),
      prefix: key.slice(0, 8),
      createdAt: this.deps.clock(),
    });
    return { id, key };
  }

  /** The enterprise an API key belongs to, if the key is known and not revoked. */
  async enterpriseForKey(key: string): Promise<string | undefined> {
    const [row] = await this.deps.db
      .select({ enterpriseId: apiKeys.enterpriseId })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hashSecret(key)), isNull(apiKeys.revokedAt)));
    return row?.enterpriseId;
  }
}

/** Runs a write, turning a broken unique constraint into Conflict with the given message. */
async function unique<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(message);
    throw err;
  }
}
