import { describe, expect, it } from 'vitest';
import { parseCheckrEvent } from './webhook.core';

describe('Checkr’s webhook envelope', () => {
  it('reads the event id, type and the object it is about (full or with include_object off)', () => {
    const full = JSON.stringify({
      id: '5d9f3a2b1c4e5f6a7b8c9d0e',
      object: 'event',
      type: 'invitation.completed',
      created_at: '2026-03-02T10:00:00Z',
      webhook_url: 'https://backend.example/api/v1/webhooks/checkr',
      data: { object: { id: 'aaaabbbbccccddddeeeeffff', object: 'invitation', candidate_id: '111122223333444455556666', report_id: '999988887777666655554444', status: 'completed' } },
      account_id: 'acc1',
    });
    expect(parseCheckrEvent(full)).toEqual({
      ok: true,
      event: { id: '5d9f3a2b1c4e5f6a7b8c9d0e', type: 'invitation.completed', objectId: 'aaaabbbbccccddddeeeeffff', objectKind: 'invitation', candidateId: '111122223333444455556666', reportId: '999988887777666655554444' },
    });
    const thin = JSON.stringify({ id: 'e1', object: 'event', type: 'report.completed', data: { object: { id: 'r1', object: 'report', uri: '/v1/reports/r1' } } });
    expect(parseCheckrEvent(thin)).toMatchObject({ ok: true, event: { objectId: 'r1', objectKind: 'report', candidateId: null, reportId: null } });
  });

  it('refuses what is not an event: bad JSON, no id, no type, no object id', () => {
    expect(parseCheckrEvent('{')).toMatchObject({ ok: false, json: false });
    expect(parseCheckrEvent('[]')).toMatchObject({ ok: false, json: true });
    expect(parseCheckrEvent(JSON.stringify({ type: 'report.completed', data: { object: { id: 'r1' } } }))).toMatchObject({ ok: false });
    expect(parseCheckrEvent(JSON.stringify({ id: 'e1', type: 'Report Completed', data: { object: { id: 'r1' } } }))).toMatchObject({ ok: false });
    expect(parseCheckrEvent(JSON.stringify({ id: 'e1', type: 'report.completed', data: {} }))).toMatchObject({ ok: false });
    expect(parseCheckrEvent(JSON.stringify({ id: 'e1', type: 'report.completed', data: { object: { id: '../x' } } }))).toMatchObject({ ok: false });
  });
});
