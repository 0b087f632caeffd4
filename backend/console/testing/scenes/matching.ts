import { desc, eq } from 'drizzle-orm';
import type { MatchingDocument } from '../../../../shared/matching';
import { offers, opportunities } from '../../../src/db/schema';
import type { Harness } from '../harness';
import type { Scene } from './scene';

/** Two rule sets: an everyday one offered in waves, and one for OLED TVs assigned one at a time to who takes calls and co-browsing. */
const RULES: MatchingDocument = {
  ruleSets: [
    {
      name: 'Everyday',
      priority: 0,
      candidates: 'both',
      rules: [
        { rule: 'accreditation', weight: 3, mode: 'score', sources: ['grant', 'enterprise_test', 'marketplace_test'] },
        { rule: 'available_now', weight: 1, filter: false },
        { rule: 'language', weight: 1, filter: false },
        { rule: 'conversion_rate', weight: 2, priorStrength: 10, priorRate: 0.2 },
        { rule: 'affinity', weight: 2 },
        { rule: 'load', weight: 1 },
        { rule: 'longest_idle', weight: 1, capSeconds: 3600 },
        { rule: 'response_rate', weight: 1, priorStrength: 5, priorRate: 0.8 },
      ],
      offer: { mode: 'waves', size: 2, waveEverySeconds: 15, offerSeconds: 15, giveUpSeconds: 90, priority: 'may', missesBeforeAway: 3, ownAssociateSeconds: 10 },
    },
    {
      name: 'OLED TVs',
      priority: 10,
      when: { category: ['TV', 'OLED'] },
      candidates: 'own',
      rules: [
        { rule: 'accreditation', weight: 4, mode: 'filter', sources: ['grant', 'enterprise_test', 'marketplace_test'] },
        { rule: 'available_now', weight: 0, filter: true },
        { rule: 'recent_misses', weight: 1 },
        { rule: 'channels', weight: 1, needs: ['voice', 'cobrowse'], filter: true },
      ],
      offer: { mode: 'sequential', size: 1, waveEverySeconds: 15, offerSeconds: 20, giveUpSeconds: 120, priority: 'must', missesBeforeAway: 2, ownAssociateSeconds: 0 },
    },
  ],
};

/**
 * Rankings as the offers module leaves them for the latest opportunity: the opening ranking and
 * its first wave (one declined, one expired), a second round without the two, whose offer was
 * accepted. The rankings are the matching service's own; the offers are written as offers writes them.
 */
async function seedRankings(h: Harness): Promise<string> {
  const rows = await h.db.select().from(opportunities).where(eq(opportunities.enterpriseId, h.enterprises.volt)).orderBy(desc(opportunities.openedAt));
  const reasons = [
    { conditionId: 'dwell-20s', points: 30, description: '20 s on one product' },
    { conditionId: 'came-back', points: 20, description: 'Viewed the same product twice' },
  ];
  for (const [i, o] of rows.entries()) {
    await h.db
      .update(opportunities)
      .set({ reasons: reasons.slice(0, 1 + (i % 2)), score: 30 + 20 * (i % 2), status: i === 1 ? 'unserved' : i === 2 ? 'cancelled' : o.status, closeReason: i === 1 ? 'nobody_accepted' : i === 2 ? 'shopper_left' : null, closedAt: i === 1 || i === 2 ? o.openedAt : null, segment: { category: ['Audio', 'Headphones'], minLevel: 2 } })
      .where(eq(opportunities.id, o.id));
  }
  const o = rows[0]!;
  const input = { id: o.id, enterpriseId: o.enterpriseId, sessionId: o.sessionId, shopperId: o.shopperId, segment: { category: ['Audio', 'Headphones'], minLevel: 2 }, customerExternalId: null, score: 50 };
  const first = await h.app.matching.rankFor(input);
  const at = (s: number) => new Date(h.clock.now().getTime() + s * 1000);
  const offer = (rankingId: string, associateId: string, wave: number, offered: number, status: 'accepted' | 'declined' | 'missed' | 'withdrawn', answered: number | null, endReason: string | null, score: number) => ({
    id: crypto.randomUUID(),
    opportunityId: o.id,
    associateId,
    wave,
    priority: 'may' as const,
    status,
    score,
    reasons: [],
    offeredAt: at(offered),
    expiresAt: at(offered + 15),
    answeredAt: answered === null ? null : at(answered),
    endReason,
    rankingId,
  });
  // The first wave: the best two; one declines, the other lets it expire. The wave drains: a new ranking, the next two.
  const [a, b] = first.ranking;
  const made = [];
  if (a) made.push(offer(first.rankingId, a.associateId, 1, 0, 'declined', 6, null, a.score));
  if (b) made.push(offer(first.rankingId, b.associateId, 1, 0, 'missed', null, null, b.score));
  h.clock.advance(15_000);
  const second = await h.app.matching.rankFor(input);
  const rest = second.ranking.filter((c) => c.associateId !== a?.associateId && c.associateId !== b?.associateId);
  if (rest[0]) made.push(offer(second.rankingId, rest[0].associateId, 2, 0, 'accepted', 8, null, rest[0].score));
  if (rest[1]) made.push(offer(second.rankingId, rest[1].associateId, 2, 0, 'withdrawn', null, 'taken', rest[1].score));
  await h.db.insert(offers).values(made);
  await h.db.update(opportunities).set({ status: 'engaged', openedAt: at(-15), closedAt: at(8), closeReason: null }).where(eq(opportunities.id, o.id));
  return o.id;
}

