import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { AssociateMessage, AssociateMessageList, MessageList, MessageView } from '../../../../shared/offers';
import type { SessionAggregate } from '../../../../shared/session';
import { associates, enterprises, opportunities, sessions, shopperMessages } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { MessageTaken, NotFound } from '../../errors';
import { encodeCursor, keysetPage, olderThan, type PagePosition } from '../../db/keyset';
import { worksFor } from './queries';
import { sessionSummary } from './views.core';

/** Most messages an associate's list holds: the newest. */
const ASSOCIATE_LIST = 100;

type MessageRow = typeof shopperMessages.$inferSelect;

/**
 * The messages shoppers leave when nobody could take what they asked for: read by the
 * enterprise through its API, and by its associates (employed or admitted) in the side panel,
 * where one takes a message (first take wins) and marks it done.
 */
export class MessagesService {
  constructor(private readonly deps: AppDeps) {}

  /** The enterprise's messages, newest first, a page at a time. */
  async list(enterpriseId: string, page: { limit: number; before?: PagePosition; status?: MessageView['status'] }): Promise<MessageList> {
    const { before } = page;
    const rows = await this.deps.db
      .select({ message: shopperMessages, sessionId: opportunities.sessionId, takenByName: associates.displayName })
      .from(shopperMessages)
      .innerJoin(opportunities, eq(opportunities.id, shopperMessages.opportunityId))
      .leftJoin(associates, eq(associates.id, shopperMessages.takenBy))
      .where(
        and(
          eq(shopperMessages.enterpriseId, enterpriseId),
          page.status ? eq(shopperMessages.status, page.status) : undefined,
          before ? olderThan(shopperMessages.createdAt, shopperMessages.id, before) : undefined,
        ),
      )
      .orderBy(desc(shopperMessages.createdAt), desc(shopperMessages.id))
      .limit(page.limit + 1);
    const { shown, next } = keysetPage(rows, page.limit, ({ message: m }) => encodeCursor({ lastEventAt: m.createdAt, id: m.id }));
    return { messages: shown.map((r) => enterpriseView(r.message, r.sessionId, r.takenByName)), nextBefore: next };
  }

  /** The open messages of the enterprises the associate works for, and those they took and have not done, newest first. */
  async openFor(associateId: string): Promise<AssociateMessageList> {
    const rows = await this.associateRows(
      associateId,
      or(eq(shopperMessages.status, 'open'), and(eq(shopperMessages.status, 'taken'), eq(shopperMessages.takenBy, associateId))),
    );
    return { messages: rows.map((r) => associateView(r, associateId)) };
  }

  /** Takes a message: the first take wins (a conditional update); a colleague's later take is refused. Taking one's own again is a no-op. */
  async take(associateId: string, id: string): Promise<AssociateMessage> {
    const now = this.deps.clock();
    await this.deps.db
      .update(shopperMessages)
      .set({ status: 'taken', takenBy: associateId, takenAt: now })
      .where(and(eq(shopperMessages.id, id), eq(shopperMessages.status, 'open'), worksFor(this.deps.db, associateId, shopperMessages.enterpriseId)));
    const message = await this.visible(associateId, id);
    if (message.status !== 'taken' || !message.mine) throw new MessageTaken(message.status === 'done' ? 'The message was dealt with already.' : 'A colleague took this message first.');
    return message;
  }

  /** Marks a message done: one the associate took, or an open one (taken and done at once). Doing it again is a no-op. */
  async done(associateId: string, id: string): Promise<AssociateMessage> {
    const now = this.deps.clock();
    await this.deps.db
      .update(shopperMessages)
      .set({ status: 'done', doneAt: now, takenBy: sql`coalesce(${shopperMessages.takenBy}, ${associateId}::uuid)`, takenAt: sql`coalesce(${shopperMessages.takenAt}, ${now.toISOString()}::timestamptz)` })
      .where(
        and(
          eq(shopperMessages.id, id),
          or(eq(shopperMessages.status, 'open'), and(eq(shopperMessages.status, 'taken'), eq(shopperMessages.takenBy, associateId))),
          worksFor(this.deps.db, associateId, shopperMessages.enterpriseId),
        ),
      );
    const message = await this.visible(associateId, id);
    if (message.status !== 'done' || !message.mine) throw new MessageTaken(message.status === 'done' ? 'A colleague dealt with this message.' : 'A colleague took this message.');
    return message;
  }

  /** One message of an enterprise the associate works for; NotFound for any other, so other enterprises' messages stay invisible. */
  private async visible(associateId: string, id: string): Promise<AssociateMessage> {
    const [row] = await this.associateRows(associateId, eq(shopperMessages.id, id));
    if (!row) throw new NotFound('The message');
    return associateView(row, associateId);
  }

  private associateRows(associateId: string, which: ReturnType<typeof and>) {
    return this.deps.db
      .select({
        message: shopperMessages,
        enterpriseName: enterprises.name,
        aggregate: sessions.aggregate,
        returning: sql<boolean>`exists (select 1 from sessions earlier where earlier.shopper_id = ${sessions.shopperId}
          and earlier.enterprise_id = ${sessions.enterpriseId} and earlier.started_at < ${sessions.startedAt})`,
      })
      .from(shopperMessages)
      .innerJoin(enterprises, eq(enterprises.id, shopperMessages.enterpriseId))
      .innerJoin(opportunities, eq(opportunities.id, shopperMessages.opportunityId))
      .innerJoin(sessions, eq(sessions.id, opportunities.sessionId))
      .where(and(which, worksFor(this.deps.db, associateId, shopperMessages.enterpriseId)))
      .orderBy(desc(shopperMessages.createdAt), desc(shopperMessages.id))
      .limit(ASSOCIATE_LIST);
  }
}

function enterpriseView(m: MessageRow, sessionId: string, takenByName: string | null): MessageView {
  return {
    id: m.id,
    opportunityId: m.opportunityId,
    sessionId,
    session: `/api/v1/sessions/${sessionId}`,
    message: m.message,
    contact: m.contact,
    status: m.status,
    takenBy: m.takenBy ? { id: m.takenBy, displayName: takenByName ?? '' } : null,
    createdAt: m.createdAt.toISOString(),
    takenAt: m.takenAt?.toISOString() ?? null,
    doneAt: m.doneAt?.toISOString() ?? null,
  };
}

function associateView(r: { message: MessageRow; enterpriseName: string; aggregate: SessionAggregate; returning: boolean }, associateId: string): AssociateMessage {
  const m = r.message;
  return {
    id: m.id,
    enterprise: { id: m.enterpriseId, name: r.enterpriseName },
    message: m.message,
    contact: m.contact,
    status: m.status,
    mine: m.takenBy === associateId,
    createdAt: m.createdAt.toISOString(),
    // The customer's profile stays with offers: a message is read later, by whoever takes it.
    session: sessionSummary(r.aggregate, null, Boolean(r.returning)),
  };
}
