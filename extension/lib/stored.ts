import { createSignal, onCleanup, type WxtStorageItem } from '#imports';
import type { Accessor } from 'solid-js';

/**
 * A storage item as a Solid signal that follows every change (undefined until read).
 * For extension pages; they read state directly and change it through messages.
 */
export function useStored<T>(item: WxtStorageItem<T, Record<string, unknown>>): Accessor<T | undefined> {
  const [value, setValue] = createSignal<T | undefined>(undefined, { equals: false });
  let changed = false;
  const unwatch = item.watch((next) => {
    changed = true;
    setValue(() => next ?? item.fallback);
  });
  onCleanup(unwatch);
  void item.getValue().then((v) => {
    if (!changed) setValue(() => v);
  });
  return value;
}
