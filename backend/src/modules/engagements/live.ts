import { timingSafeEqual } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  type ChannelChange,
  LIVE_PEER_KEY,
  LIVE_PEER_PATH,
  type LiveSettings,
  type PeerCredentials,
  type Transcript,
  type TranscriptPost,
} from '../../../../shared/live';
import { instantOf } from '../../../../shared/time';
import { rowsOf } from '../../db/records';
import { associates, associateTokens, channelUsages, engagementPeers, engagements, liveSettings, sites, transcriptMessages } from '../../db/schema';
import type { LiveRole } from '../../db/schema/engagements';
import type { AppDeps } from '../../deps';
import { EngagementNotLive, NotFound, TranscriptFull } from '../../errors';
import { hashSecret } from '../../secrets';
import { type Party, partyIs, type Side } from './service';
import { CREDENTIALS_TTL_MS, clampTime, DEFAULT_TRANSCRIPT_RETENTION_DAYS, maskSelectorsOf, type PeerRefusal, peerAccess, writeWindow } from './live.core';

/**
 * What the signalling server learns about a peer presenting an id and a token; for the
 * associate's side, the sign-in token the credentials were asked with (hash and expiry):
 * the socket closes when it is revoked or expires.
 */
export type PeerCheck =
  | { ok: true; engagementId: string; partnerPeerId: string; signIn: { tokenHash: string; expiresAt: number } | null }
  | { ok: false; reason: PeerRefusal };

/**
 * The live part of an engagement the shopper accepted: each side's peer credentials (and
 * their check when the signalling socket opens), the chat transcript, which communication
 * methods were used, and the enterprise's retention for transcripts.
 */
export class LiveService {
  private readonly channelListeners: ((enterpriseId: string, engagementId: string) => void)[] = [];

  constructor(private readonly deps: AppDeps) {}

  /** Registers a listener for a communication method opening or closing (after its row is written; not for a repeat that changed nothing). */
  onChannelChanged(listener: (enterpriseId: string, engagementId: string) => void): void {
    this.channelListeners.push(listener);
  }

  /**
   * The caller's credentials for the signalling server: its peer id (made once per side and
   * kept), a new token (the previous one stops working), the other side's id, and what the
   * shopper's side needs (mask selectors) and the associate may do (the enterprise's domains).
   * The associate's credentials live no longer than the sign-in token they were asked with (its hash).
   */
  async credentials(side: Side, engagementId: string, signInTokenHash: string | null = null): Promise<PeerCredentials> {
    const now = this.deps.clock();
    const engagement = await this.engagementOf(side, engagementId);
    if (engagement.status !== 'accepted') throw notLive(engagement.status === 'ended' ? 'ended' : 'not_live');
    const role: LiveRole = 'shopperId' in side ? 'shopper' : 'associate';
    // Both sides' ids at the first call, so each learns the other's before it connected; a concurrent first call keeps the first ids.
    await this.deps.db
      .insert(engagementPeers)
      .values((['shopper', 'associate'] as const).map((r) => ({ engagementId, role: r, peerId: this.newPeerId() })))
      .onConflictDoNothing();
    const token = this.deps.ids.secret('fwp');
    const expiresAt = new Date(now.getTime() + CREDENTIALS_TTL_MS);
    await this.deps.db
      .update(engagementPeers)
      .set({ tokenHash: hashSecret(token), issuedAt: now, expiresAt, signInTokenHash: role === 'associate' ? signInTokenHash : null })
      .where(and(eq(engagementPeers.engagementId, engagementId), eq(engagementPeers.role, role)));
    const peers = await this.deps.db.select().from(engagementPeers).where(eq(engagementPeers.engagementId, engagementId));
    const mine = peers.find((p) => p.role === role)!;
    const theirs = peers.find((p) => p.role !== role)!;
    const activeSites = await this.deps.db
      .select({ domain: sites.domain, adapter: sites.adapter })
      .from(sites)
      .where(and(eq(sites.enterpriseId, engagement.enterpriseId), eq(sites.active, true)))
      .orderBy(asc(sites.domain));
    let remoteName = 'Shopper';
    if (role === 'shopper') {
      const [a] = await this.deps.db.select({ displayName: associates.displayName }).from(associates).where(eq(associates.id, engagement.associateId));
      remoteName = a?.displayName ?? 'Associate';
    }
    return {
      engagementId,
      role,
      peerId: mine.peerId,
      token,
      remotePeerId: theirs.peerId,
      signalling: { path: LIVE_PEER_PATH, key: LIVE_PEER_KEY },
      iceServers: this.deps.iceServers ?? [],
      expiresAt: expiresAt.toISOString(),
      remoteName,
      allowedDomains: activeSites.map((s) => s.domain),
      maskSelectors: role === 'shopper' ? maskSelectorsOf(activeSites.map((s) => s.adapter)) : [],
    };
  }

