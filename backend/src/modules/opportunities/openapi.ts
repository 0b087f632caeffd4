import { z } from 'zod';
import { MatchingRulesVersion } from '../../../../shared/matching';
import { OpportunityRules, OpportunityRulesVersion } from '../../../../shared/rules';
import { RulesDiffView } from '../../../../shared/rules-diff';
import { OpportunityRulesPreview } from '../../../../shared/rules-preview';
import type { RouteDoc } from '../openapi/document.core';

/** The history of both rule documents (diffs, rollback) and the preview of draft opportunity rules, for the OpenAPI document (openapi/catalogue.ts). */

const DiffQuery = z.object({
  from: z.number().int().min(1).describe('One version (usually the older).'),
  to: z.number().int().min(1).describe('The other version (usually the newer).'),
});
const PreviewQuery = z.object({
  hours: z.number().int().min(1).max(168).default(24).describe('How far back from now, in hours: the sessions whose last event falls in that window.'),
});
const Version = { version: z.string().regex(/^[1-9]\d{0,8}$/).describe('A version number of the document.') };

const DIFF_DESCRIPTION =
  'Structural: the document’s own settings field by field, then its entries (conditions by `id`; rule sets by `name`, ignoring case, and their rules by `rule`) added, removed or changed, each change with its path inside the entry and the old and new values. `reordered` says whether the entries both hold moved.';
const RESTORE_DESCRIPTION =
  'Writes the old version’s document again as the next version (history is never rewritten) and makes it live; the answer is the new version. A version today’s schema refuses (a time zone the server no longer knows, a limit since tightened) is refused with 422 `version_invalid` and the issues, and nothing is written.';

/** The diff and the rollback of one kind of rule document. */
function historyDocs(kind: 'opportunity' | 'matching', what: string, version: { id: string; schema: z.ZodType }): RouteDoc[] {
  const tag = kind === 'opportunity' ? 'opportunities' : 'matching';
  return [
    {
      method: 'GET',
      path: `/api/v1/rules/${kind}/diff`,
      tag,
      summary: `What changed in the ${what} between two versions.`,
      description: DIFF_DESCRIPTION,
      auth: ['enterprise'],
      query: DiffQuery,
      answer: { status: 200, description: 'The diff from `from` to `to`.', body: { id: 'RulesDiffView', schema: RulesDiffView } },
      errors: ['not_found', 'version_invalid'],
    },
    {
      method: 'POST',
      path: `/api/v1/rules/${kind}/versions/:version/restore`,
      tag,
      summary: `Rolls the ${what} back to an old version, written as the next one.`,
      description: RESTORE_DESCRIPTION,
      auth: ['enterprise'],
      params: Version,
      answer: { status: 201, description: 'The new live version.', body: version },
      errors: ['not_found', 'version_invalid'],
    },
  ];
}

export const rulesRouteDocs: RouteDoc[] = [
  ...historyDocs('opportunity', 'opportunity rules', { id: 'OpportunityRulesVersion', schema: OpportunityRulesVersion }),
  {
    method: 'POST',
    path: '/api/v1/rules/opportunity/preview',
    tag: 'opportunities',
    summary: 'What a draft of the opportunity rules would have opened over the recent sessions, beside the live version; nothing is written.',
    description:
      'The body is the draft, validated exactly as PUT validates it (the same issues and paths). The sessions whose last event falls in the last `hours` (the most recent 20,000 at most; more is reported as `truncated`) are each scored by both versions with the detection core, as of their last event, on their aggregate as stored now; each version’s cool-down is applied per shopper, oldest session first; a session opens at most once. Not simulated: when within a session the threshold was first reached, openings before the window, asks, live opportunities holding a session back. Customer conditions see pushed and cached profiles only.',
    auth: ['enterprise'],
    query: PreviewQuery,
    body: { id: 'OpportunityRules', schema: OpportunityRules },
    answer: { status: 200, description: 'What each version would have opened, by rule, and a sample of the sessions only one of them opens.', body: { id: 'OpportunityRulesPreview', schema: OpportunityRulesPreview } },
  },
  ...historyDocs('matching', 'matching rule sets', { id: 'MatchingRulesVersion', schema: MatchingRulesVersion }),
];
