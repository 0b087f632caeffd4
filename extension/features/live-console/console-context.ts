import { storage } from '#imports';
import type { EngagementView, OfferView } from '../../../shared/realtime';
import { type ConsoleContexts, rememberContext } from './sales.core';

/**
 * What the side panel knew of each engagement's shopper when the associate won it (the offer's
 * session summary, score and reasons; the engagement's site), for its console: kept in
 * `storage.session` (the agent's own, gone when the browser closes), so a reload of the
 * console keeps it after the offer has left the board.
 */
export const consoleContextsItem = storage.defineItem<ConsoleContexts>('session:liveConsoleContexts', { fallback: {} });

/** The backend said the practices of an engagement changed (realtime `practices`): its console reads them again. */
export const practicesChangedItem = storage.defineItem<{ engagementId: string; at: number } | null>('session:livePracticesChanged', { fallback: null });

/** Keeps what is known of engagement `engagementId` for its console. */
export async function rememberForConsole(engagementId: string, known: { offer?: OfferView | null; engagement?: EngagementView | null }, now: number): Promise<void> {
  await consoleContextsItem.setValue(rememberContext(await consoleContextsItem.getValue(), engagementId, known, now));
}
