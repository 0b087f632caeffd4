import type { OpportunityRules } from '../../../../shared/rules';
import { type OpportunityRulesPreview, PREVIEW_SAMPLE, type PreviewScore, type PreviewSession, type PreviewTally } from '../../../../shared/rules-preview';
import { type DetectionInput, evaluate } from './detect.core';

/** One stored session as the preview reads it. */
export interface PreviewInput extends DetectionInput {
  sessionId: string;
  shopperId: string;
  /** The session's last event: it is evaluated as of then. */
  at: Date;
}

interface Scored {
  score: number;
  reasons: PreviewScore['reasons'];
  /** The score reached the threshold (before the cool-down). */
  reaches: boolean;
}

interface Row {
  sessionId: string;
  shopperId: string;
  at: number;
  draft: Scored;
  live: Scored | null;
}

/**
 * Replays recent sessions against a draft of the opportunity rules and the live version, with
 * the same pure `evaluate` detection runs. Sessions are added as they are read (each scored at
 * once, only the score kept); `result` then applies each version's cool-down shopper by shopper,
 * oldest first, and tallies. What it simulates: every session scored once, on its aggregate as
 * stored now, as of its last event; at most one opportunity per session; no opening within the
 * cool-down of the same shopper's previous simulated one. Not simulated: the moment within a
 * session at which the threshold was first reached (the aggregate only grows, except a cart
 * emptied), openings from before the window (they may have cooled a session down in fact),
 * asks (they open whatever the rules say), and live opportunities that held a session back.
 */
export class RulesPreview {
  private readonly rows: Row[] = [];

  constructor(
    private readonly draft: OpportunityRules,
    private readonly live: { version: number; document: OpportunityRules } | null,
  ) {}

  add(input: PreviewInput): void {
    this.rows.push({
      sessionId: input.sessionId,
      shopperId: input.shopperId,
      at: input.at.getTime(),
      draft: scored(this.draft, input),
      live: this.live ? scored(this.live.document, input) : null,
    });
  }

  get size(): number {
    return this.rows.length;
  }

  result(window: { hours: number; since: Date; until: Date; truncated: boolean; customersRead: number }): OpportunityRulesPreview {
    // Oldest first, so that each shopper's earlier opening cools the later sessions down.
    const ordered = [...this.rows].sort((a, b) => a.at - b.at || (a.sessionId < b.sessionId ? -1 : 1));
    const draftOpens = withCooldown(ordered, (r) => r.draft, this.draft.cooldownMinutes);
    const liveOpens = this.live ? withCooldown(ordered, (r) => r.live!, this.live.document.cooldownMinutes) : new Set<Row>();
    const view = (r: Row): PreviewSession => ({
      sessionId: r.sessionId,
      shopperId: r.shopperId,
      at: new Date(r.at).toISOString(),
      draft: scoreView(r.draft, draftOpens.has(r)),
      live: r.live ? scoreView(r.live, liveOpens.has(r)) : null,
    });
    const newestFirst = [...ordered].reverse();
    const onlyDraft = newestFirst.filter((r) => draftOpens.has(r) && !liveOpens.has(r));
    const onlyLive = newestFirst.filter((r) => liveOpens.has(r) && !draftOpens.has(r));
    return {
      hours: window.hours,
      since: window.since.toISOString(),
      until: window.until.toISOString(),
      evaluated: ordered.length,
      truncated: window.truncated,
      draft: tally(this.draft, null, ordered, (r) => r.draft, draftOpens),
      live: this.live ? tally(this.live.document, this.live.version, ordered, (r) => r.live!, liveOpens) : null,
      both: ordered.filter((r) => draftOpens.has(r) && liveOpens.has(r)).length,
      onlyDraft: { count: onlyDraft.length, sample: onlyDraft.slice(0, PREVIEW_SAMPLE).map(view) },
      onlyLive: { count: onlyLive.length, sample: onlyLive.slice(0, PREVIEW_SAMPLE).map(view) },
      customersRead: window.customersRead,
    };
  }
}

function scored(rules: OpportunityRules, input: PreviewInput): Scored {
  const d = evaluate(rules, input, input.at);
  return { score: d.score, reasons: d.reasons, reaches: d.opens };
}

function scoreView(s: Scored, opens: boolean): PreviewScore {
  return { score: s.score, reasons: s.reasons, opens, cooledDown: s.reaches && !opens };
}

/** The rows (oldest first) that open: they reach the threshold and the shopper's last opening is at least the cool-down before. */
function withCooldown(ordered: readonly Row[], side: (r: Row) => Scored, cooldownMinutes: number): Set<Row> {
  const cooldownMs = cooldownMinutes * 60_000;
  const lastOpened = new Map<string, number>();
  const opens = new Set<Row>();
  for (const r of ordered) {
    if (!side(r).reaches) continue;
    const last = lastOpened.get(r.shopperId);
    // Detection holds a session back while the last opening is later than now - cool-down.
    if (last !== undefined && last > r.at - cooldownMs) continue;
    lastOpened.set(r.shopperId, r.at);
    opens.add(r);
  }
  return opens;
}

function tally(rules: OpportunityRules, version: number | null, rows: readonly Row[], side: (r: Row) => Scored, opens: Set<Row>): PreviewTally {
  const byRule = new Map(rules.conditions.map((c) => [c.id, 0]));
  let cooledDown = 0;
  for (const r of rows) {
    if (!opens.has(r)) {
      if (side(r).reaches) cooledDown++;
      continue;
    }
    for (const reason of side(r).reasons) byRule.set(reason.conditionId, (byRule.get(reason.conditionId) ?? 0) + 1);
  }
  return { version, opened: opens.size, cooledDown, byRule: [...byRule].map(([conditionId, opened]) => ({ conditionId, opened })) };
}
