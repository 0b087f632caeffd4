import { z } from 'zod';
import { SessionSummary } from './session';

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
  unauthorized: 'unauthorized',
  notFound: 'not_found',
  notParticipating: 'not_participating',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
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
  locale: z.string().max(35).optional(),
});
export const ShopperCreated = z.object({
  shopperId: z.string(),
  /** Bearer token the extension authenticates with; shown once. */
  token: z.string(),
  createdAt: z.string(),
});
export type ShopperCreated = z.infer<typeof ShopperCreated>;

export const SessionList = z.object({
  sessions: z.array(SessionSummary),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type SessionList = z.infer<typeof SessionList>;

export const StoredEvent = z.object({
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
