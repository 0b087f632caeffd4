import { describe, expect, it } from 'vitest';
import { checkSource, sourceForm } from './customer-source.core';
import { endedAt, isOpen, ROLE_OPTIONS, splitAccesses } from './users.core';

describe('the customer-source form', () => {
  it('starts from the source, never its secret, or from the defaults', () => {
    expect(sourceForm({ lookupUrl: 'https://crm.example/p', ttlSeconds: 60, timeoutMs: 500, updatedAt: '2026-01-01T00:00:00Z', secret: 'fwh_x' })).toEqual({
      lookupUrl: 'https://crm.example/p',
      ttlSeconds: '60',
      timeoutMs: '500',
      rotateSecret: false,
    });
    expect(sourceForm(null)).toEqual({ lookupUrl: '', ttlSeconds: '300', timeoutMs: '300', rotateSecret: false });
  });

  it('gives the body to send, asking for a new secret only when told', () => {
    expect(checkSource({ lookupUrl: ' https://crm.example/p ', ttlSeconds: '60', timeoutMs: '500', rotateSecret: false })).toEqual({ ok: true, body: { lookupUrl: 'https://crm.example/p', ttlSeconds: 60, timeoutMs: 500 } });
    expect(checkSource({ lookupUrl: 'https://crm.example/p', ttlSeconds: '60', timeoutMs: '500', rotateSecret: true })).toMatchObject({ ok: true, body: { rotateSecret: true } });
  });

  it('names each field at fault in the contract’s words', () => {
    const r = checkSource({ lookupUrl: 'https://u:p@crm.example/p', ttlSeconds: '0', timeoutMs: '5000', rotateSecret: false });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fields.lookupUrl).toMatch(/user name or password/);
    expect(Object.keys(r.errors.fields).sort()).toEqual(['lookupUrl', 'timeoutMs', 'ttlSeconds']);
    const blank = checkSource({ lookupUrl: 'ftp://x.example', ttlSeconds: '', timeoutMs: '1.5', rotateSecret: false });
    expect(blank.ok ? [] : Object.keys(blank.errors.fields).sort()).toEqual(['lookupUrl', 'timeoutMs', 'ttlSeconds']);
  });
});

describe('the users page', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const access = (startedAt: string, endsAt: string, ended: string | null = null) => ({ startedAt, endsAt, endedAt: ended });

  it('offers every role, the owner first', () => {
    expect(ROLE_OPTIONS.map(([r]) => r)).toEqual(['owner', 'admin', 'sales_lead', 'analyst']);
  });

  it('splits the support accesses into open (soonest end first) and past (latest first)', () => {
    const a = access('2026-03-01T10:00:00Z', '2026-03-01T18:00:00Z');
    const b = access('2026-03-01T11:00:00Z', '2026-03-01T13:00:00Z');
    const ended = access('2026-03-01T09:00:00Z', '2026-03-01T17:00:00Z', '2026-03-01T09:30:00Z');
    const over = access('2026-02-01T09:00:00Z', '2026-02-01T10:00:00Z');
    expect(splitAccesses([a, over, b, ended], now)).toEqual({ open: [b, a], past: [ended, over] });
    expect(isOpen(access('2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z'), now)).toBe(false);
    expect(endedAt(ended)).toBe('2026-03-01T09:30:00Z');
    expect(endedAt(over)).toBe('2026-02-01T10:00:00Z');
  });
});
