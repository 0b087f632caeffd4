import { afterEach, describe, expect, it } from 'vitest';
import { htmlPage } from '../../../lib/testing/html-page';
import { searchBoxTerms } from './search-box';

describe('what is a search box', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it.each([
    ['type=search', '<input type="search" name="x" value="tent">', 'tent'],
    ['role=searchbox', '<input role="searchbox" name="x" value="tent">', 'tent'],
    ['a text field in a role=search form', '<form role="search"><input name="x" value="tent"></form>', 'tent'],
    ['a field named s in a form whose action says search', '<form action="/search"><input name="s" value="ana@example.com"></form>', null],
    ['a field named q', '<form><input type="text" name="q" value="my secret answer"></form>', null],
    ['a field named k', '<input name="k" value="1234 5678">', null],
    ['a field named keyword', '<input name="keyword" value="Ana Lopez">', null],
  ])('%s: %s', (_name, body, expected) => {
    expect(searchBoxTerms(htmlPage(body))).toBe(expected);
  });

  it('the detected search box: a text field named as a parameter of the page’s own address', () => {
    history.replaceState(null, '', '/s?k=%E5%85%89+%E3%83');
    expect(searchBoxTerms(htmlPage('<input name="k" value="光ファイバー">'))).toBe('光ファイバー');
    expect(searchBoxTerms(htmlPage('<input name="email" value="ana@example.com">'))).toBeNull();
  });
});

describe('searchBoxTerms', () => {
  it('reads the terms a results page keeps in its search box', () => {
    expect(searchBoxTerms(htmlPage('<form role="search"><input type="text" name="field-keywords" value="katzenfutter"></form>'))).toBe('katzenfutter');
    expect(searchBoxTerms(htmlPage('<div role="search"><input name="field-keywords" value="katzenfutter"></div>'))).toBe('katzenfutter');
    expect(searchBoxTerms(htmlPage('<form><input type="email" name="search" value="a@b.c"></form>'))).toBeNull();
    expect(searchBoxTerms(htmlPage(`<input type="text" name="keyword" value="Type and press enter" onfocus="if(this.value=='Type and press enter') this.value='';">`))).toBeNull();
    expect(searchBoxTerms(htmlPage('<input type="search" name="q" value="Search" placeholder="Search">'))).toBeNull();
  });
});
