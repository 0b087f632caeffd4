/**
 * The backend's log: a message and a few fields, each safe to show. Never a secret, a
 * token hash, a query or its bound values: errors go through `describeError`.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export type Log = (message: string, fields?: LogFields) => void;

/** One line per entry on stderr: `[floorwalker] message key=value …`. */
export const consoleLog: Log = (message, fields = {}) => {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/^[\w.:/-]+$/.test(v) ? JSON.stringify(v) : String(v)}`);
  console.error(['[floorwalker]', message, ...parts].join(' '));
};

/**
 * An error as log fields: its name and message, and for a database error the Postgres
 * code, message and the names of what it concerns. Drizzle's wrapper (whose message is
 * the whole query with its values) and the driver's `query`, `params` and `detail`
 * (which quotes the values) are left out.
 */
export function describeError(err: unknown): LogFields {
  const database = databaseCause(err);
  if (database) {
    return {
      error: 'database',
      code: database.code,
      message: redact(String(database.message ?? '')),
      table: database.table,
      column: database.column,
      constraint: database.constraint,
    };
  }
  if (err instanceof Error) {
    const frames = (err.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()).join(' | ');
    return { error: err.name, message: redact(err.message), at: frames || undefined };
  }
  return { error: typeof err };
}

interface DatabaseFailure {
  code: string;
  message?: unknown;
  table?: string;
  column?: string;
  constraint?: string;
}

/** The driver's error (postgres.js or PGlite) behind drizzle's, recognised by its SQLSTATE code. */
function databaseCause(err: unknown): DatabaseFailure | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      // PGlite names them table, column, constraint; postgres.js table_name, column_name, constraint_name.
      const f = e as Record<string, unknown>;
      const name = (...vs: unknown[]) => vs.find((v): v is string => typeof v === 'string');
      return {
        code,
        message: f.message,
        table: name(f.table, f.table_name),
        column: name(f.column, f.column_name),
        constraint: name(f.constraint, f.constraint_name),
      };
    }
  }
  return undefined;
}

/** Cuts credentials and hashes out of a message, and bounds its length. */
function redact(message: string): string {
  return message
    .replace(/\bfw[a-z]_[A-Za-z0-9_-]+/g, '[secret]')
    .replace(/\b[0-9a-f]{32,}\b/gi, '[hash]')
    .slice(0, 300);
}
