import { z } from 'zod';
import { Reason } from './rules';

/**
 * POST /api/v1/rules/opportunity/preview: what a draft of the opportunity rules would have
 * opened over the enterprise's recent sessions, beside what the live version would have. The
 * body is the draft document itself, validated as PUT validates it; `hours` is a query parameter.
 */

/** Most sessions a preview evaluates (the most recent first); more is reported as `truncated`. */
export const MAX_PREVIEW_SESSIONS = 20_000;
/** Most sessions listed in each of `onlyDraft` and `onlyLive`. */
export const PREVIEW_SAMPLE = 20;

export const PreviewQuery = z.object({
  /** How far back, in hours, from now: sessions whose last event falls in that window. */
  hours: z.coerce.number().int().min(1).max(168).default(24),
});
export type PreviewQuery = z.infer<typeof PreviewQuery>;

/** What one version of the rules did with the sessions. */
export const PreviewTally = z.object({
  /** The live version's number; null for the draft. */
  version: z.number().int().nullable(),
  /** Sessions that would have opened an opportunity. */
  opened: z.number().int(),
  /** Sessions whose score reached the threshold but that the cool-down held back (an earlier opening for the same shopper). */
  cooledDown: z.number().int(),
  /** Per condition, how many of the opened sessions it held for (in the rules' order; conditions that held for none are listed with 0). */
  byRule: z.array(z.object({ conditionId: z.string(), opened: z.number().int() })),
});
export type PreviewTally = z.infer<typeof PreviewTally>;

/** How one version scored one session. */
export const PreviewScore = z.object({
  score: z.number(),
  reasons: z.array(Reason),
  /** An opportunity would have opened. */
  opens: z.boolean(),
  /** The score reached the threshold but the cool-down held it back. */
  cooledDown: z.boolean(),
});
export type PreviewScore = z.infer<typeof PreviewScore>;

export const PreviewSession = z.object({
  sessionId: z.string(),
  shopperId: z.string(),
  /** The session's last event: the instant it was evaluated at (time-of-day conditions). */
  at: z.string(),
  draft: PreviewScore,
  /** Null when the enterprise has no live rules. */
  live: PreviewScore.nullable(),
});
export type PreviewSession = z.infer<typeof PreviewSession>;

const Difference = z.object({
  count: z.number().int(),
  /** At most PREVIEW_SAMPLE of them, most recent first. */
  sample: z.array(PreviewSession),
});

export const OpportunityRulesPreview = z.object({
  hours: z.number().int(),
  /** The window: sessions whose last event is after `since` and at most `until` (now). */
  since: z.string(),
  until: z.string(),
  /** Sessions evaluated. */
  evaluated: z.number().int(),
  /** More sessions than MAX_PREVIEW_SESSIONS fell in the window: the most recent ones were evaluated. */
  truncated: z.boolean(),
  draft: PreviewTally,
  /** Null when the enterprise has no live rules (nothing would have opened). */
  live: PreviewTally.nullable(),
  /** Sessions both versions would have opened. */
  both: z.number().int(),
  onlyDraft: Difference,
  onlyLive: Difference,
  /** Distinct customers whose pushed or cached profile was read for customer conditions (no source is called). */
  customersRead: z.number().int(),
});
export type OpportunityRulesPreview = z.infer<typeof OpportunityRulesPreview>;
