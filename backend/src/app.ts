import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Health } from '../../shared/api';
import type { AppDeps } from './deps';
import { errorHandler } from './http/errors';
import { unmatchedRoute } from './http/methods';
import { eventRoutes, sessionRoutes, shopperRoutes } from './modules/sessions/routes';
import { SessionsService } from './modules/sessions/service';
import { sitesRoutes } from './modules/tenancy/routes';
import { TenancyService } from './modules/tenancy/service';

export interface App {
  http: Hono;
  tenancy: TenancyService;
  sessions: SessionsService;
}

/** The whole HTTP API over the given dependencies; no I/O happens until a request. */
export function createApp(deps: AppDeps): App {
  const tenancy = new TenancyService(deps);
  const sessions = new SessionsService(deps, tenancy.directory);

  // The extension calls from its own origin, with no host access to the backend: CORS (no cookies; Retry-After readable).
  const extensionCors = cors({ origin: (o) => (/^(chrome|moz)-extension:\/\//.test(o) ? o : null), exposeHeaders: ['Retry-After'] });
  const http = new Hono()
    // Only a request naming an origin (a browser's) needs CORS headers; adding them costs each request a second Response.
    .use('/api/*', (c, next) => (c.req.header('origin') ? extensionCors(c, next) : next()))
    .use(async (c, next) => {
      await next();
      // Refusals are worth seeing in the log: a misbehaving client shows up here.
      if (c.res.status >= 400) deps.log('request refused', { method: c.req.method, path: c.req.path, status: c.res.status });
    })
    .get('/health', (c) => c.json({ status: 'ok', version: deps.version, database: deps.dbKind } satisfies Health))
    .route('/api/v1/sites', sitesRoutes(deps, tenancy))
    .route('/api/v1/shoppers', shopperRoutes(deps, sessions))
    .route('/api/v1/events', eventRoutes(deps, sessions))
    .route('/api/v1/sessions', sessionRoutes(sessions, tenancy));
  http.notFound(unmatchedRoute(http));
  http.onError(errorHandler(deps.log));
  return { http, tenancy, sessions };
}
