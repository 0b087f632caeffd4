import { and, desc, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { AuditActor, AuditEntry, AuditPage, AuditQuery, Role } from '../../../../shared/console';
import { apiKeys, auditEntries } from '../../db/schema';
import { keysetPage } from '../../db/keyset';
import { NotFound } from '../../errors';
import type { AppDeps } from '../../deps';
import { actionOf, auditedBody, auditedValue } from './audit.core';

/** What a route says of its change for the audit log (`audited` in routes.ts); the request's JSON body stands for `after` otherwise. */
export interface AuditNote {
  /** What changed, in the module's words: `opportunity rules v4`, `API key "crm"`. */
  subject?: string | null;
  before?: unknown;
  after?: unknown;
  /** The enterprise changed, for an operator's route that names one. */
  enterpriseId?: string | null;
}

/** Who made a change: one of the enterprise's keys, a console user (with their role there), or an operator. */
export type AuditWho =
  | { kind: 'key'; keyId: string }
  | { kind: 'user'; userId: string; role: Role; supportAccessId: string | null }
  | { kind: 'operator'; userId: string };

/** One change as the audit middleware hands it over. */
export interface RecordedChange {
  who: AuditWho;
  /** The enterprise the request acted in, if any (the note's `enterpriseId` wins). */
  enterpriseId: string | null;
  method: string;
  /** The route's pattern as mounted: `/api/v1/associates/:id/deactivate`. */
  routePattern: string;
  path: string;
  status: number;
  note?: AuditNote;
  /** The JSON body the route read, and its size. */
  body?: { value: unknown; bytes: number };
}

/** Ports the audit log needs from modules it does not own: a console user's e-mail (the console accounts module answers). */
export interface AuditPorts {
  userEmail(userId: string): Promise<string | undefined>;
}

/** Where a log is read: one enterprise's, or the whole marketplace's (the operator's, optionally one enterprise). */
export type AuditScope = { enterpriseId: string } | { marketplace: true };

/**
 * The audit log: every change an API key, a console user or an operator made through the API,
 * written by the audit middleware (routes.ts) after the answer is decided (best effort: a failure to write is
 * logged, never turned into a failed request), and read newest first. Rows are never deleted.
 */
export class AuditService {
  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'ids' | 'log'>,
    private readonly ports: AuditPorts,
  ) {}

  /**
   * Writes the entry of one change that succeeded (the audit middleware calls it after the
   * answer). Throws when the row cannot be written; the caller logs it and the answer stands.
   */
  async record(change: RecordedChange): Promise<void> {
    const note = change.note ?? {};
    const actor = await this.actorRow(change.who);
    await this.deps.db.insert(auditEntries).values({
      id: this.deps.ids.id(),
      at: this.deps.clock(),
      enterpriseId: note.enterpriseId !== undefined ? note.enterpriseId : change.enterpriseId,
      ...actor,
      method: change.method.toUpperCase(),
      action: actionOf(change.method, change.routePattern),
      path: change.path,
      status: change.status,
      subject: note.subject ?? null,
      before: auditedValue(note.before),
      after: 'after' in note ? auditedValue(note.after) : change.body ? auditedBody(change.body.value, change.body.bytes) : null,
    });
  }

  /** Who acted, as the row keeps it: the key's label and the user's e-mail as they are now. */
  private async actorRow(actor: AuditWho) {
    if (actor.kind === 'operator') {
      return { actorKind: 'operator' as const, actorId: actor.userId, actorLabel: (await this.ports.userEmail(actor.userId)) ?? '', actorRole: null, supportAccessId: null };
    }
    if (actor.kind === 'key') {
      const [key] = await this.deps.db.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, actor.keyId));
      return { actorKind: 'key' as const, actorId: actor.keyId, actorLabel: key?.name ?? '', actorRole: null, supportAccessId: null };
    }
    return { actorKind: 'user' as const, actorId: actor.userId, actorLabel: (await this.ports.userEmail(actor.userId)) ?? '', actorRole: actor.role, supportAccessId: actor.supportAccessId };
  }

  /** A page of a log, newest first, with the filters of `query`. */
  async page(scope: AuditScope, query: Omit<AuditQuery, 'before'> & { before?: number }): Promise<AuditPage> {
    const where: (SQL | undefined)[] = [];
    if ('enterpriseId' in scope) where.push(eq(auditEntries.enterpriseId, scope.enterpriseId));
    else if (query.enterpriseId) where.push(eq(auditEntries.enterpriseId, query.enterpriseId));
    if (query.actor) where.push(eq(auditEntries.actorKind, query.actor));
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(or(ilike(auditEntries.subject, like), ilike(auditEntries.path, like), ilike(auditEntries.action, like)));
    }
    if (query.from) where.push(gte(auditEntries.at, new Date(query.from)));
    if (query.to) where.push(lt(auditEntries.at, new Date(query.to)));
    if (query.before !== undefined) where.push(lt(auditEntries.seq, query.before));
    const rows = await this.deps.db
      .select()
      .from(auditEntries)
      .where(and(...where))
      .orderBy(desc(auditEntries.seq))
      .limit(query.limit + 1);
    const { shown, next } = keysetPage(rows, query.limit, (last) => encodeAuditCursor(last.seq));
    return { entries: shown.map(entryView), next };
  }
}

/** The `next` of a page: opaque to clients. */
export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`).toString('base64url');
}

/** The position a cursor stands for, or null when `encodeAuditCursor` did not make it. */
export function decodeAuditCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

function entryView(row: typeof auditEntries.$inferSelect): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    enterpriseId: row.enterpriseId,
    actor: actorView(row),
    method: row.method,
    action: row.action,
    path: row.path,
    status: row.status,
    subject: row.subject,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

function actorView(row: typeof auditEntries.$inferSelect): AuditActor {
  switch (row.actorKind) {
    case 'key':
      return { kind: 'key', keyId: row.actorId, label: row.actorLabel };
    case 'user':
      return { kind: 'user', userId: row.actorId, email: row.actorLabel, role: (row.actorRole as Role | null) ?? null, supportAccessId: row.supportAccessId };
    default:
      return { kind: 'operator', userId: row.actorId, email: row.actorLabel };
  }
}

/** A state before a change that may not exist yet (no rules written): null for NotFound, any other failure thrown. */
export async function beforeOrNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}
