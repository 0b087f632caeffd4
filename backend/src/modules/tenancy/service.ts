import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { ApiKeyCreated, ApiKeyRotated, ApiKeyView } from '../../../../shared/api-keys';
import type { ParticipatingSite, SiteAdapter } from '../../../../shared/sites';
import { SiteDomain } from '../../../../shared/sites';
import { apiKeys, enterprises, events, sites } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { Conflict, Forbidden, NotFound } from '../../errors';
import { hashSecret } from '../../secrets';
import { slugify } from './slug.core';

export type Site = typeof sites.$inferSelect;

/**
 * The participating sites, read from the database at most every `siteCacheMs`:
 * every event batch needs them, and they change rarely.
 */
export class SiteDirectory {
  private cached: { at: number; sites: Site[] } | null = null;
  /** The extension's list, made from one read of the sites (`from`) and kept as long as that read is. */
  private listed: { from: Site[]; sites: ParticipatingSite[] } | null = null;

  constructor(private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'limits'>) {}

  async all(): Promise<Site[]> {
    const now = this.deps.clock().getTime();
    if (!this.cached || now - this.cached.at > this.deps.limits.siteCacheMs) {
      // A suspended enterprise's sites leave the list: the extension stops on them, and their events are refused.
      const rows = (
        await this.deps.db
          .select({ site: sites })
          .from(sites)
          .innerJoin(enterprises, eq(enterprises.id, sites.enterpriseId))
          .where(and(eq(sites.active, true), isNull(enterprises.suspendedAt)))
      ).map((r) => r.site);
      this.cached = { at: now, sites: rows };
    }
    return this.cached.sites;
  }

  /**
   * The participating sites as the extension sees them (GET /api/v1/sites), each with its
   * enterprise's dwell marks from `dwellMarksOf`: read once per enterprise with each read of
   * the sites, so at most every `siteCacheMs` (a rule change shows within that), and at once
   * after this process changed the sites.
   */
  async participating(dwellMarksOf: (enterpriseId: string) => Promise<number[]>): Promise<ParticipatingSite[]> {
    const all = await this.all();
    if (this.listed?.from === all) return this.listed.sites;
    const enterprises = [...new Set(all.map((s) => s.enterpriseId))];
    const marks = new Map(await Promise.all(enterprises.map(async (id) => [id, await dwellMarksOf(id)] as const)));
    const sites = all.map((s) => ({
      id: s.id,
      enterpriseId: s.enterpriseId,
      domain: s.domain,
      name: s.name,
      adapter: s.adapter ?? null,
      dwellMarks: marks.get(s.enterpriseId) ?? [],
    }));
    // A newer read may have landed while the marks were read: keep the list of the read in use.
    if (this.cached?.sites === all) this.listed = { from: all, sites };
    return sites;
  }

