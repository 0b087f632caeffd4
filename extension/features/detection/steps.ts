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
