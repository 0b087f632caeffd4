import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SessionAggregate } from '../../../shared/session';
import { emptyAggregate } from '../modules/sessions/aggregate.core';
import { DB_KINDS, useTestDb } from '../testing/databases';
import { migrationsFolder } from './open';
import { enterprises, sessions, shoppers } from './schema';

describe.each(DB_KINDS)('migrations on %s', (kind) => {
  const database = useTestDb(kind);

  it('0003 gives carts stored before per-currency totals theirs, as the backend sums them', async () => {
    const { db } = database();
    const now = new Date('2026-03-02T10:00:00.000Z');
    await db.insert(enterprises).values({ id: '00000000-0000-4000-8000-000000000001', name: 'E', slug: 'e', createdAt: now });
    await db.insert(shoppers).values({ id: '00000000-0000-4000-8000-000000000002', tokenHash: 'h', createdAt: now });
    const line = (key: string, quantity: number, price: string | null, currency: string | null) => ({ key, name: key, quantity, price, currency });
    const carts = {
      '00000000-0000-4000-8000-0000000000a1': { currency: 'USD', items: [line('a', 2, '10.125', 'USD'), line('b', 1, '5.5', 'EUR'), line('c', 3, '1.00', null), line('d', 1, null, 'EUR')] },
      '00000000-0000-4000-8000-0000000000a2': { currency: null, items: [] },
    };
    for (const [id, cart] of Object.entries(carts)) {
      const { totals: _, ...old } = { ...emptyAggregate().cart, ...cart, value: '0.00' };
      const aggregate = { ...emptyAggregate(), cart: old } as unknown as SessionAggregate;
      await db.insert(sessions).values({
        id,
        shopperId: '00000000-0000-4000-8000-000000000002',
        enterpriseId: '00000000-0000-4000-8000-000000000001',
        startedAt: now,
        lastEventAt: now,
        eventCount: 1,
        aggregate,
        updatedAt: now,
      });
    }
    await db.execute(sql.raw(readFileSync(join(migrationsFolder, '0003_cart_totals.sql'), 'utf8')));
    const cartOf = async (id: string) => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]!.aggregate.cart;
    const mixed = await cartOf('00000000-0000-4000-8000-0000000000a1');
    expect(mixed.totals).toEqual([
      { currency: 'USD', value: '23.25' },
      { currency: 'EUR', value: '5.50' },
    ]);
    expect((await cartOf('00000000-0000-4000-8000-0000000000a2')).totals).toEqual([]);
    expect(SessionAggregate.shape.cart.safeParse(mixed).success).toBe(true);
  });
});
