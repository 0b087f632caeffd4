import { Hono } from 'hono';
import { extraSchemas, routes } from './catalogue';
import { openApiDocument } from './document.core';

/** GET /api/v1/openapi.json: the document, built on first request and kept. */
export function openApiRoutes(version: string) {
  let document: string | undefined;
  return new Hono().get('/', (c) => {
    document ??= JSON.stringify(openApiDocument(routes, { version, extra: extraSchemas }));
    c.header('cache-control', 'public, max-age=300');
    return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
}
