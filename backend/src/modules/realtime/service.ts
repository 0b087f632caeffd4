import { eq, lt, sql } from 'drizzle-orm';
import {
  type AssociateServerMessage,
  type ConsoleServerMessage,
  type PartyRecipient,
  REALTIME_VERSION,
  RealtimeClose,
  type RealtimeRecipient,
  type ServerMessage,
  type ShopperServerMessage,
} from '../../../../shared/realtime';
import type { OpenDb } from '../../db/open';
import { realtimeOutbox } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { describeError } from '../../log';
import { EVERYONE, inlineNotice, outboxNotice, readNotice, recipientKey, revocationNotices } from './fanout.core';

/** One end of a socket, as the hub sees it. */
export interface Peer {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** What the associates module records about associates' live connections ("connected" derives from it). */
export interface ConnectionRecords {
  connectionOpened(associateId: string, connectionId: string, instanceId: string): Promise<void>;
  connectionSeen(connectionIds: string[]): Promise<void>;
  connectionClosed(connectionId: string): Promise<void>;
  purgeStaleConnections(olderThanMs: number): Promise<unknown>;
}

/** The sign-in token a socket was opened with: revoking it or its expiry closes the socket. */
export interface SocketCredential {
  tokenHash: string;
  expiresAt: number;
}

/** What is pending for a party that (re)connects: sent right after `ready` (consoles have nothing pending: they fetch the overview). */
export type PendingProvider = (recipient: PartyRecipient) => Promise<ServerMessage[]>;

/** A socket that joined the hub under its recipient. */
export interface Member {
  readonly id: string;
  /** The client sent something: it is alive. */
  seen(): void;
  /** The socket closed. */
  leave(): Promise<void>;
}

interface Live {
  id: string;
  key: string;
  recipient: RealtimeRecipient;
  peer: Peer;
  lastSeenMs: number;
  /** Messages published while the pending ones are being read: sent after them, in order. */
  held: string[] | null;
  credential: SocketCredential | null;
  /** Cancels the expiry timer. */
  expiryTimer: (() => void) | null;
}

/** setTimeout's longest delay; a later expiry is re-armed from there. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The NOTIFY channel every instance listens on. */
const CHANNEL = 'fw_realtime';
/** Outbox rows are read within moments of being written; older ones are garbage. */
const OUTBOX_KEEP_MS = 5 * 60_000;
/** Connection rows not seen for this long belong to an instance that died without closing them. */
const STALE_CONNECTION_MS = 5 * 60_000;
const PURGE_EVERY_MS = 60_000;

/**
 * The realtime hub of one backend instance: the sockets connected to it, by recipient, and
 * the fan-out that brings every instance's publications to them (Postgres NOTIFY on both
 * databases; large messages through `realtime_outbox`). Messages to one recipient keep
 * their order. Delivery is at most once to the sockets connected at the time: what a
 * party must not miss is also given back by the pending providers when it reconnects.
 */
export class Realtime {
  /** Names this instance in connection rows and in its own notices (which it skips: it delivered them already). */
  readonly instanceId: string;
  private readonly members = new Map<string, Set<Live>>();
  private readonly providers: PendingProvider[] = [];
  private readonly disconnectListeners: ((associateId: string) => void)[] = [];
  private readonly revokedListeners: ((tokenHashes: string[]) => void)[] = [];
  private readonly outgoing = new Map<string, Promise<void>>();
  private incoming: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | null = null;
  private timers: (() => void)[] = [];

  constructor(
    private readonly deps: AppDeps,
    private readonly records: ConnectionRecords | null = null,
  ) {
    this.instanceId = deps.ids.id();
  }

  /**
   * Sends a message to every socket of the recipient, on every instance. Never throws: a
   * failure to fan out is logged (the pending providers give it back on reconnect).
   */
  publish(recipient: { associateId: string }, message: AssociateServerMessage): Promise<void>;
  publish(recipient: { shopperId: string }, message: ShopperServerMessage): Promise<void>;
  publish(recipient: { enterpriseConsole: string }, message: ConsoleServerMessage): Promise<void>;
  publish(recipient: RealtimeRecipient, message: ServerMessage): Promise<void> {
    const key = recipientKey(recipient);
    const text = JSON.stringify(message);
    this.deliver(key, text);
    if (!this.unlisten) return Promise.resolve();
    // One recipient's messages leave in the order they were published, even when one goes through the outbox.
    const sent = (this.outgoing.get(key) ?? Promise.resolve())
      .then(() => this.notify(key, text))
      .catch((err) => this.deps.log('realtime fan-out failed', { recipient: key, ...describeError(err) }));
    this.outgoing.set(key, sent);
    void sent.then(() => {
      if (this.outgoing.get(key) === sent) this.outgoing.delete(key);
    });
    return sent;
  }

