import type { Context, Hono } from 'hono';
import { type ApiFailure, errorBody, fail } from './errors';

/**
 * The answer for a request no route took: 405 with `Allow` when the path is known under
 * other methods, 404 otherwise. Reads the app's routes when first needed, so it sees
 * every route however late it was added.
 */
export function unmatchedRoute(app: Hono): (c: Context) => Response {
  let known: { pattern: RegExp; methods: Set<string> }[] | undefined;
  return (c) => {
    known ??= routeTable(app);
    const allowed = known.find((r) => r.pattern.test(c.req.path))?.methods;
    const failure: ApiFailure = allowed
      ? fail.methodNotAllowed(c.req.method, c.req.path, [...allowed])
      : fail.notFound(`${c.req.method} ${c.req.path}`);
    return c.json(errorBody(failure), failure.status, failure.headers);
  };
}

/** Each path the app routes (middleware aside), as a pattern, with its methods; GET implies HEAD. */
function routeTable(app: Hono) {
  const byPath = new Map<string, Set<string>>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const methods = byPath.get(r.path) ?? new Set<string>();
    methods.add(r.method);
    if (r.method === 'GET') methods.add('HEAD');
    byPath.set(r.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : escape(part))).join('/')}$`),
    methods,
  }));
}

function escape(part: string): string {
  return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
