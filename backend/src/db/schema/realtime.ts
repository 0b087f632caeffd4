import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';

/**
 * Realtime messages too large for a Postgres NOTIFY (8,000 bytes): the publishing instance
 * writes the message here and notifies its id; every instance reads it by id. Rows are only
 * needed for the moment it takes to fan out, and are purged after a few minutes.
 */
export const realtimeOutbox = pgTable(
  'realtime_outbox',
  {
    id: uuid('id').primaryKey(),
    /** `a:<associate id>` or `s:<shopper id>`. */
    recipient: text('recipient').notNull(),
    /** The message as JSON text, exactly as it goes on the wire. */
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('realtime_outbox_created_idx').on(t.createdAt)],
);
