import { z } from 'zod';
import { ApiError, ErrorCode } from '../../../../shared/api';
import { CONSOLE_COOKIE } from '../../../../shared/console';
import { TIME_RANGE } from '../../../../shared/time';

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The status each error code is answered with. Every code in `ErrorCode` must be here, so
 * a new code cannot be added without saying how it is answered (and the document lists it).
 */
export const ERROR_STATUS: Record<ErrorCodeValue, number> = {
  invalid_json: 400,
  invalid_body: 400,
  invalid_query: 400,
  invalid_path: 400,
  link_invalid: 400,
  event_too_old: 400,
  amount_out_of_range: 400,
  url_not_allowed: 400,
  invalid_plan: 400,
  unauthorized: 401,
  second_factor_required: 401,
  not_participating: 403,
  role_forbids: 403,
  csrf_failed: 403,
  not_a_member: 403,
  operator_only: 403,
  enterprise_suspended: 403,
  not_found: 404,
  no_participating_site: 404,
  no_session: 404,
  method_not_allowed: 405,
  conflict: 409,
  offer_taken: 409,
  offer_expired: 409,
  offer_answered: 409,
  at_capacity: 409,
  engagement_closed: 409,
  message_not_wanted: 409,
  engagement_not_live: 409,
  engagement_ended: 409,
  test_required: 409,
  not_approved: 409,
  link_expired: 410,
  link_used: 410,
  transcript_full: 413,
  recipient_opted_out: 409,
  no_shopper_phone: 409,
  already_asked: 409,
  message_taken: 409,
  order_conflict: 409,
  refund_conflict: 409,
  invalid_order: 400,
  invalid_refund: 400,
  mixed_currency: 400,
  unknown_line: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unsupported_material: 415,
  material_unusable: 409,
  version_invalid: 422,
  attempt_expired: 409,
  retake_wait: 409,
  upgrade_required: 426,
  rate_limited: 429,
  adverse_action_required: 409,
  check_incomplete: 409,
  bad_signature: 401,
  provider_unavailable: 502,
  internal: 500,
};

/** Who may call a route: one of these credentials as `Authorization: Bearer …`, a signature header, or the console's session cookie. */
export type Auth = 'shopper' | 'associate' | 'enterprise' | 'shopifySignature' | 'segmentSignature' | 'checkrSignature' | 'twilioSignature' | 'console' | 'operator';

/** How each credential is sent: a bearer token, (`header`) a signature of the raw body in a header of the sender's, or (`cookie`) the console's session cookie. */
export const SECURITY_SCHEMES: Record<Auth, { name: string; description: string; header?: string; cookie?: string }> = {
  shopper: { name: 'shopperToken', description: 'A shopper token (`fws_…`) from POST /api/v1/shoppers.' },
  associate: { name: 'associateToken', description: 'An associate sign-in token (`fwa_…`) from POST /api/v1/associates/sign-in; it expires.' },
  enterprise: {
    name: 'enterpriseKey',
    description:
      'An enterprise API key (`fwk_…`); or, in its place, a console session (cookie `fw_console`) naming the enterprise in `X-Floorwalker-Enterprise`, with the session’s CSRF token in `X-CSRF-Token` on every change, within what the user’s role there allows (403 `role_forbids`, `not_a_member`, `csrf_failed`).',
  },
  console: {
    name: 'consoleSession',
    cookie: CONSOLE_COOKIE,
    description: 'A console session: the cookie POST /api/v1/console/sign-in sets (HttpOnly, SameSite=Strict); every change also carries the session’s CSRF token in `X-CSRF-Token` (403 `csrf_failed`).',
  },
  operator: {
    name: 'operatorSession',
    cookie: CONSOLE_COOKIE,
    description: 'A marketplace operator’s console session (the same cookie, and `X-CSRF-Token` on every change); anyone else’s is refused (403 `operator_only`).',
  },
  shopifySignature: {
    name: 'shopifyHmac',
    header: 'X-Shopify-Hmac-Sha256',
    description: 'Base64 of HMAC-SHA256 of the raw body under the Shopify app secret the enterprise set (PUT /api/v1/order-sources/shopify), as Shopify signs its webhooks.',
  },
  segmentSignature: {
    name: 'segmentSignature',
    header: 'X-Signature',
    description: 'Hex of HMAC-SHA1 of the raw body under the shared secret the enterprise set (PUT /api/v1/order-sources/segment), as Segment’s Webhooks destination signs.',
  },
  checkrSignature: {
    name: 'checkrSignature',
    header: 'X-Checkr-Signature',
    description: 'Hex of HMAC-SHA256 of the raw body under the marketplace’s Checkr API key (CHECKR_API_KEY), as Checkr signs its webhooks.',
  },
  twilioSignature: {
    name: 'twilioSignature',
    header: 'X-Twilio-Signature',
    description:
      'Base64 of HMAC-SHA1, under the auth token the enterprise set (PUT /api/v1/telephony/settings), of the URL Twilio requested (PUBLIC_URL and the path) followed by each form field’s name and value sorted by name, as Twilio signs its webhooks.',
  },
};

