/**
 * The enterprise's side of admitting independents: the directory's filters as the API's query,
 * the figures and statuses as a sales lead reads them, and an associate's accreditations by
 * the source they come from (what matching may trust: see the accreditation rule's `sources`).
 */
import type { AccreditationSource, EnterpriseAdmissionList, IndependentListing, TestAccreditation } from '../../../shared/associates';

/** The directory's filters as typed: every one a text, empty when unset. */
export interface DirectoryFilters {
  /** A category path as written, "Audio > Headphones". */
  category: string;
  /** "1" to "5", or "". */
  minLevel: string;
  /** A primary language subtag, e.g. "de". */
  language: string;
  /** An IANA zone, e.g. "Europe/Berlin". */
  timezone: string;
}

export const NO_FILTERS: DirectoryFilters = { category: '', minLevel: '', language: '', timezone: '' };

/**
 * The query of GET /independents for the filters and the page's cursor: blanks left out, the
 * category's parts trimmed and joined by " > " as the server reads them, the language lower-cased.
 */
export function directoryQuery(f: DirectoryFilters, limit: number, after: string | null): Record<string, string | number> {
  const q: Record<string, string | number> = { limit };
  const category = categoryText(f.category);
  if (category) q.category = category;
  const level = Number(f.minLevel);
  if (f.minLevel.trim() && Number.isInteger(level) && level >= 1 && level <= 5) q.minLevel = level;
  if (f.language.trim()) q.language = f.language.trim().toLowerCase();
  if (f.timezone.trim()) q.timezone = f.timezone.trim();
  if (after) q.after = after;
  return q;
}

/** "audio>  Headphones " → "audio > Headphones": the parts trimmed, empty parts dropped. */
export function categoryText(typed: string): string {
  return typed
    .split('>')
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' > ');
}

/** Whether any filter is set (an empty page then says "nobody matches", not "nobody yet"). */
export function filtered(f: DirectoryFilters): boolean {
  return Object.values(f).some((v) => v.trim() !== '');
}

/** This enterprise's standing with a listed independent: admitted (in its pool), else the invitation's status, else none. */
export type Standing = 'admitted' | 'invited' | 'declined' | 'withdrawn' | 'none';

export function standingOf(l: Pick<IndependentListing, 'admitted' | 'invitation'>): Standing {
  if (l.admitted) return 'admitted';
  if (l.invitation === 'accepted') return 'admitted';
  return l.invitation ?? 'none';
}

/** Whether the enterprise may invite them now: not while an invitation waits or they are in its pool. */
export function mayInvite(l: Pick<IndependentListing, 'admitted' | 'invitation'>): boolean {
  const s = standingOf(l);
  return s === 'none' || s === 'declined' || s === 'withdrawn';
}

/** The record in words, two lines: the counts ("12 outcomes, 3 sales", or "no outcomes yet") and the share that sold ("25 % converted", or null without outcomes). */
export function recordLines(r: IndependentListing['record']): { counts: string; share: string | null } {
  if (r.outcomes === 0) return { counts: 'no outcomes yet', share: null };
  return {
    counts: `${r.outcomes} ${r.outcomes === 1 ? 'outcome' : 'outcomes'}, ${r.sales} ${r.sales === 1 ? 'sale' : 'sales'}`,
    share: r.conversion === null ? null : `${Math.round(r.conversion * 100)} % converted`,
  };
}

/** The sources of an accreditation, as the matching editor names them. */
export type Source = AccreditationSource;

export const SOURCE_LABEL: Record<Source, string> = {
  grant: 'Granted by us',
  enterprise_test: 'Our test',
  marketplace_test: 'Marketplace test',
};

export interface AccreditationRow {
  source: Source;
  /** "Audio › Headphones". */
  category: string;
  level: number;
  /** ISO time, or null: does not expire. */
  expiresAt: string | null;
}

const SOURCE_ORDER: Source[] = ['grant', 'enterprise_test', 'marketplace_test'];

/**
 * One associate's accreditations, one row each, grouped by source (grants, our tests, marketplace
 * tests), within a source by category then highest level first.
 */
export function accreditationRows(
  grants: readonly { category: string[]; level: number; expiresAt: string | null }[],
  earned: readonly Pick<TestAccreditation, 'category' | 'level' | 'expiresAt' | 'source'>[],
): AccreditationRow[] {
  const rows: AccreditationRow[] = [
    ...grants.map((g) => ({ source: 'grant' as const, category: g.category.join(' › '), level: g.level, expiresAt: g.expiresAt })),
    ...earned.map((e) => ({ source: e.source, category: e.category.join(' › '), level: e.level, expiresAt: e.expiresAt })),
  ];
  return rows.sort((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) || a.category.localeCompare(b.category) || b.level - a.level);
}

/** The rows of one source (a section of the associate's accreditations). */
export function rowsOf(rows: readonly AccreditationRow[], source: Source): AccreditationRow[] {
  return rows.filter((r) => r.source === source);
}

type EnterpriseAdmission = EnterpriseAdmissionList['admissions'][number];

/** Who an invitation went to: the associate's name, else the address typed. */
export function inviteeOf(a: Pick<EnterpriseAdmission, 'associate' | 'email'>): string {
  return a.associate?.displayName ?? a.email ?? 'unknown';
}

/** The required test in words: "Volt audio basics (Audio › Headphones, level 3)", or "none". */
export function requiredTestText(t: EnterpriseAdmission['requiredTest']): string {
  return t ? `${t.title} (${t.category.join(' › ')}, level ${t.level})` : 'none';
}

/**
 * Where the invitee stands with the required test: `passed` (a valid pass: the page adds when),
 * `waiting` (invited, not passed yet: they cannot accept until they do), or `lapsed` (answered
 * without a valid pass now: never passed, or the pass expired since). Null: no test required.
 */
export type TestProgress = 'passed' | 'waiting' | 'lapsed';

export function testProgressOf(a: Pick<EnterpriseAdmission, 'requiredTest' | 'status'>): TestProgress | null {
  if (!a.requiredTest) return null;
  if (a.requiredTest.passed) return 'passed';
  return a.status === 'invited' ? 'waiting' : 'lapsed';
}

export const TEST_PROGRESS: Record<TestProgress, string> = { passed: 'Passed', waiting: 'Not passed yet', lapsed: 'No valid pass now' };

/** The invitations, waiting ones first, then the latest first. */
export function invitationsInOrder(list: readonly EnterpriseAdmission[]): EnterpriseAdmission[] {
  return [...list].sort((a, b) => Number(b.status === 'invited') - Number(a.status === 'invited') || b.invitedAt.localeCompare(a.invitedAt));
}
