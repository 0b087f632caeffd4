import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { errors, jwtVerify } from 'jose';
import { type EnterpriseSiteList, type IdentitySecretCreated, MAX_LIVE_IDENTITY_SECRETS } from '../../../../shared/identity';
import { siteIdentityRejections, siteIdentitySecrets, sites } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { Conflict, NotFound } from '../../errors';
import { describeError } from '../../log';
import { CLOCK_TOLERANCE_SECONDS, type IdentityVerdict, judgeClaims } from './verdict.core';

/**
 * How long a site's opened secrets are kept in memory: every page view of a signed-in
 * customer needs them. A change made on another instance reaches this one within it.
 */
export const IDENTITY_SECRETS_CACHE_MS = 5_000;

/** Sites' identity secrets (made, listed, retired by their enterprise) and the check of a page's identity token. */
export class IdentityService {
  private readonly keys = new Map<string, { at: number; keys: Uint8Array[] }>();

  constructor(private readonly deps: AppDeps) {}

  /** The enterprise's sites with their live secrets (never the secrets) and the tokens that did not verify. */
  async sitesOf(enterpriseId: string): Promise<EnterpriseSiteList> {
    const rows = await this.deps.db
      .select({ site: sites, rejected: siteIdentityRejections.count, lastRejectedAt: siteIdentityRejections.lastAt })
      .from(sites)
      .leftJoin(siteIdentityRejections, eq(siteIdentityRejections.siteId, sites.id))
      .where(eq(sites.enterpriseId, enterpriseId))
      .orderBy(asc(sites.createdAt), asc(sites.id));
    const secrets = rows.length
      ? await this.deps.db
          .select({ id: siteIdentitySecrets.id, siteId: siteIdentitySecrets.siteId, createdAt: siteIdentitySecrets.createdAt })
          .from(siteIdentitySecrets)
          .where(and(inArray(siteIdentitySecrets.siteId, rows.map((r) => r.site.id)), isNull(siteIdentitySecrets.retiredAt)))
          .orderBy(asc(siteIdentitySecrets.createdAt), asc(siteIdentitySecrets.id))
      : [];
    return {
      sites: rows.map(({ site, rejected, lastRejectedAt }) => ({
        id: site.id,
        domain: site.domain,
        name: site.name,
        active: site.active,
        adapter: site.adapter ?? null,
        identity: {
          secrets: secrets.filter((s) => s.siteId === site.id).map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString() })),
          rejectedTokens: rejected ?? 0,
          lastRejectedAt: lastRejectedAt?.toISOString() ?? null,
        },
      })),
    };
  }

  /**
   * A new identity secret for one of the enterprise's sites, shown in this answer only. The
   * previous stays live, so pages signed with it still verify while the shop switches; a
   * third is refused (Conflict) until one is retired: retiring the oldest by itself could
   * turn every signed-in customer of a shop that has not switched yet into a claim.
   */
  async createSecret(enterpriseId: string, siteId: string): Promise<IdentitySecretCreated> {
    const secret = this.deps.ids.secret('fwv');
    const created = await this.deps.db.transaction(async (tx) => {
      // The site's row is the lock: two concurrent creations cannot both see room for one more.
      const [site] = await tx.select({ id: sites.id }).from(sites).where(and(eq(sites.id, siteId), eq(sites.enterpriseId, enterpriseId))).for('update');
      if (!site) throw new NotFound('The site');
      const live = await tx
        .select({ id: siteIdentitySecrets.id })
        .from(siteIdentitySecrets)
        .where(and(eq(siteIdentitySecrets.siteId, siteId), isNull(siteIdentitySecrets.retiredAt)));
      if (live.length >= MAX_LIVE_IDENTITY_SECRETS) {
        throw new Conflict(`The site has ${MAX_LIVE_IDENTITY_SECRETS} live identity secrets; retire one before making another.`);
      }
      const [row] = await tx
        .insert(siteIdentitySecrets)
        .values({ id: this.deps.ids.id(), siteId, secret: this.deps.sealer.seal(secret), createdAt: this.deps.clock() })
        .returning({ id: siteIdentitySecrets.id, createdAt: siteIdentitySecrets.createdAt });
      return row!;
    });
    this.keys.delete(siteId);
    return { id: created.id, siteId, secret, createdAt: created.createdAt.toISOString() };
  }

  /** Retires a live secret of one of the enterprise's sites: tokens signed with it no longer verify. */
  async retireSecret(enterpriseId: string, siteId: string, secretId: string): Promise<void> {
    const retired = await this.deps.db
      .update(siteIdentitySecrets)
      .set({ retiredAt: this.deps.clock() })
      .where(
        and(
          eq(siteIdentitySecrets.id, secretId),
          eq(siteIdentitySecrets.siteId, siteId),
          isNull(siteIdentitySecrets.retiredAt),
          inArray(siteIdentitySecrets.siteId, this.deps.db.select({ id: sites.id }).from(sites).where(eq(sites.enterpriseId, enterpriseId))),
        ),
      )
      .returning({ id: siteIdentitySecrets.id });
    if (retired.length === 0) throw new NotFound('The identity secret');
    this.keys.delete(siteId);
  }

  /**
   * Whether the token proves the id the page shows, against the site's live secrets: HS256
   * only, `exp` required, `sub` the id, valid for a day at most (verdict.core.ts).
   */
  async verify(siteId: string, customerId: string, token: string | undefined): Promise<IdentityVerdict> {
    if (!token) return { verified: false, reason: 'no_token' };
    const keys = await this.keysOf(siteId);
    if (keys.length === 0) return { verified: false, reason: 'no_secret' };
    const now = this.deps.clock();
    for (const key of keys) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          currentDate: now,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp'],
        });
        return judgeClaims(payload, customerId, Math.floor(now.getTime() / 1000));
      } catch (err) {
        // Claims are checked after the signature: an expired token was signed with this key.
        if (err instanceof errors.JWTExpired) return { verified: false, reason: 'expired' };
        // Signed with another key, perhaps the other live one.
        if (err instanceof errors.JWSSignatureVerificationFailed) continue;
        return { verified: false, reason: 'invalid' };
      }
    }
    return { verified: false, reason: 'invalid' };
  }

  /** Counts tokens that did not verify, per site; logged without the token or the id. */
  async rejected(bySite: ReadonlyMap<string, number>): Promise<void> {
    const at = this.deps.clock();
    for (const [siteId, n] of bySite) {
      this.deps.log('identity tokens rejected', { siteId, count: n });
      await this.deps.db
        .insert(siteIdentityRejections)
        .values({ siteId, count: n, lastAt: at })
        .onConflictDoUpdate({ target: siteIdentityRejections.siteId, set: { count: sql`${siteIdentityRejections.count} + ${n}`, lastAt: at } });
    }
  }

  /** The site's live secrets as HMAC keys, from memory for IDENTITY_SECRETS_CACHE_MS. */
  private async keysOf(siteId: string): Promise<Uint8Array[]> {
    const now = this.deps.clock().getTime();
    const hit = this.keys.get(siteId);
    if (hit && now - hit.at <= IDENTITY_SECRETS_CACHE_MS) return hit.keys;
    const rows = await this.deps.db
      .select({ id: siteIdentitySecrets.id, secret: siteIdentitySecrets.secret })
      .from(siteIdentitySecrets)
      .where(and(eq(siteIdentitySecrets.siteId, siteId), isNull(siteIdentitySecrets.retiredAt)))
      .orderBy(asc(siteIdentitySecrets.createdAt));
    const keys: Uint8Array[] = [];
    for (const row of rows) {
      try {
        const plain = this.deps.sealer.open(row.secret);
        keys.push(new TextEncoder().encode(plain));
        if (!this.deps.sealer.isCurrent(row.secret)) {
          // Sealed under a key of before a rotation: re-sealed under the current one as it is read.
          await this.deps.db.update(siteIdentitySecrets).set({ secret: this.deps.sealer.seal(plain) }).where(eq(siteIdentitySecrets.id, row.id));
        }
      } catch (err) {
        // A secret no configured key opens verifies nothing; the others still may.
        this.deps.log('identity secret unreadable', { siteId, secretId: row.id, ...describeError(err) });
      }
    }
    if (this.keys.size >= 10_000) this.keys.clear();
    this.keys.set(siteId, { at: now, keys });
    return keys;
  }
}
