import { createHash } from 'node:crypto';
import { and, asc, desc, eq, isNull, max, or, sql } from 'drizzle-orm';
import { type CreateMaterial, MATERIAL_MAX_BYTES, type MaterialDetail, type MaterialTags, type MaterialVersionView, type MaterialView, type UpdateMaterial } from '../../../../shared/sales';
import type { Tx } from '../../db/open';
import { associateAdmissions, associates, materials, materialVersions } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { MaterialRefused, MaterialUnusable, NotFound } from '../../errors';
import { contentHeaders, declaredType, looksLikeMarkup, type MaterialContentType, sniffContentType } from './content.core';

type MaterialRow = typeof materials.$inferSelect;
type VersionRow = Omit<typeof materialVersions.$inferSelect, 'bytes'>;

const EMPTY_TAGS: MaterialTags = { categories: [], rules: [], channels: [], languages: [] };

/** The version columns without the file's bytes (lists never read them). */
const versionColumns = {
  materialId: materialVersions.materialId,
  version: materialVersions.version,
  markdown: materialVersions.markdown,
  url: materialVersions.url,
  contentType: materialVersions.contentType,
  size: materialVersions.size,
  sha256: materialVersions.sha256,
  createdAt: materialVersions.createdAt,
};

/** A served document: its bytes and the headers to serve them with. */
export interface MaterialContent {
  bytes: Uint8Array;
  headers: Record<string, string>;
  materialId: string;
  version: number;
}

/**
 * An enterprise's library of materials: documents (PDF and images, kept in the database up to
 * 10 MB, typed by their bytes), techniques (Markdown) and links, tagged and versioned. Archiving
 * hides a material from rankings and lists nothing away: its versions and usage stay.
 */
export class MaterialsService {
  constructor(private readonly deps: AppDeps) {}

  async create(enterpriseId: string, body: CreateMaterial): Promise<MaterialDetail> {
    const now = this.deps.clock();
    const id = this.deps.ids.id();
    await this.deps.db.transaction(async (tx) => {
      const position = body.position ?? ((await tx.select({ top: max(materials.position) }).from(materials).where(eq(materials.enterpriseId, enterpriseId)))[0]?.top ?? -1) + 1;
      const hasContent = body.kind !== 'document';
      await tx.insert(materials).values({
        id,
        enterpriseId,
        kind: body.kind,
        title: body.title,
        tags: body.tags ?? EMPTY_TAGS,
        position,
        currentVersion: hasContent ? 1 : 0,
        fileName: body.kind === 'document' ? (body.fileName ?? null) : null,
        createdAt: now,
        updatedAt: now,
      });
      if (body.kind === 'technique') await tx.insert(materialVersions).values({ materialId: id, version: 1, markdown: body.markdown, createdAt: now });
      if (body.kind === 'link') await tx.insert(materialVersions).values({ materialId: id, version: 1, url: body.url, createdAt: now });
    });
    return this.get(enterpriseId, id);
  }

