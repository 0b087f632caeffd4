import { describe, expect, it } from 'vitest';
import { privacyPolicyHref, readServiceTerms } from './service-terms';

describe('readServiceTerms', () => {
  it('names no operator, links the built-in policy and promises 90 days when the build sets nothing', () => {
    const terms = readServiceTerms({});
    expect(terms).toEqual({ operatorName: null, privacyPolicyUrl: null, retentionDays: 90 });
    expect(privacyPolicyHref(terms)).toBe('/privacy.html');
  });

  it('takes the operator, their policy and their retention from the build', () => {
    const terms = readServiceTerms({
      WXT_OPERATOR_NAME: '  Acme Retail Ltd ',
      WXT_PRIVACY_POLICY_URL: 'https://acme.example/privacy',
      WXT_RETENTION_DAYS: '30',
    });
    expect(terms).toEqual({ operatorName: 'Acme Retail Ltd', privacyPolicyUrl: 'https://acme.example/privacy', retentionDays: 30 });
    expect(privacyPolicyHref(terms)).toBe('https://acme.example/privacy');
  });

  it('treats blank values as unset', () => {
    expect(readServiceTerms({ WXT_OPERATOR_NAME: ' ', WXT_PRIVACY_POLICY_URL: '', WXT_RETENTION_DAYS: '' })).toEqual(readServiceTerms({}));
  });

  it.each([
    [{ WXT_RETENTION_DAYS: 'ninety' }, /WXT_RETENTION_DAYS/],
    [{ WXT_RETENTION_DAYS: '0' }, /WXT_RETENTION_DAYS/],
    [{ WXT_RETENTION_DAYS: '7.5' }, /WXT_RETENTION_DAYS/],
    [{ WXT_RETENTION_DAYS: '100000' }, /WXT_RETENTION_DAYS/],
    [{ WXT_PRIVACY_POLICY_URL: 'javascript:alert(1)' }, /WXT_PRIVACY_POLICY_URL/],
    [{ WXT_PRIVACY_POLICY_URL: 'acme.example/privacy' }, /WXT_PRIVACY_POLICY_URL/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => readServiceTerms(env)).toThrow(message);
  });
});
