import { describe, expect, it, vi } from 'vitest';
import { useObservedPage } from '../testing/observed-page';

describe('a search form being submitted', () => {
  const page = useObservedPage();
  const searchForm = (method: string, handled: boolean, typed = '  trail   tent ') => {
    document.body.insertAdjacentHTML('beforeend', `<form id="search" action="/search" method="${method}"><input type="search" name="q"><button>Search</button></form>`);
    const form = document.querySelector<HTMLFormElement>('#search')!;
    form.querySelector('input')!.value = typed;
    // A dispatched submit event does not navigate; the page's own script may take the search over.
    form.addEventListener('submit', (e) => handled && e.preventDefault());
    return form;
  };
  const submit = (form: HTMLFormElement) => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

  it('reports the search the page handles itself, with the typed terms', async () => {
    page.start();
    submit(searchForm('get', true));
    await vi.advanceTimersByTimeAsync(1);
    const [view] = page.ofType('page_view');
    expect(page.ofType('search')).toEqual([expect.objectContaining({ terms: 'trail tent', pageId: view!.id })]);
  });

  it('reports a posted search at once (its results page has no terms in its address)', () => {
    page.start();
    submit(searchForm('post', false));
    expect(page.ofType('search')).toEqual([expect.objectContaining({ terms: 'trail tent' })]);
  });

  it('leaves a plain search to the results page, whose address tells the terms', async () => {
    page.start();
    submit(searchForm('get', false));
    await vi.advanceTimersByTimeAsync(10);
    expect(page.ofType('search')).toEqual([]);
  });

  it('reports typed terms without control characters, cut on a code point boundary', () => {
    page.start();
    submit(searchForm('post', false, `tent\u0000 ${'x'.repeat(494)}😀`)); // the emoji would be code units 500 and 501
    expect(page.ofType('search').map((e) => e.terms)).toEqual([`tent ${'x'.repeat(494)}`]);
  });

  it('reports nothing for terms that are only control characters', () => {
    page.start();
    submit(searchForm('post', false, '\u0000\u0007'));
    expect(page.ofType('search')).toEqual([]);
  });
});