  /** Registers what to send a party right after `ready` (pending offers, an open invitation); called in registration order. */
  onConnect(provider: PendingProvider): void {
    this.providers.push(provider);
  }

  /** Called when an associate's last socket on this instance closes (they may still be connected to another instance). */
  onDisconnect(listener: (associateId: string) => void): void {
    this.disconnectListeners.push(listener);
  }

  /**
   * Sign-in tokens were revoked (signed out, password set, account deactivated): the sockets
   * opened with them close here at once and on every other instance as the notice arrives;
   * the revocation listeners hear of it on every instance.
   */
  async revokeTokens(tokenHashes: readonly string[]): Promise<void> {
    if (tokenHashes.length === 0) return;
    this.tokensRevoked(tokenHashes);
    if (!this.unlisten) return;
    for (const payload of revocationNotices(this.instanceId, tokenHashes))
      await this.deps.db.execute(sql`select pg_notify(${CHANNEL}, ${payload})`).catch((err) => this.failed('revocation notice', err));
  }

  /** Called with revoked token hashes, on this instance's revocations and on the others' notices. */
  onTokensRevoked(listener: (tokenHashes: string[]) => void): void {
    this.revokedListeners.push(listener);
  }

  /** Whether the recipient has a socket on this instance. */
  isConnectedHere(recipient: RealtimeRecipient): boolean {
    return this.members.has(recipientKey(recipient));
  }

  /**
   * An authenticated socket joins: it is sent `ready`, then what is pending for its party,
   * then whatever was published meanwhile, in that order.
   */
  join(recipient: RealtimeRecipient, peer: Peer, credential: SocketCredential | null = null): Member {
    const live: Live = { id: this.deps.ids.id(), key: recipientKey(recipient), recipient, peer, lastSeenMs: this.now(), held: [], credential, expiryTimer: null };
    this.armExpiry(live);
    let set = this.members.get(live.key);
    if (!set) this.members.set(live.key, (set = new Set()));
    set.add(live);
    const ready: ServerMessage =
      'enterpriseConsole' in recipient
        ? { v: REALTIME_VERSION, type: 'ready', role: 'console', enterpriseId: recipient.enterpriseConsole }
        : 'associateId' in recipient
          ? { v: REALTIME_VERSION, type: 'ready', role: 'associate', associateId: recipient.associateId }
          : { v: REALTIME_VERSION, type: 'ready', role: 'shopper' };
    peer.send(JSON.stringify(ready));
    void this.opened(live);
    return {
      id: live.id,
      seen: () => {
        live.lastSeenMs = this.now();
      },
      leave: () => this.leave(live),
    };
  }

  /** Starts the fan-out (when the database can LISTEN) and the timers: pings, silence, purges. */
  async start(listen?: OpenDb['listen']): Promise<void> {
    if (listen && !this.unlisten) this.unlisten = await listen(CHANNEL, (payload) => this.received(payload));
    const { pingEveryMs } = this.deps.limits.realtime;
    this.timers.push(this.deps.timers.every(pingEveryMs, () => void this.sweep()));
    this.timers.push(this.deps.timers.every(PURGE_EVERY_MS, () => void this.purge()));
  }

  /** Stops the timers and the fan-out and closes every socket (1001: clients reconnect, to another instance if there is one). */
  async stop(): Promise<void> {
    for (const cancel of this.timers) cancel();
    this.timers = [];
    const all = [...this.members.values()].flatMap((set) => [...set]);
    await Promise.all(all.map((live) => this.leave(live)));
    for (const live of all) live.peer.close(RealtimeClose.goingAway, 'the server is shutting down');
    await Promise.all(this.outgoing.values());
    await this.unlisten?.().catch(() => {});
    this.unlisten = null;
    await this.incoming;
  }

  /** Pings the live sockets and closes the silent ones; tells the associates module who is still there. */
  async sweep(): Promise<void> {
    const now = this.now();
    const { silentAfterMs } = this.deps.limits.realtime;
    const ping = JSON.stringify({ v: REALTIME_VERSION, type: 'ping' } satisfies ServerMessage);
    const seen: string[] = [];
    for (const set of this.members.values()) {
      for (const live of set) {
        if (this.expired(live, now)) continue;
        if (now - live.lastSeenMs > silentAfterMs) {
          live.peer.close(RealtimeClose.silent, 'silent for too long');
          continue;
        }
        live.peer.send(ping);
        if ('associateId' in live.recipient) seen.push(live.id);
      }
    }
    if (seen.length && this.records) await this.records.connectionSeen(seen).catch((err) => this.failed('connectionSeen', err));
  }

