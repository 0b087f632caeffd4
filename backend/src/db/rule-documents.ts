import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from './open';
import { ruleDocuments } from './schema';
import type { UnreadableVersion } from '../../../shared/rules';
import { VersionInvalid } from '../errors';
import { isUniqueViolation } from './unique';

export type RuleKind = (typeof ruleDocuments.$inferSelect)['kind'];

export interface StoredVersion<T> {
  version: number;
  document: T;
  createdAt: Date;
}

/**
 * One kind of an enterprise's versioned rule documents (opportunity rules, matching rule
 * sets): the highest version is live; replacing writes the next one and keeps the history.
 * Live documents are cached per enterprise and checked against the live version number, one
 * cheap primary-key read, so a replacement made on another instance is used at the next use.
 */
export class RuleDocuments<S extends z.ZodType> {
  private readonly cache = new Map<string, StoredVersion<z.infer<S>> | null>();

  constructor(
    private readonly db: Db,
    private readonly kind: RuleKind,
    private readonly schema: S,
    private readonly clock: () => Date,
  ) {}

  /** The live document, read from the database. */
  async live(enterpriseId: string): Promise<StoredVersion<z.infer<S>> | null> {
    const [row] = await this.db
      .select()
      .from(ruleDocuments)
      .where(and(eq(ruleDocuments.enterpriseId, enterpriseId), eq(ruleDocuments.kind, this.kind)))
      .orderBy(desc(ruleDocuments.version))
      .limit(1);
    return row ? this.read(row) : null;
  }

  /** The live documents of several enterprises, from the cache when their version has not moved. */
  async liveCached(enterpriseIds: readonly string[]): Promise<Map<string, StoredVersion<z.infer<S>> | null>> {
    const ids = [...new Set(enterpriseIds)];
    const out = new Map<string, StoredVersion<z.infer<S>> | null>();
    if (ids.length === 0) return out;
    const versions = await this.db
      .select({ enterpriseId: ruleDocuments.enterpriseId, version: sql<number>`max(${ruleDocuments.version})`.mapWith(Number) })
      .from(ruleDocuments)
      .where(and(eq(ruleDocuments.kind, this.kind), inArray(ruleDocuments.enterpriseId, ids)))
      .groupBy(ruleDocuments.enterpriseId);
    const liveVersion = new Map(versions.map((v) => [v.enterpriseId, v.version]));
    for (const id of ids) {
      const want = liveVersion.get(id);
      const cached = this.cache.get(id);
      if (want === undefined) out.set(id, null);
      else if (cached && cached.version === want) out.set(id, cached);
      else out.set(id, await this.version(id, want));
      this.remember(id, out.get(id)!);
    }
    return out;
  }

  async cached(enterpriseId: string): Promise<StoredVersion<z.infer<S>> | null> {
    return (await this.liveCached([enterpriseId])).get(enterpriseId) ?? null;
  }

  /** A version the caller knows is live (it read the number), from the cache when it holds that one. */
  async atVersion(enterpriseId: string, version: number): Promise<StoredVersion<z.infer<S>> | null> {
    const cached = this.cache.get(enterpriseId);
    if (cached && cached.version === version) return cached;
    const stored = await this.version(enterpriseId, version);
    if (stored && (!cached || cached.version < version)) this.remember(enterpriseId, stored);
    return stored;
  }

