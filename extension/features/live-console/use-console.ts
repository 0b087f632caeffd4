import { createSignal, onCleanup } from '#imports';
import type { Accessor } from 'solid-js';
import type { ConsoleState } from './console.core';
import type { ConsoleEngagement } from './engagement';

/** The session's state as a Solid signal that follows every change. */
export function useConsoleState(session: ConsoleEngagement): Accessor<ConsoleState> {
  const [state, setState] = createSignal(session.state(), { equals: false });
  onCleanup(session.subscribe(() => setState(() => session.state())));
  return state;
}
