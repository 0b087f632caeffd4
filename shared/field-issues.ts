import type { z } from 'zod';

/**
 * A schema's verdict in the shape the API's 400 answers carry (`path`, `message`), plus `field`,
 * the path as one key ("conditions.1.when.seconds") to find the form input it belongs to. The
 * console checks a rule document as it is typed with the same shared schema the server parses it
 * with, so what the browser says and what the server would answer are the same issues.
 */
export interface FieldIssue {
  path: (string | number)[];
  /** `path` joined with dots; "" for the document as a whole. */
  field: string;
  message: string;
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function checkFields<S extends z.ZodType>(schema: S, value: unknown): FieldCheck<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => {
      const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return { path, field: path.join('.'), message: i.message };
    }),
  };
}

/** The issues by field, for a form that shows each input's own messages. */
export function issuesByField(issues: readonly FieldIssue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) out.set(i.field, [...(out.get(i.field) ?? []), i.message]);
  return out;
}
