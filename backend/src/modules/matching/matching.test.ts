import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { DryRunResult, MatchingRulesHistory, MatchingRulesVersion, OutcomeView, RankingView } from '../../../../shared/matching';
import type { OpenedOpportunity } from '../../../../shared/rules';
import { rankings, scheduleExceptions } from '../../db/schema';
import { insertBank, insertEarned } from '../../testing/earned';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { browse, ev, headphones, T0 } from '../../testing/fixtures';
import { createOutbound } from '../../outbound/client';
import { insertAssociate, insertEngagement, insertOpportunity, putRules } from '../../testing/routing';
import { associateWithPassword } from '../../testing/associates';
import { identityToken, makeIdentitySecret } from '../../testing/identity';

/** Opens on browse(): Audio > Headphones, accreditation level 2 needed. */
const OPPORTUNITY_RULES = {
  threshold: 5,
  conditions: [
    { id: 'dwell', when: { type: 'dwell', seconds: 10 }, points: 3 },
    { id: 'pricey', when: { type: 'product_price', min: '300', currency: 'USD' }, points: 2 },
  ],
  segment: { minLevel: 2 },
};

/** Filters on accreditation and availability; ranks by conversion in the category, then idle time. */
const MATCHING = {
  ruleSets: [
    {
      name: 'audio',
      priority: 10,
      when: { category: ['Audio'] },
      rules: [
        { rule: 'accreditation', weight: 0, mode: 'filter' },
        { rule: 'available_now', weight: 0, filter: true },
        { rule: 'conversion_rate', weight: 1, priorStrength: 2, priorRate: 0.25 },
      ],
      offer: { mode: 'broadcast', size: 3, offerSeconds: 20 },
    },
    { name: 'everything else', priority: 0, rules: [{ rule: 'load', weight: 1 }], offer: { mode: 'sequential' } },
  ],
};

