import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { pacer, queryInSteps, runToEnd, type Steps } from './steps';

describe('queryInSteps', () => {
  const doc = new JSDOM('<p class="a" id="1"></p><div><b class="b" id="2"></b><i class="a b" id="3"></i></div><p id="4" class="b"></p>').window.document;

  it('finds what the whole selector list finds, in document order, each element once', () => {
    const ids = (els: Element[]) => els.map((el) => el.id);
    expect(ids(runToEnd(queryInSteps(doc, ['.b', '.a'])))).toEqual(ids(Array.from(doc.querySelectorAll('.b, .a'))));
    expect(ids(runToEnd(queryInSteps(doc, ['.a', '[id="4"]', '.b'])))).toEqual(['1', '2', '3', '4']);
  });

  it('takes one step per part', () => {
    const steps = queryInSteps(doc, ['.a', '.b', 'p']);
    let yields = 0;
    while (!steps.next().done) yields++;
    expect(yields).toBe(3);
  });
});

describe('pacer', () => {
  function* busyLoop(turns: number, budgetMs: number): Steps<number> {
    const pace = pacer(budgetMs);
    let done = 0;
    for (let i = 0; i < turns; i++) {
      if (pace()) yield;
      const until = performance.now() + 0.2;
      while (performance.now() < until);
      done++;
    }
    return done;
  }

  it('lets a long loop go in slices, and the loop still does all its turns', () => {
    const steps = busyLoop(100, 2);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    expect(next.value).toBe(100);
    expect(yields).toBeGreaterThanOrEqual(3); // 20 ms of turns in 2 ms slices
  });

  it('never yields in a loop shorter than its budget', () => {
    const steps = busyLoop(10, 1000);
    expect(steps.next().done).toBe(true);
  });

  it('does not count the wait between slices as the loop\'s time', async () => {
    const steps = busyLoop(60, 3);
    let yields = 0;
    while (!steps.next().done) {
      yields++;
      await new Promise((r) => setTimeout(r, 20)); // the page's own work, longer than the budget
    }
    // 12 ms of turns in 3 ms slices: about 3 yields; a pacer counting the waits would yield every 8 turns (7 times).
    expect(yields).toBeLessThanOrEqual(5);
  });
});
