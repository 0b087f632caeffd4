import { z } from 'zod';
import { CategoryPath, Email, Language, Password } from './associates';
import { TimeZone } from './rules';
import { nonBlank, text } from './text';

/**
 * Registration of independent associates to the marketplace: the applicant's form, their
 * view of where the application stands, and the operator's vetting queue and rules.
 */

/**
 * The disclosure the applicant authorizes the background and credit checks with. The FCRA
 * wants it standalone: the registration page shows this text alone (not inside other terms)
 * and the applicant sends back `{ authorized: true, version }` for this version. A new text
 * takes a new version; an old version is refused, so nobody consents to a text they did not see.
 */
export const CHECKS_DISCLOSURE = {
  version: '2026-12-01',
  title: 'Disclosure regarding background and credit checks',
  text: [
    'The Floorwalker marketplace may obtain consumer reports about you from a consumer reporting agency (Checkr, Inc.) to decide whether you may work on the marketplace as an independent associate.',
    'These reports may include your identity, criminal history, motor vehicle records, credit history and other background information, as the law of where you live allows.',
    'You may ask whether a report was obtained and, if so, for the name and address of the agency that prepared it. You have the right to a copy of it and to dispute what is in it with the agency.',
    'If we consider deciding against you because of something in a report, we will first send you a copy of the report and a summary of your rights, and wait before deciding, so you can dispute it.',
  ].join('\n\n'),
} as const;

/** Where an application stands (see backend/src/db/schema/registration.ts for each status). */
export const ApplicationStatus = z.enum(['unverified', 'declined', 'checking', 'review', 'more_info', 'adverse_action', 'approved', 'rejected', 'withdrawn']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** The kinds of document the operator may require. */
export const DocumentKind = z.enum(['identity', 'address', 'tax', 'resume']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** What a document may be: a PDF, a PNG or a JPEG (checked against its bytes). */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const DocumentContentType = z.enum(DOCUMENT_CONTENT_TYPES);

/** The largest document kept, in bytes (before base64). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** ISO 3166-1 alpha-2, taken in either case and kept upper-case ("FR"). */
export const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. "FR"')
  .transform((c) => c.toUpperCase());

/** A calendar date "YYYY-MM-DD" that exists (no 02-30), from year 1900. */
export const BirthDate = z
  .string()
  .regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, 'a date "YYYY-MM-DD"')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  }, 'a date that exists');

/** The applicant's consent to the checks, to the disclosure's current version. */
export const ChecksConsent = z
  .object({
    authorized: z.literal(true, 'the checks must be authorized to apply'),
    version: z.literal(CHECKS_DISCLOSURE.version, `the current disclosure's version (${CHECKS_DISCLOSURE.version})`),
  })
  .strict();

/** Body of POST /api/v1/applications (public): the account and the application at once. */
export const Registration = z
  .object({
    email: Email,
    password: Password,
    /** What shoppers and enterprises see. */
    displayName: nonBlank(100),
    /** Legal names, for the checks. */
    givenName: nonBlank(100),
    familyName: nonBlank(100),
    country: Country,
    timezone: TimeZone,
    languages: z.array(Language).min(1).max(20),
    birthDate: BirthDate,
    categories: z.array(CategoryPath).min(1).max(50),
    experience: nonBlank(4000),
    weeklyHours: z.number().int().min(1).max(80),
    consent: ChecksConsent,
  })
  .strict();
export type Registration = z.infer<typeof Registration>;

/** The answer to a registration: the same whether or not the address had an account. */
export const Registered = z.object({ message: z.string() });
export type Registered = z.infer<typeof Registered>;

/** A verification token from the mailed link (`fwv_…`). */
export const VerificationToken = z.string().regex(/^fwv_[A-Za-z0-9_-]{10,100}$/, 'the token from the link');

/** Body of POST /api/v1/applications/verify. */
export const VerifyEmail = z.object({ token: VerificationToken }).strict();

