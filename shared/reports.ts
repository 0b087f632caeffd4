import { z } from 'zod';
import { Currency } from './page';
import { TimeZone } from './rules';
import { text } from './text';
import { ApiTime, instantOf } from './time';

/*
 * The sales reports (issue 18, item 8; docs/sales.md, "Reports"): opportunities, offers,
 * engagements, conversion, attributed revenue, commission and the holdout's lift, grouped by any
 * of associate, category, opportunity rule, channel and day. Amounts are integer minor units with
 * their currency, one money line per currency: currencies are never added together.
 */

/** What a report may be grouped by, in the order its lines and CSV columns put them. */
export const ReportDimension = z.enum(['associate', 'category', 'rule', 'channel', 'day']);
export type ReportDimension = z.infer<typeof ReportDimension>;

/** Which date puts the money (credits, commission) in a period and a day: the engagement's start, or the order's placement. */
export const ReportDatedBy = z.enum(['engagement', 'order']);
export type ReportDatedBy = z.infer<typeof ReportDatedBy>;

/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 366;

/**
 * GET /api/v1/reports?groupBy=associate,day&from=…&to=…: the query string. `from` included, `to`
 * excluded; `groupBy` a comma-separated list of dimensions, each at most once (empty: the total only).
 */
export const ReportQuery = z
  .object({
    groupBy: text()
      .max(100)
      .default('')
      .transform((s) => s.split(',').map((d) => d.trim()).filter((d) => d !== ''))
      .pipe(z.array(ReportDimension).refine((ds) => new Set(ds).size === ds.length, 'each dimension at most once')),
    from: ApiTime,
    to: ApiTime,
    datedBy: ReportDatedBy.default('engagement'),
    /** Categories are cut to their first `categoryDepth` levels ("Home > Kitchen" at 2). */
    categoryDepth: z.coerce.number().int().min(1).max(10).default(1),
    /** Days are calendar days in this zone. */
    timeZone: TimeZone.default('UTC'),
    /** Only this associate's figures (the associate's own view passes their id). */
    associateId: text().min(1).max(100).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()
  .refine((q) => instantOf(q.from) < instantOf(q.to), { message: '`from` must be before `to`', path: ['to'] })
  .refine((q) => instantOf(q.to) - instantOf(q.from) <= MAX_REPORT_DAYS * 86_400_000, { message: `at most ${MAX_REPORT_DAYS} days`, path: ['to'] });
export type ReportQuery = z.infer<typeof ReportQuery>;

/** A line's group: the value of each dimension grouped by (null: the facts that have none, e.g. offers have no channel). */
export const ReportGroup = z.object({
  associate: z.string().nullable().optional(),
  /** The category path cut to the query's depth. */
  category: z.array(z.string()).nullable().optional(),
  rule: z.string().nullable().optional(),
  /** The channels an engagement used, sorted and joined by "+" ("chat+voice"), or "none". */
  channel: z.string().nullable().optional(),
  /** YYYY-MM-DD in the query's zone. */
  day: z.string().nullable().optional(),
});
export type ReportGroup = z.infer<typeof ReportGroup>;

const Count = z.number().int().nonnegative();

/** The money of a line in one currency. */
export const ReportMoney = z.object({
  currency: Currency,
  /** Attributed orders (each once per line, even when it is split between engagements). */
  orders: Count,
  /** Attributed revenue net of refunds, in minor units. */
  revenueMinor: z.number().int(),
  /** revenue / orders, rounded to the minor unit; null without orders. */
  averageOrderMinor: z.number().int().nullable(),
  /** The commission ledger's entries (adjustments and reversals included), in minor units. */
  commissionMinor: z.number().int(),
});
export type ReportMoney = z.infer<typeof ReportMoney>;

export const ReportLift = z.object({ value: z.number(), low: z.number(), high: z.number() });
export type ReportLift = z.infer<typeof ReportLift>;

export const ReportLine = z.object({
  group: ReportGroup,
  opportunities: Count,
  offers: Count,
  /** Offers answered or expired (accepted, declined or expired); pending and withdrawn ones are not. */
  offersDecided: Count,
  offersAccepted: Count,
  /** offersAccepted / offersDecided; null when none was decided. */
  acceptanceRate: z.number().min(0).max(1).nullable(),
  engagements: Count,
  /** Engagements with an attributed order not wholly refunded. */
  converted: Count,
  conversionRate: z.number().min(0).max(1).nullable(),
  treated: z.object({ engagements: Count, converted: Count }),
  holdout: z.object({ engagements: Count, converted: Count }),
  /** Conversion of the treated less the holdout's, with its 95% interval (Newcombe); null when either side has no engagement. */
  lift: ReportLift.nullable(),
  /** One per currency, by currency code. */
  money: z.array(ReportMoney),
});
export type ReportLine = z.infer<typeof ReportLine>;

/** The JSON answer (the CSV has the same lines and total: docs/sales.md lists its columns). */
export const ReportAnswer = z.object({
  groupBy: z.array(ReportDimension),
  from: z.string(),
  to: z.string(),
  datedBy: ReportDatedBy,
  categoryDepth: z.number().int(),
  timeZone: z.string(),
  lines: z.array(ReportLine),
  total: ReportLine,
});
export type ReportAnswer = z.infer<typeof ReportAnswer>;

/** When a scheduled export runs: every day, or every week on `weekday` (1 = Monday … 7 = Sunday), at `hour`:00 in `timeZone`. */
export const ExportSchedule = z
  .object({
    frequency: z.enum(['daily', 'weekly']),
    hour: z.number().int().min(0).max(23),
    weekday: z.number().int().min(1).max(7).optional(),
    timeZone: TimeZone,
  })
  .strict()
  .refine((s) => (s.frequency === 'weekly') === (s.weekday !== undefined), { message: 'a weekly export names its weekday, a daily one none', path: ['weekday'] });
export type ExportSchedule = z.infer<typeof ExportSchedule>;

/** Where scheduled exports go: a signed webhook, or an S3-compatible bucket. */
export const ExportDestination = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('webhook'),
      /** Receives `POST` with the CSV, signed (`X-Floorwalker-Signature`, docs/sales.md). https and public unless the operator allows the host. */
      url: text(z.url({ protocol: /^https?$/ }))
        .max(2048)
        .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'must not carry a user name or password (the request is signed instead)')
        .refine((u) => !u.includes('#'), 'must not have a #fragment'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('s3'),
      /** Default `https://s3.<region>.amazonaws.com`; MinIO, R2, B2 and others by their endpoint. */
      endpoint: text(z.url({ protocol: /^https?$/ }))
        .max(2048)
        .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u) && !/[?#]/.test(u), 'an endpoint without credentials, query or fragment')
        .optional(),
      region: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a region, e.g. "eu-west-3" (R2: "auto")'),
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 of a-z, 0-9, dot and hyphen')
        .refine((b) => !b.includes('..'), 'an S3 bucket name has no two dots in a row'),
      /** `<endpoint>/<bucket>/<key>` rather than `<bucket>.<endpoint host>/<key>` (MinIO, and buckets with dots over https). */
      pathStyle: z.boolean().default(false),
      /** Put before each object's key, e.g. "floorwalker/". */
      prefix: text().max(200).default(''),
      accessKeyId: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'an access key id'),
      /** Write-only: never shown again. */
      secretAccessKey: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'a secret access key'),
    })
    .strict(),
]);
export type ExportDestination = z.infer<typeof ExportDestination>;

