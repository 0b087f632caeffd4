import { describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { defaultDeps } from '../../deps';
import { Conflict } from '../../errors';
import { DB_KINDS, useTestDb } from '../../testing/databases';

describe.each(DB_KINDS)('TenancyService on %s', (kind) => {
  const database = useTestDb(kind);
  const tenancy = () => createApp(defaultDeps(database().db, kind, { log: () => {} })).tenancy;

  it('refuses a second enterprise with the same slug as a conflict', async () => {
    const t = tenancy();
    await t.createEnterprise('Voltaire Retail');
    await expect(t.createEnterprise('Voltaire  retail!')).rejects.toThrow(new Conflict('An enterprise with the slug "voltaire-retail" exists already.'));
  });

  it('refuses a domain another site has, on adding or on moving a site', async () => {
    const t = tenancy();
    const e = await t.createEnterprise('Voltaire Retail');
    await t.addSite(e.id, { name: 'A', domain: 'a.example' });
    const b = await t.addSite(e.id, { name: 'B', domain: 'b.example' });
    await expect(t.addSite(e.id, { name: 'A again', domain: 'A.example' })).rejects.toBeInstanceOf(Conflict);
    await expect(t.updateSite(b.id, { domain: 'a.example' })).rejects.toThrow('The domain a.example belongs to another site.');
  });
});
