import { and, eq } from 'drizzle-orm';
import { type CustomerProfile, type CustomerProfileBody, type CustomerSource, CustomerSourceBody, isCustomerExternalId } from '../../../../shared/customers';
import type { z } from 'zod';
import { customerProfiles, customerSources } from '../../db/schema';
import type { CustomerFacts } from '../../db/schema/customers';
import type { AppDeps, Timers } from '../../deps';
import { NotFound, UrlNotAllowed } from '../../errors';
import { describeError } from '../../log';
import { dueSources, expiresAt, FAILED_SOURCE_PAUSE_MS, type RemoteSource } from './cache.core';
import type { CustomerEnrichment } from './enrichment';
import { SourceFailure } from './fetch-json';
import { callLookup } from './lookup';
import { factsOf, mergeFacts, NO_FACTS, type ProfileSource } from './merge.core';

type ProfileRow = typeof customerProfiles.$inferSelect;
type SourceRow = typeof customerSources.$inferSelect;

/** What one call to a remote source brought: the facts (null: the source does not know the customer), or nothing (it failed). */
/** A source's answer, and its cache write under way. */
type Fetched = { ok: true; facts: CustomerFacts | null; saved: Promise<void> } | { ok: false };

/** A customer's profile being worked out: its answer, and what was known before the sources answered. */
interface Resolving {
  answer: Promise<CustomerFacts | null>;
  soFar: () => CustomerFacts | null;
}

/**
 * What an enterprise knows of its customers: profiles it pushes, answers of its signed lookup
 * URL, and a third-party enrichment provider's, merged (push first) and cached with a TTL.
 * `profileFor` is what detection, matching and offers call: it answers within its deadline,
 * whatever the sources do, and never throws.
 */
export class CustomersService {
  private readonly enrichment: CustomerEnrichment | null;
  /**
   * Profiles being worked out, by enterprise and customer: concurrent asks for one customer share
   * one piece of work (one read, one call per source), held until its answers are cached, so that
   * an ask after it reads them rather than calling again.
   */
  private readonly resolving = new Map<string, Resolving>();
  /** Sources that failed, by enterprise and source, left alone until this time (ms). */
  private readonly pausedUntil = new Map<string, number>();
  /** Cache writes and calls still running after their answer was given. */
  private readonly background = new Set<Promise<unknown>>();
  /** Sealed secrets no configured key opens, already logged (once each). */
  private readonly unreadable = new Set<string>();

  constructor(private readonly deps: AppDeps) {
    this.enrichment = deps.customerEnrichment ?? null;
  }

  /** Replaces the pushed profile of a customer (what the body leaves out is unknown). */
  async push(enterpriseId: string, externalId: string, body: CustomerProfileBody): Promise<CustomerProfile> {
    this.stopSharing(enterpriseId, externalId);
    const now = this.deps.clock();
    const facts = factsOf(body);
    const [row] = await this.deps.db
      .insert(customerProfiles)
      .values({ enterpriseId, externalId, source: 'push', facts, known: true, updatedAt: now, expiresAt: null })
      .onConflictDoUpdate({
        target: [customerProfiles.enterpriseId, customerProfiles.externalId, customerProfiles.source],
        set: { facts, known: true, updatedAt: now },
      })
      .returning();
    return profileView(row!);
  }

  /** The customer's pushed profile; NotFound when none was pushed. */
  async pushed(enterpriseId: string, externalId: string): Promise<CustomerProfile> {
    const [row] = await this.deps.db
      .select()
      .from(customerProfiles)
      .where(and(eq(customerProfiles.enterpriseId, enterpriseId), eq(customerProfiles.externalId, externalId), eq(customerProfiles.source, 'push')));
    if (!row) throw new NotFound('The customer');
    return profileView(row);
  }

  /** Forgets a customer: the pushed profile and every cached answer. NotFound when nothing was held. */
  async forget(enterpriseId: string, externalId: string): Promise<void> {
    this.stopSharing(enterpriseId, externalId);
    const gone = await this.deps.db
      .delete(customerProfiles)
      .where(and(eq(customerProfiles.enterpriseId, enterpriseId), eq(customerProfiles.externalId, externalId)))
      .returning({ source: customerProfiles.source });
    if (gone.length === 0) throw new NotFound('The customer');
  }