  /** Forget the cache after this process changed the sites. */
  invalidate(): void {
    this.cached = null;
    this.listed = null;
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

  async enterprise(id: string) {
    const [row] = await this.deps.db.select().from(enterprises).where(eq(enterprises.id, id));
    return row;
  }

  /** Every enterprise, oldest first. */
  async enterprises() {
    return this.deps.db.select().from(enterprises).orderBy(asc(enterprises.createdAt), asc(enterprises.id));
  }

  /** Whether the marketplace operator suspended the enterprise (for the console's `standing`: its users are refused too). */
  async isSuspended(enterpriseId: string): Promise<boolean> {
    const [row] = await this.deps.db.select({ suspendedAt: enterprises.suspendedAt }).from(enterprises).where(eq(enterprises.id, enterpriseId));
    return Boolean(row?.suspendedAt);
  }

  /**
   * Suspends the enterprise (`suspended: true`) or lifts its suspension: while suspended its
   * sites leave the extension's list and its API keys are refused (403 enterprise_suspended).
   * Suspending again keeps the first time. NotFound for an unknown enterprise.
   */
  async setSuspended(enterpriseId: string, suspended: boolean): Promise<typeof enterprises.$inferSelect> {
    const [row] = await this.deps.db
      .update(enterprises)
      .set({ suspendedAt: suspended ? sql`coalesce(${enterprises.suspendedAt}, ${this.deps.clock().toISOString()}::timestamptz)` : null })
      .where(eq(enterprises.id, enterpriseId))
      .returning();
    if (!row) throw new NotFound('The enterprise');
    this.directory.invalidate();
    return row;
  }

  async enterpriseBySlug(slug: string) {
    const [row] = await this.deps.db.select().from(enterprises).where(eq(enterprises.slug, slug));
    return row;
  }

  async sitesOf(enterpriseId: string): Promise<Site[]> {
    return this.deps.db.select().from(sites).where(eq(sites.enterpriseId, enterpriseId));
  }

  /** Adds a participating domain to an enterprise; Conflict when another site has the domain. */
  async addSite(enterpriseId: string, input: { name: string; domain: string; adapter?: SiteAdapter | null; active?: boolean }): Promise<Site> {
    const domain = SiteDomain.parse(input.domain);
    const [row] = await unique(`The domain ${domain} belongs to another site.`, () =>
      this.deps.db
        .insert(sites)
        .values({ id: this.deps.ids.id(), enterpriseId, name: input.name, domain, adapter: input.adapter ?? null, active: input.active ?? true, createdAt: this.deps.clock() })
        .returning(),
    );
    this.directory.invalidate();
    return row!;
  }

  async site(siteId: string): Promise<Site | undefined> {
    const [row] = await this.deps.db.select().from(sites).where(eq(sites.id, siteId));
    return row;
  }

  /** Removes a site that never recorded an event; Conflict when it did (deactivate it instead), NotFound when there is none. */
  async removeSite(siteId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const [used] = await tx.select({ id: events.id }).from(events).where(eq(events.siteId, siteId)).limit(1);
      if (used) throw new Conflict('The site has recorded sessions; deactivate it instead.');
      const removed = await tx.delete(sites).where(eq(sites.id, siteId)).returning({ id: sites.id });
      if (removed.length === 0) throw new NotFound('The site');
    });
    this.directory.invalidate();
  }

  /** Changes a site; Conflict when another site has the new domain. */
  async updateSite(siteId: string, change: { name?: string; domain?: string; adapter?: SiteAdapter | null; active?: boolean }): Promise<Site | undefined> {
    const domain = change.domain ? SiteDomain.parse(change.domain) : undefined;
    // An empty change changes nothing (an UPDATE with nothing to set is not SQL).
    if (Object.values(change).every((v) => v === undefined)) return (await this.deps.db.select().from(sites).where(eq(sites.id, siteId)))[0];
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
  async createApiKey(enterpriseId: string, name: string): Promise<ApiKeyCreated> {
    const key = this.deps.ids.secret('fwk');
    const [row] = await this.deps.db
      .insert(apiKeys)
      .values({ id: this.deps.ids.id(), enterpriseId, name, keyHash: hashSecret(key), prefix: key.slice(0, 8), createdAt: this.deps.clock() })
      .returning();
    return { ...apiKeyView(row!), key };
  }

  /** The enterprise's keys that still work (not revoked, not past a rotation's overlap), oldest first. */
  async apiKeysOf(enterpriseId: string): Promise<ApiKeyView[]> {
    const rows = await this.deps.db.select().from(apiKeys).where(and(eq(apiKeys.enterpriseId, enterpriseId), this.working())).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
    return rows.map(apiKeyView);
  }

  /** Revokes one of the enterprise's keys: refused from the next request on, on every instance (no key is cached). */
  async revokeApiKey(enterpriseId: string, id: string): Promise<void> {
    const revoked = await this.deps.db
      .update(apiKeys)
      .set({ revokedAt: this.deps.clock() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.enterpriseId, enterpriseId), this.working()))
      .returning({ id: apiKeys.id });
    if (revoked.length === 0) throw new NotFound('The API key');
  }

  /**
   * A new key in place of one of the enterprise's keys, with the same label; the old one keeps
   * working for `apiKeyOverlapMs` (or less, if an earlier rotation ends sooner), so the systems
   * using it can switch over, then is refused.
   */
  async rotateApiKey(enterpriseId: string, id: string): Promise<ApiKeyRotated> {
    return this.deps.db.transaction(async (tx) => {
      const [old] = await tx.select().from(apiKeys).where(and(eq(apiKeys.id, id), eq(apiKeys.enterpriseId, enterpriseId), this.working())).for('update');
      if (!old) throw new NotFound('The API key');
      const now = this.deps.clock();
      const overlapEnd = new Date(now.getTime() + this.deps.limits.apiKeyOverlapMs);
      const expiresAt = old.expiresAt && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
      await tx.update(apiKeys).set({ expiresAt }).where(eq(apiKeys.id, id));
      const key = this.deps.ids.secret('fwk');
      const [row] = await tx
        .insert(apiKeys)
        .values({ id: this.deps.ids.id(), enterpriseId, name: old.name, keyHash: hashSecret(key), prefix: key.slice(0, 8), createdAt: now })
        .returning();
      return { ...apiKeyView(row!), key, replaces: { id, expiresAt: expiresAt.toISOString() } };
    });
  }

  /**
   * The enterprise an API key belongs to, if the key is known and works. Read from the database
   * every time (no cache), so a revocation (or a suspension) holds at once on every instance. The
   * last use is written at most once a minute per key. Forbidden `enterprise_suspended` while the
   * marketplace operator suspended the key's enterprise.
   */
  async enterpriseForKey(key: string): Promise<{ enterpriseId: string; keyId: string } | undefined> {
    const [row] = await this.deps.db
      .select({ id: apiKeys.id, enterpriseId: apiKeys.enterpriseId, lastUsedAt: apiKeys.lastUsedAt, suspendedAt: enterprises.suspendedAt })
      .from(apiKeys)
      .innerJoin(enterprises, eq(enterprises.id, apiKeys.enterpriseId))
      .where(and(eq(apiKeys.keyHash, hashSecret(key)), this.working()));
    if (!row) return undefined;
    if (row.suspendedAt) throw new Forbidden('enterprise_suspended', 'The marketplace operator suspended this enterprise; its API keys are refused until it is resumed.');
    const now = this.deps.clock();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
      await this.deps.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
    }
    return { enterpriseId: row.enterpriseId, keyId: row.id };
  }

  /** Keys that work now: not revoked, and not past the end of a rotation's overlap. */
  private working() {
    return and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, this.deps.clock())));
  }
}

function apiKeyView(row: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    label: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
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