describe.each(DB_KINDS)('matching on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let opened: OpenedOpportunity[];
  beforeEach(() => {
    h = api();
    opened = [];
    h.app.opportunities.onOpened((o) => opened.push(o));
  });
  /** A second instance of the app over the same database (the harness ends its background work with the test). */
  const another = () => h.appWith({});
  const as = (key: string, method: string, path: string, body?: unknown) => call(h.app, method, path, key, body);
  const now = () => h.clock.now();

  /** Volt's team: who may serve an Audio opportunity at level 2, and who may not, for each reason. */
  async function team() {
    const volt = h.seed.volt.id;
    const summit = h.seed.summit.id;
    const db = h.db.db;
    const audio = (level: number): [string[], number][] => [[['Audio'], level]];
    const live = { connectedAt: now() };
    return {
      ana: await insertAssociate(db, { employerId: volt, accreditations: audio(4), ...live, lastEngagementAt: new Date(now().getTime() - 60_000) }, now()),
      ben: await insertAssociate(db, { employerId: volt, accreditations: audio(3), ...live, lastEngagementAt: new Date(now().getTime() - 30_000) }, now()),
      cleo: await insertAssociate(db, { employerId: volt, accreditations: audio(1), ...live }, now()),
      dan: await insertAssociate(db, { employerId: null, accreditations: audio(5), ...live, admittedBy: [volt], lastEngagementAt: new Date(now().getTime() - 10_000) }, now()),
      hal: await insertAssociate(db, { employerId: volt, accreditations: audio(5), ...live, presence: 'away' }, now()),
      // Never candidates of Volt's:
      eve: await insertAssociate(db, { employerId: null, accreditations: audio(5), ...live, admittedBy: [summit] }, now()),
      finn: await insertAssociate(db, { employerId: summit, accreditations: audio(5), ...live }, now()),
      gus: await insertAssociate(db, { employerId: volt, accreditations: audio(5), ...live, active: false }, now()),
    };
  }

  /** An Audio opportunity opened by detection for the harness shopper. */
  async function openOpportunity(): Promise<OpenedOpportunity> {
    await putRules(h.app, h.seed.voltKey, 'opportunity', OPPORTUNITY_RULES);
    expect((await h.post({ events: browse() })).status).toBe(202);
    await h.app.opportunities.idle();
    expect(opened).toHaveLength(1);
    return opened[0]!;
  }

  /** A past engagement of the associate in Audio for this shopper, and its outcome through the API. */
  async function pastEngagement(o: OpenedOpportunity, associateId: string, sale: boolean | null, over: { customerExternalId?: string; status?: 'accepted' | 'invited' } = {}) {
    const db = h.db.db;
    const past = await insertOpportunity(db, { enterpriseId: o.enterpriseId, sessionId: o.sessionId, shopperId: o.shopperId, category: ['Audio', 'Headphones'] }, now());
    const id = await insertEngagement(
      db,
      { opportunityId: past, enterpriseId: o.enterpriseId, associateId, shopperId: o.shopperId, sessionId: o.sessionId, category: ['Audio', 'Headphones'], ...over },
      now(),
    );
    if (sale !== null) expect((await as(h.seed.voltKey, 'POST', `/api/v1/engagements/${id}/outcome`, { sale })).status).toBe(201);
    return id;
  }

  describe('the rule sets', () => {
    it('are versioned, validated with exact paths, and kept apart per enterprise', async () => {
      expect((await as(h.seed.voltKey, 'GET', '/api/v1/rules/matching')).status).toBe(404);
      expect(await putRules(h.app, h.seed.voltKey, 'matching', MATCHING)).toMatchObject({ version: 1 });
      const bad = { ruleSets: [{ ...MATCHING.ruleSets[0], rules: [{ rule: 'accreditation', weight: 1, mode: 'maybe' }] }] };
      const res = await as(h.seed.voltKey, 'PUT', '/api/v1/rules/matching', bad);
      expect(res.status).toBe(400);
      expect(ApiError.parse(await res.json()).error.issues?.map((i) => i.path)).toEqual([['ruleSets', 0, 'rules', 0, 'mode']]);
      expect(await putRules(h.app, h.seed.voltKey, 'matching', { ruleSets: [MATCHING.ruleSets[1]] })).toMatchObject({ version: 2 });

      const live = MatchingRulesVersion.parse(await (await as(h.seed.voltKey, 'GET', '/api/v1/rules/matching')).json());
      expect(live.document.ruleSets.map((s) => s.name)).toEqual(['everything else']);
      const history = MatchingRulesHistory.parse(await (await as(h.seed.voltKey, 'GET', '/api/v1/rules/matching/versions')).json());
      expect(history.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(history.versions[1]!.document.ruleSets[0]!.offer).toMatchObject({ mode: 'broadcast', size: 3, offerSeconds: 20, giveUpSeconds: 90 });

      expect((await as(h.seed.summitKey, 'GET', '/api/v1/rules/matching')).status).toBe(404);
      expect(await (await as(h.seed.summitKey, 'GET', '/api/v1/rules/matching/versions')).json()).toEqual({ versions: [], unreadable: [] });
    });
  });

  describe('ranking an opportunity', () => {
    it("ranks Volt's employees and admitted independents only, drops and records the filtered, and stores every part", async () => {
      const t = await team();
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      const o = await openOpportunity();
      const result = await h.app.matching.rankFor(o);

      expect(result.ruleSet.name).toBe('audio');
      expect(result.rulesVersion).toBe(1);
      expect(result.ruleSet.offer).toMatchObject({ mode: 'broadcast', size: 3, offerSeconds: 20 });
      // Equal conversion (the prior): the longest idle first.
      expect(result.ranking.map((c) => c.associateId)).toEqual([t.ana, t.ben, t.dan]);
      expect(result.ranking[0]).toEqual({
        associateId: t.ana,
        score: 0.25,
        parts: { accreditation: { part: 0.8, weight: 0, source: 'grant' }, available_now: { part: 1, weight: 0 }, conversion_rate: { part: 0.25, weight: 1 } },
      });
      const filtered = Object.fromEntries(result.filtered.map((c) => [c.associateId, c.filteredBy]));
      expect(filtered).toEqual({ [t.cleo]: ['accreditation'], [t.hal]: ['available_now'] });

      const res = await as(h.seed.voltKey, 'GET', `/api/v1/opportunities/${o.id}/ranking`);
      expect(res.status).toBe(200);
      const view = RankingView.parse(await res.json());
      expect(view).toMatchObject({ opportunityId: o.id, ruleSet: { name: 'audio', version: 1 }, ranking: result.ranking, filtered: result.filtered });
    });

    it("an independent working for two enterprises is ranked on the ranking enterprise's own grants and pause", async () => {
      const db = h.db.db;
      const live = { connectedAt: now(), presence: 'available' as const };
      const ivy = await insertAssociate(db, { employerId: null, ...live, admittedBy: [h.seed.volt.id, h.seed.summit.id] }, now());
      await h.app.associates.setAccreditations(h.seed.summit.id, ivy, { accreditations: [{ category: ['Audio'], level: 5 }] });
      await h.app.associates.setAccreditations(h.seed.volt.id, ivy, { accreditations: [{ category: ['Audio'], level: 1 }] });
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      const o = await openOpportunity();
      const rank = async () => {
        const r = await h.app.matching.rankFor(o);
        return { ranked: r.ranking.map((c) => c.associateId), filtered: r.filtered.map((c) => [c.associateId, c.filteredBy]) };
      };
      // Summit's level 5 is not Volt's to use.
      expect(await rank()).toEqual({ ranked: [], filtered: [[ivy, ['accreditation']]] });
      await h.app.associates.setAccreditations(h.seed.volt.id, ivy, { accreditations: [{ category: ['Audio'], level: 4 }] });
      expect(await rank()).toEqual({ ranked: [ivy], filtered: [] });
      // Missed offers pause Ivy for the enterprise that made them only.
      const policy = { missesBeforeAway: 1 };
      expect((await h.app.associates.recordOfferAnswer(ivy, h.seed.summit.id, 'missed', policy)).pausedFor?.id).toBe(h.seed.summit.id);
      expect(await rank()).toEqual({ ranked: [ivy], filtered: [] });
      expect((await h.app.associates.recordOfferAnswer(ivy, h.seed.volt.id, 'missed', policy)).pausedFor?.id).toBe(h.seed.volt.id);
      expect(await rank()).toEqual({ ranked: [], filtered: [] });
    });

    it('counts accreditations from the sources the rule set trusts: grants, its own tests, marketplace tests', async () => {
      const db = h.db.db;
      const live = { connectedAt: now(), presence: 'available' as const };
      // Ivy, admitted by Volt, passed a marketplace test in Audio; nobody granted her anything.
      const ivy = await insertAssociate(db, { employerId: null, ...live, admittedBy: [h.seed.volt.id] }, now());
      await insertEarned(db, ivy, await insertBank(db, { enterpriseId: null, category: ['Audio'], level: 3 }, now()), now());
      // Summit's own test, passed by Ivy: Volt never sees it.
      await insertEarned(db, ivy, await insertBank(db, { enterpriseId: h.seed.summit.id, category: ['Audio'], level: 5 }, now()), now());
      const trusting = (sources?: string[]) => ({
        ruleSets: [{ ...MATCHING.ruleSets[0]!, rules: [{ rule: 'accreditation', weight: 1, mode: 'filter', ...(sources ? { sources } : {}) }, MATCHING.ruleSets[0]!.rules[1]!] }],
      });
      const o = await openOpportunity();
      const rank = async () => {
        const r = await h.app.matching.rankFor(o);
        return { ranked: r.ranking.map((c) => [c.associateId, c.parts.accreditation]), filtered: r.filtered.map((c) => [c.associateId, c.filteredBy]) };
      };
      await putRules(h.app, h.seed.voltKey, 'matching', trusting());
      expect(await rank()).toEqual({ ranked: [[ivy, { part: 0.6, weight: 1, source: 'marketplace_test' }]], filtered: [] });
      await putRules(h.app, h.seed.voltKey, 'matching', trusting(['grant']));
      expect(await rank()).toEqual({ ranked: [], filtered: [[ivy, ['accreditation']]] });
      // Volt's own test, passed at level 4: trusted with its own tests; an expired pass would not count.
      const voltBank = await insertBank(db, { enterpriseId: h.seed.volt.id, category: ['Audio', 'Headphones'], level: 4 }, now());
      await insertEarned(db, ivy, voltBank, now(), new Date(now().getTime() - 1));
      await putRules(h.app, h.seed.voltKey, 'matching', trusting(['grant', 'enterprise_test']));
      expect(await rank()).toEqual({ ranked: [], filtered: [[ivy, ['accreditation']]] });
      await insertEarned(db, ivy, voltBank, now());
      expect(await rank()).toEqual({ ranked: [[ivy, { part: 0.8, weight: 1, source: 'enterprise_test' }]], filtered: [] });
      // Volt's grant at the same level is named first.
      await h.app.associates.setAccreditations(h.seed.volt.id, ivy, { accreditations: [{ category: ['Audio'], level: 4 }] });
      expect(await rank()).toEqual({ ranked: [[ivy, { part: 0.8, weight: 1, source: 'grant' }]], filtered: [] });
      // The stored ranking keeps the source.
      const view = RankingView.parse(await (await as(h.seed.voltKey, 'GET', `/api/v1/opportunities/${o.id}/ranking`)).json());
      expect(view.ranking[0]!.parts.accreditation).toEqual({ part: 0.8, weight: 1, source: 'grant' });
    });

    it("applies the associate's schedule exception for today: a day off takes them out, one-off hours put them in", async () => {
      const db = h.db.db;
      const live = { connectedAt: now(), presence: 'available' as const };
      const ivy = await insertAssociate(db, { employerId: h.seed.volt.id, ...live, accreditations: [[['Audio'], 3]], timezone: 'Asia/Tokyo' }, now());
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now());
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      const o = await openOpportunity();
      const rank = async () => {
        const r = await h.app.matching.rankFor(o);
        return { ranked: r.ranking.map((c) => c.associateId), filtered: r.filtered.map((c) => [c.associateId, c.filteredBy]) };
      };
      expect(await rank()).toEqual({ ranked: [ivy], filtered: [] });
      await db.insert(scheduleExceptions).values({ associateId: ivy, date: today, periods: [], note: 'holiday', createdAt: now() });
      expect(await rank()).toEqual({ ranked: [], filtered: [[ivy, ['available_now']]] });
      await db.update(scheduleExceptions).set({ periods: [{ from: '00:00', to: '24:00' }] });
      expect(await rank()).toEqual({ ranked: [ivy], filtered: [] });
    });

    it('keeps another enterprise out of the ranking', async () => {
      await team();
      const o = await openOpportunity();
      await h.app.matching.rankFor(o);
      expect((await as(h.seed.summitKey, 'GET', `/api/v1/opportunities/${o.id}/ranking`)).status).toBe(404);
      expect((await as(h.seed.voltKey, 'GET', '/api/v1/opportunities/8d3c9a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f/ranking')).status).toBe(404);
      expect((await as(h.seed.voltKey, 'GET', '/api/v1/opportunities/not-a-uuid/ranking')).status).toBe(404);
    });

    it('uses the built-in default rule set without matching rules, and says so', async () => {
      const t = await team();
      const o = await openOpportunity();
      const result = await h.app.matching.rankFor(o);
      expect([result.ruleSet.name, result.rulesVersion]).toEqual(['default', 0]);
      expect(new Set(result.ranking.map((c) => c.associateId))).toEqual(new Set([t.ana, t.ben, t.dan]));
    });

    it('chooses the rule set by its when, and a replaced document is live at the next ranking', async () => {
      await team();
      const o = await openOpportunity();
      await putRules(h.app, h.seed.voltKey, 'matching', { ruleSets: [{ ...MATCHING.ruleSets[0], when: { category: ['TV'] } }, MATCHING.ruleSets[1]] });
      expect((await h.app.matching.rankFor(o)).ruleSet.name).toBe('everything else');
      await putRules(another(), h.seed.voltKey, 'matching', MATCHING);
      const again = await h.app.matching.rankFor(o);
      expect([again.ruleSet.name, again.rulesVersion]).toEqual(['audio', 2]);
    });

    it('leaves out the associates it is asked to exclude, recording why', async () => {
      const t = await team();
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      const o = await openOpportunity();
      const result = await h.app.matching.rankFor(o, { exclude: [t.ana] });
      expect(result.ranking.map((c) => c.associateId)).toEqual([t.ben, t.dan]);
      expect(result.filtered.find((c) => c.associateId === t.ana)?.filteredBy).toEqual(['excluded']);
    });

    it('knows who served this shopper before, and how it went', async () => {
      const t = await team();
      await putRules(h.app, h.seed.voltKey, 'matching', { ruleSets: [{ name: 'affinity', priority: 1, rules: [{ rule: 'affinity', weight: 1 }] }] });
      const o = await openOpportunity();
      await pastEngagement(o, t.ben, null);
      await pastEngagement(o, t.dan, true);
      await pastEngagement(o, t.cleo, null, { status: 'invited' }); // never accepted: not served
      const parts = Object.fromEntries((await h.app.matching.rankFor(o)).ranking.map((c) => [c.associateId, c.parts.affinity!.part]));
      expect(parts).toEqual({ [t.dan]: 1, [t.ben]: 0.6, [t.ana]: 0, [t.cleo]: 0, [t.hal]: 0 });
    });
  });

  describe('outcomes', () => {
    it('re-rank by conversion in the category from the next ranking on', async () => {
      const t = await team();
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      const o = await openOpportunity();
      expect((await h.app.matching.rankFor(o)).ranking.map((c) => c.associateId)).toEqual([t.ana, t.ben, t.dan]);

      await pastEngagement(o, t.dan, true);
      await pastEngagement(o, t.dan, true);
      await pastEngagement(o, t.ana, false);
      const next = await h.app.matching.rankFor(o);
      expect(next.ranking.map((c) => c.associateId)).toEqual([t.dan, t.ben, t.ana]);
      // (2 + 2·0.25) / (2 + 2) and (0 + 0.5) / (1 + 2)
      expect(next.ranking.map((c) => c.parts.conversion_rate!.part)).toEqual([0.625, 0.25, 0.166666667]);
    });

    it('are recorded once, by the enterprise of the engagement, with a clear refusal otherwise', async () => {
      const t = await team();
      const o = await openOpportunity();
      const id = await pastEngagement(o, t.ana, null);
      const body = { sale: true, amount: '349.00', currency: 'USD' };

      expect((await as(h.seed.summitKey, 'POST', `/api/v1/engagements/${id}/outcome`, body)).status).toBe(404);
      const bad = await as(h.seed.voltKey, 'POST', `/api/v1/engagements/${id}/outcome`, { sale: true, amount: '349.00' });
      expect(bad.status).toBe(400);
      expect(ApiError.parse(await bad.json()).error.issues).toEqual([{ path: ['currency'], message: 'is required with an amount' }]);

      const res = await as(h.seed.voltKey, 'POST', `/api/v1/engagements/${id}/outcome`, body);
      expect(res.status).toBe(201);
      expect(OutcomeView.parse(await res.json())).toEqual({ engagementId: id, sale: true, amount: '349.00', currency: 'USD', recordedBy: 'enterprise', recordedAt: h.clock.now().toISOString() });
      const again = await as(h.seed.voltKey, 'POST', `/api/v1/engagements/${id}/outcome`, { sale: false });
      expect(again.status).toBe(409);
      expect(ApiError.parse(await again.json()).error.code).toBe('conflict');

      const invited = await pastEngagement(o, t.ben, null, { status: 'invited' });
      expect((await as(h.seed.voltKey, 'POST', `/api/v1/engagements/${invited}/outcome`, { sale: false })).status).toBe(409);
      expect((await as(h.seed.voltKey, 'POST', '/api/v1/engagements/8d3c9a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f/outcome', body)).status).toBe(404);
      expect((await as('fwa_not_a_token_of_anyone_at_all', 'POST', `/api/v1/engagements/${invited}/outcome`, body)).status).toBe(401);
    });
  });

  it("are recorded by the engagement's own associate, with the associate's token", async () => {
    const o = await openOpportunity();
    const create = (email: string) =>
      associateWithPassword(h.app, h.seed.volt.id, { email, displayName: email, schedule: [], contact: { notify: true, sound: false, channels: ['chat'] } }, 'a long enough passphrase 1');
    const ana = await create('ana@volt.example');
    await create('ben@volt.example');
    const anaToken = (await h.app.associates.signIn('ana@volt.example', 'a long enough passphrase 1')).token;
    const benToken = (await h.app.associates.signIn('ben@volt.example', 'a long enough passphrase 1')).token;
    const id = await pastEngagement(o, ana.id, null);

    expect((await as(benToken, 'POST', `/api/v1/engagements/${id}/outcome`, { sale: false })).status).toBe(404);
    const res = await as(anaToken, 'POST', `/api/v1/engagements/${id}/outcome`, { sale: false });
    expect(res.status).toBe(201);
    expect(OutcomeView.parse(await res.json())).toMatchObject({ sale: false, amount: null, recordedBy: 'associate' });
  });

  describe('the dry run', () => {
    it('ranks a stored session as for a real opportunity, and stores nothing', async () => {
      const t = await team();
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      await putRules(h.app, h.seed.voltKey, 'opportunity', OPPORTUNITY_RULES);
      h.app.opportunities.disable();
      const { sessionIds } = (await (await h.post({ events: browse() })).json()) as { sessionIds: string[] };

      const res = await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', { sessionId: sessionIds[0] });
      expect(res.status).toBe(200);
      const result = DryRunResult.parse(await res.json());
      expect(result).toMatchObject({ ruleSet: { name: 'audio', version: 1 }, score: 5, segment: { category: headphones.category, minLevel: 2 } });
      expect(result.ranking.map((c) => c.associateId)).toEqual([t.ana, t.ben, t.dan]);
      expect(await h.db.db.select().from(rankings)).toEqual([]);

      expect((await as(h.seed.summitKey, 'POST', '/api/v1/matching/dry-run', { sessionId: sessionIds[0] })).status).toBe(404);
    });

    it('ranks under a draft of the rule sets sent as `rules`, every part shown, and saves nothing', async () => {
      const t = await team();
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      await putRules(h.app, h.seed.voltKey, 'opportunity', OPPORTUNITY_RULES);
      h.app.opportunities.disable();
      const { sessionIds } = (await (await h.post({ events: browse() })).json()) as { sessionIds: string[] };
      const draft = { ruleSets: [{ name: 'draft audio', priority: 10, when: { category: ['Audio'] }, rules: [{ rule: 'load', weight: 3 }, { rule: 'language', weight: 0 }] }] };

      const res = await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', { sessionId: sessionIds[0], rules: draft });
      expect(res.status).toBe(200);
      const result = DryRunResult.parse(await res.json());
      expect(result).toMatchObject({ draft: true, ruleSet: { name: 'draft audio', version: 0 } });
      expect(result.ranking.length).toBeGreaterThan(0);
      for (const c of result.ranking) expect(Object.keys(c.parts).sort()).toEqual(['language', 'load']);
      expect(result.ranking.map((c) => c.associateId)).toEqual(expect.arrayContaining([t.ana]));
      // The live document is as it was; the same session without a draft ranks under it.
      expect(DryRunResult.parse(await (await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', { sessionId: sessionIds[0] })).json())).toMatchObject({ draft: false, ruleSet: { name: 'audio', version: 1 } });
      expect(await h.db.db.select().from(rankings)).toEqual([]);

      // A draft is checked as PUT checks it, its issues under `rules`, for a sample as for a session.
      const bad = { ruleSets: [{ name: 'x', priority: 1, rules: [{ rule: 'load', weight: -1 }] }, { name: 'X', priority: 1, rules: [{ rule: 'load', weight: 1 }] }] };
      const { aggregate } = (await (await as(h.seed.voltKey, 'GET', `/api/v1/sessions/${sessionIds[0]}`)).json()) as { aggregate: unknown };
      for (const body of [{ sessionId: sessionIds[0], rules: bad }, { aggregate, rules: bad }]) {
        const refused = await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', body);
        expect(refused.status).toBe(400);
        expect(ApiError.parse(await refused.json()).error.issues).toEqual([
          { path: ['rules', 'ruleSets', 0, 'rules', 0, 'weight'], message: 'a weight must be at least 0' },
          { path: ['rules', 'ruleSets', 1, 'name'], message: '"X" is already the name of ruleSets[0]' },
          { path: ['rules', 'ruleSets', 1, 'priority'], message: '1 is already the priority of ruleSets[0]; priorities must differ' },
        ]);
      }
    });

    it('calls no customer source: it uses what is pushed and cached, so it cannot be used to call the lookup at will', async () => {
      await team();
      const asked: string[] = [];
      const lookup = createServer((req, res) => {
        asked.push(req.url!);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tier: 'gold' }));
      });
      await new Promise<void>((resolve) => lookup.listen(0, '127.0.0.1', resolve));
      try {
        // An app that may reach the loopback lookup, as OUTBOUND_ALLOW_HOSTS would allow it.
        const app = h.appWith({ outbound: createOutbound({ allowHosts: ['127.0.0.1'], resolve: async () => [] }) });
        const asVolt = (method: string, path: string, body?: unknown) => call(app, method, path, h.seed.voltKey, body);
        expect((await asVolt('PUT', '/api/v1/customer-source', { lookupUrl: `http://127.0.0.1:${(lookup.address() as AddressInfo).port}/lookup` })).status).toBe(200);
        await putRules(app, h.seed.voltKey, 'matching', { ruleSets: [...MATCHING.ruleSets, { name: 'gold', priority: 20, when: { customerTiers: ['Gold'] }, rules: [{ rule: 'affinity', weight: 1 }] }] });
        h.app.opportunities.disable();
        // The shop signs its customer's id, so the id reaches profiles (an unsigned one is a claim); the secret is made
        // on the instance that takes the events, which sees a new secret at once (others within seconds).
        const { secret } = await makeIdentitySecret(h.app, h.seed.voltKey, h.seed.voltSite.id);
        const customerToken = await identityToken(secret, 'C-1', { now: h.clock.now() });
        const events = [ev(T0, { type: 'page_view', url: headphones.url, kind: 'product', title: 'Sony', customerId: 'C-1', customerToken }), ...browse().slice(3)];
        const { sessionIds } = (await (await h.post({ events })).json()) as { sessionIds: string[] };
        const dryRun = async () => DryRunResult.parse(await (await asVolt('POST', '/api/v1/matching/dry-run', { sessionId: sessionIds[0] })).json()).ruleSet.name;

        for (const _ of [1, 2, 3]) expect(await dryRun()).toBe('audio');
        await app.customers.idle();
        expect(asked).toEqual([]);
        // What the enterprise pushed is used.
        expect((await asVolt('PUT', '/api/v1/customers/C-1', { tier: 'gold' })).status).toBe(200);
        expect(await dryRun()).toBe('gold');
        expect(asked).toEqual([]);
        // The lookup was reachable all along: a real ranking's profile asks it.
        await app.customers.profileFor(h.seed.volt.id, 'C-1', { deadlineMs: 1_000 });
        expect(asked).toEqual(['/lookup?customerId=C-1']);
      } finally {
        lookup.closeAllConnections();
        await new Promise<void>((resolve) => lookup.close(() => resolve()));
      }
    });

    it('ranks a sample aggregate with the segment and score given', async () => {
      const t = await team();
      await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
      const stored = (await (await h.post({ events: browse() })).json()) as { sessionIds: string[] };
      const session = (await (await as(h.seed.voltKey, 'GET', `/api/v1/sessions/${stored.sessionIds[0]}`)).json()) as { aggregate: unknown };
      const res = await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', { aggregate: session.aggregate, segment: { category: ['Audio'], minLevel: 4 }, score: 9 });
      expect(res.status).toBe(200);
      const result = DryRunResult.parse(await res.json());
      expect([result.score, result.ranking.map((c) => c.associateId)]).toEqual([9, [t.ana, t.dan]]);

      const bad = await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', { aggregate: { eventCount: 'many' } });
      expect(bad.status).toBe(400);

      // A sample customer's tier chooses the rule set made for it.
      await putRules(h.app, h.seed.voltKey, 'matching', { ruleSets: [...MATCHING.ruleSets, { name: 'gold', priority: 20, when: { customerTiers: ['Gold'] }, rules: [{ rule: 'affinity', weight: 1 }] }] });
      const gold = await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', { aggregate: session.aggregate, customer: { tier: 'gold', tags: [] } });
      expect(DryRunResult.parse(await gold.json()).ruleSet.name).toBe('gold');
      const plain = await as(h.seed.voltKey, 'POST', '/api/v1/matching/dry-run', { aggregate: session.aggregate });
      expect(DryRunResult.parse(await plain.json()).ruleSet.name).toBe('audio');
    });
  });
});