/** Body of POST /api/v1/applications/me/documents: one document, its bytes in base64. */
export const DocumentUpload = z
  .object({
    kind: DocumentKind,
    fileName: nonBlank(200),
    contentType: DocumentContentType,
    /** Base64 (standard alphabet, padded or not) of at most MAX_DOCUMENT_BYTES: a larger document is refused with 413. */
    content: z
      .string()
      .min(4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
      .meta({ description: `Base64 of the document's bytes, at most ${MAX_DOCUMENT_BYTES} of them (413 beyond).` }),
  })
  .strict();
export type DocumentUpload = z.infer<typeof DocumentUpload>;

/** Body of POST /api/v1/applications/me/reply: the applicant's answer to the operator's question. */
export const ApplicationReply = z.object({ message: nonBlank(4000) }).strict();

/** A rule of acceptability as it applied, in the applicant's words. */
export const RuleOutcome = z.object({
  rule: z.enum(['country', 'minimum_age', 'languages', 'documents', 'categories']),
  passed: z.boolean(),
  detail: z.string(),
});
export type RuleOutcome = z.infer<typeof RuleOutcome>;

/** A document as listed (never its bytes: those are downloaded by the operator). */
export const ApplicationDocument = z.object({
  id: z.uuid(),
  kind: DocumentKind,
  fileName: z.string(),
  contentType: DocumentContentType,
  size: z.number().int(),
  uploadedAt: z.string(),
});

/**
 * The step the application waits on, whoever must act: the applicant (`verify_email`,
 * `upload_documents`, `answer_question`), the check provider (`check`), the operator
 * (`review`), the adverse-action waiting period (`adverse_action`), or nobody (`done`).
 */
export const ApplicationStep = z.enum(['verify_email', 'upload_documents', 'check', 'review', 'answer_question', 'adverse_action', 'done']);

/** One thing that happened, as the applicant is told it. */
export const ApplicantEvent = z.object({ at: z.string(), kind: z.string(), status: ApplicationStatus, message: z.string() });

/** GET /api/v1/applications/me: where the application stands, in the applicant's words. */
export const MyApplication = z.object({
  id: z.uuid(),
  status: ApplicationStatus,
  step: ApplicationStep,
  /** What to do next (or what happens next), in plain words. */
  next: z.string(),
  emailVerified: z.boolean(),
  ruleOutcomes: z.array(RuleOutcome),
  documents: z.object({ required: z.array(DocumentKind), uploaded: z.array(ApplicationDocument) }),
  /** The check's progress in plain words; null before it starts. Never what a report says. */
  check: z.string().nullable(),
  /** The last decision's reason or question, as told. */
  decisionReason: z.string().nullable(),
  /**
   * Once the application ended (declined, rejected, withdrawn): from when the person may apply
   * again (ISO instant; in the past: now). Null while it is open or approved.
   */
  reapplyFrom: z.string().nullable(),
  events: z.array(ApplicantEvent),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MyApplication = z.infer<typeof MyApplication>;

/** The operator's decision: approve, reject, or ask the applicant for more; `reason` is what the applicant is told. */
export const ApplicationDecision = z
  .object({
    decision: z.enum(['approve', 'reject', 'more_info']),
    reason: nonBlank(2000),
  })
  .strict();
export type ApplicationDecision = z.infer<typeof ApplicationDecision>;

/** Days a rejected person waits before applying again when the operator has not said (about six months). */
export const DEFAULT_REAPPLY_AFTER_DAYS = 180;

/** The longest waiting period the operator may set: ten years. */
export const MAX_REAPPLY_AFTER_DAYS = 3650;

/** The operator's rules of acceptability. */
export const JoinRules = z
  .object({
    /** Countries served; empty: every country. */
    countries: z.array(Country).max(250).refine((a) => new Set(a).size === a.length, 'no country twice'),
    minimumAge: z.number().int().min(16).max(99),
    requiredDocuments: z.array(DocumentKind).max(4).refine((a) => new Set(a).size === a.length, 'no kind twice'),
    /** The applicant must speak at least one of these; empty: any. */
    languages: z.array(Language).max(50),
    /** The check provider's package name. */
    checkPackage: text().regex(/^[a-z0-9_]{1,64}$/, 'a package name, e.g. "tasker_standard"'),
    /**
     * Days after a rejection (the operator's, or the adverse-action path's end) before the
     * person may apply again; 0: at once. A withdrawal or a decline by the rules waits for nothing.
     * Left out: the default (180).
     */
    reapplyAfterDays: z
      .number()
      .int('a whole number of days')
      .min(0, 'at least 0 days (0: at once)')
      .max(MAX_REAPPLY_AFTER_DAYS, `at most ${MAX_REAPPLY_AFTER_DAYS} days (ten years)`)
      .default(DEFAULT_REAPPLY_AFTER_DAYS),
  })
  .strict();
export type JoinRules = z.infer<typeof JoinRules>;
/** The rules as sent: the waiting period may be left out. */
export type JoinRulesInput = z.input<typeof JoinRules>;

/** GET/PUT /api/v1/marketplace/join-settings: the rules, and when and by whom they were last set (null: the defaults). */
export const JoinSettings = z.object({ rules: JoinRules, updatedAt: z.string().nullable(), updatedBy: z.uuid().nullable() });
export type JoinSettings = z.infer<typeof JoinSettings>;

/** Query of GET /api/v1/marketplace/applications: oldest change first, so those waiting longest come first. */
export const ApplicationQuery = z
  .object({
    status: ApplicationStatus.optional(),
    /** A part of the display name, the legal names or the e-mail. */
    q: text().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `next` of the previous page. */
    after: z.string().max(200).optional(),
  })
  .strict();

/** The check as the operator's review shows it: states and dates only, never the report's contents. */
export const CheckStateView = z.object({
  provider: z.string(),
  package: z.string(),
  invitationStatus: z.string().nullable(),
  reportStatus: z.string().nullable(),
  reportResult: z.enum(['clear', 'consider']).nullable(),
  adjudication: z.enum(['engaged', 'pre_adverse_action', 'post_adverse_action']).nullable(),
  preAdverseAt: z.string().nullable(),
  postAdverseDueAt: z.string().nullable(),
  postAdverseAt: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type CheckStateView = z.infer<typeof CheckStateView>;

/** One application in the queue: who, where from, what they sell, and where it and its check stand. */
export const ApplicationSummary = z.object({
  id: z.uuid(),
  associateId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  country: z.string(),
  /** Category paths (broadest first) the applicant wants to sell. */
  categories: z.array(z.array(z.string())),
  status: ApplicationStatus,
  /** The person's application before this one, when this one is a re-application (null for a first). */
  previousApplicationId: z.uuid().nullable(),
  /** The check's states and dates (null before it starts): the queue says where it stands without opening each application. */
  check: CheckStateView.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummary>;

export const ApplicationPage = z.object({ applications: z.array(ApplicationSummary), next: z.string().nullable() });
export type ApplicationPage = z.infer<typeof ApplicationPage>;

/** One thing that happened, as the operator sees it: who moved it, and what the applicant was told (null: nothing). */
export const ApplicationEvent = z.object({
  at: z.string(),
  actor: z.enum(['applicant', 'rules', 'check', 'operator', 'service']),
  actorUserId: z.uuid().nullable(),
  kind: z.string(),
  status: ApplicationStatus,
  message: z.string().nullable(),
});

/** Another application of the same person, as the review links it. */
export const OtherApplication = z.object({ id: z.uuid(), status: ApplicationStatus, createdAt: z.string(), updatedAt: z.string(), decisionReason: z.string().nullable() });
export type OtherApplication = z.infer<typeof OtherApplication>;

/** GET /api/v1/marketplace/applications/:id: everything the review needs. */
export const ApplicationDetail = ApplicationSummary.extend({
  timezone: z.string(),
  languages: z.array(z.string()),
  /** Cleared once the application is decided. */
  birthDate: z.string().nullable(),
  experience: z.string(),
  weeklyHours: z.number().int(),
  consent: z.object({ version: z.string(), at: z.string() }),
  emailVerifiedAt: z.string().nullable(),
  ruleOutcomes: z.array(RuleOutcome),
  decision: z.object({ reason: z.string().nullable(), at: z.string().nullable(), by: z.uuid().nullable() }),
  documents: z.array(ApplicationDocument),
  requiredDocuments: z.array(DocumentKind),
  events: z.array(ApplicationEvent),
  /** The person's other applications (before and after this one), newest first: how each ended, and why. */
  otherApplications: z.array(OtherApplication),
});
export type ApplicationDetail = z.infer<typeof ApplicationDetail>;
