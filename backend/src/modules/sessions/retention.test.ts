import { beforeEach, describe, expect, it } from 'vitest';
import { EventBatchAccepted } from '../../../../shared/events';
import { systemTimers } from '../../deps';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { ev, VOLT } from '../../testing/fixtures';
import { startRetention, sweepExpired } from './retention';

const DAY = 24 * 60 * 60 * 1000;

describe.each(DB_KINDS)('retention on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });

  /** A session of `events` page views, at the clock's time. */
  async function visit(events: number, token = h.token): Promise<string> {
    const at = h.clock.now().toISOString();
    const batch = Array.from({ length: events }, (_, i) => ev(at, { type: 'page_view', url: `${VOLT}/${i}`, kind: 'other' }));
    const res = await h.post({ events: batch }, token);
    expect(res.status).toBe(202);
    return EventBatchAccepted.parse(await res.json()).sessionIds[0]!;
  }

  it('deletes sessions last active before the cutoff, with their events, and keeps the rest', async () => {
    await visit(3);
    h.clock.advance(60 * DAY);
    const other = await h.createShopper();
    const kept = await visit(2, other.token);
    h.clock.advance(31 * DAY); // the first visit is now 91 days old, the second 31

    expect(await sweepExpired(h.db.db, new Date(h.clock.now().getTime() - 90 * DAY))).toEqual({ events: 3, sessions: 1 });
    expect(await h.counts()).toEqual({ shoppers: 2, sessions: 1, events: 2 });
    expect((await h.getAs(h.seed.voltKey, `/api/v1/sessions/${kept}`)).status).toBe(200);
  });

  it('keeps a session whose last event is exactly at the cutoff', async () => {
    await visit(1);
    expect(await sweepExpired(h.db.db, h.clock.now())).toEqual({ events: 0, sessions: 0 });
  });

  it('works through many sessions in small batches', async () => {
    for (let i = 0; i < 5; i++) {
      await visit(3, (await h.createShopper()).token);
      h.clock.advance(DAY);
    }
    expect(await sweepExpired(h.db.db, h.clock.now(), 2)).toEqual({ events: 15, sessions: 5 });
    expect(await h.counts()).toMatchObject({ sessions: 0, events: 0 });
  });

  it('sweeps at start and then periodically, by the injected clock, and logs what it deleted', async () => {
    await visit(2);
    h.clock.advance(10 * DAY);
    const retention = startRetention({ db: h.db.db, clock: h.clock.now, timers: systemTimers, log: (message, fields) => h.logged.push({ message, fields: fields ?? {} }), keepMs: 30 * DAY, everyMs: 20 });
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(await h.counts()).toMatchObject({ sessions: 1, events: 2 }); // 10 days old: kept
      h.clock.advance(25 * DAY);
      await expect.poll(() => h.counts(), { timeout: 5_000 }).toMatchObject({ sessions: 0, events: 0 });
    } finally {
      await retention.stop();
    }
    expect(h.logged.filter((l) => l.message === 'retention sweep')).toEqual([
      { message: 'retention sweep', fields: { before: new Date(h.clock.now().getTime() - 30 * DAY).toISOString(), events: 2, sessions: 1 } },
    ]);
  });
});