/** Body of `PUT /api/v1/reports/exports`: the enterprise's scheduled export. */
export const ExportSettingsBody = z
  .object({
    schedule: ExportSchedule,
    destination: ExportDestination,
    groupBy: z.array(ReportDimension).max(5).refine((ds) => new Set(ds).size === ds.length, 'each dimension at most once').default(['associate']),
    datedBy: ReportDatedBy.default('engagement'),
    categoryDepth: z.number().int().min(1).max(10).default(1),
    /** A new webhook signing secret (the old one is still sent beside it until the next change). */
    rotateSecret: z.boolean().optional(),
  })
  .strict();
export type ExportSettingsBody = z.input<typeof ExportSettingsBody>;

/** A stored secret as the settings show it: never the secret, only that it is set and its last characters. */
export const SecretHint = z.object({ set: z.literal(true), hint: z.string().describe('The secret’s last 4 characters, after "…".') });

/** What came of one attempt of an export: delivered; failed (no answer, 408, 429, 5xx: a scheduled run tries again) or refused (fix the settings). */
export const ExportAttemptResult = z.object({
  /** When the attempt was made. */
  at: z.string(),
  /** The run it belongs to (its due time), or null for a run asked for by hand. */
  runAt: z.string().nullable(),
  outcome: z.enum(['delivered', 'failed', 'refused']),
  /** Why it failed or was refused: safe to show (never a URL's path, a header or a secret). */
  reason: z.string().nullable(),
  /** For a failure: whether the scheduled run tries again (a run by hand is not tried again, nor one that gave up after its last attempt). */
  willRetry: z.boolean(),
  /** When it tries again, when the receiver said (Retry-After); null when the job queue's backoff decides. */
  retryAt: z.string().nullable(),
  filename: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
});
export type ExportAttemptResult = z.infer<typeof ExportAttemptResult>;

/** The enterprise's scheduled export as `GET /api/v1/reports/exports` shows it: secrets only as hints. */
export const ExportSettings = z.object({
  schedule: ExportSchedule,
  destination: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('webhook'), url: z.string(), signingSecret: SecretHint.extend({ rotating: z.boolean().describe('True while the previous secret is still sent beside the new one.') }) }),
    z.object({
      kind: z.literal('s3'),
      endpoint: z.string().nullable(),
      region: z.string(),
      bucket: z.string(),
      pathStyle: z.boolean(),
      prefix: z.string(),
      accessKeyId: z.string(),
      secretAccessKey: SecretHint,
    }),
  ]),
  groupBy: z.array(ReportDimension),
  datedBy: ReportDatedBy,
  categoryDepth: z.number().int(),
  /** When the next scheduled run is due. */
  nextRunAt: z.string(),
  lastAttempt: ExportAttemptResult.nullable(),
  updatedAt: z.string(),
  /** Only in the answer of the `PUT` that made a new webhook signing secret: shown this once. */
  signingSecret: z.string().optional(),
});
export type ExportSettings = z.infer<typeof ExportSettings>;