  /** Whether a peer id and token may open a signalling socket now; with its engagement and its partner's id when so. */
  async checkPeer(peerId: string, token: string): Promise<PeerCheck> {
    const now = this.deps.clock().getTime();
    const [row] = await this.deps.db
      .select({
        engagementId: engagementPeers.engagementId,
        role: engagementPeers.role,
        tokenHash: engagementPeers.tokenHash,
        expiresAt: engagementPeers.expiresAt,
        status: engagements.status,
        signInTokenHash: engagementPeers.signInTokenHash,
        signInExpiresAt: associateTokens.expiresAt,
      })
      .from(engagementPeers)
      .innerJoin(engagements, eq(engagements.id, engagementPeers.engagementId))
      .leftJoin(associateTokens, eq(associateTokens.tokenHash, engagementPeers.signInTokenHash))
      .where(eq(engagementPeers.peerId, peerId));
    const signIn = row?.signInTokenHash && row.signInExpiresAt ? { tokenHash: row.signInTokenHash, expiresAt: row.signInExpiresAt.getTime() } : null;
    const refusal = peerAccess(
      row && {
        tokenMatches: sameHash(row.tokenHash, hashSecret(token)),
        expiresAt: row.expiresAt?.getTime() ?? null,
        engagementStatus: row.status,
        signedOut: row.role === 'associate' && (!signIn || signIn.expiresAt <= now),
      },
      now,
    );
    if (refusal || !row) return { ok: false, reason: refusal ?? 'unknown_peer' };
    const [partner] = await this.deps.db
      .select({ peerId: engagementPeers.peerId })
      .from(engagementPeers)
      .where(and(eq(engagementPeers.engagementId, row.engagementId), sql`${engagementPeers.role} <> ${row.role}`));
    if (!partner) return { ok: false, reason: 'unknown_peer' };
    return { ok: true, engagementId: row.engagementId, partnerPeerId: partner.peerId, signIn };
  }

  /** Of the given engagements, those still live (accepted); the signalling server closes the sockets of the others. */
  async liveOf(engagementIds: readonly string[]): Promise<Set<string>> {
    if (engagementIds.length === 0) return new Set();
    const rows = await this.deps.db
      .select({ id: engagements.id })
      .from(engagements)
      .where(and(inArray(engagements.id, [...engagementIds]), eq(engagements.status, 'accepted')));
    return new Set(rows.map((r) => r.id));
  }

