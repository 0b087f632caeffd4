import { z } from 'zod';
import { Email, Password } from './associates';
import { SiteAdapter, SiteDomain } from './sites';
import { nonBlank, text } from './text';

/**
 * The console's people and what they may do. Enterprise users hold one role per enterprise
 * (a user may belong to several); marketplace operators run the marketplace and act inside an
 * enterprise only through a recorded support access.
 */
export const Role = z.enum(['owner', 'admin', 'sales_lead', 'analyst']);
export type Role = z.infer<typeof Role>;

/** How each role is named in the console. */
export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  sales_lead: 'Sales lead',
  analyst: 'Analyst',
};

/** The cookie that carries a console session (HttpOnly, SameSite=Strict, Secure over https). */
export const CONSOLE_COOKIE = 'fw_console';
/** The header naming the enterprise a console request acts in. */
export const ENTERPRISE_HEADER = 'x-floorwalker-enterprise';
/** The header carrying the session's CSRF token on every change. */
export const CSRF_HEADER = 'x-csrf-token';

// ---- Signing in (routes under /api/v1/console; the cookie carries the session) ----

const Iso = z.iso.datetime({ offset: true });
const Totp = z.string().regex(/^\d{6}$/, 'six digits');

/** E-mail and password, with the six-digit code when the user turned the second factor on. */
export const ConsoleSignIn = z.object({ email: Email, password: text().min(1).max(200), totp: Totp.optional() }).strict();
export type ConsoleSignIn = z.infer<typeof ConsoleSignIn>;

/** One enterprise a user belongs to, and their role there. */
export const Membership = z.object({ enterpriseId: z.uuid(), enterpriseName: z.string(), role: Role, suspended: z.boolean() });
export type Membership = z.infer<typeof Membership>;

/** A support access: an operator acting inside an enterprise, recorded and visible to its owner. */
export const SupportAccess = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  operatorId: z.uuid(),
  operatorEmail: z.string(),
  reason: z.string(),
  startedAt: Iso,
  /** When it ends by itself; `endedAt` when someone ended it before. */
  endsAt: Iso,
  endedAt: Iso.nullable(),
});
export type SupportAccess = z.infer<typeof SupportAccess>;

/** The signed-in console user (GET /api/v1/console/me, and the sign-in's answer). */
export const ConsoleMe = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), operator: z.boolean(), totpEnabled: z.boolean() }),
  memberships: z.array(Membership),
  /** An operator's support accesses open now (the enterprises they may act in). */
  supportAccesses: z.array(SupportAccess),
  /** Sent back in the `X-CSRF-Token` header with every change. */
  csrfToken: z.string(),
});
export type ConsoleMe = z.infer<typeof ConsoleMe>;

export const ConsolePasswordChange = z.object({ current: text().min(1).max(200), next: Password }).strict();
export const ConsoleResetRequest = z.object({ email: Email }).strict();
export const ConsolePasswordSet = z.object({ token: z.string().min(16).max(200), password: Password }).strict();
/** The secret of a second factor being set up, shown once: for the authenticator app's QR code or typing. */
export const TotpSetup = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;
export const TotpConfirm = z.object({ code: Totp }).strict();
export const TotpDisable = z.object({ password: text().min(1).max(200) }).strict();

// ---- An enterprise's users (owner; routes under /api/v1/enterprise/users) ----

export const EnterpriseUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  /** False until the invited person set a password. */
  active: z.boolean(),
  totpEnabled: z.boolean(),
  addedAt: Iso,
});
export type EnterpriseUser = z.infer<typeof EnterpriseUser>;
export const EnterpriseUserList = z.object({ users: z.array(EnterpriseUser) });
export const InviteUser = z.object({ email: Email, name: text().trim().min(1).max(100), role: Role }).strict();
export type InviteUser = z.infer<typeof InviteUser>;
export const ChangeRole = z.object({ role: Role }).strict();
/** The answer to an invitation: the user as listed, and whether the mail (a set-password link, or word of the new membership) went out. */
export const UserInvited = z.object({ user: EnterpriseUser, mailed: z.boolean() });
export type UserInvited = z.infer<typeof UserInvited>;
/** The operator invites an enterprise's first owner (POST /api/v1/marketplace/enterprises/:id/users). */
export const InviteOwner = InviteUser.omit({ role: true }).strict();

// ---- Support access (operator opens and ends; the enterprise's owner and admins see, its owner ends) ----

/** At most 8 hours; the reason is shown to the enterprise. */
export const OpenSupportAccess = z.object({ reason: nonBlank(500), minutes: z.number().int().min(1).max(480) }).strict();
export type OpenSupportAccess = z.infer<typeof OpenSupportAccess>;
export const SupportAccessList = z.object({ accesses: z.array(SupportAccess) });
export type SupportAccessList = z.infer<typeof SupportAccessList>;

// ---- The audit log (GET /api/v1/audit for an enterprise, /api/v1/marketplace/audit for the operator) ----

