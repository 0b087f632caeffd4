import { z } from 'zod';
import { SessionSummary } from './session';
import { text } from './text';
import { QueryTime } from './time';

/** Every error answer: `{ error: { code, message, issues? } }`. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

export const ErrorCode = {
  invalidJson: 'invalid_json',
  invalidBody: 'invalid_body',
  invalidQuery: 'invalid_query',
  /** 400: a path parameter that cannot name anything (a customer id outside its character set). */
  invalidPath: 'invalid_path',
  /** 400: events older than the backend takes; the issues name them. */
  eventTooOld: 'event_too_old',
  /** 400: events that would take an amount (a cart total) past what a Decimal holds; the issues name them. */
  amountOutOfRange: 'amount_out_of_range',
  /** 400: a URL the backend will not call: not https, with credentials, or at an address that is not public. */
  urlNotAllowed: 'url_not_allowed',
  unauthorized: 'unauthorized',
  /** 401: a console sign-in with the right password, without the code of the second factor the user turned on. */
  secondFactorRequired: 'second_factor_required',
  /** 403: a console user whose role in the enterprise does not allow the request (an analyst changing anything). */
  roleForbids: 'role_forbids',
  /** 403: a console session's change without its CSRF token (header `X-CSRF-Token`). */
  csrfFailed: 'csrf_failed',
  /** 403: the console user is not a member of the enterprise named (header `X-Floorwalker-Enterprise`), nor an operator with support access to it. */
  notAMember: 'not_a_member',
  /** 403: the route is the marketplace operator's. */
  operatorOnly: 'operator_only',
  /** 403: the enterprise is suspended by the marketplace operator: its keys and users are refused. */
  enterpriseSuspended: 'enterprise_suspended',
  /** 403: events from sites that do not take part; the issues name them. */
  notParticipating: 'not_participating',
  notFound: 'not_found',
  methodNotAllowed: 'method_not_allowed',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  rateLimited: 'rate_limited',
  /** 426: the realtime endpoint takes WebSocket upgrades only. */
  upgradeRequired: 'upgrade_required',
  /** 409: accepting an invitation that requires the enterprise's own test, without a valid pass of it. */
  testRequired: 'test_required',
  /** 409: accepting an invitation before the marketplace approved the associate's application. */
  notApproved: 'not_approved',
  /** 409: the offer went to a colleague who accepted first. */
  offerTaken: 'offer_taken',
  /** 409: the offer expired (or the opportunity was given up) before the answer. */
  offerExpired: 'offer_expired',
  /** 409: the offer was answered already. */
  offerAnswered: 'offer_answered',
  /** 409: the associate has as many engagements as their capacity. */
  atCapacity: 'at_capacity',
  /** 409: the engagement was answered already, or expired. */
  engagementClosed: 'engagement_closed',
  /** 409: a message for an opportunity that was not given up (or has one already). */
  messageNotWanted: 'message_not_wanted',
  /** 409: the engagement is not live (not accepted yet, or declined or expired): no peer credentials, nothing to end. */
  engagementNotLive: 'engagement_not_live',
  /** 409: the engagement has ended (and, for a transcript, its late-flush window has passed). */
  engagementEnded: 'engagement_ended',
  /** 410: a one-time link (invitation, password reset) that has expired. */
  linkExpired: 'link_expired',
  /** 410: a one-time link that was used already. */
  linkUsed: 'link_used',
  /** 400: a one-time link this server never made, or one replaced by a newer one. */
  linkInvalid: 'link_invalid',
  /** 413: the engagement's transcript holds as much text as it may; nothing of the post was kept. */
  transcriptFull: 'transcript_full',
  /** 409: the number texted STOP to the enterprise (or Twilio says so): no text goes to it until it texts START. */
  recipientOptedOut: 'recipient_opted_out',
  /** 409: the shopper gave no number for this (calls or texts) in the engagement, or took it back. */
  noShopperPhone: 'no_shopper_phone',
  /** 404: asking for help on a page of no participating shop. */
  noParticipatingSite: 'no_participating_site',
  /** 404: asking for help at a shop the shopper has no session with yet (nothing observed there). */
  noSession: 'no_session',
  /** 409: the shopper asked for help at another shop, and that ask is still live. */
  alreadyAsked: 'already_asked',
  /** 409: a colleague took the message first. */
  messageTaken: 'message_taken',
  /** 400: a commission plan the rules of commission refuse (a rule twice, tiers not ascending); the issues name every problem. */
  invalidPlan: 'invalid_plan',
  /** 415: a material's file that is not a PDF, PNG, JPEG, WebP or GIF by its bytes (SVG and HTML never are), or that says it is another type than it is. */
  unsupportedMaterial: 'unsupported_material',
  /** 409: the material is archived, or is not of the kind the request is for (a file for a technique). */
  materialUnusable: 'material_unusable',
  /** 409: an order id the enterprise sent before with other content. */
  orderConflict: 'order_conflict',
  /** 409: a refund id the enterprise sent before with other content (or for another order). */
  refundConflict: 'refund_conflict',
  /** 400: an order the attribution cannot take (no lines, duplicate line ids, an amount too large). */
  invalidOrder: 'invalid_order',
  /** 400: a refund the attribution cannot take. */
  invalidRefund: 'invalid_refund',
  /** 400: a line or refund in another currency than its order's. */
  mixedCurrency: 'mixed_currency',
  /** 400: a refund naming a line its order does not have. */
  unknownLine: 'unknown_line',
  /** 422: an old version of a rule document that today's schema refuses cannot be restored; the issues name what it refuses. */
  versionInvalid: 'version_invalid',
  /** 409: rejecting an application whose check came back `consider` goes through the adverse-action path (vetting's), not a plain rejection. */
  adverseActionRequired: 'adverse_action_required',
  /** 409: an application is approved only once its check is complete. */
  checkIncomplete: 'check_incomplete',
  /** 401: a webhook without its sender's signature of the body (Checkr's `X-Checkr-Signature`); nothing of it was read. */
  badSignature: 'bad_signature',
  /** 502: the background-check provider is not configured, or did not answer; nothing was changed. */
  providerUnavailable: 'provider_unavailable',
  /** 409: an accreditation test's attempt past its deadline: graded as far as it was answered before; what came after does not count. */
  attemptExpired: 'attempt_expired',
  /** 409: a test failed too recently to start again; the message and Retry-After say when. */
  retakeWait: 'retake_wait',
  internal: 'internal',
} as const;

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
});
export type Health = z.infer<typeof Health>;

