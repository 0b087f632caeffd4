import { and, desc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { AskedForHelp } from '../../../../shared/offers';
import {
  type Condition,
  type OpenedOpportunity,
  type OpportunityList,
  OpportunityRules,
  type OpportunityRulesHistory,
  type OpportunityRulesVersion,
  type OpportunityView,
  type Reason,
  type Segment,
} from '../../../../shared/rules';
import { diffOpportunityRules, type RulesDiffView } from '../../../../shared/rules-diff';
import { MAX_PREVIEW_SESSIONS, type OpportunityRulesPreview } from '../../../../shared/rules-preview';
import type { SessionAggregate } from '../../../../shared/session';
import { findSite } from '../../../../shared/sites';
import { recordset, rowsOf } from '../../db/records';
import { readIsoTime } from '../../db/time';
import { RuleDocuments, type StoredVersion } from '../../db/rule-documents';
import { isUniqueViolation } from '../../db/unique';
import { enterprises, opportunities, sessions, shoppers } from '../../db/schema';
import type { CustomerFacts } from '../../db/schema/customers';
import type { AppDeps } from '../../deps';
import { AskRefused, NotFound } from '../../errors';
import { describeError } from '../../log';
import { encodeCursor, keysetPage, olderThan, type PagePosition } from '../../db/keyset';
import { type CustomerView, dwellMarks, evaluate, segmentOf, usesCustomer } from './detect.core';
import { RulesPreview } from './preview.core';
import { diffVersions, restoreVersion, versionView } from './rule-versions';

/** With no rules written, a session's segment is its top product's category at any level. */
const NO_RULES = OpportunityRules.parse({ threshold: 1, conditions: [{ id: 'none', when: { type: 'returning' }, points: 1 }] });
const segmentWithoutRules = (aggregate: SessionAggregate): Segment => segmentOf(NO_RULES, aggregate);

/**
 * The customers module, as detection and matching use it: a profile within a deadline, or null
 * (unknown, slow or failing); `cachedOnly` reads what is pushed and cached without calling a source.
 */
export interface CustomerLookup {
  profileFor(enterpriseId: string, externalId: string | null, options: { deadlineMs: number; cachedOnly?: boolean }): Promise<CustomerFacts | null>;
}

/** The participating sites (tenancy's directory), to know whose shop a page is. */
export interface SiteList {
  all(): Promise<readonly { domain: string; enterpriseId: string }[]>;
}

/** Why an asked opportunity opened, as its offers and the enterprise's API say it. */
export const ASKED_REASON: Reason = { conditionId: 'asked', points: 0, description: 'asked for help' };

export type OpenedListener = (opportunity: OpenedOpportunity) => void;

/** Sessions evaluated per round trip. */
const CHUNK = 100;
/** How long ingest's evaluations are gathered before they run. */
const GATHER_MS = 10;
/** A session as the preview reads it. */
type PreviewRow = { id: string; shopperId: string; at: unknown; aggregate: unknown; returning: unknown };
/** Sessions a preview reads per round trip. */
const PREVIEW_PAGE = 500;
/** Most distinct customers a preview reads the cached profile of; the others count as unknown. */
const PREVIEW_CUSTOMERS = 2_000;
/** How long detection waits for the customer's profile before carrying on without it. */
export const CUSTOMER_DEADLINE_MS = 300;
/** The sweep looks back this far: a session idle longer has nothing new to say. */
export const SWEEP_WINDOW_MS = 30 * 60 * 1000;
/** The sweep leaves the most recent sessions to the evaluation that follows their ingest. */
const SWEEP_GRACE_MS = 2_000;

/** One session as detection reads it. */
interface Candidate {
  id: string;
  shopperId: string;
  enterpriseId: string;
  updatedAt: string;
  /** The enterprise's live opportunity rules; null when it has none. */
  rulesVersion: number | null;
  /** Null when there is nothing to decide (no rules, a live opportunity, the cool-down). */
  aggregate: SessionAggregate | null;
  returning: boolean;
}

type OpportunityRow = Pick<typeof opportunities.$inferInsert, 'id' | 'enterpriseId' | 'sessionId' | 'shopperId' | 'status' | 'score' | 'reasons' | 'rulesVersion' | 'segment' | 'customerExternalId'> & {
  openedAt: Date;
  dueAt: Date;
};

/** Opportunity rows as detection inserts them, through one JSON parameter; other columns keep their defaults. */
const opportunityRows = recordset(opportunities, [
  'id',
  'enterpriseId',
  'sessionId',
  'shopperId',
  'status',
  'score',
  'reasons',
  'rulesVersion',
  'segment',
  'customerExternalId',
  'openedAt',
  'dueAt',
]);

/**
 * Opportunity rules (versioned per enterprise) and detection: after each ingest batch
 * commits, and from the sweep for anything a crash left behind, sessions are scored against
 * their enterprise's live rules and an opportunity opens when one qualifies.
 */
export class OpportunitiesService {
  readonly rules: RuleDocuments<typeof OpportunityRules>;
  private readonly listeners: OpenedListener[] = [];
  private readonly pending = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private workers = 0;
  private cancelWindow: (() => void) | undefined;
  private enabled = true;

  constructor(
    private readonly deps: AppDeps,
    private readonly customers: CustomerLookup | null = null,
    private readonly sites: SiteList | null = null,
  ) {
    this.rules = new RuleDocuments(deps.db, 'opportunity', OpportunityRules, deps.clock);
  }

  /** Registers a listener for opportunities as they open (after their row is committed). */
  onOpened(listener: OpenedListener): void {
    this.listeners.push(listener);
  }

  /** Stops detection after ingest (the ingest benchmark's "without" figure); the sweep should not be started either. */
  disable(): void {
    this.enabled = false;
  }

  async liveRules(enterpriseId: string): Promise<OpportunityRulesVersion> {
    const live = await this.rules.live(enterpriseId);
    if (!live) throw new NotFound('The live opportunity rule document');
    return versionView(live);
  }

  /** The dwell thresholds of the enterprise's live rules (none without rules), for the extension's reports. */
  async dwellMarksOf(enterpriseId: string): Promise<number[]> {
    const live = await this.rules.live(enterpriseId);
    return live ? dwellMarks(live.document) : [];
  }

  async replaceRules(enterpriseId: string, document: OpportunityRules): Promise<OpportunityRulesVersion> {
    return versionView(await this.rules.replace(enterpriseId, document));
  }

  async rulesHistory(enterpriseId: string): Promise<OpportunityRulesHistory> {
    const { versions, unreadable } = await this.rules.history(enterpriseId);
    return { versions: versions.map(versionView), unreadable };
  }

  /** Makes an old version live again, written as the next version. */
  async restoreRules(enterpriseId: string, version: number): Promise<OpportunityRulesVersion> {
    return restoreVersion(this.rules, enterpriseId, version, 'the opportunity rules');
  }

  async rulesDiff(enterpriseId: string, versions: { from: number; to: number }): Promise<RulesDiffView> {
    return diffVersions(this.rules, enterpriseId, versions, 'the opportunity rules', diffOpportunityRules);
  }

  /**
   * What a draft of the rules would have opened over the sessions whose last event falls in the
   * last `hours`, beside the live version: the most recent MAX_PREVIEW_SESSIONS at most, read a
   * page at a time, scored by the detection core (see RulesPreview for what is simulated).
   * Customer conditions see pushed and cached profiles only (no source is called). Writes nothing.
   */
  async previewRules(enterpriseId: string, draft: OpportunityRules, hours: number): Promise<OpportunityRulesPreview> {
    const until = this.deps.clock();
    const since = new Date(until.getTime() - hours * 3_600_000);
    const live = await this.rules.cached(enterpriseId);
    const preview = new RulesPreview(draft, live && { version: live.version, document: live.document });
    const readCustomers = usesCustomer(draft) || (live !== null && usesCustomer(live.document));
    const customers = new Map<string, CustomerView | null>();
    let after: { at: string; id: string } | null = null;
    let truncated = false;
    for (;;) {
      const room = MAX_PREVIEW_SESSIONS - preview.size;
      const rows: PreviewRow[] = rowsOf<PreviewRow>(
        await this.deps.db.execute(sql`
          select s.id, s.shopper_id as "shopperId", s.last_event_at as "at", s.aggregate,
            exists (select 1 from sessions p where p.shopper_id = s.shopper_id and p.enterprise_id = s.enterprise_id and p.started_at < s.started_at) as returning
          from sessions s
          where s.enterprise_id = ${enterpriseId} and s.last_event_at > ${since.toISOString()} and s.last_event_at <= ${until.toISOString()}
            ${after ? sql`and (s.last_event_at, s.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
          order by s.last_event_at desc, s.id desc
          limit ${Math.min(PREVIEW_PAGE, room + 1)}`),
      );
      for (const row of rows.slice(0, room)) {
        const aggregate = (typeof row.aggregate === 'string' ? JSON.parse(row.aggregate) : row.aggregate) as SessionAggregate;
        const externalId = readCustomers ? customerIdOf(aggregate) : null;
        if (externalId && !customers.has(externalId) && customers.size < PREVIEW_CUSTOMERS) customers.set(externalId, await this.customer(enterpriseId, externalId, { cachedOnly: true }));
        const at: string = readIsoTime(row.at)!;
        preview.add({ sessionId: String(row.id), shopperId: String(row.shopperId), at: new Date(at), aggregate, customer: (externalId && customers.get(externalId)) || null, returning: row.returning === true || row.returning === 't' });
        after = { at, id: String(row.id) };
      }
      if (rows.length > room) truncated = true;
      if (truncated || rows.length < Math.min(PREVIEW_PAGE, room + 1)) break;
    }
    return preview.result({ hours, since, until, truncated, customersRead: customers.size });
  }

  /** What the enterprise's live rules make of a session now, without opening anything (the matching dry run). */
  async assess(enterpriseId: string, input: { aggregate: SessionAggregate; customer: CustomerView | null; returning: boolean }) {
    const live = await this.rules.cached(enterpriseId);
    if (!live) return { score: 0, segment: segmentWithoutRules(input.aggregate), rules: null };
    const detection = evaluate(live.document, input, this.deps.clock());
    return { score: detection.score, segment: detection.segment, rules: versionView(live) };
  }

  /** The enterprise's opportunities, most recently opened first, a page at a time. */
  async list(enterpriseId: string, page: OpportunityListQuery): Promise<OpportunityList> {
    const { before } = page;
    const rows = await this.deps.db
      .select()
      .from(opportunities)
      .where(
        and(
          eq(opportunities.enterpriseId, enterpriseId),
          page.status ? eq(opportunities.status, page.status) : undefined,
          page.rule ? sql`${opportunities.reasons} @> ${JSON.stringify([{ conditionId: page.rule }])}::jsonb` : undefined,
          page.from ? gte(opportunities.openedAt, page.from) : undefined,
          page.to ? lt(opportunities.openedAt, page.to) : undefined,
          page.site
            ? sql`exists (select 1 from ${sessions} s where s.id = ${opportunities.sessionId} and s.aggregate->'sites' @> ${JSON.stringify([page.site.toLowerCase()])}::jsonb)`
            : undefined,
          before ? olderThan(opportunities.openedAt, opportunities.id, before) : undefined,
        ),
      )
      .orderBy(desc(opportunities.openedAt), desc(opportunities.id))
      .limit(page.limit + 1);
    const { shown, next } = keysetPage(rows, page.limit, (last) => encodeCursor({ lastEventAt: last.openedAt, id: last.id }));
    return { opportunities: shown.map(toView), nextBefore: next };
  }

  /** One of the enterprise's opportunities; NotFound when it is another's. */
  async get(enterpriseId: string, id: string): Promise<OpportunityView> {
    const [row] = await this.deps.db
      .select()
      .from(opportunities)
      .where(and(eq(opportunities.id, id), eq(opportunities.enterpriseId, enterpriseId)));
    if (!row) throw new NotFound('The opportunity');
    return toView(row);
  }

  /**
   * The shopper asks for someone from the shop whose page they are on: an opportunity opens at
   * once for their latest session there (origin `asked`, whatever the rules and their
   * cool-down say), and goes before detected ones when an associate frees up. Idempotent: an
   * opportunity already live for them at that shop is answered instead (and counts as asked
   * from now on). One live ask per shopper: another shop's is refused. Each ask runs under the
   * shopper's row lock, so two at once cannot both open.
   */
  async ask(shopperId: string, url: string): Promise<{ opened: boolean; asked: AskedForHelp }> {
    const site = findSite((await this.sites?.all()) ?? [], url);
    if (!site) throw new AskRefused('no_site', 'The page is not one of a participating shop.');
    const [enterprise] = await this.deps.db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(eq(enterprises.id, site.enterpriseId));
    if (!enterprise) throw new AskRefused('no_site', 'The page is not one of a participating shop.');
    try {
      return await this.askAt(shopperId, enterprise);
    } catch (err) {
      // Detection opened one for the session meanwhile (it takes no shopper lock): the second try answers that one.
      if (!isUniqueViolation(err)) throw err;
      return this.askAt(shopperId, enterprise);
    }
  }

  private async askAt(shopperId: string, enterprise: { id: string; name: string }): Promise<{ opened: boolean; asked: AskedForHelp }> {
    const live = await this.rules.cached(enterprise.id);
    const result = await this.deps.db.transaction(async (tx) => {
      const [owner] = await tx.select({ id: shoppers.id }).from(shoppers).where(eq(shoppers.id, shopperId)).for('update');
      if (!owner) throw new NotFound('The shopper');
      const open = await tx
        .select({ id: opportunities.id, enterpriseId: opportunities.enterpriseId, status: opportunities.status, origin: opportunities.origin })
        .from(opportunities)
        .where(
          and(
            eq(opportunities.shopperId, shopperId),
            or(
              eq(opportunities.status, 'offering'),
              and(eq(opportunities.status, 'engaged'), sql`exists (select 1 from engagements e where e.opportunity_id = ${opportunities.id} and e.status in ('invited', 'accepted'))`),
            ),
          ),
        );
      const here = open.find((o) => o.enterpriseId === enterprise.id);
      if (here) {
        if (here.origin !== 'asked') await tx.update(opportunities).set({ origin: 'asked' }).where(eq(opportunities.id, here.id));
        return { opened: null, id: here.id, status: here.status as 'offering' | 'engaged' };
      }
      if (open.some((o) => o.origin === 'asked')) throw new AskRefused('asked_elsewhere', 'You asked for help at another shop already; that ask is still open.');
      const [session] = await tx
        .select({ id: sessions.id, aggregate: sessions.aggregate })
        .from(sessions)
        .where(and(eq(sessions.shopperId, shopperId), eq(sessions.enterpriseId, enterprise.id)))
        .orderBy(desc(sessions.lastEventAt))
        .limit(1);
      if (!session) throw new AskRefused('no_session', `Nothing of your visit to ${enterprise.name} has reached it yet; try again in a moment.`);
      const now = this.deps.clock();
      const opened: OpenedOpportunity = {
        id: this.deps.ids.id(),
        enterpriseId: enterprise.id,
        sessionId: session.id,
        shopperId,
        segment: live ? segmentOf(live.document, session.aggregate) : segmentWithoutRules(session.aggregate),
        customerExternalId: customerIdOf(session.aggregate),
        score: 0,
        reasons: [ASKED_REASON],
        openedAt: now,
      };
      // rulesVersion 0: the enterprise has no rules; an ask opens without them.
      await tx.insert(opportunities).values({ ...opened, status: 'offering', origin: 'asked', rulesVersion: live?.version ?? 0, dueAt: now });
      return { opened, id: opened.id, status: 'offering' as const };
    });
    if (result.opened) this.tell(result.opened);
    return { opened: result.opened !== null, asked: { opportunityId: result.id, status: result.status, enterprise } };
  }

  /**
   * Queues sessions an ingest batch just committed. Evaluation runs GATHER_MS later (the
   * ingest answer is long gone by then), in chunks of up to CHUNK sessions, one or two at a
   * time; sessions queued meanwhile join the next chunk. Failures are logged: the sweep
   * catches whatever is left unevaluated.
   */
  afterIngest(sessionIds: readonly string[]): void {
    if (!this.enabled || sessionIds.length === 0) return;
    for (const id of sessionIds) this.pending.add(id);
    // A short window gathers the batches of many shoppers into one round trip: under load a
    // few milliseconds of latency buy many times fewer statements than evaluating batch by batch.
    if (!this.cancelWindow) this.cancelWindow = this.deps.timers.after(GATHER_MS, () => ((this.cancelWindow = undefined), this.drain()));
  }

  /** Resolves once every queued evaluation is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.pending.size > 0) {
      if (this.inFlight.size === 0) {
        this.cancelWindow?.();
        this.cancelWindow = undefined;
        this.drain();
      }
      await Promise.all([...this.inFlight]);
    }
  }

  private drain(): void {
    // PGlite runs every query on this one thread: a second round in flight only interleaves with ingest.
    const workers = this.deps.dbKind === 'pglite' ? 1 : 2;
    while (this.workers < workers && this.pending.size > 0) {
      const chunk = [...this.pending].slice(0, CHUNK);
      for (const id of chunk) this.pending.delete(id);
      this.workers++;
      const run = this.evaluateSessions(chunk)
        .then(
          () => undefined,
          (err) => this.deps.log('opportunity detection failed', { sessions: chunk.length, ...describeError(err) }),
        )
        .finally(() => {
          this.workers--;
          this.inFlight.delete(run);
          this.drain();
        });
      this.inFlight.add(run);
    }
  }

  /**
   * Evaluates sessions as they are now: scores them against
   * their enterprise's live rules, opens an opportunity for each that qualifies (at most one
   * live per session, none within the cool-down of the shopper's last one), marks them
   * evaluated and tells the listeners. Returns the opportunities opened.
   */
  async evaluateSessions(sessionIds: readonly string[]): Promise<OpenedOpportunity[]> {
    if (sessionIds.length === 0) return [];
    const now = this.deps.clock();
    const found = await this.read(sessionIds, now);
    if (found.length === 0) return [];
    const due = found.filter((s) => s.aggregate !== null);
    if (due.length === 0) return [];
    const decisions = await Promise.all(due.map(async (s) => this.decide({ ...s, aggregate: s.aggregate! }, await this.rulesAt(s), now)));
    const drafts = decisions.filter((d) => d !== null);
    const openedIds = await this.write(drafts.map((d) => d.row), due);
    const opened = drafts.filter((d) => openedIds.has(d.opened.id)).map((d) => d.opened);
    for (const o of opened) this.tell(o);
    return opened;
  }

  /** Evaluates what the last 30 minutes left unevaluated (a crash between commit and evaluation); returns how many sessions it looked at. */
  async sweep(limit = 500): Promise<number> {
    const now = this.deps.clock().getTime();
    const rows = await this.deps.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(
          sql`(${sessions.evaluatedAt} is null or ${sessions.evaluatedAt} < ${sessions.updatedAt})`,
          sql`${sessions.updatedAt} > ${new Date(now - SWEEP_WINDOW_MS).toISOString()}`,
          sql`${sessions.updatedAt} <= ${new Date(now - SWEEP_GRACE_MS).toISOString()}`,
        ),
      )
      .orderBy(sessions.updatedAt)
      .limit(limit);
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += CHUNK) await this.evaluateSessions(ids.slice(i, i + CHUNK));
    return ids.length;
  }

  /**
   * The sessions, with their enterprise's live rules version, and their aggregate only when
   * there is something to decide: not when the enterprise has no rules, the session has a
   * live opportunity, or the shopper's last one is within the cool-down. One round trip.
   * Read whether or not they look evaluated: two batches in the same millisecond share an
   * updated_at, and the second must be evaluated all the same.
   */
  private async read(sessionIds: readonly string[], now: Date): Promise<Candidate[]> {
    // Sessions with nothing to decide are marked evaluated by this same statement: there is
    // nothing a crash could lose. Locked ones (an ingest under way) are skipped: it evaluates them next.
    const result = await this.deps.db.execute(sql`
      with info as (
        select s.id, s.shopper_id, s.enterprise_id, s.updated_at, s.started_at, s.aggregate, r.version,
          (r.version is null or h.live or coalesce(h.last_opened > ${now.toISOString()}::timestamptz - make_interval(mins => r.cooldown), false)) as idle
        from sessions s
        left join lateral (
          select d.version, (d.document ->> 'cooldownMinutes')::int as cooldown from rule_documents d
          where d.enterprise_id = s.enterprise_id and d.kind = 'opportunity' order by d.version desc limit 1) r on true
        cross join lateral (
          select exists (select 1 from opportunities o where o.session_id = s.id and o.status = 'offering') as live,
            (select max(o.opened_at) from opportunities o where o.shopper_id = s.shopper_id and o.enterprise_id = s.enterprise_id) as last_opened) h
        where s.id in (select (jsonb_array_elements_text(${JSON.stringify(sessionIds)}::jsonb))::uuid)
      ), marked as (
        update sessions set evaluated_at = info.updated_at
        from info
        where sessions.id = info.id and info.idle
          and (sessions.evaluated_at is null or sessions.evaluated_at < info.updated_at)
          and sessions.id in (select l.id from sessions l where l.id in (select id from info where idle) for update skip locked)
        returning 1
      )
      select i.id, i.shopper_id as "shopperId", i.enterprise_id as "enterpriseId", i.updated_at as "updatedAt", i.version as "rulesVersion",
        case when i.idle then null else i.aggregate end as aggregate,
        not i.idle and exists (select 1 from sessions p where p.shopper_id = i.shopper_id and p.enterprise_id = i.enterprise_id
                and p.started_at < i.started_at) as returning
      from info i`);
    return rowsOf<Record<string, unknown>>(result).map((r) => ({
      id: String(r.id),
      shopperId: String(r.shopperId),
      enterpriseId: String(r.enterpriseId),
      updatedAt: readIsoTime(r.updatedAt)!,
      rulesVersion: r.rulesVersion === null || r.rulesVersion === undefined ? null : Number(r.rulesVersion),
      aggregate: r.aggregate === null || r.aggregate === undefined ? null : ((typeof r.aggregate === 'string' ? JSON.parse(r.aggregate) : r.aggregate) as SessionAggregate),
      returning: r.returning === true || r.returning === 't',
    }));
  }

  /** The rules of the version the read saw, from the cache when it holds that version. */
  private async rulesAt(s: Candidate): Promise<StoredVersion<OpportunityRules> | null> {
    return s.rulesVersion === null ? null : this.rules.atVersion(s.enterpriseId, s.rulesVersion);
  }

  /**
   * Inserts the opportunities, then marks the sessions evaluated up to the change the read
   * saw (a batch that landed meanwhile leaves its session due again). Two statements, never
   * one: the inserts' foreign-key checks wait on a shopper an ingest holds, and must not do so
   * while holding session rows that ingest is about to update. Sessions an ingest has locked
   * are skipped, not waited for: that ingest's own evaluation marks them. A crash between the
   * two leaves sessions unmarked, and their next evaluation finds the live opportunity.
   * Another instance (or the sweep) may have opened one for a session a moment ago: the
   * unique index decides, and only the ids inserted here come back.
   */
  private async write(rows: OpportunityRow[], found: readonly Candidate[]): Promise<Set<string>> {
    const opened = new Set<string>();
    if (rows.length > 0) {
      const wire = rows.map((r) => ({ ...r, openedAt: r.openedAt.toISOString(), dueAt: r.dueAt.toISOString() }));
      const inserted = await this.deps.db.execute(sql`
        insert into opportunities (${opportunityRows.names})
        select ${opportunityRows.fields} from json_to_recordset(${opportunityRows.json(wire)}::json) as r(${opportunityRows.definition})
        on conflict do nothing
        returning id`);
      for (const row of rowsOf<{ id: string }>(inserted)) opened.add(String(row.id));
    }
    const marks = JSON.stringify(found.map((s) => ({ id: s.id, at: s.updatedAt })));
    await this.deps.db.execute(sql`
      update sessions set evaluated_at = due.at
      from (
        select s.id, m.at from sessions s join json_to_recordset(${marks}::json) as m(id uuid, at timestamptz) on s.id = m.id
        where s.evaluated_at is null or s.evaluated_at < m.at
        for update of s skip locked
      ) due
      where sessions.id = due.id`);
    return opened;
  }

  /** The opportunity a session opens now, or null. */
  private async decide(s: Candidate & { aggregate: SessionAggregate }, live: StoredVersion<OpportunityRules> | null, now: Date) {
    if (!live) return null;
    const rules = live.document;
    const customerExternalId = customerIdOf(s.aggregate);
    const customer = usesCustomer(rules) ? await this.customer(s.enterpriseId, customerExternalId) : null;
    const detection = evaluate(rules, { aggregate: s.aggregate, customer, returning: s.returning }, now);
    if (!detection.opens) return null;
    const id = this.deps.ids.id();
    const opened: OpenedOpportunity = {
      id,
      enterpriseId: s.enterpriseId,
      sessionId: s.id,
      shopperId: s.shopperId,
      segment: detection.segment,
      customerExternalId,
      score: detection.score,
      reasons: detection.reasons,
      openedAt: now,
    };
    return {
      opened,
      row: {
        ...opened,
        status: 'offering' as const,
        rulesVersion: live.version,
        // Due at once: the offers ticker starts it even if the in-process listener never heard of it (a crash).
        dueAt: now,
      } satisfies OpportunityRow,
    };
  }

  private async customer(enterpriseId: string, externalId: string | null, options: { cachedOnly?: boolean } = {}): Promise<CustomerView | null> {
    if (!this.customers || !externalId) return null;
    try {
      return await this.customers.profileFor(enterpriseId, externalId, { deadlineMs: CUSTOMER_DEADLINE_MS, ...options });
    } catch (err) {
      // A failing source never holds detection up: carry on as if the customer were unknown.
      this.deps.log('customer lookup failed', { enterpriseId, ...describeError(err) });
      return null;
    }
  }

  private tell(o: OpenedOpportunity): void {
    for (const listener of this.listeners) {
      try {
        listener(o);
      } catch (err) {
        this.deps.log('opportunity listener failed', { opportunityId: o.id, ...describeError(err) });
      }
    }
  }
}

/** The shopper's customer id on the site, when the site adapter read one (the aggregate carries it). */
export function customerIdOf(aggregate: SessionAggregate): string | null {
  return aggregate.customerId ? aggregate.customerId : null;
}

function toView(row: typeof opportunities.$inferSelect): OpportunityView {
  return {
    id: row.id,
    sessionId: row.sessionId,
    shopperId: row.shopperId,
    status: row.status,
    score: row.score,
    reasons: row.reasons as Reason[],
    rulesVersion: row.rulesVersion,
    segment: row.segment as Segment,
    customerExternalId: row.customerExternalId,
    openedAt: row.openedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    closeReason: row.closeReason,
  };
}

/** What the enterprise's opportunity list may be narrowed by: status, a rule (condition id) that held, opening time in [from, to), a site's domain. */
export interface OpportunityListQuery {
  limit: number;
  before?: PagePosition;
  status?: OpportunityView['status'];
  rule?: string;
  from?: Date;
  to?: Date;
  site?: string;
}
