import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, type MatchingDocument, type RankedCandidate } from '../../../../shared/matching';
import { DEMO_MATCHING } from '../../../../demo/routing';
import {
  addRule,
  checkDraft,
  documentToDraft,
  faultsOf,
  newSet,
  offerText,
  rulesLeft,
  setFieldNames,
  setWeight,
  shareText,
  sliderToWeight,
  weightShare,
  weightText,
  weightToSlider,
  whenText,
} from './matching.core';
import { changesSince, changeText, explainRanking, filterRules, offerStateText, offerStateTone, partText, rankingTitle } from './ranking.core';
import { dayStart, listQuery, NO_FILTERS, reasonsText } from './opportunities.core';

const TWO_SETS: MatchingDocument = {
  ruleSets: [
    DEMO_MATCHING.ruleSets[0]!,
    {
      name: 'TV, gold customers',
      priority: 10,
      when: { category: ['TV', 'OLED'], customerTiers: ['gold'], minScore: 50 },
      candidates: 'own',
      rules: [
        { rule: 'accreditation', weight: 4, mode: 'score', sources: ['grant', 'enterprise_test', 'marketplace_test'] },
        { rule: 'affinity', weight: 2.5 },
        { rule: 'recent_misses', weight: 1 },
        { rule: 'channels', weight: 1, needs: ['voice', 'cobrowse'], filter: false },
      ],
      offer: { mode: 'sequential', size: 1, waveEverySeconds: 15, offerSeconds: 20, giveUpSeconds: 120, priority: 'must', missesBeforeAway: 2, ownAssociateSeconds: 0 },
    },
  ],
};

describe('the rule sets as a form and back', () => {
  it('gives back the document it was made from, every option of every rule and of the offer policy', () => {
    const checked = checkDraft(documentToDraft(TWO_SETS));
    expect(checked).toEqual({ ok: true, document: TWO_SETS });
  });

  it('keeps the accreditation sources a rule trusts, in the catalogue’s order, and refuses none', () => {
    const draft = documentToDraft(TWO_SETS);
    const accreditation = draft.ruleSets[1]!.rules[0]!;
    expect(accreditation.sources).toEqual(['grant', 'enterprise_test', 'marketplace_test']);
    accreditation.sources = ['marketplace_test', 'grant'];
    const checked = checkDraft(draft);
    expect(checked.ok && checked.document.ruleSets[1]!.rules[0]).toMatchObject({ rule: 'accreditation', sources: ['grant', 'marketplace_test'] });
    accreditation.sources = [];
    const refused = checkDraft(draft);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(Object.keys(refused.fields)).toContain('ruleSets.1.rules.0.sources');
  });

  it('adds the channels rule needing a voice call and filtering, keeps the channels ticked in the catalogue’s order, refuses none, removes it', () => {
    const draft = documentToDraft(TWO_SETS);
    const everyday = draft.ruleSets[0]!;
    expect(rulesLeft(everyday)).toContain('channels');
    const added = addRule(everyday, 'channels');
    const channels = added.rules.at(-1)!;
    expect(channels).toMatchObject({ rule: 'channels', needs: ['voice'], filter: true });
    draft.ruleSets[0] = added;
    let checked = checkDraft(draft);
    expect(checked.ok && checked.document.ruleSets[0]!.rules.at(-1)).toEqual({ rule: 'channels', weight: 1, needs: ['voice'], filter: true });

    channels.needs = ['cobrowse', 'chat'];
    channels.filter = false;
    checked = checkDraft(draft);
    expect(checked.ok && checked.document.ruleSets[0]!.rules.at(-1)).toEqual({ rule: 'channels', weight: 1, needs: ['chat', 'cobrowse'], filter: false });

    channels.needs = [];
    checked = checkDraft(draft);
    const at = `ruleSets.0.rules.${added.rules.length - 1}.needs`;
    expect(!checked.ok && checked.fields[at]).toBe('need at least one channel');
    expect(setFieldNames(added, 0)).toContain(at);

    draft.ruleSets[0] = { ...added, rules: added.rules.filter((r) => r.rule !== 'channels') };
    checked = checkDraft(draft);
    expect(checked.ok && checked.document.ruleSets[0]!.rules.some((r) => r.rule === 'channels')).toBe(false);
  });

  it('starts from the built-in default when the enterprise has saved none, under a name and priority of its own', () => {
    const draft = documentToDraft(null);
    const checked = checkDraft(draft);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.document.ruleSets[0]).toMatchObject({ name: 'main', priority: 0, rules: DEFAULT_RULE_SET.rules });
  });

  it('says as one types what the shared schema says, on the path of the field at fault', () => {
    const draft = documentToDraft(TWO_SETS);
    draft.ruleSets[1]!.offer.offerSeconds = '200';
    draft.ruleSets[1]!.priority = '0';
    const checked = checkDraft(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.fields['ruleSets.1.offer.offerSeconds']).toBe('must not exceed giveUpSeconds (120)');
    expect(checked.fields['ruleSets.1.priority']).toBe('0 is already the priority of ruleSets[0]; priorities must differ');
    expect(faultsOf(checked.fields, 1)).toBe(2);
    expect(faultsOf(checked.fields, 0)).toBe(0);
    // The form's order puts the priority before the offer policy: the keyboard goes there first.
    expect(setFieldNames(draft.ruleSets[1]!, 1).find((f) => checked.fields[f])).toBe('ruleSets.1.priority');
  });

  it('names a figure it cannot read before the schema does, and a negative weight in the schema’s words', () => {
    const draft = documentToDraft(TWO_SETS);
    draft.ruleSets[0]!.rules[3]!.priorRate = 'lots';
    const bad = setWeight(draft, 0, 'load', -1);
    const checked = checkDraft(bad);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.fields['ruleSets.0.rules.3.priorRate']).toBe('must be a number');
    expect(checked.fields['ruleSets.0.rules.5.weight']).toBe('a weight must be at least 0');
  });

  it('adds each rule once, and a new rule set under a name and priority not taken', () => {
    const draft = documentToDraft(TWO_SETS);
    const set = draft.ruleSets[1]!;
    expect(rulesLeft(set)).not.toContain('affinity');
    expect(addRule(set, 'affinity')).toBe(set);
    const withLoad = addRule(set, 'load');
    expect(withLoad.rules.map((r) => r.rule)).toEqual(['accreditation', 'affinity', 'recent_misses', 'channels', 'load']);
    const added = newSet(draft);
    expect(checkDraft({ ruleSets: [...draft.ruleSets, added] }).ok).toBe(true);
    expect(Number(added.priority)).toBe(20);
  });

  it('reads a rule set’s conditions and offer policy in a line', () => {
    expect(whenText(TWO_SETS.ruleSets[1]!)).toBe('category TV › OLED; customers gold; score ≥ 50');
    expect(whenText(TWO_SETS.ruleSets[0]!)).toBe('Always');
    expect(offerText(TWO_SETS.ruleSets[1]!.offer)).toBe('One at a time, best first; 20 s per offer; given up after 120 s; assigned: the associate must acknowledge');
    expect(offerText({ ...TWO_SETS.ruleSets[1]!.offer, mode: 'waves', size: 3, priority: 'may' })).toBe('Waves of 3 every 15 s; 20 s per offer; given up after 120 s; the associate may choose');
  });
});