export const AuditActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyId: z.uuid(), label: z.string() }),
  z.object({ kind: z.literal('user'), userId: z.uuid(), email: z.string(), role: Role.nullable(), supportAccessId: z.uuid().nullable() }),
  z.object({ kind: z.literal('operator'), userId: z.uuid(), email: z.string() }),
]);
export type AuditActor = z.infer<typeof AuditActor>;

/** One change: who, when, what (method, route, the thing changed) and before and after where known. */
export const AuditEntry = z.object({
  id: z.uuid(),
  at: Iso,
  enterpriseId: z.uuid().nullable(),
  actor: AuditActor,
  method: z.string(),
  /** The route's pattern, e.g. `PUT /api/v1/rules/opportunity`. */
  action: z.string(),
  /** The path as called, e.g. `/api/v1/associates/…/deactivate`. */
  path: z.string(),
  status: z.number().int(),
  /** What changed, in the module's words (`opportunity rules v4`); null when the route names none. */
  subject: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = z.object({ entries: z.array(AuditEntry), next: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

// ---- The marketplace (operator; routes under /api/v1/marketplace) ----

/** An enterprise as the operator sees it, with its figures beside the others'. */
export const MarketplaceEnterprise = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  createdAt: Iso,
  suspendedAt: Iso.nullable(),
  /** The fee withheld from its associates' commission, in basis points (null: the marketplace's default). */
  feeBasisPoints: z.number().int().min(0).max(10_000).nullable(),
  figures: z.object({
    sites: z.number().int(),
    associates: z.number().int(),
    sessions7d: z.number().int(),
    opportunities7d: z.number().int(),
    engagements7d: z.number().int(),
    /** Attributed revenue over 7 days in minor units, per currency. */
    revenue7d: z.record(z.string(), z.number()),
  }),
});
export type MarketplaceEnterprise = z.infer<typeof MarketplaceEnterprise>;
export const CreateEnterprise = z.object({ name: text().trim().min(1).max(100) }).strict();
export type CreateEnterprise = z.infer<typeof CreateEnterprise>;

/** What an enterprise list is ordered by (the figure, largest first; `name` A to Z; `created` newest first). */
export const EnterpriseSort = z.enum(['name', 'created', 'sites', 'associates', 'sessions7d', 'opportunities7d', 'engagements7d']);
export type EnterpriseSort = z.infer<typeof EnterpriseSort>;
export const MarketplaceEnterpriseQuery = z.object({ sort: EnterpriseSort.default('name') }).strict();
export const MarketplaceEnterpriseList = z.object({ enterprises: z.array(MarketplaceEnterprise) });
export type MarketplaceEnterpriseList = z.infer<typeof MarketplaceEnterpriseList>;

/** The marketplace fee of an enterprise (PUT takes the same). */
export const MarketplaceFee = z.object({ basisPoints: z.number().int().min(0).max(10_000) }).strict();
export type MarketplaceFee = z.infer<typeof MarketplaceFee>;

/** A site as its enterprise and the operator edit it. */
export const SiteView = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  name: z.string(),
  domain: z.string(),
  adapter: SiteAdapter.nullable(),
  active: z.boolean(),
  createdAt: Iso,
});
export type SiteView = z.infer<typeof SiteView>;
export const SiteViewList = z.object({ sites: z.array(SiteView) });
/** A new site: its name, its domain (unique across the marketplace), its adapter. */
export const CreateSite = z.object({ name: text().trim().min(1).max(100), domain: SiteDomain, adapter: SiteAdapter.nullable().optional(), active: z.boolean().optional() }).strict();
export type CreateSite = z.infer<typeof CreateSite>;
/** A change to a site: any of its fields (`adapter: null` removes the adapter). */
export const ChangeSite = CreateSite.partial().strict();
export type ChangeSite = z.infer<typeof ChangeSite>;

// ---- The operator's directory of independent associates (GET /api/v1/marketplace/associates) ----

export const MarketplaceAssociateQuery = z
  .object({
    q: text().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `next` of the previous page. */
    after: z.string().max(200).optional(),
  })
  .strict();
export const MarketplaceAssociate = z.object({
  id: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  active: z.boolean(),
  presence: z.enum(['available', 'away']),
  /** Each enterprise that invited them, with the answer and (once accepted) whether that enterprise still takes them. */
  admissions: z.array(z.object({ enterpriseId: z.uuid(), enterpriseName: z.string(), status: z.enum(['invited', 'accepted', 'declined', 'withdrawn']), active: z.boolean() })),
});
export type MarketplaceAssociate = z.infer<typeof MarketplaceAssociate>;
export const MarketplaceAssociatePage = z.object({ associates: z.array(MarketplaceAssociate), next: z.string().nullable() });
export type MarketplaceAssociatePage = z.infer<typeof MarketplaceAssociatePage>;

/** Filters of the audit log: who (kind), what (`q` in the subject or path), when (from inclusive, to exclusive), a page at a time, newest first. */
export const AuditQuery = z
  .object({
    actor: z.enum(['key', 'user', 'operator']).optional(),
    q: text().trim().max(200).optional(),
    from: Iso.optional(),
    to: Iso.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `next` of the previous page. */
    before: z.string().max(200).optional(),
    /** The operator's log only: one enterprise's entries. */
    enterpriseId: z.uuid().optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;
