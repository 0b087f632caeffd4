import { createSignal, onCleanup } from '#imports';
import type { Accessor } from 'solid-js';
import type { ConsoleState } from './console.core';
import type { ConsoleEngagement } from './engagement';

/** The engagement's state as a Solid signal that follows every change. */
export function useConsoleState(engagement: ConsoleEngagement): Accessor<ConsoleState> {
  const [state, setState] = createSignal(engagement.state(), { equals: false });
  onCleanup(engagement.subscribe(() => setState(() => engagement.state())));
  return state;
}
