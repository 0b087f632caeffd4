import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorCode } from '../../../../shared/api';
import { AccreditationList, CreateAssociate } from '../../../../shared/associates';
import { CustomerExternalId, CustomerProfileBody } from '../../../../shared/customers';
import { TranscriptPost } from '../../../../shared/live';
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
    expect(Object.keys(op.responses)).toEqual(['201', '400', '401', '403', '409', '413', '415']);
    expect(op.responses['400']!['x-error-codes']).toEqual(['invalid_json', 'invalid_body']);
    // The key's place may be taken by a console session: refused for its CSRF token, its enterprise, its role.
    expect(op.responses['403']!['x-error-codes']).toEqual(['csrf_failed', 'not_a_member', 'role_forbids']);
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

/**
 * The string keywords the document emits, checked as a JSON Schema validator reads them:
 * lengths in code points, every `pattern` with the `u` flag (as Ajv does) and without, and
 * `format: email` as ajv-formats' full pattern.
 */
const FORMAT_EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
function takes(schema: Json, value: string, flags: '' | 'u'): boolean {
  if (schema.anyOf) return (schema.anyOf as Json[]).some((s) => takes(s, value, flags));
  if (schema.type !== undefined && schema.type !== 'string') return false;
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) return false;
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false;
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, flags).test(value)) return false;
  if (schema.format === 'email' && !FORMAT_EMAIL.test(value)) return false;
  return ((schema.allOf ?? []) as Json[]).every((s) => takes(s, value, flags));
}

describe('the document’s string rules agree with the server’s', () => {
  type Doc = { paths: Record<string, Record<string, { parameters: { name: string; schema: Json }[] }>>; components: { schemas: Record<string, Json> } };
  const document = openApiDocument(routes, { version: '1' }) as unknown as Doc;
  const schemas = document.components.schemas;
  /** A field's schema, through arrays (to their items) and `$ref`s. */
  const unwrap = (node: Json): Json => (node.$ref ? unwrap(schemas[String(node.$ref).split('/').pop()!]!) : node.type === 'array' ? unwrap(node.items as Json) : node);
  const property = (id: string, ...path: string[]) => path.reduce<Json>((node, key) => unwrap((unwrap(node).properties as Record<string, Json>)[key]!), schemas[id]!);
  /** Any UTF-16 code unit, so NULs and lone surrogates, mixed with what the rules are about. */
  const unit = fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('a', 'Z', '0', '-', '.', '@', '_', '+', ' ', '\t', '\u00a0', '😀', '/', ':', '~'),
  );
  const strings = fc.oneof(fc.string({ unit, maxLength: 30 }), fc.string({ unit: fc.constantFrom('a', 'b', '-', '.', '@', 'x'), maxLength: 20 }));
  const agree = (schema: Json, parse: (v: string) => boolean, values: fc.Arbitrary<string>) =>
    fc.assert(
      fc.property(values, (v) => {
        for (const flags of ['', 'u'] as const) expect(takes(schema, v, flags), `${JSON.stringify(v)} (${flags || 'no'} flag)`).toBe(parse(v));
      }),
      { numRuns: 2000 },
    );

  it('text: no NUL, no lone surrogate, whole pairs kept', () => {
    const notes = property('CustomerProfileBody', 'notes');
    agree(notes, (v) => CustomerProfileBody.safeParse({ notes: v }).success, strings);
    for (const v of ['\u0000', '\ud800', 'a\udc00', '😀'.slice(0, 1)]) expect(takes(notes, v, 'u')).toBe(false);
    expect(takes(notes, 'a😀b', 'u')).toBe(true);
  });

  it('trimmed text: not blank as well (lengths aside, which count after trimming)', () => {
    const tag = property('CustomerProfileBody', 'tags');
    agree(tag, (v) => CustomerProfileBody.safeParse({ tags: [v] }).success, strings.filter((v) => v.trim().length === [...v].length || v.trim() === ''));
    for (const v of ['', ' ', '\t\n\u00a0\u2028\ufeff']) expect(takes(tag, v, 'u'), JSON.stringify(v)).toBe(false);
  });

  it('e-mail: the pattern, and format: email takes every address the server takes', () => {
    const email = property('CreateAssociate', 'email');
    expect(email.format).toBe('email');
    const parse = (v: string) => CreateAssociate.shape.email.safeParse(v).success;
    const addresses = fc.oneof(strings, fc.emailAddress(), fc.tuple(fc.stringMatching(/^[a-z.'_+-]{1,6}$/), fc.stringMatching(/^[a-z0-9-]{1,5}(\.[a-z0-9-]{1,5}){0,2}\.[a-z]{2,3}$/)).map(([l, d]) => `${l}@${d}`));
    agree(email, parse, addresses);
    fc.assert(fc.property(addresses, (v) => !parse(v) || FORMAT_EMAIL.test(v)));
    for (const v of ['trail@host-.example', 'lead@-host.example', 'dots@host..example', '.a@host.example']) {
      expect(parse(v), v).toBe(false);
      expect(takes(email, v, 'u'), v).toBe(false);
    }
    expect(parse('ana.silva+shop@volt-store.example')).toBe(true);
  });

  it('the customer id, as a path parameter', () => {
    const param = document.paths['/api/v1/customers/{externalId}']!.put!.parameters.find((p) => p.name === 'externalId')!.schema;
    agree(param, (v) => CustomerExternalId.safeParse(v).success, fc.oneof(strings, fc.stringMatching(/^[A-Za-z0-9._~:@+-]{1,210}$/)));
  });

  it('time zones: every zone the server takes has the pattern’s shape, and the rule is named', () => {
    const zone = property('CreateAssociate', 'timezone');
    expect(zone.description).toMatch(/IANA/);
    const parse = (v: string) => CreateAssociate.shape.timezone.safeParse(v).success;
    for (const v of [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Asia/Kolkata', 'Europe/Kyiv', 'US/Eastern', 'Etc/GMT+5']) {
      expect(parse(v), v).toBe(true);
      expect(takes(zone, v, 'u'), v).toBe(true);
    }
    fc.assert(fc.property(strings, (v) => !parse(v) || takes(zone, v, 'u')));
  });

  it('times: the format’s pattern and the range in words; the server takes only what the pattern takes', () => {
    const at = property('TranscriptPost', 'messages', 'sentAt');
    expect(at).toMatchObject({ format: 'date-time', description: expect.stringContaining('0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z') });
    const parse = (v: string) => TranscriptPost.safeParse({ messages: [{ id: 'm', text: 'x', sentAt: v }] }).success;
    const expiry = property('AccreditationList', 'accreditations', 'expiresAt');
    const expires = (v: string) => AccreditationList.safeParse({ accreditations: [{ category: ['TV'], level: 1, expiresAt: v }] }).success;
    const times = fc.oneof(strings, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59-01:00', '2026-03-02T10:00:00+05:30'));
    fc.assert(fc.property(times, (v) => (!parse(v) || takes(at, v, 'u')) && (!expires(v) || takes(expiry, v, 'u'))));
  });

  it('rules between fields are described where they hold', () => {
    expect(JSON.stringify(schemas.UpdateAssociate)).toContain('`from` must be before `to`');
    expect(JSON.stringify(schemas.MatchingDocument)).toContain('`ownAssociateSeconds` below `giveUpSeconds`');
    expect(schemas.OutcomeRequest!.description).toMatch(/`amount` and `currency` come together/);
  });
});