/** Body of POST /api/v1/shoppers; everything optional. */
export const CreateShopper = z.object({
  /** Locale of the browser, e.g. "en-GB". */
  locale: text().max(35).optional(),
});
export const ShopperCreated = z.object({
  shopperId: z.string(),
  /** Bearer token the extension authenticates with; shown once. */
  token: z.string(),
  createdAt: z.string(),
});
export type ShopperCreated = z.infer<typeof ShopperCreated>;

/** A session in the enterprise's list: its summary, and whether an opportunity and an engagement came of it. */
export const SessionListItem = SessionSummary.extend({ hasOpportunity: z.boolean(), hasEngagement: z.boolean() });
export type SessionListItem = z.infer<typeof SessionListItem>;

/** How GET /api/v1/sessions may be sorted: always descending, ties by id. */
export const SessionSortKey = z.enum(['lastActivity', 'started', 'duration', 'cartValue']);

const QueryFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The query of GET /api/v1/sessions: a page (`limit`, `before`, the `nextBefore` of the previous
 * page in the same sort), its order (`sort`) and what narrows it: a site's domain, sessions
 * active within [`from`, `to`), whether an opportunity or an engagement came of them, text in
 * the products seen or the searches (`q`), the verified customer id.
 */
export const SessionListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(300).optional(),
  sort: SessionSortKey.default('lastActivity'),
  site: text().trim().toLowerCase().min(1).max(253).optional(),
  from: QueryTime.optional(),
  to: QueryTime.optional(),
  hasOpportunity: QueryFlag.optional(),
  hasEngagement: QueryFlag.optional(),
  q: text().trim().min(1).max(100).optional(),
  customer: text().min(1).max(200).optional(),
});

export const SessionList = z.object({
  sessions: z.array(SessionListItem),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type SessionList = z.infer<typeof SessionList>;

const StoredEvent = z.object({
  id: z.string(),
  clientEventId: z.string(),
  type: z.string(),
  at: z.string(),
  receivedAt: z.string(),
  siteId: z.string(),
  url: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const SessionDetail = SessionSummary.extend({ events: z.array(StoredEvent) });
export type SessionDetail = z.infer<typeof SessionDetail>;
