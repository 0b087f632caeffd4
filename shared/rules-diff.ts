import { z } from 'zod';
import type { MatchingDocument } from './matching';
import type { OpportunityRules } from './rules';

/**
 * What changed between two versions of a rule document, structurally: the document's own
 * settings field by field, and its entries (opportunity conditions by `id`, matching rule sets
 * by `name`, ignoring case as the document does) added, removed or changed, each change with the
 * path of the field inside the entry and its old and new values. Pure: the console shows it and
 * `GET /api/v1/rules/{kind}/diff` answers it.
 *
 * Paths: an array whose items have a key (the rules of a rule set, by `rule`) is walked by that
 * key, so `['rules', 'load', 'weight']`; other arrays of objects (the `of` of all / any) by index;
 * arrays of plain values (a category path, search words) are compared whole.
 */

const PathItem = z.union([z.string(), z.number()]);

export const FieldChange = z.object({
  path: z.array(PathItem),
  /** `added`: absent in the older version; `removed`: absent in the newer; `changed`: both hold it, differing. */
  kind: z.enum(['added', 'removed', 'changed']),
  /** The older value (absent when added). */
  from: z.unknown().optional(),
  /** The newer value (absent when removed). */
  to: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const EntryDiff = z.object({
  /** The condition's id or the rule set's name (as the newer version spells it when both hold it). */
  key: z.string(),
  status: z.enum(['added', 'removed', 'changed']),
  /** Position in the older version; null when added. */
  fromIndex: z.number().int().nullable(),
  /** Position in the newer version; null when removed. */
  toIndex: z.number().int().nullable(),
  /** For a changed entry, every field that differs, inside the entry; for an added or removed one, one change at the empty path with the whole entry. */
  changes: z.array(FieldChange),
});
export type EntryDiff = z.infer<typeof EntryDiff>;

export const RulesDiff = z.object({
  /** The document's own fields (threshold, cool-down, time zone, segment…), by path. */
  settings: z.array(FieldChange),
  /** Conditions or rule sets that differ, in the newer version's order, then the removed ones in the older's. */
  entries: z.array(EntryDiff),
  /** The entries both versions hold appear in another order (conditions: the order of an opportunity's reasons; rule sets: nothing, priority decides). */
  reordered: z.boolean(),
  /** How many entries both versions hold identically. */
  unchanged: z.number().int(),
});
export type RulesDiff = z.infer<typeof RulesDiff>;

const Version = z.coerce.number().int().min(1).max(999_999_999);
/** Query of GET /api/v1/rules/{opportunity,matching}/diff: the two versions to compare (either may be the older). */
export const RulesDiffQuery = z.object({ from: Version, to: Version });

/** The answer of GET /api/v1/rules/{opportunity,matching}/diff. */
export const RulesDiffView = z.object({ from: z.number().int(), to: z.number().int(), diff: RulesDiff });
export type RulesDiffView = z.infer<typeof RulesDiffView>;

type Path = (string | number)[];
/** The key field of the items of an array at a path (string items of the path only), when they have one. */
type KeyOf = (path: readonly (string | number)[]) => string | undefined;

/** The diff of two opportunity rule documents: settings, then conditions by id. */
export function diffOpportunityRules(from: OpportunityRules, to: OpportunityRules): RulesDiff {
  return diffDocuments(from, to, 'conditions', (c) => c.id, () => undefined);
}

/** The diff of two matching documents: rule sets by name (ignoring case), their rules by rule name. */
export function diffMatchingRules(from: MatchingDocument, to: MatchingDocument): RulesDiff {
  return diffDocuments(from, to, 'ruleSets', (s) => s.name.toLowerCase(), (path) => (path.length === 1 && path[0] === 'rules' ? 'rule' : undefined));
}

function diffDocuments<D extends Record<string, unknown>, K extends keyof D & string>(
  from: D,
  to: D,
  list: K,
  keyOf: (entry: D[K] extends readonly (infer E)[] ? E : never) => string,
  innerKey: KeyOf,
): RulesDiff {
  const settings: FieldChange[] = [];
  const { [list]: fromEntries, ...fromRest } = from;
  const { [list]: toEntries, ...toRest } = to;
  diffValue(fromRest, toRest, [], () => undefined, settings);
  const older = fromEntries as unknown as Record<string, unknown>[];
  const newer = toEntries as unknown as Record<string, unknown>[];
  const key = keyOf as (e: Record<string, unknown>) => string;
  const olderAt = new Map(older.map((e, i) => [key(e), i]));
  const newerAt = new Map(newer.map((e, i) => [key(e), i]));
  const entries: EntryDiff[] = [];
  let unchanged = 0;
  newer.forEach((entry, toIndex) => {
    const fromIndex = olderAt.get(key(entry));
    if (fromIndex === undefined) {
      entries.push({ key: displayKey(entry), status: 'added', fromIndex: null, toIndex, changes: [{ path: [], kind: 'added', to: entry }] });
      return;
    }
    const changes: FieldChange[] = [];
    diffValue(older[fromIndex], entry, [], innerKey, changes);
    if (changes.length === 0) unchanged++;
    else entries.push({ key: displayKey(entry), status: 'changed', fromIndex, toIndex, changes });
  });
  older.forEach((entry, fromIndex) => {
    if (!newerAt.has(key(entry))) entries.push({ key: displayKey(entry), status: 'removed', fromIndex, toIndex: null, changes: [{ path: [], kind: 'removed', from: entry }] });
  });
  const common = (entries: Record<string, unknown>[], other: Map<string, number>) => entries.map(key).filter((k) => other.has(k));
  const reordered = common(older, newerAt).join('\u0000') !== common(newer, olderAt).join('\u0000');
  return { settings, entries, reordered, unchanged };
}

/** A condition's id or a rule set's name. */
function displayKey(entry: Record<string, unknown>): string {
  return String(entry.id ?? entry.name);
}

/** Appends to `out` every leaf where `a` and `b` differ. */
function diffValue(a: unknown, b: unknown, path: Path, keyOf: KeyOf, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, kind: 'added', to: b });
  if (b === undefined) return void out.push({ path, kind: 'removed', from: a });
  if (isRecord(a) && isRecord(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const k of keys) diffValue(a[k], b[k], [...path, k], keyOf, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && (a.some(isRecord) || b.some(isRecord))) {
    const field = keyOf(path.filter((p) => typeof p === 'string'));
    if (field && a.every(isRecord) && b.every(isRecord)) {
      const byKey = (items: Record<string, unknown>[]) => new Map(items.map((item) => [String(item[field]), item]));
      const older = byKey(a);
      const newer = byKey(b);
      for (const [k, item] of newer) diffValue(older.get(k), item, [...path, k], keyOf, out);
      for (const [k, item] of older) if (!newer.has(k)) diffValue(item, undefined, [...path, k], keyOf, out);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffValue(a[i], b[i], [...path, i], keyOf, out);
    return;
  }
  if (!sameValue(a, b)) out.push({ path, kind: 'changed', from: a, to: b });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality of JSON values (object keys in any order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}
