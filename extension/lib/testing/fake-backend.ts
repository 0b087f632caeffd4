import type { ShopperEvent } from '../../../shared/events';
import type { ParticipatingSite } from '../../../shared/sites';
import type { Fetch } from '../api';

export interface RecordedRequest {
  method: string;
  /** Origin and any path prefix, e.g. "http://localhost:8787". */
  base: string;
  path: string;
  token: string | null;
  body: unknown;
}

type Override = Response | 'network-error' | ((request: RecordedRequest) => Response | 'network-error');

export const DEMO_SITES: ParticipatingSite[] = [
  { id: 'site_1', domain: 'localhost:4101', name: 'Demo Audio', adapter: null },
  { id: 'site_2', domain: 'shop.example', name: 'Example Shop', adapter: null },
];

/**
 * An in-memory backend behind a `fetch`, for tests: it registers shoppers, stores each
 * event id once per shopper like the real one, and answers with whatever a test queues
 * up with `next(path, answer)` first.
 */
export function createFakeBackend(options: { sites?: ParticipatingSite[]; ttlSeconds?: number } = {}) {
  const requests: RecordedRequest[] = [];
  const tokens = new Set<string>();
  const stored = new Map<string, ShopperEvent>();
  const overrides = new Map<string, Override[]>();
  let shoppers = 0;

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  const fetch: Fetch = async (input, init = {}) => {
    const url = new URL(input);
    const auth = new Headers(init.headers).get('authorization');
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      base: input.slice(0, input.indexOf('/api/v1/')),
      path: url.pathname.slice(url.pathname.indexOf('/api/v1/')),
      token: auth?.replace(/^Bearer /, '') ?? null,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const override = overrides.get(request.path)?.shift();
    if (override) {
      const answer = typeof override === 'function' ? override(request) : override;
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      return answer;
    }
    switch (request.path) {
      case '/api/v1/sites':
        return json(200, { sites: options.sites ?? DEMO_SITES, ttlSeconds: options.ttlSeconds ?? 300 });
      case '/api/v1/shoppers': {
        shoppers += 1;
        const token = `token-${shoppers}`;
        tokens.add(token);
        return json(201, { shopperId: `shopper-${shoppers}`, token, createdAt: new Date(0).toISOString() });
      }
      case '/api/v1/events': {
        if (!request.token || !tokens.has(request.token)) return json(401, { error: { code: 'unauthorized', message: 'Unknown token.' } });
        const { events } = request.body as { events: ShopperEvent[] };
        let duplicates = 0;
        for (const e of events) {
          if (stored.has(e.id)) duplicates += 1;
          else stored.set(e.id, e);
        }
        return json(202, { accepted: events.length - duplicates, duplicates, sessionIds: ['session-1'] });
      }
      default:
        return json(404, { error: { code: 'not_found', message: 'No such route.' } });
    }
  };

  return {
    fetch,
    json,
    requests,
    /** Ids of the events stored, in arrival order. */
    storedIds: () => [...stored.keys()],
    /** Every POST /events request's event ids, one array per request. */
    eventPosts: () =>
      requests.filter((r) => r.path === '/api/v1/events').map((r) => (r.body as { events: ShopperEvent[] }).events.map((e) => e.id)),
    /** The next request to `path` gets this answer instead. */
    next(path: string, answer: Override) {
      overrides.set(path, [...(overrides.get(path) ?? []), answer]);
    },
    /** Forgets every token, as a backend whose database was reset. */
    forgetTokens: () => tokens.clear(),
  };
}
export type FakeBackend = ReturnType<typeof createFakeBackend>;

let counter = 0;
/** A valid page_view event (or another type with `overrides`) with a fresh id. */
export function fakeEvent(overrides: Partial<ShopperEvent> = {}): ShopperEvent {
  counter += 1;
  return {
    id: `event_${String(counter).padStart(6, '0')}`,
    at: '2025-01-01T10:00:00.000Z',
    url: 'http://localhost:4101/products/1',
    type: 'page_view',
    kind: 'product',
    ...overrides,
  } as ShopperEvent;
}