  /** Stores `document` (already validated) as the next version and makes it live at once. */
  async replace(enterpriseId: string, document: z.infer<S>): Promise<StoredVersion<z.infer<S>>> {
    // Two replacements at once may pick the same next number: the primary key refuses one, which tries again.
    for (let attempt = 0; ; attempt++) {
      try {
        const createdAt = this.clock();
        const [row] = await this.db
          .insert(ruleDocuments)
          .values({
            enterpriseId,
            kind: this.kind,
            version: sql`(select coalesce(max(version), 0) + 1 from rule_documents where enterprise_id = ${enterpriseId} and kind = ${this.kind})`,
            document,
            createdAt,
          })
          .returning();
        const stored = this.read(row!);
        this.remember(enterpriseId, stored);
        return stored;
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 4) throw err;
      }
    }
  }

  /** One version, live or not; null when the enterprise has no such version; VersionInvalid when today's schema refuses it. */
  async at(enterpriseId: string, version: number): Promise<StoredVersion<z.infer<S>> | null> {
    const row = await this.row(enterpriseId, version);
    if (!row) return null;
    const checked = this.check(row);
    if ('issues' in checked) throw new VersionInvalid(checked.issues, `Version ${version} no longer passes today's checks, so it cannot be shown or compared.`);
    return checked;
  }

  /**
   * Writes an old version's document again as the next version (history is never rewritten); null
   * when there is no such version. A version today's schema refuses is not written: VersionInvalid
   * with the schema's issues.
   */
  async restore(enterpriseId: string, version: number): Promise<StoredVersion<z.infer<S>> | null> {
    const row = await this.row(enterpriseId, version);
    if (!row) return null;
    const checked = this.check(row);
    if ('issues' in checked) throw new VersionInvalid(checked.issues, `Version ${version} no longer passes today's checks, so it cannot be made live again; write a new version instead.`);
    return this.replace(enterpriseId, checked.document);
  }

  /** Every version, newest first; those today's schema refuses apart, with why. */
  async history(enterpriseId: string, limit = 100): Promise<{ versions: StoredVersion<z.infer<S>>[]; unreadable: UnreadableVersion[] }> {
    const rows = await this.db
      .select()
      .from(ruleDocuments)
      .where(and(eq(ruleDocuments.enterpriseId, enterpriseId), eq(ruleDocuments.kind, this.kind)))
      .orderBy(desc(ruleDocuments.version))
      .limit(limit);
    const versions: StoredVersion<z.infer<S>>[] = [];
    const unreadable: UnreadableVersion[] = [];
    for (const row of rows) {
      const checked = this.check(row);
      if ('issues' in checked) unreadable.push({ version: row.version, createdAt: row.createdAt.toISOString(), issues: checked.issues });
      else versions.push(checked);
    }
    return { versions, unreadable };
  }

  /** A stored row parsed by today's schema, or the schema's issues (at most 100). */
  private check(row: typeof ruleDocuments.$inferSelect): StoredVersion<z.infer<S>> | { issues: UnreadableVersion['issues'] } {
    const checked = this.schema.safeParse(documentOf(row));
    if (checked.success) return { version: row.version, document: checked.data, createdAt: row.createdAt };
    return { issues: checked.error.issues.slice(0, 100).map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })) };
  }

  private async version(enterpriseId: string, version: number): Promise<StoredVersion<z.infer<S>> | null> {
    const row = await this.row(enterpriseId, version);
    return row ? this.read(row) : null;
  }

  private async row(enterpriseId: string, version: number): Promise<typeof ruleDocuments.$inferSelect | undefined> {
    const [row] = await this.db
      .select()
      .from(ruleDocuments)
      .where(and(eq(ruleDocuments.enterpriseId, enterpriseId), eq(ruleDocuments.kind, this.kind), eq(ruleDocuments.version, version)));
    return row;
  }

  private remember(enterpriseId: string, stored: StoredVersion<z.infer<S>> | null): void {
    if (this.cache.size >= 10_000 && !this.cache.has(enterpriseId)) this.cache.clear();
    this.cache.set(enterpriseId, stored);
  }

  /** Stored documents were validated on the way in; parsing again fills defaults a later schema added. */
  private read(row: typeof ruleDocuments.$inferSelect): StoredVersion<z.infer<S>> {
    return { version: row.version, document: this.schema.parse(documentOf(row)), createdAt: row.createdAt };
  }
}

/** A stored document as JSON (one driver hands jsonb over as text). */
function documentOf(row: typeof ruleDocuments.$inferSelect): unknown {
  return typeof row.document === 'string' ? JSON.parse(row.document) : row.document;
}
