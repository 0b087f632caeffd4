import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { recordset } from './records';
import { events, sessions } from './schema';

const dialect = new PgDialect();
const text = (fragment: SQL) => dialect.sqlToQuery(fragment).sql;

describe('recordset', () => {
  it('lists the columns an insert writes, from the table, leaving out generated ones', () => {
    const r = recordset(events);
    expect(text(r.names)).toBe('"id", "shopper_id", "session_id", "site_id", "client_event_id", "type", "at", "received_at", "url", "data"');
    expect(text(r.fields)).toBe('r."id", r."shopperId", r."sessionId", r."siteId", r."clientEventId", r."type", r."at", r."receivedAt", r."url", r."data"');
    expect(text(r.definition)).toContain('"at" timestamp with time zone');
    expect(text(r.definition)).toContain('"clientEventId" text');
    expect(text(r.definition)).toContain('"data" jsonb');
    expect(text(r.definition)).not.toContain('seq');
  });

  it('narrows to the columns asked for: assignments, and a selection under the TypeScript names', () => {
    const r = recordset(sessions, ['id', 'lastEventAt', 'eventCount']);
    expect(text(r.names)).toBe('"id", "last_event_at", "event_count"');
    expect(text(r.assignments(['id']))).toBe('"last_event_at" = r."lastEventAt", "event_count" = r."eventCount"');
    expect(text(r.selection)).toBe('"id" as "id", "last_event_at" as "lastEventAt", "event_count" as "eventCount"');
  });

  it('carries rows as they are, and reads records back as drizzle would', () => {
    const r = recordset(sessions, ['id', 'lastEventAt', 'aggregate']);
    const at = new Date('2026-03-02T10:00:00.000Z');
    expect(JSON.parse(r.json([{ id: 's1', lastEventAt: at.toISOString(), aggregate: { eventCount: 1 } as never }]))).toEqual([
      { id: 's1', lastEventAt: '2026-03-02T10:00:00.000Z', aggregate: { eventCount: 1 } },
    ]);
    // As json_agg hands them over: timestamps as text with an offset, jsonb as a value or (PGlite) text.
    expect(r.read([{ id: 's1', lastEventAt: '2026-03-02T11:00:00+01:00', aggregate: '{"eventCount":1}' }])).toEqual([
      { id: 's1', lastEventAt: at, aggregate: { eventCount: 1 } },
    ]);
  });
});
