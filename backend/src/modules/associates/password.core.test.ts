import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password.core';

describe('passwordProblem', () => {
  it.each<[string, string, string, RegExp | null]>([
    ['a long varied password', 'correct horse battery', 'ana@volt.example', null],
    ['too short', 'abc123XYZ', 'ana@volt.example', /at least 10/],
    ['exactly 10 is enough', 'abcdefghij', 'ana@volt.example', null],
    ['the e-mail itself', 'ana@volt.example', 'ana@volt.example', /e-mail/],
    ['the e-mail, other case', 'ANA@VOLT.EXAMPLE', 'ana@volt.example', /e-mail/],
    ['contains the name part', 'ana.silva-2026!', 'ana.silva@volt.example', /e-mail/],
    ['a short name part is allowed inside', 'banana-split-77', 'ana@volt.example', null],
    ['one character repeated', 'aaaaaaaaaaaa', 'ana@volt.example', /4 different/],
  ])('%s', (_, password, email, expected) => {
    const problem = passwordProblem(password, email);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
