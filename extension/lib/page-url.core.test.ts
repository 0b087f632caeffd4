import { describe, expect, it } from 'vitest';
import { shareableUrl } from './page-url.core';

describe('shareableUrl', () => {
  it.each([
    ['keeps a plain product URL', 'https://shop.example/p/sony-xm5?colour=black&size=m', 'https://shop.example/p/sony-xm5?colour=black&size=m'],
    ['drops a reset token', 'https://shop.example/account/reset?token=abc123&step=2', 'https://shop.example/account/reset?step=2'],
    ['drops names that contain a secret word, in any case', 'https://shop.example/x?resetToken=1&SessionID=2&api_key=3&authCode=4&Password=5&keep=6', 'https://shop.example/x?keep=6'],
    ['drops sid, sig, jwt, otp, state, nonce, pwd, pass, secret, signature', 'https://shop.example/x?sid=1&sig=2&jwt=3&otp=4&state=5&nonce=6&pwd=7&passwd=8&client_secret=9&X-Amz-Signature=10&a=b', 'https://shop.example/x?a=b'],
    ['drops a repeated secret parameter every time', 'https://shop.example/x?code=1&q=tv&code=2', 'https://shop.example/x?q=tv'],
    ['leaves no lone "?"', 'https://shop.example/verify?code=123456', 'https://shop.example/verify'],
    ['drops user name and password', 'https://ana:hunter2@shop.example/p', 'https://shop.example/p'],
    ['drops a fragment carrying a token', 'https://shop.example/cb#access_token=abc&expires_in=3600', 'https://shop.example/cb'],
    ['keeps a plain anchor', 'https://shop.example/p/sony#reviews', 'https://shop.example/p/sony#reviews'],
    ['keeps a fragment of harmless parameters', 'https://shop.example/list#page=2', 'https://shop.example/list#page=2'],
    ['returns what does not parse as it is', 'not a url', 'not a url'],
  ])('%s', (_case, href, expected) => {
    expect(shareableUrl(href)).toBe(expected);
  });

  it.each([
    ['an adapter keeps a parameter that only looks like a secret', 'https://shop.example/s?keyword=tv&token=1', { keepParams: ['Keyword'] }, 'https://shop.example/s?keyword=tv'],
    ['an adapter drops a parameter of its own', 'https://shop.example/p?cart=77&colour=red', { dropParams: ['cart'] }, 'https://shop.example/p?colour=red'],
    ['keeping wins over dropping', 'https://shop.example/p?ref=1', { dropParams: ['ref'], keepParams: ['ref'] }, 'https://shop.example/p?ref=1'],
  ])('%s', (_case, href, rules, expected) => {
    expect(shareableUrl(href, rules)).toBe(expected);
  });
});