  /** The enterprise's lookup settings (never its secret); NotFound when none is set. */
  async source(enterpriseId: string): Promise<CustomerSource> {
    const [row] = await this.deps.db.select().from(customerSources).where(eq(customerSources.enterpriseId, enterpriseId));
    if (!row) throw new NotFound('The customer source');
    return sourceView(row);
  }

  /**
   * Sets the enterprise's lookup. A new source gets a signing secret, shown in this answer
   * only and stored sealed; a changed one keeps its secret unless `rotateSecret`. Cached
   * lookup answers are dropped: they came from the settings being replaced. A URL the
   * outbound guard refuses is refused here (UrlNotAllowed). A lookup paused after failing
   * stays paused: a new URL is no way to call out more often.
   */
  async setSource(enterpriseId: string, body: z.output<typeof CustomerSourceBody>): Promise<CustomerSource> {
    const allowed = this.deps.outbound.check(body.lookupUrl);
    if (!allowed.ok) throw new UrlNotAllowed(['lookupUrl'], allowed.reason);
    const now = this.deps.clock();
    const fresh = this.deps.ids.secret('fwh');
    const sealed = this.deps.sealer.seal(fresh);
    const settings = { lookupUrl: body.lookupUrl, ttlSeconds: body.ttlSeconds, timeoutMs: body.timeoutMs, updatedAt: now };
    this.stopSharing(enterpriseId);
    return this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(customerSources)
        .values({ enterpriseId, secret: sealed, ...settings })
        .onConflictDoUpdate({ target: customerSources.enterpriseId, set: { ...settings, ...(body.rotateSecret ? { secret: sealed } : {}) } })
        .returning();
      await tx.delete(customerProfiles).where(and(eq(customerProfiles.enterpriseId, enterpriseId), eq(customerProfiles.source, 'lookup')));
      // The secret is shown when this write made it, and only then (each sealing is unique: a new IV).
      return { ...sourceView(row!), ...(row!.secret === sealed ? { secret: fresh } : {}) };
    });
  }

  /** Removes the enterprise's lookup and what it answered; NotFound when none is set. */
  async removeSource(enterpriseId: string): Promise<void> {
    this.stopSharing(enterpriseId);
    await this.deps.db.transaction(async (tx) => {
      const gone = await tx.delete(customerSources).where(eq(customerSources.enterpriseId, enterpriseId)).returning({ id: customerSources.enterpriseId });
      if (gone.length === 0) throw new NotFound('The customer source');
      await tx.delete(customerProfiles).where(and(eq(customerProfiles.enterpriseId, enterpriseId), eq(customerProfiles.source, 'lookup')));
    });
  }

  /**
   * What is known of the customer, from every source, within `deadlineMs`: the pushed
   * profile and cached answers, and the lookup and enrichment called when their answers are
   * missing or stale (each within the time left and its own timeout). A source that fails
   * or runs out of time is left out (its stale answer used if there is one) and logged.
   * Null when nothing is known, when there is no customer id, or when even the database
   * did not answer in time. Never throws.
   */
  profileFor = async (enterpriseId: string, externalId: string | null, options: ProfileOptions): Promise<CustomerFacts | null> => {
    if (!externalId || !isCustomerExternalId(externalId)) return null;
    const deadline = performance.now() + options.deadlineMs;
    const shared = this.resolving.get(`${enterpriseId}|${externalId}`) ?? this.resolve(enterpriseId, externalId, deadline, options.cachedOnly === true);
    return withDeadline(this.deps.timers, shared.answer, Math.max(0, deadline - performance.now()), shared.soFar);
  };

  /**
   * Starts working out a customer's profile, shared by the asks that come while it runs.
   * `cachedOnly`: what is pushed and cached, no call (and nothing later asks share it).
   */
  private resolve(enterpriseId: string, externalId: string, deadline: number, cachedOnly = false): Resolving {
    const key = `${enterpriseId}|${externalId}`;
    let known: CustomerFacts | null = null;
    const saves: Promise<void>[] = [];
    const answer = (async () => {
      const { rows, source } = await this.stored(enterpriseId, externalId);
      const answers = Object.fromEntries(rows.map((r) => [r.source, r.known ? r.facts : null])) as Partial<Record<ProfileSource, CustomerFacts | null>>;
      known = mergeFacts(answers);
      if (cachedOnly) return known;
      const now = this.deps.clock();
      const due = dueSources(this.configured(enterpriseId, source), rows, now).filter((s) => !this.paused(enterpriseId, s, now));
      const budgetMs = Math.floor(deadline - performance.now());
      if (due.length === 0 || budgetMs <= 0) return known;
      const fetched = await Promise.all(due.map((s) => this.fetchFrom(enterpriseId, externalId, s, source, budgetMs).then((f) => [s, f] as const)));
      for (const [s, f] of fetched) {
        if (!f.ok) continue;
        answers[s] = f.facts;
        saves.push(f.saved);
      }
      return mergeFacts(answers);
    })().catch((err: unknown) => {
      this.deps.log('customer profile failed', { enterpriseId, ...describeError(err) });
      return known;
    });
    const shared: Resolving = { answer, soFar: () => known };
    if (cachedOnly) return shared;
    this.resolving.set(key, shared);
    const cached = answer.then(() => Promise.allSettled(saves));
    // Unless a change ended the sharing (and a newer piece of work took the key) meanwhile.
    this.track(
      cached.finally(() => {
        if (this.resolving.get(key) === shared) this.resolving.delete(key);
      }),
    );
    return shared;
  }

  /** Asks after a change (of one customer, or of the enterprise's sources) start afresh rather than share work begun before it. */
  private stopSharing(enterpriseId: string, externalId?: string): void {
    for (const key of [...this.resolving.keys()]) if (externalId === undefined ? key.startsWith(`${enterpriseId}|`) : key === `${enterpriseId}|${externalId}`) this.resolving.delete(key);
  }

  /** Resolves when the cache writes and calls started so far have ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private async stored(enterpriseId: string, externalId: string): Promise<{ rows: ProfileRow[]; source: SourceRow | undefined }> {
    const [rows, [source]] = await Promise.all([
      this.deps.db
        .select()
        .from(customerProfiles)
        .where(and(eq(customerProfiles.enterpriseId, enterpriseId), eq(customerProfiles.externalId, externalId))),
      this.deps.db.select().from(customerSources).where(eq(customerSources.enterpriseId, enterpriseId)),
    ]);
    return { rows, source };
  }

  private configured(enterpriseId: string, source: SourceRow | undefined): RemoteSource[] {
    const out: RemoteSource[] = [];
    if (source) out.push('lookup');
    if (this.enrichment?.serves(enterpriseId)) out.push('enrichment');
    return out;
  }

  private paused(enterpriseId: string, source: RemoteSource, now: Date): boolean {
    const key = `${enterpriseId}|${source}`;
    const until = this.pausedUntil.get(key);
    if (until === undefined) return false;
    if (until > now.getTime()) return true;
    this.pausedUntil.delete(key);
    return false;
  }

  /** Calls a source for a customer (within `budgetMs` and the source's own timeout); a failed source is paused. */
  private async fetchFrom(enterpriseId: string, externalId: string, source: RemoteSource, target: SourceRow | undefined, budgetMs: number): Promise<Fetched> {
    const timeoutMs = source === 'lookup' ? Math.min(budgetMs, target!.timeoutMs) : budgetMs;
    const ttlSeconds = source === 'lookup' ? target!.ttlSeconds : this.enrichment!.ttlSeconds;
    const signal = AbortSignal.timeout(Math.max(1, timeoutMs));
    const started = this.deps.clock();
    const pause = () => this.pausedUntil.set(`${enterpriseId}|${source}`, started.getTime() + FAILED_SOURCE_PAUSE_MS);
    let secret: string | null = null;
    if (source === 'lookup') {
      secret = this.secretOf(target!);
      if (secret === null) {
        pause();
        return { ok: false };
      }
    }
    let facts: CustomerFacts | null;
    try {
      facts =
        source === 'lookup'
          ? await callLookup(this.deps.outbound, { lookupUrl: target!.lookupUrl, secret: secret! }, externalId, Math.floor(started.getTime() / 1000), signal)
          : await this.enrichment!.lookup(enterpriseId, externalId, signal);
    } catch (err) {
      pause();
      // The reason is ours (SourceFailure) or the provider's error described safely: never the URL's query, a header or the secret.
      const reason = err instanceof SourceFailure ? { reason: err.reason } : describeError(err);
      this.deps.log('customer source failed', { enterpriseId, source, ...(source === 'lookup' ? { host: new URL(target!.lookupUrl).host } : { provider: this.enrichment!.name }), ...reason });
      return { ok: false };
    }
    // The answer is given now; it is cached in the background.
    const saved = this.remember(enterpriseId, externalId, source, facts, expiresAt(started, ttlSeconds));
    this.track(saved);
    return { ok: true, facts, saved };
  }

  /**
   * The lookup's signing secret, opened. A secret stored in clear (before secrets were sealed)
   * or sealed under a previous key is re-sealed under the current one, in the background. Null
   * when no configured key opens it: the lookup fails until the enterprise rotates its secret,
   * which is logged once.
   */
  private secretOf(row: SourceRow): string | null {
    const stored = row.secret;
    const sealedBefore = stored.startsWith('v1.');
    let plain: string;
    try {
      plain = sealedBefore ? this.deps.sealer.open(stored) : stored;
    } catch (err) {
      if (!this.unreadable.has(stored)) {
        this.unreadable.add(stored);
        this.deps.log("SECRETS_KEY does not open the lookup's secret; set it again with rotateSecret", { enterpriseId: row.enterpriseId, ...describeError(err) });
      }
      return null;
    }
    if (!sealedBefore || !this.deps.sealer.isCurrent(stored)) this.track(this.reseal(row.enterpriseId, stored, this.deps.sealer.seal(plain)));
    return plain;
  }

  /** Stores a secret sealed anew, unless it changed meanwhile (a rotation wins). */
  private async reseal(enterpriseId: string, was: string, sealed: string): Promise<void> {
    try {
      await this.deps.db
        .update(customerSources)
        .set({ secret: sealed })
        .where(and(eq(customerSources.enterpriseId, enterpriseId), eq(customerSources.secret, was)));
    } catch (err) {
      this.deps.log('customer source secret not re-sealed', { enterpriseId, ...describeError(err) });
    }
  }

  /** Caches an answer; a failed write only costs a call next time. */
  private async remember(enterpriseId: string, externalId: string, source: RemoteSource, facts: CustomerFacts | null, until: Date): Promise<void> {
    const values = { facts: facts ?? NO_FACTS, known: facts !== null, updatedAt: this.deps.clock(), expiresAt: until };
    try {
      await this.deps.db
        .insert(customerProfiles)
        .values({ enterpriseId, externalId, source, ...values })
        .onConflictDoUpdate({ target: [customerProfiles.enterpriseId, customerProfiles.externalId, customerProfiles.source], set: values });
    } catch (err) {
      // The enterprise may have been deleted meanwhile (foreign key): nothing to keep then.
      this.deps.log('customer cache write failed', { enterpriseId, source, ...describeError(err) });
    }
  }

  private track(p: Promise<unknown>): void {
    const settled = p.then(
      () => {},
      () => {},
    );
    this.background.add(settled);
    void settled.finally(() => this.background.delete(settled));
  }
}

/** How long a profile may take, and whether the sources may be called for it (false: what is pushed and cached only). */
export interface ProfileOptions {
  deadlineMs: number;
  cachedOnly?: boolean;
}

/** The work's result, or `fallback()` when it takes longer than `ms` (the work goes on, unawaited). */
function withDeadline<T>(timers: Timers, work: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let cancel: (() => void) | undefined;
  const late = new Promise<T>((resolve) => {
    cancel = timers.after(ms, () => resolve(fallback()));
  });
  return Promise.race([work, late]).finally(() => cancel?.());
}

function profileView(row: ProfileRow): CustomerProfile {
  const f = row.facts;
  return {
    externalId: row.externalId,
    tier: f.tier,
    lifetimeValue: f.lifetimeValue !== null && f.currency !== null ? { value: f.lifetimeValue, currency: f.currency } : null,
    tags: f.tags,
    notes: f.notes,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function sourceView(row: SourceRow): CustomerSource {
  return { lookupUrl: row.lookupUrl, ttlSeconds: row.ttlSeconds, timeoutMs: row.timeoutMs, updatedAt: row.updatedAt.toISOString() };
}
