import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * A table's columns as hand-written SQL needs them, derived from its drizzle definition so
 * the SQL cannot drift from the schema. Rows travel as one JSON parameter keyed by their
 * TypeScript names, as they are in memory (no copy to rename them), and
 * `json_to_recordset` reads them back as typed records under the same names.
 *
 *   const r = recordset(events);
 *   sql`insert into events (${r.names}) select ${r.fields} from json_to_recordset(${r.json(rows)}::json) as r(${r.definition})`
 */
export function recordset<T extends PgTable, K extends keyof T['$inferInsert'] & string = keyof T['$inferInsert'] & string>(
  table: T,
  keys?: readonly K[],
) {
  const columns = Object.entries(getTableColumns(table)).filter(
    ([key, column]) => !column.generated && !column.generatedIdentity && (!keys || keys.includes(key as K)),
  );
  const list = (f: (name: string, key: string, type: string) => string, only = columns) =>
    sql.raw(only.map(([key, c]) => f(quote(c.name), quote(key), c.getSQLType())).join(', '));
  return {
    /** `"shopper_id", …`: the column names, for an insert's target list. */
    names: list((name) => name),
    /** `r."shopperId", …`: the record's fields in the same order, for the select that feeds the insert. */
    fields: list((_name, key) => `r.${key}`),
    /** `"shopperId" uuid, …`: the record type for `json_to_recordset(...) as r(...)`. */
    definition: list((_name, key, type) => `${key} ${type}`),
    /** `"shopper_id" = r."shopperId", …`: an update's assignments from the record `r`, but for the keys left out. */
    assignments: (except: readonly K[] = []): SQL =>
      list(
        (name, key) => `${name} = r.${key}`,
        columns.filter(([key]) => !except.includes(key as K)),
      ),
    /** `"enterprise_id" as "enterpriseId", …`: a select of the columns under their TypeScript names. */
    selection: list((name, key) => `${name} as ${key}`),
    /** Rows as the JSON text `json_to_recordset` reads. */
    json: (rows: readonly WireRow<Pick<T['$inferInsert'], K>>[]): string => JSON.stringify(rows),
    /** Records as `json_agg` hands over a `selection` (timestamps as text, jsonb maybe as text), as drizzle maps them. */
    read: (records: readonly Record<string, unknown>[]): Pick<T['$inferSelect'], K & keyof T['$inferSelect']>[] =>
      records.map((record) => {
        const row: Record<string, unknown> = {};
        for (const [key, c] of columns) {
          const value = record[key];
          row[key] = value === null || value === undefined ? value : c.mapFromDriverValue(value);
        }
        return row as Pick<T['$inferSelect'], K & keyof T['$inferSelect']>;
      }),
  };
}

/** A row as JSON carries it: a timestamp may be given as its ISO text, which it becomes anyway. */
export type WireRow<R> = { [P in keyof R]: R[P] | (Date extends NonNullable<R[P]> ? string : never) };

/** Rows of a raw query: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
