import { createSignal, onCleanup } from '#imports';
import type { Accessor } from 'solid-js';

/** The time (epoch ms) as a signal that moves every `everyMs`: countdowns follow it. */
export function useNow(everyMs = 1000): Accessor<number> {
  const [now, setNow] = createSignal(Date.now());
  const id = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(id));
  return now;
}