/** A named schema: it becomes `#/components/schemas/<id>`. */
export interface Named {
  id: string;
  schema: z.ZodType;
}

/** One route of the API as the document describes it. */
export interface RouteDoc {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As mounted in Hono: `/api/v1/sessions/:id`. */
  path: string;
  /** The module it belongs to (the document's tag). */
  tag: string;
  summary: string;
  description?: string;
  /** Any one of these credentials; none for a public route. */
  auth: Auth[];
  /** The rule a path parameter is held to, by name; any string when left out. */
  params?: Record<string, z.ZodType<string>>;
  query?: z.ZodObject;
  /** The JSON body; `optional` when an empty body is taken too. */
  body?: Named & { optional?: boolean };
  /** The success answer; no schema for an answer without a body; `mediaType` when it is not JSON (TwiML's XML). */
  answer: { status: number; description: string; body?: Named; mediaType?: 'text/xml' };
  /** Codes of the refusals this route gives beyond those its credential, query and body imply. */
  errors?: ErrorCodeValue[];
}

type Json = Record<string, unknown>;

/** What every route with a credential, a query or a body can be refused with. */
function impliedErrors(route: RouteDoc): ErrorCodeValue[] {
  const codes: ErrorCodeValue[] = [];
  if (route.auth.length) codes.push(ErrorCode.unauthorized);
  // A console session (in place of a key, or on the console's own routes) is refused for its CSRF token, its role, its enterprise.
  if (route.auth.includes('enterprise')) codes.push(ErrorCode.csrfFailed, ErrorCode.notAMember, ErrorCode.roleForbids);
  if (route.auth.includes('console')) codes.push(ErrorCode.csrfFailed);
  if (route.auth.includes('operator')) codes.push(ErrorCode.csrfFailed, ErrorCode.operatorOnly);
  if (route.query) codes.push(ErrorCode.invalidQuery);
  if (route.body) codes.push(ErrorCode.invalidJson, ErrorCode.invalidBody, ErrorCode.payloadTooLarge, ErrorCode.unsupportedMediaType);
  return codes;
}

/** `/a/:id/b` → `/a/{id}/b`, and the path parameters' names. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

/** Converts the registry's schemas into components; refs between registered schemas point into the document. */
function components(named: Named[], io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const { id, schema } of named) {
    const known = registry.get(schema)?.id;
    if (known && known !== id) throw new Error(`One schema is named both ${known} and ${id}.`);
    if (!known) registry.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  // Unnamed schemas used more than once (a recursive one) come as `__shared`'s $defs: each becomes a component of its own.
  const { __shared: shared, ...registered } = schemas as Record<string, Json>;
  const hoisted = Object.entries((shared?.$defs ?? {}) as Record<string, Json>).map(([k, schema]) => [`${io}_${k}`, schema] as const);
  const sharedRef = /^#\/components\/schemas\/__shared#\/\$defs\/(.+)$/;
  const out: Record<string, Json> = {};
  for (const [id, schema] of [...Object.entries(registered), ...hoisted]) {
    const { $schema: _, $id: __, ...rest } = schema;
    out[id] = rewriteRefs(rest, (r) => r.replace(sharedRef, (_m, k: string) => `#/components/schemas/${io}_${k}`)) as Json;
  }
  return out;
}

function rewriteRefs(value: unknown, rewrite: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rewrite));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? rewrite(v) : rewriteRefs(v, rewrite)]));
}