  /** A document's file, as a new version: its type from its bytes, its digest and size kept beside it. */
  async putFile(enterpriseId: string, id: string, bytes: Uint8Array, declared: string | undefined): Promise<MaterialDetail> {
    // Whose it is first: a stranger learns nothing of what the file would have been told.
    if (!(await this.rowOf(enterpriseId, id))) throw new NotFound('The material');
    if (bytes.byteLength === 0) throw new MaterialRefused('The file is empty.');
    if (bytes.byteLength > MATERIAL_MAX_BYTES) throw new MaterialRefused(`The file is larger than ${MATERIAL_MAX_BYTES} bytes.`);
    const sniffed = sniffContentType(bytes);
    if (!sniffed) {
      throw new MaterialRefused(
        looksLikeMarkup(bytes)
          ? 'The file is markup (SVG, HTML or XML): it could run in a browser and is not kept. Send a PDF, PNG, JPEG, WebP or GIF.'
          : 'The file is not a PDF, PNG, JPEG, WebP or GIF by its content.',
      );
    }
    const type = declaredType(declared);
    if (type && type !== 'application/octet-stream' && type !== sniffed) throw new MaterialRefused(`The file says it is ${type.slice(0, 100)} but its content is ${sniffed}.`);
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      const row = await this.lockOwn(tx, enterpriseId, id);
      if (row.kind !== 'document') throw new MaterialUnusable(`The material is a ${row.kind}: only a document takes a file.`);
      if (row.archivedAt) throw new MaterialUnusable('The material is archived.');
      const version = await this.nextVersion(tx, id);
      await tx.insert(materialVersions).values({
        materialId: id,
        version,
        contentType: sniffed,
        size: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes,
        createdAt: now,
      });
      await tx.update(materials).set({ currentVersion: version, updatedAt: now }).where(eq(materials.id, id));
    });
    return this.get(enterpriseId, id);
  }

  /** New Markdown or URL makes a new version; title, tags, position and file name change in place. */
  async update(enterpriseId: string, id: string, body: UpdateMaterial): Promise<MaterialDetail> {
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      const row = await this.lockOwn(tx, enterpriseId, id);
      if (row.archivedAt) throw new MaterialUnusable('The material is archived.');
      if (body.markdown !== undefined && row.kind !== 'technique') throw new MaterialUnusable(`The material is a ${row.kind}: only a technique has Markdown.`);
      if (body.url !== undefined && row.kind !== 'link') throw new MaterialUnusable(`The material is a ${row.kind}: only a link has a URL.`);
      if (body.fileName !== undefined && row.kind !== 'document') throw new MaterialUnusable(`The material is a ${row.kind}: only a document has a file name.`);
      let currentVersion = row.currentVersion;
      if (body.markdown !== undefined || body.url !== undefined) {
        currentVersion = await this.nextVersion(tx, id);
        await tx.insert(materialVersions).values({ materialId: id, version: currentVersion, markdown: body.markdown ?? null, url: body.url ?? null, createdAt: now });
      }
      await tx
        .update(materials)
        .set({
          currentVersion,
          updatedAt: now,
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.tags !== undefined ? { tags: body.tags } : {}),
          ...(body.position !== undefined ? { position: body.position } : {}),
          ...(body.fileName !== undefined ? { fileName: body.fileName } : {}),
        })
        .where(eq(materials.id, id));
    });
    return this.get(enterpriseId, id);
  }

  /** Archived: out of rankings and the list; a second archive changes nothing. */
  async archive(enterpriseId: string, id: string): Promise<void> {
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      const row = await this.lockOwn(tx, enterpriseId, id);
      if (!row.archivedAt) await tx.update(materials).set({ archivedAt: now, updatedAt: now }).where(eq(materials.id, id));
    });
  }

  /** The enterprise's materials in its own order (archived ones only when asked). */
  async list(enterpriseId: string, options: { archived?: boolean } = {}): Promise<MaterialView[]> {
    const rows = await this.rowsOf(enterpriseId, options.archived ?? false);
    const current = await this.currentVersions(rows);
    return rows.map((r) => view(r, current.get(r.id) ?? null));
  }

  /** The enterprise's live materials, in its order, with their current versions (for rankings). */
  async live(enterpriseId: string): Promise<{ row: MaterialRow; current: VersionRow | null }[]> {
    const rows = await this.rowsOf(enterpriseId, false);
    const current = await this.currentVersions(rows);
    return rows.map((row) => ({ row, current: current.get(row.id) ?? null }));
  }

  async get(enterpriseId: string, id: string): Promise<MaterialDetail> {
    const [row] = await this.deps.db.select().from(materials).where(and(eq(materials.id, id), eq(materials.enterpriseId, enterpriseId)));
    if (!row) throw new NotFound('The material');
    const versions = await this.deps.db.select(versionColumns).from(materialVersions).where(eq(materialVersions.materialId, id)).orderBy(desc(materialVersions.version));
    return { ...view(row, versions.find((v) => v.version === row.currentVersion) ?? null), versions: versions.map(versionView) };
  }

  /** A material's row if it is the enterprise's (archived or not). */
  async rowOf(enterpriseId: string, id: string): Promise<MaterialRow | null> {
    const [row] = await this.deps.db.select().from(materials).where(and(eq(materials.id, id), eq(materials.enterpriseId, enterpriseId)));
    return row ?? null;
  }

  /** Whether the associate works for the enterprise (employed, or admitted and active). */
  async associateServes(associateId: string, enterpriseId: string): Promise<boolean> {
    const [row] = await this.deps.db
      .select({ id: associates.id })
      .from(associates)
      .leftJoin(associateAdmissions, and(eq(associateAdmissions.associateId, associates.id), eq(associateAdmissions.enterpriseId, enterpriseId), eq(associateAdmissions.active, true)))
      .where(and(eq(associates.id, associateId), eq(associates.active, true), or(eq(associates.employerId, enterpriseId), sql`${associateAdmissions.associateId} is not null`)));
    return !!row;
  }

  /** The enterprise a material belongs to, or null. */
  async enterpriseOf(id: string): Promise<string | null> {
    const [row] = await this.deps.db.select({ enterpriseId: materials.enterpriseId }).from(materials).where(eq(materials.id, id));
    return row?.enterpriseId ?? null;
  }

  /** A document's current file (or the given version), with the headers it is served with. */
  async content(enterpriseId: string, id: string, version?: number): Promise<MaterialContent> {
    const row = await this.rowOf(enterpriseId, id);
    if (!row || row.kind !== 'document' || row.currentVersion === 0) throw new NotFound('The document');
    const at = version ?? row.currentVersion;
    const [v] = await this.deps.db.select().from(materialVersions).where(and(eq(materialVersions.materialId, id), eq(materialVersions.version, at)));
    if (!v?.bytes || !v.contentType) throw new NotFound('The document');
    const bytes = v.bytes;
    return { bytes, headers: contentHeaders(v.contentType as MaterialContentType, bytes.byteLength, row.fileName, row.title), materialId: id, version: at };
  }

  private async rowsOf(enterpriseId: string, archived: boolean): Promise<MaterialRow[]> {
    return this.deps.db
      .select()
      .from(materials)
      .where(and(eq(materials.enterpriseId, enterpriseId), archived ? undefined : isNull(materials.archivedAt)))
      .orderBy(asc(materials.position), asc(materials.createdAt), asc(materials.id));
  }

  private async currentVersions(rows: readonly MaterialRow[]): Promise<Map<string, VersionRow>> {
    const wanted = rows.filter((r) => r.currentVersion > 0);
    if (wanted.length === 0) return new Map();
    const pairs = sql.join(
      wanted.map((r) => sql`(${r.id}::uuid, ${r.currentVersion}::int)`),
      sql`, `,
    );
    const versions = await this.deps.db
      .select(versionColumns)
      .from(materialVersions)
      .where(sql`(${materialVersions.materialId}, ${materialVersions.version}) in (${pairs})`);
    return new Map(versions.map((v) => [v.materialId, v]));
  }

  private async lockOwn(tx: Tx, enterpriseId: string, id: string): Promise<MaterialRow> {
    const [row] = await tx.select().from(materials).where(and(eq(materials.id, id), eq(materials.enterpriseId, enterpriseId))).for('update');
    if (!row) throw new NotFound('The material');
    return row;
  }

  private async nextVersion(tx: Tx, id: string): Promise<number> {
    const [row] = await tx.select({ top: max(materialVersions.version) }).from(materialVersions).where(eq(materialVersions.materialId, id));
    return (row?.top ?? 0) + 1;
  }
}

function versionView(v: VersionRow): MaterialVersionView {
  return { version: v.version, createdAt: v.createdAt.toISOString(), markdown: v.markdown, url: v.url, contentType: v.contentType, size: v.size, sha256: v.sha256 };
}

function view(row: MaterialRow, current: VersionRow | null): MaterialView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    tags: row.tags,
    position: row.position,
    fileName: row.fileName,
    version: row.currentVersion,
    current: current ? versionView(current) : null,
    archived: row.archivedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
