import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { OfferAccepted } from '../../../../shared/offers';
import { AssociateServerMessage } from '../../../../shared/realtime';
import { MaterialDetail, MaterialUseRecorded, PracticesEvaluation, PracticesView } from '../../../../shared/sales';
import { jobs, materialUsages, practiceOutcomes, practiceRankings, practiceTallies } from '../../db/schema';
import { newSecret } from '../../secrets';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { listen, type SeededAssociate, seedOffered } from '../../testing/offers';
import { inHoldout, situationKey, situationLevels } from './ranking.core';

const S = 1000;
const DAY = 86_400 * S;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** Ids counted up, so rankings (seeded from them and the manual clock) repeat run after run; `holdout` picks ids in the holdout or out of it. */
const ids = (() => {
  let n = 0;
  const state = { holdout: false };
  return {
    state,
    source: {
      id: () => {
        for (;;) {
          n += 1;
          const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
          if (inHoldout(id) === state.holdout) return id;
        }
      },
      secret: newSecret,
    },
  };
})();

describe.each(DB_KINDS)('practices on %s', (kind) => {
  const api = useApi(kind, { ids: ids.source });
  let h: ApiHarness;
  let associate: SeededAssociate;
  let engagementId: string;
  let m: Record<'doc' | 'budget' | 'bundle' | 'tvLink' | 'otherRule', MaterialDetail>;

  /** An accepted engagement of a new shopper at Voltaire (same opportunity rule and category). */
  const acceptedEngagement = async (token?: string) => {
    const shopper = token ?? (await h.createShopper()).token;
    const offered = await seedOffered({ ...h, token: shopper, post: (body, auth = shopper) => h.post(body, auth) });
    const won = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offered.offerId}/accept`, offered.associate.token)).json());
    expect((await call(h.app, 'POST', `/api/v1/engagements/${won.engagement.id}/answer`, shopper, { accept: true })).status).toBe(200);
    return { id: won.engagement.id, associate: offered.associate, shopperToken: shopper };
  };
  const create = async (body: unknown) => MaterialDetail.parse(await (await call(h.app, 'POST', '/api/v1/materials', h.seed.voltKey, body)).json());
  const view = async (id = engagementId, a = associate) => {
    const res = await call(h.app, 'GET', `/api/v1/engagements/${id}/practices`, a.token);
    expect(res.status, JSON.stringify(h.logged.filter((l) => l.message.includes('unhandled')))).toBe(200);
    return PracticesView.parse(await res.json());
  };
  const use = (body: unknown, id = engagementId, a = associate) => call(h.app, 'POST', `/api/v1/engagements/${id}/usage`, a.token, body);
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  const tallies = async () => h.db.db.select().from(practiceTallies);

  beforeEach(async () => {
    h = api();
    ids.state.holdout = false;
    const doc = await create({ kind: 'document', title: 'Spec sheet', tags: { categories: [['audio', 'headphones']] } });
    await h.app.http.request(`/api/v1/materials/${doc.id}/file`, { method: 'PUT', body: PNG as BodyInit, headers: { authorization: `Bearer ${h.seed.voltKey}` } });
    m = {
      doc: MaterialDetail.parse(await (await call(h.app, 'GET', `/api/v1/materials/${doc.id}`, h.seed.voltKey)).json()),
      budget: await create({ kind: 'technique', title: 'Ask about budget', markdown: 'What would you like to spend?', tags: { categories: [['Audio']], channels: ['chat', 'voice'] } }),
      bundle: await create({ kind: 'technique', title: 'Offer the bundle', markdown: 'Case and cable, 10% off.', tags: { rules: ['long-dwell'] } }),
      tvLink: await create({ kind: 'link', title: 'TV guide', url: 'https://volt.example/tv-guide', tags: { categories: [['TV']] } }),
      otherRule: await create({ kind: 'technique', title: 'Win back', markdown: 'Welcome back!', tags: { rules: ['returning'] } }),
    };
    const e = await acceptedEngagement(h.token);
    engagementId = e.id;
    associate = e.associate;
  });

  it('ranks what fits the situation, logs it once with each item’s probability, and records it shown once', async () => {
    const first = await view();
    expect(first.situation).toEqual({ category: ['Audio', 'Headphones'], rule: 'long-dwell', channel: 'chat', tier: null });
    expect(first.holdout).toBe(false);
    expect(first.materials.map((x) => x.id)).toEqual([m.doc.id]);
    expect(first.materials[0]).toMatchObject({ kind: 'document', url: `/api/v1/materials/${m.doc.id}/content`, contentType: 'image/png', markdown: null, version: 1 });
    // The fitting techniques ranked, then the enterprise's other techniques to mark (never first).
    expect(first.techniques.slice(0, 2).map((x) => x.id).sort()).toEqual([m.budget.id, m.bundle.id].sort());
    expect(first.techniques[2]).toMatchObject({ id: m.otherRule.id, probability: 0, markdown: 'Welcome back!' });
    const ranked = [...first.materials, ...first.techniques.slice(0, 2)];
    expect(ranked.reduce((s, x) => s + x.probability, 0)).toBeCloseTo(1, 9);
    for (const x of ranked) expect(x.probability).toBeGreaterThanOrEqual(0.005 - 1e-12);

    const again = await view();
    expect(again.rankingId).toBe(first.rankingId);
    const logged = await h.db.db.select().from(practiceRankings).where(eq(practiceRankings.engagementId, engagementId));
    expect(logged).toHaveLength(1);
    // One decision over materials and techniques together; the view shows each kind in the logged order, with the logged probabilities.
    const items = logged[0]!.items;
    const techniqueIds = new Set([m.budget.id, m.bundle.id]);
    expect(items.filter((i) => !techniqueIds.has(i.itemId)).map((i) => i.itemId)).toEqual(first.materials.map((x) => x.id));
    expect(items.filter((i) => techniqueIds.has(i.itemId)).map((i) => i.itemId)).toEqual(first.techniques.slice(0, 2).map((x) => x.id));
    for (const x of ranked) expect(items.find((i) => i.itemId === x.id)!.probability).toBe(x.probability);
    const shown = await h.db.db.select().from(materialUsages).where(and(eq(materialUsages.engagementId, engagementId), eq(materialUsages.action, 'shown')));
    expect(shown.map((u) => u.materialId).sort()).toEqual([m.doc.id, m.budget.id, m.bundle.id].sort());

    // The channel changes the situation: a new ranking is logged.
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagementId}/channels`, associate.token, { method: 'voice', state: 'started', at: h.clock.now().toISOString() })).status).toBe(204);
    const voice = await view();
    expect(voice.situation.channel).toBe('voice');
    expect(voice.rankingId).not.toBe(first.rankingId);
    // Strangers see nothing of it.
    const other = await acceptedEngagement();
    expect((await call(h.app, 'GET', `/api/v1/engagements/${engagementId}/practices`, other.associate.token)).status).toBe(404);
    expect((await call(h.app, 'GET', `/api/v1/engagements/${engagementId}/practices`, h.seed.voltKey)).status).toBe(401);
  });

  it('a holdout engagement sees the enterprise’s own order, logged with probability 1 for the first', async () => {
    ids.state.holdout = true;
    const e = await acceptedEngagement();
    ids.state.holdout = false;
    expect(inHoldout(e.id)).toBe(true);
    const v = await view(e.id, e.associate);
    expect(v.holdout).toBe(true);
    // Static order: the enterprise's positions (doc 0, budget 1, bundle 2).
    expect(v.materials[0]).toMatchObject({ id: m.doc.id, probability: 1 });
    expect(v.techniques.slice(0, 2).map((t) => [t.id, t.probability])).toEqual([
      [m.budget.id, 0],
      [m.bundle.id, 0],
    ]);
    const [logged] = await h.db.db.select().from(practiceRankings).where(eq(practiceRankings.engagementId, e.id));
    // The learning policy's probabilities ride along for the offline evaluation.
    expect(logged!.items.reduce((s, i) => s + (i.target ?? 0), 0)).toBeCloseTo(1, 9);
  });

  it('records uses; a sent document reaches the shopper by a signed, short-lived link that records its opening', async () => {
    const v = await view();
    expect(MaterialUseRecorded.parse(await (await use({ materialId: m.budget.id, action: 'marked', rankingId: v.rankingId })).json())).toEqual({ recorded: true, card: null });
    expect((await use({ materialId: m.budget.id, action: 'copied' })).status).toBe(201);
    const sent = MaterialUseRecorded.parse(await (await use({ materialId: m.doc.id, action: 'sent' })).json());
    expect(sent.card).toMatchObject({ materialId: m.doc.id, title: 'Spec sheet', kind: 'document' });
    const path = new URL(sent.card!.url).pathname;
    expect(path).toMatch(/^\/api\/v1\/materials\/shared\/[\w-]+\.[\w-]+\.[\w-]+$/);
    // The shopper opens it with no credential: the file, with the safe headers, and the opening recorded.
    const opened = await h.app.http.request(path);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('image/png');
    expect(opened.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await opened.arrayBuffer())).toEqual(PNG);
    const actions = (await h.db.db.select().from(materialUsages).where(eq(materialUsages.engagementId, engagementId))).filter((u) => u.action !== 'shown');
    expect(actions.map((u) => [u.action, u.materialId, u.rankingId])).toEqual([
      ['marked', m.budget.id, v.rankingId],
      ['copied', m.budget.id, v.rankingId],
      ['sent', m.doc.id, v.rankingId],
      ['opened_by_shopper', m.doc.id, v.rankingId],
    ]);
    // Tampered: refused; an hour later: expired.
    const [head, body, sig] = path.split('/').at(-1)!.split('.');
    expect(await errorOf(await h.app.http.request(`/api/v1/materials/shared/${head}.${body}.${sig!.slice(0, -2)}AA`))).toEqual([400, 'link_invalid']);
    h.clock.advance(3600 * S + 1);
    expect(await errorOf(await h.app.http.request(path))).toEqual([410, 'link_expired']);

    // Refused: a technique sent, an unknown or foreign material, a ranking not the engagement's, another associate, a bad body.
    expect(await errorOf(await use({ materialId: m.budget.id, action: 'sent' }))).toEqual([409, 'material_unusable']);
    expect(await errorOf(await use({ materialId: crypto.randomUUID(), action: 'opened' }))).toEqual([404, 'not_found']);
    expect(await errorOf(await use({ materialId: 'not-an-id', action: 'opened' }))).toEqual([404, 'not_found']);
    expect(await errorOf(await use({ materialId: m.budget.id, action: 'opened', rankingId: crypto.randomUUID() }))).toEqual([404, 'not_found']);
    expect(await errorOf(await use({ materialId: m.budget.id, action: 'shown' }))).toEqual([400, 'invalid_body']);
    const other = await acceptedEngagement();
    expect(await errorOf(await use({ materialId: m.budget.id, action: 'opened' }, engagementId, other.associate))).toEqual([404, 'not_found']);
    // A link sent goes to its page through the same kind of signed link (recorded).
    const tv = MaterialUseRecorded.parse(await (await use({ materialId: m.tvLink.id, action: 'sent' })).json());
    const tvPath = new URL(tv.card!.url).pathname;
    const redirect = await h.app.http.request(tvPath);
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, 'https://volt.example/tv-guide']);
    // Archived: withdrawn, its links stop working.
    expect((await call(h.app, 'DELETE', `/api/v1/materials/${m.tvLink.id}`, h.seed.voltKey)).status).toBe(204);
    expect(await errorOf(await h.app.http.request(tvPath))).toEqual([404, 'not_found']);
  });

  it('an outcome rewards the decision in force at every level of its situation; a revision moves it, never double counts', async () => {
    const v = await view();
    await use({ materialId: m.bundle.id, action: 'marked', rankingId: v.rankingId });
    const [decision] = await h.db.db.select().from(practiceRankings).where(eq(practiceRankings.id, v.rankingId));
    const firstItem = decision!.items[0]!.itemId;
    const levels = situationLevels(v.situation).map(situationKey);
    await h.app.practices.outcomeOf(engagementId, 'sale');
    await h.app.practices.outcomeOf(engagementId, 'sale');
    let rows = await tallies();
    expect(rows.map((r) => [r.situationKey, r.itemId, r.sales, r.outcomes]).sort()).toEqual(levels.map((k) => [k, firstItem, 1, 1]).sort());
    // A full refund: the sale becomes no sale.
    await h.app.practices.outcomeOf(engagementId, 'no_sale');
    rows = await tallies();
    expect(rows.map((r) => [r.sales, r.outcomes])).toEqual(levels.map(() => [0, 1]));
    const [outcome] = await h.db.db.select().from(practiceOutcomes).where(eq(practiceOutcomes.engagementId, engagementId));
    expect(outcome).toMatchObject({ outcome: 'no_sale', rankingId: v.rankingId, itemId: firstItem, associateId: associate.id, holdout: false });
    expect(outcome!.probability).toBeCloseTo(decision!.items[0]!.probability, 6);
    // Now counted in what the view shows of the first item.
    const after = await view();
    const shownFirst = [...after.materials, ...after.techniques].find((x) => x.id === firstItem)!;
    expect([shownFirst.sales, shownFirst.outcomes]).toEqual([0, 1]);
  });

  it('an engagement that ends counts as no sale once its window closes without one, by a job that survives a restart', async () => {
    const { situation } = await view();
    const other = await acceptedEngagement();
    await view(other.id, other.associate);
    for (const e of [engagementId, other.id]) expect((await call(h.app, 'POST', `/api/v1/engagements/${e}/end`, e === engagementId ? associate.token : other.associate.token, { reason: 'done' })).status).toBe(200);
    await h.app.practices.idle();
    // Scheduling it again (a second instance hearing of the end) is once.
    await h.app.practices.engagementEnded(other.id);
    const scheduled = await h.db.db.select().from(jobs);
    expect(scheduled.map((j) => [j.kind, j.runAt.getTime() - h.clock.now().getTime()])).toEqual([
      ['practices.window', 30 * DAY],
      ['practices.window', 30 * DAY],
    ]);
    // A sale came for one of them in the window.
    await h.app.practices.outcomeOf(other.id, 'sale');
    // The backend restarts: a new app over the same database runs what is due.
    const restarted = h.appWith({});
    h.clock.advance(30 * DAY - S);
    expect(await restarted.jobs.runDue()).toBe(0);
    h.clock.advance(S);
    expect(await restarted.jobs.runDue()).toBe(2);
    const outcomes = await h.db.db.select().from(practiceOutcomes);
    expect(Object.fromEntries(outcomes.map((o) => [o.engagementId, o.outcome]))).toEqual({ [engagementId]: 'no_sale', [other.id]: 'sale' });
    expect((await tallies()).reduce((s, t) => s + t.outcomes, 0)).toBe(2 * situationLevels(situation).length);
  });

  it('when a situation’s ranking changes, the open consoles in it are told at once, and get the new order', async () => {
    const a = await view();
    const other = await acceptedEngagement();
    await view(other.id, other.associate);
    const levels = situationLevels(a.situation).map(situationKey);
    const firstOfA = (await h.db.db.select().from(practiceRankings).where(eq(practiceRankings.id, a.rankingId)))[0]!.items[0]!.itemId;
    // Outcomes make another item far better in this situation than the one A shows first.
    const better = [m.doc.id, m.budget.id, m.bundle.id].find((id) => id !== firstOfA)!;
    const others = [m.doc.id, m.budget.id, m.bundle.id].filter((id) => id !== better);
    await h.db.db.insert(practiceTallies).values(levels.flatMap((k) => [{ situationKey: k, itemId: better, sales: 400, outcomes: 500 }, ...others.map((itemId) => ({ situationKey: k, itemId, sales: 0, outcomes: 499 }))]));
    // A console in another situation (on voice) is not told.
    const elsewhere = await acceptedEngagement();
    expect((await call(h.app, 'POST', `/api/v1/engagements/${elsewhere.id}/channels`, elsewhere.associate.token, { method: 'voice', state: 'started', at: h.clock.now().toISOString() })).status).toBe(204);
    expect((await view(elsewhere.id, elsewhere.associate)).situation.channel).toBe('voice');
    const heard = await listen(h.app, { associateId: associate.id });
    const heardElsewhere = await listen(h.app, { associateId: elsewhere.associate.id });
    await h.app.practices.outcomeOf(other.id, 'no_sale');
    expect(heard.filter((x) => x.type === 'practices').map((x) => AssociateServerMessage.parse(x))).toEqual([{ v: 1, type: 'practices', engagementId }]);
    expect(heardElsewhere.filter((x) => x.type === 'practices')).toEqual([]);
    const now = await view();
    expect(now.rankingId).not.toBe(a.rankingId);
    const [latest] = await h.db.db.select().from(practiceRankings).where(eq(practiceRankings.id, now.rankingId));
    expect(latest!.items[0]!.itemId).toBe(better);
    expect(latest!.items[0]!.probability).toBeGreaterThan(0.9);
  });

  it('shows what the associates with the best outcomes in this situation used, and evaluates the logs offline', async () => {
    const v = await view();
    await use({ materialId: m.bundle.id, action: 'marked', rankingId: v.rankingId });
    await use({ materialId: m.bundle.id, action: 'copied' });
    await use({ materialId: m.doc.id, action: 'opened' });
    await h.app.practices.outcomeOf(engagementId, 'sale');
    const other = await acceptedEngagement();
    await view(other.id, other.associate);
    await use({ materialId: m.budget.id, action: 'marked' }, other.id, other.associate);
    await h.app.practices.outcomeOf(other.id, 'no_sale');
    const seen = await view(other.id, other.associate);
    expect(seen.usedByTopAssociates).toEqual([
      { materialId: m.bundle.id, title: 'Offer the bundle', uses: 2 },
      { materialId: m.doc.id, title: 'Spec sheet', uses: 1 },
    ]);

    const res = await call(h.app, 'GET', '/api/v1/practices/evaluation', h.seed.voltKey);
    expect(res.status).toBe(200);
    const evaluation = PracticesEvaluation.parse(await res.json());
    expect(evaluation.decisions).toBe(2);
    // On-policy decisions weigh 1 each: IPS and SNIPS are the mean reward.
    expect(evaluation.ips.value).toBeCloseTo(0.5, 9);
    expect(evaluation.snips.value).toBeCloseTo(0.5, 9);
    expect(evaluation.ips.low!).toBeLessThanOrEqual(0.5);
    expect(evaluation.ips.high!).toBeGreaterThanOrEqual(0.5);
    // No holdout engagement yet: no lift.
    expect(evaluation.lift).toEqual({ value: null, low: null, high: null, treated: 2, holdout: 0 });
    expect(PracticesEvaluation.parse(await (await call(h.app, 'GET', '/api/v1/practices/evaluation', h.seed.summitKey)).json()).decisions).toBe(0);
  });

  it('weighs the holdout’s decisions by the learning policy’s probabilities, and measures the lift against the holdout', async () => {
    await view();
    ids.state.holdout = true;
    const held = await acceptedEngagement();
    ids.state.holdout = false;
    const heldView = await view(held.id, held.associate);
    expect(heldView.holdout).toBe(true);
    await h.app.practices.outcomeOf(engagementId, 'sale');
    await h.app.practices.outcomeOf(held.id, 'no_sale');
    const [logged] = await h.db.db.select().from(practiceRankings).where(eq(practiceRankings.id, heldView.rankingId));
    const target = logged!.items[0]!.target!;
    const evaluation = PracticesEvaluation.parse(await (await call(h.app, 'GET', '/api/v1/practices/evaluation', h.seed.voltKey)).json());
    // The treated decision weighs 1 (reward 1); the holdout's, logged with probability 1, weighs the learning policy's probability (reward 0).
    expect(evaluation.ips.value).toBeCloseTo(0.5, 9);
    expect(evaluation.snips.value).toBeCloseTo(1 / (1 + target), 9);
    expect(evaluation.effectiveSampleSize).toBeCloseTo((1 + target) ** 2 / (1 + target * target), 9);
    expect(evaluation.lift).toEqual({ value: 1, low: 1, high: 1, treated: 1, holdout: 1 });
  });

});
