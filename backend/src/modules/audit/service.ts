import { and, desc, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AuditActor, AuditEntry, AuditPage, AuditQuery, Role } from '../../../../shared/console';
import { apiKeys, auditEntries } from '../../db/schema';
import { NotFound } from '../../errors';
import type { AppDeps } from '../../deps';
import type { EnterpriseActor } from '../../http/auth';
import { actionOf, auditedBody, auditedValue, isRecordedChange } from './audit.core';

/** What a route says of its change for the audit log (`audited`); the request's JSON body stands for `after` otherwise. */
export interface AuditNote {
  /** What changed, in the module's words: `opportunity rules v4`, `API key "crm"`. */
  subject?: string | null;
  before?: unknown;
  after?: unknown;
  /** The enterprise changed, for an operator's route that names one. */
  enterpriseId?: string | null;
}

/** What the audit middleware reads from the context: the route's note, and the JSON body `readJson` read. */
export type AuditEnv = {
  Variables: {
    audit?: AuditNote;
    requestJson?: { value: unknown; bytes: number };
    enterpriseId?: string;
    enterpriseActor?: EnterpriseActor;
    operatorId?: string;
  };
};

/**
 * Says what a route changed, for the audit log: its subject, and the state before and after
 * (secrets redacted, large values summarised when stored). Call it once the change is made;
 * a later call adds to an earlier one.
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's context, whatever its variables.
export function audited(c: Context<any>, note: AuditNote): void {
  const ctx = c as Context<AuditEnv>;
  ctx.set('audit', { ...ctx.get('audit'), ...note });
}

/** Ports the audit log needs from modules it does not own: a console user's e-mail (the console accounts module answers). */
export interface AuditPorts {
  userEmail(userId: string): Promise<string | undefined>;
}

/** Where a log is read: one enterprise's, or the whole marketplace's (the operator's, optionally one enterprise). */
export type AuditScope = { enterpriseId: string } | { marketplace: true };

/**
 * The audit log: every change an API key, a console user or an operator made through the API,
 * written by one middleware after the answer is decided (best effort: a failure to write is
 * logged, never turned into a failed request), and read newest first. Rows are never deleted.
 */
export class AuditService {
  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'ids' | 'log'>,
    private readonly ports: AuditPorts,
  ) {}

  /** The middleware (on `/api/v1/*`) that records each change a key, a user or an operator made and that succeeded. */
  middleware(): MiddlewareHandler {
    return async (ctx, next) => {
      await next();
      const c = ctx as Context<AuditEnv>;
      if (!isRecordedChange(c.req.method, c.res.status)) return;
      const actor = c.get('enterpriseActor');
      const operatorId = c.get('operatorId');
      if (!actor && !operatorId) return;
      try {
        await this.record(c, actor ? { enterprise: actor } : { operatorId: operatorId! });
      } catch (err) {
        this.deps.log('audit entry not written', { method: c.req.method, status: c.res.status, error: (err as Error).message });
      }
    };
  }

  private async record(c: Context<AuditEnv>, who: { enterprise: EnterpriseActor } | { operatorId: string }): Promise<void> {
    const note = c.get('audit') ?? {};
    const body = c.get('requestJson');
    const actor = await this.actorRow(who);
    const method = c.req.method.toUpperCase();
    await this.deps.db.insert(auditEntries).values({
      id: this.deps.ids.id(),
      at: this.deps.clock(),
      enterpriseId: note.enterpriseId !== undefined ? note.enterpriseId : (c.get('enterpriseId') ?? null),
      ...actor,
      method,
      action: actionOf(method, routePath(c, -1)),
      path: c.req.path,
      status: c.res.status,
      subject: note.subject ?? null,
      before: auditedValue(note.before),
      after: 'after' in note ? auditedValue(note.after) : body ? auditedBody(body.value, body.bytes) : null,
    });
  }

  /** Who acted, as the row keeps it: the key's label and the user's e-mail as they are now. */
  private async actorRow(who: { enterprise: EnterpriseActor } | { operatorId: string }) {
    if ('operatorId' in who) {
      return { actorKind: 'operator' as const, actorId: who.operatorId, actorLabel: (await this.ports.userEmail(who.operatorId)) ?? '', actorRole: null, supportAccessId: null };
    }
    const actor = who.enterprise;
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
    const entries = rows.slice(0, query.limit);
    const last = entries.at(-1);
    return { entries: entries.map(entryView), next: rows.length > query.limit && last ? encodeAuditCursor(last.seq) : null };
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
