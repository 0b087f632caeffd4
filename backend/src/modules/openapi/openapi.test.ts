import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorCode } from '../../../../shared/api';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { routes } from './catalogue';
import { ERROR_STATUS, openApiDocument, openApiPath, type RouteDoc } from './document.core';

type Json = Record<string, unknown>;
type Operation = { security: Json[]; responses: Record<string, Json>; requestBody?: Json; parameters?: Json[] };

/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** The node a local JSON pointer (`#/a/b`) names, or undefined. */
function resolve(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), document);
}

/** The routes the app really answers (middleware aside), as "METHOD /path". */
function mounted(h: ApiHarness): string[] {
  return [...new Set(h.app.http.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

describe.each(DB_KINDS)('the OpenAPI document on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let document: Json & { paths: Record<string, Record<string, Operation>> };
  beforeEach(async () => {
    h = api();
    const res = await h.app.http.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    document = JSON.parse(await res.text());
  });

  it('is OpenAPI 3.1 with the backend’s version', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'Floorwalker API', version: '9.9.9' } });
  });

  it('lists every route the app mounts, and none it does not', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    const app = mounted(h);
    expect(app.filter((r) => !documented.includes(r)), 'mounted but not documented').toEqual([]);
    expect(documented.filter((r) => !app.includes(r)), 'documented but not mounted').toEqual([]);
  });

  it('resolves every $ref, and names each schema a route uses', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) expect(resolve(document, ref), ref).toBeTruthy();
    for (const route of routes) {
      const op = document.paths[openApiPath(route.path).path]![route.method.toLowerCase()]!;
      if (route.body) expect(refsIn(op.requestBody)).toEqual([`#/components/schemas/${route.body.id}`]);
      if (route.answer.body) expect(refsIn(op.responses[String(route.answer.status)])).toEqual([`#/components/schemas/${route.answer.body.id}`]);
    }
  });

  it('gives each refusal its status and the error shape', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          const codes = response['x-error-codes'] as string[];
          expect(codes.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
          for (const code of codes) expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], code).toBe(Number(status));
          expect(refsIn(response)).toEqual(['#/components/schemas/ApiError']);
        }
      }
    }
  });

  it('states each route’s credential truly: without one, exactly the routes that need one answer 401', async () => {
    const someId = '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f';
    for (const route of routes) {
      const path = route.path.replace(/:\w+/g, someId);
      const res = await h.app.http.request(path, { method: route.method });
      const op = document.paths[openApiPath(route.path).path]![route.method.toLowerCase()]!;
      if (route.auth.length) {
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
        expect(op.security.length).toBe(route.auth.length);
        expect(op.responses['401']).toBeDefined();
      } else {
        expect(res.status, `${route.method} ${route.path}`).not.toBe(401);
        expect(op.security).toEqual([]);
      }
    }
  });

  it('describes the realtime messages', () => {
    const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
    for (const id of ['ClientMessage', 'AssociateServerMessage', 'ShopperServerMessage']) expect(schemas[id], id).toBeDefined();
    const types = (id: string) => refsIn(schemas[id]).length + JSON.stringify(schemas[id]).split('"const"').length - 1;
    expect(types('ClientMessage')).toBeGreaterThanOrEqual(5);
  });
});

describe('openApiPath', () => {
  it.each([
    ['/health', '/health', []],
    ['/api/v1/sessions/:id', '/api/v1/sessions/{id}', ['id']],
    ['/api/v1/associates/:id/accreditations', '/api/v1/associates/{id}/accreditations', ['id']],
    ['/a/:x/b/:y_2', '/a/{x}/b/{y_2}', ['x', 'y_2']],
  ])('%s → %s', (hono, path, params) => expect(openApiPath(hono)).toEqual({ path, params }));
});

describe('openApiDocument', () => {
  const Body = z.object({ name: z.string(), size: z.number().default(3) });
  const Answer = z.object({ id: z.string(), size: z.number().default(3) });
  const route = (over: Partial<RouteDoc> = {}): RouteDoc => ({
    method: 'POST',
    path: '/api/v1/things/:id',
    tag: 'things',
    summary: 'A thing.',
    auth: ['enterprise'],
    body: { id: 'Body', schema: Body },
    answer: { status: 201, description: 'Made.', body: { id: 'Answer', schema: Answer } },
    errors: ['conflict'],
    ...over,
  });
  type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { required?: string[] }> } };
  const build = (...list: RouteDoc[]) => openApiDocument(list, { version: '1' }) as unknown as Doc;

  it('reads bodies as input (a default makes a field optional) and answers as output (it is always there)', () => {
    const { components } = build(route());
    expect(components.schemas.Body!.required).toEqual(['name']);
    expect(components.schemas.Answer!.required).toEqual(['id', 'size']);
  });

  it('adds the refusals a credential and a body imply to the route’s own, by status', () => {
    const op = build(route()).paths['/api/v1/things/{id}']!.post!;
    expect(Object.keys(op.responses)).toEqual(['201', '400', '401', '409', '413', '415']);
    expect(op.responses['400']!['x-error-codes']).toEqual(['invalid_json', 'invalid_body']);
    expect(op.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(op.security).toEqual([{ enterpriseKey: [] }]);
  });

  it('lists a public route without a body with its success alone', () => {
    const op = build(route({ method: 'GET', auth: [], body: undefined, errors: [] })).paths['/api/v1/things/{id}']!.get!;
    expect(Object.keys(op.responses)).toEqual(['201']);
    expect(op.security).toEqual([]);
  });

  it.each([
    ['a route described twice', [route(), route()], /described twice/],
    ['two schemas under one name', [route(), route({ method: 'PUT', body: { id: 'Body', schema: z.object({}) } })], /Two schemas are named Body/],
    ['one schema under two names', [route(), route({ method: 'PUT', body: { id: 'Other', schema: Body } })], /named both Body and Other/],
  ])('refuses %s', (_, list, error) => expect(() => build(...list)).toThrow(error));

  it('makes an unnamed recursive schema a component of its own, and points its refs there', () => {
    type Tree = { label: string; children: Tree[] };
    const Tree: z.ZodType<Tree> = z.object({
      label: z.string(),
      get children() {
        return z.array(Tree);
      },
    });
    const document = build(route({ body: { id: 'Body', schema: z.object({ tree: Tree }) } })) as Doc & Json;
    const refs = [...new Set(refsIn(document))];
    expect(refs).toContain('#/components/schemas/input_schema0');
    for (const ref of refs) expect(resolve(document, ref), ref).toBeTruthy();
    expect(JSON.stringify(document)).not.toContain('__shared');
  });

  it('knows the status of every error code', () => {
    for (const code of Object.values(ErrorCode)) expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
  });
});
