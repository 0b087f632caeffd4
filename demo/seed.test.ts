import { describe, expect, it } from 'vitest';
import { createApp } from '../backend/src/app';
import { defaultDeps } from '../backend/src/deps';
import { DB_KINDS, useTestDb } from '../backend/src/testing/databases';
import { seedDemo } from './seed';

describe.each(DB_KINDS)('seedDemo on %s', (kind) => {
  const database = useTestDb(kind);

  const shops = (port: number) => [
    { name: 'Voltaire Electronics', enterpriseName: 'Voltaire Retail', host: `localhost:${port}`, adapter: null },
    { name: 'Summit Outfitters', enterpriseName: 'Summit Outdoor Co.', host: `localhost:${port + 1}`, adapter: { search: { param: 'text' } } },
  ];

  it('creates each enterprise once with a working API key, and moves sites on later runs', async () => {
    const db = database();
    const app = createApp(defaultDeps(db.db, db.kind, { log: () => {} }));
    const first = await seedDemo(app, shops(4101));
    expect(first.map((e) => [e.slug, e.site, typeof e.apiKey])).toEqual([
      ['voltaire-retail', 'localhost:4101', 'string'],
      ['summit-outdoor-co', 'localhost:4102', 'string'],
    ]);
    const again = await seedDemo(app, shops(5101));
    expect(again.map((e) => [e.slug, e.site, e.apiKey])).toEqual([
      ['voltaire-retail', 'localhost:5101', undefined],
      ['summit-outdoor-co', 'localhost:5102', undefined],
    ]);
    const sites = (await (await app.http.request('/api/v1/sites')).json()).sites;
    expect(sites.map((s: { domain: string }) => s.domain).sort()).toEqual(['localhost:5101', 'localhost:5102']);
    const res = await app.http.request('/api/v1/sessions', { headers: { authorization: `Bearer ${first[1]!.apiKey}` } });
    expect(res.status).toBe(200);
  });
});
