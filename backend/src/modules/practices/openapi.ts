import { z } from 'zod';
import { CreateMaterial, MaterialDetail, MaterialList, MaterialUse, MaterialUseRecorded, PracticesEvaluation, PracticesView, UpdateMaterial } from '../../../../shared/sales';
import type { RouteDoc } from '../openapi/document.core';

/** The materials library, the practices of an engagement and their offline evaluation, for the OpenAPI document (openapi/catalogue.ts). */
export const practicesRouteDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/api/v1/materials',
    tag: 'practices',
    summary: 'Adds a material to the enterprise’s library: a technique (Markdown), a link (http or https URL) or a document (its metadata; the file follows with PUT …/file).',
    description:
      'Tags say where it fits (category path prefixes, opportunity rule ids or "asked", channels, languages; an empty list fits anything). `position` is the enterprise’s own order, which the holdout sees; by default after the last.',
    auth: ['enterprise'],
    body: { id: 'CreateMaterial', schema: CreateMaterial },
    answer: { status: 201, description: 'Added, with its versions.', body: { id: 'MaterialDetail', schema: MaterialDetail } },
  },
  {
    method: 'GET',
    path: '/api/v1/materials',
    tag: 'practices',
    summary: 'The enterprise’s materials that are not archived, in its own order, each with its current version.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The library.', body: { id: 'MaterialList', schema: MaterialList } },
  },
  {
    method: 'GET',
    path: '/api/v1/materials/:id',
    tag: 'practices',
    summary: 'One material (archived too) and all its versions, newest first.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The material.', body: { id: 'MaterialDetail', schema: MaterialDetail } },
    errors: ['not_found'],
  },
  {
    method: 'PATCH',
    path: '/api/v1/materials/:id',
    tag: 'practices',
    summary: 'Changes a material: new Markdown (technique) or URL (link) makes a new version; title, tags, position and a document’s file name change in place.',
    auth: ['enterprise'],
    body: { id: 'UpdateMaterial', schema: UpdateMaterial },
    answer: { status: 200, description: 'The material as it is now.', body: { id: 'MaterialDetail', schema: MaterialDetail } },
    errors: ['not_found', 'material_unusable'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/materials/:id',
    tag: 'practices',
    summary: 'Archives a material: out of the list and of rankings; its versions and its usage stay. Archiving again changes nothing.',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Archived.' },
    errors: ['not_found'],
  },
  {
    method: 'PUT',
    path: '/api/v1/materials/:id/file',
    tag: 'practices',
    summary: 'A document’s file as the raw body (at most 10 MB), kept as its next version.',
    description:
      'Only PDF, PNG, JPEG, WebP and GIF, told by the bytes themselves: SVG, HTML, XML and anything else are refused with `unsupported_material`, and so is a ' +
      '`Content-Type` that names another type than the bytes are (`application/octet-stream` or none is taken). The type, size and SHA-256 are kept with the version.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The document with its new version.', body: { id: 'MaterialDetail', schema: MaterialDetail } },
    errors: ['not_found', 'payload_too_large', 'unsupported_material', 'material_unusable'],
  },
  {
    method: 'GET',
    path: '/api/v1/materials/:id/content',
    tag: 'practices',
    summary: 'A document’s current file, for the enterprise’s associates (employed or admitted) and its key.',
    description:
      'Served with its stored type, `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox; default-src \'none\'` and `Content-Disposition: inline` with a safe file name.',
    auth: ['associate', 'enterprise'],
    answer: { status: 200, description: 'The file’s bytes.' },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/materials/shared/:token',
    tag: 'practices',
    summary: 'The shopper opens a material the associate sent in the chat: the link is signed for that engagement and material and lasts an hour.',
    description: 'Records `opened_by_shopper`, then serves a document as …/content does, or redirects (302) to a link’s page.',
    auth: [],
    params: { token: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/) },
    answer: { status: 200, description: 'The document’s bytes (or 302 to the link).' },
    errors: ['not_found', 'link_invalid', 'link_expired'],
  },
  {
    method: 'GET',
    path: '/api/v1/engagements/:id/practices',
    tag: 'practices',
    summary: 'The materials and techniques for the engagement’s situation, ranked by what sold there (Thompson sampling; a 5% holdout sees the enterprise’s order), for its associate.',
    description:
      'The situation is the engagement’s category, its opportunity rule (the condition with the most points, or "asked"), the channel in use (chat by default) and the customer’s tier. ' +
      'Each ranking is logged with every item’s probability of being placed first, once: the same answer comes back until the order changes (outcomes, a channel, the library). ' +
      'A realtime message `{type: "practices", engagementId}` says when to fetch it again. `techniques` ends with the enterprise’s other techniques, to mark in one click.',
    auth: ['associate'],
    answer: { status: 200, description: 'The ranked practices.', body: { id: 'PracticesView', schema: PracticesView } },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/usage',
    tag: 'practices',
    summary: 'The engagement’s associate opened, copied, sent or marked a material; a sent document or link answers with the card (a signed link) to put in the chat.',
    auth: ['associate'],
    body: { id: 'MaterialUse', schema: MaterialUse },
    answer: { status: 201, description: 'Recorded.', body: { id: 'MaterialUseRecorded', schema: MaterialUseRecorded } },
    errors: ['not_found', 'material_unusable'],
  },
  {
    method: 'GET',
    path: '/api/v1/practices/evaluation',
    tag: 'practices',
    summary: 'What the logs say of the learning ranking: its value by inverse propensity (IPS) and self-normalised (SNIPS) with 95% bootstrap intervals, and its lift over the holdout.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The evaluation.', body: { id: 'PracticesEvaluation', schema: PracticesEvaluation } },
  },
];
