import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { MaterialDetail, MaterialList } from '../../../../shared/sales';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { seedAssociate } from '../../testing/offers';
import { sniffContentType } from './content.core';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const SVG = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const HTML = new TextEncoder().encode('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');

describe('content sniffing', () => {
  it('knows the kept types by their bytes and nothing else', () => {
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(PDF)).toBe('application/pdf');
    expect(sniffContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(new TextEncoder().encode('GIF89a....'))).toBe('image/gif');
    expect(sniffContentType(new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull();
    expect(sniffContentType(SVG)).toBeNull();
    expect(sniffContentType(HTML)).toBeNull();
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });
});

describe.each(DB_KINDS)('the materials library on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });
  const key = () => h.seed.voltKey;
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  const create = async (body: unknown, k = key()) => {
    const res = await call(h.app, 'POST', '/api/v1/materials', k, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return MaterialDetail.parse(await res.json());
  };
  const upload = (id: string, bytes: Uint8Array, type = 'application/octet-stream', k = key()) =>
    h.app.http.request(`/api/v1/materials/${id}/file`, { method: 'PUT', body: bytes as BodyInit, headers: { authorization: `Bearer ${k}`, 'content-type': type } });

  it('keeps techniques, links and documents with their tags, in the enterprise’s order, versioned', async () => {
    const tags = { categories: [['Audio']], rules: ['long-dwell'], channels: ['chat'], languages: ['en'] };
    const technique = await create({ kind: 'technique', title: 'Ask about budget', markdown: '**Ask** what they *want* to spend.', tags });
    expect(technique).toMatchObject({ kind: 'technique', version: 1, position: 0, tags, current: { version: 1, markdown: '**Ask** what they *want* to spend.' }, archived: false });
    const link = await create({ kind: 'link', title: 'Size guide', url: 'https://volt.example/guide' });
    expect(link).toMatchObject({ position: 1, tags: { categories: [], rules: [], channels: [], languages: [] }, current: { url: 'https://volt.example/guide' } });
    const doc = await create({ kind: 'document', title: 'Spec sheet', fileName: 'wh-1000xm5.pdf' });
    expect(doc).toMatchObject({ version: 0, current: null, versions: [] });

    const changed = await call(h.app, 'PATCH', `/api/v1/materials/${technique.id}`, key(), { markdown: 'Ask about the budget first.', title: 'Budget' });
    const detail = MaterialDetail.parse(await changed.json());
    expect(detail).toMatchObject({ title: 'Budget', version: 2, current: { markdown: 'Ask about the budget first.' } });
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    // A title alone changes no version.
    expect(MaterialDetail.parse(await (await call(h.app, 'PATCH', `/api/v1/materials/${link.id}`, key(), { position: 9 })).json())).toMatchObject({ version: 1, position: 9 });
    expect(await errorOf(await call(h.app, 'PATCH', `/api/v1/materials/${link.id}`, key(), { markdown: 'x' }))).toEqual([409, 'material_unusable']);
    expect(await errorOf(await call(h.app, 'PATCH', `/api/v1/materials/${link.id}`, key(), {}))).toEqual([400, 'invalid_body']);
    expect(await errorOf(await call(h.app, 'POST', '/api/v1/materials', key(), { kind: 'link', title: 'x', url: 'javascript:alert(1)' }))).toEqual([400, 'invalid_body']);

    const list = MaterialList.parse(await (await call(h.app, 'GET', '/api/v1/materials', key())).json());
    expect(list.materials.map((m) => m.title)).toEqual(['Budget', 'Spec sheet', 'Size guide']);
    // Another enterprise sees none of it.
    expect(MaterialList.parse(await (await call(h.app, 'GET', '/api/v1/materials', h.seed.summitKey)).json()).materials).toEqual([]);
    expect((await call(h.app, 'GET', `/api/v1/materials/${link.id}`, h.seed.summitKey)).status).toBe(404);

    expect((await call(h.app, 'DELETE', `/api/v1/materials/${link.id}`, key())).status).toBe(204);
    expect((await call(h.app, 'DELETE', `/api/v1/materials/${link.id}`, key())).status).toBe(204);
    expect(MaterialList.parse(await (await call(h.app, 'GET', '/api/v1/materials', key())).json()).materials.map((m) => m.title)).toEqual(['Budget', 'Spec sheet']);
    expect(MaterialDetail.parse(await (await call(h.app, 'GET', `/api/v1/materials/${link.id}`, key())).json()).archived).toBe(true);
    expect(await errorOf(await call(h.app, 'PATCH', `/api/v1/materials/${link.id}`, key(), { title: 'again' }))).toEqual([409, 'material_unusable']);
  });

  it('takes a document’s file by its bytes, serves it with safe headers to the enterprise’s associates only', async () => {
    const doc = await create({ kind: 'document', title: 'Spec "sheet" <b>', fileName: 'spec.pdf' });
    const res = await upload(doc.id, PNG, 'image/png');
    expect(res.status, await res.clone().text()).toBe(200);
    const first = MaterialDetail.parse(await res.json());
    expect(first).toMatchObject({ version: 1, current: { contentType: 'image/png', size: PNG.byteLength, sha256: createHash('sha256').update(PNG).digest('hex') } });
    // Refused: markup whatever it claims, a type the bytes are not, an empty file, a file for a technique.
    expect(await errorOf(await upload(doc.id, SVG, 'image/svg+xml'))).toEqual([415, 'unsupported_material']);
    expect(await errorOf(await upload(doc.id, SVG, 'image/png'))).toEqual([415, 'unsupported_material']);
    expect(await errorOf(await upload(doc.id, HTML, 'application/pdf'))).toEqual([415, 'unsupported_material']);
    expect(await errorOf(await upload(doc.id, PNG, 'application/pdf'))).toEqual([415, 'unsupported_material']);
    expect(await errorOf(await upload(doc.id, new Uint8Array()))).toEqual([415, 'unsupported_material']);
    const technique = await create({ kind: 'technique', title: 'T', markdown: 'x' });
    expect(await errorOf(await upload(technique.id, PNG))).toEqual([409, 'material_unusable']);
    expect((await upload(doc.id, PNG, 'image/png', h.seed.summitKey)).status).toBe(404);
    // Past 10 MB: 413 before reading it all.
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    expect(await errorOf(await upload(doc.id, big, 'application/pdf'))).toEqual([413, 'payload_too_large']);

    const second = MaterialDetail.parse(await (await upload(doc.id, PDF)).json());
    expect(second).toMatchObject({ version: 2, current: { contentType: 'application/pdf' } });
    expect(second.versions.map((v) => v.version)).toEqual([2, 1]);

    const employee = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id });
    const stranger = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.summit.id });
    const served = await call(h.app, 'GET', `/api/v1/materials/${doc.id}/content`, employee.token);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PDF);
    expect(Object.fromEntries(['content-type', 'x-content-type-options', 'content-security-policy', 'content-disposition'].map((n) => [n, served.headers.get(n)]))).toEqual({
      'content-type': 'application/pdf',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'content-disposition': 'inline; filename="spec.pdf"',
    });
    expect((await call(h.app, 'GET', `/api/v1/materials/${doc.id}/content`, key())).status).toBe(200);
    expect((await call(h.app, 'GET', `/api/v1/materials/${doc.id}/content`, stranger.token)).status).toBe(404);
    expect((await call(h.app, 'GET', `/api/v1/materials/${doc.id}/content`, h.seed.summitKey)).status).toBe(404);
    expect((await call(h.app, 'GET', `/api/v1/materials/${doc.id}/content`, h.token)).status).toBe(401);
    expect((await call(h.app, 'GET', `/api/v1/materials/${technique.id}/content`, employee.token)).status).toBe(404);
  });
});
