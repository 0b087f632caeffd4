/**
 * The marketplace operator's pages without I/O: the enterprises' order (the server sorts), their
 * standing at a glance, the steps of creating one (enterprise, first site, first owner: three
 * routes, checked first with the shared contracts so a field at fault stops it before anything
 * is written), the fee typed as a percentage, an adapter typed as JSON, support access times,
 * and the audit log's filters and changes.
 */
import type { SortingState } from '@tanstack/solid-table';
import type { z } from 'zod';
import { type AuditActor, type AuditQuery, CreateEnterprise, CreateSite, type EnterpriseSort, InviteOwner, type MarketplaceEnterprise, type SupportAccess } from '../../../../shared/console';
import type { Problem } from '../api.core';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { basisPointsOf, basisPointsText, money } from '../sales/money.core';

// ---- The enterprises, side by side ----

/** The columns the server sorts by, as the table's column ids. */
export const SORTABLE: readonly EnterpriseSort[] = ['name', 'created', 'sites', 'associates', 'sessions7d', 'opportunities7d', 'engagements7d'];

/** The table's sort for the server's: `name` A to Z, the others largest (or newest) first. */
export function sortingOf(sort: EnterpriseSort): SortingState {
  return [{ id: sort, desc: sort !== 'name' }];
}

/** The server's sort for the column the user chose (the server knows one direction per column); `name` when none is known. */
export function sortOf(sorting: SortingState): EnterpriseSort {
  const id = sorting[0]?.id;
  return (SORTABLE as readonly string[]).includes(id ?? '') ? (id as EnterpriseSort) : 'name';
}

/** What the operator reads first about an enterprise. */
export type Standing = 'suspended' | 'quiet' | 'active';

/** Suspended; quiet (no sessions in 7 days: no site, or the extension sees none); else active. */
export function standingOf(e: Pick<MarketplaceEnterprise, 'suspendedAt' | 'figures'>): Standing {
  if (e.suspendedAt) return 'suspended';
  return e.figures.sessions7d === 0 ? 'quiet' : 'active';
}

export const STANDING_LABELS: Record<Standing, string> = { suspended: 'Suspended', quiet: 'Quiet', active: 'Active' };
/** The tag's look for each standing (console.css). */
export const STANDING_CLASS: Record<Standing, string> = { suspended: 'inactive', quiet: 'invited', active: '' };

/** 7-day attributed revenue, one currency a line, largest first; "—" for none. */
export function revenueLines(revenue: Record<string, number>): string[] {
  return Object.entries(revenue)
    .filter(([, minor]) => minor !== 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([currency, minor]) => money(minor, currency));
}

/** The fee as shown: "2.5 %", or the default's words when the enterprise has none of its own. */
export function feeText(basisPoints: number | null): string {
  return basisPoints === null ? 'Default (0 %)' : `${basisPointsText(basisPoints)} %`;
}

/** Engagements per opportunity over 7 days, as a rate 0..1; null when there was no opportunity. */
export function engagementRate(figures: MarketplaceEnterprise['figures']): number | null {
  return figures.opportunities7d > 0 ? figures.engagements7d / figures.opportunities7d : null;
}

/** The marketplace's totals over the enterprises listed (the funnel's three figures, and how many are suspended). */
export function totalsOf(list: readonly MarketplaceEnterprise[]): { enterprises: number; suspended: number; sessions7d: number; opportunities7d: number; engagements7d: number } {
  return list.reduce(
    (t, e) => ({
      enterprises: t.enterprises + 1,
      suspended: t.suspended + (e.suspendedAt ? 1 : 0),
      sessions7d: t.sessions7d + e.figures.sessions7d,
      opportunities7d: t.opportunities7d + e.figures.opportunities7d,
      engagements7d: t.engagements7d + e.figures.engagements7d,
    }),
    { enterprises: 0, suspended: 0, sessions7d: 0, opportunities7d: 0, engagements7d: 0 },
  );
}

// ---- Creating an enterprise: its name, its first site, its first owner ----

export interface NewEnterprise {
  name: string;
  siteName: string;
  domain: string;
  ownerEmail: string;
  ownerName: string;
}

export const NEW_ENTERPRISE_FIELDS = ['name', 'siteName', 'domain', 'ownerEmail', 'ownerName'] as const;

/** The three bodies, each the shared contract's: POST /enterprises, POST /enterprises/:id/sites, POST /enterprises/:id/users. */
export function creationBodies(form: NewEnterprise): { enterprise: CreateEnterprise; site: CreateSite; owner: z.infer<typeof InviteOwner> } {
  const siteName = form.siteName.trim() || form.domain.trim();
  return {
    enterprise: { name: form.name.trim() },
    site: { name: siteName, domain: form.domain.trim() },
    owner: { email: form.ownerEmail.trim(), name: form.ownerName.trim() },
  };
}

/** Each step's server paths as the form's fields. */
const STEP_ALIASES = {
  enterprise: { name: 'name' },
  site: { name: 'siteName', domain: 'domain' },
  owner: { email: 'ownerEmail', name: 'ownerName' },
} as const;
export type CreationStep = keyof typeof STEP_ALIASES;

