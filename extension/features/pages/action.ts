import { createSignal } from '#imports';
import { errorMessage } from '../../lib/log';

/**
 * A button's action on a Floorwalker page: busy while it runs, and its failure kept as a
 * message for the page to show (never swallowed): `failure` says what failed, then the
 * error why; null when the error's own message already says both. `perform` starts
 * synchronously inside the click, so browser calls that need the click (a permission
 * request) still get it.
 */
export function createAction<A extends unknown[]>(failure: string | null, perform: (...args: A) => Promise<void>) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  async function run(...args: A): Promise<void> {
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      await perform(...args);
    } catch (e) {
      setError(failure === null ? errorMessage(e) : `${failure}: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return { run, busy, error };
}
export type Action<A extends unknown[] = []> = ReturnType<typeof createAction<A>>;
