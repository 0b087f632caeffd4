import { Hono } from 'hono';
import { CreateMaterial, MATERIAL_MAX_BYTES, MaterialUse, UpdateMaterial } from '../../../../shared/sales';
import { NotFound } from '../../errors';
import type { Auth } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import { readCapped } from '../../streams';
import type { MaterialContent, MaterialsService } from './materials';
import type { PracticesService } from './service';

/** A signed shopper link: three base64url parts. */
const TOKEN = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{1,2000}$/;

/** /api/v1/materials: the enterprise's library; a document's content for its associates; the shopper's signed link. */
export function materialRoutes(materials: MaterialsService, practices: PracticesService, auth: Pick<Auth, 'enterprise' | 'associateOrEnterprise'>) {
  const { enterprise, associateOrEnterprise } = auth;
  return new Hono()
    .get('/shared/:token', async (c) => {
      const token = c.req.param('token');
      if (!TOKEN.test(token)) throw fail.notFound('The material');
      const opened = await practices.openShared(token);
      if ('redirect' in opened) return c.redirect(opened.redirect, 302);
      return served(opened.content);
    })
    .post('/', enterprise, async (c) => {
      const body = parseBody(CreateMaterial, await readJson(c, 256_000), 'The material');
      return c.json(await materials.create(c.var.enterpriseId, body), 201);
    })
    .get('/', enterprise, async (c) => c.json({ materials: await materials.list(c.var.enterpriseId) }))
    .get('/:id', enterprise, async (c) => c.json(await materials.get(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The material'))))
    .patch('/:id', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The material');
      const body = parseBody(UpdateMaterial, await readJson(c, 256_000), 'The change');
      return c.json(await materials.update(c.var.enterpriseId, id, body));
    })
    .delete('/:id', enterprise, async (c) => {
      await materials.archive(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The material'));
      return c.body(null, 204);
    })
    .put('/:id/file', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The material');
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > MATERIAL_MAX_BYTES) throw fail.tooLarge(`The file is ${declared} bytes; at most ${MATERIAL_MAX_BYTES} are accepted.`);
      const bytes = await readCapped(c.req.raw.body, MATERIAL_MAX_BYTES, () => fail.tooLarge(`The file is larger than ${MATERIAL_MAX_BYTES} bytes.`));
      return c.json(await materials.putFile(c.var.enterpriseId, id, bytes, c.req.header('content-type')));
    })
    .get('/:id/content', associateOrEnterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The material');
      const actor = c.var.actor;
      const enterpriseId = 'enterpriseId' in actor ? actor.enterpriseId : await materials.enterpriseOf(id);
      if (!enterpriseId || ('associateId' in actor && !(await materials.associateServes(actor.associateId, enterpriseId)))) throw new NotFound('The document');
      return served(await materials.content(enterpriseId, id));
    });
}

/** /api/v1/engagements/:id/practices and …/usage: for the engagement's associate. */
export function engagementPracticeRoutes(practices: PracticesService, auth: Pick<Auth, 'associate'>) {
  const { associate } = auth;
  return new Hono()
    .get('/:id/practices', associate, async (c) => c.json(await practices.view(c.var.associateId, uuidParam(c.req.param('id'), 'The engagement'))))
    .post('/:id/usage', associate, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(MaterialUse, await readJson(c, 2_000), 'The use');
      return c.json(await practices.recordUse(c.var.associateId, id, body), 201);
    });
}

/** /api/v1/practices/evaluation: the offline evaluation of the enterprise's logs. */
export function practicesEvaluationRoutes(practices: PracticesService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono().get('/evaluation', auth.enterprise, async (c) => c.json(await practices.evaluation(c.var.enterpriseId)));
}

function served(content: MaterialContent): Response {
  return new Response(content.bytes as BodyInit, { status: 200, headers: content.headers });
}
