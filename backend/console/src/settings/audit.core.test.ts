import { describe, expect, it } from 'vitest';
import { actorLine, auditQuery, NO_FILTERS, startOfDay } from './audit.core';

describe('auditQuery', () => {
  it('leaves out empty filters', () => {
    expect(auditQuery(NO_FILTERS)).toEqual({ ok: true, query: {} });
  });

  it('asks from the start of the first day to the start of the day after the last', () => {
    const r = auditQuery({ actor: 'user', q: '  site  ', from: '2026-03-01', to: '2026-03-31' });
    expect(r).toEqual({ ok: true, query: { actor: 'user', q: 'site', from: new Date(2026, 2, 1).toISOString(), to: new Date(2026, 3, 1).toISOString() } });
  });

  it('names the field at fault: not a day, or a last day before the first', () => {
    expect(auditQuery({ ...NO_FILTERS, from: '2026-02-30' })).toEqual({ ok: false, field: 'from', message: 'a day, e.g. 2026-03-01' });
    expect(auditQuery({ ...NO_FILTERS, to: 'soon' })).toMatchObject({ ok: false, field: 'to' });
    expect(auditQuery({ ...NO_FILTERS, from: '2026-03-05', to: '2026-03-04' })).toEqual({ ok: false, field: 'to', message: 'must not be before the first day' });
    expect(auditQuery({ ...NO_FILTERS, from: '2026-03-05', to: '2026-03-05' }).ok).toBe(true);
  });

  it('reads a day in the viewer’s calendar', () => {
    expect(startOfDay('2026-12-31', 1)).toBe(new Date(2027, 0, 1).toISOString());
    expect(startOfDay('31/12/2026')).toBeNull();
  });
});

describe('actorLine', () => {
  it('names a person with their role, an operator, a key', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(actorLine({ kind: 'user', userId: id, email: 'o@v.example', role: 'owner', supportAccessId: null })).toBe('o@v.example (Owner)');
    expect(actorLine({ kind: 'user', userId: id, email: 'op@m.example', role: null, supportAccessId: id })).toBe('op@m.example, in a support access');
    expect(actorLine({ kind: 'operator', userId: id, email: 'op@m.example' })).toBe('op@m.example (marketplace operator)');
    expect(actorLine({ kind: 'key', keyId: id, label: 'Shop' })).toBe('API key “Shop”');
  });
});
