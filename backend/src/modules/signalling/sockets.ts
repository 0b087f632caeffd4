import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { signallingSockets } from '../../db/schema';
import type { AppDeps } from '../../deps';

/**
 * One live signalling socket per peer credential, across instances: the place is a row of
 * `signalling_sockets` (on Postgres every instance sees it; on PGlite the one process does).
 * The instance that holds a peer's place may give it to a reconnect of that peer; another
 * instance is refused until the socket closes, or until its row has not been seen for
 * `staleAfterMs` (its instance died).
 */
export class SignallingPlaces {
  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock'>,
    readonly instanceId: string,
    private readonly staleAfterMs: number,
  ) {}

  /** Takes the peer's place for this socket; false when a live socket on another instance holds it. */
  async claim(peerId: string, socketId: string): Promise<boolean> {
    const now = this.deps.clock();
    const staleBefore = new Date(now.getTime() - this.staleAfterMs);
    const rows = await this.deps.db
      .insert(signallingSockets)
      .values({ peerId, socketId, instanceId: this.instanceId, seenAt: now })
      .onConflictDoUpdate({
        target: signallingSockets.peerId,
        set: { socketId, instanceId: this.instanceId, seenAt: now },
        // Through the columns, so the time is written as the column writes times.
        setWhere: or(eq(signallingSockets.instanceId, this.instanceId), lt(signallingSockets.seenAt, staleBefore)),
      })
      .returning({ socketId: signallingSockets.socketId });
    return rows.length > 0;
  }

  /** Gives the place back when the socket closes (unless a reconnect took it meanwhile). */
  async release(socketId: string): Promise<void> {
    await this.deps.db.delete(signallingSockets).where(eq(signallingSockets.socketId, socketId));
  }

  /** Marks this instance's open sockets seen, and forgets the places of instances that died. */
  async seen(socketIds: readonly string[]): Promise<void> {
    const now = this.deps.clock();
    if (socketIds.length > 0) {
      await this.deps.db
        .update(signallingSockets)
        .set({ seenAt: now })
        .where(and(eq(signallingSockets.instanceId, this.instanceId), inArray(signallingSockets.socketId, [...socketIds])));
    }
    await this.deps.db.delete(signallingSockets).where(lt(signallingSockets.seenAt, new Date(now.getTime() - this.staleAfterMs)));
  }
}
