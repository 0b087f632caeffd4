import { sql } from 'drizzle-orm';
import { type AnyPgColumn, customType, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { associates } from './associates';
import { consoleUsers } from './console';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Where an application to the marketplace stands:
 * - `unverified`: registered, the e-mail address not yet confirmed by its link;
 * - `declined`: a rule the operator set answered at once that it cannot be accepted (the rule is named);
 * - `checking`: the rules passed; the background and credit check is out with the third party;
 * - `review`: the check came back (or needs the operator): the operator decides;
 * - `more_info`: the operator asked the applicant for more; their answer takes it back to `review`;
 * - `adverse_action`: the operator started the adverse-action path on a `consider` report (pre-adverse notice sent, waiting period running);
 * - `approved`: an independent associate of the marketplace; enterprises may admit them;
 * - `rejected`: the operator rejected it, or the adverse-action path ended;
 * - `withdrawn`: the applicant withdrew it.
 */
export const APPLICATION_STATUSES = ['unverified', 'declined', 'checking', 'review', 'more_info', 'adverse_action', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** A rule of acceptability as it applied to one application, in the applicant's words. */
export interface RuleOutcome {
  rule: 'country' | 'minimum_age' | 'languages' | 'documents' | 'categories';
  passed: boolean;
  /** What the applicant is told, e.g. "We do not take applications from Brazil yet." */
  detail: string;
}

/**
 * The account's answers of a re-application (the form has them as a first application does):
 * kept apart until the address is confirmed, so applying again with someone's address
 * changes nothing of their account unless they open the link. Never the password: the form's
 * is dropped, so opening a link one did not ask for hands nobody the account.
 */
export interface PendingAccount {
  displayName: string;
  languages: string[];
  timezone: string;
}

/**
 * One application of a person to work as an independent associate of the marketplace. The
 * person's account is the associate row (name, e-mail, password, languages, time zone) made
 * at their first registration; it takes no offer until an application is approved and an
 * enterprise admits them. The answers here are what the operator's review needs.
 *
 * A person whose application ended (declined, rejected, withdrawn) may apply again with the
 * same address (after the operator's waiting period for a rejection): a new row, linked to
 * the previous one, the ended one kept as it was. At most one application of a person is
 * open or approved at a time (a partial unique index), so two re-applications at once make one.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    /** The person's application before this one (null for their first). */
    previousApplicationId: uuid('previous_application_id').references((): AnyPgColumn => applications.id, { onDelete: 'set null' }),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull(),
    /** Legal names, for the background check (the associate's display name may differ). */
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    /** ISO 3166-1 alpha-2, upper-case. */
    country: text('country').notNull(),
    /** "YYYY-MM-DD": the minimum age is a rule; kept until the decision, then cleared. */
    birthDate: text('birth_date'),
    /** Category paths (broadest first) the applicant wants to sell. */
    categories: jsonb('categories').$type<string[][]>().notNull(),
    /** Their experience in their own words. */
    experience: text('experience').notNull(),
    /** Hours a week they mean to work. */
    weeklyHours: integer('weekly_hours').notNull(),
    /** When the applicant consented to the checks, and to which version of the disclosure. */
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
    consentVersion: text('consent_version').notNull(),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /** The rules of acceptability as they applied when last evaluated. */
    ruleOutcomes: jsonb('rule_outcomes').$type<RuleOutcome[]>().notNull().default([]),
    /** The last decision's reason, as the applicant is told it. */
    decisionReason: text('decision_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => consoleUsers.id, { onDelete: 'set null' }),
    /** A re-application's account answers, until the address is confirmed (then written to the account and cleared). */
    pendingAccount: jsonb('pending_account').$type<PendingAccount>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('applications_status_idx').on(t.status, t.updatedAt),
    index('applications_associate_idx').on(t.associateId, t.createdAt),
    uniqueIndex('applications_one_standing_idx')
      .on(t.associateId)
      .where(sql`${t.status} not in ('declined', 'rejected', 'withdrawn')`),
  ],
);

/**
 * What happened to an application, in order: the applicant's status page and the operator's
 * review read it. `message` is what the applicant is told (null: not shown to them).
 */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Who moved it: the applicant, the rules, the check provider, an operator, or the service. */
    actor: text('actor', { enum: ['applicant', 'rules', 'check', 'operator', 'service'] }).notNull(),
    /** The operator's console user, when an operator. */
    actorUserId: uuid('actor_user_id').references(() => consoleUsers.id, { onDelete: 'set null' }),
    /** E.g. "registered", "email_verified", "declined", "check_started", "check_completed", "approved", "more_info_requested". */
    kind: text('kind').notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull(),
    message: text('message'),
  },
  (t) => [index('application_events_application_idx').on(t.applicationId, t.at)],
);

/** The kinds of document the operator may require of applicants. */
export const DOCUMENT_KINDS = ['identity', 'address', 'tax', 'resume'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document an applicant uploaded for a required kind; deleted once the application is decided. */
export const applicationDocuments = pgTable(
  'application_documents',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('application_documents_application_idx').on(t.applicationId)],
);

/** The operator's rules of acceptability (see shared/registration.ts for their contract). */
export interface AcceptabilityRules {
  /** ISO 3166-1 alpha-2 codes served; empty: every country. */
  countries: string[];
  minimumAge: number;
  requiredDocuments: DocumentKind[];
  /** The applicant must speak at least one of these; empty: any language. */
  languages: string[];
  /** The check provider's package the invitation asks for. */
  checkPackage: string;
  /** Days after a rejection before the person may apply again (0: at once); a withdrawal or a decline waits for nothing. Absent in rows set before it existed: the default. */
  reapplyAfterDays?: number;
}

/** The marketplace's settings for joining it: one row, key "marketplace". */
export const joinSettings = pgTable('join_settings', {
  key: text('key').primaryKey(),
  rules: jsonb('rules').$type<AcceptabilityRules>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => consoleUsers.id, { onDelete: 'set null' }),
});

/**
 * The background and credit check of an application with the third party (Checkr): only what
 * the decision needs, its ids, states, result, adjudication and dates, never the report's contents.
 */
export const backgroundChecks = pgTable(
  'background_checks',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .unique()
      .references(() => applications.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    package: text('package').notNull(),
    candidateId: text('candidate_id').notNull(),
    invitationId: text('invitation_id'),
    /** pending, completed, expired */
    invitationStatus: text('invitation_status'),
    reportId: text('report_id').unique(),
    /** pending, suspended, paused, complete, canceled, dispute */
    reportStatus: text('report_status'),
    /** clear, consider (null until complete) */
    reportResult: text('report_result'),
    /** engaged, pre_adverse_action, post_adverse_action (null until the operator adjudicates) */
    adjudication: text('adjudication'),
    adverseActionId: text('adverse_action_id'),
    /** When the pre-adverse notice went out, and when the waiting period ends (the post-adverse notice may go then). */
    preAdverseAt: timestamp('pre_adverse_at', { withTimezone: true }),
    postAdverseDueAt: timestamp('post_adverse_due_at', { withTimezone: true }),
    postAdverseAt: timestamp('post_adverse_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('background_checks_due_idx').on(t.postAdverseDueAt)],
);

/** Webhook events received from the check provider, by their id: a replayed event changes nothing. */
export const checkEvents = pgTable('check_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
});