  /** Stores the caller's chat messages once each (by id); taken while live and for a while after the end. */
  async postTranscript(side: Side, engagementId: string, post: TranscriptPost): Promise<void> {
    const now = this.deps.clock();
    const engagement = await this.writable(side, engagementId, now);
    const sender: LiveRole = 'shopperId' in side ? 'shopper' : 'associate';
    // The sender's clock orders the chat, within what the server knows: not before the invitation, not after now.
    const from = engagement.invitedAt.getTime();
    const max = this.deps.limits.transcriptMaxBytes;
    await this.deps.db.transaction(async (tx) => {
      // Posts to one engagement one at a time, so two cannot each fit and together pass the cap.
      await tx.select({ id: engagements.id }).from(engagements).where(eq(engagements.id, engagementId)).for('update');
      const kept = await tx
        .insert(transcriptMessages)
        .values(
          post.messages.map((m) => ({
            engagementId,
            sender,
            messageId: m.id,
            text: m.text,
            sentAt: new Date(clampTime(instantOf(m.sentAt), from, now.getTime())),
            receivedAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ messageId: transcriptMessages.messageId });
      if (kept.length === 0) return;
      const [total] = rowsOf<{ bytes: number }>(
        await tx.execute(sql`select coalesce(sum(octet_length(text)), 0)::int as bytes from transcript_messages where engagement_id = ${engagementId}`),
      );
      // Thrown inside the transaction: nothing of the post stays.
      if (total!.bytes > max) throw new TranscriptFull(`The engagement's transcript holds at most ${max} bytes of text; this post would take it past that.`);
    });
  }

  /** The chat of an engagement, oldest first, for either side or its enterprise. */
  async transcript(party: Party, engagementId: string): Promise<Transcript> {
    await this.engagementOf(party, engagementId);
    const rows = await this.deps.db
      .select()
      .from(transcriptMessages)
      .where(eq(transcriptMessages.engagementId, engagementId))
      .orderBy(asc(transcriptMessages.sentAt), asc(transcriptMessages.receivedAt), asc(transcriptMessages.sender), asc(transcriptMessages.messageId));
    return { messages: rows.map((r) => ({ id: r.messageId, from: r.sender, text: r.text, sentAt: r.sentAt.toISOString() })) };
  }

  /** A communication method started (a second start of an open one is nothing) or stopped (closes the open one). */
  async changeChannel(side: Side, engagementId: string, change: ChannelChange): Promise<void> {
    const now = this.deps.clock();
    const engagement = await this.writable(side, engagementId, now);
    const start = (engagement.answeredAt ?? engagement.invitedAt).getTime();
    const end = engagement.endedAt?.getTime() ?? now.getTime();
    const at = new Date(clampTime(instantOf(change.at), start, end));
    let changed: unknown[];
    if (change.state === 'started') {
      // After the end nothing starts; the unique open index makes a second start a no-op.
      if (engagement.status !== 'accepted') return;
      changed = await this.deps.db
        .insert(channelUsages)
        .values({ id: this.deps.ids.id(), engagementId, method: change.method, startedAt: at })
        .onConflictDoNothing()
        .returning({ id: channelUsages.id });
    } else {
      changed = await this.deps.db
        .update(channelUsages)
        .set({ stoppedAt: sql`greatest(${channelUsages.startedAt}, ${at.toISOString()}::timestamptz)` })
        .where(and(eq(channelUsages.engagementId, engagementId), eq(channelUsages.method, change.method), isNull(channelUsages.stoppedAt)))
        .returning({ id: channelUsages.id });
    }
    if (changed.length > 0) for (const listener of this.channelListeners) listener(engagement.enterpriseId, engagementId);
  }

  /** The enterprise's live settings (the defaults until it sets them). */
  async settings(enterpriseId: string): Promise<LiveSettings> {
    const [row] = await this.deps.db.select().from(liveSettings).where(eq(liveSettings.enterpriseId, enterpriseId));
    return { transcriptRetentionDays: row?.transcriptRetentionDays ?? DEFAULT_TRANSCRIPT_RETENTION_DAYS };
  }

  async putSettings(enterpriseId: string, settings: LiveSettings): Promise<LiveSettings> {
    const values = { enterpriseId, transcriptRetentionDays: settings.transcriptRetentionDays, updatedAt: this.deps.clock() };
    await this.deps.db.insert(liveSettings).values(values).onConflictDoUpdate({ target: liveSettings.enterpriseId, set: values });
    return this.settings(enterpriseId);
  }

  /**
   * Deletes the transcripts of engagements that ended longer ago than their enterprise keeps them,
   * and erases the bodies of their texts (phone_texts.body: the same conversation); returns how
   * many messages and bodies.
   */
  async sweepTranscripts(now: Date): Promise<number> {
    // The engagement `e` ended longer ago than its enterprise's settings `s` keep transcripts.
    const expired = sql`e.ended_at is not null
      and e.ended_at < ${now.toISOString()}::timestamptz - make_interval(days => coalesce(s.transcript_retention_days, ${DEFAULT_TRANSCRIPT_RETENTION_DAYS}))`;
    const [swept] = rowsOf<{ n: number }>(
      await this.deps.db.execute(sql`
        with bodies as (
          update phone_texts p set body = null
          from engagements e
          left join live_settings s on s.enterprise_id = e.enterprise_id
          where p.engagement_id = e.id and p.body is not null and ${expired}
          returning 1
        ),
        messages as (
          delete from transcript_messages t
          using engagements e
          left join live_settings s on s.enterprise_id = e.enterprise_id
          where t.engagement_id = e.id and ${expired}
          returning 1
        )
        select ((select count(*) from bodies) + (select count(*) from messages))::int as n`),
    );
    return Number(swept?.n ?? 0);
  }

  private async engagementOf(party: Party, engagementId: string) {
    const [row] = await this.deps.db.select().from(engagements).where(and(eq(engagements.id, engagementId), partyIs(party)));
    if (!row) throw new NotFound('The engagement');
    return row;
  }

  private async writable(side: Side, engagementId: string, now: Date) {
    const engagement = await this.engagementOf(side, engagementId);
    const window = writeWindow({ status: engagement.status, endedAt: engagement.endedAt?.getTime() ?? null }, now.getTime());
    if (window !== 'open') throw notLive(window);
    return engagement;
  }

  private newPeerId(): string {
    // A v4 UUID's hex: 122 random bits, nothing else to guess from.
    return `fw-${this.deps.ids.id().replace(/-/g, '')}`;
  }
}

function notLive(reason: 'not_live' | 'ended'): EngagementNotLive {
  return reason === 'ended'
    ? new EngagementNotLive('ended', 'The engagement has ended.')
    : new EngagementNotLive('not_live', 'The engagement is not live: the shopper has not accepted it, or it was declined or expired.');
}

function sameHash(stored: string | null, presented: string): boolean {
  if (!stored || stored.length !== presented.length) return false;
  return timingSafeEqual(Buffer.from(stored), Buffer.from(presented));
}