describe('weights on a slider', () => {
  it('puts a weight on the slider’s steps and back, a weight past its end at its end', () => {
    expect(weightToSlider(2)).toBe(2);
    expect(weightToSlider(2.3)).toBe(2.5);
    expect(weightToSlider(250)).toBe(10);
    expect(weightToSlider(-1)).toBe(0);
    expect(weightToSlider(Number.NaN)).toBe(0);
    expect(sliderToWeight(3.5)).toBe(3.5);
    expect(sliderToWeight(3.74)).toBe(3.5);
    expect(sliderToWeight(12)).toBe(10);
    expect(weightText(0.5)).toBe('0.5');
    expect(weightText(3)).toBe('3');
  });

  it('says what share of the score a weight is', () => {
    const rules = [{ weight: 3 }, { weight: 1 }, { weight: 0 }];
    expect(weightShare(rules, 3)).toBe(0.75);
    expect(shareText(weightShare(rules, 1))).toBe('25 % of the score');
    expect(weightShare([{ weight: 0 }], 0)).toBe(0);
  });
});

describe('a ranking explained as the side panel explains a match', () => {
  const ruleSet = TWO_SETS.ruleSets[0]!;
  const ana: RankedCandidate = { associateId: 'a1', score: 0.8, parts: { accreditation: { part: 0.8, weight: 3 }, load: { part: 1, weight: 1 }, available_now: { part: 1, weight: 0 } } };
  const ben: RankedCandidate = { associateId: 'b2', score: 0.2, parts: { accreditation: { part: 0, weight: 3 }, load: { part: 0.5, weight: 1 }, available_now: { part: 0, weight: 0 } }, filteredBy: ['accreditation', 'available_now'] };

  it('ranks who may be offered, then who a filter dropped, each part in words with what it added', () => {
    const rows = explainRanking({ ranking: [ana], filtered: [ben], ruleSet: { ruleSet } }, { category: ['Audio', 'Headphones'], names: { a1: 'Ana Ortiz' } });
    expect(rows.map((r) => [r.name, r.rank, r.scoreText])).toEqual([
      ['Ana Ortiz', 1, '80%'],
      ['Associate b2', null, '20%'],
    ]);
    expect(rows[0]!.parts.map(partText)).toEqual([
      'Accredited in Audio, level 4 · part 80 % × weight 3 = 2.4',
      'No engagement under way · part 100 % × weight 1 = 1',
      'Available now · part 100 % × weight 0 = 0',
    ]);
    expect(rows[0]!.parts[0]!.share).toBeCloseTo(0.6);
    expect(rows[1]!.filters).toEqual([
      { rule: 'accreditation', label: 'Accreditation', passed: false },
      { rule: 'available_now', label: 'Available now', passed: false },
    ]);
    expect(rows[0]!.filters.every((f) => f.passed)).toBe(true);
    expect(filterRules(TWO_SETS.ruleSets[1]!)).toEqual([]);
  });

  it('says which channels a candidate takes, or which needed ones they do not, and names the channels filter', () => {
    const needsVoice = { ...ruleSet, rules: [...ruleSet.rules, { rule: 'channels' as const, weight: 2, needs: ['voice' as const], filter: true }] };
    const cal: RankedCandidate = { associateId: 'c3', score: 1, parts: { channels: { part: 1, weight: 2, needs: ['voice'] } } };
    const dan: RankedCandidate = { associateId: 'd4', score: 0, parts: { channels: { part: 0, weight: 2, needs: ['voice'], lacks: ['voice'] } }, filteredBy: ['channels'] };
    const rows = explainRanking({ ranking: [cal], filtered: [dan], ruleSet: { ruleSet: needsVoice } });
    expect(rows.map((r) => r.parts.map(partText))).toEqual([['Takes voice calls · part 100 % × weight 2 = 2'], ['Does not take voice calls · part 0 % × weight 2 = 0']]);
    expect(rows[1]!.filters).toContainEqual({ rule: 'channels', label: 'Channels', passed: false });
    expect(rows[0]!.filters).toContainEqual({ rule: 'channels', label: 'Channels', passed: true });
  });

  it('says how a candidate moved since the last dry run, and nothing when it did not', () => {
    const first = explainRanking({ ranking: [ana, { ...ben, filteredBy: undefined }], filtered: [], ruleSet: { ruleSet } });
    const second = explainRanking({ ranking: [{ ...ben, score: 0.9, filteredBy: undefined }, ana], filtered: [], ruleSet: { ruleSet } });
    const changes = changesSince(first);
    expect(changeText(second[0]!, changes.get('b2'))).toBe('was 20%, rank 2');
    expect(changeText(second[1]!, changes.get('a1'))).toBe('was 80%, rank 1');
    expect(changeText(first[0]!, changesSince(first).get('a1'))).toBeNull();
    expect(changeText(first[0]!, undefined)).toBeNull();
  });

  it('names an offer’s state: accepted, declined, expired, withdrawn and why', () => {
    expect(offerStateText({ status: 'accepted', endReason: null })).toBe('Accepted');
    expect(offerStateText({ status: 'missed', endReason: null })).toBe('Expired: not answered in time');
    expect(offerStateText({ status: 'withdrawn', endReason: 'taken' })).toBe('Withdrawn: taken by another associate');
    expect(offerStateText({ status: 'withdrawn', endReason: 'expired' })).toBe('Withdrawn: the opportunity was given up');
    expect(offerStateText({ status: 'declined', endReason: null })).toBe('Declined');
    expect(offerStateTone('accepted')).toBe('');
    expect(offerStateTone('missed')).toBe('warn');
    expect(rankingTitle(1, 3, { name: 'demo', version: 4 })).toBe('Ranking 2 of 3: rule set “demo” (version 4)');
    expect(rankingTitle(0, 1, { name: 'default', version: 0 })).toBe('Ranking 1 of 1: the built-in “default”');
  });
});

describe('the opportunities list’s filters', () => {
  it('sends only the filters given, the end day through its end', () => {
    expect(listQuery(NO_FILTERS, 25, null)).toEqual({ limit: 25, before: null, status: null, rule: null, site: null, from: null, to: null });
    const q = listQuery({ status: 'unserved', rule: ' came-back ', site: 'Volt.Example', from: '2026-03-02', to: '2026-03-02' }, 25, 'c1');
    expect(q).toMatchObject({ status: 'unserved', rule: 'came-back', site: 'volt.example', before: 'c1' });
    expect(Date.parse(q.to as string) - Date.parse(q.from as string)).toBe(24 * 3_600_000);
    expect(dayStart('not a day')).toBeNull();
    expect(reasonsText({ reasons: [{ conditionId: 'came-back', points: 20, description: 'Viewed the same product twice' }, { conditionId: 'dwell', points: 30 }] })).toBe('Viewed the same product twice (+20) · dwell (+30)');
  });
});
