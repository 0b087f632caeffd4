import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';

/**
 * The open signalling sockets of every instance, one per peer id: a second socket for the
 * same peer on another instance is refused while the first lives. The instance holding a
 * socket marks it seen on each check; a row not seen for a while belongs to an instance that
 * died and may be taken over.
 */
export const signallingSockets = pgTable(
  'signalling_sockets',
  {
    peerId: text('peer_id').primaryKey(),
    /** The socket holding the place (its instance may replace it with a reconnect of the same peer). */
    socketId: uuid('socket_id').notNull(),
    instanceId: uuid('instance_id').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('signalling_sockets_seen_idx').on(t.seenAt)],
);
