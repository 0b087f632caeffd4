import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionOf, auditedBody, auditedValue, isRecordedChange, isSecretName, MAX_AUDITED_BODY_BYTES, REDACTED, redact } from './audit.core';

describe('redact', () => {
  it('replaces the values of secret-named fields at any depth, whatever their case', () => {
    const body = { label: 'crm', secret: 's3', nested: { Password: 'p', apiKey: 'k', list: [{ accessToken: 't', name: 'n' }] }, Authorization: 'Bearer x' };
    expect(redact(body)).toEqual({ label: 'crm', secret: REDACTED, nested: { Password: REDACTED, apiKey: REDACTED, list: [{ accessToken: REDACTED, name: 'n' }] }, Authorization: REDACTED });
  });

  it('leaves the input unchanged and other values as they are', () => {
    const body = { token: 'a', n: 1, b: true, z: null };
    redact(body);
    expect(body.token).toBe('a');
    expect(redact(body)).toEqual({ token: REDACTED, n: 1, b: true, z: null });
    expect(redact('text')).toBe('text');
    expect(redact([1, 2])).toEqual([1, 2]);
  });

  it('keeps where an adapter reads the identity token from, which is no secret, but not a secret beside it', () => {
    const adapter = { customer: { id: { selector: '#cid' }, token: { selector: 'meta[name="fw-customer-token"]', attr: 'content' } } };
    expect(redact(adapter)).toEqual(adapter);
    expect(redact({ token: { selector: '#t', value: 'abc' } })).toEqual({ token: REDACTED });
    expect(redact({ token: { selector: 7 } })).toEqual({ token: REDACTED });
    expect(redact({ apiKey: { attr: 'content' } })).toEqual({ apiKey: REDACTED });
  });

  it('never lets a secret-named field through (property)', () => {
    const keys = fc.oneof(fc.constantFrom('secret', 'password', 'token', 'key', 'authorization', 'clientSecret', 'newPassword'), fc.string({ maxLength: 8 }));
    const tree = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(keys, tie('node'), { maxKeys: 4 })) })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const seen: unknown[] = [];
        const walk = (v: unknown) => {
          if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) isSecretName(k) && !isLocation(x) ? seen.push(x) : walk(x);
        };
        // Only a page location of strings under `selector`/`attr` is let through (see redact).
        const isLocation = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x) && 'selector' in x && Object.entries(x).every(([k, y]) => ['selector', 'attr'].includes(k) && typeof y === 'string');
        walk(redact(value));
        expect(seen.every((x) => x === REDACTED)).toBe(true);
      }),
    );
  });
});

describe('auditedBody', () => {
  it('keeps a small body, redacted', () => {
    expect(auditedBody({ label: 'crm', key: 'fwk_x' }, 40)).toEqual({ label: 'crm', key: REDACTED });
  });

  it('summarises a large one: its size and top-level fields, no values', () => {
    expect(auditedBody({ rules: [1], currency: 'USD' }, MAX_AUDITED_BODY_BYTES + 1)).toEqual({ summarised: true, bytes: MAX_AUDITED_BODY_BYTES + 1, fields: ['rules', 'currency'] });
    expect(auditedBody([1, 2], MAX_AUDITED_BODY_BYTES + 1)).toEqual({ summarised: true, bytes: MAX_AUDITED_BODY_BYTES + 1 });
  });

  it('measures a value it is given', () => {
    expect(auditedValue(undefined)).toBeNull();
    expect(auditedValue({ at: new Date('2026-03-02T10:00:00.000Z') })).toEqual({ at: '2026-03-02T10:00:00.000Z' });
    expect(auditedValue({ a: 'x'.repeat(MAX_AUDITED_BODY_BYTES) })).toMatchObject({ summarised: true, fields: ['a'] });
  });
});

describe('what is recorded', () => {
  it('changes that succeeded; never reads or refusals', () => {
    expect(isRecordedChange('PUT', 200)).toBe(true);
    expect(isRecordedChange('delete', 204)).toBe(true);
    expect(isRecordedChange('POST', 302)).toBe(true);
    expect(isRecordedChange('POST', 400)).toBe(false);
    expect(isRecordedChange('GET', 200)).toBe(false);
    expect(isRecordedChange('HEAD', 200)).toBe(false);
  });

  it('names the route by its pattern', () => {
    expect(actionOf('put', '/api/v1/rules/opportunity/')).toBe('PUT /api/v1/rules/opportunity');
    expect(actionOf('POST', '/api/v1/associates/:id/deactivate')).toBe('POST /api/v1/associates/:id/deactivate');
    expect(actionOf('POST', '/')).toBe('POST /');
  });
});
