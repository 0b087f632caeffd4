import { z } from 'zod';
import { TimeZone } from './rules';
import { AssociatePhone } from './telephony';
import { nonBlank, text } from './text';
import { ApiTime } from './time';

/**
 * An e-mail address, compared lower-case: a dot-atom local part of letters, digits and
 * `_ ' + -`, and a host name of labels that neither start nor end with "-", ending in a
 * top-level domain of letters. Every address it takes is one JSON Schema's `format: email`
 * takes too (zod's own pattern took `trail@host-.example`, which that format refuses).
 */
export const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
export const Email = text(z.email({ pattern: EMAIL_PATTERN, message: 'an e-mail address' }))
  .max(254)
  .meta({ format: 'email' })
  .transform((e) => e.trim().toLowerCase());

/** At least 10 characters, at most 200; the policy's other rules are checked by the backend (see password.core). */
export const Password = text().min(10, 'at least 10 characters').max(200, 'at most 200 characters');

/** The password policy as an associate reads it, wherever a new password is chosen (the link's page, agent mode). */
export const PASSWORD_RULES = 'At least 10 characters, using at least 4 different ones, and not containing your e-mail address.';

/** A primary language subtag ("en", "fr", "pt"). */
export const Language = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'a primary language subtag, e.g. "en"');

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time "HH:MM"');

/** One working period of the week, in the associate's zone: day 1 = Monday … 7 = Sunday. */
export const SchedulePeriod = z
  .object({ day: z.number().int().min(1).max(7), from: Clock, to: Clock })
  .strict()
  .refine((p) => p.from < p.to, { message: '"from" must be before "to"', path: ['to'] })
  .meta({ description: '`from` must be before `to` (both "HH:MM", `to` up to "24:00").' });
export type SchedulePeriod = z.infer<typeof SchedulePeriod>;

export const Schedule = z.array(SchedulePeriod).max(50);

