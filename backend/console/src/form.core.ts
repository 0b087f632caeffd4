/**
 * A form's errors: every refusal names the field at fault in the server's words. The server's
 * paths (`accreditations.0.level`) are matched to the form's fields; what no field of the form
 * shows goes to the form's own message, so nothing the server said is lost.
 */
import type { Problem } from './api.core';

export interface FormErrors {
  /** The message for the whole form (shown above the button); null when every word has its field. */
  form: string | null;
  /** Each field's message, by the form's field name. */
  fields: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { form: null, fields: {} };

/**
 * Maps a problem onto the form's fields. `aliases` names the form field a server path belongs
 * to when they differ (e.g. `next` → `newPassword`); a path is matched by itself, its alias, or
 * its longest prefix that is a field (`accreditations.0.level` → `accreditations`).
 */
export function formErrors(problem: Problem, fieldNames: readonly string[], aliases: Record<string, string> = {}): FormErrors {
  const known = new Set(fieldNames);
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(problem.fields)) {
    const field = placeOf(path, known, aliases);
    if (field) fields[field] ??= message;
    else unplaced.push(path ? `${path}: ${message}` : message);
  }
  const placed = Object.keys(fields).length > 0;
  const form = unplaced.length ? [placed ? null : problem.message, ...unplaced].filter(Boolean).join(' ') : placed ? null : problem.message;
  return { form, fields };
}

function placeOf(path: string, known: Set<string>, aliases: Record<string, string>): string | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.');
    const name = aliases[prefix] ?? prefix;
    if (known.has(name)) return name;
  }
  return undefined;
}

/** The field a keyboard user is taken to after a refusal: the first at fault in the form's order. */
export function firstFieldAtFault(errors: FormErrors, fieldNames: readonly string[]): string | undefined {
  return fieldNames.find((f) => errors.fields[f]);
}