/** A problem of one step on the form's fields (a domain taken by another site: on the domain). */
export function stepErrors(step: CreationStep, problem: Problem): FormErrors {
  const errors = formErrors(problem, NEW_ENTERPRISE_FIELDS, STEP_ALIASES[step]);
  if (step === 'site' && problem.status === 409 && !errors.fields.domain) return { form: null, fields: { domain: problem.message } };
  if (step === 'owner' && problem.status === 409 && !errors.fields.ownerEmail) return { form: null, fields: { ownerEmail: problem.message } };
  return errors;
}

/**
 * The form checked with the shared contracts before anything is sent: the same words the
 * server would give, on their fields, so a creation does not stop half-way for a typo.
 */
export function checkNewEnterprise(form: NewEnterprise): FormErrors {
  const bodies = creationBodies(form);
  const fields: Record<string, string> = {};
  const place = (step: CreationStep, result: { success: boolean; error?: z.ZodError }) => {
    if (result.success || !result.error) return;
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const field = (STEP_ALIASES[step] as Record<string, string>)[key];
      if (field) fields[field] ??= issue.message;
    }
  };
  place('enterprise', CreateEnterprise.safeParse(bodies.enterprise));
  place('site', CreateSite.safeParse(bodies.site));
  place('owner', InviteOwner.safeParse(bodies.owner));
  return Object.keys(fields).length ? { form: null, fields } : NO_ERRORS;
}

/** What is left to do after `done` steps went through (a second try after a refusal starts where it stopped). */
export function remainingSteps(done: readonly CreationStep[]): CreationStep[] {
  return (['enterprise', 'site', 'owner'] as const).filter((s) => !done.includes(s));
}

// ---- The fee ----

/** The fee typed as a percentage, as the body of PUT /enterprises/:id/fee; an error for what is not a percentage. */
export function feeBody(text: string): { body: { basisPoints: number } } | { error: string } {
  const bp = basisPointsOf(text);
  if (bp === null) return { error: 'a percentage such as 5 or 2.5 (at most two decimals)' };
  if (bp > 10_000) return { error: 'at most 100 %' };
  return { body: { basisPoints: bp } };
}

// ---- A site's adapter, typed as JSON ----

/** The adapter field's text: empty for none, else the JSON read back as the body's `adapter` (null for empty). */
export function adapterOf(text: string): { adapter: unknown } | { error: string } {
  if (!text.trim()) return { adapter: null };
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'an object, e.g. {"product": {"name": {"selector": "h1"}}}' };
    return { adapter: value };
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
}

/** An adapter as the field shows it (two-space JSON; empty for none). */
export function adapterText(adapter: unknown): string {
  return adapter ? JSON.stringify(adapter, null, 2) : '';
}

// ---- Support access ----

/** The lengths offered (minutes), within the contract's 1 to 480. */
export const SUPPORT_MINUTES = [15, 30, 60, 120, 240, 480] as const;

/** How long an access was opened for, in the server's own times: "30 min", "2 h", "1 h 30 min". */
export function lengthText(a: Pick<SupportAccess, 'startedAt' | 'endsAt'>): string {
  const minutes = Math.round((Date.parse(a.endsAt) - Date.parse(a.startedAt)) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** The operator's access open in one enterprise, if any (the one that runs longest); the server lists only the open ones in `me`. */
export function openAccessIn(accesses: readonly SupportAccess[], enterpriseId: string): SupportAccess | undefined {
  return accesses.filter((a) => a.enterpriseId === enterpriseId && !a.endedAt).sort((a, b) => b.endsAt.localeCompare(a.endsAt))[0];
}

// ---- The audit log ----

export interface AuditFilters {
  actor: '' | 'key' | 'user' | 'operator';
  q: string;
  /** yyyy-mm-dd, the first day shown (inclusive). */
  from: string;
  /** yyyy-mm-dd, the last day shown (inclusive). */
  to: string;
  enterpriseId: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actor: '', q: '', from: '', to: '', enterpriseId: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The API's query for the filters: whole days in UTC (the `to` day included), empty ones left out. */
export function auditQuery(f: AuditFilters, limit: number, before: string | null): Partial<Record<keyof AuditQuery, string | number>> {
  const q: Partial<Record<keyof AuditQuery, string | number>> = { limit };
  if (f.actor) q.actor = f.actor;
  if (f.q.trim()) q.q = f.q.trim();
  if (DAY.test(f.from)) q.from = `${f.from}T00:00:00.000Z`;
  if (DAY.test(f.to)) q.to = new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 86_400_000).toISOString();
  if (f.enterpriseId) q.enterpriseId = f.enterpriseId;
  if (before) q.before = before;
  return q;
}

/** Who acted, in a few words. */
export function actorText(a: AuditActor): string {
  if (a.kind === 'key') return `API key “${a.label}”`;
  if (a.kind === 'operator') return `${a.email} (operator)`;
  return `${a.email}${a.supportAccessId ? ' (support access)' : a.role ? ` (${a.role.replace('_', ' ')})` : ''}`;
}

/** The top-level fields that differ between before and after (all of one side's when the other is null). */
export function changedKeys(before: unknown, after: unknown): string[] {
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const b = obj(before);
  const a = obj(after);
  if (!b && !a) return [];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys.filter((k) => JSON.stringify(b?.[k]) !== JSON.stringify(a?.[k])).sort();
}

/** A before or after as the expanded row shows it. */
export function jsonText(v: unknown): string {
  return v === null || v === undefined ? '—' : JSON.stringify(v, null, 2);
}