/** The kinds of engagement an associate may take: chat, a voice call, co-browsing the shopper's page. */
export const CHANNELS = ['chat', 'voice', 'cobrowse'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const ContactPreferences = z
  .object({
    notify: z.boolean().default(true),
    sound: z.boolean().default(false),
    /** The channels the associate takes; a matching rule set's `channels` rule drops those lacking one it needs. */
    channels: z
      .array(Channel)
      .min(1)
      .max(3)
      .default([...CHANNELS]),
    /**
     * Where the associate takes the phone leg of a call bridged to a shopper's phone: a number
     * (E.164) or a contact-centre phone's SIP address. Only the associate reads it; without it
     * the associate cannot take phone calls.
     */
    phone: AssociatePhone.optional(),
  })
  .strict();
export type ContactPreferences = z.infer<typeof ContactPreferences>;

/** What the associate chose; `offline` is what others see when the associate has no live connection. */
export const Presence = z.enum(['available', 'away']);
export type Presence = z.infer<typeof Presence>;

/** Monday to Friday, 09:00 to 17:00. */
export const OFFICE_HOURS: SchedulePeriod[] = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' }));

/** Body of POST /api/v1/associates (enterprise key): no password, the associate sets their own through the invitation. */
export const CreateAssociate = z
  .object({
    email: Email,
    displayName: nonBlank(100),
    languages: z.array(Language).min(1).max(20).default(['en']),
    timezone: TimeZone.default('UTC'),
    schedule: Schedule.default(OFFICE_HOURS),
    capacity: z.number().int().min(1).max(20).default(3),
    contact: ContactPreferences.default({ notify: true, sound: false, channels: ['chat', 'voice', 'cobrowse'] }),
  })
  .strict();
export type CreateAssociate = z.infer<typeof CreateAssociate>;

/** Body of PATCH /api/v1/associates/me: any of these. */
export const UpdateAssociate = z
  .object({
    displayName: nonBlank(100),
    presence: Presence,
    languages: z.array(Language).min(1).max(20),
    timezone: TimeZone,
    schedule: Schedule,
    capacity: z.number().int().min(1).max(20),
    contact: ContactPreferences,
  })
  .partial()
  .strict();
export type UpdateAssociate = z.infer<typeof UpdateAssociate>;

/** A category path, broadest first, e.g. ["Audio", "Headphones"]. */
export const CategoryPath = z.array(nonBlank(100)).min(1).max(12);

export const Accreditation = z
  .object({
    category: CategoryPath,
    level: z.number().int().min(1).max(5),
    /** Absent or null: does not expire. */
    expiresAt: ApiTime.nullish(),
  })
  .strict();
export type Accreditation = z.infer<typeof Accreditation>;

/** Body of PUT /api/v1/associates/:id/accreditations: the whole list. */
export const AccreditationList = z.object({ accreditations: z.array(Accreditation).max(100) }).strict();
export type AccreditationList = z.infer<typeof AccreditationList>;

/** The enterprise's own published test an invited associate must pass before accepting. */
const RequiredBank = z.uuid().meta({ description: "One of the enterprise's own published question banks: the invited associate must pass its test before accepting." });

/**
 * Body of POST /api/v1/associates/admissions: the address of an independent associate to
 * invite, or an approved independent's id from the directory (GET /api/v1/independents);
 * `requiredBankId` makes the enterprise's own test a condition of accepting.
 */
export const Admission = z.union([
  z.object({ email: Email, requiredBankId: RequiredBank.optional() }).strict(),
  z.object({ associateId: z.uuid(), requiredBankId: RequiredBank.optional() }).strict(),
]);
export type Admission = z.infer<typeof Admission>;

/**
 * The same answer to every invitation by address (202), whether the address is unknown,
 * another enterprise's employee or an independent: no answer tells which. An invitation by id
 * (from the directory, which lists approved independents only) names the associate instead.
 */
export const AdmissionSent = z.object({ email: z.string().optional(), associateId: z.string().optional(), message: z.string() });
export type AdmissionSent = z.infer<typeof AdmissionSent>;

/** `withdrawn`: the associate accepted, then left the enterprise. */
export const AdmissionStatus = z.enum(['invited', 'accepted', 'declined', 'withdrawn']);
export type AdmissionStatus = z.infer<typeof AdmissionStatus>;

/** The test an invitation requires, as the invitation shows it. */
export const RequiredTest = z.object({ bankId: z.string(), title: z.string(), category: z.array(z.string()), level: z.number().int() });

/**
 * The required test as the inviting enterprise sees it: whether the invited associate holds a
 * valid (unexpired) pass of it yet, and when they passed; an invitation by an address nobody
 * independent holds is never passed.
 */
export const RequiredTestProgress = RequiredTest.extend({ passed: z.boolean(), passedAt: z.string().nullable() });

/**
 * An invitation as the inviting enterprise sees it: the address it typed (or, invited from the
 * directory, the associate's id and name, the address only once they accepted), the test it
 * requires, and the answer once there is one.
 */
export const EnterpriseAdmission = z.object({
  email: z.string().nullable(),
  associate: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  requiredTest: RequiredTestProgress.nullable(),
  status: AdmissionStatus,
  invitedAt: z.string(),
  answeredAt: z.string().nullable(),
});
export const EnterpriseAdmissionList = z.object({ admissions: z.array(EnterpriseAdmission) });
export type EnterpriseAdmissionList = z.infer<typeof EnterpriseAdmissionList>;

/** An invitation as the invited associate sees it (GET /api/v1/associates/me/admissions). */
export const MyAdmission = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  status: AdmissionStatus,
  invitedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** Not offered this enterprise's opportunities after missed offers, until the associate sets themselves available. */
  paused: z.boolean(),
  /** The enterprise's own test to pass before accepting, and whether the associate holds a valid pass of it; null: none required. */
  requiredTest: RequiredTest.extend({ passed: z.boolean() }).nullable().default(null),
});
export type MyAdmission = z.infer<typeof MyAdmission>;
export const MyAdmissionList = z.object({ admissions: z.array(MyAdmission) });
export type MyAdmissionList = z.infer<typeof MyAdmissionList>;

/** Body of POST /api/v1/associates/sign-in; `device` names the device in the associate's list (else its user agent). */
export const SignIn = z.object({ email: Email, password: text().min(1).max(200), device: nonBlank(100).optional() }).strict();
export type SignIn = z.infer<typeof SignIn>;

/** A one-time token from an invitation or a reset link (`fwi_…`, `fwr_…`). */
const LinkToken = z.string().regex(/^fw[ir]_[A-Za-z0-9_-]{10,100}$/, 'the token from the link');

/** Body of POST /api/v1/associates/password/set: the link's token and the associate's new password. */
export const SetPassword = z.object({ token: LinkToken, password: Password }).strict();
export type SetPassword = z.infer<typeof SetPassword>;

/** Answer of POST /api/v1/associates/password/set: whom to sign in as now. */
export const PasswordSet = z.object({ email: z.string() });
export type PasswordSet = z.infer<typeof PasswordSet>;

