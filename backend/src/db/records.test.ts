import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordset } from './records';
import { events, sessions } from './schema';

const dialect = new PgDialect();
const text = (fragment: SQL) => dialect.sqlToQuery(fragment).sql;

describe('recordset', () => {
  it('lists the columns an insert writes, from the table, leaving out generated ones', () => {
    const r = recordset(events);
    expect(text(r.names)).toBe('"id", "shopper_id", "session_id", "site_id", "client_event_id", "type", "at", "received_at", "url", "data"');
    expect(text(r.definition)).toContain('"at" timestamp with time zone');
    expect(text(r.definition)).toContain('"data" jsonb');
    expect(text(r.definition)).not.toContain('seq');
  });

  it('narrows to the columns asked for, and assigns all but the ones left out', () => {
    const r = recordset(sessions, ['id', 'lastEventAt', 'eventCount']);
    expect(text(r.names)).toBe('"id", "last_event_at", "event_count"');
    expect(text(r.assignments(['id']))).toBe('"last_event_at" = r."last_event_at", "event_count" = r."event_count"');
  });

  it('carries rows by column name and reads them back as drizzle would', () => {
    const r = recordset(sessions, ['id', 'lastEventAt', 'aggregate']);
    const at = new Date('2026-03-02T10:00:00.000Z');
    expect(JSON.parse(r.json([{ id: 's1', lastEventAt: at, aggregate: { eventCount: 1 } as never }]))).toEqual([
      { id: 's1', last_event_at: '2026-03-02T10:00:00.000Z', aggregate: { eventCount: 1 } },
    ]);
    // As json_agg hands them over: timestamps as text with an offset, jsonb as a value or (PGlite) text.
    expect(r.read([{ id: 's1', last_event_at: '2026-03-02T11:00:00+01:00', aggregate: '{"eventCount":1}' }])).toEqual([
      { id: 's1', lastEventAt: at, aggregate: { eventCount: 1 } },
    ]);
  });
});
