import { describe, expect, it } from 'vitest';
import { ApiKeyCreated, ApiKeyList, ApiKeyRotated } from '../../../../shared/api-keys';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';

const DAY_MS = 24 * 60 * 60 * 1000;

async function list(h: ApiHarness, key: string): Promise<ApiKeyList> {
  const res = await call(h.app, 'GET', '/api/v1/api-keys', key);
  expect(res.status, await res.clone().text()).toBe(200);
  return ApiKeyList.parse(await res.json());
}

async function create(h: ApiHarness, key: string, label = 'warehouse'): Promise<ApiKeyCreated> {
  const res = await call(h.app, 'POST', '/api/v1/api-keys', key, { label });
  expect(res.status, await res.clone().text()).toBe(201);
  return ApiKeyCreated.parse(await res.json());
}

/** Whether the key is taken by a route that needs an enterprise key. */
const works = async (h: ApiHarness, key: string, app = h.app) => (await call(app, 'GET', '/api/v1/sessions', key)).status;

describe.each(DB_KINDS)('API keys on %s', (kind) => {
  const api = useApi(kind);

  it('lists the enterprise’s keys by label and prefix, never the keys; a new key is shown once and works', async () => {
    const h = api();
    h.clock.advance(1_000);
    const made = await create(h, h.seed.voltKey);
    expect(made.key.startsWith(made.prefix)).toBe(true);
    expect(await works(h, made.key)).toBe(200);
    const { apiKeys } = await list(h, made.key);
    expect(apiKeys.map((k) => [k.label, k.prefix])).toEqual([
      ['crm', h.seed.voltKey.slice(0, 8)],
      ['warehouse', made.prefix],
    ]);
    expect(JSON.stringify(apiKeys)).not.toContain(made.key);
    expect(JSON.stringify(apiKeys)).not.toContain(h.seed.voltKey);
    // Another enterprise sees only its own.
    expect((await list(h, h.seed.summitKey)).apiKeys.map((k) => k.label)).toEqual(['crm']);
    expect((await call(h.app, 'POST', '/api/v1/api-keys', h.seed.voltKey, { label: '' })).status).toBe(400);
  });

  it('records the last use, writing it at most once a minute', async () => {
    const h = api();
    const made = await create(h, h.seed.voltKey);
    const lastUsed = async () => (await list(h, h.seed.voltKey)).apiKeys.find((k) => k.id === made.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await works(h, made.key);
    const first = await lastUsed();
    expect(first).toBe(h.clock.now().toISOString());
    h.clock.advance(30_000);
    await works(h, made.key);
    expect(await lastUsed()).toBe(first);
    h.clock.advance(31_000);
    await works(h, made.key);
    expect(await lastUsed()).toBe(h.clock.now().toISOString());
  });

  it('revokes a key: refused at once, on every instance; the key calling may revoke itself', async () => {
    const h = api();
    const other = h.appWith({});
    const made = await create(h, h.seed.voltKey);
    expect(await works(h, made.key, other)).toBe(200);
    expect((await call(h.app, 'DELETE', `/api/v1/api-keys/${made.id}`, h.seed.voltKey)).status).toBe(204);
    expect(await works(h, made.key)).toBe(401);
    expect(await works(h, made.key, other)).toBe(401);
    expect((await list(h, h.seed.voltKey)).apiKeys.map((k) => k.id)).not.toContain(made.id);
    expect((await call(h.app, 'DELETE', `/api/v1/api-keys/${made.id}`, h.seed.voltKey)).status).toBe(404);
    // Revoking the key that calls: answered, then refused.
    const [crm] = (await list(h, h.seed.voltKey)).apiKeys;
    expect((await call(h.app, 'DELETE', `/api/v1/api-keys/${crm!.id}`, h.seed.voltKey)).status).toBe(204);
    expect(await works(h, h.seed.voltKey)).toBe(401);
  });

  it('rotates a key: the new one works at once, the old one for a day beside it, then is refused', async () => {
    const h = api();
    const [crm] = (await list(h, h.seed.voltKey)).apiKeys;
    const res = await call(h.app, 'POST', `/api/v1/api-keys/${crm!.id}/rotate`, h.seed.voltKey);
    expect(res.status, await res.clone().text()).toBe(201);
    const rotated = ApiKeyRotated.parse(await res.json());
    expect(rotated).toMatchObject({ label: 'crm', replaces: { id: crm!.id, expiresAt: new Date(h.clock.now().getTime() + DAY_MS).toISOString() } });
    expect(await works(h, rotated.key)).toBe(200);
    expect(await works(h, h.seed.voltKey)).toBe(200);
    expect((await list(h, rotated.key)).apiKeys.find((k) => k.id === crm!.id)?.expiresAt).toBe(rotated.replaces.expiresAt);
    h.clock.advance(DAY_MS - 1_000);
    expect(await works(h, h.seed.voltKey)).toBe(200);
    h.clock.advance(1_000);
    expect(await works(h, h.seed.voltKey)).toBe(401);
    expect(await works(h, rotated.key)).toBe(200);
    expect((await list(h, rotated.key)).apiKeys.map((k) => k.id)).toEqual([rotated.id]);
  });

  it('answers 404 for another enterprise’s key and for ids that name nothing, changing nothing', async () => {
    const h = api();
    const [summitCrm] = (await list(h, h.seed.summitKey)).apiKeys;
    expect((await call(h.app, 'DELETE', `/api/v1/api-keys/${summitCrm!.id}`, h.seed.voltKey)).status).toBe(404);
    expect((await call(h.app, 'POST', `/api/v1/api-keys/${summitCrm!.id}/rotate`, h.seed.voltKey)).status).toBe(404);
    expect((await call(h.app, 'DELETE', '/api/v1/api-keys/not-a-uuid', h.seed.voltKey)).status).toBe(404);
    expect(await works(h, h.seed.summitKey)).toBe(200);
    expect((await list(h, h.seed.summitKey)).apiKeys.map((k) => k.expiresAt)).toEqual([null]);
  });
});