/** Body of POST /api/v1/associates/password/reset-request. */
export const ResetRequest = z.object({ email: Email }).strict();

/** Answer of POST /api/v1/associates/password/reset-request: the same whether the address is known or not. */
export const ResetRequested = z.object({ message: z.string() });
export type ResetRequested = z.infer<typeof ResetRequested>;

/** Body of POST /api/v1/associates/me/password. */
export const ChangePassword = z.object({ currentPassword: text().min(1).max(200), newPassword: Password }).strict();
export type ChangePassword = z.infer<typeof ChangePassword>;

/** A signed-in device of the associate (one sign-in token): never the token. */
export const Device = z.object({
  id: z.string(),
  /** The name given at sign-in, or the browser's user agent. */
  label: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string(),
  /** The device this request came from. */
  current: z.boolean(),
});
export type Device = z.infer<typeof Device>;

export const DeviceList = z.object({ devices: z.array(Device) });
export type DeviceList = z.infer<typeof DeviceList>;

/** Where an accreditation comes from: an enterprise's grant, the enterprise's own test, or a marketplace test. */
export const AccreditationSource = z.enum(['grant', 'enterprise_test', 'marketplace_test']);
export type AccreditationSource = z.infer<typeof AccreditationSource>;

/** An accreditation earned by passing a test: which test, its source, the level and until when it is valid. */
export const TestAccreditation = z.object({
  bankId: z.string(),
  title: z.string(),
  category: z.array(z.string()),
  level: z.number().int(),
  source: AccreditationSource.exclude(['grant']),
  earnedAt: z.string(),
  expiresAt: z.string(),
});
export type TestAccreditation = z.infer<typeof TestAccreditation>;

/** An associate as the API shows it; never a password or its hash. */
export const AssociateView = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  employment: z.enum(['employed', 'independent']),
  /** The employer; null for an independent. */
  employerId: z.string().nullable(),
  languages: z.array(z.string()),
  timezone: z.string(),
  schedule: z.array(SchedulePeriod),
  capacity: z.number().int(),
  contact: ContactPreferences,
  /** What the associate chose; with `connected` false they are offline whatever they chose. */
  presence: Presence,
  /** Has a live realtime connection (seen within the last minute). */
  connected: z.boolean(),
  /** Why the system changed the presence, e.g. "missed_offers"; null when the associate chose it. */
  presenceReason: z.string().nullable(),
  presenceChangedAt: z.string(),
  /** The enterprise's own grants in its list; all of them, each with its granting enterprise, in the associate's own view. */
  accreditations: z.array(Accreditation.extend({ expiresAt: z.string().nullable(), enterpriseId: z.string(), enterpriseName: z.string() })),
  /**
   * The valid accreditations earned by passing tests, as the viewer may see them: an enterprise
   * sees the marketplace's tests and its own (never another enterprise's tests); the associate
   * sees all of theirs. Its grants are `accreditations`. Absent from a server before them: none.
   */
  testAccreditations: z.array(TestAccreditation).default([]),
  /**
   * `invited`: no password set yet (cannot sign in); `inactive`: deactivated by the employer,
   * or, as an admitting enterprise sees an independent, its own admission deactivated; else `active`.
   */
  status: z.enum(['invited', 'active', 'inactive']),
  createdAt: z.string(),
});
export type AssociateView = z.infer<typeof AssociateView>;

/** The one-time link an associate sets their password with: shown once, to the enterprise that invited them. */
export const Invitation = z.object({
  /** Opens the set-password page; the token travels in the fragment, so it reaches no log or Referer. */
  link: z.string(),
  /** The same token, for an enterprise that shows its own page (POST /api/v1/associates/password/set). */
  token: z.string(),
  expiresAt: z.string(),
  /** Whether it went out by e-mail (SMTP configured and the server took it). */
  mailed: z.boolean(),
});
export type Invitation = z.infer<typeof Invitation>;

/** Answer of POST /api/v1/associates and of a re-invitation. */
export const AssociateInvited = z.object({ associate: AssociateView, invitation: Invitation });
export type AssociateInvited = z.infer<typeof AssociateInvited>;

export const AssociateList = z.object({ associates: z.array(AssociateView) });
export type AssociateList = z.infer<typeof AssociateList>;

export const SignedIn = z.object({
  /** Bearer token (`fwa_…`) for the API and the realtime socket; shown once. */
  token: z.string(),
  expiresAt: z.string(),
  associate: AssociateView,
});
export type SignedIn = z.infer<typeof SignedIn>;

// ---- Schedule exceptions: a day off or one-off hours on a local date ----

