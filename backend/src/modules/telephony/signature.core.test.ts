import { describe, expect, it } from 'vitest';
import { hmacSha1 } from '../../hmac';
import { type FormFields, signedText, twilioSignature, twilioSignatureMatches, urlForms } from './signature.core';

// Twilio's documented example request.
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const TOKEN = '12345';
const PARAMS: FormFields = [
  ['To', '+18005551212'],
  ['CallSid', 'CA1234567890ABCDE'],
  ['From', '+12349013030'],
  ['Digits', '1234'],
  ['Caller', '+12349013030'],
];
const VECTOR = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('Twilio’s request signature', () => {
  it('signs the whole URL then each name+value sorted by name (the documented vector)', () => {
    expect(signedText(URL_, PARAMS)).toBe(`${URL_}CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212`);
    expect(twilioSignature(hmacSha1, TOKEN, URL_, PARAMS)).toBe(VECTOR);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS, VECTOR)).toBe(true);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS, ` ${VECTOR}\n`)).toBe(true);
  });

  it('refuses a changed, added or missing parameter, another URL or query, another token, and a missing or malformed header', () => {
    const changed = PARAMS.map(([k, v]) => [k, k === 'Digits' ? '1235' : v] as const);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, changed, VECTOR)).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, [...PARAMS, ['CallStatus', 'completed']], VECTOR)).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS.slice(1), VECTOR)).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, 'https://mycompany.com/myapp.php?foo=1&bar=3', PARAMS, VECTOR)).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, 'https://mycompany.com/myapp.php', PARAMS, VECTOR)).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, '54321', URL_, PARAMS, VECTOR)).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS, undefined)).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS, '')).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS, VECTOR.slice(1))).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS, VECTOR.replace('0', '1'))).toBe(false);
    expect(twilioSignatureMatches(hmacSha1, '', URL_, PARAMS, twilioSignature(hmacSha1, '', URL_, PARAMS))).toBe(false);
  });

  it('accepts the URL signed with or without its port, whichever form the request arrived in', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    const signedWithPort = twilioSignature(hmacSha1, TOKEN, withPort, PARAMS);
    expect(signedWithPort).not.toBe(VECTOR);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, withPort, PARAMS, VECTOR)).toBe(true);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, URL_, PARAMS, signedWithPort)).toBe(true);
    // A non-standard port: the URL with it, or without it.
    const local = 'http://127.0.0.1:8080/api/hook';
    expect(twilioSignatureMatches(hmacSha1, TOKEN, local, PARAMS, twilioSignature(hmacSha1, TOKEN, 'http://127.0.0.1/api/hook', PARAMS))).toBe(true);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, local, PARAMS, twilioSignature(hmacSha1, TOKEN, local, PARAMS))).toBe(true);
    expect(twilioSignatureMatches(hmacSha1, TOKEN, local, PARAMS, twilioSignature(hmacSha1, TOKEN, 'http://127.0.0.1:8081/api/hook', PARAMS))).toBe(false);
  });

  it('knows the forms of a URL: as given, without the port, with the scheme’s port', () => {
    expect(urlForms(URL_)).toEqual([URL_, 'https://mycompany.com:443/myapp.php?foo=1&bar=2']);
    expect(urlForms('http://h:8080/x')).toEqual(['http://h:8080/x', 'http://h/x']);
    expect(urlForms('http://h/x')).toEqual(['http://h/x', 'http://h:80/x']);
    expect(urlForms('not a url')).toEqual(['not a url']);
  });

  it('sorts a repeated name’s values, so the order they were sent in does not matter', () => {
    const a: FormFields = [['StatusCallbackEvent', 'ringing'], ['To', '+1'], ['StatusCallbackEvent', 'answered']];
    const b: FormFields = [['StatusCallbackEvent', 'answered'], ['StatusCallbackEvent', 'ringing'], ['To', '+1']];
    expect(signedText('u', a)).toBe('uStatusCallbackEventansweredStatusCallbackEventringingTo+1');
    expect(twilioSignature(hmacSha1, TOKEN, 'u', a)).toBe(twilioSignature(hmacSha1, TOKEN, 'u', b));
  });
});
