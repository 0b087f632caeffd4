import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { AuditPage } from '../../../../shared/console';
import { MatchingRulesHistory, MatchingRulesVersion } from '../../../../shared/matching';
import { OpportunityRulesHistory, OpportunityRulesVersion } from '../../../../shared/rules';
import { RulesDiffView } from '../../../../shared/rules-diff';
import { OpportunityRulesPreview } from '../../../../shared/rules-preview';
import { rowsOf } from '../../db/records';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { browse } from '../../testing/fixtures';
import { putRules } from '../../testing/routing';

/** Opens on browse(): 15 s on a 349 USD product (3 + 2) and a search for headphones (1). */
const RULES = {
  threshold: 5,
  conditions: [
    { id: 'dwell', when: { type: 'dwell', seconds: 10 }, points: 3 },
    { id: 'pricey', when: { type: 'product_price', min: '300', currency: 'USD' }, points: 2 },
    { id: 'searched', when: { type: 'search_terms', words: ['headphones'] }, points: 1 },
  ],
};
const MATCHING = { ruleSets: [{ name: 'all', priority: 1, rules: [{ rule: 'load', weight: 1 }, { rule: 'longest_idle', weight: 1 }] }] };

describe.each(DB_KINDS)('the history of the rule documents on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });
  const as = (method: string, path: string, body?: unknown, key = h.seed.voltKey) => call(h.app, method, path, key, body);
  const count = async (table: 'rule_documents' | 'opportunities') => Number(rowsOf<{ n: unknown }>(await h.db.db.execute(sql`select count(*) as n from ${sql.identifier(table)}`))[0]!.n);

  it('rolls the opportunity rules back by writing the old version again as the next one, history untouched', async () => {
    await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
    h.clock.advance(1000);
    await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, threshold: 6 });
    h.clock.advance(1000);

    const res = await as('POST', '/api/v1/rules/opportunity/versions/1/restore');
    expect(res.status).toBe(201);
    const restored = OpportunityRulesVersion.parse(await res.json());
    expect(restored.version).toBe(3);
    const history = OpportunityRulesHistory.parse(await (await as('GET', '/api/v1/rules/opportunity/versions')).json());
    expect(history.versions.map((v) => [v.version, v.document.threshold])).toEqual([[3, 5], [2, 6], [1, 5]]);
    expect(history.versions[0]!.document).toEqual(history.versions[2]!.document);
    expect(OpportunityRulesVersion.parse(await (await as('GET', '/api/v1/rules/opportunity')).json()).version).toBe(3);
    // The audit log names the rollback: the version it wrote, the one it restored, the rules before and after.
    const log = AuditPage.parse(await (await as('GET', '/api/v1/audit?q=restore')).json());
    const entry = log.entries.find((e) => e.action === 'POST /api/v1/rules/opportunity/versions/:version/restore');
    expect(entry).toMatchObject({ subject: 'opportunity rules v3 (restored from v1)', status: 201 });
    expect([(entry?.before as { version: number }).version, (entry?.after as { version: number }).version]).toEqual([2, 3]);

    // The diff of the rollback: threshold back from 6 to 5; of the restored version and its origin: nothing.
    const diff = RulesDiffView.parse(await (await as('GET', '/api/v1/rules/opportunity/diff?from=2&to=3')).json());
    expect(diff).toEqual({ from: 2, to: 3, diff: { settings: [{ path: ['threshold'], kind: 'changed', from: 6, to: 5 }], entries: [], reordered: false, unchanged: 3 } });
    expect(RulesDiffView.parse(await (await as('GET', '/api/v1/rules/opportunity/diff?from=1&to=3')).json()).diff.settings).toEqual([]);
  });

  it('refuses a version the enterprise never had with 404, and writes nothing', async () => {
    await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
    for (const path of ['/api/v1/rules/opportunity/versions/2/restore', '/api/v1/rules/opportunity/versions/0/restore', '/api/v1/rules/opportunity/versions/x/restore', '/api/v1/rules/matching/versions/1/restore']) {
      const res = await as('POST', path);
      expect(res.status, path).toBe(404);
      expect(ApiError.parse(await res.json()).error.code).toBe('not_found');
    }
    // Another enterprise's version 1 is not Summit's.
    expect((await as('POST', '/api/v1/rules/opportunity/versions/1/restore', undefined, h.seed.summitKey)).status).toBe(404);
    expect((await as('GET', '/api/v1/rules/opportunity/diff?from=1&to=2')).status).toBe(404);
    const bad = await as('GET', '/api/v1/rules/opportunity/diff?from=1&to=x');
    expect(bad.status).toBe(400);
    expect(ApiError.parse(await bad.json()).error).toMatchObject({ code: 'invalid_query', issues: [{ path: ['to'] }] });
    expect(await count('rule_documents')).toBe(1);
  });

  it('refuses with 422 a version today\'s schema refuses, naming why, and writes nothing', async () => {
    await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, timezone: 'Europe/Paris' });
    await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, threshold: 6 });
    // Version 1 as it might have been stored under an older schema: a zone today's tz data does not know.
    await h.db.db.execute(sql`update rule_documents set document = jsonb_set(document, '{timezone}', '"Mars/Olympus"') where kind = 'opportunity' and version = 1`);

    const res = await as('POST', '/api/v1/rules/opportunity/versions/1/restore');
    expect(res.status).toBe(422);
    const { error } = ApiError.parse(await res.json());
    expect(error.code).toBe('version_invalid');
    expect(error.message).toMatch(/Version 1/);
    expect(error.issues).toEqual([{ path: ['timezone'], message: 'an IANA time zone, e.g. "Europe/Paris"' }]);
    expect(await count('rule_documents')).toBe(2);
    const live = OpportunityRulesVersion.parse(await (await as('GET', '/api/v1/rules/opportunity')).json());
    expect([live.version, live.document.threshold]).toEqual([2, 6]);
    // Version 2, which passes, is restored as ever.
    expect((await as('POST', '/api/v1/rules/opportunity/versions/2/restore')).status).toBe(201);
    expect(await count('rule_documents')).toBe(3);
  });

  it('lists a version today\'s schema refuses apart, with why, and refuses to diff it with 422', async () => {
    await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, timezone: 'Europe/Paris' });
    await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, threshold: 6 });
    await h.db.db.execute(sql`update rule_documents set document = jsonb_set(document, '{timezone}', '"Mars/Olympus"') where kind = 'opportunity' and version = 1`);

    const res = await as('GET', '/api/v1/rules/opportunity/versions');
    expect(res.status).toBe(200);
    const history = OpportunityRulesHistory.parse(await res.json());
    expect(history.versions.map((v) => v.version)).toEqual([2]);
    expect(history.unreadable).toEqual([{ version: 1, createdAt: expect.any(String), issues: [{ path: ['timezone'], message: 'an IANA time zone, e.g. "Europe/Paris"' }] }]);

    const diff = await as('GET', '/api/v1/rules/opportunity/diff?from=1&to=2');
    expect(diff.status).toBe(422);
    expect(ApiError.parse(await diff.json()).error).toMatchObject({ code: 'version_invalid', issues: [{ path: ['timezone'] }] });
    expect((await as('GET', '/api/v1/rules/opportunity/diff?from=2&to=2')).status).toBe(200);
  });

  it('rolls the matching rule sets back and diffs their versions', async () => {
    await putRules(h.app, h.seed.voltKey, 'matching', MATCHING);
    await putRules(h.app, h.seed.voltKey, 'matching', { ruleSets: [{ ...MATCHING.ruleSets[0], rules: [{ rule: 'load', weight: 3 }] }] });
    const res = await as('POST', '/api/v1/rules/matching/versions/1/restore');
    expect(res.status).toBe(201);
    expect(MatchingRulesVersion.parse(await res.json()).version).toBe(3);
    expect(MatchingRulesHistory.parse(await (await as('GET', '/api/v1/rules/matching/versions')).json()).versions).toHaveLength(3);
    const diff = RulesDiffView.parse(await (await as('GET', '/api/v1/rules/matching/diff?from=1&to=2')).json());
    expect(diff.diff.entries).toEqual([
      {
        key: 'all',
        status: 'changed',
        fromIndex: 0,
        toIndex: 0,
        changes: [
          { path: ['rules', 'load', 'weight'], kind: 'changed', from: 1, to: 3 },
          { path: ['rules', 'longest_idle'], kind: 'removed', from: { rule: 'longest_idle', weight: 1, capSeconds: 3600 } },
        ],
      },
    ]);
  });

  describe('the preview of draft opportunity rules', () => {
    /** Two sessions at Voltaire: one that opens under RULES (score 6), one that only searched (score 1). */
    async function twoSessions() {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      const first = (await (await h.post({ events: browse() })).json()) as { sessionIds: string[] };
      const other = (await h.createShopper()).token;
      const second = (await (await h.post({ events: browse().slice(0, 2) }, other)).json()) as { sessionIds: string[] };
      await h.app.opportunities.idle();
      h.clock.advance(60_000);
      return { opens: first.sessionIds[0]!, searched: second.sessionIds[0]! };
    }

    it('shows what the draft would have opened beside the live version, by rule, and writes nothing', async () => {
      const { opens, searched } = await twoSessions();
      const documents = await count('rule_documents');
      const opened = await count('opportunities');
      expect(opened).toBe(1);

      const draft = { threshold: 1, conditions: [{ id: 'searched', when: { type: 'search_terms', words: ['headphones'] }, points: 1 }] };
      const res = await as('POST', '/api/v1/rules/opportunity/preview', draft);
      expect(res.status).toBe(200);
      const preview = OpportunityRulesPreview.parse(await res.json());
      expect(preview).toMatchObject({
        hours: 24,
        evaluated: 2,
        truncated: false,
        draft: { version: null, opened: 2, cooledDown: 0, byRule: [{ conditionId: 'searched', opened: 2 }] },
        live: {
          version: 1,
          opened: 1,
          byRule: [
            { conditionId: 'dwell', opened: 1 },
            { conditionId: 'pricey', opened: 1 },
            { conditionId: 'searched', opened: 1 },
          ],
        },
        both: 1,
        onlyLive: { count: 0, sample: [] },
        onlyDraft: { count: 1 },
      });
      expect(preview.onlyDraft.sample.map((s) => [s.sessionId, s.draft.score, s.live?.score])).toEqual([[searched, 1, 1]]);
      expect(preview.onlyDraft.sample[0]!.draft.reasons).toEqual([{ conditionId: 'searched', points: 1 }]);
      expect(opens).not.toBe(searched);
      expect([await count('rule_documents'), await count('opportunities')]).toEqual([documents, opened]);

      // Summit sees none of Voltaire's sessions.
      const summit = OpportunityRulesPreview.parse(await (await as('POST', '/api/v1/rules/opportunity/preview', draft, h.seed.summitKey)).json());
      expect([summit.evaluated, summit.live]).toEqual([0, null]);
    });

    it('looks back `hours` from now', async () => {
      await twoSessions();
      h.clock.advance(2 * 3600_000);
      const within = async (hours: number) => OpportunityRulesPreview.parse(await (await as('POST', `/api/v1/rules/opportunity/preview?hours=${hours}`, RULES)).json()).evaluated;
      expect(await within(1)).toBe(0);
      expect(await within(3)).toBe(2);
      for (const hours of ['0', '169', 'x']) {
        const res = await as('POST', `/api/v1/rules/opportunity/preview?hours=${hours}`, RULES);
        expect(res.status).toBe(400);
        expect(ApiError.parse(await res.json()).error).toMatchObject({ code: 'invalid_query', issues: [{ path: ['hours'] }] });
      }
    });

    it('refuses a draft exactly as PUT refuses it, with the same paths and messages', async () => {
      const bad = { ...RULES, threshold: 100, conditions: [...RULES.conditions, { id: 'dwell', when: { type: 'dwell', seconds: 0 }, points: 1 }] };
      const preview = await as('POST', '/api/v1/rules/opportunity/preview', bad);
      const put = await as('PUT', '/api/v1/rules/opportunity', bad);
      expect([preview.status, put.status]).toEqual([400, 400]);
      const issues = ApiError.parse(await preview.json()).error.issues;
      expect(issues).toEqual(ApiError.parse(await put.json()).error.issues);
      expect(issues!.map((i) => i.path)).toEqual([['conditions', 3, 'when', 'seconds'], ['conditions', 3, 'id'], ['threshold']]);
    });
  });
});