function queryParameters(query: z.ZodObject): Json[] {
  const schema = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s }));
}

function paramSchema(schema: z.ZodType<string> | undefined): Json {
  if (!schema) return { type: 'string' };
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function errorResponses(route: RouteDoc): Record<string, Json> {
  const byStatus = new Map<number, Set<string>>();
  for (const code of [...impliedErrors(route), ...(route.errors ?? [])]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const out: Record<string, Json> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: `Refused: ${[...codes].map((c) => `\`${c}\``).join(', ')}.`,
      'x-error-codes': [...codes],
      content: { 'application/json': { schema: ref('ApiError') } },
    };
  }
  return out;
}

function operation(route: RouteDoc): Json {
  const { params } = openApiPath(route.path);
  const parameters = [
    ...params.map((name) => ({ name, in: 'path', required: true, schema: paramSchema(route.params?.[name]) })),
    ...(route.query ? queryParameters(route.query) : []),
  ];
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path)
      .path.replace(/^\/api\/v1/, '')
      .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    security: route.auth.map((a) => ({ [SECURITY_SCHEMES[a].name]: [] })),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: !route.body.optional, content: { 'application/json': { schema: ref(route.body.id) } } } }
      : {}),
    responses: {
      [String(route.answer.status)]: {
        description: route.answer.description,
        ...(route.answer.body ? { content: { 'application/json': { schema: ref(route.answer.body.id) } } } : route.answer.mediaType ? { content: { [route.answer.mediaType]: { schema: { type: 'string' } } } } : {}),
      },
      ...errorResponses(route),
    },
  };
}

export interface DocumentOptions {
  version: string;
  /** Schemas that no route names but clients need (the WebSocket messages), by direction. */
  extra?: { input?: Named[]; output?: Named[] };
}

/**
 * The OpenAPI 3.1 document of the routes: bodies converted as inputs (defaults optional),
 * answers as outputs, each named schema once under `components.schemas`. Throws when two
 * different schemas claim one name.
 */
export function openApiDocument(routes: RouteDoc[], options: DocumentOptions): Json {
  const inputs = [...routes.flatMap((r) => (r.body ? [r.body] : [])), ...(options.extra?.input ?? [])];
  const outputs = [{ id: 'ApiError', schema: ApiError }, ...routes.flatMap((r) => (r.answer.body ? [r.answer.body] : [])), ...(options.extra?.output ?? [])];
  for (const list of [inputs, outputs]) {
    const seen = new Map<string, z.ZodType>();
    for (const { id, schema } of list) {
      if (seen.has(id) && seen.get(id) !== schema) throw new Error(`Two schemas are named ${id}.`);
      seen.set(id, schema);
    }
  }
  const input = components(inputs, 'input');
  const output = components(outputs, 'output');
  for (const id of Object.keys(input)) {
    if (id in output && JSON.stringify(input[id]) !== JSON.stringify(output[id])) throw new Error(`${id} names both a body and an answer that differ.`);
  }
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const { path } = openApiPath(route.path);
    const methods = (paths[path] ??= {});
    const method = route.method.toLowerCase();
    if (methods[method]) throw new Error(`${route.method} ${route.path} is described twice.`);
    methods[method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Floorwalker API',
      version: options.version,
      description:
        'Every refusal is `{ error: { code, message, issues? } }` with the status its code implies; every answer is JSON but the TwiML Twilio fetches. Credentials go in `Authorization: Bearer …`, never in a URL. ' +
        'Text the server stores refuses a NUL and a lone UTF-16 surrogate (the `pattern` every such field carries); text it trims refuses a blank value (the pattern `\\S`) and counts its length after trimming. ' +
        `Every time is ISO 8601 with its offset, ${TIME_RANGE}. Rules between fields are in the descriptions of the objects that hold them.`,
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: Object.fromEntries(
        Object.values(SECURITY_SCHEMES).map(({ name, description, header, cookie }) => [
          name,
          header ? { type: 'apiKey', in: 'header', name: header, description } : cookie ? { type: 'apiKey', in: 'cookie', name: cookie, description } : { type: 'http', scheme: 'bearer', description },
        ]),
      ),
      schemas: { ...output, ...input },
    },
  };
}