  /** Removes outbox rows no instance needs any more, and connection rows of instances that died. */
  async purge(): Promise<void> {
    const cutoff = new Date(this.now() - OUTBOX_KEEP_MS);
    await this.deps.db
      .delete(realtimeOutbox)
      .where(lt(realtimeOutbox.createdAt, cutoff))
      .catch((err) => this.failed('outbox purge', err));
    await this.records?.purgeStaleConnections(STALE_CONNECTION_MS).catch((err) => this.failed('purgeStaleConnections', err));
  }

  private async opened(live: Live): Promise<void> {
    if ('associateId' in live.recipient && this.records) {
      await this.records.connectionOpened(live.recipient.associateId, live.id, this.instanceId).catch((err) => this.failed('connectionOpened', err));
    }
    const pending: ServerMessage[] = [];
    const party = 'enterpriseConsole' in live.recipient ? null : live.recipient;
    for (const provider of party ? this.providers : []) {
      try {
        pending.push(...(await provider(party!)));
      } catch (err) {
        this.failed('pending messages', err);
      }
    }
    const held = live.held ?? [];
    live.held = null;
    for (const message of pending) live.peer.send(JSON.stringify(message));
    for (const text of held) live.peer.send(text);
  }

  /** Closes the socket when its token expires (checked again on firing: the clock may be a test's, or the timer early). */
  private armExpiry(live: Live): void {
    if (!live.credential) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, live.credential.expiresAt - this.now()));
    live.expiryTimer = this.deps.timers.after(wait, () => {
      if (!this.expired(live, this.now())) this.armExpiry(live);
    });
  }

  /** Closes the socket if its token has expired, and says so. */
  private expired(live: Live, now: number): boolean {
    if (!live.credential || live.credential.expiresAt > now) return false;
    live.peer.close(RealtimeClose.unauthorized, 'the token has expired');
    void this.leave(live);
    return true;
  }

  private tokensRevoked(tokenHashes: readonly string[]): void {
    const revoked = new Set(tokenHashes);
    for (const set of this.members.values()) {
      for (const live of set) {
        if (!live.credential || !revoked.has(live.credential.tokenHash)) continue;
        live.peer.close(RealtimeClose.unauthorized, 'signed out');
        void this.leave(live);
      }
    }
    for (const listener of this.revokedListeners) {
      try {
        listener([...tokenHashes]);
      } catch (err) {
        this.failed('revocation listener', err);
      }
    }
  }

  private async leave(live: Live): Promise<void> {
    live.expiryTimer?.();
    const set = this.members.get(live.key);
    if (!set?.delete(live)) return;
    if (set.size === 0) this.members.delete(live.key);
    if (!('associateId' in live.recipient)) return;
    await this.records?.connectionClosed(live.id).catch((err) => this.failed('connectionClosed', err));
    if (set.size > 0) return;
    for (const listener of this.disconnectListeners) {
      try {
        listener(live.recipient.associateId);
      } catch (err) {
        this.failed('disconnect listener', err);
      }
    }
  }

  private deliver(key: string, text: string): void {
    const set = this.members.get(key);
    if (!set) return;
    for (const live of set) {
      if (live.held) live.held.push(text);
      else live.peer.send(text);
    }
  }

  private async notify(key: string, text: string): Promise<void> {
    let payload = inlineNotice(this.instanceId, key, text);
    if (!payload) {
      const id = this.deps.ids.id();
      await this.deps.db.insert(realtimeOutbox).values({ id, recipient: key, message: text, createdAt: new Date(this.now()) });
      payload = outboxNotice(this.instanceId, key, id);
    }
    await this.deps.db.execute(sql`select pg_notify(${CHANNEL}, ${payload})`);
  }

  /** A notice from any instance; handled one at a time so that messages keep their order. */
  private received(payload: string): void {
    const notice = readNotice(payload);
    if (!notice || notice.instance === this.instanceId) return;
    if (notice.kind === 'revoked') return this.tokensRevoked(notice.tokenHashes);
    // Its own notices this instance delivered when publishing; others' only matter for recipients connected here.
    if (notice.recipient === EVERYONE || !this.members.has(notice.recipient)) return;
    if (notice.kind === 'message') {
      this.incoming = this.incoming.then(() => this.deliver(notice.recipient, notice.message));
      return;
    }
    this.incoming = this.incoming.then(async () => {
      try {
        const [row] = await this.deps.db.select({ message: realtimeOutbox.message }).from(realtimeOutbox).where(eq(realtimeOutbox.id, notice.id));
        if (row) this.deliver(notice.recipient, row.message);
        else this.deps.log('realtime outbox row missing', { id: notice.id });
      } catch (err) {
        this.failed('outbox read', err);
      }
    });
  }

  private failed(what: string, err: unknown): void {
    this.deps.log(`realtime: ${what} failed`, describeError(err));
  }

  private now(): number {
    return this.deps.clock().getTime();
  }
}
