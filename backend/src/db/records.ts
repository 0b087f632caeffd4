import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * A table's columns as hand-written SQL needs them, derived from its drizzle definition so
 * the SQL cannot drift from the schema: rows travel as one JSON parameter, keyed by column
 * name, and `json_to_recordset` turns them back into typed rows.
 *
 *   const r = recordset(events);
 *   sql`insert into events (${r.names}) select ${r.names} from json_to_recordset(${r.json(rows)}::json) as r(${r.definition})`
 */
export function recordset<T extends PgTable, K extends keyof T['$inferInsert'] & string = keyof T['$inferInsert'] & string>(
  table: T,
  keys?: readonly K[],
) {
  const columns = Object.entries(getTableColumns(table)).filter(
    ([key, column]) => !column.generated && !column.generatedIdentity && (!keys || keys.includes(key as K)),
  );
  const named = (f: (name: string, key: string) => string) => sql.raw(columns.map(([key, c]) => f(quote(c.name), key)).join(', '));
  const renames = columns.map(([key, c]) => [key, c.name] as const);
  return {
    /** `"a", "b"`: the column names. */
    names: named((name) => name),
    /** `"a" uuid, "b" text`: the record type for `json_to_recordset(...) as r(...)`. */
    definition: named((name, key) => `${name} ${getTableColumns(table)[key]!.getSQLType()}`),
    /** `"a" = r."a", …`: assignments from the record `r`, for an update. */
    assignments: (except: readonly K[] = []): SQL =>
      sql.raw(
        columns
          .filter(([key]) => !except.includes(key as K))
          .map(([, c]) => `${quote(c.name)} = r.${quote(c.name)}`)
          .join(', '),
      ),
    /** Rows (by their TypeScript keys) as the JSON text of records keyed by column name. */
    json: (rows: readonly WireRow<Pick<T['$inferInsert'], K>>[]): string => {
      // A plain loop: this runs for every event of every batch.
      const records = new Array<Record<string, unknown>>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as Record<string, unknown>;
        const record: Record<string, unknown> = {};
        for (const [key, name] of renames) record[name] = row[key];
        records[i] = record;
      }
      return JSON.stringify(records);
    },
    /** Records keyed by column name (from `json_agg`) as rows by TypeScript key, values mapped as drizzle maps them. */
    read: (records: readonly Record<string, unknown>[]): Pick<T['$inferSelect'], K & keyof T['$inferSelect']>[] =>
      records.map(
        (record) =>
          Object.fromEntries(
            columns.map(([key, c]) => {
              const value = record[c.name];
              return [key, value === null || value === undefined ? value : c.mapFromDriverValue(value)];
            }),
          ) as Pick<T['$inferSelect'], K & keyof T['$inferSelect']>,
      ),
  };
}

/** A row as JSON carries it: a timestamp may be given as its ISO text, which it becomes anyway. */
export type WireRow<R> = { [P in keyof R]: R[P] | (Date extends NonNullable<R[P]> ? string : never) };

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Rows of a raw query: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
