import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../../lib/testing/html-page';
import { searchBoxTerms } from './search-box';

describe('searchBoxTerms', () => {
  it('reads the terms a results page keeps in its search box', () => {
    expect(searchBoxTerms(htmlPage('<form><input type="text" name="field-keywords" value="katzenfutter"></form>'))).toBe('katzenfutter');
    expect(searchBoxTerms(htmlPage('<form><input type="email" name="search" value="a@b.c"></form>'))).toBeNull();
    expect(searchBoxTerms(htmlPage(`<input type="text" name="keyword" value="Type and press enter" onfocus="if(this.value=='Type and press enter') this.value='';">`))).toBeNull();
    expect(searchBoxTerms(htmlPage('<input type="search" name="q" value="Search" placeholder="Search">'))).toBeNull();
  });
});
