/**
 * Work cut into steps, so that a page's detection can run a slice at a time while the page is
 * idle: the generator yields between steps and returns its result.
 * e.g. runToEnd(detectInSteps(document, location.href, null)) is detect(document, location.href, null)
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** How long (ms) a loop over a page's elements runs before it lets the page go on. */
const LOOP_BUDGET_MS = 3;
/** Turns of a loop between two looks at the clock. */
const TURNS_PER_LOOK = 8;

/**
 * A clock for a loop inside steps: `if (pace()) yield;` at the top of each turn yields once the
 * loop has run LOOP_BUDGET_MS since it began or came back from its last yield. Where a loop yields
 * depends on the machine; what it finds never does.
 */
export function pacer(budgetMs = LOOP_BUDGET_MS): () => boolean {
  let since = performance.now();
  let turns = 0;
  let resumed = false;
  return () => {
    // Back from a yield: the wait in between is not the loop's time.
    if (resumed) {
      since = performance.now();
      resumed = false;
    }
    if (++turns % TURNS_PER_LOOK !== 0 || performance.now() - since < budgetMs) return false;
    resumed = true;
    return true;
  };
}

/**
 * The elements under `root` matching any of the selector groups, in document order, querying one
 * group per step: on a large page one query over a long selector list alone holds the page up.
 * e.g. yield* queryInSteps(doc, ['button, [role=button]', 'div[class*="buy" i]'])
 */
export function* queryInSteps(root: ParentNode, groups: readonly string[]): Steps<Element[]> {
  let found: Element[] = [];
  for (const group of groups) {
    found = mergeInDocumentOrder(found, Array.from(root.querySelectorAll(group)));
    yield;
  }
  return found;
}

/** Two lists in document order as one, each element once. */
function mergeInDocumentOrder(a: Element[], b: Element[]): Element[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: Element[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      merged.push(x);
      i++;
      j++;
    } else if (x.compareDocumentPosition(y) & 4 /* Node.DOCUMENT_POSITION_FOLLOWING */) {
      merged.push(x);
      i++;
    } else {
      merged.push(y);
      j++;
    }
  }
  return merged.concat(a.slice(i), b.slice(j));
}
