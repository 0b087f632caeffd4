import { z } from 'zod';

/**
 * The background and credit check of an application as the operator sees it: only what the
 * decision needs (never the report's contents). Times are ISO 8601.
 */
export const CheckView = z.object({
  provider: z.string().describe('`checkr`.'),
  package: z.string().describe('The provider’s package the invitation asked for.'),
  invitationStatus: z.enum(['pending', 'completed', 'expired']).nullable(),
  reportStatus: z.enum(['pending', 'suspended', 'paused', 'complete', 'canceled', 'dispute']).nullable(),
  reportResult: z.enum(['clear', 'consider']).nullable(),
  adjudication: z.enum(['engaged', 'pre_adverse_action', 'post_adverse_action']).nullable(),
  preAdverseAt: z.iso.datetime({ offset: true }).nullable().describe('When the pre-adverse notice went out.'),
  postAdverseDueAt: z.iso.datetime({ offset: true }).nullable().describe('When the waiting period ends and the adverse action may become final; null while a dispute stops the clock.'),
  postAdverseAt: z.iso.datetime({ offset: true }).nullable().describe('When the adverse action became final (the post-adverse notice went out).'),
  createdAt: z.iso.datetime({ offset: true }),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type CheckView = z.infer<typeof CheckView>;

/** The body of POST /api/v1/marketplace/applications/:id/check/adverse-action: nothing (or `{}`). */
export const StartAdverseAction = z.object({}).strict();

/** What a Checkr webhook delivery came to (always 200: the provider does not retry it). */
export const CheckWebhookAnswer = z.object({
  result: z.enum(['taken', 'duplicate', 'ignored']),
  type: z.string(),
});
export type CheckWebhookAnswer = z.infer<typeof CheckWebhookAnswer>;
