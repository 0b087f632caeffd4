import { mayChange } from '../nav.core';
import type { ConsoleState } from '../state';
import type { BankPlace } from './banks.core';

/** Whether the viewer may change these banks: the operator the marketplace's, an enterprise's sales lead and up its own (analysts read). */
export function mayChangeBanks(state: ConsoleState, place: BankPlace): boolean {
  const viewer = state.viewer();
  return place.api === '/marketplace/question-banks' ? viewer.operator : mayChange(viewer, 'POST', place.api);
}
