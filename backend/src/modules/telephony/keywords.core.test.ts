import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HELP_KEYWORDS, keywordOf, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './keywords.core';

describe('the keywords of an incoming text', () => {
  it.each([
    ['STOP', 'opt-out'],
    ['stop', 'opt-out'],
    ['  Stop \n', 'opt-out'],
    ['stopall', 'opt-out'],
    ['Unsubscribe', 'opt-out'],
    ['cancel', 'opt-out'],
    ['END', 'opt-out'],
    ['quit', 'opt-out'],
    ['start', 'opt-in'],
    ['UNSTOP', 'opt-in'],
    ['yes', 'opt-in'],
    ['help', 'help'],
  ])('reads %j as %s', (body, keyword) => {
    expect(keywordOf(body)).toBe(keyword);
  });

  it.each(['please stop', 'stop.', 'st op', 'STOPP', '', '   ', 'ſtop', 'ｓｔｏｐ', 'yes please', 'Thanks, see you at the store'])('does not read %j as a keyword', (body) => {
    expect(keywordOf(body)).toBeNull();
  });

  it('recognises every keyword in any mix of case, with any spaces around it', () => {
    const keyword = fc.constantFrom(...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS, ...HELP_KEYWORDS);
    const space = fc.stringMatching(/^[ \t\r\n]{0,3}$/);
    fc.assert(
      fc.property(keyword, fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }), space, space, (word, lower, before, after) => {
        const mixed = [...word].map((c, i) => (lower[i] ? c.toLowerCase() : c)).join('');
        const expected = (OPT_OUT_KEYWORDS as readonly string[]).includes(word) ? 'opt-out' : (OPT_IN_KEYWORDS as readonly string[]).includes(word) ? 'opt-in' : 'help';
        expect(keywordOf(`${before}${mixed}${after}`)).toBe(expected);
      }),
    );
  });
});
