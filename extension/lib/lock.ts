/**
 * Runs tasks one after another, each starting when the one before has settled: the
 * read-modify-write steps on one storage key must not interleave.
 */
export function createLock(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}