/** A calendar date "YYYY-MM-DD" (a real one: no 2026-02-30). */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date "YYYY-MM-DD"')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'a date that exists');

/** One period of hours worked on an exception's date, in the associate's zone. */
export const DayPeriod = z
  .object({ from: Clock, to: Clock })
  .strict()
  .refine((p) => p.from < p.to, { message: '"from" must be before "to"', path: ['to'] });

/**
 * Body of PUT /api/v1/associates/me/schedule-exceptions/:date: the hours worked that day
 * instead of the week's (none: a day off), and a note for oneself.
 */
export const ScheduleExceptionBody = z
  .object({
    periods: z.array(DayPeriod).max(10).default([]),
    note: nonBlank(200).nullish(),
  })
  .strict();
export type ScheduleExceptionBody = z.infer<typeof ScheduleExceptionBody>;

export const ScheduleException = z.object({
  /** The local date in the associate's zone. */
  date: z.string(),
  /** Hours worked that day; empty: a day off. */
  periods: z.array(z.object({ from: z.string(), to: z.string() })),
  note: z.string().nullable(),
});
export type ScheduleException = z.infer<typeof ScheduleException>;

/** GET /api/v1/associates/me/schedule-exceptions: today's and later ones, soonest first. */
export const ScheduleExceptionList = z.object({
  /** The zone the dates and hours are in. */
  timezone: z.string(),
  /** Today in that zone: the first date an exception may be set for. */
  today: z.string(),
  exceptions: z.array(ScheduleException),
});
export type ScheduleExceptionList = z.infer<typeof ScheduleExceptionList>;

/** The longest range of dates one read of an associate's exceptions covers (a year, as far as one may be set ahead). */
export const SCHEDULE_RANGE_DAYS = 366;

/**
 * Query of GET /api/v1/associates/:id/schedule-exceptions: the dates to list, in the
 * associate's zone (`from` today there when left out; `to` open). At most a year between them.
 */
export const ScheduleExceptionQuery = z
  .object({ from: LocalDate.optional(), to: LocalDate.optional() })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: '"to" must not be before "from"' });
    else if (days > SCHEDULE_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${SCHEDULE_RANGE_DAYS} days after "from"` });
  });
export type ScheduleExceptionQuery = z.infer<typeof ScheduleExceptionQuery>;

// ---- The enterprise's directory of approved independents (GET /api/v1/independents) ----

/** The directory's filters and page. */
export const IndependentQuery = z
  .object({
    /** A category path, broadest first, parts joined by " > " ("Audio > Headphones"): who declared it or is accredited in it (or in what covers it). */
    category: text().trim().min(1).max(300).optional(),
    /** A primary language subtag. */
    language: Language.optional(),
    /** With `category`: a valid marketplace accreditation of at least this level covering it; alone: in any category. */
    minLevel: z.coerce.number().int().min(1).max(5).optional(),
    /** An IANA zone: who work in it. */
    timezone: TimeZone.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    /** The `next` of the previous page. */
    after: z.string().max(400).optional(),
  })
  .strict();
export type IndependentQuery = z.infer<typeof IndependentQuery>;

/** One approved independent as an enterprise browsing the marketplace sees them: no address, nothing of their other enterprises. */
export const IndependentListing = z.object({
  id: z.string(),
  displayName: z.string(),
  languages: z.array(z.string()),
  timezone: z.string(),
  /** The categories they said they want to sell when they applied. */
  categories: z.array(z.array(z.string())),
  /** Valid accreditations earned by passing tests this enterprise can see: marketplace tests, and its own. */
  accreditations: z.array(
    z.object({ category: z.array(z.string()), level: z.number().int(), expiresAt: z.string(), source: z.enum(['enterprise_test', 'marketplace_test']) }),
  ),
  /**
   * Their record over past engagements on the whole marketplace (counts only, no enterprise
   * named): outcomes recorded, sales among them, and the sales conversion (null without outcomes).
   */
  record: z.object({ outcomes: z.number().int(), sales: z.number().int(), conversion: z.number().nullable() }),
  /** This enterprise's invitation: its status, or null when it has not invited them; `admitted` while they are in its pool. */
  invitation: AdmissionStatus.nullable(),
  admitted: z.boolean(),
  approvedAt: z.string(),
});
export type IndependentListing = z.infer<typeof IndependentListing>;

export const IndependentPage = z.object({ independents: z.array(IndependentListing), next: z.string().nullable() });
export type IndependentPage = z.infer<typeof IndependentPage>;
