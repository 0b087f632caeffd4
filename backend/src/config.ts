import { z } from 'zod';
import { PeerCredentials } from '../../shared/live';
import { checkUrl, parseAllowedHost } from './outbound/guard.core';
import { parseSecretsKey } from './sealing';

/** STUN/TURN servers for live engagements, as JSON: `[{"urls":"turn:turn.example:3478","username":"u","credential":"p"}]`. */
const IceServers = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of RTCIceServer objects' });
      return z.NEVER;
    }
  })
  .pipe(PeerCredentials.shape.iceServers.max(20));

/** A secrets key (see sealing.ts): 64 hex digits or 43 base64url characters. */
const SecretsKey = z.string().transform((s, ctx) => {
  try {
    return parseSecretsKey(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * Connections the backend keeps to Postgres (DATABASE_URL); PGlite has one. 20, not postgres.js's
   * 10: a transaction holds its connection across all its round trips (longer on a server across
   * the network than on this machine), and under a burst the rest of the requests queue behind
   * those. Twenty per instance, plus one for LISTEN, still leaves four instances within Postgres'
   * default max_connections of 100, with room for migrations and an operator's psql. (With the
   * test draw and grade out of transactions, `npm run bench -- tests` measured 10 and 20 the same
   * within the machine's noise: the pool no longer limits them.)
   */
  DATABASE_POOL: z.coerce.number().int().min(1).max(200).default(20),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  /** Days a session (and its events) is kept after its last event. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  /** Opportunity detection after each ingest batch and its sweep; "off" only to measure ingest without it. */
  DETECTION: z.enum(['on', 'off']).default('on'),
  // Segment's Profile API as the customer enrichment source (modules/customers/segment.ts); unset: none.
  SEGMENT_SPACE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'a Segment space id').optional(),
  SEGMENT_ACCESS_TOKEN: z.string().min(1).optional(),
  /** The enterprises (ids, comma-separated) whose customers the space holds. */
  SEGMENT_ENTERPRISE_IDS: z
    .string()
    .transform((s) => s.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.uuid('a list of enterprise ids (UUIDs), comma-separated')).min(1))
    .optional(),
  SEGMENT_PROFILES_URL: z.url({ protocol: /^https?$/ }).optional(),
  SEGMENT_ID_TYPE: z.string().regex(/^[a-z_]{1,40}$/, 'a Segment external id type, e.g. user_id or email').optional(),
  SEGMENT_TRAIT_TIER: z.string().min(1).max(200).optional(),
  SEGMENT_TRAIT_LIFETIME_VALUE: z.string().min(1).max(200).optional(),
  SEGMENT_TRAIT_TAGS: z.string().min(1).max(200).optional(),
  SEGMENT_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD').optional(),
  SEGMENT_TTL_SECONDS: z.coerce.number().int().min(1).max(604_800).optional(),
  // Best Buy's Products API as the source of external product information (modules/catalog/bestbuy.ts); unset: none.
  BESTBUY_API_KEY: z.string().regex(/^[A-Za-z0-9]{8,100}$/, 'a Best Buy API key (letters and digits)').optional(),
  BESTBUY_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  BESTBUY_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).optional(),
  // Checkr as the background and credit check of applicants (modules/vetting/checkr.ts); unset: checks cannot start.
  CHECKR_API_KEY: z.string().regex(/^[A-Za-z0-9_-]{8,200}$/, 'a Checkr secret API key (letters, digits, _ and -)').optional(),
  /** Default https://api.checkr.com/v1; staging is https://api.checkr-staging.com/v1. */
  CHECKR_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Days between the pre-adverse notice and the final adverse action: the applicant's time to dispute. */
  CHECKR_ADVERSE_WAITING_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  // Twilio for enterprises' calls and texts (modules/telephony/twilio.ts); each enterprise sets its own account in the console.
  /** Twilio's API; `npm start` points it at the local stand-in (backend/src/testing/twilio-server.ts). */
  TWILIO_API_URL: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).default('https://api.twilio.com'),
  /** Proxies in front of the backend that each append to X-Forwarded-For; the client's address for its budgets is that many entries from the right. 0: the socket's peer. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** STUN/TURN servers handed to both peers of a live engagement; none by default, so nothing calls out. */
  ICE_SERVERS: IceServers.default([]),
  /** The key stored secrets are sealed with (AES-256-GCM); unset: a key of this process only, with a warning. */
  SECRETS_KEY: SecretsKey.optional(),
  /** Keys of before a rotation, comma-separated: they open what they sealed, nothing is sealed with them. */
  SECRETS_KEY_PREVIOUS: z
    .string()
    .transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(SecretsKey))
    .optional(),
  /** Hosts (`host` or `host:port`, comma-separated) the backend may call over http and at private addresses: a demo's or a test's local server. */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .transform((s) => s.split(',').map((h) => h.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((h) => parseAllowedHost(h) !== null, 'a list of host or host:port, comma-separated (no scheme or path)')))
    .optional(),
  /** Where the links in mails and invitations point (the set-password page); default the backend's own address. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).optional(),
  /** Outgoing mail (invitations, password resets): smtp://user:pass@host:587 or smtps://…; unset: links are logged, not mailed. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: 'an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Floorwalker <no-reply@floorwalker.invalid>'),
}).superRefine((env, ctx) => {
  // Enrichment is all or nothing: a space without its token or its enterprises is a mistake, not "off".
  const segment = ['SEGMENT_SPACE_ID', 'SEGMENT_ACCESS_TOKEN', 'SEGMENT_ENTERPRISE_IDS'] as const;
  if (segment.some((k) => env[k] !== undefined)) {
    for (const k of segment) if (env[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `needed with ${segment.filter((o) => env[o] !== undefined).join(', ')}` });
  }
  // The providers' endpoints are called through the outbound guard: say at start, not at the first call, that one would be refused.
  // (An OUTBOUND_ALLOW_HOSTS that did not parse is refused on its own; its bad entries allow nothing here.)
  const allowHosts = (env.OUTBOUND_ALLOW_HOSTS ?? []).flatMap((h) => parseAllowedHost(h) ?? []);
  for (const key of ['SEGMENT_PROFILES_URL', 'BESTBUY_API_URL', 'CHECKR_API_URL', 'TWILIO_API_URL'] as const) {
    const url = env[key];
    if (!url) continue;
    const verdict = checkUrl(url, allowHosts);
    if (!verdict.ok) ctx.addIssue({ code: 'custom', path: [key], message: `the backend would not call it: ${verdict.reason}` });
  }
});
export type Config = z.infer<typeof Env>;

/** Reads the environment, or throws one readable message naming every bad variable. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const result = Env.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
