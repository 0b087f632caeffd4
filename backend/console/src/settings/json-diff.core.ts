/**
 * What changed between two JSON values (an audit entry's before and after), field by field:
 * objects walked by key, arrays by position, anything else compared whole. Pure, for the audit
 * log's readable diff. A side that is null or absent counts as an empty object when the other is
 * an object, so a thing made reads as its fields added and a thing removed as its fields removed;
 * likewise a field that goes from null to an object, and an object added or removed, at any depth:
 * each change is a plain value or a list, short enough to read in a line.
 */

export type JsonPath = (string | number)[];

export interface JsonChange {
  path: JsonPath;
  kind: 'added' | 'removed' | 'changed';
  /** The older value (absent when added). */
  from?: unknown;
  /** The newer value (absent when removed). */
  to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether two JSON values are the same (objects by their keys, whatever their order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

/** Every change from `before` to `after`, in the order the fields appear (the older's, then the newer's new ones). */
export function jsonDiff(before: unknown, after: unknown): JsonChange[] {
  const out: JsonChange[] = [];
  const from = (before === null || before === undefined) && isObject(after) ? {} : before;
  const to = (after === null || after === undefined) && isObject(before) ? {} : after;
  walk(from, to, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: JsonPath, out: JsonChange[]): void {
  if (sameJson(a, b)) return;
  // A field that was null and is now an object (or the other way) reads as that object's fields added (removed).
  // So does an object added or removed: field by field, down to its plain values and lists.
  if ((a === null || a === undefined) && isObject(b) && Object.keys(b).length) return walk({}, b, path, out);
  if ((b === null || b === undefined) && isObject(a) && Object.keys(a).length) return walk(a, {}, path, out);
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) walk(a[k], Object.hasOwn(b, k) ? b[k] : undefined, [...path, k], out);
    for (const k of Object.keys(b)) if (!Object.hasOwn(a, k)) walk(undefined, b[k], [...path, k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) walk(a[i], b[i], [...path, i], out);
    for (let i = common; i < a.length; i++) out.push({ path: [...path, i], kind: 'removed', from: a[i] });
    for (let i = common; i < b.length; i++) out.push({ path: [...path, i], kind: 'added', to: b[i] });
    return;
  }
  if (a === undefined) out.push({ path, kind: 'added', to: b });
  else if (b === undefined) out.push({ path, kind: 'removed', from: a });
  else out.push({ path, kind: 'changed', from: a, to: b });
}

/** A path as people read it: `adapter.mask[2]`; the whole value is "(whole value)". */
export function pathLabel(path: JsonPath): string {
  if (path.length === 0) return '(whole value)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A value in one line, cut at `max` characters: strings quoted, objects as JSON. */
export function shortValue(value: unknown, max = 120): string {
  const text = value === undefined ? '—' : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
