import { beforeEach, describe, expect, it } from 'vitest';
import { SessionList } from '../../../../shared/api';
import { EventBatchAccepted, type ShopperEvent } from '../../../../shared/events';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { browse, ev, VOLT } from '../../testing/fixtures';
import { openOpportunity } from '../../testing/offers';
import { SESSION_SORTS } from './list.core';

const camera = { name: 'Canon EOS R8', price: '1499.00', currency: 'USD', sku: 'VE-777', brand: 'Canon', category: ['Photo'], availability: 'InStock' as const, url: `${VOLT}/p/canon-eos-r8` };

/** A short look at a camera, `minutes` after the clock's now, for `seconds`. */
function cameraLook(at: Date, seconds: number): ShopperEvent[] {
  const t = (s: number) => new Date(at.getTime() + s * 1000).toISOString();
  return [
    ev(t(0), { type: 'page_view', url: camera.url, kind: 'product' }),
    ev(t(0.1), { type: 'product_view', url: camera.url, product: camera }),
    ev(t(seconds), { type: 'heartbeat', url: camera.url, activeMs: seconds * 1000, productKey: 'sku:VE-777' }),
  ];
}

describe.each(DB_KINDS)('the console session list on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  /** Sessions: A browses headphones (search, cart of 698) and has an opportunity; B looks at a camera later; C too, longer, later still. */
  let ids: { a: string; b: string; c: string };
  beforeEach(async () => {
    h = api();
    const { sessionId: a } = await openOpportunity(h, { start: false });
    const session = async (seconds: number) => {
      h.clock.advance(60 * 60_000);
      const shopper = await h.createShopper();
      const res = await h.post({ events: cameraLook(h.clock.now(), seconds) }, shopper.token);
      expect(res.status).toBe(202);
      return EventBatchAccepted.parse(await res.json()).sessionIds[0]!;
    };
    const b = await session(5);
    const c = await session(50);
    ids = { a, b, c };
  });

  const list = async (query = '', key = h.seed.voltKey) => {
    const res = await h.getAs(key, `/api/v1/sessions${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return SessionList.parse(await res.json());
  };
  const idsOf = async (query: string) => (await list(query)).sessions.map((s) => s.id);

  it('lists the most recently active first and says which had an opportunity', async () => {
    const page = await list();
    expect(page.sessions.map((s) => s.id)).toEqual([ids.c, ids.b, ids.a]);
    expect(page.sessions.map((s) => [s.hasOpportunity, s.hasEngagement])).toEqual([
      [false, false],
      [false, false],
      [true, false],
    ]);
    expect((await list('', h.seed.summitKey)).sessions).toEqual([]);
  });

  it('searches the products seen and the terms searched, whatever the case, wildcards taken literally', async () => {
    expect(await idsOf('?q=SONY')).toEqual([ids.a]);
    expect(await idsOf('?q=headphones')).toEqual([ids.a]);
    expect(await idsOf('?q=eos%20r8')).toEqual([ids.c, ids.b]);
    expect(await idsOf('?q=%25')).toEqual([]);
    expect(await idsOf('?q=_')).toEqual([]);
  });

  it('narrows by opportunity, engagement, site, time and customer', async () => {
    expect(await idsOf('?hasOpportunity=true')).toEqual([ids.a]);
    expect(await idsOf('?hasOpportunity=false')).toEqual([ids.c, ids.b]);
    expect(await idsOf('?hasEngagement=true')).toEqual([]);
    expect(await idsOf('?site=VOLT.example')).toEqual([ids.c, ids.b, ids.a]);
    expect(await idsOf('?site=summit.example')).toEqual([]);
    // Active in [from, to): A ended at 10:00:25, B started at 11:00, C at 12:00.
    expect(await idsOf(`?from=${encodeURIComponent('2026-03-02T10:30:00Z')}`)).toEqual([ids.c, ids.b]);
    expect(await idsOf(`?to=${encodeURIComponent('2026-03-02T11:30:00Z')}`)).toEqual([ids.b, ids.a]);
    expect(await idsOf(`?from=${encodeURIComponent('2026-03-02T10:30:00Z')}&to=${encodeURIComponent('2026-03-02T11:30:00+00:00')}`)).toEqual([ids.b]);
    expect(await idsOf('?customer=C-NOBODY')).toEqual([]);
  });

  it('sorts by start, duration and cart value', async () => {
    expect(await idsOf('?sort=started')).toEqual([ids.c, ids.b, ids.a]);
    // A lasted 25 s, B 5 s, C 50 s.
    expect(await idsOf('?sort=duration')).toEqual([ids.c, ids.a, ids.b]);
    expect((await list('?sort=cartValue')).sessions[0]!.id).toBe(ids.a);
  });

  it.each(SESSION_SORTS)('pages through every session once, sorted by %s', async (sort) => {
    const all = await idsOf(`?sort=${sort}`);
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: SessionList = await list(`?sort=${sort}&limit=1${before ? `&before=${before}` : ''}`);
      seen.push(...page.sessions.map((s) => s.id));
      before = page.nextBefore;
    } while (before);
    expect(seen).toEqual(all);
  });

  it('refuses a cursor of another sort, and a flag that is not true or false', async () => {
    const page = await list('?sort=started&limit=1');
    const res = await h.getAs(h.seed.voltKey, `/api/v1/sessions?sort=duration&before=${page.nextBefore}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toEqual(['before']);
    expect((await h.getAs(h.seed.voltKey, '/api/v1/sessions?hasOpportunity=yes')).status).toBe(400);
    expect((await h.getAs(h.seed.voltKey, '/api/v1/sessions?sort=price')).status).toBe(400);
    expect((await h.getAs(h.seed.voltKey, '/api/v1/sessions?from=yesterday')).status).toBe(400);
  });

  it('gives a session its trail: the events in order', async () => {
    const res = await h.getAs(h.seed.voltKey, `/api/v1/sessions/${ids.a}`);
    expect(res.status).toBe(200);
    const detail = await res.json();
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(browse().map((e) => e.type));
  });
});