/** Matching (rule sets, sliders, a field at fault, the dry run) and the opportunities with their rankings; the analyst's read-only view. */
export const matching: Scene = {
  area: 'matching',
  async run(s) {
    await s.harness.call('PUT', '/api/v1/rules/matching', RULES);
    const opportunityId = await seedRankings(s.harness);
    // A full-page shot after the keyboard scrolled: back to the top, so the sticky header is where it belongs.
    const top = () => s.page.evaluate(() => window.scrollTo(0, 0));

    await s.signIn('salesLead');
    await s.go('/matching', '.slider-thumb');
    // The keyboard on a slider: its focus ring and the weight it shows.
    await s.page.focus('.slider-thumb[data-rule="conversion_rate"]');
    await s.page.keyboard.press('ArrowRight');
    await top();
    await s.shoot('matching-editor');

    // The OLED TVs set: its accreditation a filter, and the channels it needs (a call and co-browsing).
    await s.page.click('tbody tr:nth-child(2) button.link');
    await s.page.waitForSelector('.slider-thumb[data-rule="channels"]');
    await s.settle();
    await top();
    await s.shoot('matching-editor-channels');
    await s.page.click('tbody tr:nth-child(1) button.link');
    await s.page.waitForSelector('.slider-thumb[data-rule="conversion_rate"]');

    await s.type('input[name="ruleSets.0.offer.offerSeconds"]', '120');
    await s.page.waitForSelector('.field-error');
    await top();
    await s.shoot('matching-field-at-fault');
    await s.type('input[name="ruleSets.0.offer.offerSeconds"]', '15');

    await s.page.click('[data-testid="dry-run"]');
    await s.page.waitForSelector('.dry-run-result table');
    await s.settle();
    await top();
    await s.shoot('matching-dry-run');
    await s.page.focus('.slider-thumb[data-rule="accreditation"]');
    for (let i = 0; i < 6; i++) await s.page.keyboard.press('ArrowLeft');
    await s.page.click('[data-testid="dry-run"]');
    await s.page.waitForSelector('.dry-run-result .changed');
    await s.settle();
    await top();
    await s.shoot('matching-dry-run-again');

    await s.go('/opportunities', 'table');
    await s.shoot('opportunities');
    await s.page.select('select[name="status"]', 'unserved');
    await s.settle();
    await s.shoot('opportunities-unserved');
    await s.go(`/opportunities/${opportunityId}`, '.ranking');
    await s.shoot('opportunity-rankings');

    await s.signIn('analyst');
    await s.go('/matching', '.slider-thumb');
    await s.shoot('matching-analyst');
  },
};
